"""Downloads of the indicator table (issue 6): CSV/XLSX per indicator and a zip of all.

Round trip: a CSV/XLSX export is an `indicator_long` upload file (core/templates.py), with exactly
that template's columns in its order, so it imports through the generic upload path unchanged
(export -> prepare_upload -> the same rows; tests/etl/exports/test_roundtrip.py). Besides the
§5 contract columns it fills the template's own: template_version (TEMPLATE_VERSION),
submitted_by ("export" unless the caller names someone), submitted_on (the export date) and
ref_area_m49 (UN M49 of a country or WLD; blank for region codes such as SSF).

The template has no `retrieved_at`; so that provenance is not lost, it is appended to
comment_obs as ` [retrieved <retrieved_at>]` (the full timestamp), and `contract_rows` moves it
back into retrieved_at when reading an export (or a re-uploaded export) as contract rows.
`_T` stays `_T` here (only the Open SDG export blanks it). File names say the indicator and,
when filtered, the country: `data_10-c-1.csv`, `data_10-c-1_KEN.xlsx`.

Spreadsheet safety (OWASP "CSV Injection"): text cells that a spreadsheet would run as a
formula get one leading quote (etl/exports/safe_write.py, the one writer of every download); the
upload reader drops exactly that quote and keeps the cell guarded if it would run as a
formula. Numeric columns are never touched: -5.0 stays a number, written with the shortest
text that reads back to the same float.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterable
from datetime import UTC, date, datetime

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet as Worksheet

from core.areas import m49_codes
from core.contract import COLUMNS, conform
from core.errors import EtlError
from core.i18n import _, ngettext, translator
from core.templates import INDICATOR_LONG, TEMPLATE_VERSION
from etl.exports.guard import about_country
from etl.exports.safe_write import csv_bytes, guard, guard_text, save_workbook, unguard
from indicators.origin import DEMO
from indicators.origin import label as origin_label

XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header row
EXPORTED_BY = "export"  # submitted_by of an export, unless the caller names someone
EXPORT_COLUMNS: tuple[str, ...] = INDICATOR_LONG.column_names
# Files carry the row's origin after the template's columns. The upload reader ignores it: the
# platform, not a file, says where a row comes from (an approved upload is national).
FILE_COLUMNS: tuple[str, ...] = (*EXPORT_COLUMNS, "data_origin")
# comment_obs suffix carrying retrieved_at (the template has no retrieved_at column).
RETRIEVED = " [retrieved {}]"
_RETRIEVED_RE = r"(?s)^(.*?) ?\[retrieved ([^\]\s]+)\]$"
ORIGIN_NOTE = (
    "data_origin: custodian = as the custodian agency published it; national = approved "
    "national upload; derived = computed on this platform from official inputs; demo = "
    "synthetic DEMO DATA, not official"
)


def slug(indicator_code: str) -> str:
    """Open SDG style id: dots become dashes (10.c.1 -> 10-c-1, SM.POP.TOTL -> SM-POP-TOTL)."""
    return indicator_code.replace(".", "-")


def file_stem(indicator_code: str, country: str | None = None) -> str:
    """`data_<slug>` or `data_<slug>_<ISO3>`: the indicator and the country filter, if any."""
    stem = f"data_{slug(indicator_code)}"
    return f"{stem}_{country}" if country else stem


def filter_table(
    table: pl.DataFrame, indicator: str | None = None, country: str | None = None
) -> pl.DataFrame:
    """Rows of one indicator and/or about one country; errors when none.

    A country filter keeps every row about the country: those whose `ref_area` is the country
    and those whose `counterpart_area` is (the receiving side of a 10.c.1 corridor, World ->
    KEN, GBR -> KEN; bilateral stocks and flows), each labelled with its `data_origin`.
    """
    out = table
    if indicator is not None:
        out = out.filter(pl.col("indicator_code") == indicator)
        if out.is_empty():
            known = ", ".join(sorted(table["indicator_code"].unique().drop_nulls().to_list()))
            raise EtlError(
                _(
                    "indicator {indicator}: no rows in the indicator table. Use one of: {known}"
                ).format(indicator=repr(indicator), known=known or _("(the table is empty)"))
            )
    if country is not None:
        before = out
        out = out.filter(about_country(country))
        if out.is_empty():
            what = (
                _("indicator {indicator}").format(indicator=repr(indicator))
                if indicator
                else _("the indicator table")
            )
            raise EtlError(
                ngettext(
                    "country {country}: {what} has no rows with {columns} = {country} ({n} row "
                    "for other areas). Check the ISO3 code (e.g. {example}).",
                    "country {country}: {what} has no rows with {columns} = {country} ({n} rows "
                    "for other areas). Check the ISO3 code (e.g. {example}).",
                    before.height,
                ).format(
                    country=repr(country),
                    what=what,
                    columns="ref_area or counterpart_area",
                    n=translator().number(before.height),
                    example="KEN",
                )
            )
    return out


def indicators_in(table: pl.DataFrame) -> list[str]:
    """Indicator codes present in the table, sorted."""
    return sorted(table["indicator_code"].unique().drop_nulls().to_list())


def _sorted_contract(df: pl.DataFrame) -> pl.DataFrame:
    keys = ["indicator_code", "series_code", "ref_area", "counterpart_area", "time_period"]
    return conform(df).sort(keys, nulls_last=True, maintain_order=True)


def upload_frame(
    df: pl.DataFrame, *, submitted_by: str = EXPORTED_BY, submitted_on: str | None = None
) -> pl.DataFrame:
    """Contract rows as `indicator_long` upload rows: the template's columns, in its order,
    then `data_origin`."""
    rows = _sorted_contract(df)
    comment = pl.col("comment_obs")
    retrieved = pl.format(RETRIEVED, pl.col("retrieved_at"))
    out = rows.with_columns(
        pl.lit(TEMPLATE_VERSION).alias("template_version"),
        pl.when(pl.col("retrieved_at").is_null())
        .then(comment)
        .when(comment.is_null())
        .then(retrieved.str.strip_chars_start())
        .otherwise(comment + retrieved)
        .alias("comment_obs"),
        pl.col("ref_area")
        .replace_strict(m49_codes(), default=None, return_dtype=pl.Int64())
        .alias("ref_area_m49"),
        pl.lit(None, pl.String()).alias("respondent_institution"),
        pl.lit(submitted_by).alias("submitted_by"),
        pl.lit(submitted_on or date.today().isoformat()).alias("submitted_on"),
    )
    return out.select(FILE_COLUMNS)


def contract_rows(df: pl.DataFrame) -> pl.DataFrame:
    """Upload rows of an export (file or parsed upload) back to contract rows.

    The ` [retrieved ...]` suffix of comment_obs goes back into retrieved_at; the template's
    audit columns (template_version, submitted_*, ref_area_m49, ...) are dropped.
    """
    if "comment_obs" not in df.columns:
        return conform(df)
    parts = pl.col("comment_obs").str.extract_groups(_RETRIEVED_RE)
    has = pl.col("comment_obs").str.contains(_RETRIEVED_RE)
    out = df.with_columns(
        pl.when(has)
        .then(parts.struct.field("2"))
        .otherwise(pl.col("retrieved_at") if "retrieved_at" in df.columns else None)
        .alias("retrieved_at"),
        pl.when(has)
        .then(parts.struct.field("1").replace("", None))
        .otherwise(pl.col("comment_obs"))
        .alias("comment_obs"),
    )
    return conform(out)


def to_csv_bytes(
    df: pl.DataFrame, *, submitted_by: str = EXPORTED_BY, submitted_on: str | None = None
) -> bytes:
    """UTF-8 `indicator_long` upload CSV of contract rows, text cells guarded."""
    frame = upload_frame(df, submitted_by=submitted_by, submitted_on=submitted_on)
    return csv_bytes(frame)


def _about_rows(df: pl.DataFrame, indicator: str | None, country: str | None) -> list[list[str]]:
    sources = sorted(df["source"].unique().drop_nulls().to_list()) if df.height else []
    rows = [
        ["indicator", indicator or "all"],
        ["country (ref_area or counterpart_area)", country or "all"],
        ["rows", str(df.height)],
        ["generated_at", datetime.now(UTC).isoformat(timespec="seconds")],
        ["format", f"upload template {INDICATOR_LONG.name} {TEMPLATE_VERSION} (indicators.md §5)"],
        ["note", "`_T` = total (not broken down); upload the data sheet as it is to re-import"],
        ["note", "comment_obs ends with [retrieved <timestamp>]: when the source was retrieved"],
        ["note", "text cells beginning with = + - @ are prefixed with ' (formula guard)"],
        ["note", ORIGIN_NOTE],
    ]
    rows += [["data_origin", o] for o in _origins(df)]
    rows += [["source", s] for s in sources]
    return [[guard_text(c) or "" for c in r] for r in rows]


def _origins(df: pl.DataFrame) -> list[str]:
    """'custodian: 120 rows (official (custodian agency))' per origin present, demo first."""
    if not df.height or "data_origin" not in df.columns:
        return []
    counts = dict(df.group_by("data_origin").len().iter_rows())
    order = sorted(counts, key=lambda o: (o != DEMO, str(o)))
    return [f"{o or 'not stated'}: {counts[o]:,} rows ({origin_label(o, 'en')})" for o in order]


def _exact(ws: Worksheet, value: float | None) -> object:
    """A number cell holding repr(value), the shortest text that reads back to the same double."""
    # openpyxl writes numbers with "%.16g", which loses the last digit of some doubles
    # (60.909090909090914 would come back as 60.90909090909091).
    if value is None or not math.isfinite(value):
        return None
    cell = WriteOnlyCell(ws)
    cell._value = repr(value)  # the XML text of the <v> element, written as is
    cell.data_type = "n"
    return cell


def to_xlsx_bytes(
    df: pl.DataFrame,
    *,
    indicator: str | None = None,
    country: str | None = None,
    submitted_by: str = EXPORTED_BY,
    submitted_on: str | None = None,
) -> bytes:
    """An XLSX workbook: sheet `data` (upload rows, numbers as numbers) and sheet `about`."""
    frame = upload_frame(df, submitted_by=submitted_by, submitted_on=submitted_on)
    data = guard(frame)
    if data.height > XLSX_MAX_ROWS:
        raise EtlError(
            _(
                "{n} rows do not fit in one Excel sheet ({limit} max). Filter by {indicator} and "
                "{country}, or export CSV instead."
            ).format(
                n=translator().number(data.height),
                limit=translator().number(XLSX_MAX_ROWS),
                indicator="--indicator",
                country="--country",
            )
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(INDICATOR_LONG.sheet)  # the sheet the upload reader picks
    ws.append(list(FILE_COLUMNS))
    floats = {i for i, t in enumerate(data.dtypes) if t == pl.Float64()}
    for row in data.iter_rows():
        ws.append([_exact(ws, v) if i in floats else v for i, v in enumerate(row)])
    about = wb.create_sheet("about")
    for r in _about_rows(data, indicator, country):
        about.append(r)
    return save_workbook(wb)


def export_files(
    table: pl.DataFrame,
    fmt: str,
    *,
    indicator: str | None = None,
    country: str | None = None,
    submitted_by: str = EXPORTED_BY,
    submitted_on: str | None = None,
) -> dict[str, bytes]:
    """File name -> bytes, one CSV or XLSX upload file per indicator after the filters."""
    if fmt not in ("csv", "xlsx"):
        raise EtlError(
            _("format {format}: {function} writes csv or xlsx").format(
                format=repr(fmt), function="export_files"
            )
        )
    rows = filter_table(table, indicator, country)
    files: dict[str, bytes] = {}
    for code in indicators_in(rows):
        part = rows.filter(pl.col("indicator_code") == code)
        name = f"{file_stem(code, country)}.{fmt}"
        if fmt == "csv":
            files[name] = to_csv_bytes(part, submitted_by=submitted_by, submitted_on=submitted_on)
        else:
            files[name] = to_xlsx_bytes(
                part,
                indicator=code,
                country=country,
                submitted_by=submitted_by,
                submitted_on=submitted_on,
            )
    return files


def _readme(
    names: Iterable[tuple[str, int]], country: str | None, origin_lines: list[str] | None = None
) -> bytes:
    origin_lines = origin_lines or []
    lines = [
        f"Indicator table export: upload template {INDICATOR_LONG.name} {TEMPLATE_VERSION} "
        "(long data contract, indicators.md §5), so each CSV uploads again unchanged.",
        f"Generated {datetime.now(UTC).isoformat(timespec='seconds')}.",
        f"Country filter (ref_area or counterpart_area): {country or 'none'}.",
        "One CSV per indicator; `_T` means total (not broken down); value is numeric.",
        "comment_obs ends with [retrieved <timestamp>]: when the source was retrieved.",
        "Text cells beginning with = + - @ are prefixed with ' so spreadsheets show text.",
        ORIGIN_NOTE,
        *origin_lines,
        "",
        "file,rows",
        *[f"{n},{r}" for n, r in names],
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A deflated zip of name -> bytes, in name order (stable for tests and checksums)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(name, files[name])
    return buf.getvalue()


def export_zip(
    table: pl.DataFrame, *, country: str | None = None, submitted_by: str = EXPORTED_BY
) -> bytes:
    """One zip of every indicator's upload CSV (optionally one country) plus README.txt."""
    rows = filter_table(table, None, country)
    files = export_files(rows, "csv", country=country, submitted_by=submitted_by)
    counts = [
        (f"{file_stem(c, country)}.csv", rows.filter(pl.col("indicator_code") == c).height)
        for c in indicators_in(rows)
    ]
    files["README.txt"] = _readme(counts, country, _origins(rows))
    return zip_bytes(files)


def read_csv_bytes(data: bytes) -> pl.DataFrame:
    """A CSV written by `to_csv_bytes` back as contract rows (header checked, guard undone)."""
    df = unguard(pl.read_csv(io.BytesIO(data), infer_schema=False))
    missing = [c for c in COLUMNS if c not in df.columns and c != "retrieved_at"]
    if missing:
        raise EtlError(
            ngettext(
                "CSV header lacks contract column {columns}; got {header}",
                "CSV header lacks contract columns {columns}; got {header}",
                len(missing),
            ).format(columns=missing, header=df.columns)
        )
    return contract_rows(df)

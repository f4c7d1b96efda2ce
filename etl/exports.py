"""Downloads of the indicator table (issue 6): contract CSV/XLSX per indicator and a zip of all.

The columns are the long contract of indicators.md §5 (indicators/contract.py), unchanged:
`_T` stays `_T` here (only the Open SDG export blanks it, etl/export_opensdg.py). File names
say the indicator and, when filtered, the country: `data_10-c-1.csv`, `data_10-c-1_KEN.xlsx`.

Spreadsheet safety (OWASP "CSV Injection"): a text cell beginning with `=`, `+`, `-`, `@`, tab
or carriage return is prefixed with a single quote, so Excel/LibreOffice show it as text
instead of running it as a formula. Numeric columns are never touched: -5.0 stays a number.
A text that already starts with a quote followed by such a character gets one more quote, so
`unneutralise` restores every original exactly (the readers in etl/export_read.py use it).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

import polars as pl
from openpyxl import Workbook

from etl.errors import EtlError
from indicators.contract import COLUMNS, conform

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# Same rule as _needs_quote: after any leading quotes, a formula trigger follows.
_NEEDS_QUOTE = r"^'*[=+\-@\t\r]"
_QUOTED = r"^'+[=+\-@\t\r]"
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, minus the header row


def _needs_quote(text: str) -> bool:
    if text.startswith(FORMULA_TRIGGERS):
        return True
    return text.startswith(QUOTE) and _needs_quote(text[1:])


def neutralise_text(text: str | None) -> str | None:
    """`text` with a leading quote when a spreadsheet would read it as a formula."""
    if text is None or not _needs_quote(text):
        return text
    return QUOTE + text


def unneutralise_text(text: str | None) -> str | None:
    """Undo `neutralise_text` (drop one leading quote put there by it)."""
    if text is not None and text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def neutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Every String column through `neutralise_text` (vectorised); numeric columns untouched."""
    text_cols = [c for c, t in df.schema.items() if t == pl.String()]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_NEEDS_QUOTE))
        .then(pl.lit(QUOTE) + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text_cols
    )


def unneutralise(df: pl.DataFrame) -> pl.DataFrame:
    """Every String column through `unneutralise_text` (for reading our exports back)."""
    text_cols = [c for c, t in df.schema.items() if t == pl.String()]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_QUOTED))
        .then(pl.col(c).str.slice(1))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text_cols
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
    """Rows of one indicator and/or one reference area (ref_area == ISO3); errors when none.

    A country filter keeps the rows whose `ref_area` is that country; corridor rows where it is
    only the counterpart (e.g. the receiving side of a 10.c.1 corridor) are not included.
    """
    out = table
    if indicator is not None:
        out = out.filter(pl.col("indicator_code") == indicator)
        if out.is_empty():
            known = ", ".join(sorted(table["indicator_code"].unique().drop_nulls().to_list()))
            raise EtlError(
                f"indicator {indicator!r}: no rows in the indicator table. "
                f"Use one of: {known or '(the table is empty)'}"
            )
    if country is not None:
        before = out
        out = out.filter(pl.col("ref_area") == country)
        if out.is_empty():
            what = f"indicator {indicator!r}" if indicator else "the indicator table"
            raise EtlError(
                f"country {country!r}: {what} has no rows with ref_area = {country!r} "
                f"({before.height:,} rows for other areas). Check the ISO3 code (e.g. KEN)."
            )
    return out


def indicators_in(table: pl.DataFrame) -> list[str]:
    """Indicator codes present in the table, sorted."""
    return sorted(table["indicator_code"].unique().drop_nulls().to_list())


def _sorted_contract(df: pl.DataFrame) -> pl.DataFrame:
    keys = ["indicator_code", "series_code", "ref_area", "counterpart_area", "time_period"]
    return conform(df).sort(keys, nulls_last=True, maintain_order=True)


def to_csv_bytes(df: pl.DataFrame) -> bytes:
    """UTF-8 CSV of contract rows (all COLUMNS, in order), text cells neutralised."""
    return neutralise(_sorted_contract(df)).write_csv().encode("utf-8")


def _about_rows(df: pl.DataFrame, indicator: str | None, country: str | None) -> list[list[str]]:
    sources = sorted(df["source"].unique().drop_nulls().to_list()) if df.height else []
    rows = [
        ["indicator", indicator or "all"],
        ["country (ref_area)", country or "all"],
        ["rows", str(df.height)],
        ["generated_at", datetime.now(UTC).isoformat(timespec="seconds")],
        ["format", "long data contract, indicators.md §5; `_T` = total (not broken down)"],
        ["note", "text cells beginning with = + - @ are prefixed with ' (formula guard)"],
    ]
    rows += [["source", s] for s in sources]
    return [[neutralise_text(c) or "" for c in r] for r in rows]


def to_xlsx_bytes(
    df: pl.DataFrame, *, indicator: str | None = None, country: str | None = None
) -> bytes:
    """An XLSX workbook: sheet `data` (contract rows, numbers as numbers) and sheet `about`."""
    data = neutralise(_sorted_contract(df))
    if data.height > XLSX_MAX_ROWS:
        raise EtlError(
            f"{data.height:,} rows do not fit in one Excel sheet ({XLSX_MAX_ROWS:,} max). "
            "Filter by --indicator and --country, or export CSV instead."
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(list(COLUMNS))
    for row in data.iter_rows():
        ws.append(list(row))
    about = wb.create_sheet("about")
    for r in _about_rows(data, indicator, country):
        about.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_files(
    table: pl.DataFrame,
    fmt: str,
    *,
    indicator: str | None = None,
    country: str | None = None,
) -> dict[str, bytes]:
    """File name -> bytes, one CSV or XLSX file per indicator after the filters."""
    if fmt not in ("csv", "xlsx"):
        raise EtlError(f"format {fmt!r}: export_files writes csv or xlsx")
    rows = filter_table(table, indicator, country)
    files: dict[str, bytes] = {}
    for code in indicators_in(rows):
        part = rows.filter(pl.col("indicator_code") == code)
        name = f"{file_stem(code, country)}.{fmt}"
        if fmt == "csv":
            files[name] = to_csv_bytes(part)
        else:
            files[name] = to_xlsx_bytes(part, indicator=code, country=country)
    return files


def _readme(names: Iterable[tuple[str, int]], country: str | None) -> bytes:
    lines = [
        "Indicator table export (long data contract, indicators.md §5).",
        f"Generated {datetime.now(UTC).isoformat(timespec='seconds')}.",
        f"Country filter (ref_area): {country or 'none'}.",
        "One CSV per indicator; `_T` means total (not broken down); value is numeric.",
        "Text cells beginning with = + - @ are prefixed with ' so spreadsheets show text.",
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


def export_zip(table: pl.DataFrame, *, country: str | None = None) -> bytes:
    """One zip of every indicator's contract CSV (optionally one country) plus README.txt."""
    rows = filter_table(table, None, country)
    files = export_files(rows, "csv", country=country)
    counts = [
        (f"{file_stem(c, country)}.csv", rows.filter(pl.col("indicator_code") == c).height)
        for c in indicators_in(rows)
    ]
    files["README.txt"] = _readme(counts, country)
    return zip_bytes(files)


def read_csv_bytes(data: bytes) -> pl.DataFrame:
    """A contract CSV written by `to_csv_bytes` back as contract rows (header checked)."""
    df = unneutralise(pl.read_csv(io.BytesIO(data), infer_schema=False))
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise EtlError(f"CSV header lacks contract column(s) {missing}; got {df.columns}")
    return conform(df)

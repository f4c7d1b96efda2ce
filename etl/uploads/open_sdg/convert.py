"""Convert a national indicator table (an Open SDG CSV: `Year`, [`Series`], [`Units`],
breakdowns, `Value`; or a wide table, headers in English, French or Spanish) into indicator_long
rows, so that it goes through the same checks as any upload.

Steps: headers read through the mapping table (etl/uploads/open_sdg/wide.py), wide shapes
turned long, every breakdown column mapped to a §5 column or series and every label to a code
(etl/uploads/open_sdg/breakdowns.py, table etl/uploads/open_sdg/labels.csv, the officer's mapping
file first), units from the mapping file, the Units column, the series label or the values
(etl/uploads/open_sdg/units.py). Blank = total (open-sdg `docs/data-format.md`). A row that cannot
be mapped is left out with a note naming its rows, the column, the label, why, and what would keep
it. When nothing is left, or the file is not convertible (placeholder data, no values, a
national indicator the platform does not know), UploadError says why.

Every label our own Open SDG export writes (etl/exports/opensdg.py) is read back to the code it
came from, so an exported file imports to the same annual rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from core.i18n import translator
from core.templates import INDICATOR_LONG, TEMPLATE_VERSION
from etl.exports import opensdg as ours
from etl.uploads.checker import indicator_codes
from etl.uploads.open_sdg import breakdowns, units
from etl.uploads.open_sdg import wide as wide_files
from etl.uploads.open_sdg.mapping import FileMapping, file_pattern
from etl.uploads.prepare import max_upload_bytes
from etl.uploads.read import ROW, RawTable, UploadError, read_upload

DEFAULT_UNITS: dict[str, str] = {  # the main unit when a series carries several (§5 rule 3)
    ind: cands[0][1] for ind, cands in units.CANDIDATES.items()
}
# Attribute columns (UK ONS and our export): label -> code; codes themselves pass too.
OBS_STATUS_LABELS: dict[str, str] = {
    label.lower(): c for c, label in ours.OBS_STATUS_LABELS.items()
}
UNIT_MULT_LABELS: dict[str, str] = {
    label.lower(): str(code) for code, label in ours.UNIT_MULT_LABELS.items()
}
ATTRIBUTES: dict[str, tuple[str, dict[str, str], str]] = {  # title -> (column, labels, default)
    "observation status": ("obs_status", OBS_STATUS_LABELS, "A"),
    "unit multiplier": ("unit_mult", UNIT_MULT_LABELS, "0"),
}


@dataclass(frozen=True)
class OpenSdgConversion:
    """indicator_long rows as strings (ROW = the Open SDG file's row) and what was left out."""

    table: RawTable
    indicator_code: str
    notes: list[str] = field(default_factory=list)
    left_out: dict[int, str] = field(default_factory=dict)  # file row -> why it was left out
    columns: list[breakdowns.ColumnProposal] = field(default_factory=list)  # the preview
    mapping: FileMapping | None = None  # the mapping applied, as a file the officer can confirm


def indicator_id(file_name: str) -> str:
    """'indicator_10-7-2.csv' or '10-c-1.csv' -> '10.7.2' / '10.c.1'."""
    stem = re.sub(r"\.(csv|txt)$", "", file_name.rsplit("/", 1)[-1], flags=re.I)
    return stem.removeprefix("indicator_").replace("-", ".")


def _period(year: pl.Expr) -> pl.Expr:
    """Open SDG Year -> §5 period: '2013 Q1' -> '2013-Q1', '1980 to 1990' -> '1980-1990'."""
    return (
        year.str.replace(r"^(\d{4})\s*-?\s*Q([1-4])$", "$1-Q$2")
        .str.replace(r"^(\d{4})\s*(?:to|-|–)\s*(\d{4})$", "$1-$2")
        .str.replace(r"^(\d{4})\.0$", "$1")
    )


def _map(df: pl.DataFrame, col: str, fn: Callable[[str], str | None]) -> pl.Expr:
    """Map the distinct labels of a column through fn (few labels, so Python is cheap)."""
    labels = [v for v in df[col].unique().to_list() if v is not None]
    mapping = {v: fn(v) for v in labels}
    return pl.col(col).replace_strict(mapping, default=None, return_dtype=pl.String())


def _fail(file_name: str, rule: str, problem: str, hint: str) -> UploadError:
    return UploadError(file_name, rule, problem, hint)


def _attribute(df: pl.DataFrame, title: str) -> pl.Expr:
    """obs_status / unit_mult from an attribute column (label or code), else the default."""
    column, labels, default = ATTRIBUTES[title]
    found = next((c for c in df.columns if c.strip().lower() == title), None)
    if found is None:
        return pl.lit(default).alias(column)
    # an unknown label stays as written: the checks then name the cell
    expr = _map(df, found, lambda v: labels.get(v.strip().lower(), v.strip()))
    return expr.fill_null(default).alias(column)


def convert_open_sdg(
    data: bytes,
    file_name: str,
    *,
    ref_area: str,
    indicator: str | None = None,
    unit: str | None = None,
    mapping: FileMapping | None = None,
    submitted_by: str = "Open SDG import",
    submitted_on: str | None = None,
    lang: str = "en",
) -> OpenSdgConversion:
    """A national indicator table of one country -> indicator_long rows (strings) and notes
    (`lang`: the language of the notes and refusals; the mapping table's own notes stay as
    labels.csv writes them)."""
    _ = translator(lang)
    raw = read_upload(data, file_name, max_bytes=max_upload_bytes(), lang=lang)
    ind = indicator or (mapping.indicator if mapping and mapping.indicator else None)
    ind = ind or indicator_id(file_name)
    notes: list[str] = []
    left: dict[int, str] = {}
    df = wide_files.canonical_headers(raw.df, ind, mapping, notes, lang)
    df = wide_files.to_long(df, file_name, ind, notes, lang)
    if ind not in indicator_codes():
        raise _fail(
            file_name,
            "unknown_indicator",
            _(
                "{indicator} (from the file name) is a national indicator, not one the platform "
                "knows"
            ).format(indicator=ind),
            _(
                "Only SDG/project indicators are imported (e.g. 10.7.2, 10.c.1, 10.7.4). If the "
                "file holds the figures of one of them, name it (CLI --indicator, or "
                "'indicator' in the mapping file)"
            ),
        )
    if "Group" in df.columns and set(df["Group"].drop_nulls().to_list()) <= {"A", "B"}:
        raise _fail(
            file_name,
            "placeholder",
            _(
                "column 'Group' holds the Open SDG starter's placeholder data (Group A/B), not "
                "statistics"
            ),
            _("Nothing to import until the national platform publishes real data"),
        )
    blank = df.filter(pl.col("Value").is_null())
    df = df.filter(pl.col("Value").is_not_null())
    if df.height == 0:
        raise _fail(
            file_name,
            "no_values",
            _("all {count} rows have a blank Value").format(count=blank.height),
            _("Nothing to import: the platform publishes no figures for it yet"),
        )
    if blank.height:
        notes.append(
            _("{count} row(s) with a blank Value left out ({rows}): no figure to store").format(
                count=blank.height, rows=breakdowns.rows_text(blank[ROW].to_list(), lang)
            )
        )
        left.update(dict.fromkeys(blank[ROW].to_list(), notes[-1]))
    cols = breakdowns.propose(df, ind, mapping)
    df, dims = breakdowns.apply(df, cols, ref_area, notes, left, lang)
    if df.height == 0:
        raise _fail(
            file_name,
            "no_rows_mapped",
            _("no row could be mapped to the platform's long format"),
            "; ".join(notes),
        )
    series, label_unit = dims.pop("series_code", None), dims.pop("label_unit", None)
    df = units.assign(df, series, label_unit, ind, mapping, unit, file_name, notes, left, lang)
    area = dims.pop("ref_area", pl.lit(ref_area))
    period = _period(pl.col("Year"))
    freq = (
        pl.when(period.str.contains("-Q"))
        .then(pl.lit("Q"))
        .when(period.str.contains(r"^\d{4}-\d{4}$"))
        .then(pl.lit("I"))
        .otherwise(pl.lit("A"))
    )
    out = df.select(
        pl.col(ROW),
        pl.lit(TEMPLATE_VERSION).alias("template_version"),
        pl.lit(ind).alias("indicator_code"),
        pl.col("series_code"),
        area.alias("ref_area"),
        period.alias("time_period"),
        freq.alias("freq"),
        *(e.alias(c) for c, e in dims.items()),
        pl.col("Value").alias("value"),
        pl.col("unit_measure"),
        _attribute(df, "unit multiplier"),
        _attribute(df, "observation status"),
        pl.lit("N").alias("reporting_type"),
        pl.lit(f"Open SDG national platform, {file_name}").alias("source"),
        pl.lit("COMPILED").alias("collection_method"),
        pl.lit(submitted_by).alias("submitted_by"),
        pl.lit(submitted_on or date.today().isoformat()).alias("submitted_on"),
    )
    why = breakdowns.ambiguous(out, [c.header for c in cols if not c.labels], lang)
    if why:
        raise _fail(
            file_name,
            "rows_not_distinct",
            why,
            _(
                "Fill in the breakdown that distinguishes these rows (a named column, e.g. Sex "
                "or Country), or keep one row per period and breakdown"
            ),
        )
    out = _split_units(out, ind, notes, lang)
    keep = [c for c in INDICATOR_LONG.column_names if c in out.columns]
    table = RawTable(
        file_name, out.select([ROW, *keep]), raw.file_format, raw.encoding, raw.separator
    )
    unit_of = dict(out.select("series_code", "unit_measure").unique().iter_rows())
    used = breakdowns.as_mapping(
        cols, ind, mapping.file_pattern if mapping else file_pattern(file_name), unit_of
    )
    return OpenSdgConversion(table, ind, notes, left, cols, used)


def _split_units(df: pl.DataFrame, ind: str, notes: list[str], lang: str) -> pl.DataFrame:
    """§5 rule 3: a series with several units gets one series_code per extra unit."""
    per = df.group_by("series_code").agg(pl.col("unit_measure").unique().sort())
    mixed = per.filter(pl.col("unit_measure").list.len() > 1)
    if mixed.height == 0:
        return df
    units = sorted({u for us in mixed["unit_measure"] for u in us})
    main = DEFAULT_UNITS.get(ind, units[0])
    _ = translator(lang)
    notes.append(
        _(
            "several units {units}: series codes of units other than {main} get the unit as suffix"
        ).format(units=units, main=main)
    )
    split = pl.col("series_code").is_in(mixed["series_code"].to_list())
    return df.with_columns(
        series_code=pl.when(split & (pl.col("unit_measure") != main))
        .then(pl.col("series_code") + "_" + pl.col("unit_measure"))
        .otherwise(pl.col("series_code"))
    )

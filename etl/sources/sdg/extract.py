"""The Global SDG Database "Goal 10" download (Goal10.xlsx), read into the sdg_api rows.

Extract `Goal10.xlsx` (Global SDG Database "Goal 10" download, sheet `data`, trimmed by a third
party to Goal, Target, Indicator, SeriesCode, SeriesDescription, GeoAreaCode, GeoAreaName,
TimePeriod, Value, Units): its dimension and attribute columns are gone, so they are null here.
SG_CPA_MIGRS is left out: without its policy domain, 7 rows per country-year look alike.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from core.errors import ParseError, SchemaMismatch
from core.i18n import _
from etl.schemas import conform
from etl.sources.sdg.frame import DATASET, ORIGIN_EXTRACT, SCHEMA, SERIES, split_values, with_areas

EXTRACT_SKIPPED = {"SG_CPA_MIGRS": "policy domain dropped from the extract"}
EXTRACT_COLUMNS = {
    "Goal": "goal",
    "Target": "target",
    "Indicator": "indicator",
    "SeriesCode": "series_code",
    "SeriesDescription": "series_description",
    "GeoAreaCode": "geo_area_code",
    "GeoAreaName": "geo_area_name",
    "TimePeriod": "time_period",
    "Value": "value_text",
    "Units": "units",
}


def _strict_int(df: pl.DataFrame, column: str, path: Path) -> pl.Expr:
    """Cast a text column of the extract to Int, raising ParseError at the first bad cell."""
    cast = pl.col(column).str.strip_chars().cast(pl.Int32, strict=False)
    bad = df.with_row_index("_i").filter(cast.is_null() & pl.col(column).is_not_null())
    if bad.height:
        row = bad.row(0, named=True)
        raise ParseError(str(path), _("expected a whole number"), row=row["_i"] + 2,
                         column=column, value=row[column])  # fmt: skip
    return cast


def parse_extract(path: Path) -> pl.DataFrame:
    """Goal10.xlsx (sheet `data`) into SCHEMA rows for the SERIES codes it can represent."""
    try:
        raw = pl.read_excel(path, sheet_name="data", engine="calamine", infer_schema_length=0)
    except Exception as exc:  # fastexcel raises its own error types
        raise ParseError(
            str(path),
            _("not a readable workbook with a sheet {sheet} ({detail})").format(
                sheet="'data'", detail=exc
            ),
        ) from exc
    missing = [c for c in EXTRACT_COLUMNS if c not in raw.columns]
    if missing:
        raise SchemaMismatch(DATASET, str(path), missing)
    df = raw.select([pl.col(k).alias(v) for k, v in EXTRACT_COLUMNS.items()])
    df = df.with_columns(
        geo_area_code=_strict_int(df, "geo_area_code", path),
        time_period=_strict_int(df, "time_period", path),
        source_row=pl.int_range(2, df.height + 2, dtype=pl.Int32),
    )
    keep = [c for c in SERIES if c not in EXTRACT_SKIPPED]
    df = df.filter(pl.col("series_code").is_in(keep)).with_columns(
        origin=pl.lit(ORIGIN_EXTRACT), source_file=pl.lit(path.name)
    )
    return conform(with_areas(split_values(df)), SCHEMA)

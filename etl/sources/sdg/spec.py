"""The sdg_api source: API snapshots and the Goal 10 extract as one dataset; its SourceSpec."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from core.i18n import N_
from etl.schemas import conform
from etl.sources.base import SourceSpec
from etl.sources.sdg.api import DEFAULT_BASE_URL, fetch, parse_api
from etl.sources.sdg.extract import parse_extract
from etl.sources.sdg.frame import DATASET, KEY, NAME, ORIGIN_API, SCHEMA

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite

# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = '"", "NaN", "N", "NA", "..": null value (the text is kept in value_text)'
LICENCE = "UN Statistics Division terms of use (free reuse with attribution)"
CITATION = "United Nations Statistics Division, Global SDG Indicators Database."


def parse(path: Path) -> pl.DataFrame:
    """Read an API snapshot (.json) or the Global SDG Database Goal 10 extract (.xlsx)."""
    if path.suffix.lower() == ".json":
        return parse_api(path)
    return parse_extract(path)


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Pure: rows with a value, one per KEY (newest release first); API rows replace the extract.

    The extract lacks the dimension columns, so its keys can never equal an API key; an extract
    row is dropped when the API has the same series, area, year and units.
    """
    rows = conform(df, SCHEMA).filter(pl.col("value").is_not_null())
    is_api = (pl.col("origin") == ORIGIN_API).fill_null(False)
    api = rows.filter(is_api)
    coarse = ["series_code", "geo_area_code", "time_period", "units"]
    extract = rows.filter(~is_api).join(api.select(coarse).unique(), on=coarse, how="anti")
    return (
        pl.concat([api, extract])
        .sort(["last_updated", "source_file"], descending=[True, False], nulls_last=True)
        .unique(subset=KEY, keep="first", maintain_order=True)
        .sort(["series_code", "geo_area_code", "time_period", "source_row"])
    )


def suite() -> ExpectationSuite:
    """Rules for UN SDG Global Database series (API v1 or the Goal 10 extract), long."""
    # Imported here: Great Expectations loads only when the dataset is validated, not on a rerun.
    from etl.validation.suites import common

    return common.suite(
        "sdg_api",
        [
            *common.required(("series_code", "geo_area_code", "ref_area", "time_period", "value")),
            common.unique(
                tuple(KEY),
                N_(
                    "a series value for one area, year and set of dimensions (two downloads of "
                    "the same series in the folder would be mixed: keep only the latest)"
                ),
            ),
            common.iso3_when(
                "ref_area", "is_aggregate", False, N_("a country (not an M49 region)")
            ),
            common.year_in_range(
                "time_period", 1990, 2100, N_("a UN SDG Global Database download")
            ),
        ],
    )


SPEC = SourceSpec(
    name=NAME,
    title="UN SDG Global Database: 10.7 and 10.c.1 series (API v1)",
    dataset=DATASET,
    schema=SCHEMA,
    locator=("series_code", "ref_area", "time_period"),
    publisher="United Nations Statistics Division",
    licence=LICENCE,
    url=DEFAULT_BASE_URL,
    raw_patterns=("sdgapi_*.json", "Goal10.xlsx"),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=CITATION,
    suite="etl.sources.sdg.spec:suite",
    no_demo="custodian copies of series the demo already computes from its own inputs",
)

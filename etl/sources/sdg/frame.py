"""The sdg_api dataset's rows, shared by the API client and the extract reader: schema, key, areas.

Areas: `ref_area` is the ISO3 code of a country (pycountry M49 numeric; Kosovo 412 -> XKX and
Channel Islands 830 -> CHI as the World Bank codes them; Sark 680 keeps "680"); every other code
(World 1, regions, groups) keeps its M49 code as text, with `is_aggregate` True. Values: "NaN",
blank and "N" are null; other non-numbers are kept in `value_text`.
"""

from __future__ import annotations

import functools

import polars as pl
import pycountry

NAME = "sdg_api"
DATASET = "sdg_api"
SERIES: tuple[str, ...] = (
    "SI_RMT_COST",  # 10.c.1 cost of sending USD 200 to a receiving country, %
    "SG_CPA_MIGRP",  # 10.7.2 % of countries with migration policies, by policy domain
    "SG_CPA_MIGRS",  # 10.7.2 country score 1-4, by policy domain
    "SM_DTH_MIGR",  # 10.7.3 deaths and disappearances during migration, number
    "SM_POP_REFG_OR",  # 10.7.4 refugees per 100,000 population, by country of origin
)
ORIGIN_API, ORIGIN_EXTRACT = "api-v1", "goal10-extract"
MISSING = ("", "NaN", "nan", "N", "NA", "..")  # the API writes "NaN"; SG_CPA_MIGRS has "N"
M49_NON_ISO: dict[int, str] = {412: "XKX", 830: "CHI", 680: "680"}  # Kosovo, Channel Is., Sark

_S, _F = pl.String(), pl.Float64()
SCHEMA: dict[str, pl.DataType] = {
    "series_code": _S,  # e.g. SM_POP_REFG_OR
    "series_description": _S,
    "goal": _S,  # "10"
    "target": _S,  # "10.7"
    "indicator": _S,  # "10.7.4"
    "geo_area_code": pl.Int32(),  # M49 numeric
    "geo_area_name": _S,
    "ref_area": _S,  # ISO3 for countries; the M49 code as text for aggregates
    "is_aggregate": pl.Boolean(),
    "time_period": pl.Int16(),  # year (timePeriodStart)
    "time_detail": _S,  # e.g. "2015-2017" when the API gives one
    "value": _F,
    "value_text": _S,  # the published value when it is not a number ("N", ">95")
    "value_type": _S,  # API valueType, e.g. "Float"
    "units": _S,  # e.g. PER_100000_POP, PERCENT, NUMBER
    "nature": _S,  # C country, CA adjusted, E estimated, G global monitoring, M modelled, N
    "reporting_type": _S,  # G global / N national
    "sex": _S,
    "age": _S,
    "location": _S,  # urban / rural
    "policy_domain": _S,  # 10.7.2: DOMAIN1..DOMAIN6, ALLDOMAINS
    "other_dimensions": _S,  # any other API dimension, as sorted JSON {"name": "code"}
    "footnote": _S,
    "source": _S,  # the data source named by the API for that observation
    "last_updated": _S,  # the series release, e.g. "2023.Q2.G.03"; null for the extract
    "origin": _S,  # "api-v1" | "goal10-extract"
    "source_file": _S,
    "source_row": pl.Int32(),  # record number (API) or 1-based Excel row (extract)
}
NAMED_DIMENSIONS: dict[str, str] = {
    "Reporting Type": "reporting_type",
    "Sex": "sex",
    "Age": "age",
    "Location": "location",
    "Policy Domains": "policy_domain",
}
KEY = ["series_code", "geo_area_code", "time_period", "units", *NAMED_DIMENSIONS.values()]
KEY += ["other_dimensions"]


@functools.cache
def _iso3_by_m49() -> dict[int, str]:
    """M49 numeric -> ISO3 for every ISO 3166-1 country, plus the non-ISO economies."""
    table = {int(c.numeric): c.alpha_3 for c in pycountry.countries}
    return {**table, **M49_NON_ISO}


def with_areas(df: pl.DataFrame) -> pl.DataFrame:
    """Add ref_area (ISO3, else the M49 code as text) and is_aggregate from geo_area_code."""
    iso = _iso3_by_m49()
    code = pl.col("geo_area_code")
    mapped = code.replace_strict(iso, default=None, return_dtype=pl.String)
    return df.with_columns(
        ref_area=pl.coalesce(mapped, code.cast(pl.String)), is_aggregate=mapped.is_null()
    )


def split_values(df: pl.DataFrame) -> pl.DataFrame:
    """value from value_text: MISSING -> null; other non-numbers stay only in value_text."""
    text = pl.col("value_text").str.strip_chars()
    number = text.cast(pl.Float64, strict=False)
    missing = text.is_null() | text.is_in(MISSING)
    return df.with_columns(
        value=pl.when(missing | number.is_nan()).then(None).otherwise(number),
        value_text=pl.when(number.is_null() & ~missing).then(text).otherwise(None),
    )

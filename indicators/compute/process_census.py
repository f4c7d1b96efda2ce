"""International migrant stock from national census tabulations (indicators.md §1.7), as rows.

Pure polars; input = rows of the `census_tabulation` upload template: population by country of
birth (basis COB) or citizenship (CIT), sex and age, with counterpart_area = the country of
birth/citizenship, `_T` = the whole population.

indicator_code SM.POP.CEN (its own spec), shown beside the UN DESA series of
indicators/compute/migration.py (SM_POP_TOTL, SM_POP_TOTL_ZS, SM_POP_BILAT), with distinct [PROJECT]
series codes and the same dimensions
(ref_area = country of the census = destination; counterpart_area = origin for bilateral rows;
sex; age), so national census counts and UN DESA estimates show side by side:
- SM_POP_CEN_COB / SM_POP_CEN_CIT        foreign-born / foreign-citizen population (NUMBER)
- SM_POP_CEN_COB_ZS / SM_POP_CEN_CIT_ZS  the same as % of the census population (PT)
- SM_POP_CEN_COB_BILAT / _CIT_BILAT      by country of birth / citizenship (NUMBER)
The stock is the sum over the countries other than the census country when any are given
(codes starting with "_" other than _T, e.g. _U unknown, are left out and noted); else the total
minus the native-born (or nationals), noted as derived. Census counts are not moved to mid-year
and not imputed, unlike UN DESA.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, conform, empty
from core.templates import CENSUS_BASES
from indicators.compute.process_1072 import submission_source

INDICATOR = "SM.POP.CEN"  # its own spec (specs_process.py); series sit beside UN DESA by code
DATASET = "census_tabulation"
SERIES_PREFIX = "SM_POP_CEN_"
CELL = ["ref_area", "time_period", "basis", "sex", "age"]
WHO = {"COB": "foreign-born", "CIT": "foreign citizens"}
COMMON = {
    "indicator_code": pl.lit(INDICATOR),
    "ref_area": pl.col("ref_area"),
    "time_period": pl.col("time_period"),
    "freq": pl.lit("I"),  # censuses are irregular (about every ten years)
    "sex": pl.col("sex"),
    "age": pl.col("age"),
    "nature": pl.lit("C"),
    "reporting_type": pl.lit("N"),
    "source": pl.col("source"),
}


def _classified(census: pl.DataFrame) -> pl.DataFrame:
    """Rows tagged as total (_T), native (counterpart = ref_area), foreign or unknown (_X)."""
    cp = pl.col("counterpart_area")
    return census.with_columns(
        source=submission_source(census, DATASET),
        kind=pl.when(cp == TOTAL)
        .then(pl.lit("total"))
        .when(cp == pl.col("ref_area"))
        .then(pl.lit("native"))
        .when(cp.str.starts_with("_"))
        .then(pl.lit("unknown"))
        .otherwise(pl.lit("foreign")),
    )


def stock_cells(census: pl.DataFrame) -> pl.DataFrame:
    """Per census, basis, sex and age: total, native, foreign (sum), unknown, n_origins, stock.

    stock = foreign when any origin country is given, else total - native (method says which).
    """
    df = _classified(census)

    def part(kind: str) -> pl.Expr:
        rows = pl.col("value").filter(pl.col("kind") == kind)
        return pl.when(rows.len() > 0).then(rows.sum())

    cells = df.group_by(CELL).agg(
        pl.col("source").first(),
        total=part("total"),
        native=part("native"),
        foreign=part("foreign"),
        unknown=part("unknown"),
        n_origins=(pl.col("kind") == "foreign").sum(),
    )
    by_sum = pl.col("n_origins") > 0
    by_diff = pl.col("total").is_not_null() & pl.col("native").is_not_null()
    return cells.with_columns(
        stock=pl.when(by_sum)
        .then(pl.col("foreign"))
        .when(by_diff)
        .then(pl.col("total") - pl.col("native")),
        method=pl.when(by_sum)
        .then(pl.format("sum over {} countries", pl.col("n_origins")))
        .when(by_diff)
        .then(pl.lit("derived: total minus the counterpart_area = ref_area row")),
    ).filter(pl.col("stock").is_not_null())


def _notes() -> pl.Expr:
    """comment_obs: who is counted, how, and any unknown origins or unexplained residual."""
    listed = pl.col("foreign") + pl.col("unknown").fill_null(0)
    residual = pl.col("total") - pl.col("native") - listed
    return pl.concat_str(
        pl.col("basis").replace_strict(WHO, default=None),
        pl.lit(" ("),
        pl.col("basis").replace_strict(CENSUS_BASES, default=None),
        pl.lit("); census count, not mid-year; "),
        pl.col("method"),
        pl.when(pl.col("unknown").is_not_null()).then(
            pl.format("; {} with unknown origin not counted", pl.col("unknown"))
        ),
        pl.when((pl.col("n_origins") > 0) & (residual.abs() > 0.5)).then(
            pl.format("; total - own country - listed origins - unknown = {}", residual)
        ),
        ignore_nulls=True,
    )


def process_census_rows(census: pl.DataFrame) -> pl.DataFrame:
    """SM_POP_CEN_{COB,CIT} stock, _ZS % of population and _BILAT by origin, as contract rows."""
    if census.is_empty():
        return empty()
    cells = stock_cells(census)
    series = pl.concat_str(pl.lit(SERIES_PREFIX), pl.col("basis"))
    note = _notes()
    stock = cells.select(
        **COMMON,
        series_code=series,
        value=pl.col("stock"),
        unit_measure=pl.lit("NUMBER"),
        comment_obs=note,
    )
    pct = cells.filter(pl.col("total") > 0).select(
        **COMMON,
        series_code=pl.concat_str(series, pl.lit("_ZS")),
        value=pl.col("stock") / pl.col("total") * 100,
        unit_measure=pl.lit("PT"),
        comment_obs=pl.concat_str(note, pl.lit("; % of the census population (_T)")),
    )
    origins = _classified(census).filter(pl.col("kind") == "foreign")
    bilat = origins.select(
        **COMMON,
        series_code=pl.concat_str(series, pl.lit("_BILAT")),
        counterpart_area=pl.col("counterpart_area"),
        value=pl.col("value"),
        unit_measure=pl.lit("NUMBER"),
        comment_obs=pl.concat_str(
            pl.lit("census count by "), pl.col("basis").replace_strict(CENSUS_BASES, default=None)
        ),
    )
    return pl.concat([conform(stock), conform(pct), conform(bilat)])


def compute_census_stock(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """Census migrant stock from the approved `census_tabulation` submissions (IndicatorSpec)."""
    census = frames.get(DATASET)
    return empty() if census is None else process_census_rows(census)

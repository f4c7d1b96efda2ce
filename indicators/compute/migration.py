"""International migrant stock and emigration (indicators.md §1.7) from the UN DESA datasets.

Pure polars functions; every output is in the indicator contract (core/contract.py).

- SM_POP_TOTL / SM_POP_TOTL_ZS: migrant stock by destination (IMS 2020 Table 1) and the
  published % of the population (Table 3), by sex, per country and for the world (WLD). Only
  the 2020 edition is used, so a series never mixes two vintages.
- SM_EMI_TOTL / SM_EMI_RATE: emigrant stock E_o (IMS 2020 stock by origin, by sex) and the
  [PROJECT] emigration rate ER_o = E_o / (P_o + E_o) x 100 with P_o the resident population
  (IMS 2020 Table 2, thousands x 1000, same sex and year). Labelled derived (nature E).
- SM_POP_BILAT: bilateral stock from the 2019 origin x destination matrix (ref_area =
  destination, counterpart_area = origin, §5 "stock matrix: origin") for the pairs among the
  top-10 origins of a destination or the top-10 destinations of an origin, ranked in the
  latest matrix year, and given for every year of the matrix so trends are complete.

UN DESA aggregates other than the world (regions, income groups) have no code in the contract
vocabulary and are not emitted; they can be recomputed by summing countries.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from core.config import Settings
from core.contract import TOTAL, WORLD, conform, empty

STOCK_INDICATOR = "SM.POP.TOTL"
EMIGRATION_INDICATOR = "SM.EMI.RATE"
EDITION = "2020"  # the IMS edition used for stock, % and emigration (one vintage per series)
WORLD_M49 = 900
TOP_N = 10
TYPE_OF_DATA_NOTE = (
    "UN DESA type of data: B foreign-born, C foreign citizens, I imputed, R refugees added"
)
EMIGRATION_COMMENT = "derived: E/(P+E)"
MATRIX_COMMENT = (
    "UN DESA IMS 2019 by origin and destination (cleaned matrix, G. Abel), both sexes; "
    "0 = zero or not reported; pair among the top {n} origins of the destination or the top "
    "{n} destinations of the origin in {year}"
)


def _measure(stock: pl.DataFrame, measure: str, edition: str = EDITION) -> pl.DataFrame:
    """Rows of one measure and edition with a value, for countries and the world."""
    return stock.filter(
        (pl.col("measure") == measure)
        & (pl.col("edition") == edition)
        & pl.col("value").is_not_null()
        & (pl.col("is_country") | (pl.col("m49") == WORLD_M49))
    ).with_columns(
        area=pl.when(pl.col("m49") == WORLD_M49).then(pl.lit(WORLD)).otherwise(pl.col("iso3"))
    )


def _stock_rows(df: pl.DataFrame, series: str, unit: str) -> pl.DataFrame:
    """Contract rows (ref_area, sex, year) of a UN DESA measure already filtered by _measure."""
    note = pl.when(pl.col("type_of_data").is_not_null()).then(
        pl.concat_str(pl.lit("type of data: "), pl.col("type_of_data"), pl.lit("; "))
    )
    return conform(
        df.select(
            indicator_code=pl.lit(STOCK_INDICATOR),
            series_code=pl.lit(series),
            ref_area=pl.col("area"),
            time_period=pl.col("year").cast(pl.String),
            freq=pl.lit("A"),
            sex=pl.col("sex"),
            value=pl.col("value"),
            unit_measure=pl.lit(unit),
            nature=pl.lit("E"),  # UN DESA mid-year estimates (interpolated, imputed)
            reporting_type=pl.lit("G"),
            collection_method=pl.lit("COMPILED"),
            source=pl.lit("undesa_stock"),
            comment_obs=pl.concat_str(
                note.otherwise(pl.lit("")),
                pl.lit(f"IMS {EDITION}; {TYPE_OF_DATA_NOTE}"),
            ),
        )
    )


def migrant_stock_rows(stock: pl.DataFrame) -> pl.DataFrame:
    """SM_POP_TOTL (persons) and SM_POP_TOTL_ZS (published %, PT) by destination and sex."""
    return pl.concat(
        [
            _stock_rows(_measure(stock, "stock_destination"), "SM_POP_TOTL", "NUMBER"),
            _stock_rows(_measure(stock, "pct_of_population"), "SM_POP_TOTL_ZS", "PT"),
        ]
    )


def pct_check(stock: pl.DataFrame) -> pl.DataFrame:
    """Published % beside stock / (population_thousands x 1000) x 100, per area, sex and year."""
    keys = ["area", "sex", "year"]

    def pick(measure: str, name: str) -> pl.DataFrame:
        return _measure(stock, measure).select(*keys, pl.col("value").alias(name))

    return (
        pick("pct_of_population", "published_pct")
        .join(pick("stock_destination", "stock"), on=keys)
        .join(pick("population_thousands", "population_thousands"), on=keys)
        .with_columns(computed_pct=pl.col("stock") / (pl.col("population_thousands") * 1000) * 100)
    )


def emigration_rows(stock: pl.DataFrame) -> pl.DataFrame:
    """SM_EMI_TOTL (E_o, persons) and SM_EMI_RATE = E/(P+E) x 100 (PT), by origin and sex.

    E_o is the IMS 2020 stock by origin; P_o the population (thousands x 1000) of the same
    country, sex and year. Countries only: the world has no emigrants.
    """
    keys = ["iso3", "sex", "year"]
    countries = stock.filter(pl.col("is_country"))
    emigrants = _measure(countries, "stock_origin").select(*keys, E=pl.col("value"))
    population = _measure(countries, "population_thousands").select(*keys, P=pl.col("value") * 1000)
    both = emigrants.join(population, on=keys, how="left")
    common = {
        "indicator_code": pl.lit(EMIGRATION_INDICATOR),
        "ref_area": pl.col("iso3"),
        "time_period": pl.col("year").cast(pl.String),
        "freq": pl.lit("A"),
        "sex": pl.col("sex"),
        "reporting_type": pl.lit("G"),
        "collection_method": pl.lit("COMPILED"),
        "source": pl.lit("undesa_stock"),
    }
    counts = both.select(
        **common,
        series_code=pl.lit("SM_EMI_TOTL"),
        value=pl.col("E"),
        unit_measure=pl.lit("NUMBER"),
        nature=pl.lit("E"),
        comment_obs=pl.lit(f"IMS {EDITION} stock by origin (all destinations)"),
    )
    rates = both.filter(pl.col("P").is_not_null() & ((pl.col("P") + pl.col("E")) > 0)).select(
        **common,
        series_code=pl.lit("SM_EMI_RATE"),
        value=pl.col("E") / (pl.col("P") + pl.col("E")) * 100,
        unit_measure=pl.lit("PT"),
        nature=pl.lit("E"),
        comment_obs=pl.lit(
            f"{EMIGRATION_COMMENT}; E = IMS {EDITION} stock by origin, P = IMS {EDITION} "
            "Table 2 population (thousands x 1000), same sex and mid-year"
        ),
    )
    return pl.concat([conform(counts), conform(rates)])


def top_pairs(matrix: pl.DataFrame, n: int = TOP_N) -> pl.DataFrame:
    """(origin_iso3, destination_iso3) pairs among the top n of either side in the last year.

    Zero and null cells are never "top"; ties are broken by the partner's code, so the
    selection is reproducible.
    """
    last = matrix["year"].max()
    latest = matrix.filter((pl.col("year") == last) & (pl.col("value") > 0))

    def top(side: str, partner: str) -> pl.DataFrame:
        ranked = latest.sort([side, "value", partner], descending=[False, True, False])
        return ranked.group_by(side, maintain_order=True).head(n)

    pairs = pl.concat(
        [
            top("destination_iso3", "origin_iso3").select("origin_iso3", "destination_iso3"),
            top("origin_iso3", "destination_iso3").select("origin_iso3", "destination_iso3"),
        ]
    )
    return pairs.unique()


def bilateral_stock_rows(matrix: pl.DataFrame, n: int = TOP_N) -> pl.DataFrame:
    """SM_POP_BILAT: destination (ref_area) <- origin (counterpart_area), persons, top pairs."""
    if matrix.is_empty():
        return empty()
    last = matrix.select(pl.col("year").max()).item()
    rows = matrix.join(top_pairs(matrix, n), on=["origin_iso3", "destination_iso3"])
    out = rows.filter(pl.col("value").is_not_null()).select(
        indicator_code=pl.lit(STOCK_INDICATOR),
        series_code=pl.lit("SM_POP_BILAT"),
        ref_area=pl.col("destination_iso3"),
        counterpart_area=pl.col("origin_iso3"),
        time_period=pl.col("year").cast(pl.String),
        freq=pl.lit("A"),
        sex=pl.lit(TOTAL),
        value=pl.col("value"),
        unit_measure=pl.lit("NUMBER"),
        nature=pl.lit("E"),
        reporting_type=pl.lit("G"),
        collection_method=pl.lit("COMPILED"),
        source=pl.lit("undesa_matrix"),
        comment_obs=pl.lit(MATRIX_COMMENT.format(n=n, year=last)),
    )
    return conform(out)


def compute_migrant_stock(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """SM.POP.TOTL: stock and % by destination (undesa_stock), bilateral pairs (undesa_matrix)."""
    parts = []
    if "undesa_stock" in frames and not frames["undesa_stock"].is_empty():
        parts.append(migrant_stock_rows(frames["undesa_stock"]))
    if "undesa_matrix" in frames:
        parts.append(bilateral_stock_rows(frames["undesa_matrix"]))
    return pl.concat(parts) if parts else empty()


def compute_emigration(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """SM.EMI.RATE: emigrant stock and the derived emigration rate (undesa_stock)."""
    stock = frames.get("undesa_stock")
    if stock is None or stock.is_empty():
        return empty()
    return emigration_rows(stock)

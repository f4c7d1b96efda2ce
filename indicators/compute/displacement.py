"""SDG 10.7.4 (refugees by origin per 100,000) and 10.7.3 (dead and missing migrants).

Pure polars functions returning contract rows (core/contract.py).

10.7.4 (indicators.md §1.5, metadata 4.c, implemented as written):
    R_o = refugees_o / (population_o + refugees_o) x 100,000
- refugees_o: UNHCR end-year refugees under UNHCR's mandate from origin o, summed over the
  asylum countries (rows with origin == asylum left out: nobody is a refugee in their own
  country). The parser has already moved the trimmed file's mislabelled "2020" rows to 2019.
  Origins that are not economies (UNHCR's TIB Tibetan, XXA stateless, blank = unknown) have no
  population and are not emitted by origin; they do count in the asylum totals.
- population_o: UN DESA IMS Table 2 (thousands x 1000, both sexes, mid-year). IMS 2020 gives
  1990, 1995, ..., 2020; IMS 2019 adds 2019. Per year the 2020 edition is preferred. The rate
  is computed only where both exist; comment_obs names the population edition and year.
  Differences from the custodian: mid-year population (not end-year) and the UN DESA vintage
  of UN WPP (not the WPP release UNHCR used).
Also emitted: the counts SM_POP_REFG_OR_N (by origin), SM_POP_REFG (hosted, by asylum
country) and the World Bank's copy SM_POP_REFG_OR_WB (WDI SM.POP.REFG.OR) as a cross-check.

10.7.3 (§1.4): the sum of the published "Total dead and missing" of IOM MMP incidents by MMP
region of incident (REGION_CODES), for the world (WLD), by migration route (ROUTE_CODES, in
sub_category, ref_area WLD) and year; plus the share of that count by source quality 1-5
(series SM_DTH_MIGR_SQ, statistic SHARE). A minimum estimate: no trend or progress.
PARTIAL YEAR: the export covers up to its date (the timestamp in its file name, else the latest
incident); the year of that date, unless it ends on 31 December, is a partial period, and its
rows say so in time_detail ("partial period: 1 Jan–27 Mar 2021", indicators/periods.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

import polars as pl

from core.areas import is_aggregate_code
from core.config import Settings
from core.contract import TOTAL, WORLD, conform, empty
from indicators.compute.wb_series import WbSeries, compute_wb_series
from indicators.periods import date_in_name, year_coverage

REFUGEE_INDICATOR = "10.7.4"
DEATHS_INDICATOR = "10.7.3"
PER = 100_000
POPULATION_EDITIONS = ("2020", "2019")  # preference order per year
WB_REFUGEES = {
    "SM.POP.REFG.OR": WbSeries(REFUGEE_INDICATOR, "SM_POP_REFG_OR_WB", "NUMBER", "country")
}
MMP_CAVEAT = "minimum estimate; not for trends (IOM MMP, SDG 10.7.3 metadata 4.a)"

# MMP "Region of incident" (2021 export) -> project region code. MMP regions are IOM's own
# (seas and border zones such as "Mediterranean", "US-Mexico Border"), not the M49 geoscheme,
# so they get "MMP_" codes rather than M49 or World Bank region codes. A name not listed here
# (e.g. from a newer export) gets region_code(): "MMP_" + its words in capitals, and says so.
REGION_CODES: dict[str, str] = {
    "Caribbean": "MMP_CARIB",
    "Central America": "MMP_CAMER",
    "Central Asia": "MMP_CASIA",
    "East Asia": "MMP_EASIA",
    "Europe": "MMP_EUROPE",
    "Horn of Africa": "MMP_HORN",
    "Mediterranean": "MMP_MED",
    "Middle East": "MMP_MEAST",
    "North Africa": "MMP_NAFR",
    "North America": "MMP_NAMER",
    "South America": "MMP_SAMER",
    "South Asia": "MMP_SASIA",
    "Southeast Asia": "MMP_SEASIA",
    "Sub-Saharan Africa": "MMP_SSAFR",
    "US-Mexico Border": "MMP_USMEX",
}
ROUTE_CODES: dict[str, str] = {
    "Caribbean to Central America": "ROUTE_CARIB_CAMER",
    "Central America to US": "ROUTE_CAMER_US",
    "Central Mediterranean": "ROUTE_CMED",
    "Darien Gap": "ROUTE_DARIEN",
    "Dominican Republic to Puerto Rico": "ROUTE_DOM_PRI",
    "Eastern Mediterranean": "ROUTE_EMED",
    "English Channel to the UK": "ROUTE_CHANNEL",
    "Haiti to Dominican Republic": "ROUTE_HTI_DOM",
    "Horn of Africa to Yemen": "ROUTE_HORN_YEMEN",
    "Italy to France": "ROUTE_ITA_FRA",
    "Malaysia to Indonesia": "ROUTE_MYS_IDN",
    "Venezuela to Caribbean": "ROUTE_VEN_CARIB",
    "Western Africa / Atlantic route to the Canary Islands": "ROUTE_ATLANTIC",
    "Western Balkans": "ROUTE_WBALKANS",
    "Western Mediterranean": "ROUTE_WMED",
}


def derived_code(prefix: str, name: str) -> str:
    """Fallback code of a name missing from a map: prefix + its words in capitals."""
    return prefix + "_".join(re.findall(r"[A-Z0-9]+", name.upper()))


def _coded(column: str, codes: Mapping[str, str], prefix: str) -> pl.Expr:
    """Map a text column through `codes`, deriving a code for unlisted names."""
    return pl.col(column).map_elements(
        lambda n: codes.get(n) or derived_code(prefix, n), return_dtype=pl.String
    )


# --- 10.7.4 -----------------------------------------------------------------------------


def _refugees(unhcr: pl.DataFrame, side: str) -> pl.DataFrame:
    """Refugees summed over the other side, per `side` ISO3 (economies only) and year."""
    col = f"{side}_iso3"
    economies = [c for c in unhcr[col].drop_nulls().unique().to_list() if not is_aggregate_code(c)]
    rows = unhcr.filter(
        pl.col(col).is_in(economies)
        & (pl.col("origin_iso3").fill_null("") != pl.col("asylum_iso3").fill_null(""))
    )
    return (
        rows.group_by(col, "year")
        .agg(
            refugees=pl.col("refugees").sum(),
            known=pl.col("refugees").is_not_null().any(),
            note=pl.col("year_note").drop_nulls().first(),
        )
        .filter(pl.col("known"))
        .rename({col: "iso3"})
        .drop("known")
    )


def refugees_by_origin(unhcr: pl.DataFrame) -> pl.DataFrame:
    """iso3, year, refugees (sum over asylum countries), note (year correction, if any)."""
    return _refugees(unhcr, "origin")


def population(stock: pl.DataFrame) -> pl.DataFrame:
    """iso3, year, population (persons), edition: IMS Table 2, 2020 edition preferred."""
    rank = {e: i for i, e in enumerate(POPULATION_EDITIONS)}
    return (
        stock.filter(
            (pl.col("measure") == "population_thousands")
            & (pl.col("sex") == TOTAL)
            & pl.col("is_country")
            & pl.col("value").is_not_null()
            & pl.col("edition").is_in(POPULATION_EDITIONS)
        )
        .with_columns(_rank=pl.col("edition").replace_strict(rank, return_dtype=pl.Int8))
        .sort("_rank")
        .unique(["iso3", "year"], keep="first", maintain_order=True)
        .select("iso3", "year", population=pl.col("value") * 1000, edition="edition")
    )


def refugee_rate(refugees: pl.DataFrame, pop: pl.DataFrame) -> pl.DataFrame:
    """iso3, year, rate = refugees / (population + refugees) x 100,000, for common years."""
    both = refugees.join(pop, on=["iso3", "year"], how="inner")
    return both.with_columns(
        rate=pl.col("refugees") / (pl.col("population") + pl.col("refugees")) * PER
    )


def _refugee_rows(df: pl.DataFrame, series: str, unit: str, value: str, comment: pl.Expr):
    """Contract rows of a (iso3, year, value) frame for 10.7.4."""
    return conform(
        df.select(
            indicator_code=pl.lit(REFUGEE_INDICATOR),
            series_code=pl.lit(series),
            ref_area=pl.col("iso3"),
            time_period=pl.col("year").cast(pl.String),
            freq=pl.lit("A"),
            value=pl.col(value).cast(pl.Float64),
            unit_measure=pl.lit(unit),
            reporting_type=pl.lit("G"),
            collection_method=pl.lit("COMPILED"),
            source=pl.lit("unhcr_population"),
            comment_obs=comment,
        )
    )


def _year_note(base: str) -> pl.Expr:
    """comment_obs: `base`, plus the parser's year-correction note when there is one."""
    return pl.concat_str([pl.lit(base), pl.col("note")], separator="; ", ignore_nulls=True)


def refugee_rows(unhcr: pl.DataFrame, stock: pl.DataFrame | None) -> pl.DataFrame:
    """SM_POP_REFG_OR_N, SM_POP_REFG and (with UN DESA population) SM_POP_REFG_OR rows."""
    origin = refugees_by_origin(unhcr)
    asylum = _refugees(unhcr, "asylum")
    parts = [
        _refugee_rows(
            origin,
            "SM_POP_REFG_OR_N",
            "NUMBER",
            "refugees",
            _year_note("UNHCR end-year refugees by origin, summed over asylum countries"),
        ),
        _refugee_rows(
            asylum,
            "SM_POP_REFG",
            "NUMBER",
            "refugees",
            _year_note("UNHCR end-year refugees hosted, summed over origins"),
        ),
    ]
    if stock is not None and not stock.is_empty():
        rate = refugee_rate(origin, population(stock))
        year = pl.col("year").cast(pl.String)
        main = pl.concat_str(
            pl.lit("refugees/(population+refugees) x 100,000 (metadata 4.c); refugees: UNHCR "),
            pl.lit("end-"),
            year,
            pl.lit("; population: UN DESA IMS "),
            pl.col("edition"),
            pl.lit(" Table 2, mid-"),
            year,
            pl.lit(" (thousands x 1000)"),
        )
        comment = pl.concat_str([main, pl.col("note")], separator="; ", ignore_nulls=True)
        parts.append(_refugee_rows(rate, "SM_POP_REFG_OR", "PER_100000_POP", "rate", comment))
    return pl.concat(parts)


def compute_10_7_4(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """10.7.4 from unhcr_population (+ undesa_stock for the rate) and the WB SM.POP.REFG.OR."""
    parts = [compute_wb_series(frames, codes=WB_REFUGEES)]
    unhcr = frames.get("unhcr_population")
    if unhcr is not None and not unhcr.is_empty():
        parts.append(refugee_rows(unhcr, frames.get("undesa_stock")))
    return pl.concat(parts)


# --- 10.7.3 -----------------------------------------------------------------------------


def coverage_end(incidents: pl.DataFrame) -> date | None:
    """Last day the export covers: the date in its file name, else the latest incident date."""
    latest = incidents["reported_date"].max() if "reported_date" in incidents.columns else None
    names = (
        incidents["source_file"].unique().to_list() if "source_file" in incidents.columns else []
    )
    stamped = [d for d in (date_in_name(n) for n in names) if d is not None]
    ends = [d for d in (max(stamped) if stamped else None, latest) if isinstance(d, date)]
    return max(ends) if ends else None


def partial_years(incidents: pl.DataFrame) -> dict[int, str]:
    """Year -> time_detail for the incomplete year(s) of the export (PARTIAL YEAR rule)."""
    end = coverage_end(incidents)
    years = [int(y) for y in incidents["year"].drop_nulls().unique().to_list()]
    return year_coverage(years, end) if end is not None else {}


def _death_rows(
    df: pl.DataFrame, series: str, unit: str, statistic: str, partial: Mapping[int, str]
) -> pl.DataFrame:
    """Contract rows of an aggregated MMP frame (ref_area, sub_category, year, value, n)."""
    detail = (
        pl.col("year")
        .cast(pl.Int64)
        .replace_strict(dict(partial), default=None, return_dtype=pl.String)
    )
    return conform(
        df.select(
            indicator_code=pl.lit(DEATHS_INDICATOR),
            series_code=pl.lit(series),
            ref_area=pl.col("ref_area"),
            time_period=pl.col("year").cast(pl.String),
            freq=pl.lit("A"),
            time_detail=detail,
            sub_category=pl.col("sub_category"),
            statistic=pl.lit(statistic),
            value=pl.col("value").cast(pl.Float64),
            unit_measure=pl.lit(unit),
            reporting_type=pl.lit("G"),
            collection_method=pl.lit("COMPILED"),
            sample_size=pl.col("incidents").cast(pl.Int64),
            source=pl.lit("iom_mmp_incidents"),
            comment_obs=pl.concat_str(
                [pl.lit(MMP_CAVEAT), pl.col("label"), detail], separator="; ", ignore_nulls=True
            ),
        )
    )


def _with_areas(incidents: pl.DataFrame) -> pl.DataFrame:
    """Incidents with ref_area (MMP region code) and the region text for comment_obs."""
    return incidents.filter(pl.col("year").is_not_null()).with_columns(
        ref_area=_coded("region", REGION_CODES, "MMP_").fill_null("MMP_UNKNOWN"),
        label=pl.concat_str(
            pl.lit("MMP region of incident: "),
            pl.col("region"),
            pl.when(pl.col("region").is_in(list(REGION_CODES)))
            .then(pl.lit(""))
            .otherwise(pl.lit(" (code derived from the name, not in REGION_CODES)")),
        ),
    )


def dead_and_missing(incidents: pl.DataFrame) -> pl.DataFrame:
    """Sum of published dead_and_missing by region, world and route, per year (NUMBER)."""
    inc = _with_areas(incidents)
    agg = {"value": pl.col("dead_and_missing").sum(), "incidents": pl.len()}
    regions = inc.group_by("ref_area", "year").agg(**agg, label=pl.col("label").first())
    world = (
        inc.group_by("year")
        .agg(**agg)
        .with_columns(ref_area=pl.lit(WORLD), label=pl.lit("all MMP regions"))
    )
    routes = (
        inc.filter(pl.col("route").is_not_null())
        .with_columns(sub_category=_coded("route", ROUTE_CODES, "ROUTE_"))
        .group_by("sub_category", "year")
        .agg(**agg, label=pl.concat_str(pl.lit("migration route: "), pl.col("route").first()))
        .with_columns(ref_area=pl.lit(WORLD))
    )
    areas = pl.concat([regions, world], how="diagonal").with_columns(sub_category=pl.lit(TOTAL))
    return pl.concat([areas, routes], how="diagonal")


def source_quality_mix(incidents: pl.DataFrame) -> pl.DataFrame:
    """Share (%) of each area-year's dead and missing by source quality (SQ_1..SQ_5, SQ_NA)."""
    inc = _with_areas(incidents).with_columns(
        sub_category=pl.concat_str(
            pl.lit("SQ_"), pl.col("source_quality").cast(pl.String)
        ).fill_null("SQ_NA")
    )
    both = pl.concat([inc, inc.with_columns(ref_area=pl.lit(WORLD))])
    per = both.group_by("ref_area", "year", "sub_category").agg(
        count=pl.col("dead_and_missing").sum(), incidents=pl.len()
    )
    total = pl.col("count").sum().over("ref_area", "year")
    return per.filter(total > 0).with_columns(
        value=pl.col("count") / total * 100,
        label=pl.lit(
            "share of the dead and missing by source quality (1 = one media source "
            "... 5 = official or multiple sources)"
        ),
    )


def compute_10_7_3(frames: Mapping[str, pl.DataFrame], settings: Settings) -> pl.DataFrame:
    """10.7.3 SM_DTH_MIGR (NUMBER) and SM_DTH_MIGR_SQ (PT, SHARE) from iom_mmp_incidents."""
    incidents = frames.get("iom_mmp_incidents")
    if incidents is None or incidents.is_empty():
        return empty()
    partial = partial_years(incidents)
    return pl.concat(
        [
            _death_rows(dead_and_missing(incidents), "SM_DTH_MIGR", "NUMBER", TOTAL, partial),
            _death_rows(source_quality_mix(incidents), "SM_DTH_MIGR_SQ", "PT", "SHARE", partial),
        ]
    )

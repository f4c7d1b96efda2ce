"""Cached loaders and pure selection helpers of the Migration page (data/clean/indicators.parquet).

Loaders follow dashboard/data/loaders.py: hashable arguments including the file's modification time,
heavy filtering once per argument set, frames of at most a few thousand rows to the page.
Series and dimensions come from indicators/compute/migration.py, displacement.py and flows.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl
import streamlit as st

from core.i18n import N_, _
from dashboard.data.cache import TTL, collect, version
from dashboard.components.widgets import country_name
from etl import io
from core.areas import is_aggregate_code
from core.contract import TOTAL, WORLD
from indicators.compute.displacement import REGION_CODES, ROUTE_CODES

from core.contract import TOTAL, WORLD
from indicators.compute.displacement import REGION_CODES, ROUTE_CODES
from indicators.periods import is_partial

STOCK, STOCK_PCT = "SM_POP_TOTL", "SM_POP_TOTL_ZS"
EMIGRANTS, EMIGRATION_RATE = "SM_EMI_TOTL", "SM_EMI_RATE"
BILATERAL = "SM_POP_BILAT"  # ref_area = destination, counterpart_area = origin
REFUGEES_FROM = ("SM_POP_REFG_OR_N", "SM_POP_REFG_OR_WB")  # by origin (UNHCR, World Bank copy)
REFUGEES_HOSTED = ("SM_POP_REFG",)  # by country of asylum
REFUGEE_SERIES = (*REFUGEES_FROM, *REFUGEES_HOSTED)
REFUGEE_RATE = "SM_POP_REFG_OR"
INFLOWS, GDP_SHARE = "KNOMAD_REM_IN", "BX_TRF_PWKR_DT_GD_ZS"
DEATHS, DEATHS_QUALITY = "SM_DTH_MIGR", "SM_DTH_MIGR_SQ"
COUNTRY_SERIES = (
    STOCK, STOCK_PCT, EMIGRANTS, EMIGRATION_RATE, *REFUGEE_SERIES, REFUGEE_RATE, INFLOWS, GDP_SHARE
)  # fmt: skip
PICKER_SERIES = (STOCK, EMIGRANTS, "SM_POP_REFG_OR_N", "SM_POP_REFG", INFLOWS)
TOP_N = 10
Side = Literal["origins", "destinations"]
LOAD = N_(
    "Download the files and run `python -m etl run --offline --raw-dir DIR`, "
    "or run `make run` with an internet connection."
)


@dataclass(frozen=True)
class Section:
    """A block of the page, the series it needs and the source files that provide them."""

    series: tuple[str, ...]
    what: str


SECTIONS: dict[str, Section] = {
    "stock": Section(
        (STOCK, EMIGRANTS),
        N_("UN DESA International Migrant Stock 2020 (undesa_pd_2020_ims_stock_by_sex_and_*.xlsx)"),
    ),
    "bilateral": Section(
        (BILATERAL,),
        N_("UN DESA origin-destination matrix (UN_MigrantStockByOriginAndDestination_2019*.csv)"),
    ),
    "refugees": Section(REFUGEE_SERIES, N_("UNHCR refugee statistics (population.csv)")),
    "remittances": Section(
        (INFLOWS, GDP_SHARE),
        N_("KNOMAD remittance inflows (remittance-inflows.xlsx) or WDI BX.TRF.PWKR.DT.GD.ZS"),
    ),
    "deaths": Section(
        (DEATHS,), N_("IOM Missing Migrants Project (MissingMigrants-Global-*.csv)")
    ),
}
_AREA_NAMES = {v: k for k, v in REGION_CODES.items()} | {v: k for k, v in ROUTE_CODES.items()}
_AREA_NAMES |= {WORLD: N_("World (all MMP regions)"), TOTAL: N_("All routes")}





def _scan(path: str, mtime: int, keep: pl.Expr) -> pl.DataFrame:
    """Rows of the indicator table matching `keep`, sorted; empty if it is not published."""
    if not mtime:
        return pl.DataFrame()
    lf = pl.scan_parquet(path).filter(keep)
    return collect(path, lf.sort("series_code", "ref_area", "time_period"))


@st.cache_data(ttl=TTL, show_spinner=False)
def _present(path: str, mtime: int) -> frozenset[str]:
    if not mtime:
        return frozenset()
    codes = collect(path, pl.scan_parquet(path).select("series_code").unique())
    return frozenset(codes["series_code"].to_list())


def series_present() -> frozenset[str]:
    """Every series_code in the published indicator table."""
    return _present(*version("indicators"))


def missing_message(section: str, present: frozenset[str]) -> str | None:
    """What to load when none of a section's series is published; None if one is."""
    wanted = SECTIONS[section]
    if present.intersection(wanted.series):
        return None
    missing = _("No {what} in the published indicator table.").format(what=_(wanted.what))
    return f"{missing} {_(LOAD)}"


@st.cache_data(ttl=TTL, show_spinner=False)
def _countries(path: str, mtime: int) -> tuple[str, ...]:
    keep = pl.col("series_code").is_in(PICKER_SERIES)
    if not mtime:
        return ()
    lf = pl.scan_parquet(path).filter(keep).select("ref_area").unique()
    areas = collect(path, lf)["ref_area"].to_list()
    return tuple(sorted(a for a in areas if not is_aggregate_code(a)))


def country_options() -> tuple[str, ...]:
    """Economies with a migrant stock, emigrant, refugee or remittance series."""
    return _countries(*version("indicators"))


@st.cache_data(ttl=TTL, show_spinner=False)
def _profile(path: str, mtime: int, country: str) -> pl.DataFrame:
    own = pl.col("series_code").is_in(COUNTRY_SERIES) & (pl.col("ref_area") == country)
    pairs = (pl.col("series_code") == BILATERAL) & (
        (pl.col("ref_area") == country) | (pl.col("counterpart_area") == country)
    )
    return _scan(path, mtime, own | pairs)


def country_profile(country: str) -> pl.DataFrame:
    """Every row of the page's series for `country`, and its bilateral pairs either way."""
    return _profile(*version("indicators"), country)


@st.cache_data(ttl=TTL, show_spinner=False)
def _deaths(path: str, mtime: int) -> pl.DataFrame:
    return _scan(path, mtime, pl.col("series_code").is_in((DEATHS, DEATHS_QUALITY)))


def deaths() -> pl.DataFrame:
    """SDG 10.7.3 rows: counts by MMP region, world and route, and the source-quality mix."""
    return _deaths(*version("indicators"))


# --- pure selection helpers ---------------------------------------------------------------


def pick(df: pl.DataFrame, *codes: str) -> pl.DataFrame:
    """Rows of the given series (empty frame stays empty)."""
    return df.filter(pl.col("series_code").is_in(codes)) if df.height else df


def latest(df: pl.DataFrame, code: str, sex: str = TOTAL) -> tuple[str, float] | None:
    """(latest period, value) of a series for one sex, None if absent."""
    rows = pick(df, code)
    if rows.is_empty():
        return None
    rows = rows.filter(pl.col("sex") == sex).sort("time_period")
    return None if rows.is_empty() else (rows["time_period"][-1], rows["value"][-1])


def top_partners(df: pl.DataFrame, country: str, side: Side, n: int = TOP_N) -> pl.DataFrame:
    """The n largest origins of migrants in `country` (or destinations of its emigrants).

    Ranked in the latest year of the bilateral matrix; ties by partner code. Adds `partner`
    (ISO3) and `partner_name`.
    """
    bilat = pick(df, BILATERAL)
    if bilat.is_empty():
        return bilat
    own, other = "ref_area", "counterpart_area"  # origins: the country is the destination
    if side == "destinations":
        own, other = other, own
    rows = bilat.filter((pl.col(own) == country) & (pl.col("value") > 0))
    if rows.is_empty():
        return rows
    last = rows["time_period"].max()
    top = rows.filter(pl.col("time_period") == last).sort(
        ["value", other], descending=[True, False]
    )
    top = top.head(n).with_columns(partner=pl.col(other))
    names = [country_name(c) for c in top["partner"].to_list()]
    return top.with_columns(partner_name=pl.Series(names, dtype=pl.String))


def death_years(df: pl.DataFrame) -> list[str]:
    """Years with a 10.7.3 count, latest first."""
    rows = pick(df, DEATHS)
    return sorted(set(rows["time_period"].to_list()), reverse=True) if rows.height else []


def partial_note(df: pl.DataFrame, year: str) -> str | None:
    """The time_detail of a partial 10.7.3 year ('partial period: 1 Jan–27 Mar 2021'), else None."""
    rows = pick(df, DEATHS).filter((pl.col("time_period") == year) & is_partial())
    return None if rows.is_empty() else str(rows["time_detail"][0])


def first_complete(years: list[str], df: pl.DataFrame) -> int:
    """Index in `years` of the latest year that is not a partial period (0 if all are)."""
    return next((i for i, y in enumerate(years) if partial_note(df, y) is None), 0)


def area_label(code: str) -> str:
    """The MMP region or route name of a 10.7.3 code ('MMP_MED' → 'Mediterranean')."""
    return _(_AREA_NAMES.get(code, code))  # _() leaves the untranslated region names as they are


def _labelled(rows: pl.DataFrame, column: str) -> pl.DataFrame:
    names = [area_label(c) for c in rows[column].to_list()]
    return rows.with_columns(area=pl.Series(names, dtype=pl.String))


def deaths_in(df: pl.DataFrame, year: str) -> dict[str, pl.DataFrame]:
    """One year's 10.7.3 counts: 'world', 'regions', 'routes' and 'quality' (world mix)."""
    year_rows = df.filter(pl.col("time_period") == year) if df.height else df
    counts = pick(year_rows, DEATHS)
    if counts.is_empty():
        return {k: counts for k in ("world", "regions", "routes", "quality")}
    areas = counts.filter(pl.col("sub_category") == TOTAL)
    world = areas.filter(pl.col("ref_area") == WORLD)
    regions = areas.filter(pl.col("ref_area") != WORLD).sort("value", descending=True)
    routes = counts.filter(pl.col("sub_category") != TOTAL).sort("value", descending=True)
    quality = pick(year_rows, DEATHS_QUALITY).filter(pl.col("ref_area") == WORLD)
    return {
        "world": world,
        "regions": _labelled(regions, "ref_area"),
        "routes": _labelled(routes, "sub_category"),
        "quality": quality.sort("sub_category"),
    }

"""Cached loaders of the Overview, Explorer and Settings pages (results framework, issue 5).

Like dashboard/data/loaders.py, every cached function takes the file's path and modification time, so a
republished table is picked up on the next rerun; national settings come from the store's
database (store/settings/storage.py) on every rerun. Scorecards are computed
once per (table version, country, national settings) by indicators/progress/scorecard.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl
import streamlit as st

from core.i18n import _
from dashboard.data.cache import TTL, version
from dashboard.data import uploads as uploads_data
from etl import io
from etl.exports import safe_write
from store.settings import storage as ns
from core.contract import DIMENSIONS, TOTAL, WORLD
from store.settings import storage as ns
from store.faults import StoreUnreadable
from core.contract import DIMENSIONS, TOTAL, WORLD
from indicators.registry_meta import computed, registry_key, table_pairs
from indicators.progress.scorecard import Card, build_cards, headline_series_codes

NATIONAL = "national_indicators"
NOT_COUNTRIES = frozenset({WORLD, TOTAL, "SSF", "LCN", "EAS", "ECS", "MEA", "SAS", "NAC"})
TABLE_COLUMNS = (
    "indicator_code", "series_code", "ref_area", "counterpart_area", "time_period", "value",
    "unit_measure", "obs_status", "data_origin", "source", "retrieved_at", "comment_obs",
)  # fmt: skip


@dataclass(frozen=True)
class SeriesChoice:
    """What the explorer's pickers may offer for one series: areas and dimension values."""

    ref_areas: tuple[str, ...]
    counterparts: dict[str, tuple[str, ...]]  # ref_area -> counterpart areas
    dims: dict[str, tuple[str, ...]]  # dimension -> values, only those with more than one





# ---------------------------------------------------------------- national settings, store


def national_settings() -> ns.NationalSettings:
    """The saved national settings (home country, targets, milestones) from the store.

    Not cached: one small query per rerun, so a save on the Settings page shows at once in
    every session. No database yet: the defaults, and nothing is created.
    """
    try:
        return ns.load(uploads_data.get_store())
    except StoreUnreadable:  # the indicators still serve, with the defaults; streamlit_app.py
        return ns.NationalSettings()  # shows one warning per page (errors.warn_store_unreadable)


def audit_log() -> pl.DataFrame:
    """The settings audit log, newest first (old and new values as JSON text)."""
    rows = [
        {k: v if k not in ("old", "new") or v is None else json.dumps(v) for k, v in line.items()}
        for line in ns.audit_log(uploads_data.get_store())
    ]
    schema = {c: pl.String for c in ("at", "user", "key", "old", "new")}
    return pl.DataFrame(rows, schema=schema).reverse()


# ---------------------------------------------------------------- overview


@st.cache_data(ttl=TTL, show_spinner=False)
def _computed_keys(path: str, mtime: int) -> frozenset[str]:
    return frozenset(computed(table_pairs(pl.scan_parquet(path))))


@st.cache_data(ttl=TTL, show_spinner=False)
def _country_options(path: str, mtime: int) -> tuple[str, ...]:
    codes = headline_series_codes()
    lf = pl.scan_parquet(path).filter(pl.col("series_code").is_in(codes))
    areas = pl.concat(
        [
            lf.select(pl.col("ref_area").alias("a")).unique().collect(),
            lf.select(pl.col("counterpart_area").alias("a")).unique().collect(),
        ]
    )["a"]
    ok = (a for a in areas.unique().to_list() if a and a not in NOT_COUNTRIES and len(a) == 3)
    return tuple(sorted(a for a in ok if a.isalpha() and a.isupper()))


def country_options() -> tuple[str, ...]:
    """ISO3 countries with at least one headline series (for the country picker)."""
    return _country_options(*version("indicators"))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _cards(path: str, mtime: int, country: str, settings_json: str) -> list[Card]:
    lf = pl.scan_parquet(path).filter(
        pl.col("series_code").is_in(headline_series_codes())
        & (pl.col("ref_area").is_in([country, WORLD]) | (pl.col("counterpart_area") == country))
    )
    rows = lf.collect()
    settings = ns.from_dict(json.loads(settings_json))
    targets = {
        code: (t.target, t.target_year) for code, t in settings.targets.get(country, {}).items()
    }
    keys = set(_computed_keys(path, mtime))
    chosen = settings.headlines.get(country, {})
    return build_cards(
        rows, country, computed_keys=keys, national_targets=targets, national_headlines=chosen
    )


def scorecards(country: str) -> list[Card]:
    """One card per registered indicator for `country`, national targets applied."""
    return _cards(*version("indicators"), country, ns.canonical(national_settings()))


# ---------------------------------------------------------------- explorer


@st.cache_data(ttl=TTL, show_spinner=False)
def _series_codes(path: str, mtime: int) -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for i, s in table_pairs(pl.scan_parquet(path)):
        key = registry_key(i, s)
        if key:
            out.setdefault(key, set()).add(s)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def series_codes(code: str) -> tuple[str, ...]:
    """Series codes of a registry entry present in the indicator table (and national values)."""
    main = _series_codes(*version("indicators")).get(code, ())
    nat = _series_codes(*version(NATIONAL)).get(code, ()) if version(NATIONAL)[1] else ()
    return tuple(sorted(set(main) | set(nat)))


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _choices(path: str, mtime: int, series: str) -> SeriesChoice:
    lf = pl.scan_parquet(path).filter(pl.col("series_code") == series)
    pairs = lf.select("ref_area", "counterpart_area").unique().collect()
    counterparts: dict[str, set[str]] = {}
    for r, c in pairs.iter_rows():
        counterparts.setdefault(r, set()).add(c)
    # freq is a filter too: RPW series carry quarterly rows and their annual means
    cols = ("freq", *DIMENSIONS)
    uniq = lf.select([pl.col(d).unique().implode() for d in cols]).collect()
    dims = {d: tuple(sorted(str(v) for v in uniq[d][0].to_list() if v is not None)) for d in cols}
    return SeriesChoice(
        tuple(sorted(counterparts)),
        {r: tuple(sorted(c)) for r, c in counterparts.items()},
        {d: v for d, v in dims.items() if len(v) > 1},
    )


def series_choices(series: str) -> SeriesChoice:
    """Areas and dimension values of one series of the indicator table."""
    return _choices(*version("indicators"), series)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=128)
def _rows(
    path: str, mtime: int, series: str, ref: str, counterpart: str, dims: tuple
) -> pl.DataFrame:
    if not mtime:
        return pl.DataFrame()
    lf = pl.scan_parquet(path).filter(
        (pl.col("series_code") == series)
        & (pl.col("ref_area") == ref)
        & (pl.col("counterpart_area") == counterpart)
    )
    for d, v in dims:
        lf = lf.filter(pl.col(d) == v)
    return lf.sort("time_period").collect()


def explorer_rows(
    series: str, ref: str, counterpart: str, dims: tuple[tuple[str, str], ...]
) -> pl.DataFrame:
    """Rows of one series, area pair and dimension selection (custodian/platform values)."""
    return _rows(*version("indicators"), series, ref, counterpart, dims)


def national_rows(
    series: str, ref: str, counterpart: str, dims: tuple[tuple[str, str], ...]
) -> pl.DataFrame:
    """The same selection among approved national values (empty if none are published)."""
    return _rows(*version(NATIONAL), series, ref, counterpart, dims)


def side_by_side(custodian: pl.DataFrame, national: pl.DataFrame) -> pl.DataFrame:
    """Periods with both a national and a custodian value, and their difference."""
    if custodian.is_empty() or national.is_empty():
        return pl.DataFrame()
    a = custodian.select("time_period", custodian=pl.col("value"), custodian_source="source")
    b = national.select("time_period", national=pl.col("value"), national_source="source")
    return (
        a.join(b, on="time_period", how="inner")
        .with_columns(difference=pl.col("national") - pl.col("custodian"))
        .sort("time_period")
    )


def xlsx_bytes(df: pl.DataFrame, sheet: str = "data") -> bytes:
    """`df` as an XLSX workbook, header row first, written by the formula-safe writer."""
    return safe_write.xlsx_bytes({sheet: df})


def default_areas(choice: SeriesChoice, inbound: bool, country: str) -> tuple[str, str]:
    """The (ref_area, counterpart_area) the explorer opens on for `country`.

    Inbound series (WLD → country) open on WLD → country; others on the country, else the
    world, else the first area; the counterpart on the total, the world or the first one.
    """
    refs = choice.ref_areas
    if inbound and WORLD in refs and country in choice.counterparts.get(WORLD, ()):
        return WORLD, country
    ref = next((a for a in (country, WORLD) if a in refs), refs[0] if refs else WORLD)
    cps = choice.counterparts.get(ref, ())
    cp = next((c for c in (TOTAL, WORLD) if c in cps), cps[0] if cps else TOTAL)
    return ref, cp


def label_dim(value: str) -> str:
    """'_T' → 'Total' in the pickers; other codes as they are."""
    return _("Total") if value == TOTAL else value

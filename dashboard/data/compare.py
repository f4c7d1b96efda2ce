"""Country beside its UN DESA regions and chosen peers: latest value of one series selection.

Regions come from the UN DESA classification (the undesa_regions dataset): a country's M49
geographic subregion and SDG region, whose published values carry the region's M49 code as
ref_area (etl/sources/sdg_api.py). Where no regional figure is published, the region's median
country is shown, labelled as computed here with how many countries it covers. An area a source
does not cover says so instead of being left out.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from core.areas import local_label
from core.i18n import N_, _, current_language
from dashboard.data.cache import TTL, collect, version

COLUMNS = ("area", "what it is", "period", "value", "unit", "source", "retrieved")
KINDS = (N_("UN DESA subregion"), N_("SDG region"))  # cached in English, translated when shown


@dataclass(frozen=True)
class Region:
    """A UN DESA region of a country: its code (M49 text, may be ''), name, kind, members."""

    code: str
    name: str
    kind: str
    members: tuple[str, ...]


@st.cache_data(ttl=TTL, show_spinner=False)
def _regions(path: str, mtime: int, country: str) -> tuple[Region, ...]:
    if not mtime:
        return ()
    lookup = collect(path, pl.scan_parquet(path))
    own = lookup.filter(pl.col("iso3") == country)
    if own.is_empty():
        return ()
    row = own.row(0, named=True)
    out = []
    for column, kind in (("subregion", KINDS[0]), ("sdg_region", KINDS[1])):
        name = row.get(column)
        if not name:
            continue
        match = lookup.filter((pl.col("name") == name) & ~pl.col("is_country"))
        members = lookup.filter(pl.col("is_country") & (pl.col(column) == name))["iso3"]
        code = str(match["m49"][0]) if match.height else ""
        out.append(Region(code, name, kind, tuple(sorted(members.drop_nulls().to_list()))))
    return tuple(out)


def regions_of(country: str) -> tuple[Region, ...]:
    """The country's UN DESA subregion and SDG region, with their member countries."""
    return _regions(*version("undesa_regions"), country)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=64)
def _latest(
    path: str, mtime: int, series: str, counterpart: str, dims: tuple, areas: tuple
) -> pl.DataFrame:
    if not mtime:
        return pl.DataFrame()
    lf = pl.scan_parquet(path).filter(
        (pl.col("series_code") == series)
        & (pl.col("counterpart_area") == counterpart)
        & pl.col("ref_area").is_in(list(areas))
        & pl.col("value").is_not_null()
    )
    for d, v in dims:
        lf = lf.filter(pl.col(d) == v)
    return collect(path, lf.sort("ref_area", "time_period"))


def _row(area: str, what: str, hit: dict | None) -> dict:
    if hit is None:
        return {"area": area, "what it is": what, "period": None, "value": None, "unit": None,
                "source": _("not covered: no published value for this area in this series"),
                "retrieved": None}  # fmt: skip
    return {"area": area, "what it is": what, "period": hit["time_period"], "value": hit["value"],
            "unit": hit["unit_measure"], "source": hit["source"],
            "retrieved": str(hit["retrieved_at"] or "")[:10] or None}  # fmt: skip


def _median_row(region: Region, rows: pl.DataFrame, period: str | None) -> dict:
    """The region's median country in `period`, computed here and labelled as such."""
    members = rows.filter(pl.col("ref_area").is_in(list(region.members)))
    if period is None or members.is_empty():
        what = _("{kind}: no member country has a value").format(kind=_(region.kind))
        return _row(region.name, what, None)
    same = members.filter(pl.col("time_period") == period)
    what = _(
        "{kind}: median of the {n} of its {total} countries with a {period} value (unweighted; "
        "computed here from the same series, not an official regional figure)"
    ).format(kind=_(region.kind), n=same.height, total=len(region.members), period=period)
    if same.is_empty():
        return _row(region.name, what, None)
    sources = "; ".join(sorted(set(same["source"].cast(pl.String).to_list())))
    hit = {"time_period": period, "value": same["value"].median(),
           "unit_measure": same["unit_measure"][0], "source": sources,
           "retrieved_at": same["retrieved_at"].cast(pl.String).max()}  # fmt: skip
    return _row(region.name, what, hit)


def comparison(
    series: str,
    counterpart: str,
    dims: tuple[tuple[str, str], ...],
    country: str,
    peers: tuple[str, ...],
) -> pl.DataFrame:
    """One row per area (country, its regions, peers): latest value with source and period."""
    regions = regions_of(country)
    members = {m for r in regions for m in r.members}
    codes = tuple(sorted({country, *peers, *members, *(r.code for r in regions if r.code)}))
    rows = _latest(*version("indicators"), series, counterpart, dims, codes)
    latest = (
        {r["ref_area"]: r for r in rows.group_by("ref_area", maintain_order=True).last().to_dicts()}
        if rows.height
        else {}
    )
    own = latest.get(country)
    lang = current_language()
    out = [_row(local_label(country, lang), _("the selected country"), own)]
    for region in regions:
        published = latest.get(region.code) if region.code else None
        if published is not None:
            what = _("{kind}: aggregate of its countries as published by the source").format(
                kind=_(region.kind)
            )
            out.append(_row(region.name, what, published))
        else:
            period = own["time_period"] if own else None
            out.append(_median_row(region, rows, period))
    peer = _("peer country")
    out += [_row(local_label(p, lang), peer, latest.get(p)) for p in peers if p != country]
    schema = {c: pl.Float64() if c == "value" else pl.String() for c in COLUMNS}
    return pl.DataFrame(out, schema=schema)

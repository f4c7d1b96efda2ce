"""Offline world map: Natural Earth 1:110m countries (bundled TopoJSON) drawn as Altair geoshapes.

The geometry is dashboard/assets/countries-110m.json (world-atlas 2.0.2, Natural Earth 4.1.0,
public domain; see dashboard/assets/README.md). It is inlined in the Vega-Lite spec, so the map
needs no tile server and no URL fetch. Feature ids are ISO 3166-1 numeric codes, matched to the
contract's ISO3 codes with pycountry.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import altair as alt
import polars as pl
import pycountry

from core.i18n import N_, _
from dashboard.components import chart_layout as layout

GEOMETRY = Path(__file__).resolve().parents[1] / "assets" / "countries-110m.json"
GEOMETRY_SOURCE = N_("Natural Earth 1:110m (public domain), via world-atlas 2.0.2")
ANTARCTICA = "010"  # drawn in no migration map; dropping it gives the inhabited world more room
HOME_COLOUR = "#d62728"
HEIGHT = 360  # the map keeps its aspect: on a phone it is narrower, not taller


@functools.cache
def topology() -> dict:
    """The bundled TopoJSON (read once per process)."""
    try:
        return dict(json.loads(GEOMETRY.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        msg = (
            f"{GEOMETRY}: cannot read the bundled map geometry ({exc}); restore it from the "
            "repository (see dashboard/assets/README.md)"
        )
        raise RuntimeError(msg) from exc


@functools.cache
def drawn_ids() -> frozenset[str]:
    """ISO numeric ids of the countries the map can draw."""
    geometries = topology()["objects"]["countries"]["geometries"]
    return frozenset(str(g["id"]) for g in geometries if g.get("id"))


def numeric_id(iso3: str) -> str | None:
    """ISO 3166-1 numeric code ('404') of an ISO3 code ('KEN'); None if ISO does not know it."""
    country = pycountry.countries.get(alpha_3=iso3)
    return str(country.numeric) if country else None


def not_drawn(codes: list[str]) -> list[str]:
    """The ISO3 codes among `codes` that have no shape on the 1:110m map."""
    ids = drawn_ids()
    return [c for c in codes if numeric_id(c) not in ids]


def _rows(df: pl.DataFrame) -> list[dict]:
    """Lookup rows keyed by numeric id: partner name, value, rank and year."""
    rows = []
    for rank, row in enumerate(df.iter_rows(named=True), start=1):
        num = numeric_id(row["partner"])
        if num is not None:
            rows.append(
                {
                    "id": num,
                    "partner": row["partner_name"],
                    "value": row["value"],
                    "rank": rank,
                    "year": row["time_period"],
                }
            )
    return rows


def partner_map(
    df: pl.DataFrame, *, home: str, home_name: str, title: str, legend: str
) -> alt.TopLevelMixin:
    """World map: every country grey, `df`'s partners shaded by value, `home` in red.

    Args:
        df: partners ranked by value, with columns partner (ISO3), partner_name, value and
            time_period (as migration_data.top_partners returns them).
        home: ISO3 of the selected country, outlined in red.
        home_name: its display name, for the tooltip.
        title: chart title (should name the period and unit).
        legend: colour legend title (the unit).
    """
    geo = alt.InlineData(
        values=topology(), format=alt.DataFormat(type="topojson", feature="countries")
    )
    lookup = alt.LookupData(
        alt.InlineData(values=_rows(df)), key="id", fields=["partner", "value", "rank", "year"]
    )
    # The grey land is decoration (aria=False): screen readers get the shaded partners.
    base = alt.Chart().mark_geoshape(fill="#e6e6e6", stroke="white", strokeWidth=0.5, aria=False)
    shaded = (
        alt.Chart()
        .transform_lookup(lookup="id", from_=lookup)
        .transform_filter("isValid(datum.value)")
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "value:Q",
                title=legend,
                scale=alt.Scale(scheme="blues", type="log"),
                legend=alt.Legend(
                    orient="bottom", direction="horizontal", gradientLength=220, labelOverlap=True
                ),
            ),
            tooltip=[
                alt.Tooltip("partner:N", title=_("Country")),
                alt.Tooltip("rank:Q", title=_("Rank")),
                alt.Tooltip("value:Q", title=legend, format=",.0f"),
                alt.Tooltip("year:N", title=_("Year")),
            ],
        )
    )
    selected = (
        alt.Chart()
        .transform_filter(alt.datum.id == (numeric_id(home) or ""))
        .transform_calculate(name=json.dumps(home_name))  # a JS string literal
        .mark_geoshape(fill=HOME_COLOUR, stroke="black", strokeWidth=0.8)
        .encode(tooltip=[alt.Tooltip("name:N", title=_("Selected country"))])
    )
    return (
        alt.layer(base, shaded, selected, data=geo)
        .transform_filter(alt.datum.id != ANTARCTICA)
        .project(type="equalEarth")
        .properties(title=layout.title(title), height=HEIGHT, width="container")
    )

"""Migration: country profile (stock, emigration, partners, refugees, remittances) and 10.7.3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _, translator
from dashboard.components import links, widgets, world_map
from dashboard.components import migration_charts as mc
from dashboard.data import loaders as data
from dashboard.data import migration as md
from dashboard.data import progress as progress_data
from dashboard.errors import show_error

CAVEAT = N_(
    "**Caveat (SDG 10.7.3 metadata 4.a):** the Missing Migrants Project count is “best "
    "understood as a minimum estimate” and “should not be used to identify trends over time”. "
    "It sums the published “Total dead and missing” of recorded incidents by IOM's region of "
    "incident and route; no country reports comprehensive data. No trend or progress rating "
    "is shown; the latest year may be incomplete (see the export date in the source file name)."
)
SIDES = {
    "origins": N_("Where migrants living in {country} come from"),
    "destinations": N_("Where emigrants from {country} live"),
}


def side_text(side: str, country: str) -> str:
    """'Where migrants living in Kenya come from' in the page's language."""
    return _(SIDES[side]).format(country=country)


st.title(_("Migration"))
widgets.render_demo_banner(data.is_demo("indicators"))  # the figures shown
if not data.has_data():
    widgets.render_no_data()
    st.stop()


def chart(
    build: Callable[..., Any], df: pl.DataFrame, shown: str, key: str, **options: Any
) -> None:
    """A chart with its source/vintage caption (unit `shown`) and CSV download."""
    widgets.render_chart(build, df, caption=mc.caption(df, shown), key=key, **options)


def section_ok(section: str, present: frozenset[str]) -> bool:
    """True when a section has data; otherwise say what to load."""
    message = md.missing_message(section, present)
    if message:
        st.info(message)
    return message is None


def metric(col: Any, label: str, item: tuple[str, float] | None, pct: bool = False) -> None:
    """One latest-value metric (persons or %), or nothing when the series is absent."""
    if item:
        number = translator().number(item[1], 2 if pct else 0)
        col.metric(f"{label}, {item[0]}", f"{number} %" if pct else number)


try:
    # 1. Select.
    present, options = md.series_present(), md.country_options()
    home = progress_data.national_settings().home()  # saved on the Settings page
    home = links.linked("country", options, home, what="country", name=widgets.country_name)
    country = (
        st.sidebar.selectbox(
            _("Country"),
            ordered := widgets.by_country_name(options),
            index=ordered.index(home) if home in ordered else 0,
            format_func=widgets.country_format(),
            key="migration_country",
        )
        if options
        else None
    )
    links.share(country=country)
    # 2. Load.
    profile = md.country_profile(country) if country else None
    deaths = md.deaths()
except EtlError as exc:
    show_error(exc)
    st.stop()

# 3. Show.
if country and profile is not None:
    name = widgets.country_name(country)
    short = widgets.place_name(country)  # chart titles: the name, never the code (issue 13)
    st.header(_("Migration profile: {country}").format(country=name))
    if section_ok("stock", present):
        cols = st.columns(4)
        metric(cols[0], _("Migrant stock"), md.latest(profile, md.STOCK))
        metric(cols[1], _("Migrants, % of population"), md.latest(profile, md.STOCK_PCT), pct=True)
        metric(cols[2], _("Emigrants"), md.latest(profile, md.EMIGRANTS))
        metric(cols[3], _("Emigration rate"), md.latest(profile, md.EMIGRATION_RATE), pct=True)
        stock = md.pick(profile, md.STOCK)
        chart(
            mc.sex_trend_chart,
            stock,
            mc.PERSONS,
            "stock_by_sex",
            title=_("International migrants living in {country}, by sex").format(country=short),
        )
        emigrants = md.pick(profile, md.EMIGRANTS)
        chart(
            mc.sex_trend_chart,
            emigrants,
            mc.PERSONS,
            "emigrants_by_sex",
            title=_("Emigrants from {country} living abroad, by sex").format(country=short),
        )

    st.header(_("Origins and destinations"))
    if section_ok("bilateral", present):
        tops = {
            "origins": md.top_partners(profile, country, "origins"),
            "destinations": md.top_partners(profile, country, "destinations"),
        }
        for side, rows in tops.items():
            title = _("{what}: top {n}").format(what=side_text(side, short), n=md.TOP_N)
            chart(
                mc.partner_bar_chart,
                rows,
                mc.PERSONS,
                f"top_{side}",
                title=title,
                partner_title=_("Country of origin") if side == "origins" else _("Destination"),
            )
        side = st.radio(
            _("Map"),
            list(SIDES),
            # labels made now, in this run's language (format_func may be called later)
            format_func={s: side_text(s, name) for s in SIDES}.__getitem__,
            horizontal=True,
            key="map_side",
        )
        rows = tops[side]
        year = rows["time_period"][0] if rows.height else ""
        with st.container(key="block_map"):
            geometry = _("Map: {source}.").format(source=_(world_map.GEOMETRY_SOURCE))
            cap = f"{mc.caption(rows, mc.PERSONS)} {geometry}"
            missing = world_map.not_drawn(rows["partner"].to_list()) if rows.height else []
            if missing:
                small = _("Too small for the 1:110m map: {codes}.").format(codes=", ".join(missing))
                cap += f" {small}"
            widgets.render_chart(
                world_map.partner_map,
                rows,
                caption=cap,
                key=f"map_{side}",
                home=country,
                home_name=name,
                title=_("{what}, {year}: top {n}").format(
                    what=side_text(side, short), year=year, n=md.TOP_N
                ),
                legend=_("Migrants (persons)"),
            )

    st.header(_("Refugees"))
    if section_ok("refugees", present):
        # Two charts: refugees from Kenya (thousands) vanish on the scale of those it hosts.
        from_here = md.pick(profile, *md.REFUGEES_FROM)
        chart(
            mc.series_trend_chart,
            from_here,
            mc.PERSONS,
            "refugees",
            title=_("Refugees from {country} (end of year)").format(country=short),
            unit=mc.PERSONS,
        )
        hosted = md.pick(profile, *md.REFUGEES_HOSTED)
        chart(
            mc.series_trend_chart,
            hosted,
            mc.PERSONS,
            "refugees_hosted",
            title=_("Refugees hosted in {country} (end of year)").format(country=short),
            unit=mc.PERSONS,
        )
        rate = md.pick(profile, md.REFUGEE_RATE)
        chart(
            mc.series_trend_chart,
            rate,
            mc.PER_100K,
            "refugee_rate",
            fmt=",.1f",
            title=_("SDG 10.7.4: refugees from {country} per 100,000").format(country=short),
            unit=mc.PER_100K,
        )

    st.header(_("Remittance inflows"))
    if section_ok("remittances", present):
        inflows = md.pick(profile, md.INFLOWS)
        chart(
            mc.series_trend_chart,
            inflows,
            mc.USD_MILLION,
            "remittance_inflows",
            title=_("Remittance inflows to {country}").format(country=short),
            unit=mc.USD_MILLION,
        )
        share = md.pick(profile, md.GDP_SHARE)
        chart(
            mc.series_trend_chart,
            share,
            mc.PCT_GDP,
            "remittance_gdp",
            fmt=".2f",
            title=_("Personal remittances received, {country}").format(country=short),
            unit=mc.PCT_GDP,
        )
elif not options:
    st.info(
        _("No country-level migration series in the published indicator table.") + " " + _(md.LOAD)
    )

st.header(_("SDG 10.7.3: migrants dead and missing"))
if section_ok("deaths", present):
    with st.container(key="mmp_caveat"):
        st.markdown(_(CAVEAT))
    years = md.death_years(deaths)
    # The export's current year covers only part of it: not the default, and labelled.
    year = st.selectbox(
        _("Year of incident"), years, index=md.first_complete(years, deaths), key="mmp_year"
    )
    parts = md.deaths_in(deaths, str(year))
    partial = md.partial_note(deaths, str(year))
    label = _("Dead and missing, all MMP regions") + (f" ({partial})" if partial else "")
    metric(st.columns(3)[0], label, md.latest(parts["world"], md.DEATHS))
    if partial:
        st.warning(
            _(
                "{year} is a {partial}: the file was exported before the year ended, so these "
                "counts are not annual totals and cannot be compared with other years."
            ).format(year=year, partial=partial)
        )
    chart(
        mc.area_bar_chart,
        parts["regions"],
        mc.PERSONS,
        "mmp_regions",
        title=_("Dead and missing by MMP region of incident, {year}").format(year=year),
        area_title=_("Region"),
    )
    chart(
        mc.area_bar_chart,
        parts["routes"],
        mc.PERSONS,
        "mmp_routes",
        title=_("Dead and missing by migration route, {year}").format(year=year),
        area_title=_("Route"),
    )
    chart(
        mc.quality_chart,
        parts["quality"],
        mc.PCT_DEAD,
        "mmp_quality",
        title=_("Source quality of the {year} count, all regions ({unit})").format(
            year=year, unit=_(mc.PCT_DEAD)
        ),
    )

"""Remittance costs (SDG 10.c.1): global average, SmaRT, country and corridor views."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import _
from dashboard.components import charts, links, widgets
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from dashboard.errors import show_error
from etl.demo.rule import missing_state
from indicators.compute.rpw_fidelity import excluded_in, rule_text
from indicators.origin import origin_note

st.title(_("Remittance costs: SDG 10.c.1"))
widgets.render_demo_banner(data.is_demo("indicators"))  # the figures shown
if not data.has_data():
    widgets.render_no_data()
    st.stop()

try:
    # 1. Select (sidebar): a country, and a corridor into it by default.
    home = progress_data.national_settings().home()  # saved on the Settings page
    options = data.area_options()
    default = links.linked(
        "country", options.countries, home, what="country", name=widgets.country_name
    )
    country = widgets.render_country_picker(options.countries, default)
    links.share(country=country)
    corridor = widgets.render_corridor_picker(options.corridors, country or home)

    # 2. Load: small cached slices of the indicator table.
    everything = data.global_series()
    world = everything.filter(everything["series_code"] == data.RPW)
    every = data.pick(everything.filter(everything["series_code"] == data.RPW_ALL), "MEAN")
    ga, smart = data.pick(world, "MEAN"), data.pick(world, "SMART3")
    share = data.pick(world, ("SHARE_BELOW_5", "SHARE_ABOVE_5"))
    smart_counts = world.filter(world["statistic"].is_in(["SMART3", "CORRIDORS_LT3_ELIGIBLE"]))
    inout = data.country_series(country) if country else ga.clear()
    gdp = data.remittance_gdp_series(country) if country else ga.clear()
    corr = data.corridor_series(*corridor) if corridor else ga.clear()
    amounts = data.pick(corr.filter(corr["series_code"] == data.RPW), "MEAN", amount=None)
    latest = data.latest_period(amounts) or ""
    providers = corr.filter(
        (corr["provider_type"] != "_T")
        & (corr["time_period"] == latest)
        & (corr["transfer_amount"] == "USD200")
        & (corr["statistic"] == "MEAN")
    )
    trend = data.corridor_trend(corr)
    cheapest = data.cheapest_services(*corridor, latest) if corridor and latest else ga.clear()
except EtlError as exc:
    show_error(exc)
    st.stop()

# 3. Show.
widgets.render_headlines(
    [
        data.headline(ga, _("Global average (USD 200)")),
        data.headline(smart, _("Global SmaRT average")),
        data.headline(data.pick(share, "SHARE_BELOW_5"), _("Corridors below 5 %")),
    ],
    inverse=[True, True, False],
)

st.header(_("Global average cost of sending USD 200"))
with st.container(key="ga_rule"):
    if ga.is_empty():  # no RPW workbook: say what to load, not which rule an absent GA follows
        st.info(missing_state(("rpw_quotes",)))
    else:
        st.markdown(rule_text(excluded_in(ga)))
both = pl.concat([ga, every])
widgets.render_chart(
    charts.trend_chart, both, caption=charts.caption(both, charts.COST_UNIT), key="global_average",
    title=_("Global average cost of sending USD 200"), rules=(charts.TARGET_3, charts.THRESHOLD_5),
)  # fmt: skip

st.subheader(_("SmaRT: the three cheapest eligible services per corridor"))
cap = charts.caption(smart_counts, _("{unit}; corridors (number)").format(unit=_(charts.COST_UNIT)))
widgets.render_chart(charts.smart_chart, smart_counts, caption=cap, key="smart")

st.subheader(_("Share of corridors with an average cost below and above 5 %"))
widgets.render_chart(
    charts.trend_chart, share, caption=charts.caption(share, charts.SHARE_UNIT), key="share",
    title=_("Corridors with average cost below / above 5 %"), unit=charts.SHARE_UNIT,
    rules=(charts.ALL_CORRIDORS,),
)  # fmt: skip

if country:
    name, short = widgets.country_name(country), widgets.place_name(country)  # titles: no code
    st.header(_("Sending money to and from {country}").format(country=name))
    widgets.render_chart(
        charts.trend_chart, inout, caption=charts.caption(inout, charts.COST_UNIT),
        key="country",
        title=_("Cost of sending USD 200 to and from {country}").format(country=short),
        rules=(charts.TARGET_3,),
    )  # fmt: skip
    widgets.render_chart(
        charts.trend_chart, gdp, caption=charts.caption(gdp, charts.GDP_UNIT),
        key="remittances_gdp",
        title=_("Personal remittances received, {country}").format(country=short),
        unit=charts.GDP_UNIT, mark_break=False,
    )  # fmt: skip

if corridor:
    label = f"{widgets.country_name(corridor[0])} → {widgets.country_name(corridor[1])}"
    names = " → ".join(widgets.place_name(c) for c in corridor)  # chart titles: no codes
    st.header(_("Corridor {corridor}").format(corridor=label))
    widgets.render_chart(
        charts.trend_chart, trend, caption=charts.caption(trend, charts.COST_UNIT),
        key="corridor_trend",
        title=_("Cost of sending USD 200, {corridor}").format(corridor=names),
        rules=(charts.TARGET_3, charts.THRESHOLD_5),
    )  # fmt: skip
    cap = charts.caption(providers, charts.COST_UNIT)
    widgets.render_chart(charts.provider_chart, providers, caption=cap, key="providers")
    widgets.render_chart(
        charts.trend_chart, amounts, caption=charts.caption(amounts, charts.COST_UNIT),
        key="amounts", title=_("USD 200 and USD 500 compared, {corridor}").format(corridor=names),
    )  # fmt: skip
    st.subheader(_("Cheapest services, {period}").format(period=latest))
    if cheapest.is_empty():
        st.info(_("No service-level quotes (rpw_quotes) published for this corridor and quarter."))
    else:
        cap = (
            _(
                "Source: RPW service quotes (rpw_quotes), {period}. Unit: total cost, "
                "% of USD 200 (cc1) and USD 500 (cc2) sent. `transparent` = fees and rate "
                "disclosed. Retrieved: {date}."
            ).format(period=latest, date=data.retrieved_on("rpw_quotes"))
            + " "
            + origin_note({"demo" if data.is_demo("rpw_quotes") else "custodian"})
        )
        widgets.render_table(cheapest, caption=cap, key="cheapest")

"""Help: what the platform is, its indicators (registry), the terms, where the data come from."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.i18n import N_, _, current_language
from core.provenance import public_url
from dashboard.components import widgets
from dashboard.data import loaders as data
from etl.registry import SOURCE_SPECS
from indicators.origin import label as origin_label
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.styles import unit_text
from indicators.registry_meta import LEVEL_NAMES, entries
from indicators.titles import indicator_name

st.title(_("Help and glossary"))
if not data.has_data():  # the help still shows: it says how to load the data
    widgets.render_no_data()
st.markdown(
    _(
        "This platform tracks the migration targets of the Sustainable Development Goals (SDG "
        "10.7: safe, orderly and regular migration; SDG 10.c: cheaper remittances) and the GFMD "
        "policy-coherence questions. It brings together the files the custodian agencies publish "
        "and the survey results your country uploads, computes each indicator the same way every "
        "time, and rates progress towards the targets. Every figure says where it comes from, for "
        "which period, and when the file behind it was retrieved."
    )
)

st.header(_("The indicators"))

rows = [
    {
        "indicator": e.code,
        "name": indicator_name(e.spec.name, current_language()),
        "unit": unit_text(e.spec.unit),
        "level": LEVEL_NAMES[e.spec.level],
        "SDG target": e.meta.sdg_target,
        "data": e.awaiting_text() or _("published indicator table"),
    }
    for e in entries()
]
widgets.render_table(
    pl.DataFrame(rows),
    caption=_(
        "The indicators this platform computes (the indicator registry). Open one in the "
        "Indicator explorer for its definition, formula and sources."
    ),
    key="help_indicators",
)

st.header(_("Terms you will meet"))
# The status names inside the "Progress status" text come from the indicators layer.
STATUS_NAMES = {
    "on_track": STATUS_LABELS[Status.SUBSTANTIAL],
    "moderate": STATUS_LABELS[Status.MODERATE],
    "limited": STATUS_LABELS[Status.LIMITED],
    "deterioration": STATUS_LABELS[Status.DETERIORATION],
    "achieved": STATUS_LABELS[Status.TARGET_ACHIEVED],
    "not_available": STATUS_LABELS[Status.NOT_AVAILABLE],
    "context": STATUS_LABELS[Status.CONTEXT],
}
TERMS: dict[str, str] = {
    N_("Corridor"): N_("A pair of countries money is sent between: a sending country and a "
    "receiving country (for example United Kingdom → Kenya)."),
    N_("Cost of sending USD 200"): N_("The total cost (fees plus the margin on the exchange "
    "rate) of sending USD 200, as a percentage of the amount sent, from the World Bank's "
    "Remittance Prices Worldwide survey. SDG 10.c.1 aims to bring it below 3 %, with no "
    "corridor above 5 %."),
    N_("Global Average"): N_("The simple average of the total cost over every corridor the survey "
    "covers in a quarter: every corridor counts the same, however much money it carries."),
    N_("SmaRT"): N_("The Smart Remitter Target: in each corridor, the average cost of the three "
    "cheapest services a typical sender can use; the global SmaRT is the average over corridors."),
    N_("Weighted average"): N_("An average in which each item counts in proportion to a "
    "weight (for example the money sent in each corridor), so large corridors count more. "
    "The Global Average is not weighted; a weighted figure always names its weight."),
    N_("Aggregate"): N_("A figure for a group of countries (a region, the world). Its label names "
    "what it aggregates and how; it is not a country's own figure."),
    N_("Level"): N_("Where the latest value stands against the indicator's thresholds (green, "
    "amber, red)."),
    N_("Progress status"): N_("Whether the trend reaches the target, by the Open SDG method. "
    "With a target: the growth achieved since the base year is compared with the growth needed "
    "to reach the target on time; 95 % or more of what is needed is “{on_track}”, 60 % to 95 % "
    "is “{moderate}”, above 0 to 60 % is “{limited}”, and moving away from the target is "
    "“{deterioration}”. Without a target: a yearly improvement of 1.5 % or more is on track, "
    "0.5 % to 1.5 % needs acceleration, 0 to 0.5 % is limited progress. “{achieved}” replaces "
    "all of these once the target is met; “{not_available}” means too few years of data; "
    "“{context}” marks context figures that have no target. Open “Why this status?” on a card "
    "for the numbers used."),
    N_("Baseline"): N_("The year progress is measured from (the indicator's base year, or the "
    "first year with data)."),
}  # fmt: skip
for term, text in TERMS.items():
    st.markdown(f"**{_(term)}.** {_(text).format(**STATUS_NAMES)}")

st.subheader(_("Where each figure comes from"))
ORIGIN_TEXT = {
    "custodian": N_("published by the international agency responsible for the indicator, "
    "taken as published."),
    "national": N_("from a survey file your country uploaded, checked, and approved by a "
    "second person (Upload, then Submissions)."),
    "derived": N_("computed here from official inputs (for example the cost averages from the "
    "survey's individual price quotes), with the formula shown in the explorer."),
    "demo": N_("synthetic figures for trying the platform; never official, always labelled, "
    "and never mixed with official data."),
}  # fmt: skip
for origin, text in ORIGIN_TEXT.items():
    st.markdown(f"- **{origin_label(origin)}**: {_(text)}")

st.header(_("Where the data come from"))
sources = pl.DataFrame(
    [
        {"source": s.title, "publisher": s.publisher, "address": public_url(s.url) or ""}
        for s in SOURCE_SPECS
    ]
)
widgets.render_table(
    sources,
    caption=_(
        "The official files this platform reads, with the publisher's address. Each "
        "figure's caption gives the file's retrieval date."
    ),
    key="help_sources",
)

st.header(_("Loading the official files"))
st.markdown(
    _(
        "With an internet connection, `make run` downloads every file above and rebuilds the "
        "data. Without one, download the files by hand from the addresses above into one folder, "
        "then run `python -m etl run --offline --raw-dir FOLDER` (the folder is searched, "
        "sub-folders included, for the publishers' file names). Each run checks the files; a file "
        "that fails the checks is reported on the Data quality page and the last good data keep "
        "serving. National survey results are added on the Upload page and published once "
        "approved on the Submissions page."
    )
)

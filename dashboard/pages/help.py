"""Help: what the platform is, its indicators (registry), the terms, where the data come from."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.provenance import public_url
from dashboard.components import widgets
from dashboard.data import loaders as data
from etl.registry import SOURCE_SPECS
from indicators.origin import LABELS as ORIGIN_LABELS
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.styles import unit_text
from indicators.registry_meta import entries

st.title("Help and glossary")
if not data.has_data():  # the help still shows: it says how to load the data
    widgets.render_no_data()
st.markdown(
    "This platform tracks the migration targets of the Sustainable Development Goals (SDG "
    "10.7: safe, orderly and regular migration; SDG 10.c: cheaper remittances) and the GFMD "
    "policy-coherence questions. It brings together the files the custodian agencies publish "
    "and the survey results your country uploads, computes each indicator the same way every "
    "time, and rates progress towards the targets. Every figure says where it comes from, for "
    "which period, and when the file behind it was retrieved."
)

st.header("The indicators")
rows = [
    {
        "indicator": e.code,
        "name": e.spec.name,
        "unit": unit_text(e.spec.unit),
        "level": e.spec.level,
        "SDG target": e.meta.sdg_target,
        "data": e.meta.awaiting or "published indicator table",
    }
    for e in entries()
]
widgets.render_table(
    pl.DataFrame(rows),
    caption="The indicators this platform computes (the indicator registry). Open one in the "
    "Indicator explorer for its definition, formula and sources.",
    key="help_indicators",
)

st.header("Terms you will meet")
ON_TRACK, MODERATE = STATUS_LABELS[Status.SUBSTANTIAL], STATUS_LABELS[Status.MODERATE]
TERMS: dict[str, str] = {
    "Corridor": "A pair of countries money is sent between: a sending country and a "
    "receiving country (for example United Kingdom → Kenya).",
    "Cost of sending USD 200": "The total cost (fees plus the margin on the exchange rate) of "
    "sending USD 200, as a percentage of the amount sent, from the World Bank's Remittance "
    "Prices Worldwide survey. SDG 10.c.1 aims to bring it below 3 %, with no corridor above 5 %.",
    "Global Average": "The simple average of the total cost over every corridor the survey "
    "covers in a quarter: every corridor counts the same, however much money it carries.",
    "SmaRT": "The Smart Remitter Target: in each corridor, the average cost of the three "
    "cheapest services a typical sender can use; the global SmaRT is the average over corridors.",
    "Weighted average": "An average in which each item counts in proportion to a weight (for "
    "example the money sent in each corridor), so large corridors count more. The Global "
    "Average is not weighted; a weighted figure always names its weight.",
    "Aggregate": "A figure for a group of countries (a region, the world). Its label names "
    "what it aggregates and how; it is not a country's own figure.",
    "Level": "Where the latest value stands against the indicator's thresholds (green, amber, "
    "red).",
    "Progress status": "Whether the trend reaches the target, by the Open SDG method. With a "
    "target: the growth achieved since the base year is compared with the growth needed to reach "
    f"the target on time; 95 % or more of what is needed is “{ON_TRACK}”, 60 % to 95 % is "
    f"“{MODERATE}”, above 0 to 60 % is “{STATUS_LABELS[Status.LIMITED]}”, and moving away "
    f"from the target is “{STATUS_LABELS[Status.DETERIORATION]}”. Without a target: a yearly "
    "improvement of 1.5 % or more is on track, 0.5 % to 1.5 % needs acceleration, 0 to 0.5 % "
    f"is limited progress. “{STATUS_LABELS[Status.TARGET_ACHIEVED]}” replaces all of these once "
    f"the target is met; “{STATUS_LABELS[Status.NOT_AVAILABLE]}” means too few years of data; "
    f"“{STATUS_LABELS[Status.CONTEXT]}” marks context figures that have no target. Open “Why "
    "this status?” on a card for the numbers used.",
    "Baseline": "The year progress is measured from (the indicator's base year, or the first "
    "year with data).",
}
for term, text in TERMS.items():
    st.markdown(f"**{term}.** {text}")

st.subheader("Where each figure comes from")
ORIGIN_TEXT = {
    "custodian": "published by the international agency responsible for the indicator, "
    "taken as published.",
    "national": "from a survey file your country uploaded, checked, and approved by a second "
    "person (Upload, then Submissions).",
    "derived": "computed here from official inputs (for example the cost averages from the "
    "survey's individual price quotes), with the formula shown in the explorer.",
    "demo": "synthetic figures for trying the platform; never official, always labelled, and "
    "never mixed with official data.",
}
for origin, text in ORIGIN_TEXT.items():
    st.markdown(f"- **{ORIGIN_LABELS[origin]}**: {text}")

st.header("Where the data come from")
sources = pl.DataFrame(
    [
        {"source": s.title, "publisher": s.publisher, "address": public_url(s.url) or ""}
        for s in SOURCE_SPECS
    ]
)
widgets.render_table(
    sources,
    caption="The official files this platform reads, with the publisher's address. Each "
    "figure's caption gives the file's retrieval date.",
    key="help_sources",
)

st.header("Loading the official files")
st.markdown(
    "With an internet connection, `make run` downloads every file above and rebuilds the "
    "data. Without one, download the files by hand from the addresses above into one folder, "
    "then run `python -m etl run --offline --raw-dir FOLDER` (the folder is searched, "
    "sub-folders included, for the publishers' file names). Each run checks the files; a file "
    "that fails the checks is reported on the Data quality page and the last good data keep "
    "serving. National survey results are added on the Upload page and published once "
    "approved on the Submissions page."
)

"""Survey rounds side by side: one country's GFMD coherence survey or 10.7.2 Inquiry, two rounds,
item by item (changed items first), open-ended answers of both rounds, scores over all rounds."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboard.components import chart_layout as layout
from dashboard.components import links, widgets
from dashboard.data import loaders as data
from dashboard.data import rounds as rounds_data
from indicators.compute.rounds import SURVEYS

st.title("Survey rounds side by side")
widgets.render_demo_banner(data.is_demo())
if not data.has_data():  # rounds are approved at the next build: nothing published, none yet
    widgets.render_no_data()
    st.stop()
template = st.radio(
    "Survey", list(SURVEYS), format_func=SURVEYS.get, horizontal=True, key="rounds_template"
)
# A new survey or country starts its dependent choices afresh (links.reset_on_change).
links.reset_on_change("rounds", template, ("rounds_country",))
countries = rounds_data.countries(template)
if not countries:
    st.info(
        f"No approved {SURVEYS[template]} round yet. Rounds appear here once a submission of "
        "this template is approved (Upload, then Submissions)."
    )
    st.stop()
country = st.selectbox("Country", countries, format_func=widgets.country_name, key="rounds_country")
links.reset_on_change("rounds_pair", (template, country), ("rounds_then", "rounds_now"))
available = rounds_data.rounds(template, country)
if len(available) < 2:
    st.info(
        f"{widgets.country_name(country)} has one approved round ({', '.join(available)}): "
        "a comparison needs two."
    )
    st.stop()
left, right = st.columns(2)
then = left.selectbox("Earlier round", available[:-1], key="rounds_then")
links.reset_on_change("rounds_later", then, ("rounds_now",))
later = [r for r in available if r > then]
now = right.selectbox("Later round", later, index=len(later) - 1, key="rounds_now")

compared = rounds_data.comparison(template, country, then, now)
n_changed = int(compared["changed"].sum())
st.subheader(f"{n_changed} of {compared.height} items changed between {then} and {now}")
table = compared.select(  # answers before the long question text, so they are seen first
    pl.col("code").alias("Code"),
    pl.col("answer_then").alias(f"Answer {then}"),
    pl.col("answer_now").alias(f"Answer {now}"),
    pl.when(pl.col("changed")).then(pl.lit("changed")).otherwise(pl.lit("")).alias("Change"),
    pl.col("question").alias("Question"),
    pl.col("group").alias("Domain / level"),
)
widgets.render_table(
    table, caption=f"Changed items first. Source: approved {SURVEYS[template]} submissions.",
    key="rounds_items",
)  # fmt: skip

st.subheader("Open-ended answers")
texts = compared.filter((pl.col("text_then") != "") | (pl.col("text_now") != ""))
if texts.is_empty():
    st.caption("Neither round has an open-ended answer.")
for i, r in enumerate(texts.iter_rows(named=True)):
    with st.container(border=True, key=f"rounds_text_{i}"):
        st.markdown(f"**{r['code']}**")
        st.text(r["question"])  # plain text: never interpreted as Markdown or HTML
        a, b = st.columns(2)
        a.caption(then)
        a.text(r["text_then"] or "(no answer)")
        b.caption(now)
        b.text(r["text_now"] or "(no answer)")

st.subheader("Scores over all rounds")
hist = rounds_data.history(template, country)
what = "coherence level" if template == "gfmd_coherence" else "10.7.2 domain"
chart = (
    alt.Chart(
        hist.with_columns(legend=pl.col("group").map_elements(layout.legend_label, pl.String)),
        title=layout.title(f"Score by {what} (0-100 %)"),
    )
    .mark_line(point=True)
    .encode(
        x=alt.X("time_period:O", title="Round"),
        y=alt.Y("score:Q", title="Score (%)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "legend:N", title=what.capitalize(), legend=layout.legend(what.capitalize())
        ),
        tooltip=["group", "time_period", alt.Tooltip("score:Q", format=".4g")],
    )
)
st.altair_chart(chart, use_container_width=True, key="rounds_chart")
wide = hist.with_columns(pl.col("score").round(2)).pivot(
    on="time_period", index="group", values="score"
)
wide = wide.rename({"group": what})
widgets.render_table(wide, caption=f"Scores (%) by {what} and round.", key="rounds_scores")

"""Survey rounds side by side: one country's GFMD coherence survey or 10.7.2 Inquiry, two rounds,
item by item (changed items first), open-ended answers of both rounds, scores over all rounds."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from core.i18n import _, current_language, ngettext, pgettext
from dashboard.components import chart_layout as layout
from dashboard.components import links, widgets
from dashboard.data import loaders as data
from dashboard.data import rounds as rounds_data
from indicators.compute.rounds import SURVEYS, answer_text

st.title(_("Survey rounds side by side"))
widgets.render_demo_banner(data.is_demo())
if not data.has_data():  # rounds are approved at the next build: nothing published, none yet
    widgets.render_no_data()
    st.stop()
survey_names = {k: _(name) for k, name in SURVEYS.items()}  # made in the page's language
template = st.radio(
    _("Survey"),
    list(SURVEYS),
    format_func=survey_names.__getitem__,
    horizontal=True,
    key="rounds_template",
)
# A new survey or country starts its dependent choices afresh (links.reset_on_change).
links.reset_on_change("rounds", template, ("rounds_country",))
countries = rounds_data.countries(template)
if not countries:
    st.info(
        _(
            "No approved {survey} round yet. Rounds appear here once a submission of this "
            "template is approved (Upload, then Submissions)."
        ).format(survey=survey_names[template])
    )
    st.stop()
country = st.selectbox(
    _("Country"),
    widgets.by_country_name(countries),
    format_func=widgets.country_format(),
    key="rounds_country",
)
links.reset_on_change("rounds_pair", (template, country), ("rounds_then", "rounds_now"))
available = rounds_data.rounds(template, country)
if len(available) < 2:
    st.info(
        _("{country} has one approved round ({rounds}): a comparison needs two.").format(
            country=widgets.country_name(country), rounds=", ".join(available)
        )
    )
    st.stop()
left, right = st.columns(2)
then = left.selectbox(_("Earlier round"), available[:-1], key="rounds_then")
links.reset_on_change("rounds_later", then, ("rounds_now",))
later = [r for r in available if r > then]
now = right.selectbox(_("Later round"), later, index=len(later) - 1, key="rounds_now")

compared = rounds_data.comparison(template, country, then, now)
n_changed = int(compared["changed"].sum())
st.subheader(
    ngettext(
        "{changed} of {total} items changed between {then} and {now}",
        "{changed} of {total} items changed between {then} and {now}",
        n_changed,  # French and Spanish agree the verb with the items changed
    ).format(changed=n_changed, total=compared.height, then=then, now=now)
)
answer = _("Answer {round}")
lang = current_language()


def word(code: str) -> str:
    """An answer code in the session's language."""
    return answer_text(code, lang)


table = compared.select(  # answers before the long question text, so they are seen first
    pl.col("code").alias(_("Code")),
    # the answer codes (yes, draft) as the language's answer words
    pl.col("answer_then")
    .map_elements(word, return_dtype=pl.String)
    .alias(answer.format(round=then)),
    pl.col("answer_now").map_elements(word, return_dtype=pl.String).alias(answer.format(round=now)),
    pl.when(pl.col("changed"))
    .then(pl.lit(pgettext("survey item", "changed")))
    .otherwise(pl.lit(""))
    .alias(_("Change")),
    pl.col("question").alias(_("Question")),
    pl.col("group").alias(_("Domain / level")),
)
widgets.render_table(
    table,
    caption=_("Changed items first. Source: approved {survey} submissions.").format(
        survey=survey_names[template]
    ),
    key="rounds_items",
)

st.subheader(_("Open-ended answers"))
texts = compared.filter((pl.col("text_then") != "") | (pl.col("text_now") != ""))
if texts.is_empty():
    st.caption(_("Neither round has an open-ended answer."))
for i, r in enumerate(texts.iter_rows(named=True)):
    with st.container(border=True, key=f"rounds_text_{i}"):
        st.markdown(f"**{r['code']}**")
        st.text(r["question"])  # plain text: never interpreted as Markdown or HTML
        a, b = st.columns(2)
        a.caption(then)
        a.text(r["text_then"] or _("(no answer)"))
        b.caption(now)
        b.text(r["text_now"] or _("(no answer)"))

st.subheader(_("Scores over all rounds"))
hist = rounds_data.history(template, country)
# Whole texts per survey: a translation cannot be assembled from "Score by {what}".
if template == "gfmd_coherence":
    what, heading = _("coherence level"), _("Coherence level")
    chart_title = _("Score by coherence level (0-100 %)")
    scores_caption = _("Scores (%) by coherence level and round.")
else:
    what, heading = _("10.7.2 domain"), _("10.7.2 domain")
    chart_title = _("Score by 10.7.2 domain (0-100 %)")
    scores_caption = _("Scores (%) by 10.7.2 domain and round.")
chart = (
    alt.Chart(
        hist.with_columns(legend=pl.col("group").map_elements(layout.legend_label, pl.String)),
        title=layout.title(chart_title),
    )
    .mark_line(point=True)
    .encode(
        x=alt.X("time_period:O", title=_("Round")),
        y=alt.Y("score:Q", title=_("Score (%)"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("legend:N", title=heading, legend=layout.legend(heading)),
        tooltip=[
            alt.Tooltip("group:N", title=heading),
            alt.Tooltip("time_period:N", title=_("Round")),
            alt.Tooltip("score:Q", title=_("Score (%)"), format=".4g"),
        ],
    )
)
st.altair_chart(chart, use_container_width=True, key="rounds_chart")
wide = hist.with_columns(pl.col("score").round(2)).pivot(
    on="time_period", index="group", values="score"
)
wide = wide.rename({"group": what})
widgets.render_table(wide, caption=scores_caption, key="rounds_scores")

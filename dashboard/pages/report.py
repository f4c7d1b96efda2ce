"""Report builder: the GFMD progress report of one country and period, as DOCX or PDF."""

from __future__ import annotations

import time

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import _, translator
from dashboard import auth
from dashboard.components import chart_layout, links, widgets
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from dashboard.data import report as page_data
from dashboard.data import uploads as uploads_data
from dashboard.errors import show_error
from dashboard.plain_text import md, md_block
from dashboard.report.model import Section
from dashboard.report.sections import BY_KEY, SECTION_KEYS

st.title(_("Progress report (GFMD)"))
widgets.render_demo_banner(data.is_demo("indicators"))  # the figures shown
store = uploads_data.get_store()
user = uploads_data.render_account(store)
if not data.has_data():
    widgets.render_no_data()
    st.stop()

# 1. Choose: country, reporting period, the report it follows, sections.
settings = progress_data.national_settings()
countries = widgets.by_country_name(progress_data.country_options())  # by the local name
left, mid, right = st.columns(3)
home = settings.home()
country = left.selectbox(
    _("Country"),
    countries,
    index=countries.index(home) if home in countries else 0,
    format_func=widgets.country_format(),
    key="report_country",
)
periods = page_data.period_options()
period = mid.selectbox(_("Reporting period"), periods, key="report_period")
earlier = [p for p in periods if p < period] or [str(int(period) - 1)]
links.reset_on_change("report_since", period, ("report_since",))  # a new period: its prior one
previous = right.selectbox(_("Compared with the report for"), earlier, key="report_since")
section_titles = {k: _(BY_KEY[k].title) for k in SECTION_KEYS}  # made in the page's language
sections = st.multiselect(
    _("Sections"),
    SECTION_KEYS,
    default=list(SECTION_KEYS),
    format_func=section_titles.__getitem__,
    key="report_sections",
)
if not country or not sections:
    st.info(_("Choose a country and at least one section."))
    st.stop()

# 2. Load: the report model (cached), with the saved narrative drafts.
# Narrative drafts are unreviewed: only signed-in contributors and approvers read them, and
# only they build files (each build is seconds of CPU; anonymous visitors cannot start one).
signed_in = auth.can(user, "view_pending")
try:
    report = page_data.report(country, period, previous, tuple(sections), with_drafts=signed_in)
    drafts = page_data.drafts(store, country, period) if signed_in else {}
except EtlError as exc:
    show_error(exc)
    st.stop()
may_write = auth.can(user, "upload", country)
st.caption(
    _(
        "Figures up to {period}, from the indicator table published {vintage} (data cut-off "
        "{cutoff}); what changed is measured against the same data up to {previous}. Generated "
        "files use the saved drafts."
    ).format(period=period, vintage=report.vintage, cutoff=report.cutoff, previous=previous)
)


def render_narrative(section: Section) -> None:
    """The officer's text: an editable area with Save for contributors, read-only otherwise."""
    draft = drafts.get(section.key)
    if may_write and store is not None and user is not None:
        text = st.text_area(
            _("Narrative"),
            value=draft.text if draft else "",
            height=160,
            key=f"narrative_{country}_{period}_{section.key}",
        )
        if st.button(_("Save draft"), key=f"save_{section.key}"):
            try:
                page_data.save(store, user, country, period, section.key, text)
            except EtlError as exc:
                show_error(exc)
            else:
                st.rerun()  # show who saved it and when, and rebuild the preview
    elif not signed_in:
        st.markdown(_("_Narrative drafts are shown to signed-in contributors and approvers._"))
    elif draft and draft.text.strip():
        st.markdown(md_block(draft.text))
    else:
        st.markdown(_("_No narrative written yet._ Contributors sign in (sidebar) to write one."))
    if draft:
        when = f"{draft.saved_at:%Y-%m-%d %H:%M}"
        st.caption(
            _("Last saved by {name} at {when} UTC.").format(name=md(draft.author), when=when)
        )


def render_auto(section: Section) -> None:
    """Preview of the automatic content: tables, charts, answers, changes, notes."""
    if not section.has_data:
        st.markdown(f"**{section.no_data_in(report.lang)}**")
    for i, table in enumerate(section.tables):
        frame = pl.DataFrame(
            [list(r) for r in table.rows], schema=list(table.columns), orient="row"
        )
        widgets.render_table(frame, caption=table.title, key=f"report_{section.key}_{i}")
    for i, chart in enumerate(section.charts):
        with st.container(key=f"block_report_chart_{section.key}_{i}"):
            # The spec is sized for print (480 px); on screen it fits the column (phones too).
            spec = chart.spec | {"width": "container", "autosize": chart_layout.AUTOSIZE.to_dict()}
            st.vega_lite_chart(spec=spec, key=f"chart_report_{section.key}_{i}")
            st.caption(md(f"{chart.caption} [{chart.note}]"))  # "US$" is not maths
            st.download_button(
                _("Download CSV"),
                data=chart.csv,
                file_name=f"report_{section.key}_{i}.csv",
                mime="text/csv",
                key=f"download_report_chart_{section.key}_{i}",
                on_click="ignore",
            )
    if section.answers:
        st.markdown(_("**Open-ended survey answers**"))
        for a in section.answers:
            who = f"({md(a.period)}, {md(a.institution)})"
            st.markdown(f"- **{md(a.item)}** {md(a.label)} {who}: {md(a.text)}")
    if section.changes:
        st.markdown(
            _("**What changed since the report for {period}**").format(
                period=report.previous_period
            )
        )
        st.markdown("\n".join(f"- {c}" for c in section.changes))
    for n in section.notes:
        st.caption(f"[{n}] {report.footnotes[n]}")


def render_front() -> None:
    """Preview of the executive summary and of what changed between survey rounds."""
    summary = report.summary
    if summary is not None:
        with st.container(border=True, key="report_summary"):
            st.header(_("Executive summary"))
            st.text(summary.lead)
            for i, table in enumerate((summary.by_level, summary.by_theme)):
                frame = pl.DataFrame([list(r) for r in table.rows], schema=list(table.columns),
                                     orient="row")  # fmt: skip
                widgets.render_table(frame, caption=table.title, key=f"report_summary_{i}")
            since = report.previous_period
            for title, lines in (
                (_("**Biggest improvements since the report for {period}**"), summary.improvements),
                (_("**Biggest setbacks since the report for {period}**"), summary.setbacks),
            ):
                st.markdown(title.format(period=since))
                st.text("\n".join(f"• {x}" for x in lines))  # plain text: data, not markup
    for i, r in enumerate(report.rounds):
        with st.container(border=True, key=f"report_rounds_{i}"):
            st.header(
                _("What changed: {survey}, {then} and {now}").format(
                    survey=r.survey, then=r.then, now=r.now
                )
            )
            st.text("\n".join(f"• {x}" for x in r.changes))
            frame = pl.DataFrame([list(x) for x in r.scores.rows], schema=list(r.scores.columns),
                                 orient="row")  # fmt: skip
            widgets.render_table(frame, caption=r.scores.title, key=f"report_rounds_scores_{i}")


render_front()

# 3. Show: each section, narrative beside the automatic content.
for section in report.sections:
    with st.container(border=True, key=f"report_section_{section.key}"):
        st.header(section.title)
        st.caption(section.intro)
        write, auto = st.columns([2, 3])
        with write:
            render_narrative(section)
        with auto:
            render_auto(section)

# 4. Generate the files. DEMO DATA only when asked for (issue 10), then watermarked.
st.header(_("Generate the report"))
if not signed_in:
    st.info(_("Sign in (sidebar) as a contributor or approver to generate the DOCX or PDF file."))
    st.stop()
if report.demo and not st.checkbox(
    _(
        "This report shows DEMO DATA (synthetic). Generate it anyway, every page watermarked "
        "DEMO DATA (the CLI's --allow-demo)"
    ),
    key="report_allow_demo",
):
    st.info(_("Reports refuse DEMO DATA by default: load the official files first."))
    st.stop()
for col, fmt in zip(st.columns(2), ("docx", "pdf"), strict=True):
    kind = fmt.upper()
    with col:
        if st.button(_("Generate {format}").format(format=kind), key=f"generate_{fmt}"):
            building = _("Building the {format} file…").format(format=kind)
            with st.status(building, expanded=False) as status:
                start = time.perf_counter()
                try:
                    page_data.generate(report, fmt)
                except EtlError as exc:
                    status.update(label=_("{format} failed").format(format=kind), state="error")
                    show_error(exc)
                else:
                    took = translator().number(time.perf_counter() - start, 1)
                    ready_in = _("{format} ready in {seconds} s").format(format=kind, seconds=took)
                    status.update(label=ready_in, state="complete")
        ready = page_data.generated(report, fmt)
        if ready is not None:
            st.download_button(
                _("Download {file}").format(file=ready[0]),
                data=ready[1],
                file_name=ready[0],
                mime=page_data.MIME[fmt],
                key=f"download_{fmt}",
                on_click="ignore",
            )

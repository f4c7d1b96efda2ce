"""Data quality: provenance and validation outcome of every dataset, and every issue found."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _, ngettext
from dashboard.components import widgets
from dashboard.data import crosscheck as crosscheck_data
from dashboard.data import loaders as data
from dashboard.errors import show_error
from dashboard.plain_text import md
from etl.pipeline.outcome import outcome_word

st.title(_("Data quality"))
widgets.render_demo_banner(data.is_demo())
if not data.has_data():
    widgets.render_no_data()
    st.stop()

# 1. Select.
severities = widgets.render_severity_filter()

# 2. Load.
try:
    status = data.dataset_status()
    run_at, outcomes, issues = data.run_report()
except EtlError as exc:
    show_error(exc)
    st.stop()
shown = issues.filter(issues["severity"].is_in(severities))

# 3. Show.
st.header(_("Datasets"))
words = {w: _(w) for w in (N_("DEMO DATA"), N_("published"), N_("not published"))}
widgets.render_table(
    status.with_columns(pl.col("status").replace(words)),  # the status words translated
    caption=_(
        "One row per dataset: the raw files it was built from (path under data/raw, sha256), "
        "when they were retrieved, rows published, validation errors and warnings, whether it "
        "is DEMO DATA, and when it was published. Source: data/clean/*.meta.json."
    ),
    key="datasets",
)

st.header(_("Last pipeline run"))
if outcomes.is_empty():
    st.info(_("No run report yet (data/reports/latest.json). Run `python -m etl run`."))
else:
    failed = outcomes.filter(outcomes["status"] == "failed")
    for source, message in failed.select("source", "message").iter_rows():
        st.error(md(f"{source}: {message}"))  # messages quote file names and cell values
    widgets.render_table(
        # a message with a catalog entry is shown in the language; any other stays as logged
        # Mapped here, in this run's thread: polars may evaluate a Python function on its own
        # threads, where the session's language is not set (English came out).
        outcomes.with_columns(
            pl.col("message").replace({m: _(m) for m in outcomes["message"].drop_nulls()}),
            pl.col("status").replace({c: outcome_word(c) for c in outcomes["status"].unique()}),
        ),
        caption=_("Run at {time}. Source: data/reports/latest.json.").format(time=run_at),
        key="outcomes",
    )

st.header(_("Validation issues"))
n_errors = issues.filter(issues["severity"] == "error").height
n_warnings = issues.height - n_errors
st.caption(
    _(
        "{issues} in the last run: {errors}, {warnings}. Errors block publication; warnings are "
        "recorded."
    ).format(
        issues=ngettext("{n} issue", "{n} issues", issues.height).format(n=issues.height),
        errors=ngettext("{n} error", "{n} errors", n_errors).format(n=n_errors),
        warnings=ngettext("{n} warning", "{n} warnings", n_warnings).format(n=n_warnings),
    )
)
if shown.is_empty():
    st.success(_("No issue of the selected severity in the last run."))
else:
    widgets.render_table(
        shown,
        caption=_("Row = row number in the source file (or dataset) named; value = value found."),
        key="issues",
    )

st.header(_("Cross-checks against custodians"))
try:
    checks = crosscheck_data.crosschecks()
except EtlError as exc:
    show_error(exc)
    st.stop()
skipped = crosscheck_data.skipped_text(checks)
if skipped:
    st.info(skipped)
if not checks.table.is_empty():
    widgets.render_table(checks.table, caption=crosscheck_data.caption(checks), key="crosschecks")

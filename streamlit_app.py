"""Entry point: navigation only (`streamlit run streamlit_app.py`)."""

from __future__ import annotations

import streamlit as st

from core.i18n import N_, _

# Plain data, so tests can list the pages without a Streamlit runtime (st.Page is inert there).
PAGE_SPECS: list[dict] = [
    {
        "page": "dashboard/pages/overview.py",
        "title": N_("Overview"),
        "url_path": "overview",
    },
    {
        "page": "dashboard/pages/explorer.py",
        "title": N_("Indicator explorer"),
        "url_path": "explorer",
    },
    {
        "page": "dashboard/pages/remittance_costs.py",
        "title": N_("Remittance costs (SDG 10.c.1)"),
        "url_path": "remittance-costs",
    },
    {
        "page": "dashboard/pages/migration.py",
        "title": N_("Migration"),
        "url_path": "migration",
    },
    {
        "page": "dashboard/pages/data_quality.py",
        "title": N_("Data quality"),
        "url_path": "data-quality",
    },
    {
        "page": "dashboard/pages/upload.py",
        "title": N_("Upload"),
        "url_path": "upload",
    },
    {
        "page": "dashboard/pages/submissions.py",
        "title": N_("Submissions"),
        "url_path": "submissions",
    },
    {
        "page": "dashboard/pages/rounds.py",
        "title": N_("Survey rounds"),
        "url_path": "rounds",
    },
    {
        "page": "dashboard/pages/report.py",
        "title": N_("Report builder"),
        "url_path": "report",
    },
    {
        "page": "dashboard/pages/settings.py",
        "title": N_("Settings"),
        "url_path": "settings",
    },
    {
        "page": "dashboard/pages/help.py",
        "title": N_("Help and glossary"),
        "url_path": "help",
    },
]

# The address bar shows each page's own name (/overview, /remittance-costs): a link can be shared.
# The root address opens the Overview too; Streamlit serves a default page only at "/", so it is
# a hidden second entry, and the visible one keeps /overview. Old underscore links still open.
HIDDEN_SPECS: list[dict] = [
    {
        "page": "dashboard/pages/overview.py",
        "title": N_("Overview"),
        "url_path": "home",
        "default": True,
    },
    {
        "page": "dashboard/pages/remittance_costs.py",
        "title": N_("Remittance costs (SDG 10.c.1)"),
        "url_path": "remittance_costs",
    },
    {
        "page": "dashboard/pages/data_quality.py",
        "title": N_("Data quality"),
        "url_path": "data_quality",
    },
]


def pages() -> list:
    """The st.Page list, titles in the language of this run (call after the language is set)."""
    return [st.Page(**{**spec, "title": _(spec["title"])}) for spec in PAGE_SPECS] + [
        st.Page(**{**spec, "title": _(spec["title"])}, visibility="hidden") for spec in HIDDEN_SPECS
    ]


if __name__ == "__main__":  # `streamlit run` and AppTest; importing only lists the pages
    from dashboard import run_log
    from dashboard.auth import keep_session
    from dashboard.components.language import render_language_selector
    from dashboard.components.status_line import render_last_updated
    from dashboard.components.widgets import render_accessible_css
    from dashboard.data import warmup
    from dashboard.data.uploads import get_store
    from dashboard.errors import run_page, warn_store_unreadable

    # run_log: the load benchmark's server-side time per run (off unless M_E_RUN_LOG is set)
    with run_log.timed_run(), warmup.page_run():  # warmup: no chart while pandas half-imported
        render_accessible_css()  # one app-wide style fix (caption contrast), before any page
        render_language_selector()  # EN/FR/ES, remembered for the session
        keep_session()  # a page switch drops the sign-in token from the address: put it back
        warn_store_unreadable(get_store)  # a damaged database: say so once, and how to restore
        render_last_updated()  # one line on every page: when the data was retrieved / approved
        # Users never see a traceback: an error becomes a message and an incident id (log).
        run_page(st.navigation(pages()))  # titles follow the language
    warmup.start()  # the page is drawn: import what later pages need while the visitor reads

"""Entry point: navigation only (`streamlit run streamlit_app.py`)."""

from __future__ import annotations

import streamlit as st

# Plain data, so tests can list the pages without a Streamlit runtime (st.Page is inert there).
PAGE_SPECS: list[dict] = [
    {
        "page": "dashboard/pages/overview.py",
        "title": "Overview",
        "url_path": "overview",
        "default": True,
    },
    {
        "page": "dashboard/pages/explorer.py",
        "title": "Indicator explorer",
        "url_path": "explorer",
    },
    {
        "page": "dashboard/pages/remittance_costs.py",
        "title": "Remittance costs (SDG 10.c.1)",
        "url_path": "remittance_costs",
    },
    {
        "page": "dashboard/pages/migration.py",
        "title": "Migration",
        "url_path": "migration",
    },
    {
        "page": "dashboard/pages/data_quality.py",
        "title": "Data quality",
        "url_path": "data_quality",
    },
    {
        "page": "dashboard/pages/upload.py",
        "title": "Upload",
        "url_path": "upload",
    },
    {
        "page": "dashboard/pages/submissions.py",
        "title": "Submissions",
        "url_path": "submissions",
    },
    {
        "page": "dashboard/pages/rounds.py",
        "title": "Survey rounds",
        "url_path": "rounds",
    },
    {
        "page": "dashboard/pages/report.py",
        "title": "Report builder",
        "url_path": "report",
    },
    {
        "page": "dashboard/pages/settings.py",
        "title": "Settings",
        "url_path": "settings",
    },
]

PAGES = [st.Page(**spec) for spec in PAGE_SPECS]

if __name__ == "__main__":  # `streamlit run` and AppTest; importing only lists the pages
    from dashboard.auth import keep_session
    from dashboard.components.language import render_language_selector
    from dashboard.components.widgets import render_accessible_css
    from dashboard.data.uploads import get_store
    from dashboard.errors import run_page, warn_store_unreadable

    render_accessible_css()  # one app-wide style fix (caption contrast), before any page
    render_language_selector()  # EN/FR/ES, remembered for the session (dashboard/language.py)
    keep_session()  # a page switch drops the sign-in token from the address: put it back
    warn_store_unreadable(get_store)  # a damaged database: say so once, and how to restore
    # Users never see a traceback: an error becomes a message and an incident id (server log).
    run_page(st.navigation(PAGES))

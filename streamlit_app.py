"""Entry point: navigation only (`streamlit run streamlit_app.py`)."""

from __future__ import annotations

import streamlit as st

# Plain data, so tests can list the pages without a Streamlit runtime (st.Page is inert there).
PAGE_SPECS: list[dict] = [
    {
        "page": "dashboard/pages/remittance_costs.py",
        "title": "Remittance costs (SDG 10.c.1)",
        "url_path": "remittance_costs",
        "default": True,
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
]

PAGES = [st.Page(**spec) for spec in PAGE_SPECS]

if __name__ == "__main__":  # `streamlit run` and AppTest; importing only lists the pages
    st.navigation(PAGES).run()

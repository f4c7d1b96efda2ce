"""The 'data last updated' line every page shows (drawn once, from streamlit_app.py)."""

from __future__ import annotations

import streamlit as st

from core.errors import EtlError
from core.i18n import _
from dashboard.data import freshness


def render_last_updated() -> str:
    """Sidebar line: latest official retrieval, latest national approval, or DEMO DATA."""
    try:
        line = freshness.text(freshness.freshness())
    except EtlError as exc:  # a damaged sidecar: the page itself says more
        line = _("Data last updated: unknown ({error}).").format(error=exc)
    st.sidebar.caption(line)
    return line

"""The language selector: one sidebar control on every page (placed by streamlit_app.py)."""

from __future__ import annotations

import streamlit as st

from core.i18n import LANGUAGE_NAMES, LANGUAGES, translator
from dashboard.language import KEY, apply_session_language, initial_language

# Right-to-left scripts (Arabic later): Streamlit draws left to right; the main area and the
# sidebar are turned with CSS `direction`, which its layout follows.
RTL_CSS = (
    "<style>section[data-testid='stMain'], section[data-testid='stSidebar'] "
    "{ direction: rtl; text-align: right; }</style>"
)


def render_language_selector() -> str:
    """Draw the selector in the sidebar; set and return the session's language."""
    if st.session_state.get(KEY) not in LANGUAGES:
        st.session_state[KEY] = initial_language()
    st.sidebar.selectbox(
        # the label names itself in all three languages: findable whatever is shown
        "Language / Langue / Idioma",
        options=list(LANGUAGES),
        format_func=lambda code: LANGUAGE_NAMES[code],
        key=KEY,
    )
    lang = apply_session_language()
    if translator(lang).rtl:
        st.html(RTL_CSS)
    return lang

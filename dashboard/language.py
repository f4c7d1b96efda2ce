"""The language of this browser session: chosen in the sidebar, remembered for the session.

Before any choice: the deployment's M_E_LANGUAGE when it is set, else the browser's language
(st.context.locale, then the Accept-Language header), else English. Pages, the template
downloads, the upload messages and the report read `session_language()`; the per-session
ContextVar of core/i18n is set for each script run, so `core.i18n._` works in page code too.
"""

from __future__ import annotations

import streamlit as st

from core.i18n import (
    LANGUAGES,
    default_language,
    from_accept_language,
    language_is_set,
    normalise,
    set_language,
)

KEY = "language"  # st.session_state key of the selector (survives page switches)


def browser_language() -> str | None:
    """The browser's language if it is one of ours (navigator.language, then Accept-Language)."""
    try:
        locale = st.context.locale
        headers = st.context.headers
    except Exception:  # no browser (bare script, some test runners): no preference
        return None
    if locale and normalise(locale) == locale.split("-")[0].lower():
        return normalise(locale)
    return from_accept_language(headers.get("Accept-Language") if headers else None)


def initial_language() -> str:
    """The language of a session that has not chosen one."""
    if language_is_set():
        return default_language()
    return browser_language() or default_language()


def session_language() -> str:
    """The session's language (the selector's value once it has been drawn)."""
    value = st.session_state.get(KEY)
    return value if value in LANGUAGES else initial_language()


def apply_session_language() -> str:
    """Set this script run's language (core.i18n ContextVar) to the session's; return it."""
    lang = session_language()
    set_language(lang)
    return lang

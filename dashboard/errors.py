"""The single place that turns domain errors (core.errors) into messages on the page."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from core.errors import EtlError, ParseError, SchemaMismatch, SourceFetchError, ValidationFailed

Level = Literal["error", "warning"]
_STILL_SERVING = "The last published data keeps serving until this is fixed."


def message_for(exc: EtlError) -> tuple[Level, str]:
    """The level and text a user sees for a domain error (pure, so it can be tested)."""
    if isinstance(exc, SourceFetchError):
        return "warning", f"{exc} {_STILL_SERVING}"
    if isinstance(exc, ValidationFailed):
        return "error", f"{exc} See the Data quality page for every issue."
    if isinstance(exc, ParseError | SchemaMismatch):
        return "error", str(exc)
    return "error", str(exc)


def show_error(exc: Exception) -> None:
    """Show a domain error as st.error / st.warning; anything else is a bug and is re-raised."""
    if not isinstance(exc, EtlError):
        raise exc
    level, text = message_for(exc)
    (st.warning if level == "warning" else st.error)(text)
    if exc.detail:
        st.caption(f"Technical detail: {exc.detail}")

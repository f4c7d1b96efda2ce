"""The single place that turns errors into messages on the page.

Domain errors (core.errors) become their message; anything else (a bug, a damaged database) a
short message with an incident id, the traceback going to the server log only (`run_page`,
wrapped around every page by streamlit_app.py).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st

from core.errors import EtlError, ParseError, SchemaMismatch, SourceFetchError, ValidationFailed
from core.i18n import N_, _
from dashboard.plain_text import md
from store.faults import StoreUnreadable

Level = Literal["error", "warning"]


def message_for(exc: EtlError) -> tuple[Level, str]:
    """The level and text a user sees for a domain error (pure, so it can be tested).

    The error's own message comes from the layer that raised it (upload checks: in the
    session's language); the sentence added here is in the session's language."""
    if isinstance(exc, SourceFetchError):
        return "warning", _(
            "{error} The last published data keeps serving until this is fixed."
        ).format(error=exc)
    if isinstance(exc, ValidationFailed):
        return "error", _("{error} See the Data quality page for every issue.").format(error=exc)
    if isinstance(exc, ParseError | SchemaMismatch):
        return "error", str(exc)
    return "error", str(exc)


def show_error(exc: Exception) -> None:
    """Show a domain error as st.error / st.warning; anything else is a bug and is re-raised."""
    if not isinstance(exc, EtlError) or isinstance(exc, StoreUnreadable):
        raise exc  # run_page logs it and shows an incident id
    level, text = message_for(exc)
    # Messages quote file names, cell values and user names: shown literally, never as Markdown.
    (st.warning if level == "warning" else st.error)(md(text))
    if exc.detail:
        st.caption(_("Technical detail: {detail}").format(detail=md(exc.detail)))


# --- unexpected errors: a short message and an incident id; the traceback goes to the log ------
log = logging.getLogger("m_e.dashboard")
if not log.handlers:  # the server's stderr (its log), with the time, whatever Streamlit configures
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
# Marked here, translated where shown (the page's language).
UNEXPECTED = N_(
    "Something went wrong on this page and it could not be shown. Your data is safe: nothing "
    "was changed. Incident id: {incident}. Give this id to your administrator; the details are "
    "in the server log."
)
STORE_DAMAGED = N_(
    "The database could not be read (incident id: {incident}). If it is damaged, the "
    "administrator restores the last backup with `python -m etl restore BACKUP_DIR` (see the "
    "README, 'Backups'). The published indicators keep serving on the other pages."
)


def incident_message(exc: BaseException, incident: str) -> str:
    """What a user sees for an unexpected error (pure): never a path, a traceback or a pid."""
    if isinstance(exc, StoreUnreadable):
        return _(STORE_DAMAGED).format(incident=incident)
    return _(UNEXPECTED).format(incident=incident)


def report_incident(exc: BaseException) -> str:
    """Log `exc` with its traceback under a new incident id, and return the id."""
    incident = secrets.token_hex(4)
    log.error("incident %s: %s", incident, type(exc).__name__, exc_info=exc)
    return incident


def run_page(page: Any) -> None:
    """Run a page (st.navigation's choice); an uncaught error becomes a message and an id.

    Streamlit's own st.stop / st.rerun are BaseExceptions and pass through untouched.
    """
    try:
        page.run()
    except Exception as exc:  # the last line of defence: log it, never show it
        incident = report_incident(exc)
        st.error(incident_message(exc, incident))


STORE_BANNER = N_(
    "The database of uploads, accounts and national settings cannot be read (incident id: "
    "{incident}): the published indicators are shown with the global targets and the default "
    "home country. The administrator restores the last backup with `python -m etl restore "
    "BACKUP_DIR`."
)


def warn_store_unreadable(open_store: Callable[[], object]) -> None:
    """One warning at the top of every page while the store's database cannot be read."""
    try:
        open_store()
    except StoreUnreadable as exc:
        st.warning(_(STORE_BANNER).format(incident=report_incident(exc)))

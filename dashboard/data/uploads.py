"""Data and actions behind the Upload and Submissions pages: the store, reports, status changes.

The pages only render; everything that reads or writes the store (store/submissions.py) goes through
here. The store handle is cached per database (DATABASE_URL or <data dir>/app.duckdb); a
DuckDB file is never created just because someone opened a page (no file = no accounts and no
submissions yet). Validation reports are kept in st.session_state by the file's sha256, so a
rerun (a click on a checkbox, a download) does not read and check the file again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
import streamlit as st

from core import config
from core.i18n import N_, NP_, _, pgettext, translator
from dashboard import auth
from dashboard.language import session_language
from dashboard.plain_text import md
from etl import io
from etl.review import TARGET, Outcome, change_status, cited_rows
from etl.uploads.prepare import UploadResult, max_upload_bytes, prepare_upload, store_upload
from store.submissions import TRANSITIONS, Status, Store, User, default_url, open_store
from store.users import may_approve_own

REPORTS = "upload_reports"  # session_state: sha256 -> UploadResult
STORED = "upload_stored"  # session_state: sha256 -> [(id, ref_area, period, rows)]
OUTCOME = "submission_outcome"  # session_state: the last status change and its rebuild
ROWS_SHOWN = 200  # rows of a submission shown on the page (the CSV has all)
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"]
NO_ACCOUNTS = N_(
    "No account exists yet. An administrator creates them with "
    "`python -m dashboard.users add NAME --role contributor` (or `--role approver`)."
)  # translated where shown: _(NO_ACCOUNTS)


@st.cache_resource(show_spinner=False)
def _open(location: str) -> Store:
    """One store handle per database (the handle opens a connection per transaction)."""
    return open_store(location)


def get_store() -> Store | None:
    """The store of this deployment, or None when nothing was ever stored (no DuckDB file)."""
    url = default_url()
    if url is not None:
        return _open(url)
    path = config.data_dir() / "app.duckdb"
    return _open(str(path)) if path.exists() else None


def limit_text() -> str:
    """The upload size limit as the page states it, in the session's language ('5 MB')."""
    size = translator().number(max_upload_bytes() / 1024 / 1024)
    return _("{size} MB").format(size=size)


def bounds_text() -> str:
    """The other upload bounds as the page states them (etl/uploads/limits.py)."""
    cfg = config.settings()
    num = translator().number
    return _("{rows} rows, {columns} columns or {chars} characters in a cell").format(
        rows=num(cfg.max_upload_rows),
        columns=num(cfg.max_upload_columns),
        chars=num(cfg.max_cell_chars),
    )


def uploader_limit_mb() -> int:
    """The file uploader's own limit in whole MB (prepare_upload enforces the exact bytes)."""
    return max(1, -(-max_upload_bytes() // (1024 * 1024)))


# --- Upload ------------------------------------------------------------------------------------
def _report_key(sha256: str, lang: str) -> str:
    """Reports are kept per language: switching language checks the file again in it."""
    return f"{sha256}:{lang}"


def cached_report(data: bytes) -> UploadResult | None:
    """The report of a file with this content already checked in this session, if any."""
    reports: dict[str, UploadResult] = st.session_state.get(REPORTS, {})
    return reports.get(_report_key(hashlib.sha256(data).hexdigest(), session_language()))


def check_file(data: bytes, file_name: str, store: Store) -> UploadResult:
    """The validation report of an uploaded file, kept in the session by its sha256.

    `current` = the approved rows of the file's template, for the preview of what changes.
    """
    lang = session_language()  # messages in the officer's language
    result = prepare_upload(data, file_name, current=store.current_rows, lang=lang)
    st.session_state.setdefault(REPORTS, {})[_report_key(result.sha256, lang)] = result
    return result


SEVERITY_WORDS: dict[str, str] = {
    "error": NP_("severity", "error"),
    "warning": NP_("severity", "warning"),
}


STATUS_WORDS: dict[str, str] = {
    "draft": NP_("status", "draft"),
    "submitted": NP_("status", "submitted"),
    "approved": NP_("status", "approved"),
    "rejected": NP_("status", "rejected"),
    "withdrawn": NP_("status", "withdrawn"),
}


def status_word(status: str) -> str:
    """A submission status as the session's language says it ('approved' / 'approuvée')."""
    word = STATUS_WORDS.get(status)
    return pgettext("status", word) if word else status


def severity_word(severity: str) -> str:
    """'error' / 'erreur' / 'error': a severity as the session's language says it."""
    word = SEVERITY_WORDS.get(severity)
    return pgettext("severity", word) if word else severity


def issues_frame(result: UploadResult) -> pl.DataFrame:
    """Every problem of a report, errors first, in file-row order: what and where, what to do.

    The severity is written in the session's language; the rule stays a code."""
    schema = {c: pl.String() for c in ("severity", "column", "value", "rule", "message")}
    frame = pl.DataFrame(
        [
            {
                "severity": i.severity,
                "row": i.row,
                "column": i.column,
                "value": None if i.value is None else str(i.value),
                "rule": i.rule,
                "message": i.message,
            }
            for i in result.issues
        ],
        schema={**schema, "row": pl.Int64()},
    )
    order = pl.col("severity").replace_strict({"error": 0, "warning": 1}, default=2)
    words = {s: severity_word(s) for s in SEVERITY_WORDS}
    return (
        frame.sort(order, pl.col("row"), nulls_last=True)
        .select("severity", "row", "column", "value", "rule", "message")
        .with_columns(pl.col("severity").replace(words))
    )


def stored_of(result: UploadResult) -> list[tuple[int, str, str, int]] | None:
    """The submissions made from this file in this session, or None if not submitted yet."""
    stored: dict[str, list[tuple[int, str, str, int]]] = st.session_state.get(STORED, {})
    return stored.get(result.sha256)


def submit(
    store: Store, result: UploadResult, user: User, note: str
) -> list[tuple[int, str, str, int]]:
    """Store an accepted upload (one submission per country and period) and remember it."""
    stored = store_upload(store, result, user, note=note.strip(), lang=session_language())
    st.session_state.setdefault(STORED, {})[result.sha256] = stored
    return stored


def warm_rebuild() -> None:
    """Start the validation worker of the rebuild that follows an approval, unless it runs.

    Great Expectations takes seconds to import (tens on a busy machine): the worker does it on
    the other core from the moment a contributor or approver signs in, while they upload and
    read, not after the click on Approve (etl/pipeline/validator.py `shared`).
    """
    from etl.pipeline import validator  # light: the worker process imports GX, not this one

    validator.prewarm()


# --- Submissions -------------------------------------------------------------------------------
def submissions(store: Store | None, user: User | None, **filters: str | None) -> pl.DataFrame:
    """Submissions matching the filters; viewers see approved ones only."""
    if store is None:
        return pl.DataFrame()
    if not auth.can(user, "view_pending"):
        filters["status"] = "approved"
    return store.submissions(**{k: v for k, v in filters.items() if v is not None})


def submission_rows(store: Store, submission_id: int) -> pl.DataFrame:
    """All stored rows of one submission."""
    return store.rows(submission_id)


def allowed_actions(row: dict, user: User | None) -> list[str]:
    """Status changes `user` may make on a submission row: approve, reject, revert, withdraw."""
    status, owner, area = str(row["status"]), str(row["created_by"]), str(row["ref_area"])
    mine = user is not None and user.name == owner
    out = []
    if status == "submitted" and auth.can(user, "approve", area):
        if may_approve_own(owner, user):  # the store enforces the same four-eyes rule
            out.append("approve")
        out.append("reject")
    if status == "approved" and auth.can(user, "revert", area):
        out.append("revert")
    may = auth.can(user, "withdraw", area) and (mine or auth.can(user, "approve", area))
    if (status, "withdrawn") in TRANSITIONS and status != "approved" and may:
        out.append("withdraw")
    return out


REVERT_TARGETS: dict[str, Status] = {
    N_("back to review (submitted)"): "submitted",
    N_("retire it (withdrawn)"): "withdrawn",
}  # the radio shows _(key)


def remember(outcome: Outcome) -> None:
    """Keep the outcome for the next run (the page reruns to show the new status)."""
    st.session_state[OUTCOME] = outcome


def last_outcome() -> Outcome | None:
    """The last status change made in this session, if any."""
    return st.session_state.get(OUTCOME)


def render_account(store: Store | None) -> User | None:
    """Sidebar: who is signed in and a sign-out button, or the sign-in form; returns the user."""
    with st.sidebar:
        if store is None:
            st.markdown(_(NO_ACCOUNTS))
            return None
        user = auth.current_user(store)
        if user is None:
            st.markdown(_("**Sign in** (contributors and approvers)"))
            if auth.sign_in_form(store, key="sidebar_sign_in") is not None:
                st.rerun()  # draw the page again as the signed-in user
            return None
        st.markdown(
            _("Signed in as **{name}** ({role})").format(
                name=md(user.name), role=auth.role_label(user)
            )
        )
        if auth.can(user, "view_pending"):  # contributors and approvers: uploads, approvals
            warm_rebuild()
        if st.button(_("Sign out"), key="sign_out"):
            auth.sign_out(store)
            st.rerun()
        return user

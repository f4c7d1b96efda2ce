"""Data and actions behind the Upload and Submissions pages: the store, reports, status changes.

The pages only render; everything that reads or writes the store (etl/store.py) goes through
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

from dashboard import auth
from dashboard.plain_text import md
from etl import config, io
from etl.store import TRANSITIONS, Status, Store, User, default_url, open_store
from etl.uploads import UploadResult, max_upload_bytes, prepare_upload, store_upload

REPORTS = "upload_reports"  # session_state: sha256 -> UploadResult
STORED = "upload_stored"  # session_state: sha256 -> [(id, ref_area, period, rows)]
OUTCOME = "submission_outcome"  # session_state: the last status change and its rebuild
ROWS_SHOWN = 200  # rows of a submission shown on the page (the CSV has all)
NATIONAL = "national_indicators"
UPLOAD_TYPES = ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"]
NO_ACCOUNTS = (
    "No account exists yet. An administrator creates them with "
    "`python -m dashboard.users add NAME --role contributor` (or `--role approver`)."
)


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
    """The upload size limit as the page states it."""
    return f"{max_upload_bytes() / 1024 / 1024:g} MB"


def uploader_limit_mb() -> int:
    """The file uploader's own limit in whole MB (prepare_upload enforces the exact bytes)."""
    return max(1, -(-max_upload_bytes() // (1024 * 1024)))


# --- Upload ------------------------------------------------------------------------------------
def cached_report(data: bytes) -> UploadResult | None:
    """The report of a file with this content already checked in this session, if any."""
    reports: dict[str, UploadResult] = st.session_state.get(REPORTS, {})
    return reports.get(hashlib.sha256(data).hexdigest())


def check_file(data: bytes, file_name: str, store: Store) -> UploadResult:
    """The validation report of an uploaded file, kept in the session by its sha256.

    `current` = the approved rows of the file's template, for the preview of what changes.
    """
    result = prepare_upload(data, file_name, current=store.current_rows)
    st.session_state.setdefault(REPORTS, {})[result.sha256] = result
    return result


def issues_frame(result: UploadResult) -> pl.DataFrame:
    """Every problem of a report, errors first, in file-row order: what and where, what to do."""
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
    return frame.sort(order, pl.col("row"), nulls_last=True).select(
        "severity", "row", "column", "value", "rule", "message"
    )


def stored_of(result: UploadResult) -> list[tuple[int, str, str, int]] | None:
    """The submissions made from this file in this session, or None if not submitted yet."""
    stored: dict[str, list[tuple[int, str, str, int]]] = st.session_state.get(STORED, {})
    return stored.get(result.sha256)


def submit(
    store: Store, result: UploadResult, user: User, note: str
) -> list[tuple[int, str, str, int]]:
    """Store an accepted upload (one submission per country and period) and remember it."""
    stored = store_upload(store, result, user, note=note.strip())
    st.session_state.setdefault(STORED, {})[result.sha256] = stored
    return stored


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
        # Four-eyes: one's own upload is approved by someone else (unless the office relaxed it).
        if not mine or config.settings().allow_self_approval:
            out.append("approve")
        out.append("reject")
    if status == "approved" and auth.can(user, "revert", area):
        out.append("revert")
    may = auth.can(user, "withdraw", area) and (mine or auth.can(user, "approve", area))
    if (status, "withdrawn") in TRANSITIONS and status != "approved" and may:
        out.append("withdraw")
    return out


TARGET: dict[str, Status] = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn"}
REVERT_TARGETS: dict[str, Status] = {
    "back to review (submitted)": "submitted",
    "retire it (withdrawn)": "withdrawn",
}


@dataclass
class Outcome:
    """What a status change did, kept in session_state so it survives the rerun after it."""

    submission_id: int
    action: str
    status: Status
    rebuilt: bool = False
    build_status: str = ""
    build_message: str = ""
    log: list[str] = field(default_factory=list)
    cited_before: int = 0
    cited_after: int = 0
    rows_before: int | None = None
    rows_after: int | None = None

    @property
    def summary(self) -> str:
        """One sentence: what changed in the published data."""
        head = f"Submission {self.submission_id} is now {self.status}."
        if not self.rebuilt:
            return head + " The published data does not change."
        if self.build_status == "failed":
            return (
                f"{head} The indicators could not be rebuilt: {md(self.build_message)} The "
                "previous indicator table keeps serving; rebuild it with `python -m etl run "
                "--offline`."
            )
        return (
            f"{head} Indicators rebuilt (indicator table {self.build_status}): "
            f"{self.cited_after:,} published row(s) now come from this submission (before: "
            f"{self.cited_before:,}); the indicator table has {_n(self.rows_after)} rows "
            f"(before: {_n(self.rows_before)})."
        )


def _n(rows: int | None) -> str:
    return "no" if rows is None else f"{rows:,}"


def _published_rows(dataset: str) -> int | None:
    """Rows of a published dataset, None when it does not exist."""
    path = io.clean_path(dataset)
    return pl.scan_parquet(path).select(pl.len()).collect().item() if path.exists() else None


def cited_rows(submission_id: int) -> int:
    """Published indicator rows whose source cites the submission (process or national rows)."""
    tags = (f"(submission {submission_id})", f"(national submission {submission_id})")
    total = 0
    for dataset in ("indicators", NATIONAL):
        path = io.clean_path(dataset)
        if path.exists():
            hit = pl.any_horizontal(pl.col("source").str.contains(t, literal=True) for t in tags)
            total += pl.scan_parquet(path).filter(hit).select(pl.len()).collect().item()
    return total


def change_status(
    store: Store,
    submission_id: int,
    action: str,
    user: User,
    reason: str,
    *,
    target: Status | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Outcome:
    """Move a submission (approve/reject/revert/withdraw); rebuild the indicators when the
    published data changes (an approval, or a revert of approved data). Raises StoreError."""
    status: Status = target or TARGET[action]
    was = str(store.submissions().filter(pl.col("id") == submission_id)["status"].first())
    outcome = Outcome(submission_id, action, status)
    outcome.cited_before = cited_rows(submission_id)
    outcome.rows_before = _published_rows("indicators")
    store.set_status(submission_id, status, user=user, reason=reason)
    if "approved" not in (was, status):
        return outcome  # only approved data is published: nothing else to rebuild
    from etl import pipeline  # the indicator build pulls in every compute module

    def log(message: str) -> None:
        outcome.log.append(message)
        progress(message)

    result = pipeline.build_indicator_table(False, log)
    outcome.rebuilt = True
    outcome.build_status, outcome.build_message = result.status, result.message
    outcome.cited_after = cited_rows(submission_id)
    outcome.rows_after = _published_rows("indicators")
    return outcome


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
            st.markdown(NO_ACCOUNTS)
            return None
        user = auth.current_user(store)
        if user is None:
            st.markdown("**Sign in** (contributors and approvers)")
            if auth.sign_in_form(store, key="sidebar_sign_in") is not None:
                st.rerun()  # draw the page again as the signed-in user
            return None
        st.markdown(f"Signed in as **{md(user.name)}** ({user.label})")
        if st.button("Sign out", key="sign_out"):
            auth.sign_out(store)
            st.rerun()
        return user

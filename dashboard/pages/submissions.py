"""Submissions: every national upload, its history and rows; approvers approve, reject, revert."""

from __future__ import annotations

import streamlit as st

from core.errors import EtlError
from core.templates import TEMPLATES
from dashboard import auth
from dashboard.components import indicator_preview, links, widgets
from dashboard.components.widgets import country_name
from dashboard.data import loaders as data
from dashboard.data import uploads as uploads_data
from dashboard.errors import show_error
from dashboard.plain_text import md
from store.submissions import STATUSES, Status

ALL = "(all)"
SHOWN = [
    "id", "template", "ref_area", "time_period", "status", "is_current", "superseded_by",
    "n_rows", "created_by", "created_at", "status_by", "status_at", "reason", "file_name", "note",
]  # fmt: skip

st.title("Submissions")
# No DEMO DATA banner: this page shows no published figure (issue 10)
store = uploads_data.get_store()
user = uploads_data.render_account(store)
if not data.has_data():
    widgets.render_no_data()
pending = auth.can(user, "view_pending")
if not pending:
    st.markdown(
        "Viewers see approved submissions only. **Sign in** in the sidebar as a contributor or "
        "approver to see submissions waiting for approval."
    )
if store is None:
    st.markdown("No approved submission yet: nothing has been uploaded.")
    st.stop()

# The last approval, rejection, revert or withdrawal of this session, and its rebuild.
outcome = uploads_data.last_outcome()
if outcome is not None:
    failed = outcome.build_status == "failed"
    if outcome.rebuilt:
        with st.status(
            "Indicators rebuilt" if not failed else "Indicator rebuild failed",
            state="error" if failed else "complete",
        ):
            for line in outcome.log or ["inputs unchanged"]:
                st.text(line)
    (st.error if failed else st.success)(outcome.describe(md))

# 1. Select.
every = uploads_data.submissions(store, user)
left, middle, right = st.columns(3)
template = left.selectbox(
    "Template",
    [ALL, *TEMPLATES],
    format_func=lambda t: t if t == ALL else TEMPLATES[t].title,
    key="sub_template",
)
areas = sorted(set(every["ref_area"].to_list())) if not every.is_empty() else []
country = middle.selectbox(
    "Country",
    [ALL, *areas],
    format_func=lambda c: c if c == ALL else country_name(c),
    key="sub_country",
)
status = right.selectbox("Status", [ALL, *STATUSES], key="sub_status") if pending else ALL

# 2. Load.
subs = uploads_data.submissions(
    store,
    user,
    template=None if template == ALL else template,
    ref_area=None if country == ALL else country,
    status=None if status == ALL else status,
)
if subs.is_empty():
    none = "No submission matches these filters." if pending else "No approved submission yet."
    st.markdown(none if not every.is_empty() or not pending else "No submission yet.")
    st.stop()

# 3. Show.
widgets.render_table(
    subs.select(SHOWN),
    caption=(
        "Newest first. is_current: the approved submission whose rows are published for its "
        "template, country and period; superseded_by: the newer approved submission that "
        "replaced it. Source: the upload store."
    ),
    key="submissions",
)
labels = {
    r["id"]: f"#{r['id']} {r['template']} {r['ref_area']} {r['time_period']} ({r['status']})"
    for r in subs.iter_rows(named=True)
}
# New filters open their first match, not a submission left over from the previous list.
links.reset_on_change("submission_id", (template, country, status), ("submission_id",))
chosen = st.selectbox(
    "Submission", list(labels), format_func=lambda i: labels[i], key="submission_id"
)
row = subs.filter(subs["id"] == chosen).row(0, named=True)
st.header(f"Submission {chosen}")
where = " (the published data of its slot)" if row["is_current"] else ""
later = f", superseded by #{row['superseded_by']}" if row["superseded_by"] is not None else ""
st.markdown(
    f"**{row['status']}**{where}{later}. {row['template']} for {country_name(row['ref_area'])}, "
    f"{row['time_period']}: {row['n_rows']:,} rows from the file {md(row['file_name'])}, "
    f"uploaded by {md(row['created_by'])} on {row['created_at']:%Y-%m-%d %H:%M} UTC."
    + (f" Reason: {md(row['reason'])}" if row["reason"] else "")
)
st.subheader("History")
widgets.render_table(
    store.history(chosen),
    caption="Every change of this submission, oldest first (the audit log).",
    key="history",
)
st.subheader("Rows")
rows = uploads_data.submission_rows(store, chosen)
with st.container(key="block_rows"):
    st.dataframe(rows.head(uploads_data.ROWS_SHOWN), hide_index=True, key="table_rows")
    st.caption(
        f"The first {min(rows.height, uploads_data.ROWS_SHOWN):,} of {rows.height:,} rows as "
        "stored; the CSV has all of them."
    )
    widgets.render_download(rows, key=f"submission_{chosen}_rows")

# 4. Act.
actions = uploads_data.allowed_actions(row, user)
if "approve" in actions:  # what approving would publish, by the pipeline's own functions
    indicator_preview.render_indicator_preview(row["template"], rows, "submission_preview")
if not actions:
    st.stop()
st.subheader("Decide")


def say(line: str) -> None:
    """One line of the rebuild log, as plain text (it may quote file names)."""
    st.text(line)


def act(action: str, reason: str = "", target: Status | None = None) -> None:
    """Change the status, rebuild the indicators if published data changes, then rerun."""
    assert user is not None and store is not None  # actions need a signed-in user
    with st.status(f"{action.capitalize()} submission {chosen}…", expanded=True) as box:
        try:
            done = uploads_data.change_status(
                store,
                chosen,
                action,
                user,
                reason,
                target=target,
                progress=say,
            )
        except EtlError as exc:
            box.update(label="Nothing changed", state="error")
            show_error(exc)
            st.stop()
        box.update(label=f"Submission {chosen} is now {done.status}", state="complete")
    uploads_data.remember(done)
    st.rerun()


if "approve" in actions and st.button("Approve", key="approve", type="primary"):
    act("approve")
if "reject" in actions:
    why = st.text_input("Reason for rejecting (required; the contributor sees it)", key="reason")
    if st.button("Reject", key="reject"):
        if why.strip():
            act("reject", why)
        st.error("Give a reason to reject: say what the contributor must correct.")
if "revert" in actions:
    to = st.radio("Revert", list(uploads_data.REVERT_TARGETS), key="revert_to", horizontal=True)
    why = st.text_input("Reason for reverting (required)", key="revert_reason")
    if st.button("Revert", key="revert"):
        if why.strip():
            act("revert", why, uploads_data.REVERT_TARGETS[to])
        st.error("Give a reason to revert: it is kept in the audit log.")
if "withdraw" in actions and st.button("Withdraw", key="withdraw"):
    act("withdraw")

"""Submissions: every national upload, its history and rows; approvers approve, reject, revert."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _, pgettext, translator
from core.templates import TEMPLATES
from dashboard import auth
from dashboard.components import indicator_preview, links, widgets
from dashboard.data import loaders as data
from dashboard.data import uploads as uploads_data
from dashboard.errors import show_error
from dashboard.plain_text import md
from store.submissions import STATUSES, Status

ALL = "(all)"  # the filters' first option (a key; shown as _(ALL_WORDS))
ALL_WORDS = N_("(all)")
# The buttons' labels and the status box of each action, translated where shown.
ACTION_LABELS: dict[str, str] = {
    "approve": N_("Approve"),
    "reject": N_("Reject"),
    "revert": N_("Revert"),
    "withdraw": N_("Withdraw"),
}
ACTION_RUNNING: dict[str, str] = {
    "approve": N_("Approving submission {id}…"),
    "reject": N_("Rejecting submission {id}…"),
    "revert": N_("Reverting submission {id}…"),
    "withdraw": N_("Withdrawing submission {id}…"),
}
SHOWN = [
    "id", "template", "ref_area", "time_period", "status", "is_current", "superseded_by",
    "n_rows", "created_by", "created_at", "status_by", "status_at", "reason", "file_name", "note",
]  # fmt: skip

num = translator().number  # this run's language
st.title(_("Submissions"))
# No DEMO DATA banner: this page shows no published figure (issue 10)
store = uploads_data.get_store()
user = uploads_data.render_account(store)
if not data.has_data():
    widgets.render_no_data()
pending = auth.can(user, "view_pending")
if not pending:
    st.markdown(
        _(
            "Viewers see approved submissions only. **Sign in** in the sidebar as a contributor "
            "or approver to see submissions waiting for approval."
        )
    )
if store is None:
    st.markdown(_("No approved submission yet: nothing has been uploaded."))
    st.stop()

# The last approval, rejection, revert or withdrawal of this session, and its rebuild.
outcome = uploads_data.last_outcome()
if outcome is not None:
    failed = outcome.build_status == "failed"
    if outcome.rebuilt:
        with st.status(
            _("Indicators rebuilt") if not failed else _("Indicator rebuild failed"),
            state="error" if failed else "complete",
        ):
            for line in outcome.log or [_("inputs unchanged")]:
                st.text(line)
    (st.error if failed else st.success)(outcome.describe(md, translator().lang))

# 1. Select.
every = uploads_data.submissions(store, user)
left, middle, right = st.columns(3)
# Option labels: bound to this run's language (a widget may format its value after the run).
tr = translator()
all_words = tr.gettext(ALL_WORDS)
template = left.selectbox(
    _("Template"),
    [ALL, *TEMPLATES],
    format_func=lambda t: all_words if t == ALL else tr.gettext(TEMPLATES[t].title),
    key="sub_template",
)
areas = widgets.by_country_name(set(every["ref_area"].to_list())) if not every.is_empty() else []
area_label = widgets.country_format()
country = middle.selectbox(
    _("Country"),
    [ALL, *areas],
    format_func=lambda c: all_words if c == ALL else area_label(c),
    key="sub_country",
)
statuses = {s: uploads_data.status_word(s) for s in STATUSES}
status = (
    right.selectbox(
        pgettext("submission", "Status"),
        [ALL, *STATUSES],
        format_func=lambda s: all_words if s == ALL else statuses[s],
        key="sub_status",
    )
    if pending
    else ALL
)

# 2. Load.
subs = uploads_data.submissions(
    store,
    user,
    template=None if template == ALL else template,
    ref_area=None if country == ALL else country,
    status=None if status == ALL else status,
)
if subs.is_empty():
    if every.is_empty() and pending:
        st.markdown(_("No submission yet."))
    else:
        st.markdown(
            _("No submission matches these filters.")
            if pending
            else _("No approved submission yet.")
        )
    st.stop()

# 3. Show.
widgets.render_table(
    subs.select(SHOWN).with_columns(pl.col("status").replace(statuses)),
    caption=_(
        "Newest first. is_current: the approved submission whose rows are published for its "
        "template, country and period; superseded_by: the newer approved submission that "
        "replaced it. Source: the upload store."
    ),
    key="submissions",
)
labels = {
    r["id"]: f"#{r['id']} {r['template']} {r['ref_area']} {r['time_period']} "
    f"({uploads_data.status_word(r['status'])})"
    for r in subs.iter_rows(named=True)
}
# New filters open their first match, not a submission left over from the previous list.
links.reset_on_change("submission_id", (template, country, status), ("submission_id",))
chosen = st.selectbox(
    _("Submission"), list(labels), format_func=lambda i: labels[i], key="submission_id"
)
row = subs.filter(subs["id"] == chosen).row(0, named=True)
st.header(_("Submission {id}").format(id=chosen))
state = f"**{uploads_data.status_word(row['status'])}**"
if row["is_current"]:
    state = _("{status} (the published data of its slot)").format(status=state)
if row["superseded_by"] is not None:
    state = _("{status}, superseded by #{id}").format(status=state, id=row["superseded_by"])
st.markdown(
    _(
        "{state}. {template} for {country}, {period}: {rows} rows from the file {file}, "
        "uploaded by {user} on {when} UTC."
    ).format(
        state=state,
        template=row["template"],
        country=widgets.country_name(row["ref_area"]),
        period=row["time_period"],
        rows=num(row["n_rows"]),
        file=md(row["file_name"]),
        user=md(row["created_by"]),
        when=f"{row['created_at']:%Y-%m-%d %H:%M}",
    )
    + (" " + _("Reason: {reason}").format(reason=md(row["reason"])) if row["reason"] else "")
)
st.subheader(_("History"))
history = store.history(chosen)
widgets.render_table(
    history.with_columns(pl.col(c).replace(statuses) for c in ("from_status", "to_status"))
    if {"from_status", "to_status"} <= set(history.columns)
    else history,
    caption=_("Every change of this submission, oldest first (the audit log)."),
    key="history",
)
st.subheader(_("Rows"))
rows = uploads_data.submission_rows(store, chosen)
with st.container(key="block_rows"):
    st.dataframe(rows.head(uploads_data.ROWS_SHOWN), hide_index=True, key="table_rows")
    st.caption(
        _("The first {shown} of {total} rows as stored; the CSV has all of them.").format(
            shown=num(min(rows.height, uploads_data.ROWS_SHOWN)), total=num(rows.height)
        )
    )
    widgets.render_download(rows, key=f"submission_{chosen}_rows")

# 4. Act.
actions = uploads_data.allowed_actions(row, user)
if "approve" in actions:  # what approving would publish, by the pipeline's own functions
    indicator_preview.render_indicator_preview(row["template"], rows, "submission_preview")
if not actions:
    st.stop()
st.subheader(_("Decide"))


def say(line: str) -> None:
    """One line of the rebuild log, as plain text (it may quote file names)."""
    st.text(line)


def act(action: str, reason: str = "", target: Status | None = None) -> None:
    """Change the status, rebuild the indicators if published data changes, then rerun."""
    assert user is not None and store is not None  # actions need a signed-in user
    with st.status(_(ACTION_RUNNING[action]).format(id=chosen), expanded=True) as box:
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
            box.update(label=_("Nothing changed"), state="error")
            show_error(exc)
            st.stop()
        now = _("Submission {id} is now {status}").format(
            id=chosen, status=uploads_data.status_word(done.status)
        )
        box.update(label=now, state="complete")
    uploads_data.remember(done)
    st.rerun()


if "approve" in actions and st.button(_(ACTION_LABELS["approve"]), key="approve", type="primary"):
    act("approve")
if "reject" in actions:
    why = st.text_input(_("Reason for rejecting (required; the contributor sees it)"), key="reason")
    if st.button(_(ACTION_LABELS["reject"]), key="reject"):
        if why.strip():
            act("reject", why)
        st.error(_("Give a reason to reject: say what the contributor must correct."))
if "revert" in actions:
    targets = {_(k): v for k, v in uploads_data.REVERT_TARGETS.items()}  # words -> status
    to = st.radio(_(ACTION_LABELS["revert"]), list(targets), key="revert_to", horizontal=True)
    why = st.text_input(_("Reason for reverting (required)"), key="revert_reason")
    if st.button(_(ACTION_LABELS["revert"]), key="revert"):
        if why.strip():
            act("revert", why, targets[to])
        st.error(_("Give a reason to revert: it is kept in the audit log."))
if "withdraw" in actions and st.button(_(ACTION_LABELS["withdraw"]), key="withdraw"):
    act("withdraw")

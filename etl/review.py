"""Review of national submissions: approve, reject, revert or withdraw, then rebuild.

One workflow for the Submissions page and the CLI (`python -m etl review`): the status change is
stored (with its audit row) and, when published data changes (an approval, or a revert of
approved data), the indicator table is rebuilt from the approved submissions.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from core.errors import EtlError
from core.i18n import NP_, add_lang_argument, current_language, translator
from etl import io
from store.submissions import Status, Store, User

NATIONAL = "national_indicators"


TARGET: dict[str, Status] = {"approve": "approved", "reject": "rejected", "withdraw": "withdrawn"}
# What the rebuild did to the indicator table, as the outcome sentence says it.
BUILD_WORDS: dict[str, str] = {
    "published": NP_("indicator table", "published"),
    "unchanged": NP_("indicator table", "unchanged"),
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
        return self.describe()

    def describe(self, escape: Callable[[str], str] = str, lang: str = "en") -> str:
        """The summary, with the build message passed through `escape` (a page shows it as
        markdown, and the message may quote a file name someone uploaded), in `lang`."""
        _ = translator(lang)
        status = _.pgettext("status", self.status)  # marked in dashboard/data/uploads.py
        build = BUILD_WORDS.get(self.build_status)
        ids = {"id": self.submission_id, "status": status}
        if not self.rebuilt:
            return _("Submission {id} is now {status}. The published data does not change.").format(
                **ids
            )
        if self.build_status == "failed":
            return _(
                "Submission {id} is now {status}. The indicators could not be rebuilt: {error} "
                "The previous indicator table keeps serving; rebuild it with `python -m etl run "
                "--offline`."
            ).format(**ids, error=escape(self.build_message))
        return _(
            "Submission {id} is now {status}. Indicators rebuilt (indicator table {build}): "
            "{cited} published row(s) now come from this submission (before: {cited_before}); "
            "the indicator table has {rows} rows (before: {rows_before})."
        ).format(
            **ids,
            build=_.pgettext("indicator table", build) if build else self.build_status,
            cited=_.number(self.cited_after),
            cited_before=_.number(self.cited_before),
            rows=_n(self.rows_after, lang),
            rows_before=_n(self.rows_before, lang),
        )


def _n(rows: int | None, lang: str = "en") -> str:
    """A row count; a table that does not exist has 'no' rows (0 in other languages)."""
    if rows is None:
        return "no" if lang == "en" else "0"
    return translator(lang).number(rows)


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
    row = store.submissions().filter(pl.col("id") == submission_id)
    was, template = str(row["status"].first()), str(row["template"].first())
    outcome = Outcome(submission_id, action, status)
    outcome.cited_before = cited_rows(submission_id)
    outcome.rows_before = _published_rows("indicators")
    publishes = "approved" in (was, status)  # only approved data is published
    # lazy: the indicator build pulls in every compute module
    from etl.pipeline import incremental, indicators, validator

    # before the change: which rows this template's indicators own now (an incremental rebuild)
    before = incremental.snapshot([template], store) if publishes else None
    store.set_status(submission_id, status, user=user, reason=reason)
    if not publishes:
        return outcome  # nothing else to rebuild

    def log(message: str) -> None:
        outcome.log.append(message)
        progress(message)

    result = indicators.build_indicator_table(False, log, validator.shared(), before, store)
    outcome.rebuilt = True
    outcome.build_status, outcome.build_message = result.status, result.message
    outcome.cited_after = cited_rows(submission_id)
    outcome.rows_after = _published_rows("indicators")
    return outcome


ACTIONS: dict[str, Status] = {**TARGET, "revert": "submitted"}
# The actions as the refusal says them ("… may not approve").
ACTION_WORDS: dict[str, str] = {
    "approve": NP_("review action", "approve"),
    "reject": NP_("review action", "reject"),
    "revert": NP_("review action", "revert"),
    "withdraw": NP_("review action", "withdraw"),
}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the `review` subcommand (approve/reject/revert/withdraw) on the main parser."""
    p = sub.add_parser(
        "review",
        help="approve, reject, revert or withdraw a national submission, then rebuild",
    )
    p.add_argument("submission", type=int, help="submission id (see the Submissions page)")
    p.add_argument("action", choices=sorted(ACTIONS), help="what to do with it")
    p.add_argument("--user", required=True, help="your account (needs the approver role)")
    p.add_argument("--reason", default="", help="required to reject or revert")
    add_lang_argument(p)


def run(args: argparse.Namespace) -> int:
    """Handler of `review`; returns the exit status (0 done, 1 refused)."""
    from store.submissions import open_store  # lazy: imports the database driver
    from store.users import can, role_label

    lang = current_language()  # set from --lang by etl/__main__.py
    _ = translator(lang)
    store = open_store()
    user = store.get_user(args.user)
    if user is None:
        print(
            _("error: no enabled account {user}. Ask an admin to add it.").format(
                user=repr(args.user)
            ),
            file=sys.stderr,
        )
        return 1
    if args.action != "withdraw" and not can(
        user, "revert" if args.action == "revert" else "approve"
    ):
        print(
            _("error: {user} ({role}) may not {action}.").format(
                user=repr(args.user),
                role=role_label(user),
                action=_.pgettext("review action", ACTION_WORDS[args.action]),
            ),
            file=sys.stderr,
        )
        return 1
    try:
        outcome = change_status(
            store,
            args.submission,
            args.action,
            user,
            args.reason,
            target=ACTIONS[args.action],
            progress=lambda line: print(f"  {line}"),  # the rebuild's steps, as they happen
        )
    except EtlError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return 1
    print(outcome.describe(lang=lang))
    return 0

"""Typed domain errors: each carries a message a non-programmer can act on.

The message is written when the exception is built, in the language in use at that moment
(`core.i18n.use_language`: the page's or the command's `--lang`). Its fixed words come from the
catalogs; the parts a caller passes (`problem`, `hint`, `reason`) are translated by the caller,
and file names, codes and values are filled into placeholders, never into a msgid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.i18n import N_, _, ngettext

Severity = Literal["error", "warning"]
# ParseError's hint when the caller gives none (translated when the error is built).
CHECK_ORIGINAL = N_("Check that this is the unmodified file from the publisher.")


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found in a dataset, addressable down to row, column and value."""

    dataset: str
    rule: str
    column: str | None
    row: int | None
    value: str | None
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        """Plain dict for JSON reports and tables."""
        return {
            "dataset": self.dataset,
            "rule": self.rule,
            "column": self.column,
            "row": self.row,
            "value": self.value,
            "severity": self.severity,
            "message": self.message,
        }


class EtlError(Exception):
    """Base class: `str(exc)` is the user-facing message, `detail` the technical part."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class SourceFetchError(EtlError):
    """A download failed (network, HTTP status, truncated body, API error envelope)."""

    def __init__(self, source: str, url: str, reason: str, status: int | None = None) -> None:
        self.source, self.url, self.status = source, url, status
        message = (
            _(
                "Could not download {source} from {url} (HTTP {status}): {reason}. Check the "
                "connection, or download the file by hand and run "
                "`python -m etl run --offline --raw-dir DIR`."
            )
            if status is not None
            else _(
                "Could not download {source} from {url}: {reason}. Check the connection, or "
                "download the file by hand and run `python -m etl run --offline --raw-dir DIR`."
            )
        )
        super().__init__(
            message.format(source=source, url=url, status=status, reason=reason), detail=reason
        )


class ParseError(EtlError):
    """A file is not in the published format; names the file, row, column and value."""

    def __init__(
        self,
        path: str,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        hint: str | None = None,
    ) -> None:
        """`problem` and `hint` in the language in use (the caller's `_()`); no hint: "Check
        that this is the unmodified file from the publisher." in that language."""
        self.path, self.row, self.column, self.value = path, row, column, value
        loc = "".join(
            [
                _(", row {row}").format(row=row) if row is not None else "",
                _(", column '{column}'").format(column=column) if column is not None else "",
                _(", value {value}").format(value=repr(value)) if value is not None else "",
            ]
        )
        hint = _(CHECK_ORIGINAL) if hint is None else hint
        super().__init__(
            _("{path}{location}: {problem}. {hint}").format(
                path=path, location=loc, problem=problem, hint=hint
            )
        )


class SchemaMismatch(EtlError):
    """Columns missing from (or unexpected in) a file."""

    def __init__(self, dataset: str, path: str, missing: Sequence[str]) -> None:
        self.dataset, self.path, self.missing = dataset, path, list(missing)
        message = ngettext(
            "{path}: the {dataset} file lacks the column {columns}. The publisher may have "
            "changed the format; download the file again or report it.",
            "{path}: the {dataset} file lacks the columns {columns}. The publisher may have "
            "changed the format; download the file again or report it.",
            len(self.missing),
        )
        super().__init__(
            message.format(path=path, dataset=dataset, columns=", ".join(self.missing))
        )


class ValidationFailed(EtlError):
    """Validation found errors: the dataset is not published and the last good one keeps serving."""

    def __init__(self, dataset: str, issues: Sequence[ValidationIssue]) -> None:
        self.dataset, self.issues = dataset, list(issues)
        errors = [i for i in issues if i.severity == "error"]
        first = errors[0].message if errors else ""
        message = ngettext(
            "{dataset}: {n} validation error; not published, the previous version keeps "
            "serving. First: {first}",
            "{dataset}: {n} validation errors; not published, the previous version keeps "
            "serving. First: {first}",
            len(errors),
        )
        super().__init__(message.format(dataset=dataset, n=len(errors), first=first))


class StoreError(EtlError):
    """A storage operation was refused or failed; the message says what to do."""


class UploadError(EtlError):
    """A file that cannot be read at all (empty, too large, not a table, unknown template)."""

    def __init__(self, file_name: str, rule: str, problem: str, hint: str) -> None:
        """`problem` and `hint` in the reader's language (etl/uploads/read.py translates them)."""
        self.file_name, self.rule = file_name, rule
        super().__init__(f"{file_name}: {problem}. {hint}")


class StoreUnreadable(EtlError):
    """The database file is damaged or not a database: restore it from a backup."""

"""Typed domain errors: each carries a message a non-programmer can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
        where = f" (HTTP {status})" if status is not None else ""
        super().__init__(
            f"Could not download {source} from {url}{where}: {reason}. "
            "Check the connection, or download the file by hand and run "
            "`python -m etl run --offline --raw-dir DIR`.",
            detail=reason,
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
        hint: str = "Check that this is the unmodified file from the publisher.",
    ) -> None:
        self.path, self.row, self.column, self.value = path, row, column, value
        loc = "".join(
            [
                f", row {row}" if row is not None else "",
                f", column '{column}'" if column is not None else "",
                f", value {value!r}" if value is not None else "",
            ]
        )
        super().__init__(f"{path}{loc}: {problem}. {hint}")


class SchemaMismatch(EtlError):
    """Columns missing from (or unexpected in) a file."""

    def __init__(self, dataset: str, path: str, missing: Sequence[str]) -> None:
        self.dataset, self.path, self.missing = dataset, path, list(missing)
        super().__init__(
            f"{path}: the {dataset} file lacks the column(s) {', '.join(missing)}. "
            "The publisher may have changed the format; download the file again or report it."
        )


class ValidationFailed(EtlError):
    """Validation found errors: the dataset is not published and the last good one keeps serving."""

    def __init__(self, dataset: str, issues: Sequence[ValidationIssue]) -> None:
        self.dataset, self.issues = dataset, list(issues)
        errors = [i for i in issues if i.severity == "error"]
        first = errors[0].message if errors else ""
        super().__init__(
            f"{dataset}: {len(errors)} validation error(s); not published, the previous "
            f"version keeps serving. First: {first}"
        )


class StoreError(EtlError):
    """A storage operation was refused or failed; the message says what to do."""


class UploadError(EtlError):
    """A file that cannot be read at all (empty, too large, not a table, unknown template)."""

    def __init__(self, file_name: str, rule: str, problem: str, hint: str) -> None:
        self.file_name, self.rule = file_name, rule
        super().__init__(f"{file_name}: {problem}. {hint}")


class StoreUnreadable(EtlError):
    """The database file is damaged or not a database: restore it from a backup."""

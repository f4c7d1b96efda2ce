"""Prepare an upload: read, recognise the template, check, and preview what it would change.

Pure: no database and no files written. The page and the CLI show the result; storing is the
caller's decision (errors block it, warnings need the submitter's confirmation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from core.config import settings
from core.errors import ValidationIssue
from core.i18n import translator
from core.templates import TEMPLATES
from etl.uploads.checks import check_upload
from etl.uploads.read import RawTable, UploadError, detect_template, read_upload

if TYPE_CHECKING:  # the store (DuckDB/psycopg) is needed only to store, not to check
    from store.submissions import Store
    from store.users import User

AUDIT_COLUMNS = ("template_version", "submitted_by", "submitted_on")
STATUS = "status"  # diff column: new / changed / unchanged


@dataclass(frozen=True)
class UploadResult:
    """What an upload contains, what is wrong with it, and what storing it would change."""

    file_name: str
    sha256: str
    template: str | None  # None when the file could not be read or recognised
    rows: pl.DataFrame
    issues: list[ValidationIssue]
    read_as: str = ""  # e.g. "CSV, cp1252, semicolon-separated"
    encoding: str | None = None
    separator: str | None = None
    diff: pl.DataFrame = field(default_factory=pl.DataFrame)
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[ValidationIssue]:
        """Issues that block storing."""
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[ValidationIssue]:
        """Issues the submitter must confirm."""
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def accepted(self) -> bool:
        """True when nothing blocks storing (warnings may still need confirmation)."""
        return self.template is not None and not self.errors


def max_upload_bytes() -> int:
    """The configured upload limit (M_E_MAX_UPLOAD_MB) in bytes."""
    return int(settings().max_upload_mb * 1024 * 1024)


def _compared(template: str) -> list[str]:
    """Columns whose change counts as a changed row: all but the key and the audit trail."""
    tpl = TEMPLATES[template]
    return [c for c in tpl.column_names if c not in tpl.key and c not in AUDIT_COLUMNS]


def _as_text(df: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """Columns cast to text so that a stored Int32 and an uploaded Int64 compare equal."""
    return df.select(
        [
            pl.col(c).cast(pl.String).fill_null("") if c in df.columns else pl.lit("").alias(c)
            for c in columns
        ]
    )


def preview_diff(template: str, rows: pl.DataFrame, current: pl.DataFrame | None) -> pl.DataFrame:
    """Per uploaded row: key, status (new/changed/unchanged), changed columns, old/new values."""
    tpl = TEMPLATES[template]
    key, compared = list(tpl.key), _compared(template)
    new = _as_text(rows, key + compared)
    if current is None or current.height == 0:
        return new.select(key).with_columns(
            pl.lit("new").alias(STATUS), *(pl.lit("").alias(c) for c in ("changed", "old", "new"))
        )
    old = _as_text(current, key + compared).unique(subset=key, keep="last")
    old = old.rename({c: f"{c}__old" for c in compared}).with_columns(_found=pl.lit(True))
    j = new.join(old, on=key, how="left", nulls_equal=True)
    differs = [pl.when(pl.col(c) != pl.col(f"{c}__old")).then(pl.lit(c)) for c in compared]
    j = j.with_columns(pl.concat_list(differs).list.drop_nulls().alias("_changed"))
    status = (
        pl.when(pl.col("_found").is_null())
        .then(pl.lit("new"))
        .when(pl.col("_changed").list.len() > 0)
        .then(pl.lit("changed"))
        .otherwise(pl.lit("unchanged"))
    )

    def shown(suffix: str) -> pl.Expr:
        parts = [
            pl.when(pl.col("_changed").list.contains(c)).then(
                pl.format(f"{c}={{}}", pl.col(f"{c}{suffix}"))
            )
            for c in compared
        ]
        return pl.concat_list(parts).list.drop_nulls().list.join("; ")

    return j.select(
        *key,
        status.alias(STATUS),
        pl.col("_changed").list.join(", ").alias("changed"),
        shown("__old").alias("old"),
        shown("").alias("new"),
    )


def _summary(
    rows: pl.DataFrame, issues: list[ValidationIssue], diff: pl.DataFrame
) -> dict[str, int]:
    """Counts for the page and the CLI."""
    counts = dict(diff.group_by(STATUS).len().iter_rows()) if diff.height else {}
    return {
        "rows": rows.height,
        "errors": sum(1 for i in issues if i.severity == "error"),
        "warnings": sum(1 for i in issues if i.severity == "warning"),
        "new": int(counts.get("new", 0)),
        "changed": int(counts.get("changed", 0)),
        "unchanged": int(counts.get("unchanged", 0)),
    }


Current = pl.DataFrame | Callable[[str], pl.DataFrame | None] | None


def prepare_table(
    table: RawTable,
    sha256: str,
    *,
    current: Current,
    template: str | None = None,
    lang: str = "en",
) -> UploadResult:
    """Check an already read table (e.g. converted from Open SDG) and preview its changes.

    `lang`: the language of the issue messages (the file itself may be in any of the three).
    """
    try:
        name = template or detect_template(table.columns, table.file_name, lang)
    except UploadError as exc:
        return _rejected(table.file_name, sha256, exc)
    rows, issues = check_upload(name, table, lang)
    diff = preview_diff(name, rows, current(name) if callable(current) else current)
    return UploadResult(
        file_name=table.file_name,
        sha256=sha256,
        template=name,
        rows=rows,
        issues=issues,
        read_as=table.describe(lang),
        encoding=table.encoding,
        separator=table.separator,
        diff=diff,
        summary=_summary(rows, issues, diff),
    )


def _rejected(file_name: str, sha256: str, exc: UploadError) -> UploadResult:
    """A result for a file that could not be read or recognised: one error, no rows."""
    issue = ValidationIssue("upload", exc.rule, None, None, None, "error", str(exc))
    return UploadResult(file_name, sha256, None, pl.DataFrame(), [issue], summary={"errors": 1})


def prepare_upload(
    data: bytes, file_name: str, *, current: Current, lang: str = "en"
) -> UploadResult:
    """Read, recognise, check and diff an uploaded file against the current rows of its template.

    `current` is the stored rows of the file's template, or a function template -> rows (the
    template is only known once the header is read), or None for no comparison.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        table = read_upload(data, file_name, max_bytes=max_upload_bytes(), lang=lang)
    except UploadError as exc:
        return _rejected(file_name, sha256, exc)
    return prepare_table(table, sha256, current=current, lang=lang)


SLOT = ("ref_area", "time_period")  # one submission per country and period


def store_upload(
    store: Store, result: UploadResult, user: User, *, note: str = "", lang: str = "en"
) -> list[tuple[int, str, str, int]]:
    """Store an accepted upload: one submission per (ref_area, time_period) slot, in file order.

    Returns (submission id, ref_area, time_period, rows) per slot. All slots are stored in one
    transaction (all or nothing); a result with errors is refused and nothing is stored.
    """
    if not result.accepted or result.template is None:
        _ = translator(lang)
        raise UploadError(
            result.file_name,
            "not_accepted",
            _("{count} error(s), so nothing was stored").format(count=len(result.errors)),
            _("Correct the file and upload it again."),
        )
    from store.submissions import Part  # imports the database driver: only when storing

    slots = result.rows.partition_by(list(SLOT), as_dict=True, maintain_order=True)
    label = f"of {len(slots)} of {result.file_name}"
    parts = [
        Part(str(area), str(period), rows, note or f"part {n} {label}")
        for n, ((area, period), rows) in enumerate(slots.items(), start=1)
    ]
    ids = store.create_submissions(
        template=result.template,
        file_name=result.file_name,
        sha256=result.sha256,
        user=user,
        parts=parts,
    )
    return [(i, p.ref_area, p.time_period, p.rows.height) for i, p in zip(ids, parts, strict=True)]

"""Shared helpers for the upload tests: build a template CSV from rows of overrides."""

from __future__ import annotations

import csv
import io

from core.errors import ValidationIssue
from core.templates import TEMPLATES
from etl.uploads.checks import check_upload
from etl.uploads.read import read_upload
from etl.uploads.template_files import example_rows


def csv_bytes(name: str, rows: list[dict[str, str]], *, base: int = 0) -> bytes:
    """A template CSV whose rows are example row `base` updated with each dict."""
    tpl = TEMPLATES[name]
    example = example_rows(name)[base]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(tpl.column_names)
    for over in rows:
        row = {**example, **over}
        w.writerow([row.get(c, "") for c in tpl.column_names])
    return buf.getvalue().encode()


def issues_of(name: str, rows: list[dict[str, str]], *, base: int = 0) -> list[ValidationIssue]:
    """Every issue of a CSV built by csv_bytes."""
    data = csv_bytes(name, rows, base=base)
    _, issues = check_upload(name, read_upload(data, f"{name}.csv", max_bytes=10**7))
    return issues


def only(issues: list[ValidationIssue], rule: str) -> list[ValidationIssue]:
    """Issues of one rule."""
    return [i for i in issues if i.rule == rule]

"""Run a dataset's Great Expectations suite on a polars frame and return ValidationIssue rows.

`df.to_pandas()` here is the only pandas boundary, and only the checked columns cross it. GX
runs with result_format SUMMARY and `partial_unexpected_count` = the cap: it counts every
offending row but returns only the first `cap` row indices, so a rule broken by 25,000 rows costs
no more than one broken by 25. Each offending row becomes one issue (up to the cap), followed by
one summary issue for the rest. Values and row numbers are read back from the polars frame.

Messages are written in the language asked (`lang`; None: the one in use, `core.i18n`): the
suites hold English msgids (etl/validation/suites/common.py), translated here with their words,
and the row, column, value and codes filled into the placeholders.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import great_expectations as gx
import polars as pl
from great_expectations.core.batch_definition import BatchDefinition
from great_expectations.data_context.types.base import ProgressBarsConfig

from core.contract import SCHEMA as INDICATOR_SCHEMA
from core.errors import Severity, ValidationIssue
from core.i18n import Translator, translator
from etl.registry import DATASETS, SOURCE_SPECS
from etl.validation.suites.catalog import prepare, suite_for
from etl.validation.suites.common import INDICATORS, ROW

CAP = 200  # issues listed per failed expectation; the rest are counted in one summary issue
ISSUE_SCHEMA: dict[str, pl.DataType] = {
    "dataset": pl.String(),
    "rule": pl.String(),
    "column": pl.String(),
    "row": pl.Int64(),
    "value": pl.String(),
    "severity": pl.String(),
    "message": pl.String(),
}
# Columns named after the row number in messages, so a row can be found without the file: each
# source declares its own on its SourceSpec; the indicator table's is here.
LOCATORS: dict[str, tuple[str, ...]] = {
    **{spec.dataset: spec.locator for spec in SOURCE_SPECS if spec.locator},
    INDICATORS: ("series_code", "ref_area", "counterpart_area", "time_period"),
}
_NOT_BROKEN_DOWN = "_T"  # left out of key values shown to users: it means "total"

# GX logs at INFO/WARNING for routine steps (datasource added, ...): not for our users.
logging.getLogger("great_expectations").setLevel(logging.ERROR)


def _with_row_numbers(df: pl.DataFrame) -> pl.DataFrame:
    """Add `_row`: the Excel sheet row when the dataset has one, else the 1-based row number."""
    position = pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    if "sheet_row" in df.columns:
        return df.with_columns(pl.coalesce(pl.col("sheet_row").cast(pl.Int64), position).alias(ROW))
    return df.with_columns(position.alias(ROW))


@cache
def _context() -> Any:
    """One ephemeral GX context per process, progress bars off, nothing written to disk."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas("frames")
    return context


@cache
def _batch_definition(dataset: str) -> BatchDefinition:
    """A whole-dataframe batch definition for `dataset` (one asset each), cached."""
    source = _context().data_sources.get("frames")
    return source.add_dataframe_asset(dataset).add_batch_definition_whole_dataframe("all")


def _schema_columns(dataset: str) -> tuple[str, ...]:
    """Columns the dataset must have (its polars schema)."""
    return tuple(INDICATOR_SCHEMA) if dataset == INDICATORS else tuple(DATASETS[dataset])


def _checked_columns(suite: gx.ExpectationSuite) -> list[str]:
    """Every column an expectation (or its row condition) reads, plus its detail column."""
    out: list[object] = []
    for e in suite.expectations:
        condition = getattr(e, "row_condition", None)
        out += [
            *(getattr(e, "column_list", None) or []),
            getattr(e, "column", None),
            (e.meta or {}).get("detail"),
            getattr(getattr(condition, "column", None), "name", None),
        ]
    return list(dict.fromkeys(c for c in out if isinstance(c, str)))


def _missing_columns(dataset: str, df: pl.DataFrame, t: Translator) -> list[ValidationIssue]:
    """One error per schema column absent from the frame (the suite cannot run without it)."""
    message = t.gettext(
        "{dataset}: the column {column} is missing, so the data cannot be checked. The "
        "parse/clean step must produce every column of etl/schemas.py; report this as a bug."
    )
    return [
        ValidationIssue(
            dataset,
            "missing_column",
            c,
            None,
            None,
            "error",
            message.format(dataset=dataset, column=c),
        )
        for c in _schema_columns(dataset)
        if c not in df.columns
    ]


def _text(value: object) -> str | None:
    """A cell as text for reports (None stays None)."""
    return None if value is None else str(value)


def _key_text(row: dict[str, object], columns: Sequence[str]) -> str:
    """'period=2017_1Q, quote_id=7' for a multi-column key (totals `_T` left out)."""
    return ", ".join(f"{c}={row[c]}" for c in columns if row[c] != _NOT_BROKEN_DOWN)


def _where(dataset: str, row: dict[str, object], t: Translator) -> str:
    """ "rpw_quotes, sheet 'from Q2 2016', row 12" or 'wdi, row 12 (country_code=KEN, ...)'."""
    sheet = row.get("sheet")
    where = (
        t.gettext("{dataset}, sheet '{sheet}', row {row}").format(
            dataset=dataset, sheet=sheet, row=row[ROW]
        )
        if sheet
        else t.gettext("{dataset}, row {row}").format(dataset=dataset, row=row[ROW])
    )
    locator = _key_text(row, LOCATORS.get(dataset, ()))
    return f"{where} ({locator})" if locator else where


def _template(meta: dict, t: Translator) -> tuple[str, dict[str, object]]:
    """The expectation's message in `t`'s language and its fixed placeholders (words, args)."""
    words = {k: t.gettext(v) for k, v in (meta.get("words") or {}).items()}
    return t.gettext(meta["message"]), {**(meta.get("args") or {}), **words}


def _severity(config: Any) -> Severity:
    """GX 'critical' -> error; anything else (warning, info) -> warning."""
    value = getattr(config.severity, "value", config.severity)
    return "error" if value == "critical" else "warning"


def _row_issues(
    dataset: str, config: Any, df: pl.DataFrame, indices: list[int], t: Translator
) -> list[ValidationIssue]:
    """One issue per offending row, values read back from the polars frame."""
    meta, severity = config.meta, _severity(config)
    template, fixed = _template(meta, t)
    key = list(config.kwargs.get("column_list") or [])
    value_col: str = "" if key else meta["column"]  # a data column, not a derived `_` one
    wanted = [ROW, *(["sheet"] if "sheet" in df.columns else []), *LOCATORS.get(dataset, ()), *key]
    wanted += [c for c in (value_col, meta.get("detail")) if c]
    rows = df.select(list(dict.fromkeys(wanted)))[indices].to_dicts()
    out = []
    for row in rows:
        value = _key_text(row, key) if key else _text(row[value_col])
        detail = _text(row.get(meta.get("detail", ""), None))
        message = template.format(
            where=_where(dataset, row, t),
            column=meta["column"],
            value=value,
            detail=detail,
            **fixed,
        )
        out.append(
            ValidationIssue(
                dataset, meta["rule"], meta["column"], int(row[ROW]), value, severity, message
            )
        )
    return out


def _rule_issue(dataset: str, meta: dict, severity: Severity, message: str) -> ValidationIssue:
    """An issue about a whole check (no single row or value)."""
    return ValidationIssue(dataset, meta["rule"], meta["column"], None, None, severity, message)


def _result_issues(
    dataset: str, result: Any, df: pl.DataFrame, cap: int, t: Translator
) -> list[ValidationIssue]:
    """Issues for one failed expectation: its rows up to `cap`, then a summary of the rest."""
    config, meta = result.expectation_config, result.expectation_config.meta
    severity = _severity(config)
    if result.exception_info and result.exception_info.get("raised_exception"):
        problem = result.exception_info.get("exception_message")
        message = t.gettext(
            "{dataset}: the check '{rule}' on {column} could not run ({problem}). Report this "
            "as a bug; the data is not published meanwhile."
        ).format(dataset=dataset, rule=meta["rule"], column=meta["column"], problem=problem)
        return [_rule_issue(dataset, meta, "error", message)]
    indices = [int(i) for i in result.result.get("partial_unexpected_index_list") or []][:cap]
    issues = _row_issues(dataset, config, df, indices, t)
    more = int(result.result.get("unexpected_count") or 0) - len(indices)
    if more > 0:
        message = t.ngettext(
            "{dataset}: {more} more row fails the check '{rule}' on {column}; only the first "
            "{listed} are listed. The same explanation and action apply to it.",
            "{dataset}: {more} more rows fail the check '{rule}' on {column}; only the first "
            "{listed} are listed. The same explanation and action apply to them.",
            more,
        ).format(
            dataset=dataset,
            more=more,
            rule=meta["rule"],
            column=meta["column"],
            listed=len(indices),
        )
        issues.append(_rule_issue(dataset, meta, severity, message))
    return issues


def validate_dataset(
    dataset: str, df: pl.DataFrame, *, cap: int = CAP, lang: str | None = None
) -> list[ValidationIssue]:
    """Check `df` against the dataset's suite (etl/validation/suites/).

    Messages are in `lang` (None: the language in use in this context, `core.i18n`).

    Returns:
        Issues, errors first within each rule's order in the suite; empty when all checks pass.

    Raises:
        KeyError: no suite for `dataset` (the message lists the known datasets).
    """
    suite = suite_for(dataset)
    t = translator(lang)
    missing = _missing_columns(dataset, df, t)
    if missing:
        return missing
    prepared = prepare(dataset, _with_row_numbers(df))
    checked = prepared.select(_checked_columns(suite)).to_pandas()
    batch = _batch_definition(dataset).get_batch(batch_parameters={"dataframe": checked})
    result_format = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": cap,
        "return_unexpected_index_query": False,
    }
    results = batch.validate(suite, result_format=result_format).results
    issues = [
        i for r in results if not r.success for i in _result_issues(dataset, r, prepared, cap, t)
    ]
    return sorted(issues, key=lambda i: i.severity != "error")


def issues_frame(issues: Iterable[ValidationIssue]) -> pl.DataFrame:
    """Issues as a table (one row each) with a fixed schema, also when there are none."""
    return pl.DataFrame([i.as_dict() for i in issues], schema=ISSUE_SCHEMA)


def summarise(issues: Iterable[ValidationIssue]) -> dict[str, int]:
    """Number of error and warning issues listed (a summary issue counts once)."""
    issues = list(issues)
    return {
        "errors": sum(1 for i in issues if i.severity == "error"),
        "warnings": sum(1 for i in issues if i.severity == "warning"),
    }

"""What every suite shares: the rule codes and code lists, and the expectation helpers.

Each expectation carries GX's own `severity` ("critical" = error: blocks publishing; "warning" =
recorded) and a `meta` dict read by etl/validation/gx.py: `rule` (short name), `column` (the data
column reported), `message` (template with {where}, {column}, {value}, {detail}) and optionally
`detail` (a column whose value fills {detail}), `words` (more placeholders whose English texts
are translated with the message, e.g. {what}) and `args` (placeholders filled as they are:
numbers, code lists).

Messages are English msgids marked with `N_` (the suites are built once per process and cached):
gx.py translates each into the language of the run (`validate_dataset(..., lang=)`) when it
writes the issue, so no variable part is ever inside a msgid.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.expectation import Expectation
from great_expectations.expectations.row_conditions import Column

from core.errors import Severity
from core.i18n import N_

INDICATORS = "indicators"
ROW = "_row"  # row number reported to users, added by etl/validation/gx.py before `prepare`
GAP = 0.05  # indicators.md §1.1: |fee / amount x 100 + margin − total| tolerance, pp
ISO3 = r"^[A-Z]{3}$"
_GX_SEVERITY: dict[Severity, str] = {"error": "critical", "warning": "warning"}

# Messages: what is wrong, then what to do (frictionless style). {where} = sheet/row location.
REQUIRED = N_("{where}: {column} is empty. Every row needs it; fix the source file or report it.")
ISO3_MSG = N_(
    "{where}: {column} {value!r} is not a three-letter ISO code. Correct the code (e.g. 'KEN')."
)
DUPLICATE_KEY = N_(
    "{where}: the key {value} appears more than once; {what} must be listed once. Remove the "
    "repeated row or report the duplicate to the publisher."
)
DUPLICATE_VALUE = N_(
    "{where}: {column} {value} appears more than once; {what} must be listed once. Remove the "
    "repeated row or report the duplicate to the publisher."
)
YEAR_RANGE = N_(
    "{where}: {column} {value} is outside {low}..{high}. Check that the file is {what}."
)
COUNTRY_WITHOUT_CODE = N_(
    "{where}: {what} has no {column}, so it cannot be joined to other sources. Check the "
    "correspondence of names/codes for this row."
)


def tag(
    expectation: Expectation,
    rule: str,
    severity: Severity,
    message: str,
    column: str | None = None,
    detail: str | None = None,
    *,
    words: dict[str, str] | None = None,
    args: dict[str, object] | None = None,
) -> Expectation:
    """Attach severity and the meta etl/validation/gx.py reports; column defaults to the checked.

    `message` and the values of `words` are English msgids (marked `N_` by the caller), `args`
    fill their placeholders as they are."""
    expectation.severity = _GX_SEVERITY[severity]  # type: ignore[assignment]
    column = column or getattr(expectation, "column", None)
    meta: dict[str, object] = {"rule": rule, "column": column, "message": message}
    if detail is not None:
        meta["detail"] = detail
    if words:
        meta["words"] = dict(words)
    if args:
        meta["args"] = dict(args)
    expectation.meta = meta
    return expectation


def required(columns: tuple[str, ...]) -> list[Expectation]:
    """One not-null error per required column."""
    not_null = gxe.ExpectColumnValuesToNotBeNull
    return [tag(not_null(column=c), "required_value", "error", REQUIRED) for c in columns]


def iso3(columns: tuple[str, ...]) -> list[Expectation]:
    """One ISO3-format error per country-code column."""
    regex = gxe.ExpectColumnValuesToMatchRegex
    return [
        tag(regex(column=c, regex=ISO3), "country_code_format", "error", ISO3_MSG) for c in columns
    ]


def unique(columns: tuple[str, ...], what: str) -> Expectation:
    """Error when the key `columns` repeats (every row of a repeated key is listed).

    `what` (marked `N_` by the caller) names one entry: 'an observation'."""
    return tag(
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(columns)),
        "duplicate_key",
        "error",
        DUPLICATE_KEY,
        ", ".join(columns),
        words={"what": what},
    )


def year_in_range(column: str, low: int, high: int, what: str) -> Expectation:
    """Error when a year is outside low..high (a shifted column or a different file).

    `what` (marked `N_` by the caller) names the file expected."""
    return tag(
        gxe.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high),
        "year_out_of_range",
        "error",
        YEAR_RANGE,
        words={"what": what},
        args={"low": low, "high": high},
    )


def iso3_when(column: str, flag: str, flag_value: bool, what: str) -> Expectation:
    """Error when a row that is a country (by `flag`) has no ISO3 code (`what`: marked `N_`)."""
    condition = Column(flag) == flag_value
    return tag(
        gxe.ExpectColumnValuesToNotBeNull(column=column, row_condition=condition),
        "country_without_code",
        "error",
        COUNTRY_WITHOUT_CODE,
        words={"what": what},
    )


def suite(name: str, expectations: list[Expectation]) -> gx.ExpectationSuite:
    """An unsaved suite: built without a context, never stored (validate.py runs it)."""
    return gx.ExpectationSuite(name=name, expectations=expectations)


# --- rpw_quotes -------------------------------------------------------------------------------

"""The Checker that collects a table's upload issues, and the lookups every rule shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

import polars as pl
import pycountry

from core.areas import AREA_CODES, local_name
from core.errors import Severity, ValidationIssue
from core.i18n import translator
from core.template_words import header
from core.templates import EXTRA_INDICATOR_CODES, Template
from etl.uploads.read import ROW

NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
INTEGER = r"^[+-]?\d+(\.0+)?$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
PERIOD_LONG = r"^\d{4}(-Q[1-4]|-\d{4})?$"  # §5: YYYY, YYYY-Qn, YYYY-YYYY
PERIOD_ROUND = r"^\d{4}(-\d{4})?$"  # survey rounds: YYYY or YYYY-YYYY
MAX_LISTED = 10  # rows named in one message before "... and N more"


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes known to pycountry."""
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def currencies() -> frozenset[str]:
    """ISO 4217 alphabetic currency codes."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def indicator_codes() -> frozenset[str]:
    """Indicator codes the project knows: the SPECS registry plus 10.7.1, 10.7.2 and P.* items."""
    from indicators.registry import SPECS  # lazy: the registry pulls in every compute module

    return frozenset(SPECS) | frozenset(EXTRA_INDICATOR_CODES)


def listed(rows: Iterable[object], total: int | None = None, lang: str = "en") -> str:
    """'2, 5, 9' or '2, 5, ... and 40 more' (`total`: how many in all); reads MAX_LISTED + 1
    items at most, so a message per row of a 40,000-row duplicate group stays linear."""
    items = [str(r) for r in islice(rows, MAX_LISTED + 1)]
    if total is None:
        total = len(rows) if isinstance(rows, Sized) else len(items)
    more = total - min(len(items), MAX_LISTED)
    shown = ", ".join(items[:MAX_LISTED])
    if more <= 0:
        return shown
    _ = translator(lang)
    return _("{rows} ... and {more} more").format(rows=shown, more=more)


@dataclass
class Checker:
    """Collects issues for one table; `raw` holds the strings, `typed` the converted values."""

    template: Template
    file_name: str
    raw: pl.DataFrame
    typed: pl.DataFrame = field(default_factory=pl.DataFrame)
    issues: list[ValidationIssue] = field(default_factory=list)
    skip: set[str] = field(default_factory=set)  # columns whose generic checks are not run
    lang: str = "en"  # the language of the messages (codes and values are shown as written)

    def _(self, message: str) -> str:
        """A message in the checker's language (a catalog message, marked for extraction)."""
        return translator(self.lang).gettext(message)

    def header(self, column: str) -> str:
        """A column as the template in the checker's language names it."""
        return header(self.template, column, self.lang)

    def add(
        self,
        rule: str,
        message: str,
        *,
        column: str | None = None,
        row: int | None = None,
        value: object = None,
        severity: Severity = "error",
    ) -> None:
        """Record one issue; the message is prefixed with the file, row and column."""
        _ = self._
        where = self.file_name
        where += _(" row {row}").format(row=row) if row is not None else ""
        if column is not None:
            where += _(", column '{column}'").format(column=self.header(column))
        shown = None if value is None else str(value)
        self.issues.append(
            ValidationIssue(
                self.template.name,
                rule,
                column,
                row,
                shown,
                severity,
                _("{where}: {message}").format(where=where, message=message),
            )
        )

    def flag(
        self,
        mask: pl.Expr,
        column: str,
        rule: str,
        message: str | Callable[[dict[str, object]], str],
        *,
        severity: Severity = "error",
        frame: str = "raw",
    ) -> None:
        """One issue per row where `mask` holds; message may use {value} or be a function."""
        df = self.raw if frame == "raw" else self.typed
        hits = df.filter(mask.fill_null(False))
        for rec in hits.iter_rows(named=True):
            value = rec.get(column)
            text = message(rec) if callable(message) else message.format(**{**rec, "value": value})
            self.add(rule, text, column=column, row=rec[ROW], value=value, severity=severity)

    def present(self, column: str) -> bool:
        """Whether the column exists in the file (missing optional columns are added blank)."""
        return column in self.raw.columns and column not in self.skip


# --- generic checks ------------------------------------------------------------------------
def check_area(ck: Checker, col: str, *, regions: bool, total: bool = False) -> None:
    """ISO 3166-1 alpha-3 country codes (plus AREA_CODES / `_T` where the template allows)."""
    if not ck.present(col):
        return
    allowed = (
        set(countries()) | (set(AREA_CODES) if regions else set()) | ({"_T"} if total else set())
    )
    _ = ck._
    extra = _(" (or WLD / a region code listed on the codes sheet)") if regions else ""
    kenya = local_name("KEN", ck.lang)
    ck.flag(
        ~pl.col(col).is_in(sorted(allowed)),
        col,
        "iso3",
        lambda r: (
            _("{value} is not an ISO 3166-1 alpha-3 country code{extra}.").format(
                value=repr(r[col]), extra=extra
            )
            + " "
            + (
                _("Write it in capitals: {code}").format(code=repr(str(r[col]).upper()))
                if str(r[col]).upper() in allowed
                else _("Use the three-letter code, e.g. 'KEN' for {kenya}").format(kenya=kenya)
            )
        ),
    )

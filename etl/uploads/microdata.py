"""Upload rules of the record-level templates: 10.7.1 recruitment-cost microdata (§1.2) and
census tabulations. Run by etl/uploads/checks.py through etl/uploads/rules.py RULES.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from core.i18n import translator
from core.templates import AGE_CODE
from etl.uploads.checker import Checker, check_area, currencies
from etl.uploads.read import ROW

OUTLIER_FACTOR = 10.0  # earnings > 10x or < 1/10 of the round's median are flagged


# --- 10.7.1 recruitment-cost microdata (§1.2) -------------------------------------------------
def rci(ck: Checker) -> None:
    """Currencies with USD rates, positive amounts and weights, codes, earnings outliers."""
    check_area(ck, "destination", regions=False)
    _ = ck._
    iso4217 = sorted(currencies())
    for _amount, cur, rate in (
        ("cost_paid", "cost_currency", "usd_per_cost_currency"),
        ("monthly_earnings", "earnings_currency", "usd_per_earnings_currency"),
    ):
        ck.flag(
            ~pl.col(cur).is_in(iso4217),
            cur,
            "currency",
            _("{value!r} is not an ISO 4217 currency code. Use e.g. USD, NPR, QAR"),
        )
        ck.flag(
            (pl.col(cur) != "USD") & pl.col(cur).is_in(iso4217) & pl.col(rate).is_null(),
            rate,
            "usd_rate_missing",
            _rate_message(cur, ck.lang),
            frame="typed",
        )
        ck.flag(
            pl.col(rate) <= 0,
            rate,
            "usd_rate",
            _("{value} is not a rate: it must be > 0"),
            frame="typed",
        )
    ck.flag(
        pl.col("cost_paid") < 0,
        "cost_paid",
        "cost_negative",
        _("{value} is negative. Costs are >= 0 (0 if nothing was paid)"),
        frame="typed",
    )
    for col, text in (
        (
            "monthly_earnings",
            _("{value} is not positive; earnings must be > 0. Correct it or drop the worker"),
        ),
        (
            "survey_weight",
            _("{value} is not positive; weights must be > 0. Correct it or drop the worker"),
        ),
    ):
        ck.flag(pl.col(col) <= 0, col, f"{col}_positive", text, frame="typed")
    ck.flag(
        (pl.col("age") < 10) | (pl.col("age") > 100),
        "age",
        "age_range",
        _("{value} is not a plausible age of a migrant worker (10-100). Correct it"),
        frame="typed",
    )
    ck.flag(
        ~pl.col("month_paid").str.contains(r"^\d{4}-(0[1-9]|1[0-2])$"),
        "month_paid",
        "month",
        _("{value!r} is not a month. Write YYYY-MM (e.g. 2021-03)"),
    )
    ck.flag(
        ~pl.col("occupation").str.contains(r"^\d$"),
        "occupation",
        "isco",
        _("{value!r} is not an ISCO-08 major group. Use one digit 0-9"),
    )
    _earnings_outliers(ck)


def _rate_message(cur: str, lang: str) -> Callable[[dict[str, object]], str]:
    """Message function for a missing USD rate of currency column `cur`."""
    _ = translator(lang)
    return lambda rec: _(
        "{currency} amounts need the USD rate of the month paid. Fill in the USD value of one "
        "{currency}"
    ).format(currency=rec[cur])


def _earnings_outliers(ck: Checker) -> None:
    """Monthly earnings in USD far from the round's median: a warning (unit or typo?)."""
    usd = pl.col("monthly_earnings") * pl.when(pl.col("earnings_currency") == "USD").then(
        1.0
    ).otherwise(pl.col("usd_per_earnings_currency"))
    df = ck.typed.with_columns(_usd=usd).with_columns(
        _median=pl.col("_usd").median().over(["ref_area", "time_period"])
    )
    far = (pl.col("_usd") > pl.col("_median") * OUTLIER_FACTOR) | (
        pl.col("_usd") < pl.col("_median") / OUTLIER_FACTOR
    )
    num = translator(ck.lang).number
    for rec in df.filter(far.fill_null(False)).iter_rows(named=True):
        ck.add(
            "earnings_outlier",
            ck._(
                "monthly earnings of USD {usd} are more than {factor} times away from the "
                "round's median (USD {median}). Check the amount, its currency and the USD rate"
            ).format(
                usd=num(rec["_usd"], 0), factor=f"{OUTLIER_FACTOR:g}", median=num(rec["_median"], 0)
            ),
            column="monthly_earnings",
            row=rec[ROW],
            value=rec["monthly_earnings"],
            severity="warning",
        )


# --- census tabulation ------------------------------------------------------------------------
def census(ck: Checker) -> None:
    """Persons are whole numbers >= 0; areas ISO3 or _T; SDMX age codes."""
    check_area(ck, "counterpart_area", regions=False, total=True)
    ck.flag(
        (pl.col("value") < 0) | (pl.col("value") != pl.col("value").floor()),
        "value",
        "persons",
        ck._("{value} is not a count of persons. Use a whole number >= 0"),
        frame="typed",
    )
    ck.flag(
        ~pl.col("age").str.contains(AGE_CODE),
        "age",
        "age_code",
        ck._("{value!r} is not an SDMX age code. Use e.g. Y0T14, Y15T64, Y_GE65 or _T"),
    )

"""Per-template upload rules (indicators.md §1.2, §1.3, §2, §5), run by etl/uploads/checks.py.

Each rule takes the Checker (raw strings in `ck.raw`, converted values in `ck.typed`, both with
the file row in ROW) and adds issues. Rules only look at cells that converted; a cell that is
not a number has already been reported.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from core.contract import DIMENSIONS
from core.i18n import translator
from core.templates import (
    AGE_CODE,
    POLICY_DOMAINS,
    SERIES_RANGES,
    SUB_CATEGORIES,
    UNIT_RANGES,
    UNIT_SETS,
)
from etl.uploads.checker import Checker, check_area, indicator_codes, listed
from etl.uploads.microdata import census, rci
from etl.uploads.read import ROW
from etl.uploads.survey_rules import compare_domains, gfmd, inquiry

_FREE_DIMENSIONS = ("education_lev", "occupation", "activity", "migratory_status")


# --- indicator_long (§5) --------------------------------------------------------------------
def _long_indicator(ck: Checker) -> None:
    """indicator_code must be a code the project knows."""
    known = sorted(indicator_codes())
    ck.flag(
        ~pl.col("indicator_code").is_in(known),
        "indicator_code",
        "unknown_indicator",
        # the cell value is filled in per row by flag(): {value!r} stays a placeholder
        ck._(
            "{value} is not an indicator the platform knows ({codes}, P.* items ...). Check "
            "the code (dotted SDG id such as 10.c.1, or a P.* item)"
        ).format(value="{value!r}", codes=", ".join(known[:9])),
    )


def _long_areas(ck: Checker) -> None:
    """counterpart_area: ISO3, a region code or _T; breakdown codes have no spaces; age codes."""
    check_area(ck, "counterpart_area", regions=True, total=True)
    for col in _FREE_DIMENSIONS:
        ck.flag(
            pl.col(col).str.contains(r"\s"),
            col,
            "code_format",
            ck._("{value!r} contains spaces. Codes are single words (e.g. MS_MIGRANT); fix it"),
        )
    ck.flag(
        ~pl.col("age").str.contains(AGE_CODE),
        "age",
        "age_code",
        ck._("{value!r} is not an SDMX age code (Y15T24, Y_GE65, _T). Confirm or correct it"),
        severity="warning",
    )


def _long_values(ck: Checker) -> None:
    """§5 rule 2: value within its unit's range; blank value only with obs_status M."""
    _ = ck._
    ck.flag(
        pl.col("value").is_null() & (pl.col("obs_status") != "M"),
        "value",
        "value_missing",
        _(
            "the value is blank but obs_status is {obs_status!r}. Fill in the value, or set "
            "obs_status to M (missing)"
        ),
    )  # raw cells: a value that is not a number is reported once, as not_a_number
    own = pl.col("series_code").is_in(list(SERIES_RANGES))
    for unit, (lo, hi) in UNIT_RANGES.items():
        ck.flag(
            (pl.col("unit_measure") == unit) & ~own & _outside(lo, hi),
            "value",
            "unit_range",
            _(
                "{value} is outside the range of unit {unit}: it must be {range}. Check the "
                "value and the unit"
            ).format(value="{value}", unit=unit, range=_range(lo, hi, ck.lang)),
            frame="typed",
        )
    for series, (lo, hi) in SERIES_RANGES.items():
        ck.flag(
            (pl.col("series_code") == series) & _outside(lo, hi),
            "value",
            "unit_range",
            _(
                "{value} is outside the range of series {series}: it must be {range}. Check "
                "the value and the unit"
            ).format(value="{value}", series=series, range=_range(lo, hi, ck.lang)),
            frame="typed",
        )
    for unit, allowed in UNIT_SETS.items():
        ck.flag(
            (pl.col("unit_measure") == unit) & ~pl.col("value").is_in(allowed),
            "value",
            "unit_range",
            _("{value} is not allowed for unit {unit}: use one of {allowed}").format(
                value="{value}", unit=unit, allowed=", ".join(f"{v:g}" for v in allowed)
            ),
            frame="typed",
        )


def _outside(lo: float | None, hi: float | None) -> pl.Expr:
    """`value` below lo or above hi (None = no bound)."""
    bad = pl.lit(False)
    bad = bad | (pl.col("value") < lo) if lo is not None else bad
    return bad | (pl.col("value") > hi) if hi is not None else bad


def _range(lo: float | None, hi: float | None, lang: str = "en") -> str:
    """'at least 0 and at most 100', 'at least 0', 'at most 100' (in `lang`)."""
    _ = translator(lang)
    if lo is not None and hi is not None:
        return _("at least {low} and at most {high}").format(low=f"{lo:g}", high=f"{hi:g}")
    if lo is not None:
        return _("at least {low}").format(low=f"{lo:g}")
    return _("at most {high}").format(high=f"{hi:g}") if hi is not None else ""


def _long_units(ck: Checker) -> None:
    """§5 rule 3: one unit_measure per series (indicator_code x series_code)."""
    series = ["indicator_code", "series_code"]
    mixed = (
        ck.raw.filter(pl.col("unit_measure").is_not_null())
        .group_by([*series, "unit_measure"])
        .agg(pl.col(ROW).sort())
        .filter(pl.len().over(series) > 1)
        .sort([*series, "unit_measure"])
    )
    for (ind, ser), part in mixed.group_by(series, maintain_order=True):
        uses = "; ".join(
            ck._("{unit} in row(s) {rows}").format(unit=u, rows=listed(rows, lang=ck.lang))
            for u, rows in zip(part["unit_measure"], part[ROW], strict=True)
        )
        first = min(min(r) for r in part[ROW])
        ck.add(
            "mixed_units",
            ck._(
                "series {series} of indicator {indicator} mixes units: {uses}. A series has one "
                "unit; convert the values or give each unit its own series_code"
            ).format(series=ser, indicator=ind, uses=uses),
            column="unit_measure",
            row=first,
            value=", ".join(part["unit_measure"]),
        )


def _long_1072(ck: Checker) -> None:
    """§5 rule 6: 10.7.2 domain rows (PT, sub_category _T) equal the recomputed item sum."""
    is_1072 = pl.col("indicator_code") == "10.7.2"
    items = ck.typed.filter(
        is_1072
        & pl.col("sub_category").is_in(SUB_CATEGORIES)
        & (pl.col("unit_measure") == "BINARY")
    ).with_columns(score=pl.col("value").fill_null(0.0))
    stated = ck.typed.filter(
        is_1072
        & (pl.col("sub_category") == "_T")
        & pl.col("policy_domain").is_in(POLICY_DOMAINS)
        & (pl.col("unit_measure") == "PT")
    )
    # Only domains with item rows in this file: national files may publish scores alone.
    compare_domains(ck, items, stated, ["ref_area", "time_period", "policy_domain"], "value")


# Columns whose code list a rule checks itself (the generic check cannot tell domain 1 apart).
OWN_CODE_CHECKS: dict[str, set[str]] = {"inquiry_1072": {"answer"}}
RULES: dict[str, tuple[Callable[[Checker], None], ...]] = {
    "indicator_long": (_long_indicator, _long_areas, _long_values, _long_units, _long_1072),
    "inquiry_1072": (inquiry,),
    "gfmd_coherence": (gfmd,),
    "rci_1071_microdata": (rci,),
    "census_tabulation": (census,),
}
assert set(DIMENSIONS) >= set(_FREE_DIMENSIONS)

"""unit_measure (and, for the indicator's default series, series_code) of Open SDG rows.

Order, per row: the officer's mapping file (`units`: series -> unit), the file's `Units` column,
the unit the mapping table gives the series label (e.g. 'Total Cost USD' -> USD), then an
inference from the values and the indicator's known series (a 0-100 share is not a 1-4
category). When none applies the officer is asked: the rows of that series are left out with a
note saying which units to choose, and when no row is left the file is refused with it.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from core.i18n import N_, translator
from etl.uploads.open_sdg import mapping as m
from etl.uploads.open_sdg.breakdowns import rows_text
from etl.uploads.read import ROW, UploadError

# The indicator's series without a Series column, in order of preference, with their unit.
CANDIDATES: dict[str, tuple[tuple[str, str], ...]] = {
    "10.7.2": (("SG_CPA_MIGRS", "SCORE_1_4"), ("SG_CPA_MIGR", "PT")),
    "10.c.1": (("SI_RMT_COST", "PT"),),
    "10.7.3": (("SM_DTH_MIGR", "NUMBER"),),
    "10.7.4": (("SM_POP_REFG_OR", "PER_100000_POP"),),
    "17.3.2": (("BX_TRF_PWKR", "PT"),),
    "10.7.1": (("RCI", "RATIO_MONTHS"),),
}
DEFAULT_SERIES: dict[str, str] = {ind: c[0][0] for ind, c in CANDIDATES.items()}
FITS: dict[str, Callable[[pl.Series], bool]] = {  # does every value fit the unit (§5 rule 2)?
    "SCORE_1_4": lambda v: bool(v.is_in([1.0, 2.0, 3.0, 4.0]).all()),
    "PT": lambda v: bool(((v >= 0) & (v <= 100)).all()),
    "PER_100000_POP": lambda v: bool((v >= 0).all()),
    "NUMBER": lambda v: bool(((v >= 0) & (v == v.round(0))).all()),
    "RATIO_MONTHS": lambda v: bool((v >= 0).all()),
    "USD": lambda v: bool((v >= 0).all()),
    "BINARY": lambda v: bool(v.is_in([0.0, 0.5, 1.0]).all()),
}
# What each unit's values look like (translated where a note says it).
RANGES = {"SCORE_1_4": N_("1, 2, 3 or 4"), "PT": N_("0 to 100"), "NUMBER": N_("whole numbers >= 0")}


def default_series(ind: str) -> str:
    """The series of an indicator's rows when the file names none."""
    return DEFAULT_SERIES.get(ind, "OSDG_" + "".join(c if c.isalnum() else "_" for c in ind))


def _units_column(df: pl.DataFrame, file_name: str, lang: str) -> pl.Expr | None:
    """unit_measure from a `Units` column (null where blank); an unknown label refuses the file."""
    if "Units" not in df.columns:
        return None
    labels = df["Units"].drop_nulls().unique(maintain_order=True).to_list()
    codes = {u: m.unit_code(u) for u in labels}
    bad = [u for u, c in codes.items() if c is None]
    if bad:
        _ = translator(lang)
        rows = df.filter(pl.col("Units").is_in(bad))[ROW].to_list()
        raise UploadError(
            file_name,
            "unknown_unit",
            _("column 'Units' {rows}: unit(s) {units} not in the mapping table").format(
                rows=rows_text(rows, lang), units=bad
            ),
            _(
                "Write one of {units} (or '%', 'Number', 'Per 100000 population'), or set the "
                "unit per series under 'units' in the mapping file"
            ).format(units=", ".join(m.INDICATOR_UNITS)),
        )
    return pl.col("Units").replace_strict(codes, default=None, return_dtype=pl.String)


def _infer(
    series: str, values: pl.Series, ind: str, lang: str = "en"
) -> tuple[str, str, str] | None:
    """(series, unit, why) from the values: the indicator's candidates, or the series' own unit."""
    _ = translator(lang)
    nums = values.cast(pl.Float64, strict=False).drop_nulls()
    cands = CANDIDATES.get(ind, ()) if series == default_series(ind) else ()
    known = {c: u for cs in CANDIDATES.values() for c, u in cs}
    if series != default_series(ind) and series in known:
        cands = ((series, known[series]),)
    rejected: list[str] = []
    for code, unit in cands:
        if nums.len() and FITS[unit](nums):
            lo, hi = float(nums.min()), float(nums.max())  # type: ignore[arg-type]
            return code, unit, _fits(lo, hi, unit, rejected, lang)
        shape = RANGES.get(unit)
        rejected.append(f"{unit} ({_(shape) if shape else _('its range')})")
    return None


def _fits(lo: float, hi: float, unit: str, rejected: list[str], lang: str) -> str:
    """'the values, 2 to 71.5, fit PT, not SCORE_1_4 (1, 2, 3 or 4)' in `lang`."""
    _ = translator(lang)
    joined = rejected[0] if rejected else ""
    for other in rejected[1:]:
        joined = _("{first} nor {second}").format(first=joined, second=other)
    values = {"low": f"{lo:g}", "high": f"{hi:g}", "unit": unit, "rejected": joined}
    if lo == hi:
        text = (
            _("the value, {low}, fits {unit}, not {rejected}")
            if rejected
            else _("the value, {low}, fits {unit}")
        )
    else:
        text = (
            _("the values, {low} to {high}, fit {unit}, not {rejected}")
            if rejected
            else _("the values, {low} to {high}, fit {unit}")
        )
    return text.format(**values)


def assign(
    df: pl.DataFrame,
    series: pl.Expr | None,
    label_unit: pl.Expr | None,
    ind: str,
    mapping: m.FileMapping | None,
    unit: str | None,
    file_name: str,
    notes: list[str],
    left: dict[int, str],
    lang: str = "en",
) -> pl.DataFrame:
    """df with `series_code` and `unit_measure`; rows whose unit cannot be told left out (the
    notes in `lang`)."""
    _ = translator(lang)
    default = default_series(ind)
    df = df.with_columns(
        (series.fill_null(default) if series is not None else pl.lit(default)).alias("series_code")
    )
    given = {s: u for s, u in mapping.units.items() if u} if mapping else {}
    col = _units_column(df, file_name, lang)
    expr = pl.col("series_code").replace_strict(given, default=None, return_dtype=pl.String)
    if col is not None:
        expr = expr.fill_null(col)
    if label_unit is not None:  # 'Total Cost USD' -> USD: the mapping table's unit of the label
        expr = expr.fill_null(label_unit)
    if unit:
        expr = expr.fill_null(pl.lit(unit))
    df = df.with_columns(expr.alias("unit_measure"))
    # the indicator's default series in another of its units is that unit's series (10.7.2 in
    # PT is the score SG_CPA_MIGR, not the 1-4 category SG_CPA_MIGRS)
    by_unit = {u: c for c, u in reversed(CANDIDATES.get(ind, ()))}
    df = df.with_columns(
        series_code=pl.when(pl.col("series_code") == default)
        .then(
            pl.col("unit_measure")
            .replace_strict(by_unit, default=None, return_dtype=pl.String)
            .fill_null(pl.col("series_code"))
        )
        .otherwise(pl.col("series_code"))
    )
    open_ = df.filter(pl.col("unit_measure").is_null())
    for (code,) in open_.select("series_code").unique(maintain_order=True).iter_rows():
        part = open_.filter(pl.col("series_code") == code)
        got = _infer(code, part["Value"], ind, lang)
        if got is None:
            rows = rows_text(part[ROW].to_list(), lang)
            units = ", ".join(m.INDICATOR_UNITS)
            setting = f'("units": {{"{code}": "PT"}})'
            nums = part["Value"].cast(pl.Float64, strict=False).drop_nulls()
            low, high = nums.min(), nums.max()
            seen = (
                _("{low} to {high}").format(low=f"{float(low):g}", high=f"{float(high):g}")  # type: ignore[arg-type]
                if nums.len()
                else _("none")
            )
            problem = _(
                "column 'Value' {rows} (series {code}): no unit given, and the values ({seen}) "
                "do not tell it"
            ).format(rows=rows, code=code, seen=seen)
            if part.height == df.height:
                hint = _(
                    "Choose its unit, one of {units}: add a Units column, or set it in the "
                    "mapping file {setting} or on the Upload page"
                ).format(units=units, setting=setting)
                raise UploadError(file_name, "no_unit", problem, hint)
            notes.append(
                _(
                    "{problem}: left out; to keep them, choose its unit, one of {units}: add a "
                    "Units column, or set it in the mapping file {setting} or on the Upload page"
                ).format(problem=problem, units=units, setting=setting)
            )
            left.update(dict.fromkeys(part[ROW].to_list(), notes[-1]))
            df = df.filter(pl.col("series_code") != code)
            continue
        new_code, new_unit, why = got
        notes.append(
            _("no unit given for {rows}: series {code}, unit {unit} inferred: {why}").format(
                rows=rows_text(part[ROW].to_list(), lang), code=new_code, unit=new_unit, why=why
            )
        )
        hit = pl.col("unit_measure").is_null() & (pl.col("series_code") == code)
        df = df.with_columns(
            series_code=pl.when(hit).then(pl.lit(new_code)).otherwise(pl.col("series_code")),
            unit_measure=pl.when(hit).then(pl.lit(new_unit)).otherwise(pl.col("unit_measure")),
        )
    return df

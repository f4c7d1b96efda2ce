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
RANGES = {"SCORE_1_4": "1, 2, 3 or 4", "PT": "0 to 100", "NUMBER": "whole numbers >= 0"}


def default_series(ind: str) -> str:
    """The series of an indicator's rows when the file names none."""
    return DEFAULT_SERIES.get(ind, "OSDG_" + "".join(c if c.isalnum() else "_" for c in ind))


def _units_column(df: pl.DataFrame, file_name: str) -> pl.Expr | None:
    """unit_measure from a `Units` column (null where blank); an unknown label refuses the file."""
    if "Units" not in df.columns:
        return None
    labels = df["Units"].drop_nulls().unique(maintain_order=True).to_list()
    codes = {u: m.unit_code(u) for u in labels}
    bad = [u for u, c in codes.items() if c is None]
    if bad:
        rows = df.filter(pl.col("Units").is_in(bad))[ROW].to_list()
        raise UploadError(
            file_name,
            "unknown_unit",
            f"column 'Units' {rows_text(rows)}: unit(s) {bad} not in the mapping table",
            f"Write one of {', '.join(m.INDICATOR_UNITS)} (or '%', 'Number', 'Per 100000 "
            "population'), or set the unit per series under 'units' in the mapping file",
        )
    return pl.col("Units").replace_strict(codes, default=None, return_dtype=pl.String)


def _infer(series: str, values: pl.Series, ind: str) -> tuple[str, str, str] | None:
    """(series, unit, why) from the values: the indicator's candidates, or the series' own unit."""
    nums = values.cast(pl.Float64, strict=False).drop_nulls()
    cands = CANDIDATES.get(ind, ()) if series == default_series(ind) else ()
    known = {c: u for cs in CANDIDATES.values() for c, u in cs}
    if series != default_series(ind) and series in known:
        cands = ((series, known[series]),)
    rejected: list[str] = []
    for code, unit in cands:
        if nums.len() and FITS[unit](nums):
            lo, hi = float(nums.min()), float(nums.max())  # type: ignore[arg-type]
            nots = f", not {' nor '.join(rejected)}" if rejected else ""
            seen = f"the value, {lo:g}," if lo == hi else f"the values, {lo:g} to {hi:g},"
            return code, unit, f"{seen} fit{'s' if lo == hi else ''} {unit}{nots}"
        rejected.append(f"{unit} ({RANGES.get(unit, 'its range')})")
    return None


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
) -> pl.DataFrame:
    """df with `series_code` and `unit_measure`; rows whose unit cannot be told left out."""
    default = default_series(ind)
    df = df.with_columns(
        (series.fill_null(default) if series is not None else pl.lit(default)).alias("series_code")
    )
    given = {s: u for s, u in mapping.units.items() if u} if mapping else {}
    col = _units_column(df, file_name)
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
        got = _infer(code, part["Value"], ind)
        if got is None:
            rows = rows_text(part[ROW].to_list())
            ask = (
                f"choose its unit, one of {', '.join(m.INDICATOR_UNITS)}: add a Units column, or "
                f'set it in the mapping file ("units": {{"{code}": "PT"}}) or on the Upload page'
            )
            nums = part["Value"].cast(pl.Float64, strict=False).drop_nulls()
            seen = f"{float(nums.min()):g} to {float(nums.max()):g}" if nums.len() else "none"  # type: ignore[arg-type]
            problem = (
                f"column 'Value' {rows} (series {code}): no unit given, and the values ({seen}) "
                f"do not tell it"
            )
            if part.height == df.height:
                raise UploadError(file_name, "no_unit", problem, ask[0].upper() + ask[1:])
            notes.append(f"{problem}: left out; to keep them, {ask}")
            left.update(dict.fromkeys(part[ROW].to_list(), notes[-1]))
            df = df.filter(pl.col("series_code") != code)
            continue
        new_code, new_unit, why = got
        notes.append(
            f"no unit given for {rows_text(part[ROW].to_list())}: series {new_code}, unit "
            f"{new_unit} inferred: {why}"
        )
        hit = pl.col("unit_measure").is_null() & (pl.col("series_code") == code)
        df = df.with_columns(
            series_code=pl.when(hit).then(pl.lit(new_code)).otherwise(pl.col("series_code")),
            unit_measure=pl.when(hit).then(pl.lit(new_unit)).otherwise(pl.col("unit_measure")),
        )
    return df

"""Read our own exports back to contract rows: Open SDG CSV and SDMX-CSV (round-trip tests).

Open SDG (etl/exports/opensdg.py): one file holds one indicator for one country, so both are
arguments. Labels are mapped back to codes with the writer's maps; a label no map knows is
kept as the code (so a real national file still reads: its own unit text stays as written).
Open SDG has no frequency, so `freq` is `A`; blank cells are `_T`.

SDMX-CSV (etl/exports/sdmx.py): SDMX-CSV 1.0 (DATAFLOW) or 2.0 (STRUCTURE_ID); SERIES back to
the contract series, REF_AREA M49 back to ISO3, COMPOSITE_BREAKDOWN back to policy_domain
(PD_*) or migratory_status, the series' implied dimensions restored.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from core.contract import TOTAL, WORLD, conform
from core.errors import EtlError
from core.i18n import _, ngettext
from etl.exports.opensdg import (
    AREA_NAMES_EXTRA,
    DISAGGREGATIONS,
    OBS_STATUS,
    OBS_STATUS_LABELS,
    SERIES,
    UNIT_LABELS,
    UNIT_MULT,
    UNIT_MULT_LABELS,
    UNITS,
    VALUE,
    YEAR,
    age_code,
)
from etl.exports.safe_write import unguard
from etl.exports.sdmx import BY_OFFICIAL, DIRECT, ORIGIN_RE, iso3
from indicators.names import SERIES_NAMES


def _text(source: bytes | str | Path) -> bytes:
    if isinstance(source, Path):
        return source.read_bytes()
    return source.encode("utf-8") if isinstance(source, str) else source


def _read(data: bytes, path: str) -> pl.DataFrame:
    try:
        df = pl.read_csv(io.BytesIO(data), infer_schema=False, encoding="utf8-lossy")
    except pl.exceptions.PolarsError as exc:
        raise EtlError(
            _("{file}: not a readable CSV ({detail}).").format(file=path, detail=exc)
        ) from exc
    # A UTF-8 BOM (Armenia's files) stays glued to the first header.
    return unguard(df.rename({c: c.lstrip("\ufeff") for c in df.columns}))


def _invert(mapping: dict[str, str]) -> dict[str, str]:
    return {label: code for code, label in mapping.items()}


def _area_codes() -> dict[str, str]:
    import pycountry

    names = {c.name: c.alpha_3 for c in pycountry.countries}
    return names | _invert(AREA_NAMES_EXTRA)


def _back(column: str, values: pl.Series) -> pl.Expr:
    """Expression turning the Open SDG cells of a contract column back into codes."""
    labels = [v for v in values.unique().to_list() if v]
    if column == "counterpart_area":
        areas = _area_codes()
        mapping = {v: areas.get(v, v) for v in labels}
    elif column == "age":
        mapping = {v: age_code(v) for v in labels}
    else:
        inverse = _invert(DISAGGREGATIONS[column][1])
        mapping = {v: inverse.get(v, v) for v in labels}
    title = DISAGGREGATIONS[column][0]
    return (
        pl.when(pl.col(title).fill_null("") == "")
        .then(pl.lit(TOTAL))
        .otherwise(pl.col(title).replace_strict(mapping, default=pl.col(title)))
        .alias(column)
    )


def read_opensdg_csv(
    source: bytes | str | Path,
    *,
    indicator: str,
    country: str,
    series: str | None = None,
    name: str = "Open SDG file",
) -> pl.DataFrame:
    """Contract rows of an Open SDG `indicator_<id>.csv` for `indicator` and `country`.

    `series` is the series code when the file has no `Series` column.
    """
    df = _read(_text(source), name)
    for need in (YEAR, VALUE):
        if need not in df.columns:
            raise EtlError(
                _(
                    "{file}: no {column} column (header {header}). Open SDG files start with "
                    "{year} and end with {value}."
                ).format(file=name, column=repr(need), header=df.columns, year=YEAR, value=VALUE)
            )
    if SERIES not in df.columns and series is None:
        raise EtlError(
            _("{file}: no {column} column; pass {argument} (e.g. {example}).").format(
                file=name, column="'Series'", argument="series=", example="SM_POP_REFG_OR"
            )
        )
    years = df[YEAR].str.strip_chars()
    bad = df.with_row_index("row").filter(~years.str.contains(r"^\d{4}$"))
    if bad.height:
        row, value = bad["row"][0] + 2, bad[YEAR][0]
        raise EtlError(
            _("{file}: row {row}, column {column}: {value} is not a 4-digit year.").format(
                file=name, row=row, column="Year", value=repr(value)
            )
        )
    by_title = {title: col for col, (title, _labels) in DISAGGREGATIONS.items()}
    unknown = [
        c
        for c in df.columns
        if c not in (YEAR, SERIES, UNITS, OBS_STATUS, UNIT_MULT, VALUE, *by_title)
    ]
    if unknown:
        raise EtlError(
            ngettext(
                "{file}: column {columns} is not a column our Open SDG export writes ({known}).",
                "{file}: columns {columns} are not columns our Open SDG export writes ({known}).",
                len(unknown),
            ).format(file=name, columns=unknown, known=", ".join(by_title))
        )
    mult = {label: str(code) for code, label in UNIT_MULT_LABELS.items()}
    out = df.select(
        pl.lit(indicator).alias("indicator_code"),
        (
            pl.col(SERIES).replace_strict(_invert(SERIES_NAMES), default=pl.col(SERIES))
            if SERIES in df.columns
            else pl.lit(series)
        ).alias("series_code"),
        pl.lit(country).alias("ref_area"),
        pl.col(YEAR).str.strip_chars().alias("time_period"),
        pl.lit("A").alias("freq"),
        *[_back(by_title[t], df[t]) for t in df.columns if t in by_title],
        pl.col(VALUE).cast(pl.Float64).alias("value"),
        (
            pl.col(UNITS).replace_strict(_invert(UNIT_LABELS), default=pl.col(UNITS))
            if UNITS in df.columns
            else pl.lit(None, pl.String())
        ).alias("unit_measure"),
        (
            pl.col(UNIT_MULT).replace_strict(mult, default=pl.col(UNIT_MULT))
            if UNIT_MULT in df.columns
            else pl.lit("0")
        )
        .cast(pl.Int32)
        .alias("unit_mult"),
        (
            pl.col(OBS_STATUS).replace_strict(
                _invert(OBS_STATUS_LABELS), default=pl.col(OBS_STATUS)
            )
            if OBS_STATUS in df.columns
            else pl.lit("A")
        ).alias("obs_status"),
    )
    return conform(out)


def read_sdmx_csv(source: bytes | str | Path, *, name: str = "SDMX-CSV file") -> pl.DataFrame:
    """Contract rows of an SDMX-CSV 1.0/2.0 file written by etl/exports/sdmx.py."""
    df = _read(_text(source), name)
    if "DATAFLOW" not in df.columns and "STRUCTURE_ID" not in df.columns:
        raise EtlError(
            _(
                "{file}: neither {v1} (SDMX-CSV 1.0) nor {v2} (2.0) in the header {header}..."
            ).format(file=name, v1="DATAFLOW", v2="STRUCTURE_ID", header=df.columns[:5])
        )
    unknown = sorted(set(df["SERIES"].unique().to_list()) - set(BY_OFFICIAL))
    if unknown:
        row = df.with_row_index("row").filter(pl.col("SERIES") == unknown[0])["row"][0] + 2
        raise EtlError(
            _(
                "{file}: row {row}, column {column}: {value} is not a series we export ({known})."
            ).format(
                file=name,
                row=row,
                column="SERIES",
                value=repr(unknown[0]),
                known=", ".join(BY_OFFICIAL),
            )
        )
    refs = {c: iso3(c) for c in df["REF_AREA"].unique().to_list()}
    area = pl.col("REF_AREA").replace_strict(refs)
    series_of = {k: v.internal for k, v in BY_OFFICIAL.items()}
    receiving = pl.col("SERIES").is_in([k for k, v in BY_OFFICIAL.items() if v.receiving])
    composite = pl.col("COMPOSITE_BREAKDOWN").fill_null(TOTAL)
    implied: dict[str, pl.Expr] = {}
    for s in BY_OFFICIAL.values():
        for col, code in s.implied:
            base = implied.get(col, pl.lit(TOTAL))
            implied[col] = (
                pl.when(pl.col("SERIES") == s.official).then(pl.lit(code)).otherwise(base)
            )
    out = df.select(
        pl.col("SERIES")
        .replace_strict({k: v.indicator for k, v in BY_OFFICIAL.items()})
        .alias("indicator_code"),
        pl.col("SERIES").replace_strict(series_of).alias("series_code"),
        pl.when(receiving).then(pl.lit(WORLD)).otherwise(area).alias("ref_area"),
        pl.when(receiving).then(area).otherwise(pl.lit(TOTAL)).alias("counterpart_area"),
        pl.col("TIME_PERIOD").alias("time_period"),
        pl.col("FREQ").alias("freq"),
        *[pl.col(sdmx).fill_null(TOTAL).alias(c) for c, sdmx in DIRECT.items()],
        pl.when(composite.str.starts_with("PD_"))
        .then(composite)
        .otherwise(pl.lit(TOTAL))
        .alias("policy_domain"),
        pl.when(composite.str.starts_with("PD_"))
        .then(pl.lit(TOTAL))
        .otherwise(composite)
        .alias("migratory_status"),
        *[e.alias(c) for c, e in implied.items()],
        pl.col("OBS_VALUE").cast(pl.Float64).alias("value"),
        pl.col("UNIT_MEASURE").alias("unit_measure"),
        pl.col("UNIT_MULT").cast(pl.Int32).alias("unit_mult"),
        pl.col("OBS_STATUS").alias("obs_status"),
        pl.col("NATURE").alias("nature"),
        pl.col("REPORTING_TYPE").alias("reporting_type"),
        pl.col("TIME_DETAIL").alias("time_detail"),
        pl.col("COMMENT_OBS").str.replace(ORIGIN_RE, "$1").replace("", None).alias("comment_obs"),
        pl.col("COMMENT_OBS").str.extract(ORIGIN_RE, 2).alias("data_origin"),
        pl.col("SOURCE_DETAIL").alias("source"),
    )
    return conform(out)

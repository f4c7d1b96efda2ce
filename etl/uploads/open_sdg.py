"""Convert an Open SDG national indicator CSV (`Year`, [`Series`], [`Units`], breakdowns, `Value`)
into indicator_long rows, so that it goes through the same checks as any upload.

Open SDG files carry human labels, not codes (open-sdg `docs/data-format.md`): blank = total.
Known labels are mapped to §5 codes (sex, age, policy domain, countries, units, series). A
breakdown the §5 contract has no column for (e.g. Canada's "Method" of transfer) cannot be
stored: its non-total rows are left out and a note says how many and why. When nothing is left,
or the file is not convertible (placeholder data, no values, a national indicator the platform
does not know), UploadError says why.

Every label our own Open SDG export writes (etl/exports/opensdg.py: series, units, breakdown
titles and labels, `Observation status`, `Unit multiplier`, as UK ONS files have them) is read
back to the code it came from, so an exported file imports to the same annual rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from core.areas import AREA_CODES
from core.templates import INDICATOR_LONG, TEMPLATE_VERSION
from etl.exports import opensdg as ours
from etl.sources.wb_names import resolve
from etl.uploads.checker import indicator_codes
from etl.uploads.prepare import max_upload_bytes
from etl.uploads.read import ROW, RawTable, UploadError, read_upload

DEFAULT_SERIES: dict[str, str] = {
    "10.c.1": "SI_RMT_COST",
    "10.7.2": "SG_CPA_MIGRS",  # Open SDG 10.7.2 files publish the 1-4 category per domain
    "10.7.3": "SM_DTH_MIGR",
    "10.7.4": "SM_POP_REFG_OR",
    "17.3.2": "BX_TRF_PWKR",
    "10.7.1": "RCI",
}
DEFAULT_UNITS: dict[str, str] = {
    "10.c.1": "PT",
    "10.7.2": "SCORE_1_4",
    "10.7.3": "NUMBER",
    "10.7.4": "PER_100000_POP",
    "17.3.2": "PT",
    "10.7.1": "RATIO_MONTHS",
}


def _lower_inverse(labels: dict[str, str]) -> dict[str, str]:
    """Our exporter's code -> label map as lower-case label -> code."""
    return {label.lower(): code for code, label in labels.items()}


UNIT_LABELS: dict[str, str] = {
    "%": "PT",
    "percent": "PT",
    "percent (%)": "PT",
    "per 100000 population": "PER_100000_POP",
    "per 100 000 population": "PER_100000_POP",
    "number of refugees per 100,000 population": "PER_100000_POP",  # UK ONS 10-7-4
    "score": "SCORE_1_4",
    **_lower_inverse(ours.UNIT_LABELS),  # Percentage (%), Number, US dollars, ...
}
SERIES_LABELS: dict[str, str] = {
    "average remittance costs of sending $200 to a receiving country as a proportion of the "
    "amount remitted": "SI_RMT_COST",
    **_lower_inverse(ours.SERIES_LABELS),  # UK ONS 10-c-1 uses our SI_RMT_COST label
}
SEX_LABELS: dict[str, str] = {"male": "M", "men": "M", "female": "F", "women": "F"}
# Attribute columns (UK ONS and our export): label -> code; codes themselves pass too.
OBS_STATUS_LABELS: dict[str, str] = _lower_inverse(ours.OBS_STATUS_LABELS)
UNIT_MULT_LABELS: dict[str, str] = {
    label.lower(): str(code) for code, label in ours.UNIT_MULT_LABELS.items()
}
ATTRIBUTES: dict[str, tuple[str, dict[str, str], str]] = {  # title -> (column, labels, default)
    "observation status": ("obs_status", OBS_STATUS_LABELS, "A"),
    "unit multiplier": ("unit_mult", UNIT_MULT_LABELS, "0"),
}
# Our export's other breakdown titles -> (contract column, lower-case label -> code).
EXPORT_BREAKDOWNS: dict[str, tuple[str, dict[str, str]]] = {
    title.lower(): (column, _lower_inverse(labels))
    for column, (title, labels) in ours.DISAGGREGATIONS.items()
    if column not in ("counterpart_area", "sex", "age", "policy_domain")
}
POLICY_WORDS: dict[str, str] = {  # distinctive word of each domain's name -> domain code
    "rights": "PD_1",
    "government": "PD_2",
    "cooperation": "PD_3",
    "socio": "PD_4",
    "crises": "PD_5",
    "orderly": "PD_6",
}
AREA_ALIASES: dict[str, str] = {
    "russia": "RUS",
    "total": "_T",
    "all countries": "_T",
    **_lower_inverse(ours.AREA_NAMES_EXTRA),  # World, Kosovo, Channel Islands
}
COUNTRY_COLUMNS = (
    "country",
    "country of origin",
    "destination countries",
    "destination country",
    "counterpart area",  # our export
)
POLICY_COLUMNS = ("policy domain", "policy area", "policy areas")
TOTAL_PREFIX = "all "  # "All methods", "All regions": the total of a breakdown


@dataclass(frozen=True)
class OpenSdgConversion:
    """indicator_long rows as strings (ROW = the Open SDG file's row) and what was left out."""

    table: RawTable
    indicator_code: str
    notes: list[str] = field(default_factory=list)


def indicator_id(file_name: str) -> str:
    """'indicator_10-7-2.csv' or '10-c-1.csv' -> '10.7.2' / '10.c.1'."""
    stem = re.sub(r"\.(csv|txt)$", "", file_name.rsplit("/", 1)[-1], flags=re.I)
    return stem.removeprefix("indicator_").replace("-", ".")


def _period(year: pl.Expr) -> pl.Expr:
    """Open SDG Year -> §5 period: '2013 Q1' -> '2013-Q1', '1980 to 1990' -> '1980-1990'."""
    return (
        year.str.replace(r"^(\d{4})\s*-?\s*Q([1-4])$", "$1-Q$2")
        .str.replace(r"^(\d{4})\s*(?:to|-|–)\s*(\d{4})$", "$1-$2")
        .str.replace(r"^(\d{4})\.0$", "$1")
    )


def _policy_domain(label: str) -> str | None:
    """'Domain 3. Cooperation and partnerships' / 'Socio-economic well-being' -> PD_n."""
    m = re.match(r"\s*domain\s*(\d)", label, flags=re.I)
    if m:
        return f"PD_{m.group(1)}"
    low = label.lower()
    return next((code for word, code in POLICY_WORDS.items() if word in low), None)


def _area(label: str) -> str | None:
    """Country name -> ISO3 (World Bank / pycountry names), `_T` for totals, None if unknown."""
    alias = AREA_ALIASES.get(label.strip().lower())
    if alias:
        return alias
    if label in AREA_CODES:  # our export writes region codes (SSF, MMP_HORN) as they are
        return label
    m = resolve(label)
    return m.iso3 if m is not None else None


def _age(label: str) -> str:
    """'15-24' -> Y15T24, '65+' -> Y_GE65; other labels kept (the checks then warn)."""
    s = label.strip()
    if m := re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", s):
        return f"Y{m.group(1)}T{m.group(2)}"
    if m := re.fullmatch(r"(\d+)\s*\+", s):
        return f"Y_GE{m.group(1)}"
    return ours.age_code(s)  # our export: "65 and over", "Under 18", "5"


def _map(df: pl.DataFrame, col: str, fn: Callable[[str], str | None]) -> pl.Expr:
    """Map the distinct labels of a column through fn (few labels, so Python is cheap)."""
    labels = [v for v in df[col].unique().to_list() if v is not None]
    mapping = {v: fn(v) for v in labels}
    return pl.col(col).replace_strict(mapping, default=None, return_dtype=pl.String())


def _from_labels(labels: dict[str, str]) -> Callable[[str], str]:
    """Label -> code through a lower-case label map; a cell no map knows is a code already."""

    def code(label: str) -> str:
        return labels.get(label.lower(), label)

    return code


def _fail(file_name: str, rule: str, problem: str, hint: str) -> UploadError:
    return UploadError(file_name, rule, problem, hint)


def _breakdowns(
    df: pl.DataFrame, file_name: str, notes: list[str]
) -> tuple[pl.DataFrame, dict[str, pl.Expr]]:
    """Contract columns from the known breakdowns; rows of unknown breakdowns are left out."""
    exprs: dict[str, pl.Expr] = {}
    known = {"Year", "Series", "Units", "Value", ROW}
    for col in [c for c in df.columns if c not in known]:
        low = col.strip().lower()
        if low in ATTRIBUTES:
            continue  # read by _attribute
        if low in EXPORT_BREAKDOWNS:
            column, labels = EXPORT_BREAKDOWNS[low]
            # labels our export writes go back to codes; other cells are codes already
            exprs[column] = _map(df, col, _from_labels(labels)).fill_null("_T")
        elif low == "sex":
            exprs["sex"] = _map(df, col, lambda v: SEX_LABELS.get(v.lower())).fill_null("_T")
        elif low in ("age", "age group"):
            exprs["age"] = _map(df, col, _age).fill_null("_T")
        elif low in POLICY_COLUMNS:
            bad = [v for v in df[col].drop_nulls().unique().to_list() if _policy_domain(v) is None]
            if bad:
                raise _fail(
                    file_name,
                    "unknown_label",
                    f"policy domain(s) {bad} not recognised",
                    "Name them 'Domain 1' ... 'Domain 6'",
                )
            exprs["policy_domain"] = _map(df, col, _policy_domain).fill_null("_T")
            exprs.setdefault("sub_category", pl.lit("_T"))
        elif low in COUNTRY_COLUMNS:
            names = df[col].drop_nulls().unique().to_list()
            unknown = sorted(n for n in names if _area(n) is None)
            if unknown:
                n = df.filter(pl.col(col).is_in(unknown)).height
                notes.append(f"{n} row(s) for {unknown} left out: no ISO3 country code")
                df = df.filter(~pl.col(col).is_in(unknown))
            exprs["counterpart_area"] = _map(df, col, _area).fill_null("_T")
        elif df[col].drop_nulls().len() == 0:
            notes.append(f"column '{col or '(blank header)'}' is empty and was ignored")
        else:
            # No §5 column for this breakdown: only its total rows (blank or "All ...") can go in.
            total = pl.col(col).is_null() | pl.col(col).str.to_lowercase().str.starts_with(
                TOTAL_PREFIX
            )
            dropped = df.height - df.filter(total).height
            notes.append(
                f"{dropped} row(s) broken down by '{col}' left out: the §5 contract has no "
                "column for this breakdown"
            )
            df = df.filter(total)
    return df, exprs


def _units(
    df: pl.DataFrame, ind: str, unit: str | None, file_name: str, notes: list[str]
) -> pl.Expr:
    """unit_measure from the Units column, else the given or the indicator's default unit."""
    if "Units" in df.columns:
        labels = df["Units"].drop_nulls().unique().to_list()
        bad = [u for u in labels if u.strip().lower() not in UNIT_LABELS]
        if bad:
            raise _fail(
                file_name,
                "unknown_unit",
                f"unit(s) {bad} not recognised",
                f"Known: {', '.join(UNIT_LABELS)}",
            )
        return _map(df, "Units", lambda u: UNIT_LABELS[u.strip().lower()])
    chosen = unit or DEFAULT_UNITS.get(ind)
    if chosen is None:
        raise _fail(
            file_name,
            "no_unit",
            f"no Units column and no default unit for {ind}",
            "Give the unit (e.g. PT) explicitly",
        )
    notes.append(f"no Units column: unit {chosen} assumed for {ind}")
    return pl.lit(chosen)


def _attribute(df: pl.DataFrame, title: str) -> pl.Expr:
    """obs_status / unit_mult from an attribute column (label or code), else the default."""
    column, labels, default = ATTRIBUTES[title]
    found = next((c for c in df.columns if c.strip().lower() == title), None)
    if found is None:
        return pl.lit(default).alias(column)
    # an unknown label stays as written: the checks then name the cell
    expr = _map(df, found, lambda v: labels.get(v.strip().lower(), v.strip()))
    return expr.fill_null(default).alias(column)


def _series(df: pl.DataFrame, ind: str) -> pl.Expr:
    """series_code from the Series label (known SDG series, else a code made from the label)."""
    default = DEFAULT_SERIES.get(ind, "OSDG_" + re.sub(r"\W", "_", ind).upper())
    if "Series" not in df.columns:
        return pl.lit(default)

    def code(label: str) -> str:
        key = " ".join(label.lower().split())
        return SERIES_LABELS.get(key) or re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")[:40]

    return _map(df, "Series", code).fill_null(default)


def convert_open_sdg(
    data: bytes,
    file_name: str,
    *,
    ref_area: str,
    indicator: str | None = None,
    unit: str | None = None,
    submitted_by: str = "Open SDG import",
    submitted_on: str | None = None,
) -> OpenSdgConversion:
    """An Open SDG indicator CSV of one country -> indicator_long rows (strings) and notes."""
    raw = read_upload(data, file_name, max_bytes=max_upload_bytes())
    ind = indicator or indicator_id(file_name)
    df = raw.df
    if not {"Year", "Value"} <= set(df.columns):
        raise _fail(
            file_name,
            "not_open_sdg",
            "it has no Year and Value columns",
            "Open SDG indicator files have a Year and a Value column",
        )
    if ind not in indicator_codes():
        raise _fail(
            file_name,
            "unknown_indicator",
            f"{ind} is a national indicator, not one the platform knows",
            "Only SDG/project indicators are imported (e.g. 10.7.2, 10.c.1, 10.7.4)",
        )
    if "Group" in df.columns and set(df["Group"].drop_nulls().to_list()) <= {"A", "B"}:
        raise _fail(
            file_name,
            "placeholder",
            "it holds the Open SDG starter's placeholder data (Group A/B), not statistics",
            "Nothing to import until the national platform publishes real data",
        )
    notes: list[str] = []
    blank = df.filter(pl.col("Value").is_null()).height
    df = df.filter(pl.col("Value").is_not_null())
    if df.height == 0:
        raise _fail(
            file_name,
            "no_values",
            f"all {blank} rows have a blank Value",
            "Nothing to import: the platform publishes no figures for it yet",
        )
    if blank:
        notes.append(f"{blank} row(s) with a blank Value left out")
    df, dims = _breakdowns(df, file_name, notes)
    if df.height == 0:
        raise _fail(
            file_name,
            "no_total_rows",
            "every row is broken down by a category the §5 contract has no column for",
            "; ".join(notes),
        )
    period = _period(pl.col("Year"))
    freq = (
        pl.when(period.str.contains("-Q"))
        .then(pl.lit("Q"))
        .when(period.str.contains(r"^\d{4}-\d{4}$"))
        .then(pl.lit("I"))
        .otherwise(pl.lit("A"))
    )
    out = df.select(
        pl.col(ROW),
        pl.lit(TEMPLATE_VERSION).alias("template_version"),
        pl.lit(ind).alias("indicator_code"),
        _series(df, ind).alias("series_code"),
        pl.lit(ref_area).alias("ref_area"),
        period.alias("time_period"),
        freq.alias("freq"),
        *(e.alias(c) for c, e in dims.items()),
        pl.col("Value").alias("value"),
        _units(df, ind, unit, file_name, notes).alias("unit_measure"),
        _attribute(df, "unit multiplier"),
        _attribute(df, "observation status"),
        pl.lit("N").alias("reporting_type"),
        pl.lit(f"Open SDG national platform, {file_name}").alias("source"),
        pl.lit("COMPILED").alias("collection_method"),
        pl.lit(submitted_by).alias("submitted_by"),
        pl.lit(submitted_on or date.today().isoformat()).alias("submitted_on"),
    )
    out = _split_units(out, ind, notes)
    cols = [c for c in INDICATOR_LONG.column_names if c in out.columns]
    table = RawTable(
        file_name, out.select([ROW, *cols]), raw.file_format, raw.encoding, raw.separator
    )
    return OpenSdgConversion(table, ind, notes)


def _split_units(df: pl.DataFrame, ind: str, notes: list[str]) -> pl.DataFrame:
    """§5 rule 3: a series with several units gets one series_code per extra unit."""
    per = df.group_by("series_code").agg(pl.col("unit_measure").unique().sort())
    mixed = per.filter(pl.col("unit_measure").list.len() > 1)
    if mixed.height == 0:
        return df
    units = sorted({u for us in mixed["unit_measure"] for u in us})
    main = DEFAULT_UNITS.get(ind, units[0])
    notes.append(
        f"several units {units}: series codes of units other than {main} get the unit as suffix"
    )
    split = pl.col("series_code").is_in(mixed["series_code"].to_list())
    return df.with_columns(
        series_code=pl.when(split & (pl.col("unit_measure") != main))
        .then(pl.col("series_code") + "_" + pl.col("unit_measure"))
        .otherwise(pl.col("series_code"))
    )

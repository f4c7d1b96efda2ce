"""Open SDG export: `data/indicator_<id>.csv` and `meta/<id>.md` for one country's platform.

Conventions, checked against the real national files in ../shared/data/open_sdg (UK ONS,
Armenia, Canada, Korea, Moldova) and indicators.md §5:
- One CSV per indicator, `indicator_<id>.csv` with dashes (10.c.1 -> `indicator_10-c-1.csv`).
- Columns: `Year` first, then `Series`, `Units`, the disaggregation columns that are broken
  down in this file, then `Observation status`, `Unit multiplier` (as ONSdigital/sdg-data
  writes them) and `Value` last. A disaggregation column is left out when all its cells would
  be blank. Blank = total: every `_T` is written as an empty cell.
- Cells are labels, not codes: `Female`/`Male` (UK 10-7-3), `Domain 1. Migrant rights`
  (Canada 10-7-2), `Normal value` and `Units` (UK attribute labels), country names for the
  counterpart area. The maps below are inverted by etl/exports/read.py and by the Open SDG
  importer etl/uploads/open_sdg/convert.py (unknown labels pass), so an export imports to the
  same rows.
- `Year` is an integer. Annual, biennial and irregular rows give the first 4 digits of
  `time_period` (§5). Sub-annual rows (`YYYY-Qn`, `YYYY-MM`) are SKIPPED, never averaged: the
  table already holds the project's annual means where it defines them (10.c.1), and Open SDG
  has no quarter axis. Each skip is counted in the returned notes and in the meta footnote.
- Metadata: YAML front-matter Markdown `meta/<id>.md`, the older Open SDG layout used by
  UK ONS, Armenia and Korea (keys indicator_number, indicator_name, reporting_status, ...).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import polars as pl

from core.areas import area_name
from core.contract import DIMENSIONS, TOTAL, conform
from core.errors import EtlError
from core.i18n import _
from etl.exports.safe_write import csv_bytes
from etl.exports.tables import filter_table, indicators_in, slug
from etl.publisher import public_url
from indicators.names import SERIES_NAMES
from indicators.origin import origin_note
from indicators.periods import is_partial

YEAR, SERIES, UNITS, VALUE = "Year", "Series", "Units", "Value"
OBS_STATUS, UNIT_MULT = "Observation status", "Unit multiplier"

UNIT_LABELS: dict[str, str] = {
    "PT": "Percentage (%)",  # as UK ONS indicator_10-c-1.csv
    "NUMBER": "Number",  # as UK ONS indicator_10-7-3.csv
    "PER_100000_POP": "Per 100,000 population",
    "USD": "US dollars",
    "RATIO_MONTHS": "Months of earnings",
    "BINARY": "Yes (1) / partly (0.5) / no (0)",
    "SCORE_1_4": "Score (1 to 4)",
}
OBS_STATUS_LABELS: dict[str, str] = {  # SDMX CL_OBS_STATUS names; UK writes "Normal value"
    "A": "Normal value",
    "E": "Estimated value",
    "P": "Provisional value",
    "F": "Forecast value",
    "M": "Missing value",
}
UNIT_MULT_LABELS: dict[int, str] = {0: "Units", 3: "Thousands", 6: "Millions", 9: "Billions"}

# Contract column -> (Open SDG column title, code -> label). Codes without a label pass as is.
DISAGGREGATIONS: dict[str, tuple[str, dict[str, str]]] = {
    "counterpart_area": ("Counterpart area", {}),  # country names, see area_label()
    "sex": ("Sex", {"F": "Female", "M": "Male"}),
    "age": ("Age", {}),  # see age_label()
    "urbanisation": ("Location", {"U": "Urban", "R": "Rural"}),
    "education_lev": ("Education level", {}),
    "occupation": ("Occupation", {}),
    "activity": ("Economic activity", {}),
    "migratory_status": (
        "Migratory status",
        {"MS_MIGRANT": "Migrants", "MS_NOMIGRANT": "Non-migrants"},
    ),
    "policy_domain": (
        "Policy domain",
        {
            "PD_1": "Domain 1. Migrant rights",
            "PD_2": "Domain 2. Whole-of-government/evidence-based policies",
            "PD_3": "Domain 3. Cooperation and partnerships",
            "PD_4": "Domain 4. Socioeconomic well-being",
            "PD_5": "Domain 5. Mobility dimensions of crises",
            "PD_6": "Domain 6. Safe, orderly and regular migration",
        },
    ),
    "sub_category": ("Sub-category", {}),
    "coherence_level": (
        "Coherence level",
        {
            "INTRA_GOV": "Intra-governmental",
            "INTER_GOV": "Inter-governmental",
            "MULTILAT": "Multilateral",
            "MULTI_STAKE": "Multi-stakeholder",
        },
    ),
    "provider_type": (
        "Provider type",
        {"BANK": "Bank", "MTO": "Money transfer operator", "POST": "Post office"},
    ),
    "funding_instrument": ("Funding instrument", {}),
    "payout_instrument": ("Payout instrument", {}),
    "transfer_amount": ("Amount sent", {"USD200": "USD 200", "USD500": "USD 500"}),
    "statistic": (
        "Statistic",
        {
            "MEAN": "Mean",
            "MEDIAN": "Median",
            "SMART3": "Mean of the 3 cheapest services (SmaRT)",
            "SHARE": "Share",
        },
    ),
}
assert set(DISAGGREGATIONS) == {"counterpart_area", *DIMENSIONS}

_AGE = re.compile(r"^Y(\d+)T(\d+)$|^Y_GE(\d+)$|^Y_LT(\d+)$|^Y(\d+)$")
SUB_ANNUAL = re.compile(r"^\d{4}-(Q[1-4]|S[12]|\d{2})$")
# M49/World Bank codes that pycountry does not name.


AREA_NAMES_EXTRA: dict[str, str] = {"WLD": "World", "XKX": "Kosovo", "CHI": "Channel Islands"}


def age_label(code: str) -> str:
    """SDMX age code -> label: Y15T24 -> 15-24, Y_GE65 -> 65 and over, Y_LT18 -> Under 18."""
    m = _AGE.match(code)
    if not m:
        return code
    lo, hi, ge, lt, one = m.groups()
    if lo is not None:
        return f"{lo}-{hi}"
    if ge is not None:
        return f"{ge} and over"
    if lt is not None:
        return f"Under {lt}"
    return one


def age_code(label: str) -> str:
    """Inverse of `age_label`: 15-24 -> Y15T24, 65 and over -> Y_GE65, Under 18 -> Y_LT18."""
    if m := re.fullmatch(r"(\d+)-(\d+)", label):
        return f"Y{m[1]}T{m[2]}"
    if m := re.fullmatch(r"(\d+) and over", label):
        return f"Y_GE{m[1]}"
    if m := re.fullmatch(r"Under (\d+)", label):
        return f"Y_LT{m[1]}"
    return f"Y{label}" if label.isdigit() else label


def area_label(code: str) -> str:
    """ISO3 -> English short name (pycountry); other codes are returned unchanged."""
    return area_name(code)


def code_label(column: str, code: str | None) -> str:
    """The Open SDG cell for a contract dimension code: blank for `_T`/null, else a label."""
    if code is None or code == TOTAL:
        return ""
    if column == "counterpart_area":
        return area_label(code)
    if column == "age":
        return age_label(code)
    return DISAGGREGATIONS[column][1].get(code, code)


@dataclass
class OpenSdgExport:
    """The files of one country's Open SDG export, and what was left out and why."""

    country: str
    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # indicator -> rows written


def _map_col(df: pl.DataFrame, column: str) -> pl.Expr:
    # Totals map to null, written as an empty unquoted cell (`2014,,,`) as Open SDG files do.
    codes = [c for c in df[column].unique().to_list() if c is not None]
    mapping = {c: code_label(column, c) or None for c in codes}
    return pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String())


def opensdg_frame(
    table: pl.DataFrame, indicator: str, country: str
) -> tuple[pl.DataFrame, list[str]]:
    """One indicator for one country as an Open SDG data frame, and notes on skipped rows."""
    about = conform(filter_table(table, indicator, country))
    # An Open SDG file has no counterpart column: only the country's own rows go in; those
    # where it is the counterpart (inbound corridors) are in the CSV and SDMX exports.
    rows = about.filter(pl.col("ref_area") == country)
    notes = []
    if rows.height < about.height:
        notes.append(
            f"{indicator} {country}: {about.height - rows.height} row(s) where {country} is the "
            "counterpart (e.g. inbound corridors) are not in Open SDG files (no counterpart "
            "column); export CSV or SDMX for them."
        )
    sub = rows.filter(pl.col("time_period").str.contains(SUB_ANNUAL.pattern))
    if sub.height:
        counts = sub.group_by("series_code").len().sort("series_code").iter_rows()
        per = ", ".join(f"{s}: {n}" for s, n in counts)
        notes.append(
            f"{indicator} {country}: {sub.height} sub-annual row(s) skipped ({per}); Open SDG "
            "Year is an integer, and annual means are exported where the table has them."
        )
    rows = rows.filter(~pl.col("time_period").str.contains(SUB_ANNUAL.pattern))
    partial = rows.filter(is_partial())
    if partial.height:
        notes.append(
            f"{indicator} {country}: {partial.height} row(s) covering part of their year "
            f"skipped ({partial['time_detail'][0]}); they are not annual values."
        )
        rows = rows.filter(~is_partial())
    if rows.is_empty():
        return pl.DataFrame(schema={YEAR: pl.Int64(), VALUE: pl.Float64()}), notes
    shown = [c for c in DISAGGREGATIONS if rows[c].fill_null(TOTAL).ne(TOTAL).any()]
    out = rows.select(
        pl.col("time_period").str.slice(0, 4).cast(pl.Int64).alias(YEAR),
        pl.col("series_code")
        .replace_strict(SERIES_NAMES, default=pl.col("series_code"))
        .alias(SERIES),
        pl.col("unit_measure")
        .replace_strict(UNIT_LABELS, default=pl.col("unit_measure"))
        .alias(UNITS),
        *[_map_col(rows, c).alias(DISAGGREGATIONS[c][0]) for c in shown],
        pl.col("obs_status")
        .replace_strict(OBS_STATUS_LABELS, default=pl.col("obs_status"))
        .alias(OBS_STATUS),
        pl.col("unit_mult")
        .replace_strict(
            UNIT_MULT_LABELS,
            default=pl.col("unit_mult").cast(pl.String()),
            return_dtype=pl.String(),
        )
        .alias(UNIT_MULT),
        pl.col("value").alias(VALUE),
    )
    keys = [c for c in out.columns if c not in (OBS_STATUS, UNIT_MULT, VALUE)]
    dup = out.filter(out.select(keys).is_duplicated())
    if dup.height:
        first = dict(zip(keys, dup.row(0), strict=False))
        raise EtlError(
            _(
                "Open SDG export of {indicator} for {country}: {n} rows share the same {year} "
                "and columns, first {first}. Two time periods start with the same year (e.g. "
                "2021 and 2021-2022); give them distinct series before exporting."
            ).format(indicator=indicator, country=country, n=dup.height, year=YEAR, first=first)
        )
    order = [SERIES, UNITS, *[DISAGGREGATIONS[c][0] for c in shown], YEAR]
    return out.sort(order, nulls_last=False), notes  # headline (blank) rows first, as UK ONS


def opensdg_csv(frame: pl.DataFrame) -> bytes:
    """CSV bytes of an Open SDG frame: header `Year,...,Value`, text cells neutralised."""
    return csv_bytes(frame, null_value="")


def _yaml(value: object) -> str:
    # JSON strings are valid YAML double-quoted scalars; booleans stay bare.
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(str(value), ensure_ascii=False)


def opensdg_meta(
    rows: pl.DataFrame, indicator: str, country: str, notes: list[str], name: str | None = None
) -> bytes:
    """`meta/<id>.md`: YAML front matter with the keys the UK ONS platform uses.

    data_footnote says the rows' origin (custodian, national, derived, demo: what each means;
    Open SDG has no key for it, and only the UK keys are written); source URLs are
    publishers' web addresses only (never a path on this machine).
    """
    rows = conform(rows)
    units = [UNIT_LABELS.get(u, u) for u in sorted(rows["unit_measure"].drop_nulls().unique())]
    fields: dict[str, object] = {
        "indicator_number": indicator,
        "indicator_name": name or indicator,
        "graph_title": name or indicator,
        "graph_type": "line",
        "reporting_status": "complete" if rows.height else "notstarted",
        "data_non_statistical": False,
        "national_geographical_coverage": area_label(country),
        "computation_units": "; ".join(units),
        "data_footnote": " ".join(
            [
                f"Exported {datetime.now(UTC).date().isoformat()} from the M&E indicator table.",
                origin_note(set(rows["data_origin"].to_list()), "en"),
                *notes,
            ]
        ),
    }
    sources = rows.select("source", "source_url").unique().sort("source", nulls_last=True)
    for i, (text, url) in enumerate(sources.iter_rows(), start=1):
        fields[f"source_active_{i}"] = True
        fields[f"source_organisation_{i}"] = text or "unknown"
        if public_url(url):
            fields[f"source_url_{i}"] = url
    body = "\n".join(f"{k}: {_yaml(v)}" for k, v in fields.items())
    return f"---\n{body}\n---\n".encode()


def _names() -> Mapping[str, str]:
    from indicators.registry import SPECS

    return {k: s.name for k, s in SPECS.items()}


def export_opensdg(
    table: pl.DataFrame, country: str, indicator: str | None = None
) -> OpenSdgExport:
    """Open SDG files (`data/indicator_<id>.csv`, `meta/<id>.md`) for one country."""
    rows = filter_table(table, indicator, country)
    names = _names()
    out = OpenSdgExport(country=country)
    for code in indicators_in(rows):
        frame, notes = opensdg_frame(rows, code, country)
        part = rows.filter(pl.col("indicator_code") == code, pl.col("ref_area") == country)
        out.files[f"data/indicator_{slug(code)}.csv"] = opensdg_csv(frame)
        out.files[f"meta/{slug(code)}.md"] = opensdg_meta(
            part, code, country, notes, names.get(code)
        )
        out.notes += notes
        out.rows[code] = frame.height
    return out

"""SDMX-CSV export for SDG data exchange (global SDG DSD concepts, indicators.md §1.8).

Layout: SDMX-CSV 1.0 (first column DATAFLOW = `IAEG-SDGs:DF_SDG_GLH(1.24)`) or 2.0 (STRUCTURE,
STRUCTURE_ID, ACTION), then the dimensions in the DSD order, OBS_VALUE, then the attributes.
The column list is the one the UN data portal serves for DF_SDG_GLH (FREQ, REPORTING_TYPE,
SERIES, REF_AREA, SEX, AGE, URBANISATION, ..., TIME_PERIOD, OBS_VALUE, OBS_STATUS, UNIT_MULT,
UNIT_MEASURE, ..., NATURE, TIME_DETAIL, COMMENT_OBS, ...); attributes we do not hold are blank.

Decisions (indicators.md §1.8 codes are [VERIFY]):
- Only series with an official SDG code in §1.8 are exported: SI_RMT_COST, SG_CPA_MIGR(P/S),
  SM_DTH_MIGR, SM_POP_REFG_OR, and BX_TRF_PWKR (our BX_TRF_PWKR_DT_GD_ZS). The project's own
  series (RPW_ATCR_CORR, KNOMAD_*, SM_POP_TOTL, ...) are LEFT OUT, never renamed, and
  `SdmxExport.left_out` counts them by series and reason.
- REF_AREA is the UN M49 numeric code without leading zeros, as the SDG database writes it
  (World = 1; pycountry ISO numeric for countries; Kosovo 412, Channel Islands 830). Areas
  with no M49 code (World Bank or MMP region codes) are left out and counted.
- SI_RMT_COST is the cost of sending USD 200 TO a country: contract rows WLD -> country
  (counterpart_area) become REF_AREA = that country (WLD -> WLD becomes World = 1); sending-
  side and corridor rows are left out (SI_RMT_COST_BC/_SND are unverified).
- policy_domain (PD_1..PD_6, 10.7.2) and migratory_status (MS_MIGRANT) go to
  COMPOSITE_BREAKDOWN; rows broken down by a project-only dimension (counterpart area,
  route, provider, instrument, ...) are left out. transfer_amount USD200 / statistic MEAN are
  part of the SI_RMT_COST definition and not written.
- FREQ: A and Q as in the table; biennial/irregular survey rounds are written as A (the SDMX
  code B means "daily, business"). Time periods other than YYYY / YYYY-Qn are left out.
- COMMENT_OBS ends with ` [origin <data_origin>]` (custodian, national, derived or demo;
  indicators/origin.py), the DSD having no attribute for it; etl/exports/read.py moves it back.
- SOURCE_DETAIL carries `source`. source_url, retrieved_at, value_label, answer_text,
  collection_method and sample_size have no DSD attribute and are not exported.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import polars as pl
import pycountry

from core.contract import TOTAL, WORLD, conform
from core.i18n import N_, _, ngettext, translator
from etl.exports.safe_write import csv_bytes
from etl.exports.tables import filter_table
from etl.sources.sdg.frame import M49_NON_ISO
from indicators.periods import is_partial

DATAFLOW = "IAEG-SDGs:DF_SDG_GLH(1.24)"
SDMX_DIMENSIONS: tuple[str, ...] = (
    "FREQ",
    "REPORTING_TYPE",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "URBANISATION",
    "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV",
    "OCCUPATION",
    "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN",
    "DISABILITY_STATUS",
    "ACTIVITY",
    "PRODUCT",
    "TIME_PERIOD",
)
SDMX_ATTRIBUTES: tuple[str, ...] = (
    "OBS_STATUS",
    "UNIT_MULT",
    "UNIT_MEASURE",
    "BASE_PER",
    "NATURE",
    "TIME_DETAIL",
    "COMMENT_OBS",
    "TIME_COVERAGE",
    "UPPER_BOUND",
    "LOWER_BOUND",
    "SOURCE_DETAIL",
    "COMMENT_TS",
    "GEO_INFO_URL",
    "GEO_INFO_TYPE",
    "CUST_BREAKDOWN_LB",
    "DATA_LAST_UPDATE",
)
HEADER_V1: tuple[str, ...] = ("DATAFLOW", *SDMX_DIMENSIONS, "OBS_VALUE", *SDMX_ATTRIBUTES)
HEADER_V2: tuple[str, ...] = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    *SDMX_DIMENSIONS,
    "OBS_VALUE",
    *SDMX_ATTRIBUTES,
)
WORLD_M49 = "1"
TIME_OK = r"^\d{4}(-Q[1-4])?$"
FREQ_OUT: dict[str, str] = {"A": "A", "Q": "Q", "B": "A", "I": "A"}
# Contract dimension -> SDMX dimension, same codes.
DIRECT: dict[str, str] = {
    "sex": "SEX",
    "age": "AGE",
    "urbanisation": "URBANISATION",
    "education_lev": "EDUCATION_LEV",
    "occupation": "OCCUPATION",
    "activity": "ACTIVITY",
}
COMPOSITE = ("policy_domain", "migratory_status")
PROJECT_ONLY = (
    "sub_category",
    "coherence_level",
    "provider_type",
    "funding_instrument",
    "payout_instrument",
    "transfer_amount",
    "statistic",
)


@dataclass(frozen=True)
class SdgSeries:
    """How one contract series maps to an SDG global series (indicators.md §1.8)."""

    internal: str
    official: str
    indicator: str
    receiving: bool = False  # REF_AREA = counterpart_area, ref_area must be WLD (10.c.1)
    implied: tuple[tuple[str, str], ...] = ()  # dimension values fixed by the definition


SERIES_MAP: dict[str, SdgSeries] = {
    s.internal: s
    for s in (
        SdgSeries(
            "SI_RMT_COST",
            "SI_RMT_COST",
            "10.c.1",
            receiving=True,
            implied=(("transfer_amount", "USD200"), ("statistic", "MEAN")),
        ),
        SdgSeries("SG_CPA_MIGR", "SG_CPA_MIGR", "10.7.2"),
        SdgSeries("SG_CPA_MIGRP", "SG_CPA_MIGRP", "10.7.2"),
        SdgSeries("SG_CPA_MIGRS", "SG_CPA_MIGRS", "10.7.2"),
        SdgSeries("SM_DTH_MIGR", "SM_DTH_MIGR", "10.7.3"),
        SdgSeries("SM_POP_REFG_OR", "SM_POP_REFG_OR", "10.7.4"),
        SdgSeries("BX_TRF_PWKR_DT_GD_ZS", "BX_TRF_PWKR", "17.3.2"),
    )
}
BY_OFFICIAL: dict[str, SdgSeries] = {s.official: s for s in SERIES_MAP.values()}


@functools.cache
def m49(area: str) -> str | None:
    """UN M49 numeric code (no leading zeros) of an ISO3/WLD code; None when there is none."""
    if area == WORLD:
        return WORLD_M49
    if area.isdigit():  # aggregates already held as M49 text (etl/sources/sdg/frame.py)
        return str(int(area))
    extra = {v: k for k, v in M49_NON_ISO.items()}
    if area in extra:
        return str(extra[area])
    country = pycountry.countries.get(alpha_3=area) if len(area) == 3 else None
    return str(int(country.numeric)) if country is not None else None


@functools.cache
def iso3(code: str) -> str:
    """Inverse of `m49`: ISO3 (WLD for 1); an M49 code with no country stays as text."""
    if code == WORLD_M49:
        return WORLD
    if not code.isdigit():
        return code
    if int(code) in M49_NON_ISO:
        return M49_NON_ISO[int(code)]
    country = pycountry.countries.get(numeric=code.zfill(3))
    return country.alpha_3 if country is not None else code


@dataclass
class SdmxExport:
    """SDMX-CSV bytes, the rows written, and the rows left out (series, reason, rows)."""

    data: bytes
    rows: int
    left_out: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(
            schema={"series_code": pl.String(), "reason": pl.String(), "rows": pl.UInt32()}
        )
    )

    def report(self) -> str:
        """One line per left-out (series, reason)."""
        return "\n".join(
            ngettext(
                "{series}: {n} row left out, {reason}", "{series}: {n} rows left out, {reason}", n
            ).format(series=s, n=translator().number(n), reason=_(r))
            for s, r, n in self.left_out.iter_rows()
        )


def _reason(rows: pl.DataFrame) -> pl.Series:
    """Why each row cannot be written (null = it can), first reason wins."""
    series = pl.col("series_code")
    mapped = series.is_in(list(SERIES_MAP))
    receiving = series.is_in([s.internal for s in SERIES_MAP.values() if s.receiving])
    area = pl.when(receiving).then(pl.col("counterpart_area")).otherwise(pl.col("ref_area"))
    areas = rows.select(area.alias("a"))["a"].fill_null("").unique().to_list()
    no_m49 = [a for a in areas if m49(a) is None]
    wrong_side = (
        pl.when(receiving)
        .then(pl.col("ref_area") != WORLD)
        .otherwise(pl.col("counterpart_area").fill_null(TOTAL) != TOTAL)
    )
    # Project-only dimensions must be _T, except the values a series' definition fixes.
    project_ok: pl.Expr = pl.lit(True)
    for s in SERIES_MAP.values():
        fixed = dict(s.implied)
        ok = pl.all_horizontal(
            pl.col(c).fill_null(TOTAL) == fixed.get(c, TOTAL) for c in PROJECT_ONLY
        )
        project_ok = pl.when(series == s.internal).then(ok).otherwise(project_ok)
    both_composite = pl.all_horizontal(pl.col(c).fill_null(TOTAL) != TOTAL for c in COMPOSITE)
    reason = (
        pl.when(~mapped)
        .then(pl.lit(N_("no SDG series code in indicators.md §1.8 (project series)")))
        .when(~pl.col("time_period").str.contains(TIME_OK))
        .then(pl.lit(N_("time period is not YYYY or YYYY-Qn")))
        .when(is_partial())
        .then(pl.lit(N_("covers only part of its period (time_detail): not an annual value")))
        .when(wrong_side)
        .then(pl.lit(N_("corridor or sending-side row: no verified SDG series")))
        .when(area.fill_null("").is_in(no_m49))
        .then(pl.lit(N_("area has no UN M49 code (regional or project aggregate)")))
        .when(~project_ok)
        .then(pl.lit(N_("broken down by a project dimension with no SDG DSD concept")))
        .when(both_composite)
        .then(pl.lit(N_("policy domain and migratory status both set (one COMPOSITE_BREAKDOWN)")))
        .otherwise(pl.lit(None, dtype=pl.String()))
    )
    return rows.select(reason.alias("reason"))["reason"]


ORIGIN_SUFFIX = " [origin {}]"
ORIGIN_RE = r"(?s)^(.*?) ?\[origin ([a-z]+)\]$"


def origin_comment() -> pl.Expr:
    """comment_obs with ` [origin <data_origin>]` appended (alone when there is no comment)."""
    suffix = pl.format(ORIGIN_SUFFIX, pl.col("data_origin"))
    comment = pl.col("comment_obs")
    return (
        pl.when(pl.col("data_origin").is_null())
        .then(comment)
        .when(comment.is_null())
        .then(suffix.str.strip_chars_start())
        .otherwise(comment + suffix)
    )


def _code(column: str) -> pl.Expr:
    return pl.col(column).fill_null(TOTAL)


def sdmx_frame(rows: pl.DataFrame, version: str = "1.0") -> pl.DataFrame:
    """Contract rows that can be written (see `_reason`) as SDMX-CSV columns.

    OBS_VALUE and UNIT_MULT stay numeric, so the formula guard never quotes a negative value.
    """
    series = pl.col("series_code")
    receiving = series.is_in([s.internal for s in SERIES_MAP.values() if s.receiving])
    area = pl.when(receiving).then(pl.col("counterpart_area")).otherwise(pl.col("ref_area"))
    areas = rows.select(area.alias("a"))["a"].unique().to_list()
    composite = (
        pl.when(_code("policy_domain") != TOTAL)
        .then(_code("policy_domain"))
        .otherwise(_code("migratory_status"))
    )
    cols: dict[str, pl.Expr] = {
        "FREQ": pl.col("freq").replace_strict(FREQ_OUT, default=pl.col("freq")),
        "REPORTING_TYPE": pl.col("reporting_type").fill_null("N"),
        "SERIES": series.replace_strict({k: v.official for k, v in SERIES_MAP.items()}),
        "REF_AREA": area.replace_strict({a: m49(a) for a in areas}, return_dtype=pl.String()),
        **{sdmx: _code(c) for c, sdmx in DIRECT.items()},
        "INCOME_WEALTH_QUANTILE": pl.lit(TOTAL),
        "CUST_BREAKDOWN": pl.lit(TOTAL),
        "COMPOSITE_BREAKDOWN": composite,
        "DISABILITY_STATUS": pl.lit(TOTAL),
        "PRODUCT": pl.lit(TOTAL),
        "TIME_PERIOD": pl.col("time_period"),
        "OBS_VALUE": pl.col("value"),
        "OBS_STATUS": pl.col("obs_status"),
        "UNIT_MULT": pl.col("unit_mult"),
        "UNIT_MEASURE": pl.col("unit_measure"),
        "NATURE": pl.col("nature"),
        "TIME_DETAIL": pl.col("time_detail"),
        "COMMENT_OBS": origin_comment(),
        "SOURCE_DETAIL": pl.col("source"),
    }
    if version == "2.0":
        head = {"STRUCTURE": "dataflow", "STRUCTURE_ID": DATAFLOW, "ACTION": "I"}
        header = HEADER_V2
    else:
        head, header = {"DATAFLOW": DATAFLOW}, HEADER_V1
    exprs = [
        pl.lit(head[c]).alias(c)
        if c in head
        else cols.get(c, pl.lit(None, dtype=pl.String())).alias(c)
        for c in header
    ]
    return rows.select(exprs).sort("SERIES", "REF_AREA", "TIME_PERIOD", maintain_order=True)


def export_sdmx(
    table: pl.DataFrame,
    *,
    indicator: str | None = None,
    country: str | None = None,
    version: str = "1.0",
) -> SdmxExport:
    """SDMX-CSV (1.0 or 2.0) of the rows with an SDG series, and a count of those left out."""
    if version not in ("1.0", "2.0"):
        raise ValueError(f"SDMX-CSV version {version!r}: use '1.0' or '2.0'")
    rows = conform(filter_table(table, indicator, country))
    reasons = _reason(rows)
    rows = rows.with_columns(reasons.alias("_reason"))
    ok = rows.filter(pl.col("_reason").is_null()).drop("_reason")
    left = (
        rows.filter(pl.col("_reason").is_not_null())
        .group_by("series_code", "_reason")
        .len()
        .rename({"_reason": "reason", "len": "rows"})
        .sort("series_code", "reason")
    )
    frame = sdmx_frame(ok, version)
    return SdmxExport(csv_bytes(frame, null_value=""), frame.height, left)

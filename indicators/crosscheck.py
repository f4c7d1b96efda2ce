"""Cross-checks of the project's indicator values against the custodians' own published numbers.

Pure polars. Inputs: the indicator table (core/contract.py rows), the SDG Global Database
rows (dataset `sdg_api`, etl/sources/sdg/) and WDI rows (dataset `wdi` or `wb_api`,
WB_INDICATORS). Output: one row per check x area x year with both values, their difference,
the tolerance, a status and the known causes of a difference.

Checks (CHECKS):
- refugee_rate: 10.7.4 SM_POP_REFG_OR computed from UNHCR counts and UN DESA population vs the
  SDG database SM_POP_REFG_OR (per 100,000).
- refugee_count: the UNHCR count by origin (SM_POP_REFG_OR_N) vs WDI SM.POP.REFG.OR (persons).
- migrant_stock: UN DESA stock by destination (SM_POP_TOTL, both sexes) vs WDI SM.POP.TOTL.
- remittances_gdp: KNOMAD inflows as % of GDP vs WDI BX.TRF.PWKR.DT.GD.ZS. The project has no
  GDP of its own: GDP = BX.TRF.PWKR.CD.DT / BX.TRF.PWKR.DT.GD.ZS x 100 (WDI, same year), so a
  difference is the difference between the KNOMAD and WDI flows, never a GDP difference.

Only years that both sides publish for a check are compared (a yearly custodian series against
five-yearly project values would otherwise fill the table with "only custodian" rows), and only
countries plus the aggregates both sides publish (WLD, LMY).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from core.contract import RELABELLED_2019, TOTAL
from core.i18n import N_, translator
from indicators.names import series_name
from indicators.progress.styles import unit_text

AGREE, DIFFERS = "agree", "differs"
ONLY_PROJECT, ONLY_CUSTODIAN = "only project", "only custodian"

# Tolerances. A row agrees when |project - custodian| <= ABS or <= REL x |custodian|.
# 10.7.4: the denominators are different revisions of UN WPP (UN DESA IMS 2020 carries WPP 2019;
# recent SDG releases use WPP 2022), and national populations are often revised by a few per
# cent; below 1 per 100,000 a difference is the rounding of tiny counts.
REFUGEE_RATE_REL_TOL, REFUGEE_RATE_ABS_TOL = 0.05, 1.0
# Counts: the same UNHCR database on both sides, so only UNHCR's own revisions of a year
# (late registrations, re-classifications) separate them; those are mostly well under 1 %.
REFUGEE_COUNT_REL_TOL, REFUGEE_COUNT_ABS_TOL = 0.01, 100.0
# WDI republishes UN DESA's stock; only the edition (and interpolation of WDI's in-between
# years) can differ, so 1 % (or 1,000 persons for micro-states) is generous.
MIGRANT_STOCK_REL_TOL, MIGRANT_STOCK_ABS_TOL = 0.01, 1000.0
# KNOMAD and WDI flows come from the same World Bank balance-of-payments compilation; 2 % (or
# 0.05 percentage points of GDP) covers one release's revisions and rounding.
REMITTANCE_GDP_REL_TOL, REMITTANCE_GDP_ABS_TOL = 0.02, 0.05

SCHEMA: dict[str, pl.DataType] = {
    "check": pl.String(),
    "indicator": pl.String(),
    "ref_area": pl.String(),
    "year": pl.Int32(),
    "unit": pl.String(),
    "project_value": pl.Float64(),
    "project_series": pl.String(),
    "custodian_value": pl.Float64(),
    "custodian_source": pl.String(),
    "abs_diff": pl.Float64(),
    "rel_diff": pl.Float64(),  # |diff| / |custodian|; null when the custodian value is 0
    "tolerance": pl.String(),
    "status": pl.String(),
    "explanation": pl.String(),
}


class Reason(str):
    """Why a check could not run: the English sentence (as tests and logs read it) that also
    knows its catalog message and values, so a page can show it in its own language."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> Reason:
        """The English sentence of `template` filled with `values`."""
        made = super().__new__(cls, template.format(**values))
        made.template, made.values = template, values
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (_reason, (self.template, self.values))

    def in_language(self, lang: str | None = None) -> str:
        """The sentence in `lang` (None: the language in use)."""
        return translator(lang).gettext(self.template).format(**self.values)


def _reason(template: str, values: dict[str, str]) -> Reason:
    return Reason(template, **values)


@dataclass(frozen=True)
class Check:
    """One comparison: what it compares, in which unit, with which tolerance and known causes."""

    name: str
    indicator: str
    unit: str
    rel_tol: float
    abs_tol: float
    causes: str  # why the two sides can differ, shown on every "differs" row
    title: str = ""  # what the check compares, in words (marked N_: pages show it translated)

    @property
    def tolerance(self) -> str:
        """The tolerance as text, e.g. '±5 % or ±1 per 100,000'."""
        return f"±{self.rel_tol * 100:g} % or ±{self.abs_tol:g} {unit_text(self.unit)}".strip()


CHECKS: dict[str, Check] = {
    "refugee_rate": Check(
        "refugee_rate", "10.7.4", "PER_100000_POP", REFUGEE_RATE_REL_TOL, REFUGEE_RATE_ABS_TOL,
        "denominator: the project uses UN DESA IMS mid-year population (WPP 2019 vintage), the "
        "custodian a later WPP revision; vintage: UNHCR revises its counts after the project's "
        "extract", title=N_("Refugees per 100,000 (10.7.4) against the SDG Global Database"),
    ),
    "refugee_count": Check(
        "refugee_count", "10.7.4", "NUMBER", REFUGEE_COUNT_REL_TOL, REFUGEE_COUNT_ABS_TOL,
        "vintage: WDI carries a later UNHCR release, which revises recent years",
        title=N_("Refugees by country of origin against World Bank WDI"),
    ),
    "migrant_stock": Check(
        "migrant_stock", "SM.POP.TOTL", "NUMBER", MIGRANT_STOCK_REL_TOL, MIGRANT_STOCK_ABS_TOL,
        "vintage: WDI may carry another UN DESA IMS edition than the project's IMS 2020",
        title=N_("International migrant stock against World Bank WDI"),
    ),
    "remittances_gdp": Check(
        "remittances_gdp", "17.3.2", "PT", REMITTANCE_GDP_REL_TOL, REMITTANCE_GDP_ABS_TOL,
        "flow: KNOMAD and WDI releases differ (dates, staff estimates, for aggregates the set of "
        "economies summed); GDP is WDI's on both sides",
        title=N_("Remittances received, % of GDP (17.3.2) against World Bank WDI"),
    ),
}  # fmt: skip
# Known single cases, found by comparing the real files: (check, area, first year) -> cause.
KNOWN_CASES: dict[tuple[str, str, int], str] = {
    ("refugee_rate", "VEN", 2018): (
        "the custodian counts Venezuelans displaced abroad (other people in need of "
        "international protection); the UNHCR refugee column used here does not"
    ),
}
RELABEL_TEXT = (
    "UNHCR year relabelling: the project's end-2019 count comes from rows the trimmed file "
    "labels 2020 (an earlier UNHCR release than the custodian's)"
)
NO_CUSTODIAN = "the custodian publishes no value for this area and year"
NO_PROJECT = "the project computes no value for this area and year (missing input)"


# ---------------------------------------------------------------- the two sides


def _project(indicators: pl.DataFrame, series: str) -> pl.DataFrame:
    """ref_area, year, value, note of one annual, undisaggregated contract series."""
    rows = indicators.filter(
        (pl.col("series_code") == series)
        & (pl.col("freq").fill_null("A") == "A")
        & (pl.col("sex").fill_null(TOTAL) == TOTAL)
        & (pl.col("counterpart_area").fill_null(TOTAL) == TOTAL)
        & pl.col("value").is_not_null()
    )
    return rows.select(
        "ref_area",
        year=pl.col("time_period").str.slice(0, 4).cast(pl.Int32),
        value=pl.col("value"),
        note=pl.col("comment_obs"),
    )


def _sdg(sdg: pl.DataFrame, series: str) -> pl.DataFrame:
    """ref_area, year, value, is_aggregate, source of one SDG series (newest release first)."""
    release = pl.col("last_updated").fill_null("release not stated")
    return sdg.filter((pl.col("series_code") == series) & pl.col("value").is_not_null()).select(
        "ref_area",
        "is_aggregate",
        year=pl.col("time_period").cast(pl.Int32),
        value=pl.col("value"),
        source=pl.concat_str(
            pl.lit(f"UN SDG Global Database: {series_name(series, 'en')} ({series}, "),
            release,
            pl.lit(", "),
            pl.col("source_file"),
            pl.lit(")"),
        ),
    )


def _wdi(wdi: pl.DataFrame, code: str) -> pl.DataFrame:
    """ref_area, year, value, is_aggregate, source of one World Bank code (latest vintage)."""
    rows = wdi.filter((pl.col("indicator_code") == code) & pl.col("value").is_not_null())
    latest = rows.sort("last_updated", nulls_last=False).unique(
        ["country_code", "year"], keep="last", maintain_order=True
    )
    return latest.select(
        ref_area="country_code",
        is_aggregate="is_aggregate",
        year=pl.col("year").cast(pl.Int32),
        value="value",
        source=pl.concat_str(
            pl.lit(f"World Bank WDI {code} (updated "),
            pl.col("last_updated").cast(pl.String).fill_null("?"),
            pl.lit(", "),
            pl.col("source_file").fill_null("?"),
            pl.lit(")"),
        ),
    )


def _remittances_pct(indicators: pl.DataFrame, wdi: pl.DataFrame) -> pl.DataFrame:
    """KNOMAD inflows (US$ million) as % of the GDP implied by the two WDI remittance series."""
    usd = _wdi(wdi, "BX.TRF.PWKR.CD.DT").select("ref_area", "year", usd="value")
    pct = _wdi(wdi, "BX.TRF.PWKR.DT.GD.ZS").select("ref_area", "year", pct="value")
    gdp = usd.join(pct, on=["ref_area", "year"]).filter(pl.col("pct") > 0)
    flows = _project(indicators, "KNOMAD_REM_IN")
    return flows.join(gdp, on=["ref_area", "year"]).select(
        "ref_area",
        "year",
        # value (US$ million) x 1e6 / (usd / pct x 100) x 100 = value x 1e6 x pct / usd
        value=pl.col("value") * 1e6 * pl.col("pct") / pl.col("usd"),
        note=pl.lit("KNOMAD inflow / (WDI BX.TRF.PWKR.CD.DT / BX.TRF.PWKR.DT.GD.ZS x 100) x 100"),
    )


# ---------------------------------------------------------------- comparing


def _explain(check: Check) -> pl.Expr:
    """Explanation per row: the check's known causes, relabelling and known single cases."""
    parts = [pl.lit(check.causes)]
    parts.append(
        pl.when(pl.col("note").str.contains(RELABELLED_2019, literal=True)).then(
            pl.lit(RELABEL_TEXT)
        )
    )
    for (name, area, first), cause in KNOWN_CASES.items():
        if name == check.name:
            hit = (pl.col("ref_area") == area) & (pl.col("year") >= first)
            parts.append(pl.when(hit).then(pl.lit(cause)))
    causes = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    status = pl.col("status")
    return (
        pl.when(status == DIFFERS)
        .then(causes)
        .when(status == ONLY_PROJECT)
        .then(pl.lit(NO_CUSTODIAN))
        .when(status == ONLY_CUSTODIAN)
        .then(pl.lit(NO_PROJECT))
        .otherwise(pl.lit("within tolerance"))
    )


def compare(project: pl.DataFrame, custodian: pl.DataFrame, check: Check) -> pl.DataFrame:
    """Full join of (ref_area, year, value[, note]) and custodian rows, with status, in SCHEMA.

    Only the years both sides publish are kept; custodian aggregates only if the project has
    the same code.
    """
    years = set(project["year"].to_list()) & set(custodian["year"].to_list())
    areas = project["ref_area"].unique().to_list()
    cust = custodian.filter(
        pl.col("year").is_in(years) & (~pl.col("is_aggregate") | pl.col("ref_area").is_in(areas))
    )
    proj = project.filter(pl.col("year").is_in(years))
    both = proj.join(cust, on=["ref_area", "year"], how="full", coalesce=True, suffix="_c")
    diff = (pl.col("value") - pl.col("value_c")).abs()
    rel = pl.when(pl.col("value_c") != 0).then(diff / pl.col("value_c").abs())
    ok = (diff <= check.abs_tol) | (rel.fill_null(float("inf")) <= check.rel_tol)
    status = (
        pl.when(pl.col("value_c").is_null())
        .then(pl.lit(ONLY_PROJECT))
        .when(pl.col("value").is_null())
        .then(pl.lit(ONLY_CUSTODIAN))
        .when(ok)
        .then(pl.lit(AGREE))
        .otherwise(pl.lit(DIFFERS))
    )
    out = both.with_columns(status=status, note=pl.col("note").fill_null(""))
    return out.select(
        check=pl.lit(check.name),
        indicator=pl.lit(check.indicator),
        ref_area="ref_area",
        year="year",
        unit=pl.lit(check.unit),
        project_value="value",
        project_series=pl.col("series"),
        custodian_value="value_c",
        custodian_source="source",
        abs_diff=diff,
        rel_diff=rel,
        tolerance=pl.lit(check.tolerance),
        status="status",
        explanation=_explain(check),
    ).sort("ref_area", "year")


def _with_series(df: pl.DataFrame, series: str) -> pl.DataFrame:
    return df.with_columns(series=pl.lit(series))


# ---------------------------------------------------------------- running every check


def _sides(
    name: str, ind: pl.DataFrame, sdg: pl.DataFrame | None, wdi: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame] | str:
    """(project, custodian) frames of one check, or the reason it cannot run."""
    need_wdi = Reason(N_("the WDI dataset (wdi) is not published"))
    if name == "refugee_rate":
        if sdg is None or sdg.is_empty():
            return Reason(N_("the SDG Global Database dataset (sdg_api) is not published"))
        project, custodian = _project(ind, "SM_POP_REFG_OR"), _sdg(sdg, "SM_POP_REFG_OR")
        series = "SM_POP_REFG_OR"
    elif wdi is None or wdi.is_empty():
        return need_wdi
    elif name == "refugee_count":
        project, custodian = _project(ind, "SM_POP_REFG_OR_N"), _wdi(wdi, "SM.POP.REFG.OR")
        series = "SM_POP_REFG_OR_N"
    elif name == "migrant_stock":
        project, custodian = _project(ind, "SM_POP_TOTL"), _wdi(wdi, "SM.POP.TOTL")
        series = "SM_POP_TOTL"
    else:
        project, custodian = _remittances_pct(ind, wdi), _wdi(wdi, "BX.TRF.PWKR.DT.GD.ZS")
        series = "KNOMAD_REM_IN / implied GDP"
    if project.is_empty():
        return Reason(
            N_(
                "the indicator table has no rows for this check ({series}): its inputs are not "
                "published"
            ),
            series=series,
        )
    if custodian.is_empty():
        return Reason(
            N_("the custodian dataset has no rows for this check ({code})"),
            code=CHECKS[name].indicator,
        )
    return _with_series(project, series), custodian


def run_checks(
    indicators: pl.DataFrame | None,
    *,
    sdg: pl.DataFrame | None = None,
    wdi: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every check that its inputs allow, as one SCHEMA table, and why the others were skipped.

    Args:
        indicators: the indicator table (contract rows), or None if not published.
        sdg: clean `sdg_api` rows (SDG Global Database), or None.
        wdi: clean WB_INDICATORS rows (datasets `wdi` and/or `wb_api` concatenated), or None.
    """
    if indicators is None or indicators.is_empty():
        reason = Reason(N_("the indicator table (indicators) is not published"))
        return pl.DataFrame(schema=SCHEMA), dict.fromkeys(CHECKS, reason)
    parts, skipped = [], {}
    for name, check in CHECKS.items():
        sides = _sides(name, indicators, sdg, wdi)
        if isinstance(sides, str):
            skipped[name] = sides
            continue
        parts.append(compare(*sides, check))
    table = pl.concat(parts) if parts else pl.DataFrame(schema=SCHEMA)
    return table.select([pl.col(c).cast(t) for c, t in SCHEMA.items()]), skipped


def crosscheck(
    indicators: pl.DataFrame | None,
    *,
    sdg: pl.DataFrame | None = None,
    wdi: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The cross-check table (see run_checks); skipped checks simply have no rows."""
    return run_checks(indicators, sdg=sdg, wdi=wdi)[0]


def summary(table: pl.DataFrame) -> pl.DataFrame:
    """Rows per check and status: check, status, rows (for captions and the report)."""
    return table.group_by("check", "status").agg(rows=pl.len()).sort("check", "status")

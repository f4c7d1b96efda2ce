"""Upload templates (indicators.md §1.2, §1.3, §2, §5): their columns, code lists and keys.

One declarative `Template` per kind of national file. Everything else reads these definitions:
the downloadable CSV/XLSX files, template detection, upload validation, the durable store and
the process-indicator compute functions. Column names are the file's header, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from core.contract import COLUMNS as CONTRACT_COLUMNS
from core.contract import KEY as CONTRACT_KEY
from core.contract import SCHEMA as CONTRACT_SCHEMA
from core.i18n import N_

TEMPLATE_VERSION = "1.0"
_S, _F, _I = pl.String(), pl.Float64(), pl.Int64()

# --- code lists -----------------------------------------------------------------------------
# 10.7.2 (indicators.md §1.3): 6 policy domains x 5 sub-categories a-e.
POLICY_DOMAINS: tuple[str, ...] = tuple(f"PD_{d}" for d in range(1, 7))
SUB_CATEGORIES: tuple[str, ...] = tuple(f"{d}_{s}" for d in POLICY_DOMAINS for s in "ABCDE")
# Answers and their scores; domain 1 has three answers, domains 2-6 yes/no. Blank = missing = 0.
INQUIRY_SCORES_D1: dict[str, float] = {"yes_all": 1.0, "yes_legal_only": 0.5, "no": 0.0}
INQUIRY_SCORES: dict[str, float] = {"yes": 1.0, "no": 0.0}

# GFMD policy-coherence survey (indicators.md §2): item -> coherence level (None = no level).
GFMD_ITEMS: dict[str, str | None] = {
    "P.COH.01": "INTRA_GOV",
    "P.COH.02": "INTRA_GOV",
    "P.COH.03": "INTRA_GOV",
    "P.COH.04": "INTRA_GOV",
    "P.COH.05": "INTRA_GOV",
    "P.COH.06": "MULTILAT",
    "P.COH.07": "INTER_GOV",
    "P.COH.08": "INTER_GOV",  # the spec lists "inter-governmental / multilateral": first one kept
    "P.COH.09": "INTER_GOV",
    "P.COH.10": "MULTI_STAKE",
    "P.DIA.01": "MULTI_STAKE",
    "P.REM.01": None,
    "P.REM.02": None,
    "P.DAT.01": None,
    "P.DAT.02": None,
}
COHERENCE_LEVELS: tuple[str, ...] = ("INTRA_GOV", "INTER_GOV", "MULTILAT", "MULTI_STAKE")
# 1 = in place and operational; 0.5 = partial or in preparation/draft; 0 = no; blank = missing.
GFMD_SCORES: dict[str, float] = {"yes": 1.0, "partial": 0.5, "draft": 0.5, "no": 0.0}
# Items answered with a count as well as yes/no: P.COH.07 agreements in force, P.DAT.01 0-3.
GFMD_COUNT_ITEMS: dict[str, tuple[int, int | None]] = {"P.COH.07": (0, None), "P.DAT.01": (0, 3)}
# Swedish government survey baselines (indicators.md §2): references, not a comparable series.
GFMD_BASELINES_PCT: dict[str, float] = {
    "P.COH.01": 63.0,
    "P.COH.02": 57.0,
    "P.COH.03": 65.0,
    "P.COH.04": 80.0,
    "P.COH.05": 50.0,
}

SEXES: tuple[str, ...] = ("F", "M", "_T")
CENSUS_BASES: dict[str, str] = {"COB": N_("country of birth"), "CIT": N_("country of citizenship")}
EARNINGS_REFERENCES: tuple[str, ...] = ("first_month", "last_month")


@dataclass(frozen=True)
class Column:
    """One column of a template file."""

    name: str
    dtype: pl.DataType
    required: bool
    help: str
    example: str = ""
    codes: tuple[str, ...] | None = None  # allowed values (None = free or checked elsewhere)


@dataclass(frozen=True)
class Template:
    """A kind of upload: its columns (in file order), the key of one row, and its sheet name."""

    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sheet: str = "data"
    instructions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Header of the file, in order."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """Columns that must be present and filled on every row."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def schema(self) -> dict[str, pl.DataType]:
        """Polars schema of the parsed rows."""
        return {c.name: c.dtype for c in self.columns}


def _c(
    name: str,
    dtype: pl.DataType,
    required: bool,
    help: str,
    example: str = "",
    codes: tuple[str, ...] | None = None,
) -> Column:
    """Shorthand for a Column."""
    return Column(name, dtype, required, help, example, codes)


_COMMON_HEAD = (
    _c("template_version", _S, True, N_("Template version; keep as downloaded."), TEMPLATE_VERSION),
    _c("ref_area", _S, True, N_("ISO 3166-1 alpha-3 code of the reporting country."), "KEN"),
)
_COMMON_TAIL = (
    _c("source", _S, True, N_("Survey or instrument and round."), "UN Inquiry Module III 2021"),
    _c("submitted_by", _S, True, N_("Name or office of the person submitting."), "M&E unit"),
    _c("submitted_on", _S, True, N_("Date of submission, YYYY-MM-DD."), "2026-11-30"),
)

# Help of the generic long format's contract columns ({column}: filled in where it is shown).
_CONTRACT_HELP = N_("Column {column} of the published indicator table.")
# The generic long format: every contract column plus the template's own audit columns.
_LONG_REQUIRED = {
    "indicator_code",
    "series_code",
    "ref_area",
    "time_period",
    "freq",
    "unit_measure",
    "unit_mult",
    "obs_status",
    "source",
}
INDICATOR_LONG = Template(
    name="indicator_long",
    title=N_("Indicator results, long format (one row per value)"),
    columns=(
        _COMMON_HEAD[0],
        *(
            _c(c, CONTRACT_SCHEMA[c], c in _LONG_REQUIRED, _CONTRACT_HELP)
            for c in CONTRACT_COLUMNS
            if c not in ("retrieved_at", "data_origin")  # set by the platform, not uploaded
        ),
        _c("ref_area_m49", _I, False, N_("UN M49 numeric code; must agree with ref_area."), "404"),
        _c("respondent_institution", _S, False, N_("Answering ministry (P.* and 10.7.2).")),
        *_COMMON_TAIL[1:],
    ),
    key=CONTRACT_KEY,
)

INQUIRY_1072 = Template(
    name="inquiry_1072",
    title=N_("SDG 10.7.2 UN Inquiry Module III answers (30 sub-categories)"),
    columns=(
        *_COMMON_HEAD,
        _c("time_period", _S, True, N_("Inquiry round (year)."), "2021"),
        _c("policy_domain", _S, True, N_("PD_1 ... PD_6."), "PD_3", POLICY_DOMAINS),
        _c(
            "sub_category",
            _S,
            True,
            N_("PD_1_A ... PD_6_E for an answer; _T for a stated domain score."),
            "PD_3_B",
            (*SUB_CATEGORIES, "_T"),
        ),
        _c(
            "answer",
            _S,
            False,
            N_(
                "Domain 1: yes_all, yes_legal_only, no. Domains 2-6: yes, no. Blank = not answered."
            ),
            "yes",
            tuple(INQUIRY_SCORES_D1) + tuple(INQUIRY_SCORES),
        ),
        _c(
            "value",
            _F,
            False,
            N_("Stated domain score 0-100 on _T rows (checked); else blank."),
            "",
        ),
        _c("answer_text", _S, False, N_("Free text (e.g. the agreement's name)."), "BLA 2019"),
        _c("respondent_institution", _S, False, N_("Answering ministry."), "Ministry of Labour"),
        *_COMMON_TAIL,
    ),
    key=("ref_area", "time_period", "sub_category", "policy_domain"),
)

GFMD_COHERENCE = Template(
    name="gfmd_coherence",
    title=N_("GFMD policy-coherence survey (P.COH.01-10, P.DIA.01, P.REM.01-02, P.DAT.01-02)"),
    columns=(
        *_COMMON_HEAD,
        _c("time_period", _S, True, N_("Survey round (year)."), "2022"),
        _c("item_code", _S, True, N_("Item code."), "P.COH.05", tuple(GFMD_ITEMS)),
        _c("answer", _S, False, N_("yes, partial, draft, no; blank = not answered."), "draft"),
        _c("count", _I, False, N_("P.COH.07: agreements in force; P.DAT.01: core items 0-3."), ""),
        _c("answer_text", _S, False, N_("Open-ended answer."), "Migration chapter in draft MTP IV"),
        _c("respondent_institution", _S, False, N_("Answering ministry."), "Ministry of Planning"),
        *_COMMON_TAIL,
    ),
    key=("ref_area", "time_period", "item_code"),
)

RCI_1071 = Template(
    name="rci_1071_microdata",
    title=N_("SDG 10.7.1 recruitment-cost module: one row per migrant worker"),
    columns=(
        *_COMMON_HEAD,
        _c("time_period", _S, True, N_("Survey round (year)."), "2022"),
        _c("worker_id", _S, True, N_("Respondent id, unique in the round."), "W0001"),
        _c("cost_paid", _F, True, N_("Recruitment costs paid (0 if none)."), "1200"),
        _c("cost_currency", _S, True, N_("ISO 4217 currency of the costs."), "NPR"),
        _c(
            "usd_per_cost_currency", _F, False, N_("USD per unit of cost_currency, month paid."), ""
        ),
        _c(
            "monthly_earnings", _F, True, N_("Net monthly earnings of the first job abroad."), "300"
        ),
        _c("earnings_currency", _S, True, N_("ISO 4217 currency of the earnings."), "QAR"),
        _c("usd_per_earnings_currency", _F, False, N_("USD per unit of earnings_currency."), ""),
        _c("month_paid", _S, False, N_("YYYY-MM the costs were paid."), "2021-03"),
        _c(
            "earnings_reference",
            _S,
            True,
            N_("first_month or last_month of the first job."),
            "",
            EARNINGS_REFERENCES,
        ),
        _c("sex", _S, True, N_("F or M."), "F", ("F", "M")),
        _c("age", _I, False, N_("Age in years."), "29"),
        _c("destination", _S, True, N_("ISO3 of the country of destination."), "QAT"),
        _c("occupation", _S, False, N_("ISCO-08 major group 0-9."), "9"),
        _c("survey_weight", _F, True, N_("Survey weight (1 if unweighted)."), "1.0"),
        *_COMMON_TAIL,
    ),
    key=("ref_area", "time_period", "worker_id"),
)

CENSUS_TABULATION = Template(
    name="census_tabulation",
    title=N_("Census tabulation: population by country of birth or citizenship, sex and age"),
    columns=(
        *_COMMON_HEAD,
        _c("time_period", _S, True, N_("Census year."), "2019"),
        _c(
            "basis",
            _S,
            True,
            N_("COB (country of birth) or CIT (citizenship)."),
            "COB",
            tuple(CENSUS_BASES),
        ),
        _c(
            "counterpart_area",
            _S,
            True,
            N_("ISO3 of the country of birth/citizenship; _T total."),
            "UGA",
        ),
        _c("sex", _S, True, N_("F, M or _T."), "_T", SEXES),
        _c("age", _S, True, N_("SDMX age code, e.g. Y0T14, Y15T64, Y_GE65, _T."), "_T"),
        _c("value", _F, True, N_("Persons."), "123456"),
        *_COMMON_TAIL,
    ),
    key=("ref_area", "time_period", "basis", "counterpart_area", "sex", "age"),
)

TEMPLATES: dict[str, Template] = {
    t.name: t for t in (INDICATOR_LONG, INQUIRY_1072, GFMD_COHERENCE, RCI_1071, CENSUS_TABULATION)
}

# --- code lists of the generic long format (indicators.md §5), used by the upload checks -------
# (the GX suite of the indicator table checks the same lists: etl/validation/suites/common.py)
UNIT_MEASURES: tuple[str, ...] = (
    "PT",
    "NUMBER",
    "PER_100000_POP",
    "RATIO_MONTHS",
    "BINARY",
    "SCORE_1_4",
    "USD",
)
FREQS: tuple[str, ...] = ("A", "Q", "B", "I")
OBS_STATUSES: tuple[str, ...] = ("A", "P", "E", "M", "F")
NATURES: tuple[str, ...] = ("C", "CA", "E", "G", "M", "N")
REPORTING_TYPES: tuple[str, ...] = ("N", "G")
COLLECTION_METHODS: tuple[str, ...] = ("SURVEY", "ADMIN", "MYSTERY_SHOP", "INQUIRY", "COMPILED")
# Closed lists: any other value is an error. `_T` = total (blank cells are read as `_T`).
LONG_CLOSED_CODES: dict[str, tuple[str, ...]] = {
    "freq": FREQS,
    "obs_status": OBS_STATUSES,
    "unit_measure": UNIT_MEASURES,
    "nature": NATURES,
    "reporting_type": REPORTING_TYPES,
    "collection_method": COLLECTION_METHODS,
    "sex": SEXES,
    "urbanisation": ("U", "R", "_T"),
    "policy_domain": (*POLICY_DOMAINS, "_T"),
    "coherence_level": (*COHERENCE_LEVELS, "_T"),
}
# Open lists: the documented codes (§5 plus those the project's own indicators emit); another
# value is a warning, since national files may carry finer breakdowns.
LONG_OPEN_CODES: dict[str, tuple[str, ...]] = {
    "provider_type": ("BANK", "MTO", "POST", "MOBILE", "OTHER", "_T"),
    "funding_instrument": ("CASH", "ACCOUNT", "CARD", "MOBILE", "OTHER", "_T"),
    "payout_instrument": ("CASH", "ACCOUNT", "CARD", "MOBILE", "OTHER", "_T"),
    "transfer_amount": ("USD200", "USD500", "_T"),
    "statistic": (
        "MEAN",
        "MEDIAN",
        "Q4",
        "SMART3",
        "SHARE",
        "SHARE_ABOVE_5",
        "SHARE_BELOW_5",
        "CORRIDORS_LT3_ELIGIBLE",
        "_T",
    ),
}
# Indicator codes the project knows besides those registered in indicators/specs/ SPECS.
EXTRA_INDICATOR_CODES: tuple[str, ...] = (
    "10.7.1",
    "10.7.2",
    *GFMD_ITEMS,
    "P.PRO.01",
    "P.SUM.10_7_2",
)
# §5 rule 2: the range of `value` per unit (None = no bound); closed sets for BINARY/SCORE_1_4.
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "PT": (0.0, 100.0),
    "PER_100000_POP": (0.0, None),
    "RATIO_MONTHS": (0.0, None),
}
# Series whose published values legitimately leave their unit's range: the range used instead.
SERIES_RANGES: dict[str, tuple[float | None, float | None]] = {
    "BX_TRF_PWKR_DT_GD_ZS": (0.0, None),  # % of GDP: Lesotho's remittances exceeded GDP (WDI)
    "RPW_ATCR_CORR": (-100.0, 100.0),  # RPW corridor cost: a negative FX margin makes it < 0
}
UNIT_SETS: dict[str, tuple[float, ...]] = {
    "BINARY": (0.0, 0.5, 1.0),
    "SCORE_1_4": (1.0, 2.0, 3.0, 4.0),
}
AGE_CODE = r"^(_T|Y\d+T\d+|Y_GE\d+|Y_LT\d+|Y\d+)$"  # SDMX age codes: Y15T24, Y_GE65, Y_LT15


def code_list(template: Template, column: str) -> tuple[str, ...] | None:
    """The closed code list of a column (None when the column is free or checked elsewhere)."""
    for col in template.columns:
        if col.name == column and col.codes is not None:
            return col.codes
    if template.name == INDICATOR_LONG.name:
        return LONG_CLOSED_CODES.get(column)
    return None

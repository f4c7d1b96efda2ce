"""The results-framework fields of every IndicatorSpec (indicators.md §0, §1.9, §3, §4, §7).

indicators/specs*.py hold identity, unit, direction, target and the compute function; this module
adds, per SPECS key, what the overview and explorer need: SDG target, GCM objectives, baseline
year, the §3 level-RAG rule, the §4 progress-method options, the GFMD themes of §7, the
computation and source texts, the headline series used for progress, known series breaks, and
whether the indicator is awaiting data (computed only from approved national submissions).
The registry is the pair (SPECS, META): `entries()` joins them; `registry_problems` lists what a
test must catch (an indicator in the table but not registered, an entry neither computed nor
awaiting data, missing metadata text).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from indicators.contract import TOTAL, WORLD
from indicators.progress_explain import LEVEL_RULES
from indicators.specs import SPECS, IndicatorSpec

Area = Literal["ref", "inbound", "world"]
Method = Literal["target", "direction", "binary", "none"]
Availability = Literal["computed", "awaiting data", "missing"]

THEMES: tuple[str, ...] = ("policy coherence", "remittances", "diaspora", "protection", "data")
LEVELS: tuple[str, ...] = ("process", "outcome", "impact", "context")
METHOD_TEXT: dict[Method, str] = {
    "target": "Open SDG method 2 (quantitative target)",
    "direction": "Open SDG method 1 (direction only)",
    "binary": "Open SDG rule for binary indicators",
    "none": "not assessed",
}
_UPLOAD = (
    "awaiting data: computed once an approver accepts a national submission of the {} template "
    "(Upload page)"
)


@dataclass(frozen=True)
class Headline:
    """One candidate series for an indicator's headline value of a country.

    area: `ref` = ref_area is the country (counterpart `counterpart`); `inbound` = WLD → country
    (sending to the country); `world` = always WLD. `dims` are fixed dimension values, `free`
    dimensions are not constrained (their values differ between publishers); every other
    dimension must be the total `_T`.
    """

    series_code: str
    label: str
    area: Area = "ref"
    counterpart: str = TOTAL
    dims: tuple[tuple[str, str], ...] = ()
    free: tuple[str, ...] = ()

    def areas(self, country: str) -> tuple[str, str]:
        """(ref_area, counterpart_area) of this series for `country`."""
        if self.area == "inbound":
            return WORLD, country
        if self.area == "world":
            return WORLD, self.counterpart
        return country, self.counterpart


@dataclass(frozen=True)
class RegistryMeta:
    """The fields of one indicator that SPECS lacks (see the module docstring)."""

    sdg_target: str
    gcm_objectives: tuple[int, ...]
    baseline_year: int | None  # None: the first year with data (e.g. the first survey round)
    rag_rule: str  # key of indicators.progress_explain.LEVEL_RULES
    methods: tuple[Method, ...]  # the first is the default
    themes: tuple[str, ...]
    computation: str
    source: str
    headlines: tuple[Headline, ...]
    awaiting: str | None = None
    headline_target: float | None = None  # target on the headline's scale if not spec.target
    breaks: tuple[tuple[str, str], ...] = ()  # (period, what changed)
    limit: float | None = None  # natural limit for method 1 (§4)


RPW_BREAK = ("2016-Q2", "RPW methodology change: 227 → 365 corridors, new categorical fields")

META: dict[str, RegistryMeta] = {
    "10.c.1": RegistryMeta(
        sdg_target="10.c",
        gcm_objectives=(20,),
        baseline_year=2015,
        rag_rule="10.c.1",
        methods=("target", "direction"),
        themes=("remittances",),
        computation=(
            "Country headline: average total cost of sending USD 200 to the country (inbound), "
            "by order of preference: this platform's RPW average over every service quoted "
            "into the country (official workbook), else the UN SDG Global Database SI_RMT_COST, "
            "else World Bank SI.RMT.COST.IB.ZS (reasons in indicators/registry_rules.py); "
            "national settings may choose another. Annual value = mean of the year's quarters. "
            "Global: simple average of all RPW services (GA), SmaRT average and the share of "
            "corridors above 5 %."
        ),
        source=(
            "World Bank, Remittance Prices Worldwide (quarterly service quotes and published "
            "corridor averages); World Development Indicators SI.RMT.COST.IB.ZS / .OB.ZS."
        ),
        headlines=(  # in order of preference; registry_rules.SERIES_REASONS say why
            Headline(
                "SI_RMT_COST",
                "Average cost of sending USD 200 to the country (RPW, this platform)",
                area="inbound",
                dims=(("statistic", "MEAN"), ("transfer_amount", "USD200")),
            ),
            Headline(
                "SI_RMT_COST_SDG",
                "Average cost of sending USD 200 to the country (UN SDG Global Database)",
                area="inbound",
                dims=(("statistic", "MEAN"), ("transfer_amount", "USD200")),
            ),
            Headline(
                "SI_RMT_COST_IB_ZS",
                "Average cost of sending USD 200 to the country (World Bank WDI)",
                area="inbound",
                free=("statistic", "transfer_amount"),
            ),
        ),
        breaks=(RPW_BREAK,),
    ),
    "17.3.2": RegistryMeta(
        sdg_target="17.3",
        gcm_objectives=(19, 20),
        baseline_year=2015,
        rag_rule="17.3.2",
        methods=("none",),  # context: no custodian direction (registry_rules.ASSESSMENT)
        themes=("remittances", "diaspora"),
        computation=(
            "Personal remittances received as % of GDP, as published by the World Bank "
            "(BX.TRF.PWKR.DT.GD.ZS); no recomputation. Shown with a trend arrow only."
        ),
        source=(
            "World Bank World Development Indicators (IMF Balance of Payments, World Bank staff "
            "estimates); KNOMAD remittance inflows/outflows; World Bank bilateral estimates 2017."
        ),
        headlines=(Headline("BX_TRF_PWKR_DT_GD_ZS", "Personal remittances received, % of GDP"),),
    ),
    "10.7.4": RegistryMeta(
        sdg_target="10.7",
        gcm_objectives=(),  # refugees fall under the Global Compact on Refugees, not the GCM
        baseline_year=2015,
        rag_rule="10.7.4",
        methods=("direction",),
        themes=("protection",),
        computation=(
            "Refugees from the country of origin (UNHCR, end-year, summed over countries of "
            "asylum) per 100,000 of the origin's population plus those refugees (UN DESA IMS "
            "Table 2). Direction: decrease; no numeric target (method 1)."
        ),
        source="UNHCR Refugee Population Statistics; UN DESA International Migrant Stock.",
        headlines=(Headline("SM_POP_REFG_OR", "Refugees by country of origin per 100,000"),),
    ),
    "10.7.3": RegistryMeta(
        sdg_target="10.7",
        gcm_objectives=(8,),  # save lives; coordinated efforts on missing migrants
        baseline_year=None,
        rag_rule="10.7.3",
        methods=("none",),
        themes=("protection",),
        computation=(
            "Sum of 'Total dead and missing' of IOM Missing Migrants Project incidents by year, "
            "world and MMP region or route. A minimum count: no trend or progress is assessed."
        ),
        source="IOM Missing Migrants Project (incident export).",
        # By region and world only: a country has no row (registry_rules.COUNTRY_SCOPE).
        headlines=(Headline("SM_DTH_MIGR", "Dead and missing migrants (area of incident)"),),
    ),
    "SM.POP.TOTL": RegistryMeta(
        sdg_target="10.7 (context)",
        gcm_objectives=(1,),
        baseline_year=2015,
        rag_rule="context",
        methods=("none",),
        themes=("data",),
        computation=(
            "UN DESA international migrant stock at mid-year as published (number and % of "
            "population), by sex; bilateral stocks from the 2019 origin x destination matrix."
        ),
        source="UN DESA Population Division, International Migrant Stock 2020 and 2019.",
        headlines=(Headline("SM_POP_TOTL_ZS", "International migrant stock, % of population"),),
    ),
    "SM.EMI.RATE": RegistryMeta(
        sdg_target="10.7 (context, derived)",
        gcm_objectives=(1, 19),
        baseline_year=2015,
        rag_rule="context",
        methods=("none",),
        themes=("diaspora", "data"),
        computation=(
            "[PROJECT] Emigrant stock E (UN DESA stock by origin) over resident population P "
            "plus E, x 100, same sex and mid-year."
        ),
        source="UN DESA International Migrant Stock 2020 (by origin; Table 2 population).",
        headlines=(Headline("SM_EMI_RATE", "Emigration rate, % (derived)"),),
    ),
    "SAV.REM": RegistryMeta(
        sdg_target="10.c (project impact)",
        gcm_objectives=(20,),
        baseline_year=2015,
        rag_rule="context",
        methods=("none",),
        themes=("remittances",),
        computation=(
            "[PROJECT, indicators.md §3.3] headline: (cost this year − 3) / 100 x personal "
            "remittances received this year (US$) = what remitters would save if sending cost 3 %; "
            "also (cost in the base year − cost this year) / 100 x the same flows = savings since "
            "the base year (negative when costs rose). Cost from RPW quotes or WDI "
            "SI.RMT.COST.IB.ZS. Indicative; trend shown only, no status."
        ),
        source="World Bank RPW / WDI SI.RMT.COST.IB.ZS and BX.TRF.PWKR.CD.DT.",
        headlines=(
            Headline("SAV_REM_3PCT", "Savings to remitters if costs fell to 3 %, US$"),
            Headline("SAV_REM_BASE", "Savings to remitters since the base year, US$"),
        ),
    ),
    "10.7.2": RegistryMeta(
        sdg_target="10.7",
        gcm_objectives=(5, 21),
        baseline_year=2019,
        rag_rule="10.7.2",
        methods=("target",),
        themes=("policy coherence", "protection"),
        computation=(
            "Overall score = unweighted mean of the 30 Inquiry Module III answers x 100 "
            "(domain 1: 1 / 0.5 / 0; others yes = 1, no = 0; missing = 0), and its category "
            "1-4. Progress: the % score against the target 80 (Meets)."
        ),
        source="UN Inquiry among Governments on Population and Development, Module III "
        "(approved national submissions).",
        headlines=(
            Headline("P_1072_SCORE", "Overall 10.7.2 score, %", dims=(("policy_domain", TOTAL),)),
        ),
        awaiting=_UPLOAD.format("inquiry_1072"),
    ),
    "P.COH": RegistryMeta(
        sdg_target="10.7 (project process indicator)",
        gcm_objectives=(1, 19, 20, 21),
        baseline_year=None,
        rag_rule="coherence",
        methods=("target", "binary"),
        themes=("policy coherence", "remittances", "diaspora", "data"),
        computation=(
            "[PROJECT] Items coded 1 / 0.5 / 0 (blank = 0, status M); coherence-level score = "
            "mean of the level's items x 100. Headline: the intra-governmental level score "
            "(P.COH.01-05) against 100; single items follow the binary rule."
        ),
        source="GFMD policy-coherence survey (approved national submissions); Swedish "
        "government survey figures as non-comparable reference.",
        headlines=(
            Headline(
                "P_COH_SCORE",
                "Intra-governmental coherence score, %",
                dims=(("coherence_level", "INTRA_GOV"),),
            ),
        ),
        awaiting=_UPLOAD.format("gfmd_coherence"),
        headline_target=100.0,
    ),
    "10.7.1": RegistryMeta(
        sdg_target="10.7",
        gcm_objectives=(6,),
        baseline_year=None,
        rag_rule="10.7.1",
        methods=("direction",),
        themes=("protection",),
        computation=(
            "RCI_k = recruitment costs / monthly earnings of worker k (both in USD); survey-"
            "weighted mean over all workers (zeros included), in months of earnings."
        ),
        source="National labour-force or migration survey RCI module (approved microdata).",
        headlines=(
            Headline(
                "RCI_ALL",
                "Recruitment cost, mean months of earnings",
                dims=(("statistic", "MEAN"),),
            ),
        ),
        awaiting=_UPLOAD.format("rci_1071_microdata"),
        limit=0.0,
    ),
    "SM.POP.CEN": RegistryMeta(
        sdg_target="10.7 (context)",
        gcm_objectives=(1,),
        baseline_year=None,
        rag_rule="context",
        methods=("none",),
        themes=("data",),
        computation=(
            "Foreign-born population counted by the census (sum over countries of birth other "
            "than the census country) as % of the census population."
        ),
        source="National population census tabulations (approved submissions).",
        headlines=(Headline("SM_POP_CEN_COB_ZS", "Foreign-born population (census), %"),),
        awaiting=_UPLOAD.format("census_tabulation"),
    ),
}


@dataclass(frozen=True)
class Entry:
    """One registry entry: the IndicatorSpec and its results-framework metadata."""

    spec: IndicatorSpec
    meta: RegistryMeta

    @property
    def code(self) -> str:
        """The registry key (indicator code)."""
        return self.spec.id

    @property
    def target(self) -> float | None:
        """The global default target on the headline series' scale."""
        return (
            self.meta.headline_target
            if self.meta.headline_target is not None
            else (self.spec.target)
        )

    def metadata_text(self) -> dict[str, str]:
        """Definition, computation, source and caveats, for the metadata tab."""
        return {
            "Definition": self.spec.definition,
            "Computation": self.meta.computation,
            "Source": self.meta.source,
            "Caveats": self.spec.caveat,
        }


def entries() -> list[Entry]:
    """Every registered indicator, in SPECS order (KeyError if one lacks its META)."""
    return [Entry(spec, META[code]) for code, spec in SPECS.items()]


def entry(code: str) -> Entry:
    """The registry entry of `code` (a SPECS key)."""
    return Entry(SPECS[code], META[code])


def registry_key(indicator_code: str, series_code: str | None = None) -> str | None:
    """The registry entry a row of the indicator table belongs to, None if unregistered.

    GFMD items carry their item code (P.COH.05, P.DIA.01 …) and belong to P.COH; census rows
    are found by their SM_POP_CEN_ series whatever their indicator code.
    """
    if series_code and series_code.startswith("SM_POP_CEN_"):
        return "SM.POP.CEN"
    if indicator_code in SPECS:
        return indicator_code
    if indicator_code.startswith("P."):  # every GFMD survey item (P.COH.*, P.DIA.*, P.REM.* …)
        return "P.COH"
    return None


def table_pairs(table: pl.DataFrame | pl.LazyFrame) -> list[tuple[str, str]]:
    """Distinct (indicator_code, series_code) pairs of an indicator table."""
    lf = table.lazy().select("indicator_code", "series_code").unique()
    return [(str(i), str(s)) for i, s in lf.collect().iter_rows()]


def computed(pairs: Iterable[tuple[str, str]]) -> set[str]:
    """Registry keys with at least one row among the (indicator_code, series_code) pairs."""
    keys = {registry_key(i, s) for i, s in pairs}
    return {k for k in keys if k is not None}


def availability(code: str, computed_keys: set[str]) -> Availability:
    """'computed' if the table has it, 'awaiting data' if marked so, else 'missing'."""
    if code in computed_keys:
        return "computed"
    return "awaiting data" if META[code].awaiting else "missing"


def registry_problems(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Everything that breaks the registry contract for one indicator table (empty = fine)."""
    pairs = list(pairs)
    out = [
        f"indicator_code {i!r} (series {s!r}) is in the table but not in the registry: add it to "
        "indicators/specs*.py and indicators/registry_meta.py META"
        for i, s in sorted(pairs)
        if registry_key(i, s) is None
    ]
    out += [f"SPECS entry {c!r} has no META entry" for c in SPECS if c not in META]
    out += [f"META entry {c!r} is not in SPECS" for c in META if c not in SPECS]
    keys = computed(pairs)
    out += [
        f"{c}: neither computed from this table nor marked awaiting data"
        for c in SPECS
        if c in META and availability(c, keys) == "missing"
    ]
    for e in (entry(c) for c in SPECS if c in META):
        out += [f"{e.code}: empty {k} text" for k, v in e.metadata_text().items() if not v.strip()]
        if not e.meta.headlines:
            out.append(f"{e.code}: no headline series")
        out += [f"{e.code}: unknown GFMD theme {t!r}" for t in e.meta.themes if t not in THEMES]
        if e.meta.rag_rule not in LEVEL_RULES:
            out.append(f"{e.code}: rag_rule {e.meta.rag_rule!r} is not in LEVEL_RULES")
    return out

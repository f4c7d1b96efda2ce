"""IndicatorSpec entries of the migration indicators: 10.7.4, 10.7.3, migrant stock, emigration
and the indicative savings to remitters (indicators.md §1.4, §1.5, §1.7, §3.3).

Composed into the registry by indicators/registry.py. Definitions and caveats quote indicators.md.
"""

from __future__ import annotations

from core.i18n import N_
from indicators.compute.displacement import compute_10_7_3, compute_10_7_4
from indicators.compute.flows import compute_savings
from indicators.compute.migration import compute_emigration, compute_migrant_stock
from indicators.specs import base
from indicators.specs.base import Assessment, Headline, RegistryMeta

MIGRATION_SPECS: dict[str, base.IndicatorSpec] = {
    "10.7.4": base.IndicatorSpec(
        id="10.7.4",
        slug="10-7-4",
        name="Proportion of the population who are refugees, by country of origin",
        level="outcome",
        unit="PER_100000_POP",
        direction="negative",
        target=None,
        target_year=None,
        inputs=("unhcr_population", "undesa_stock", "wdi", "wb_api"),
        compute=compute_10_7_4,
        disaggregations=("ref_area",),
        definition=N_(
            "Rate of origin o = refugees from o / (population of o + refugees from o) x "
            "100,000 (SDG metadata 4.c: refugees are added to the denominator). Refugees from o: "
            "UNHCR end-year refugees under UNHCR's mandate from origin o, summed over the "
            "countries of asylum. Population of o: "
            "UN DESA International Migrant Stock Table 2 (mid-year, 2020 edition preferred, "
            "2019 edition for 2019). Also shown: the refugee counts by origin "
            "(SM_POP_REFG_OR_N) and by country of asylum (SM_POP_REFG), and the World Bank's "
            "SM.POP.REFG.OR count as a cross-check. Direction: decrease, no numeric target "
            "(trend only, Open SDG method 1)."
        ),
        caveat=N_(
            "The custodian uses end-year UN WPP population; here the UN DESA mid-year "
            "population of the IMS edition, so rates can differ slightly from the UN SDG "
            "database. The trimmed UNHCR file labels end-2019 stocks as 2020; they are moved "
            "back to 2019 (noted on each value). Origins that are not countries (stateless, "
            "unknown, Tibetan) have no rate. Regional aggregates are not computed here."
        ),
        meta=RegistryMeta(
            sdg_target="10.7",
            gcm_objectives=(),
            baseline_year=2015,
            rag_rule="10.7.4",
            methods=("direction",),
            themes=("protection",),
            computation=N_(
                "Refugees from the country of origin (UNHCR, end-year, summed over countries of "
                "asylum) per 100,000 of the origin's population plus those refugees (UN DESA IMS "
                "Table 2). Direction: decrease; no numeric target (method 1)."
            ),
            source=N_("UNHCR Refugee Population Statistics; UN DESA International Migrant Stock."),
            headlines=(
                Headline(
                    "SM_POP_REFG_OR",
                    N_("Refugees by country of origin per 100,000"),
                    reason=N_("the SDG formula computed here from UNHCR and UN DESA inputs"),
                ),
            ),
            assessment=Assessment(
                True,
                N_(
                    "lower is better: the Open SDG configuration 'direction: "
                    "negative' for 10.7.4 (fewer people forced to flee their country of "
                    "origin, UNHCR metadata rationale)"
                ),
            ),
        ),
    ),
    "10.7.3": base.IndicatorSpec(
        id="10.7.3",
        slug="10-7-3",
        name=(
            "Number of people who died or disappeared in the process of migration towards an "
            "international destination"
        ),
        level="context",
        unit="NUMBER",
        direction="negative",
        target=None,
        target_year=None,
        rag=False,
        inputs=("iom_mmp_incidents",),
        compute=compute_10_7_3,
        disaggregations=("ref_area", "sub_category", "statistic"),
        definition=N_(
            "Sum of the published 'Total dead and missing' (number dead + number missing) of "
            "IOM Missing Migrants Project incidents, by MMP region of incident (MMP_ codes), "
            "world (WLD) and migration route (sub_category ROUTE_...), per year. Also the "
            "share of the dead and missing by source quality 1-5 (SM_DTH_MIGR_SQ; 1 = a single "
            "media source ... 5 = official or multiple humanitarian sources)."
        ),
        caveat=N_(
            "Best understood as a minimum estimate; it 'should not be used to identify trends "
            "over time' (metadata 4.a), so no trend or progress status is shown. Incident-based "
            "with no imputation: no country reports comprehensive data. MMP regions are IOM's "
            "own (seas, border zones), not the UN geoscheme."
        ),
        meta=RegistryMeta(
            sdg_target="10.7",
            gcm_objectives=(8,),
            baseline_year=None,
            rag_rule="10.7.3",
            methods=("none",),
            themes=("protection",),
            computation=N_(
                "Sum of 'Total dead and missing' of IOM Missing Migrants Project incidents by "
                "year, world and MMP region or route. A minimum count: no trend or progress is "
                "assessed."
            ),
            source=N_("IOM Missing Migrants Project (incident export)."),
            headlines=(
                Headline(
                    "SM_DTH_MIGR",
                    N_("Dead and missing migrants (area of incident)"),
                    reason=N_("the IOM count for the area of incident (no country series)"),
                ),
            ),
            assessment=Assessment(
                False,
                N_(
                    "context: the IOM metadata (4.a) says the count 'should not be used to "
                    "identify trends over time' (a minimum estimate from incident reports)"
                ),
            ),
            country_scope=N_(
                "10.7.3 is counted by MMP region of incident, by route and for the world, never by "
                "country: no figure is shown as a country's value (see the Migration page for the "
                "regional and world counts)"
            ),
        ),
    ),
    "SM.POP.TOTL": base.IndicatorSpec(
        id="SM.POP.TOTL",
        slug="SM-POP-TOTL",
        name="International migrant stock (number and % of population)",
        level="context",
        unit="NUMBER",
        direction="none",
        target=None,
        target_year=None,
        rag=False,
        inputs=("undesa_stock", "undesa_matrix"),
        compute=compute_migrant_stock,
        disaggregations=("ref_area", "counterpart_area", "sex"),
        definition=N_(
            "'The number of people at mid-year born in a country other than that in which they "
            "live. It also includes refugees.' UN DESA International Migrant Stock 2020 by "
            "destination (SM_POP_TOTL) and as published % of the population (SM_POP_TOTL_ZS), "
            "by sex; the world as World (WLD). Bilateral stocks (SM_POP_BILAT; area = "
            "destination, counterpart area = origin) from the IMS 2019 origin x destination "
            "matrix, for the top-10 origins of each destination and top-10 destinations of "
            "each origin."
        ),
        caveat=N_(
            "Mostly census-based; where place of birth is missing, foreign citizens are counted "
            "instead (type of data C, noted on each value). Values are interpolated to mid-year "
            "and imputed where there are no data. The matrix is a cleaned derivative in which 0 "
            "means 'zero or not reported'. Context only: no target or RAG."
        ),
        meta=RegistryMeta(
            sdg_target="10.7 (context)",
            gcm_objectives=(1,),
            baseline_year=2015,
            rag_rule="context",
            methods=("none",),
            themes=("data",),
            computation=N_(
                "UN DESA international migrant stock at mid-year as published (number and % of "
                "population), by sex; bilateral stocks from the 2019 origin x destination matrix."
            ),
            source=N_("UN DESA Population Division, International Migrant Stock 2020 and 2019."),
            headlines=(
                Headline(
                    "SM_POP_TOTL_ZS",
                    N_("International migrant stock, % of population"),
                    reason=N_("UN DESA, the custodian, as published"),
                ),
            ),
            assessment=Assessment(
                False,
                N_(
                    "context: UN DESA defines no desired level or direction for the international "
                    "migrant stock"
                ),
            ),
        ),
    ),
    "SM.EMI.RATE": base.IndicatorSpec(
        id="SM.EMI.RATE",
        slug="SM-EMI-RATE",
        name="Emigrant stock and emigration rate (derived)",
        level="context",
        unit="PT",
        direction="none",
        target=None,
        target_year=None,
        rag=False,
        inputs=("undesa_stock",),
        compute=compute_emigration,
        disaggregations=("ref_area", "sex"),
        definition=N_(
            "Platform definition (not an official indicator): "
            "ER_o = E_o / (P_o + E_o) x 100, with E_o the emigrant stock (UN DESA IMS "
            "2020 stock by origin, all destinations; SM_EMI_TOTL) and P_o the resident "
            "population (IMS 2020 Table 2, same sex and mid-year). Labelled derived. It feeds "
            "the GFMD 'better data on diasporas' priority."
        ),
        caveat=N_(
            "A project definition, not an official indicator. Emigrants whose origin is not "
            "recorded by the destination are missing, so E_o is a lower bound. Context only: "
            "no target or RAG."
        ),
        meta=RegistryMeta(
            sdg_target="10.7 (context, derived)",
            gcm_objectives=(1, 19),
            baseline_year=2015,
            rag_rule="context",
            methods=("none",),
            themes=("diaspora", "data"),
            computation=N_(
                "Platform method: "
                "Emigrant stock E (UN DESA stock by origin) over resident population P "
                "plus E, x 100, same sex and mid-year."
            ),
            source=N_("UN DESA International Migrant Stock 2020 (by origin; Table 2 population)."),
            headlines=(
                Headline(
                    "SM_EMI_RATE",
                    N_("Emigration rate, % (derived)"),
                    reason=N_("the only series: derived here from UN DESA stocks"),
                ),
            ),
            assessment=Assessment(
                False,
                N_(
                    "context: a rate derived by this project; no custodian defines a desired "
                    "direction for emigration"
                ),
            ),
        ),
    ),
    "SAV.REM": base.IndicatorSpec(
        id="SAV.REM",
        slug="SAV-REM",
        name="Estimated savings to remitters from lower remittance costs (indicative)",
        level="impact",
        unit="USD",
        direction="positive",
        target=None,
        target_year=None,
        rag=False,
        inputs=("rpw_quotes", "wdi", "wb_api"),
        compute=compute_savings,
        disaggregations=("ref_area",),
        definition=N_(
            "Platform definition (not an official indicator): "
            "S_t = (TC_base - TC_t) / 100 x BX.TRF.PWKR.CD.DT_t (SAV_REM_BASE), with "
            "TC_t the average cost of sending USD 200 to the country (RPW quotes if the country "
            "has any, else WDI SI.RMT.COST.IB.ZS; one source per country) and base year 2015 or "
            "the first later year with a cost. Also (TC_t - 3) / 100 x flow (SAV_REM_3PCT): "
            "what remitters would still save if costs fell to the 3 % target."
        ),
        caveat=N_(
            "Indicative: RPW prices a USD 200 transfer, while flows are of every size and "
            "include informal-channel gaps. Impact indicators move for many reasons: "
            "contribution evidence, not an effect of the policy. Trend arrow only."
        ),
        meta=RegistryMeta(
            sdg_target="10.c (project impact)",
            gcm_objectives=(20,),
            baseline_year=2015,
            rag_rule="context",
            methods=("none",),
            themes=("remittances",),
            computation=N_(
                "An estimate of this project. Headline: (cost this year − 3) / 100 x personal "
                "remittances received this year (US$) = what remitters would save if sending "
                "cost 3 %; also (cost in the base year − cost this year) / 100 x the same "
                "flows = savings since the base year (negative when costs rose). Cost from RPW "
                "quotes or WDI SI.RMT.COST.IB.ZS. Indicative; trend shown only, no status."
            ),
            source=N_("World Bank RPW / WDI SI.RMT.COST.IB.ZS and BX.TRF.PWKR.CD.DT."),
            headlines=(
                Headline(
                    "SAV_REM_3PCT",
                    N_("Savings to remitters if costs fell to 3 %, US$"),
                    reason=N_("first: the headline estimate (savings if costs fell to 3 %)"),
                ),
                Headline(
                    "SAV_REM_BASE",
                    N_("Savings to remitters since the base year, US$"),
                    reason=N_("second: savings since the base year, when the first is absent"),
                ),
            ),
            assessment=Assessment(
                False,
                N_(
                    "context: an indicative estimate of this project, resting on a USD 200 "
                    "price applied to all flows; no custodian series, so no status"
                ),
            ),
        ),
    ),
}

"""IndicatorSpec entries of the indicators computed from approved national submissions: 10.7.2,
the GFMD policy-coherence items (P.*), 10.7.1 and the census migrant stock (indicators.md §1.2,
§1.3, §1.7, §2, §3.1).

Composed into the registry by indicators/registry.py. Inputs are the upload datasets named
after core/templates.py.
"""

from __future__ import annotations

from core.contract import TOTAL
from core.i18n import N_
from indicators.compute.process_1071 import compute_10_7_1
from indicators.compute.process_1072 import compute_10_7_2
from indicators.compute.process_census import compute_census_stock
from indicators.compute.process_gfmd import compute_gfmd
from indicators.specs import base
from indicators.specs.base import Assessment, Headline, RegistryMeta

PROCESS_SPECS: dict[str, base.IndicatorSpec] = {
    "10.7.2": base.IndicatorSpec(
        id="10.7.2",
        slug="10-7-2",
        name=(
            "Proportion of countries with migration policies that facilitate orderly, safe, "
            "regular and responsible migration and mobility of people"
        ),
        level="process",
        unit="PT",
        direction="positive",
        target=80.0,
        target_year=2030,
        inputs=("inquiry_1072",),
        compute=compute_10_7_2,
        disaggregations=("ref_area", "policy_domain", "sub_category"),
        definition=N_(
            "UN Inquiry Module III, 6 policy domains x 5 sub-categories (IOM MiGOF). Domain 1: "
            "'Yes, regardless of immigration status' = 1, 'Yes, only for those with legal "
            "immigration status' = 0.5, 'No' = 0; domains 2-6: Yes = 1, No = 0; missing "
            "answers are coded 0 (metadata 4.f). D_i = (sum of the 5 values / 5) x 100; "
            "overall = unweighted mean of the 30 values x 100. Categories: < 40 Requires "
            "further progress (1), 40-< 80 Partially meets (2), 80-< 100 Meets (3), 100 Fully "
            "meets (4) (SG_CPA_MIGRS). Aggregate: % of responding countries that require "
            "further progress, partially meet, or meet or fully meet (SG_CPA_MIGRP), overall "
            "and by domain; non-responding countries are not imputed. The response rate "
            "(answered items / 30) is shown beside each score."
        ),
        caveat=N_(
            "Documents the existence of policies, not their implementation or impact; 'neither "
            "expected nor designed to be comprehensive'. Missing answers count as 'no', so "
            "read scores with the response rate. Aggregates cover only the countries with an "
            "approved submission in the round, not every country."
        ),
        meta=RegistryMeta(
            sdg_target="10.7",
            gcm_objectives=(5, 21),
            baseline_year=2019,
            rag_rule="10.7.2",
            methods=("target",),
            themes=("policy coherence", "protection"),
            computation=N_(
                "Overall score = unweighted mean of the 30 Inquiry Module III answers x 100 "
                "(domain 1: 1 / 0.5 / 0; others yes = 1, no = 0; missing = 0), and its "
                "category 1-4. Progress: the % score against the target 80 (Meets)."
            ),
            source=N_(
                "UN Inquiry among Governments on Population and Development, Module III "
                "(approved national submissions)."
            ),
            headlines=(
                Headline(
                    "P_1072_SCORE",
                    N_("Overall 10.7.2 score, %"),
                    dims=(("policy_domain", TOTAL),),
                    reason=N_("the official overall score of the approved Inquiry answers"),
                ),
            ),
            awaiting="inquiry_1072",
            assessment=Assessment(
                True,
                N_(
                    "higher is better: the custodian's (UN DESA / IOM) categories rank 'Meets' and "
                    "'Fully meets' (score ≥ 80) above 'Partially meets' and 'Requires further "
                    "progress'"
                ),
            ),
        ),
    ),
    "P.COH": base.IndicatorSpec(
        id="P.COH",
        slug="P-COH",
        name="Policy and institutional coherence on migration and development (GFMD survey)",
        level="process",
        unit="BINARY",
        direction="positive",
        target=1.0,
        target_year=2030,
        inputs=("gfmd_coherence",),
        compute=compute_gfmd,
        disaggregations=("ref_area", "coherence_level"),
        definition=N_(
            "Platform definition (not an official indicator): "
            "Items P.COH.01-10, P.DIA.01, P.REM.01-02, P.DAT.01-02 per country and "
            "survey round: 1 = yes, in place and operational; 0.5 = partial, or in preparation "
            "or draft; 0 = no; blank = 0 with status M. Counts: P.COH.07 agreements in force "
            "(and >= 1), P.DAT.01 core census items (0-3). Coherence-level score = mean of the "
            "items in the level x 100 (intra-governmental, inter-governmental, multilateral, "
            "multi-stakeholder). Cross-country: % of responding countries with value = 1 (and "
            ">= 0.5)."
        ),
        caveat=N_(
            "Self-reported by governments; yes/no items record that an arrangement exists, not "
            "how well it works. The Swedish government survey figures (63, 57, 65, 80, 50 %) "
            "come from another instrument and sample with an unknown number of responding "
            "states: reference, not comparable."
        ),
        meta=RegistryMeta(
            sdg_target="10.7 (project process indicator)",
            gcm_objectives=(1, 19, 20, 21),
            baseline_year=None,
            rag_rule="coherence",
            methods=("target", "binary"),
            themes=("policy coherence", "remittances", "diaspora", "data"),
            computation=N_(
                "Platform method: "
                "Items coded 1 / 0.5 / 0 (blank = 0, status M); coherence-level score = "
                "mean of the level's items x 100. Headline: the intra-governmental level score "
                "(P.COH.01-05) against 100; single items follow the binary rule."
            ),
            source=N_(
                "GFMD policy-coherence survey (approved national submissions); Swedish "
                "government survey figures as non-comparable reference."
            ),
            headlines=(
                Headline(
                    "P_COH_SCORE",
                    N_("Intra-governmental coherence score, %"),
                    unit="PT",
                    dims=(("coherence_level", "INTRA_GOV"),),
                    reason=N_("the intra-governmental level score, the §2 headline"),
                ),
            ),
            awaiting="gfmd_coherence",
            headline_target=100.0,
            assessment=Assessment(
                True,
                N_(
                    "higher is better: the project's results framework: each item scores 1 "
                    "when the coherence mechanism is in place; target 100 % of items (a choice "
                    "of this project)"
                ),
            ),
        ),
    ),
    "10.7.1": base.IndicatorSpec(
        id="10.7.1",
        slug="10-7-1",
        name=(
            "Recruitment cost borne by employee as a proportion of monthly income earned in "
            "country of destination"
        ),
        level="outcome",
        unit="RATIO_MONTHS",
        direction="negative",
        target=None,
        target_year=None,
        inputs=("rci_1071_microdata",),
        compute=compute_10_7_1,
        disaggregations=("ref_area", "counterpart_area", "sex", "statistic"),
        definition=N_(
            "RCI_k = C_k / E_k: recruitment costs paid by migrant worker k over the monthly "
            "earnings of the same worker, both converted to USD at the rates given per worker. "
            "RCI = f(RCI_k) with f = survey-weighted mean, median or 4th quintile (0.8 "
            "quantile), in months of earnings. Published for all workers (RCI_ALL, zeros "
            "included) and for payers only (RCI_PAYERS), with the weighted share paying; by "
            "sex and destination; the sample size is the unweighted number of workers."
        ),
        caveat=N_(
            "Recall bias; earnings vary month to month and the earnings month used (first or "
            "last month of the first job) is noted on each value. Samples per destination are "
            "often very small. Including zero-cost workers lowers the mean a lot. No imputation "
            "and no regional or global aggregates (metadata 4.f, 4.g)."
        ),
        meta=RegistryMeta(
            sdg_target="10.7",
            gcm_objectives=(6,),
            baseline_year=None,
            rag_rule="10.7.1",
            methods=("direction",),
            themes=("protection",),
            computation=N_(
                "RCI_k = recruitment costs / monthly earnings of worker k (both in USD); "
                "survey-weighted mean over all workers (zeros included), in months of earnings."
            ),
            source=N_("National labour-force or migration survey RCI module (approved microdata)."),
            headlines=(
                Headline(
                    "RCI_ALL",
                    N_("Recruitment cost, mean months of earnings"),
                    dims=(("statistic", "MEAN"),),
                    reason=N_("the SDG definition: mean over all workers, zeros included"),
                ),
            ),
            awaiting="rci_1071_microdata",
            limit=0.0,
            assessment=Assessment(
                True,
                N_(
                    "lower is better: SDG target 10.7 and GCM objective 6 call for reducing the "
                    "recruitment costs borne by workers (ILO / World Bank metadata 10-7-1)"
                ),
            ),
        ),
    ),
    "SM.POP.CEN": base.IndicatorSpec(
        id="SM.POP.CEN",
        slug="SM-POP-CEN",
        name="International migrant stock from national census tabulations",
        level="context",
        unit="NUMBER",
        direction="none",
        target=None,
        target_year=None,
        rag=False,
        inputs=("census_tabulation",),
        compute=compute_census_stock,
        disaggregations=("ref_area", "counterpart_area", "sex", "age"),
        definition=N_(
            "Foreign-born (country of birth) and foreign-citizen (citizenship) population "
            "counted by the national census: the sum over the countries other than the census "
            "country, else the total minus the census country's own; also as % of the census "
            "population and by country of birth or citizenship. Rows carry the indicator code "
            "SM.POP.TOTL (series codes starting SM_POP_CEN), so they sit beside the UN DESA "
            "estimates."
        ),
        caveat=N_(
            "Census-day counts, not moved to mid-year and not imputed, unlike UN DESA. Country "
            "of citizenship is not country of birth. Unknown origins are left out and noted. "
            "Context only: no target or RAG."
        ),
        meta=RegistryMeta(
            sdg_target="10.7 (context)",
            gcm_objectives=(1,),
            baseline_year=None,
            rag_rule="context",
            methods=("none",),
            themes=("data",),
            computation=N_(
                "Foreign-born population counted by the census (sum over countries of birth other "
                "than the census country) as % of the census population."
            ),
            source=N_("National population census tabulations (approved submissions)."),
            headlines=(
                Headline(
                    "SM_POP_CEN_COB_ZS",
                    N_("Foreign-born population (census), %"),
                    reason=N_("the only series: the approved census tabulation"),
                ),
            ),
            awaiting="census_tabulation",
            assessment=Assessment(
                False,
                N_("context: census foreign-born share; no custodian defines a desired direction"),
            ),
        ),
    ),
}

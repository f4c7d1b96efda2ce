"""IndicatorSpec entries of the indicators computed from approved national submissions: 10.7.2,
the GFMD policy-coherence items (P.*), 10.7.1 and the census migrant stock (indicators.md §1.2,
§1.3, §1.7, §2, §3.1).

Composed into the registry by indicators/registry.py. Inputs are the upload datasets named
after core/templates.py.
"""

from __future__ import annotations

from indicators.compute.process_1071 import compute_10_7_1
from indicators.compute.process_1072 import compute_10_7_2
from indicators.compute.process_census import compute_census_stock
from indicators.compute.process_gfmd import compute_gfmd
from indicators.specs import base

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
        definition=(
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
        caveat=(
            "Documents the existence of policies, not their implementation or impact; 'neither "
            "expected nor designed to be comprehensive'. Missing answers count as 'no', so "
            "read scores with the response rate. Aggregates cover only the countries with an "
            "approved submission in the round, not every country."
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
        definition=(
            "[PROJECT] Items P.COH.01-10, P.DIA.01, P.REM.01-02, P.DAT.01-02 per country and "
            "survey round: 1 = yes, in place and operational; 0.5 = partial, or in preparation "
            "or draft; 0 = no; blank = 0 with status M. Counts: P.COH.07 agreements in force "
            "(and >= 1), P.DAT.01 core census items (0-3). Coherence-level score = mean of the "
            "items in the level x 100 (intra-governmental, inter-governmental, multilateral, "
            "multi-stakeholder). Cross-country: % of responding countries with value = 1 (and "
            ">= 0.5)."
        ),
        caveat=(
            "Self-reported by governments; yes/no items record that an arrangement exists, not "
            "how well it works. The Swedish government survey figures (63, 57, 65, 80, 50 %) "
            "come from another instrument and sample with an unknown number of responding "
            "states: reference, not comparable."
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
        definition=(
            "RCI_k = C_k / E_k: recruitment costs paid by migrant worker k over the monthly "
            "earnings of the same worker, both converted to USD at the rates given per worker. "
            "RCI = f(RCI_k) with f = survey-weighted mean, median or 4th quintile (0.8 "
            "quantile), in months of earnings. Published for all workers (RCI_ALL, zeros "
            "included) and for payers only (RCI_PAYERS), with the weighted share paying; by "
            "sex and destination; sample_size = unweighted number of workers."
        ),
        caveat=(
            "Recall bias; earnings vary month to month and the earnings month used (first or "
            "last month of the first job) is noted on each value. Samples per destination are "
            "often very small. Including zero-cost workers lowers the mean a lot. No imputation "
            "and no regional or global aggregates (metadata 4.f, 4.g)."
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
        definition=(
            "Foreign-born (country of birth) and foreign-citizen (citizenship) population "
            "counted by the national census: the sum over the countries other than the census "
            "country, else the total minus the census country's own; also as % of the census "
            "population and by country of birth or citizenship. Rows carry indicator_code "
            "SM.POP.TOTL and series SM_POP_CEN_*, so they sit beside the UN DESA estimates."
        ),
        caveat=(
            "Census-day counts, not moved to mid-year and not imputed, unlike UN DESA. Country "
            "of citizenship is not country of birth. Unknown origins are left out and noted. "
            "Context only: no target or RAG."
        ),
    ),
}

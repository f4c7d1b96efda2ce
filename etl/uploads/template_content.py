"""What a downloadable template shows besides its columns: example rows and the rules sheet text.

Kept apart from the writer (template_files.py) so the content can be reviewed, and translated
(the rules are catalog messages, marked with N_), without reading the workbook code.
"""

from __future__ import annotations

from core.i18n import N_, NP_

# The source each template's example rows name: the instrument of that template, never another's.
EXAMPLE_SOURCES: dict[str, str] = {
    "indicator_long": "UN Inquiry Module III 2021",
    "inquiry_1072": "UN Inquiry Module III 2021",
    "gfmd_coherence": "GFMD policy-coherence survey 2022",
    "rci_1071_microdata": "Labour Force Survey 2022, recruitment-cost module",
    "census_tabulation": "Population and Housing Census 2019",
}
VALIDATION_ROWS = 5000  # drop-downs cover the data sheet down to this row
AUDIT = {"submitted_by": "M&E unit", "submitted_on": "2026-11-30"}

# Full example rows (values the Column.example defaults cannot express, e.g. consistent pairs).
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "indicator_long": [
        {
            "indicator_code": "10.7.2",
            "series_code": "SG_CPA_MIGR",
            "ref_area": "KEN",
            "ref_area_m49": "404",
            "time_period": "2021",
            "freq": "B",
            "policy_domain": "PD_3",
            "sub_category": "PD_3_B",
            "value": "1",
            "value_label": "yes",
            "answer_text": "BLA with Saudi Arabia (2019)",
            "unit_measure": "BINARY",
            "unit_mult": "0",
            "obs_status": "A",
            "source": "UN Inquiry Module III 2021",
            "respondent_institution": "Ministry of Labour",
        },
        {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": "GBR",
            "ref_area_m49": "826",
            "counterpart_area": "KEN",
            "time_period": "2023-Q3",
            "freq": "Q",
            "transfer_amount": "USD200",
            "statistic": "MEAN",
            "value": "5.12",
            "unit_measure": "PT",
            "unit_mult": "0",
            "obs_status": "A",
            "source": "RPW Q3 2023",
        },
    ],
    "inquiry_1072": [
        {"policy_domain": "PD_3", "sub_category": "PD_3_A", "answer": "yes", "answer_text": ""},
        {"policy_domain": "PD_3", "sub_category": "PD_3_B", "answer": "yes"},
    ],
    "gfmd_coherence": [
        {"item_code": "P.COH.05", "answer": "draft"},
        {"item_code": "P.COH.07", "answer": "yes", "count": "2", "answer_text": "BLA 2019, 2021"},
    ],
    "rci_1071_microdata": [
        {
            "ref_area": "NPL",
            "worker_id": "W0001",
            "cost_paid": "120000",
            "cost_currency": "NPR",
            "usd_per_cost_currency": "0.0075",
            "monthly_earnings": "1200",
            "earnings_currency": "QAR",
            "usd_per_earnings_currency": "0.2747",
            "earnings_reference": "last_month",
        },
        {
            "ref_area": "NPL",
            "worker_id": "W0002",
            "cost_paid": "0",
            "cost_currency": "USD",
            "monthly_earnings": "350",
            "earnings_currency": "USD",
            "earnings_reference": "last_month",
            "sex": "M",
            "age": "34",
        },
    ],
    "census_tabulation": [
        {"counterpart_area": "UGA", "sex": "_T", "age": "_T", "value": "123456"},
        {"counterpart_area": "UGA", "sex": "F", "age": "_T", "value": "61000"},
    ],
}

RULES: dict[str, tuple[str, ...]] = {
    "indicator_long": (
        N_(
            "One row = one observation; the key is indicator x series x areas x "
            "period x breakdowns."
        ),
        N_(
            "Blank breakdown columns (sex, age, ... statistic) and "
            "counterpart_area mean _T (total)."
        ),
        N_("value: a number with a point as decimal separator (5.12, not 5,12), no % or spaces."),
        N_(
            "PT must be 0-100; BINARY 0, 0.5 or 1; SCORE_1_4 1-4; PER_100000_POP and RATIO_MONTHS "
            ">= 0. A series uses one unit_measure."
        ),
        N_("A blank value needs obs_status M (missing)."),
        N_("10.7.2 domain rows (sub_category _T) must equal 100 x (sum of the 5 answers) / 5."),
    ),
    "inquiry_1072": (
        N_(
            "One row per answered sub-category (PD_1_A ... PD_6_E); policy_domain "
            "is its first part."
        ),
        N_("Domain 1 answers: yes_all, yes_legal_only, no. Domains 2-6: yes, no. Blank = 0."),
        N_(
            "Optional: a row with sub_category _T and the stated domain score in value (0-100); it "
            "must equal 100 x (sum of the domain's answer scores) / 5, missing answers counting 0."
        ),
    ),
    "gfmd_coherence": (
        N_(
            "One row per item; answer yes (1), partial or draft (0.5), no (0); "
            "blank = not answered."
        ),
        N_("count only for P.COH.07 (agreements in force, >= 0) and P.DAT.01 (core items, 0-3)."),
    ),
    "rci_1071_microdata": (
        N_("One row per migrant worker; worker_id unique in the round."),
        N_("Currencies are ISO 4217 codes; a non-USD currency needs its USD rate (USD per unit)."),
        N_("cost_paid >= 0 (0 if nothing paid), monthly_earnings > 0, survey_weight > 0."),
    ),
    "census_tabulation": (
        N_(
            "Persons by country of birth (COB) or citizenship (CIT), sex and age; "
            "whole numbers >= 0."
        ),
        N_("counterpart_area _T is the total over all countries."),
    ),
}

# Free-text example values, shown in the language of the download (codes are never translated).
FREE_TEXT_COLUMNS: tuple[str, ...] = (
    "source",
    "submitted_by",
    "respondent_institution",
    "answer_text",
)
EXAMPLE_TEXTS: tuple[str, ...] = (
    NP_("example value", "BLA 2019"),
    NP_("example value", "BLA 2019, 2021"),
    NP_("example value", "BLA with Saudi Arabia (2019)"),
    NP_("example value", "GFMD policy-coherence survey 2022"),
    NP_("example value", "Labour Force Survey 2022, recruitment-cost module"),
    NP_("example value", "M&E unit"),
    NP_("example value", "Migration chapter in draft MTP IV"),
    NP_("example value", "Ministry of Labour"),
    NP_("example value", "Ministry of Planning"),
    NP_("example value", "Population and Housing Census 2019"),
    NP_("example value", "RPW Q3 2023"),
    NP_("example value", "UN Inquiry Module III 2021"),
)

"""Question texts and group names of every coded survey item (indicators.md §1.3 and §2).

The 10.7.2 texts are the UN Inquiry Module III questions and sub-categories as indicators.md
§1.3 quotes them (shortened where the spec itself abbreviates with "…"); the GFMD item texts are
the "Item (question to government)" column of the §2 table. Templates, codes sheets, the upload
page, the report and the rounds comparison all read these, so an officer always sees the
question next to its code.
"""

from __future__ import annotations

from core.i18n import N_, translator
from core.templates import COHERENCE_LEVELS, GFMD_ITEMS, POLICY_DOMAINS, SUB_CATEGORIES

# indicators.md §1.3, "Domain" column.
DOMAIN_NAMES: dict[str, str] = {
    "PD_1": N_("Migrant rights"),
    "PD_2": N_("Whole-of-government / evidence-based policies"),
    "PD_3": N_("Cooperation and partnerships"),
    "PD_4": N_("Socioeconomic well-being"),
    "PD_5": N_("Mobility dimensions of crises"),
    "PD_6": N_("Safe, orderly and regular migration"),
}
# indicators.md §1.3, "Question" column. Domains 3-5 are abbreviated in the spec ("…"); the
# opening words "Does the Government have any of the following" are supplied from domains 2
# and 6 (the Inquiry asks every domain in that form).
DOMAIN_QUESTIONS: dict[str, str] = {
    "PD_1": N_(
        "Does the Government provide non-nationals equal access to the following services, "
        "welfare benefits and rights?"
    ),
    "PD_2": N_(
        "Does the Government have any of the following institutions, policies or strategies "
        "to govern immigration or emigration?"
    ),
    "PD_3": N_(
        "Does the Government have any of the following measures to foster cooperation among "
        "countries and encourage stakeholder inclusion and participation in migration policy?"
    ),
    "PD_4": N_(
        "Does the Government have any of the following measures to maximize the positive "
        "development impact of migration and the socioeconomic well-being of migrants?"
    ),
    "PD_5": N_(
        "Does the Government have any of the following measures to respond to refugees and "
        "other persons forcibly displaced across international borders?"
    ),
    "PD_6": N_(
        "Does the Government address regular or irregular immigration through any of the "
        "following measures?"
    ),
}
# indicators.md §1.3, "Sub-categories (a–e)" column, in order a … e.
_SUBS: dict[str, tuple[str, str, str, str, str]] = {
    "PD_1": (
        N_("Essential and/or emergency health care"),
        N_("Public education"),
        N_("Equal pay for equal work"),
        N_("Social protection"),
        N_("Access to justice"),
    ),
    "PD_2": (
        N_("Dedicated government agency to implement national migration policy"),
        N_(
            "National policy or strategy for regular migration pathways, including labour migration"
        ),
        N_("National policy or strategy to promote the inclusion or integration of immigrants"),
        N_("Formal mechanisms to ensure that migration policy is gender responsive"),
        N_(
            "Mechanism to ensure that migration policy is informed by data, appropriately "
            "disaggregated"
        ),
    ),
    "PD_3": (
        N_("Inter-ministerial coordination mechanism on migration"),
        N_("Bilateral agreements on migration, including labour migration"),
        N_("Regional agreements promoting mobility"),
        N_("Agreements for cooperation with other countries on return and readmission"),
        N_(
            "Formal mechanisms to engage civil society and the private sector in the formulation "
            "and implementation of migration policy"
        ),
    ),
    "PD_4": (
        N_("Align labour-migration policies with labour-market needs through periodic assessments"),
        N_("Facilitate the portability of social security benefits"),
        N_("Facilitate the recognition of skills and qualifications acquired abroad"),
        N_("Facilitate or promote the flow of remittances"),
        N_("Promote fair and ethical recruitment of migrant workers"),
    ),
    "PD_5": (
        N_("System for receiving, processing and identifying those forced to flee"),
        N_(
            "Contingency planning for displaced populations (food, sanitation, education, medical "
            "care)"
        ),
        N_("Assistance to citizens abroad in countries in crisis or post-crisis"),
        N_(
            "National disaster risk reduction strategy with provisions for the displacement "
            "impacts of disasters"
        ),
        N_(
            "Permission for temporary stay or protection for the forcibly displaced and those "
            "unable to return"
        ),
    ),
    "PD_6": (
        N_("System to monitor visa overstays"),
        N_("Pre-arrival authorization controls"),
        N_("Provisions for unaccompanied or separated children"),
        N_("Migration information and awareness-raising campaigns"),
        N_("Formal strategies to address trafficking in persons and migrant smuggling"),
    ),
}
SUB_CATEGORY_TEXTS: dict[str, str] = {
    f"{d}_{s}": text for d, texts in _SUBS.items() for s, text in zip("ABCDE", texts, strict=True)
}
assert tuple(DOMAIN_NAMES) == POLICY_DOMAINS and tuple(SUB_CATEGORY_TEXTS) == SUB_CATEGORIES

COHERENCE_LEVEL_NAMES: dict[str, str] = {
    "INTRA_GOV": N_("Intra-governmental"),
    "INTER_GOV": N_("Inter-governmental"),
    "MULTILAT": N_("Multilateral"),
    "MULTI_STAKE": N_("Multi-stakeholder"),
}
assert tuple(COHERENCE_LEVEL_NAMES) == COHERENCE_LEVELS
# indicators.md §2, "Item (question to government)" column, as a question.
GFMD_QUESTIONS: dict[str, str] = {
    "P.COH.01": N_("Does a unit or office coordinating migration and development exist?"),
    "P.COH.02": N_(
        "Are migration and development focal points designated in the relevant ministries?"
    ),
    "P.COH.03": N_(
        "Are there formal consultations between migration and development policy makers "
        "(minutes or terms of reference exist)?"
    ),
    "P.COH.04": N_("Is the migration-development nexus recognised in an official policy document?"),
    "P.COH.05": N_(
        "Is migration integrated in the national development plan / PRSP (explicit "
        "objectives or actions)?"
    ),
    "P.COH.06": N_("Is a GFMD national focal point designated?"),
    "P.COH.07": N_("Are bilateral labour or migration agreements in force (and how many)?"),
    "P.COH.08": N_(
        "Is there a regional mobility agreement, or participation in a regional "
        "consultative process?"
    ),
    "P.COH.09": N_("Is there a return and readmission or reintegration programme or agreement?"),
    "P.COH.10": N_(
        "Is there a formal mechanism to consult civil society, the private sector and the diaspora?"
    ),
    "P.DIA.01": N_("Does a diaspora engagement institution or policy exist?"),
    "P.REM.01": N_(
        "Does the Government take measures to facilitate or promote remittance flows "
        "(cost transparency, price-comparison database, competition or regulatory reform)?"
    ),
    "P.REM.02": N_(
        "Does a financial-literacy programme for migrants or remittance recipients exist?"
    ),
    "P.DAT.01": N_(
        "Does the latest census include country of birth, citizenship and year or period "
        "of arrival (count of these core items, 0-3), and an emigrant (absent household member) "
        "module?"
    ),
    "P.DAT.02": N_("Does a migration data mechanism inform policy?"),
}
assert tuple(GFMD_QUESTIONS) == tuple(GFMD_ITEMS)
# Theme of the GFMD items without a coherence level (indicators.md §7 themes).
_GFMD_THEMES = {"P.REM": N_("Remittances"), "P.DAT": N_("Data and research")}


def domain_label(domain: str, lang: str = "en") -> str:
    """'Domain 3: Cooperation and partnerships' ('Overall' for _T), in `lang`."""
    _ = translator(lang)
    if domain == "_T":
        return _("Overall 10.7.2 score")
    return _("Domain {number}: {name}").format(number=domain[3:], name=_(DOMAIN_NAMES[domain]))


def group_of(code: str, lang: str = "en") -> str:
    """The domain (10.7.2) or coherence level / theme (GFMD) a coded item belongs to."""
    _ = translator(lang)
    if code in SUB_CATEGORY_TEXTS:
        return domain_label(code[:4], lang)
    if code in GFMD_ITEMS:
        level = GFMD_ITEMS[code]
        if level is not None:
            return _("{level} coherence").format(level=_(COHERENCE_LEVEL_NAMES[level]))
        return _(_GFMD_THEMES[code[:5]])
    return ""


def question_text(code: str, lang: str = "en") -> str:
    """The question of a coded item: GFMD item, 10.7.2 sub-category ('(b) …'), or the code."""
    _ = translator(lang)
    if code in GFMD_QUESTIONS:
        return _(GFMD_QUESTIONS[code])
    if code in SUB_CATEGORY_TEXTS:
        return f"({code[-1].lower()}) {_(SUB_CATEGORY_TEXTS[code])}"
    if code in DOMAIN_QUESTIONS:
        return _(DOMAIN_QUESTIONS[code])
    return code


def question_rows(template: str, lang: str = "en") -> list[tuple[str, str, str]]:
    """(code, domain or level, question) of every coded item of a survey template, in order."""
    if template == "inquiry_1072":
        return [(s, group_of(s, lang), question_text(s, lang)) for s in SUB_CATEGORIES]
    if template == "gfmd_coherence":
        return [(i, group_of(i, lang), question_text(i, lang)) for i in GFMD_ITEMS]
    return []

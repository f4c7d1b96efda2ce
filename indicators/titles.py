"""Indicator, target and goal names as catalog messages, so every language shows the UN's own words.

The SDG titles are the UN's published English text; their French and Spanish translations in
core/i18n/locales are the UN's, taken from Open SDG's sdg-translations repository
(github.com/open-sdg/sdg-translations, translations/{fr,es}/global_indicators.yml,
global_targets.yml, global_goals.yml; the text of the official UN lists). The registry's other
names are this project's own and translated as ordinary messages. `tests/indicators` checks that
every name in indicators/specs is listed here, so a renamed indicator cannot lose its translation.
"""

from __future__ import annotations

from core.i18n import N_, translator

SDG_INDICATOR_TITLES: dict[str, str] = {
    # TRANSLATORS: official UN title of SDG indicator 10.7.1 (sdg-translations 10-7-1-title)
    "10.7.1": N_(
        "Recruitment cost borne by employee as a proportion of monthly income earned in "
        "country of destination"
    ),
    # TRANSLATORS: official UN title of SDG indicator 10.7.2 (sdg-translations 10-7-2-title)
    "10.7.2": N_(
        "Number of countries with migration policies that facilitate orderly, safe, regular "
        "and responsible migration and mobility of people"
    ),
    # TRANSLATORS: official UN title of SDG indicator 10.7.3 (sdg-translations 10-7-3-title)
    "10.7.3": N_(
        "Number of people who died or disappeared in the process of migration towards an "
        "international destination"
    ),
    # TRANSLATORS: official UN title of SDG indicator 10.7.4 (sdg-translations 10-7-4-title)
    "10.7.4": N_("Proportion of the population who are refugees, by country of origin"),
    # TRANSLATORS: official UN title of SDG indicator 10.c.1 (sdg-translations 10-c-1-title)
    "10.c.1": N_("Remittance costs as a proportion of the amount remitted"),
    # TRANSLATORS: official UN title of SDG indicator 17.3.2 (sdg-translations 17-3-2-title)
    "17.3.2": N_("Volume of remittances (in United States dollars) as a proportion of total GDP"),
}
SDG_TARGET_TITLES: dict[str, str] = {
    # TRANSLATORS: official UN title of SDG goal 10 (sdg-translations global_goals 10-title)
    "10": N_("Reduce inequality within and among countries"),
    # TRANSLATORS: official UN text of SDG target 10.7 (sdg-translations 10-7-title)
    "10.7": N_(
        "Facilitate orderly, safe, regular and responsible migration and mobility of people, "
        "including through the implementation of planned and well-managed migration policies"
    ),
    # TRANSLATORS: official UN text of SDG target 10.c (sdg-translations 10-c-title)
    "10.c": N_(
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances "
        "and eliminate remittance corridors with costs higher than 5 per cent"
    ),
}
# The registry's names that are not UN titles (indicators/specs/*.py `name`).
PROJECT_NAMES: tuple[str, ...] = (
    # TRANSLATORS: the platform's 10.7.2 measure: the UN title's wording, as a proportion
    N_(
        "Proportion of countries with migration policies that facilitate orderly, safe, "
        "regular and responsible migration and mobility of people"
    ),
    N_("International migrant stock (number and % of population)"),
    N_("Emigrant stock and emigration rate (derived)"),
    N_("Estimated savings to remitters from lower remittance costs (indicative)"),
    N_("Policy and institutional coherence on migration and development (GFMD survey)"),
    N_("International migrant stock from national census tabulations"),
)
KNOWN_NAMES: frozenset[str] = frozenset(
    (*SDG_INDICATOR_TITLES.values(), *SDG_TARGET_TITLES.values(), *PROJECT_NAMES)
)


def indicator_name(name: str, lang: str) -> str:
    """An indicator's registry name in `lang` (the UN's own title where there is one)."""
    return translator(lang).gettext(name)


def sdg_title(code: str, lang: str) -> str:
    """The official title of an SDG goal, target or indicator code in `lang` ('' if unknown)."""
    text = SDG_INDICATOR_TITLES.get(code) or SDG_TARGET_TITLES.get(code)
    return translator(lang).gettext(text) if text else ""

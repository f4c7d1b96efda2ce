"""Indicator names in every language: the UN's own French and Spanish titles."""

from __future__ import annotations

from indicators.registry import SPECS
from indicators.titles import KNOWN_NAMES, indicator_name, sdg_title


def test_every_registry_name_has_a_catalog_entry() -> None:
    assert {s.name for s in SPECS.values()} - KNOWN_NAMES == set()


def test_sdg_titles_are_the_un_translations() -> None:
    # open-sdg/sdg-translations, translations/{fr,es}/global_indicators.yml (10-c-1-title)
    assert (
        sdg_title("10.c.1", "fr") == "Coûts des envois de fonds en proportion du montant transféré"
    )
    assert sdg_title("10.c.1", "es") == "Costo de las remesas en proporción a las sumas remitidas"
    assert sdg_title("10.7.4", "fr") == (
        "Proportion de réfugiés dans la population, par pays d’origine"
    )
    assert sdg_title("10", "es") == "Reducir la desigualdad en los países y entre ellos"
    assert sdg_title("10.7.2", "fr").endswith("régulière et responsable")
    # UNSD's Spanish text of the 2020 review (it keeps "han aplicado ... bien gestionadas")
    assert sdg_title("10.7.2", "es") == (
        "Número de países que han aplicado políticas migratorias bien gestionadas que facilitan "
        "la migración y la movilidad ordenadas, seguras, regulares y responsables de las personas"
    )
    assert indicator_name(SPECS["17.3.2"].name, "es") == (
        "Volumen de remesas (en dólares de los Estados Unidos) en proporción al PIB total"
    )

"""Names of codes, statuses, units, levels and origins in French and Spanish (issue 12).

The functions of indicators/names.py, indicators/origin.py, indicators/registry_meta.py and
the progress styles give their text in the language in use (`use_language`) or the one passed;
English is the source text and stays as it was; codes are never translated.
"""

from __future__ import annotations

import pytest

from core.i18n import use_language
from indicators.names import SERIES_NAMES, column_name, series_name, value_name
from indicators.origin import label, origin_note, origin_text
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.styles import RAG_STYLE, STATUS_STYLE, status_badge, unit_text
from indicators.registry_meta import METHOD_TEXT, group_name

# Open SDG's own words (github.com/open-sdg/sdg-translations translations/{fr,es}/status.yml);
# Spanish "Meta alcanzada" and "No disponible" follow the UN's SDG vocabulary (model.py says why).
STATUS_WORDS = {
    "fr": {
        Status.TARGET_ACHIEVED: "Cible atteinte",
        Status.SUBSTANTIAL: "Sur la bonne voie",
        Status.MODERATE: "Des progrès ont été réalisés, mais une accélération est nécessaire",
        Status.LIMITED: "Progrès limités",
        Status.DETERIORATION: "Détérioration",
        Status.NOT_AVAILABLE: "Non disponible",
        Status.TARGET_NOT_ACHIEVED: "Cible non atteinte",
        Status.CONTEXT: "Non évalué (contexte)",
    },
    "es": {
        Status.TARGET_ACHIEVED: "Meta alcanzada",
        Status.SUBSTANTIAL: "Bien encaminado",
        Status.MODERATE: "Se han hecho progresos, pero es necesario acelerar",
        Status.LIMITED: "Progreso limitado",
        Status.DETERIORATION: "Deterioro",
        Status.NOT_AVAILABLE: "No disponible",
        Status.TARGET_NOT_ACHIEVED: "Meta no alcanzada",
        Status.CONTEXT: "No evaluado (contexto)",
    },
}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_status_labels_and_badges_follow_the_language(lang: str) -> None:
    with use_language(lang):
        assert dict(STATUS_LABELS) == STATUS_WORDS[lang]
        assert status_badge(Status.SUBSTANTIAL) == "▲ " + STATUS_WORDS[lang][Status.SUBSTANTIAL]
        assert STATUS_STYLE[Status.DETERIORATION].label == STATUS_WORDS[lang][Status.DETERIORATION]
    # outside the block: English again, the source text
    assert STATUS_LABELS[Status.SUBSTANTIAL] == "On track"
    assert STATUS_LABELS.source(Status.SUBSTANTIAL) == "On track"
    assert RAG_STYLE["R"].label == "Red: off track"


def test_series_statistic_frequency_and_column_names() -> None:
    assert series_name("SI_RMT_COST_IB_ZS", "fr") == (
        "Coût moyen de l’envoi de 200 USD vers le pays (WDI)"
    )
    assert series_name("SM_POP_REFG_OR", "es") == (
        "Refugiados por cada 100.000 habitantes, por país de origen"
    )
    # the official UN title where the series is the SDG indicator (indicators/titles.py)
    assert series_name("SI_RMT_COST", "fr") == (
        "Coûts des envois de fonds en proportion du montant transféré"
    )
    # a headline series known only from its spec: its label, translated
    assert series_name("RCI_ALL", "fr") == "Coût du recrutement, moyenne en mois de revenus"
    assert value_name("statistic", "MEDIAN", "es") == "Mediana"
    assert value_name("freq", "Q", "fr") == "Trimestrielle"
    assert value_name("sex", "_T", "fr") == "Total"
    assert column_name("time_period", "es") == "Período"
    assert column_name("counterpart_area", "fr") == "Zone partenaire"
    with use_language("es"):  # None = the language in use
        assert series_name("SM_EMI_TOTL") == "Población de emigrantes"
    # English unchanged, codes untranslated, the export's dict stays English
    assert series_name("SM_EMI_TOTL") == "Emigrant stock" == SERIES_NAMES["SM_EMI_TOTL"]
    assert series_name("NOT_A_SERIES", "fr") == "NOT_A_SERIES"
    assert column_name("time_period") == "Period"


def test_units_levels_themes_methods_and_origins() -> None:
    with use_language("fr"):
        assert unit_text("PER_100000_POP") == "pour 100 000"
        assert unit_text("PT") == "%"
        assert group_name("policy coherence") == "Cohérence des politiques"
        assert group_name("outcome") == "Résultat"
        assert METHOD_TEXT["target"] == "Open SDG, méthode 2 (cible quantitative)"
        assert label("demo") == "DONNÉES DE DÉMONSTRATION (synthétiques, non officielles)"
        assert origin_text("custodian, derived") == (
            "Origine : officielle (organisme responsable) ; "
            "calculée (ici, à partir de données officielles)."
        )
    with use_language("es"):
        assert unit_text("RATIO_MONTHS") == "meses de ingresos"
        assert origin_note({"national"}) == "Origen: nacional (carga aprobada)."
        assert origin_note(set()) == "Origen: no indicado."
    # files for machines ask for English whatever the language in use
    with use_language("fr"):
        assert origin_note({"custodian"}, "en") == "Origin: official (custodian agency)."
    assert unit_text("PER_100000_POP") == "per 100,000"
    assert group_name("policy coherence") == "Policy coherence"


def test_generated_table_headers_have_words_in_every_language() -> None:
    # headers the Settings, Submissions, Upload, Remittance costs and Explorer tables show
    assert [column_name(c, "fr") for c in ("target_year", "old", "what it is", "firm")] == [
        "Année cible",
        "Ancienne valeur",
        "Nature",
        "Prestataire de services",
    ]
    assert [column_name(c, "es") for c in ("national", "changed", "sha256", "key")] == [
        "Valor nacional",
        "Columnas modificadas",
        "Suma de control SHA-256",
        "Parámetro",
    ]
    assert column_name("headline series", "en") == "Headline series"

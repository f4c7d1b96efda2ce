"""What the Chromium language run (test_language_browser.py) found in English, checked with AppTest:
Help's indicator table, the report's section picker, the survey names, Data quality's counts and
cross-check notes, in French and Spanish."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from core.i18n import translator, use_language
from indicators.crosscheck import CHECKS, Reason, run_checks
from indicators.titles import sdg_title
from tests.dashboard.test_page_languages import run_in


def test_help_names_indicators_levels_and_columns_in_french(dash_data: Path) -> None:
    at = run_in("fr", "help")
    assert not at.exception, at.exception
    table = at.get_by_key("block_help_indicators").dataframe[0]
    frame = table.value
    assert sdg_title("10.c.1", "fr") in set(frame["name"])  # the UN's French title
    assert "Remittance costs as a proportion of the amount remitted" not in set(frame["name"])
    assert {"Processus", "Résultat", "Impact"} <= set(frame["level"])
    text = " ".join(m.value for m in at.markdown)
    assert "officielle (organisme responsable)" in text, text[:300]
    assert "official (custodian agency)" not in text


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_report_section_picker_names_sections_in_the_language(lang: str, dash_data: Path) -> None:
    at = run_in(lang, "report")
    assert not at.exception, at.exception
    picker = at.multiselect(key="report_sections")
    t = translator(lang)
    assert t.gettext("Legal migration channels") in picker.options
    assert "Legal migration channels" not in picker.options
    english = "no published figure or approved survey answer"
    assert not any(english in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_survey_rounds_names_the_surveys_in_the_language(lang: str, dash_data: Path) -> None:
    at = run_in(lang, "rounds")
    assert not at.exception, at.exception
    options = at.radio(key="rounds_template").options
    t = translator(lang)
    assert t.gettext("GFMD policy-coherence survey") in options
    assert "GFMD policy-coherence survey" not in options


def test_data_quality_counts_agree_and_skipped_checks_are_french(dash_data: Path) -> None:
    at = run_in("fr", "data-quality")
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "problème(s)" not in captions
    assert "lors de la dernière exécution" in captions
    infos = " ".join(i.value for i in at.info)
    assert "Certains contrôles croisés n'ont pas pu être effectués" in infos
    assert "against World Bank WDI" not in infos and "is not published" not in infos


@pytest.mark.parametrize(("lang", "published"), [("fr", "publié"), ("es", "publicado")])
def test_data_quality_tables_say_outcomes_and_severities_in_words(
    lang: str, published: str, dash_data: Path
) -> None:
    """Found on a French screenshot: the last run's outcomes as codes ("no-input"), severities
    as "warning" and empty cells as the grid's English "None"."""
    at = run_in(lang, "data-quality")
    assert not at.exception, at.exception
    outcomes = at.get_by_key("block_outcomes").dataframe[0].value
    statuses = set(outcomes["status"])
    assert published in statuses, statuses
    assert not statuses & {"published", "unchanged", "no-input", "failed"}, statuses
    datasets = at.get_by_key("block_datasets").dataframe[0].value
    text_columns = [c for c in datasets.columns if datasets[c].dtype.kind not in "iufb"]
    assert text_columns, datasets.dtypes
    assert not datasets[text_columns].isna().any().any(), datasets  # "—", never None
    issues = at.get_by_key("block_issues").dataframe
    if issues:
        severities = set(issues[0].value["severity"])
        assert severities and not severities & {"error", "warning"}, severities


def test_plural_forms_follow_the_count() -> None:
    fr, es = translator("fr"), translator("es")
    assert fr.ngettext("{n} warning", "{n} warnings", 1).format(n=1) == "1 avertissement"
    assert fr.ngettext("{n} warning", "{n} warnings", 42).format(n=42) == "42 avertissements"
    assert es.ngettext("{n} error", "{n} errors", 0).format(n=0) == "0 errores"
    assert es.ngettext("{n} error", "{n} errors", 1).format(n=1) == "1 error"


def test_a_skip_reason_reads_english_and_translates() -> None:
    _table, skipped = run_checks(None)
    reason = skipped["refugee_rate"]
    assert reason == "the indicator table (indicators) is not published"  # logs, tests: English
    assert isinstance(reason, Reason)
    assert reason.in_language("es") == "la tabla de indicadores (indicators) no está publicada"
    kept = pickle.loads(pickle.dumps(reason))  # st.cache_data keeps it pickled
    assert kept == reason and kept.in_language("fr").startswith("la table des indicateurs")
    filled = Reason("the custodian dataset has no rows for this check ({code})", code="SM.POP.TOTL")
    with use_language("fr"):
        assert filled.in_language() == (
            "le jeu de données de l'organisme dépositaire n'a aucune ligne pour ce contrôle "
            "(SM.POP.TOTL)"
        )
    assert translator("fr").gettext(CHECKS["migrant_stock"].title).startswith("Nombre de migrants")


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_card_help_names_the_headline_and_why_in_the_language(lang: str, dash_data: Path) -> None:
    at = run_in(lang, "overview")
    assert not at.exception, at.exception
    card = at.get_by_key("card_10_c_1")
    t = translator(lang)
    label = t.gettext("Average cost of sending USD 200 to the country (RPW, this platform)")
    helps = [m.proto.help for m in card.metric if m.proto.help]
    assert helps, "the card's metric has no help text"
    assert helps[0].startswith(t.gettext("{series}: {reason}").format(series=label, reason="")), (
        helps[0]
    )
    assert "this platform" not in helps[0] and "order of preference" not in helps[0]

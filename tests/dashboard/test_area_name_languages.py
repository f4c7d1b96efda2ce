"""Country names follow the language (issue "English, French and Spanish everywhere", item 2):
the Overview in French and Spanish heads the results framework with the country's CLDR name, and
its country picker shows the local names, ordered by them, while its values stay ISO3 codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.areas import collation_key, local_label
from core.i18n import translator
from dashboard.report.cards import country_label
from tests.dashboard.test_page_languages import PAGES, run_in

KENYA = {"fr": "Kenya (KEN)", "es": "Kenia (KEN)"}


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_overview_names_countries_in_the_language(lang: str, dash_data: Path) -> None:
    at = run_in(lang, "overview")
    assert not at.exception, at.exception
    title = translator(lang).gettext("Results framework: {country}")
    assert title.format(country=KENYA[lang]) in [h.value for h in at.header]

    picker = at.sidebar.selectbox(key="country")
    assert picker.value == "KEN"  # the value is the code; only the label is translated
    labels = picker.options  # as the browser shows them
    assert KENYA[lang] in labels and local_label("DEU", lang) in labels
    assert len(labels) > 3 and labels == sorted(labels, key=collation_key)  # by the local name
    # Bound to the run's language: Streamlit (and AppTest) format values after the run too.
    assert picker.format_func("DEU") == local_label("DEU", lang)
    assert picker.format_func("KEN") == KENYA[lang]

    # Another country, chosen by its code: its local name heads the page.
    other = next(c for c in ("UGA", "DEU", "PHL", "MEX") if local_label(c, lang) in labels)
    at = picker.set_value(other).run()
    assert not at.exception, at.exception
    assert title.format(country=local_label(other, lang)) in [h.value for h in at.header]
    at = at.switch_page(PAGES["help"]).run()  # leaving the page formats the picker again
    assert not at.exception, at.exception


def test_english_keeps_the_english_names(dash_data: Path) -> None:
    at = run_in("en", "overview")
    assert "Results framework: Kenya (KEN)" in [h.value for h in at.header]
    assert "Kenya (KEN)" in at.sidebar.selectbox(key="country").options


def test_the_chosen_country_stays_when_the_language_changes(dash_data: Path) -> None:
    at = run_in("en", "overview")
    at = at.sidebar.selectbox(key="country").set_value("ZWE").run()
    assert "Results framework: Zimbabwe (ZWE)" in [h.value for h in at.header]
    at = next(w for w in at.sidebar.selectbox if w.key == "language").set_value("es").run()
    assert not at.exception, at.exception
    picker = at.sidebar.selectbox(key="country")
    assert picker.value == "ZWE" and "Zimbabue (ZWE)" in picker.options  # re-sorted, same pick
    heading = translator("es").gettext("Results framework: {country}")
    assert heading.format(country="Zimbabue (ZWE)") in [h.value for h in at.header]


def test_the_report_names_areas_in_its_language() -> None:
    assert [country_label("KEN", lang) for lang in ("en", "fr", "es")] == [
        "Kenya (KEN)",
        "Kenya (KEN)",
        "Kenia (KEN)",
    ]
    assert country_label("WLD", "fr") == "Monde (WLD)"
    assert country_label("CIV", "es") == "Côte d’Ivoire (CIV)"

"""core/i18n: catalogs per language without global state, CLDR formats, language negotiation."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from core.areas import local_name
from core.i18n import (
    current_language,
    from_accept_language,
    normalise,
    translator,
    use_language,
)


@pytest.mark.parametrize(
    ("lang", "number", "percent", "day", "sig"),
    [
        ("en", "1,234,567.89", "6.2%", "December 4, 2026", "71.67"),
        ("fr", "1\u202f234\u202f567,89", "6,2\u00a0%", "4 décembre 2026", "71,67"),
        ("es", "1.234.567,89", "6,2\u00a0%", "4 de diciembre de 2026", "71,67"),
    ],
)
def test_numbers_percentages_and_dates_follow_the_language(
    lang: str, number: str, percent: str, day: str, sig: str
) -> None:
    t = translator(lang)
    assert t.number(1234567.891, 2) == number
    assert t.percent(6.234) == percent
    assert t.date(date(2026, 12, 4)) == day
    assert t.sig(71.66667) == sig


def test_country_names_come_from_cldr_per_language() -> None:
    # one country-name path: core.areas.local_name (the Translator has no second one)
    assert [local_name("DEU", lang) for lang in ("en", "fr", "es")] == [
        "Germany",
        "Allemagne",
        "Alemania",
    ]
    assert local_name("KEN", "es") == "Kenia"
    assert local_name("XYZ", "fr") == "XYZ"  # not a country: the code, not a guess
    assert not hasattr(translator("fr"), "country")


def test_messages_and_contexts() -> None:
    assert translator("fr")("Indicators") == "Indicateurs"
    assert translator("es")("Indicators") == "Indicadores"
    assert translator("en")("Indicators") == "Indicators"
    # the same English word, two meanings: a column header and an answer word
    assert translator("fr").pgettext("column header", "answer") == "reponse"
    assert translator("fr").pgettext("answer word", "yes") == "oui"
    assert translator("de")("Indicators") == "Indicators"  # unsupported: English


def test_language_tags_and_browser_preferences() -> None:
    assert normalise("fr-SN") == "fr" and normalise("ES_419") == "es" and normalise("de") == "en"
    assert from_accept_language("fr-CA,fr;q=0.9,en;q=0.8") == "fr"
    assert from_accept_language("de-DE,de;q=0.9,es;q=0.5,en;q=0.4") == "es"
    assert from_accept_language("en;q=0.2,fr;q=0.7") == "fr"
    assert from_accept_language("de-DE") is None and from_accept_language(None) is None


def test_the_language_in_use_is_per_context_not_global() -> None:
    seen: dict[str, str] = {}
    ready = threading.Barrier(2)

    def session(lang: str) -> None:
        with use_language(lang):
            ready.wait()  # both sessions are inside their block at the same time
            seen[lang] = translator()("Indicators")

    threads = [threading.Thread(target=session, args=(lang,)) for lang in ("fr", "es")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == {"fr": "Indicateurs", "es": "Indicadores"}
    assert current_language() == "en"

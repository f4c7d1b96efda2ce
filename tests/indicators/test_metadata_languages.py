"""The registry's metadata texts in French and Spanish (issue "English, French and Spanish
everywhere"): every definition, computation, source and caveat of indicators/specs, the series
breaks and the awaiting-data sentence have a translation, and the accessors give it.

A text the catalogs do not translate comes back as the English (gettext's fallback), so
"translated" here means: not the English, and the English sentence is not inside it.
"""

from __future__ import annotations

import pytest

from core.i18n import translator, use_language
from core.templates import TEMPLATES
from indicators.registry_meta import METADATA_HEADINGS, MetadataField, entries, entry

LANGS = ("fr", "es")
FIELDS: tuple[MetadataField, ...] = ("definition", "computation", "source", "caveat")


@pytest.mark.parametrize("lang", LANGS)
def test_every_registry_text_has_its_translation(lang: str) -> None:
    missing = [
        f"{e.code} {field}"
        for e in entries()
        for field in FIELDS
        if e.text(field, lang) == e.text(field, "en")
    ]
    assert missing == [], missing
    t = translator(lang)
    breaks = [what for e in entries() for _period, what in e.meta.breaks]
    assert breaks and all(t.gettext(what) != what for what in breaks)


@pytest.mark.parametrize("lang", LANGS)
def test_metadata_text_is_headed_and_written_in_the_language(lang: str) -> None:
    ent = entry("10.7.4")
    shown = ent.metadata_text(lang)
    t = translator(lang)
    assert list(shown) == [t.gettext(METADATA_HEADINGS.source(f)) for f in FIELDS]
    assert list(shown.values()) == [ent.text(f, lang) for f in FIELDS]
    assert ent.spec.definition not in shown.values()
    with use_language(lang):  # None: the language in use
        assert ent.metadata_text() == shown


def test_the_french_and_spanish_texts_use_the_un_wording() -> None:
    ent = entry("10.c.1")
    # the target's official text (sdg-translations global_targets.yml 10-c-title)
    assert "D’ici à 2030, faire baisser au-dessous de 3 pour cent" in ent.text("definition", "fr")
    assert "De aquí a 2030, reducir a menos del 3%" in ent.text("definition", "es")
    assert "Banque mondiale" in ent.text("source", "fr")
    assert "Banco Mundial" in ent.text("source", "es")
    assert "Projet Migrants disparus de l’OIM" in entry("10.7.3").text("source", "fr")
    assert "Proyecto Migrantes Desaparecidos de la OIM" in entry("10.7.3").text("source", "es")


@pytest.mark.parametrize("lang", LANGS)
def test_awaiting_text_names_the_template_in_the_language(lang: str) -> None:
    t = translator(lang)
    assert entry("10.c.1").awaiting_text(lang) is None
    for e in entries():
        if e.meta.awaiting is None:
            continue
        text = e.awaiting_text(lang)
        title = TEMPLATES[e.meta.awaiting].title
        assert text and t.gettext(title) in text and title not in text, e.code
        assert "awaiting data" not in text
    assert entry("10.7.2").awaiting_text("en") == (
        "awaiting data: computed once an approver accepts a national submission of the "
        f"template '{TEMPLATES['inquiry_1072'].title}' (Upload page)"
    )

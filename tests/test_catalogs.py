"""The message catalogs match the code: every marked message is in each catalog, no catalog keeps
a message the code no longer uses, every message is translated (the 10.7.2 texts with their
provenance), and a translation keeps the message's {placeholders}."""

from __future__ import annotations

import re
from string import Formatter

import pytest
from babel.messages.catalog import Message

from core.config import PROJECT_ROOT
from core.i18n import LANGUAGES
from core.i18n.catalogs import SOURCE_DIRS, extract, keys, load
from core.questions import DOMAIN_NAMES, DOMAIN_QUESTIONS, SUB_CATEGORY_TEXTS
from indicators.titles import SDG_INDICATOR_TITLES

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
# The 10.7.2 Inquiry Module III texts and the 10.7.2 title: each translation says where it comes
# from, a published source ("Source: ...") or a working translation until the UN's is found.
INQUIRY_TEXTS = {*DOMAIN_NAMES.values(), *DOMAIN_QUESTIONS.values(), *SUB_CATEGORY_TEXTS.values()}
PROVENANCE = ("Source:", "Working translation")


@pytest.fixture(scope="module")
def code_keys() -> set[tuple[str, str | None]]:
    return keys(extract())


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_has_every_message_of_the_code_and_no_other(
    lang: str, code_keys: set[tuple[str, str | None]]
) -> None:
    catalog = keys(load(lang))
    missing, unused = sorted(code_keys - catalog, key=str), sorted(catalog - code_keys, key=str)
    hint = "run `python -m core.i18n update`, then translate the new entries"
    assert not missing, f"{lang}: messages not in the catalog ({hint}): {missing[:5]}"
    assert not unused, f"{lang}: catalog entries no code uses ({hint}): {unused[:5]}"


# A call the extractor cannot see: `translator(lang)("text")` or `t("text")`. Use `_("text")`
# (with `_ = translator(lang)`) or `translator(lang).gettext("text")` instead.
HIDDEN_CALL = re.compile(r"""(translator\([^()]*\)|\bt)\(\s*[rfbu]*["']""")


def test_no_message_is_hidden_from_the_extractor() -> None:
    hidden = []
    for folder in SOURCE_DIRS:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if HIDDEN_CALL.search(line):
                    hidden.append(f"{path.relative_to(PROJECT_ROOT)}:{n}: {line.strip()}")
    assert hidden == []


def _messages(lang: str) -> list[Message]:
    return [m for m in load(lang) if m.id]


def _complete(m: Message) -> bool:
    """Translated, every plural form too (French and Spanish have three in CLDR: one, many,
    other; an empty form would show the English for those counts)."""
    return bool(m.string) and (not isinstance(m.string, tuple) or all(m.string))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated(lang: str) -> None:
    untranslated = {str(m.id) for m in _messages(lang) if not _complete(m) or m.fuzzy}
    assert untranslated == set(), f"{lang}: untranslated or fuzzy messages"


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for m in _messages(lang):
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        for form in (f for f in forms if f):
            assert _fields(form) == _fields(english[-1]), (lang, m.id, m.string)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_inquiry_texts_say_where_their_translation_comes_from(lang: str) -> None:
    """Each 10.7.2 text names its source (UNSD, Statistics Canada) or says it is a working
    translation: the README lists which, and an officer can check them."""
    from core.i18n import translator

    by_id = {m.id: m for m in _messages(lang)}
    for text in {*INQUIRY_TEXTS, SDG_INDICATOR_TITLES["10.7.2"]}:
        comments = " ".join(by_id[text].user_comments)
        assert comments.startswith(PROVENANCE), (lang, text, comments)
        assert translator(lang)(text) not in ("", text), (lang, text)
    # Statistics Canada's French names of the domains, the UN's Spanish 10.7.2 title
    assert translator("fr")(DOMAIN_NAMES["PD_1"]) == "Droits des migrants"
    assert translator("es")(SDG_INDICATOR_TITLES["10.7.2"]).startswith(
        "Número de países que han aplicado políticas migratorias bien gestionadas que facilitan"
    )

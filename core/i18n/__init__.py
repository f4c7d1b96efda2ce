"""English, French and Spanish: gettext catalogs and locale-aware formatting (no global state).

Messages are marked in code with `_("...")`, `pgettext("context", "...")`, `ngettext(...)` or, for
module-level constants translated later, `N_("...")`; `python -m core.i18n update` extracts them
into the .po catalogs under core/i18n/locales/. The .po files are the only source: they are
compiled in memory when a language is first used (Babel), so there is no build step and no
stale binary .mo file to forget. Callers pass the language explicitly (`translator(lang)`); a
`ContextVar` (`use_language`) carries it through code that cannot take a parameter, per request.
"""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.numbers import format_percent as _babel_percent

from core.config import Settings

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LANGUAGES: tuple[str, ...] = ("en", "fr", "es")  # English is the source language of the code
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES: frozenset[str] = frozenset({"ar", "fa", "he", "ur"})  # for a future Arabic

_current: ContextVar[str] = ContextVar("m_e_language", default=DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark a module-level string for extraction; translate it where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a module-level string with a context (pgettext) for extraction."""
    return message


def normalise(lang: str | None) -> str:
    """'fr-FR', 'FR', 'es_419' -> 'fr' / 'es'; anything unsupported -> the default language."""
    code = (lang or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def default_language() -> str:
    """The deployment's default language: M_E_LANGUAGE (en, fr or es), else English."""
    return normalise(Settings().language)


def add_lang_argument(
    parser: argparse.ArgumentParser, what: str = "the output", note: str = ""
) -> None:
    """A command's --lang option (en, fr or es; None: M_E_LANGUAGE, else English)."""
    text = f"language of {what}: en, fr or es (default: M_E_LANGUAGE, else en)"
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=None, help=f"{text}; {note}" if note else text
    )


def language_is_set() -> bool:
    """Whether the deployment chose a language (else the browser's language decides)."""
    return bool(os.environ.get("M_E_LANGUAGE", "").strip())


def from_accept_language(header: str | None) -> str | None:
    """The first supported language of an HTTP Accept-Language header (by q weight), or None."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = tag.strip().replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES and q > 0:
            ranked.append((-q, i, code))
    return min(ranked)[2] if ranked else None


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (English: the identity)."""
    po = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain="messages")
    buf = BytesIO()
    # Fuzzy entries (drafts awaiting an official text) are not shown: gettext's convention.
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@dataclass(frozen=True)
class Translator:
    """Messages and formats of one language; cheap to create, safe to share between threads."""

    lang: str

    @property
    def _t(self) -> gettext.NullTranslations:
        return _catalog(self.lang)

    @property
    def locale(self) -> Locale:
        """The Babel locale of the language."""
        return Locale.parse(self.lang)

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.lang in RTL_LANGUAGES

    def gettext(self, message: str) -> str:
        """The translation of a message (the message itself when there is none)."""
        return self._t.gettext(message) if message else message

    __call__ = gettext

    def pgettext(self, context: str, message: str) -> str:
        """The translation of a message in a context (for words with several meanings)."""
        return self._t.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural translation for a count."""
        return self._t.ngettext(singular, plural, n)

    def number(self, value: float | int, digits: int | None = None) -> str:
        """1,234.5 / 1 234,5 / 1234,5 - the language's separators; `digits` fixes decimals."""
        fmt = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.lang)

    def sig(self, value: float) -> str:
        """A value as the dashboard's cards show it: thousands grouping, up to 4 significant
        digits ('71.67', '71,67', '1 234')."""
        if abs(value) >= 1000:
            return self.number(value, 0)
        return format_decimal(value, format="@###", locale=self.lang)

    def percent(self, value: float, digits: int = 1) -> str:
        """A percentage given as 0-100 (the unit PT), e.g. '6.2%' / '6,2 %'."""
        pattern = self.locale.percent_formats[None].pattern  # keeps e.g. French '6,2 %' spacing
        fmt = pattern.replace("#,##0", "#,##0" + ("." + "0" * digits if digits else ""), 1)
        return _babel_percent(value / 100.0, format=fmt, locale=self.lang)

    def date(self, value: date | datetime, style: str = "long") -> str:
        """A date in the language: '4 December 2026' / '4 décembre 2026' / '4 de diciembre...'."""
        return _babel_date(value, format=style, locale=self.lang)


def translator(lang: str | None = None) -> Translator:
    """The Translator of a language (normalised; None = the one in use in this context)."""
    return _translator(normalise(lang) if lang is not None else _current.get())


@cache
def _translator(lang: str) -> Translator:
    return Translator(lang)


def current_language() -> str:
    """The language set for this request/session by `use_language` (default English)."""
    return _current.get()


def set_language(lang: str | None) -> None:
    """Set the language of the current context (a Streamlit script run, a CLI process)."""
    _current.set(normalise(lang))


@contextmanager
def use_language(lang: str | None) -> Iterator[Translator]:
    """Set the language for the code run inside the block (this thread/task only)."""
    token = _current.set(normalise(lang))
    try:
        yield translator(_current.get())
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """Translate a message into the language in use in this context."""
    return translator(_current.get()).gettext(message)


def pgettext(context: str, message: str) -> str:
    """Translate a message with a context into the language in use in this context."""
    return translator(_current.get()).pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural translation for a count, in the language in use in this context."""
    return translator(_current.get()).ngettext(singular, plural, n)

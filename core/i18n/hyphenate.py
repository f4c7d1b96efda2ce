"""Soft hyphens inside long words, by each language's hyphenation patterns (pyphen)."""

from __future__ import annotations

import re
from functools import cache

import pyphen

SOFT_HYPHEN = "\u00ad"  # invisible unless the line breaks there; then drawn as "-"
_LONG_WORD = re.compile(r"\w{8,}")


@cache
def _dictionary(lang: str) -> pyphen.Pyphen | None:
    tag = pyphen.language_fallback(lang)
    # At least three letters on each side: "éva-lué" reads worse than no break at all.
    return pyphen.Pyphen(lang=tag, left=3, right=3) if tag else None


def hyphenate(text: str, lang: str) -> str:
    """`text` with soft hyphens where `lang` allows a break inside its words of 8+ letters.

    A narrow table column then breaks "dispo-nible" with a hyphen where the language allows,
    instead of at any letter ("disponibl / e") or pushing the table wider than a phone."""
    dictionary = _dictionary(lang)
    if dictionary is None:
        return text
    return _LONG_WORD.sub(lambda m: dictionary.inserted(m.group(), hyphen=SOFT_HYPHEN), text)

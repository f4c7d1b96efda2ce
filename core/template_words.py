"""The words of an upload file in English, French and Spanish: column headers and answer words.

Codes (ISO3, PD_3_B, P.COH.05, F/M, _T) are the same in every language; the header of a column
and the answer words (yes/oui/sí ...) are not. A template downloaded in French carries French
headers and answer words; the reader accepts a file in any of the three languages and turns it
back into the canonical names the checks, the store and the computations use.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from core.i18n import LANGUAGES, NP_, translator
from core.templates import INDICATOR_LONG, Template

HEADER = "column header"
ANSWER = "answer word"
# Columns of the survey templates with a header per language. The generic long format keeps its
# SDMX concept ids (indicator_code, obs_status, ...) in every language: they are codes.
_HEADERS = (
    NP_("column header", "template_version"),
    NP_("column header", "ref_area"),
    NP_("column header", "time_period"),
    NP_("column header", "policy_domain"),
    NP_("column header", "sub_category"),
    NP_("column header", "answer"),
    NP_("column header", "value"),
    NP_("column header", "answer_text"),
    NP_("column header", "respondent_institution"),
    NP_("column header", "source"),
    NP_("column header", "submitted_by"),
    NP_("column header", "submitted_on"),
    NP_("column header", "item_code"),
    NP_("column header", "count"),
    NP_("column header", "worker_id"),
    NP_("column header", "cost_paid"),
    NP_("column header", "cost_currency"),
    NP_("column header", "usd_per_cost_currency"),
    NP_("column header", "monthly_earnings"),
    NP_("column header", "earnings_currency"),
    NP_("column header", "usd_per_earnings_currency"),
    NP_("column header", "month_paid"),
    NP_("column header", "earnings_reference"),
    NP_("column header", "sex"),
    NP_("column header", "age"),
    NP_("column header", "destination"),
    NP_("column header", "occupation"),
    NP_("column header", "survey_weight"),
    NP_("column header", "basis"),
    NP_("column header", "counterpart_area"),
)
# Answer codes of the 10.7.2 Inquiry and the GFMD survey (core/templates.py score tables).
_ANSWERS = (
    NP_("answer word", "yes"),
    NP_("answer word", "no"),
    NP_("answer word", "yes_all"),
    NP_("answer word", "yes_legal_only"),
    NP_("answer word", "partial"),
    NP_("answer word", "draft"),
)
ANSWER_COLUMNS: tuple[str, ...] = ("answer",)


def fold(text: str) -> str:
    """Lower case, accents and surrounding spaces removed: 'Sí ' -> 'si', 'Période' -> 'periode'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace(" ", "_")


def header(tpl: Template, column: str, lang: str) -> str:
    """The header a template downloaded in `lang` gives a column."""
    if tpl.name == INDICATOR_LONG.name or column not in _HEADERS:
        return column
    return translator(lang).pgettext(HEADER, column)


def answer_word(code: str, lang: str) -> str:
    """The word for an answer code in `lang` (the code itself for English)."""
    return translator(lang).pgettext(ANSWER, code) if code in _ANSWERS else code


@cache
def header_aliases() -> dict[str, str]:
    """Folded header in any language -> canonical column name."""
    return _aliases(_HEADERS, HEADER)


@cache
def answer_aliases() -> dict[str, str]:
    """Folded answer word in any language -> answer code."""
    return _aliases(_ANSWERS, ANSWER)


def _aliases(names: tuple[str, ...], context: str) -> dict[str, str]:
    """Every language's word for each name; a word meaning two names in two languages fails."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        for name in names:
            word = fold(translator(lang).pgettext(context, name))
            if out.setdefault(word, name) != name:
                raise ValueError(f"{context} {word!r} means both {out[word]!r} and {name!r}")
    return out


def canonical_header(name: str) -> str:
    """The canonical column name of a header written in any of the languages (else unchanged)."""
    return header_aliases().get(fold(name), name)


_SHEETS = (
    NP_("sheet name", "data"),
    NP_("sheet name", "codes"),
    NP_("sheet name", "instructions"),
)


def sheet_name(sheet: str, lang: str) -> str:
    """The name of a template workbook's sheet in `lang` ('data' -> 'données' / 'datos')."""
    return translator(lang).pgettext("sheet name", sheet) if sheet in _SHEETS else sheet


@cache
def data_sheet_names() -> frozenset[str]:
    """The data sheet's name in every language (the reader picks that sheet)."""
    return frozenset(translator(lang).pgettext("sheet name", "data") for lang in LANGUAGES)

"""Upload messages of the survey rules, the record-level rules, the reader, the size limits and
the Open SDG converter in French and Spanish: each issue is in the officer's language, still
names the file, row, column and value, and no English sentence is left in it (a message not
wrapped in _() fails here)."""

from __future__ import annotations

import dataclasses
import io
import re
from functools import cache

import openpyxl
import pytest

from core.errors import UploadError, ValidationIssue
from core.i18n import translator
from core.i18n.catalogs import extract
from core.template_words import header
from core.templates import TEMPLATES
from etl.uploads.checks import check_upload
from etl.uploads.limits import UploadLimits
from etl.uploads.open_sdg.convert import convert_open_sdg
from etl.uploads.read import detect_template, read_upload
from tests.conftest import require_shared
from tests.etl.uploads.helpers import csv_bytes
from tests.etl.uploads.test_open_sdg import ACCEPTED, REJECTED

LANGS = ("fr", "es")
WHERE = {"fr": "ligne {row}, colonne « {column} »", "es": "fila {row}, columna «{column}»"}
# Words of the English messages that French and Spanish never use (codes are quoted or contain
# underscores, so they do not match: obs_status, M_E_MAX_UPLOAD_ROWS). "Use" is Spanish too.
ENGLISH = re.compile(
    r"\b(the|is|not|must|and|of|with|above|than|into|Check|Write|Correct|Delete|Fill|Split|"
    r"Confirm|Shorten|Open|rows?|columns?|file|sheet|cells|limit|has|holds|reaches|spans|"
    r"needs?|outside|allowed|blank|empty|more)\b"
)
_QUOTED = re.compile(r"'[^']*'|«[^»]*»|`[^`]*`|\"[^\"]*\"")


def english_left(message: str) -> list[str]:
    """English words left in a translated message (quoted values, names and commands aside)."""
    return ENGLISH.findall(_QUOTED.sub(" ", message))


def _issues(
    name: str, rows: list[dict[str, str]], lang: str, base: int = 0
) -> list[ValidationIssue]:
    data = csv_bytes(name, rows, base=base)
    _, issues = check_upload(name, read_upload(data, f"{name}.csv", max_bytes=10**7), lang)
    return issues


# (template, example row used as base, rows, rules this module translates that must fire)
LONG_ROWS = [
    {"indicator_code": "9.9.9", "time_period": "2020-Q1"},
    {"value": "150", "time_period": "2020-Q2"},
    {"age": "adult", "education_lev": "ISCED 3", "time_period": "2020-Q3"},
    {"value": "", "time_period": "2020-Q4"},
    {"unit_measure": "BINARY", "value": "0.7", "time_period": "2021-Q1"},
    {"unit_measure": "NUMBER", "time_period": "2021-Q2"},
]
RCI_ROWS = [
    {"worker_id": "W1", "cost_currency": "XXZ", "cost_paid": "-5"},
    {"worker_id": "W2", "age": "7", "month_paid": "2021/03", "occupation": "12"},
    {"worker_id": "W3", "usd_per_earnings_currency": "", "monthly_earnings": "0"},
    {"worker_id": "W4", "survey_weight": "0", "usd_per_cost_currency": "-1"},
    {"worker_id": "W5", "monthly_earnings": "900000"},
    *({"worker_id": f"W{i}"} for i in range(6, 10)),
]
CENSUS_ROWS = [{"value": "-3"}, {"counterpart_area": "TZA", "age": "adult"}]
CASES = [
    (
        "indicator_long",
        1,
        LONG_ROWS,
        {"unknown_indicator", "unit_range", "age_code", "code_format", "value_missing"},
    ),
    (
        "rci_1071_microdata",
        0,
        RCI_ROWS,
        {"currency", "cost_negative", "age_range", "month", "isco", "usd_rate_missing"}
        | {"monthly_earnings_positive", "survey_weight_positive", "usd_rate", "earnings_outlier"},
    ),
    ("census_tabulation", 0, CENSUS_ROWS, {"persons", "age_code"}),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "base", "rows", "rules"), CASES, ids=[c[0] for c in CASES])
def test_rule_messages_are_in_the_officers_language(
    name: str, base: int, rows: list[dict[str, str]], rules: set[str], lang: str
) -> None:
    english = _issues(name, rows, "en", base)
    issues = _issues(name, rows, lang, base)
    assert rules <= {i.rule for i in issues}, {i.rule for i in issues}
    assert [(i.rule, i.row, i.column) for i in issues] == [
        (i.rule, i.row, i.column) for i in english
    ]  # the same issues, only the words differ
    tpl = TEMPLATES[name]
    for issue, en in zip(issues, english, strict=True):
        msg = issue.message
        assert msg != en.message, msg
        assert "''" not in msg and "''" not in en.message, msg  # a value quoted once
        assert english_left(msg) == [], (msg, english_left(msg))
        assert msg.startswith(f"{name}.csv ")  # the file
        if issue.row is not None and issue.column is not None:
            where = WHERE[lang].format(row=issue.row, column=header(tpl, issue.column, lang))
            assert where in msg, msg
        if issue.value is not None and issue.rule not in {"mixed_units", "earnings_outlier"}:
            assert issue.value in msg, msg  # the value as written (or as read)


def test_french_and_spanish_rule_messages_word_for_word() -> None:
    fr = {i.rule: i.message for i in _issues("rci_1071_microdata", RCI_ROWS, "fr")}
    es = {i.rule: i.message for i in _issues("rci_1071_microdata", RCI_ROWS, "es")}
    tpl = TEMPLATES["rci_1071_microdata"]
    cost_fr, cost_es = header(tpl, "cost_paid", "fr"), header(tpl, "cost_paid", "es")
    assert fr["cost_negative"] == (
        f"rci_1071_microdata.csv ligne 2, colonne « {cost_fr} » : -5.0 est négatif. Les coûts "
        "sont >= 0 (0 si rien n'a été payé)"
    )
    assert es["cost_negative"] == (
        f"rci_1071_microdata.csv fila 2, columna «{cost_es}»: -5.0 es negativo. Los costos son "
        ">= 0 (0 si no se pagó nada)"
    )
    assert "n'est pas un mois. Écrivez AAAA-MM (par exemple 2021-03)" in fr["month"]
    assert "no es un gran grupo de la CIUO-08. Use un dígito de 0 a 9" in es["isco"]
    # the outlier names amounts in the language's number format: 1 234 / 1.234
    assert re.search(r"revenu mensuel de \d{1,3}(\s\d{3})+ USD", fr["earnings_outlier"])
    assert re.search(r"ingresos mensuales de \d{1,3}(\.\d{3})+ USD", es["earnings_outlier"])
    long_fr = [i.message for i in _issues("indicator_long", LONG_ROWS, "fr", 1)]
    assert any("150.0 est hors de la plage de l'unité PT : la valeur doit être au moins 0 et au "
               "plus 100" in m for m in long_fr)  # fmt: skip
    assert any("mélange des unités : " in m and "PT à la ou aux lignes" in m for m in long_fr)


def _read_error(data: bytes, name: str, lang: str, **limits: int) -> UploadError:
    base = UploadLimits.from_settings(max_bytes=10**6)
    bounds = dataclasses.replace(base, **limits) if limits else base
    with pytest.raises(UploadError) as exc:
        read_upload(data, name, max_bytes=bounds.max_bytes, limits=bounds, lang=lang)
    return exc.value


def _xlsx(rows: int, cols: int) -> bytes:
    wb = openpyxl.Workbook()
    for r in range(1, rows + 1):
        wb.active.append([f"c{c}" if r == 1 else str(r) for c in range(cols)])  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# (file, name, limits, rule, French words, Spanish words)
READ_CASES = [
    (b"", "a.csv", {}, "empty", "le fichier est vide", "el archivo está vacío"),
    (b"a,b\n", "a.csv", {}, "empty", "aucune ligne de données", "ninguna fila de datos"),
    (b"a,a\n1,2\n", "a.csv", {}, "duplicate_column", "la colonne 2 répète", "la columna 2 repite"),
    (b"a,b\n1,2\n", "a.csv", {"max_bytes": 3}, "too_large", "au-delà de la limite", "por encima"),
    (
        b"a,b\n1,2\n3,4\n5,6\n",
        "a.csv",
        {"max_rows": 2},
        "too_many_rows",
        "plus de 2 lignes",
        "más de 2 filas",
    ),
    (
        b"a,b\n1,123456\n",
        "a.csv",
        {"max_cell_chars": 3},
        "cell_too_long",
        "ligne 2, colonne « b »",
        "fila 2, columna «b»",
    ),
    (
        b"a,b,c\n1,2,3\n",
        "a.csv",
        {"max_columns": 2},
        "too_many_columns",
        "plus de 2 colonnes",
        "más de 2 columnas",
    ),
    (
        _xlsx(5, 2),
        "a.xlsx",
        {"max_rows": 2},
        "too_many_rows",
        "va jusqu'à la ligne 5",
        "llega hasta la fila 5",
    ),
    (
        _xlsx(2, 2),
        "a.xlsx",
        {"max_unzipped_bytes": 100},
        "too_large_unzipped",
        "le classeur décompressé",
        "el libro descomprimido",
    ),
    (
        b"PK\x03\x04broken",
        "a.xlsx",
        {},
        "not_a_table",
        "ne peut pas être ouvert comme classeur",
        "no se puede abrir como libro",
    ),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("data", "name", "limits", "rule", "fr", "es"), READ_CASES, ids=[c[3] for c in READ_CASES]
)
def test_reader_and_limit_messages_are_in_the_officers_language(
    data: bytes, name: str, limits: dict[str, int], rule: str, fr: str, es: str, lang: str
) -> None:
    english = _read_error(data, name, "en", **limits)
    got = _read_error(data, name, lang, **limits)
    assert got.rule == english.rule == rule
    text = str(got)
    assert text.startswith(f"{name}: ") and text != str(english)
    assert (fr if lang == "fr" else es) in text, text
    # the workbook library's own error, quoted in parentheses, is a technical detail in English
    ours = re.sub(r"\(calamine.*?\)\.", ".", text, flags=re.S)
    assert english_left(ours) == [], (text, english_left(ours))


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_header_and_how_a_file_was_read(lang: str) -> None:
    with pytest.raises(UploadError) as exc:
        detect_template(["ref_area", "colour"], "x.csv", lang)
    text = str(exc.value)
    assert english_left(text) == [], text
    assert "colour" in text and ("aucun modèle" if lang == "fr" else "ninguna plantilla") in text
    table = read_upload(b"a;b\n1;2\n", "f.csv", max_bytes=1000, lang=lang)
    said = table.describe(lang)
    assert said == (
        "CSV, utf-8, séparé par des points-virgules"
        if lang == "fr"
        else "CSV, utf-8, separado por punto y coma"
    )
    assert translator(lang)("semicolon-separated") in said


# --- Open SDG national files: conversion notes and refusals ---------------------------------------
@cache
def _open_sdg_chunks(lang: str) -> list[str]:
    """English sentences of the Open SDG converter (split at {placeholders}, over 12 chars)
    that a translated note or refusal must not contain."""
    t = translator(lang)
    chunks = []
    for m in extract():
        if not m.id or not isinstance(m.id, str):
            continue
        if not any(loc[0].startswith("etl/uploads/open_sdg/") for loc in m.locations):
            continue
        translated = t.pgettext(m.context, m.id) if m.context else t.gettext(m.id)
        for piece in re.split(r"\{[^{}]*\}", m.id):
            piece = piece.strip(" .,:;()'")
            if len(piece) > 12 and piece not in translated:
                chunks.append(piece)
    return chunks


def _convert(rel: str, iso3: str, lang: str) -> list[str]:
    """The notes of a national file converted in `lang`, or its refusal."""
    path = require_shared(f"open_sdg/{rel}")
    try:
        return convert_open_sdg(path.read_bytes(), path.name, ref_area=iso3, lang=lang).notes
    except UploadError as exc:
        return [str(exc)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("rel", "iso3"), [(c[0], c[1]) for c in ACCEPTED + REJECTED], ids=lambda v: str(v)
)
def test_open_sdg_notes_and_refusals_are_in_the_officers_language(
    rel: str, iso3: str, lang: str
) -> None:
    english, got = _convert(rel, iso3, "en"), _convert(rel, iso3, lang)
    assert len(got) == len(english)
    for text, en in zip(got, english, strict=True):
        assert text != en  # (the mapping table's own notes, quoted inside, stay as written)
        left = [c for c in _open_sdg_chunks(lang) if c in text]
        assert left == [], (text, left)


def test_open_sdg_notes_word_for_word() -> None:
    fr = _convert("moldova/data/indicator_10-7-1.csv", "MDA", "fr")
    assert fr == [
        "indicator_10-7-1.csv: les 169 lignes ont une valeur (Value) vide. Rien à importer : la "
        "plateforme ne publie pas encore de chiffres pour cet indicateur"
    ]
    es = _convert("canada/data/indicator_10-c-1.csv", "CAN", "es")
    assert (
        "no se indica ninguna unidad para fila 2: serie SI_RMT_COST, unidad PT deducida: el "
        "valor, 5.5, corresponde a PT"
    ) in es
    assert any(
        n.startswith("18 fila(s) desglosada(s) por «Amount last sent» excluida(s)") for n in es
    )

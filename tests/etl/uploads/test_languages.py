"""Templates and uploads in English, French and Spanish: the same file in any of the three gives
the same rows and the same issues; messages read in the officer's language."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from core.template_words import answer_word, header
from core.templates import TEMPLATES
from etl.uploads.prepare import UploadResult, prepare_upload
from etl.uploads.template_content import FREE_TEXT_COLUMNS
from etl.uploads.template_files import template_csv, template_xlsx

SURVEYS = ("inquiry_1072", "gfmd_coherence", "rci_1071_microdata", "census_tabulation")
# An officer's GFMD answers, written with English headers and words (answer, count, text).
GFMD = [
    ("P.COH.01", "yes", "", ""),
    ("P.COH.05", "draft", "", "Chapter in the draft plan"),
    ("P.COH.07", "yes", "3", "BLA 2019, 2021, 2023"),
    ("P.COH.08", "partial", "", ""),
    ("P.DAT.01", "no", "5", ""),  # count 5 is outside 0-3: one error, in every language
    ("P.DAT.02", "maybe", "", ""),  # not an answer word in any language: one error
]


def _gfmd_csv(lang: str) -> bytes:
    """The GFMD answers as a CSV with the headers and answer words of `lang`."""
    tpl = TEMPLATES["gfmd_coherence"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([header(tpl, c, lang) for c in tpl.column_names])
    for item, answer, count, text in GFMD:
        row = {
            "template_version": "1.0",
            "ref_area": "SEN",
            "time_period": "2024",
            "item_code": item,
            "answer": answer_word(answer, lang),
            "count": count,
            "answer_text": text,
            "respondent_institution": "",
            "source": "GFMD policy-coherence survey 2024",
            "submitted_by": "DGASE",
            "submitted_on": "2024-11-30",
        }
        w.writerow([row[c] for c in tpl.column_names])
    return buf.getvalue().encode()


def _check(data: bytes, name: str, lang: str = "en") -> UploadResult:
    return prepare_upload(data, name, current=None, lang=lang)


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("name", SURVEYS)
def test_template_in_language_round_trips_with_the_english_rows(name: str, lang: str) -> None:
    english = _check(template_xlsx(name), "t.xlsx")
    for data, file_name in (
        (template_xlsx(name, lang), "t.xlsx"),
        (template_csv(name, lang), "t.csv"),
    ):
        got = _check(data, file_name, lang)
        assert got.template == name and got.errors == []
        # answer words (oui, sí, borrador ...) are stored as the language-free codes; only the
        # free-text examples (ministry, source) read differently
        coded = [c for c in english.rows.columns if c not in FREE_TEXT_COLUMNS]
        assert got.rows.select(coded).equals(english.rows.select(coded))
        assert got.rows["source"].to_list() != english.rows["source"].to_list()
        assert [(i.rule, i.row) for i in got.issues] == [(i.rule, i.row) for i in english.issues]


def test_french_template_speaks_french() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx("gfmd_coherence", "fr")))
    assert wb.sheetnames == ["données", "codes", "instructions"]
    data = wb["données"]
    assert [c.value for c in data[1]][:6] == [
        "version_modele", "zone_reference", "periode", "code_element", "reponse", "nombre",
    ]  # fmt: skip
    assert data["E2"].value == "projet" and data["E3"].value == "oui"
    text = "\n".join(str(c.value) for row in wb["instructions"].iter_rows() for c in row if c.value)
    assert "Enquête du FMMD sur la cohérence des politiques" in text
    assert "Un point focal national du FMMD est-il désigné ?" in text  # P.COH.06's question
    assert "Enregistrez au format .xlsx ou CSV (UTF-8)." in text
    codes = {r[0].value: r[1].value for r in wb["codes"].iter_rows(min_row=2) if r[0].value}
    assert codes["DEU"] == "Allemagne" and codes["CIV"] == "Côte d’Ivoire"


def test_spanish_file_gives_the_same_rows_and_issues_as_the_english_one() -> None:
    english = _check(_gfmd_csv("en"), "gfmd.csv")
    spanish = _check(_gfmd_csv("es"), "gfmd.csv")
    assert b"codigo_elemento,respuesta,cantidad" in _gfmd_csv("es")
    assert "borrador" in _gfmd_csv("es").decode() and "sí" in _gfmd_csv("es").decode()
    assert spanish.template == english.template == "gfmd_coherence"
    assert spanish.rows.equals(english.rows)
    assert spanish.rows.filter(pl.col("item_code") == "P.COH.05")["answer"].to_list() == ["draft"]
    assert [(i.rule, i.row, i.severity) for i in spanish.issues] == [
        (i.rule, i.row, i.severity) for i in english.issues
    ]
    assert {(i.rule, i.row) for i in english.errors} == {("count_range", 6), ("answer_code", 7)}


def test_answer_words_are_read_without_accents_or_case() -> None:
    data = _gfmd_csv("es").decode().replace(",sí,", ",SI,").replace(",borrador,", ",Borrador,")
    got = _check(data.encode(), "gfmd.csv")
    answers = dict(zip(got.rows["item_code"], got.rows["answer"], strict=True))
    assert answers["P.COH.01"] == "yes" and answers["P.COH.05"] == "draft"


def test_validation_errors_read_in_french() -> None:
    got = _check(_gfmd_csv("fr").replace(b"2024-11-30", b"30/11/2024"), "gfmd.csv", "fr")
    messages = [i.message for i in got.errors]
    assert (
        "gfmd.csv ligne 2, colonne « soumis_le » : '30/11/2024' n'est pas une date. Écrivez-la "
        "sous la forme AAAA-MM-JJ (p. ex. 2026-11-30)"
    ) in messages
    assert (
        "gfmd.csv ligne 7, colonne « reponse » : 'maybe' n'est pas une réponse. Utilisez l'une "
        "des réponses suivantes : oui, partiel, projet, non (vide = sans réponse)"
    ) in messages
    assert any("5 est hors de la plage de P.DAT.01 (0-3)" in m for m in messages)


def test_spanish_messages_name_the_spanish_answer_words() -> None:
    got = _check(_gfmd_csv("es"), "gfmd.csv", "es")
    assert (
        "gfmd.csv fila 7, columna «respuesta»: 'maybe' no es una respuesta. Use una de estas: "
        "sí, parcial, borrador, no (en blanco = sin respuesta)"
    ) in [i.message for i in got.errors]

"""The body of the KEN report in French and Spanish: status labels, level words, change
sentences, origin texts, chart captions and the DOCX 'DEMO DATA' watermark come from the
indicators layer in the report's language, with no English status label left over.

Same data as tests/dashboard/test_report_languages.py: the session's demo data plus Kenya's
approved survey rounds (GFMD 2020 and 2022, 10.7.2 2021).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from core.i18n import use_language
from dashboard.report.content import build_report
from dashboard.report.docx_writer import write_docx
from dashboard.report.inputs import load_inputs, report_store
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.styles import RAG_WORDS
from tests.dashboard.report_fixture import demo_with_surveys, docx_text

ENGLISH = [STATUS_LABELS.source(s) for s in Status] + [RAG_WORDS.source(r) for r in ("G", "A", "R")]
# English body sentences the indicators layer and report used to write in every language.
ENGLISH_BODY = ("Origin: ", "official (custodian agency)", "DEMO DATA (synthetic", "change +",
                "Progress status:", "Unchanged since", "annual values", "first value")  # fmt: skip
WORDS = {
    "fr": {
        "origin": "Origine : ",
        "mark": "DONNÉES DE DÉMONSTRATION",
        "change": "P.COH.05 : « non » (2020) → « projet » (2022).",
    },
    "es": {
        "origin": "Origen: ",
        "mark": "DATOS DE DEMOSTRACIÓN",
        "change": "P.COH.05: «no» (2020) → «borrador» (2022).",
    },
}


@pytest.fixture(scope="module")
def kenya(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_with_surveys(built_data_dir, tmp_path_factory.mktemp("report_body"))


def _watermark(docx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    return re.findall(r'<v:textpath [^>]*string="([^"]*)"', xml)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_kenya_report_body_has_no_english_status(
    kenya: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("M_E_DATA_DIR", str(kenya))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    inputs = load_inputs("KEN", "2022", store=report_store())
    report = build_report(inputs, "2022", previous="2021", lang=lang)
    docx = write_docx(report)
    paragraphs, tables, header = docx_text(docx)
    cells = [c for t in tables for r in t for c in r]
    text = "\n".join([*paragraphs, *cells, header, report.summary.lead, *report.footnotes.values()])
    # the indicator tables' Status and Level columns: the language's words only
    with use_language(lang):
        statuses = {STATUS_LABELS[s] for s in Status}
        levels = {RAG_WORDS[r] for r in ("G", "A", "R")}
    status_cells = [r[5] for t in tables if len(t[0]) == 8 for r in t[1:] if r[5] != "—"]
    assert status_cells and set(status_cells) <= statuses, status_cells
    assert any(c in levels for t in tables if len(t[0]) == 8 for r in t[1:] for c in r[6:7])
    for english in ENGLISH:
        assert not re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text), english
    for english in ENGLISH_BODY:
        assert english not in text, english
    assert WORDS[lang]["origin"] in text  # origin footnotes in the language
    # the survey round's change sentence, answers in the language's words
    sentences = [s for r in report.rounds for s in r.changes]
    question = {"fr": "La migration est-elle intégrée", "es": "¿Está integrada la migración"}[lang]
    answers = WORDS[lang]["change"].split(": ", 1)[1].removeprefix(" ")  # after 'P.COH.05 :'
    assert any(s.startswith(f"P.COH.05 ({question}") and s.endswith(answers) for s in sentences), (
        sentences
    )
    changes = [c for s in report.sections for c in s.changes]
    assert WORDS[lang]["change"] in changes, changes


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_demo_report_watermark_and_statuses_in_the_language(
    built_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    """DEMO DATA alone (as test_report.py's pure_demo_root): every page watermarked."""
    root = tmp_path / "data"
    shutil.copytree(built_data_dir, root)
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    inputs = load_inputs("KEN", "2024", store=report_store())
    report = build_report(inputs, "2024", lang=lang)
    docx = write_docx(report)
    paragraphs, tables, header = docx_text(docx)
    assert report.demo and _watermark(docx) == [WORDS[lang]["mark"]]
    assert header.startswith(WORDS[lang]["mark"])
    with use_language(lang):
        statuses = {STATUS_LABELS[s] for s in Status}
    status_cells = [r[5] for t in tables if len(t[0]) == 8 for r in t[1:] if r[5] != "—"]
    assert status_cells and set(status_cells) <= statuses, status_cells
    text = "\n".join([*paragraphs, *(c for t in tables for r in t for c in r)])
    for english in ENGLISH:
        assert not re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text), english
    english_docx = write_docx(build_report(inputs, "2024"))
    assert _watermark(english_docx) == ["DEMO DATA"]


def test_english_report_keeps_its_words(kenya: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_DATA_DIR", str(kenya))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    report = build_report(load_inputs("KEN", "2022", store=report_store()), "2022")
    changes = [c for s in report.sections for c in s.changes]
    assert "P.COH.05: 'no' (2020) → 'draft' (2022)." in changes
    assert "Origin: " in "\n".join(report.footnotes.values())

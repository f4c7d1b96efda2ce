"""The KEN progress report in French and Spanish: translated headings, the UN's section and
indicator wording, numbers and dates in the language's format; the CLI's --lang.

Same data as tests/dashboard/test_report.py: the session's demo data plus Kenya's approved
survey rounds (GFMD 2020 and 2022, 10.7.2 2021), whose hand-computed scores are EXPECTED.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from dashboard.report.__main__ import main
from dashboard.report.content import build_report
from dashboard.report.docx_writer import write_docx
from dashboard.report.inputs import load_inputs, report_store
from dashboard.report.pdf_writer import write_pdf
from tests.dashboard.report_fixture import EXPECTED, demo_with_surveys, docx_text

# EXPECTED holds the English figures ('60 %', '71.67 %'); the same numbers in each language.
FIGURES = {
    "fr": {"P.COH": "60 %", "10.7.2": "71,67 %", "Intergouvernementale": "66,67 %"},
    "es": {"P.COH": "60 %", "10.7.2": "71,67 %", "Intergubernamental": "66,67 %"},
}
WORDS = {
    "fr": {
        "title": "Rapport d’avancement FMMD : Kenya (KEN), 2022",
        "headings": ["Sommaire", "Résumé analytique",
                     "Cohérence des politiques et des institutions",
                     "Sources et notes", "Annexe : indicateurs ODD 10.7 et 10.c"],
        "columns": ["Indicateur", "Dernière valeur", "Période", "Référence", "Cible"],
        "cover": ("Date d’arrêt des données", "Pays"),
    },
    "es": {
        "title": "Informe de progreso del FMMD: Kenia (KEN), 2022",
        "headings": ["Índice", "Resumen ejecutivo", "Coherencia normativa e institucional",
                     "Fuentes y notas", "Anexo: indicadores de los ODS 10.7 y 10.c"],
        "columns": ["Indicador", "Último valor", "Período", "Valor de referencia", "Meta"],
        "cover": ("Fecha de corte de los datos", "País"),
    },
}  # fmt: skip
MONTHS = {"fr": ("janvier", "décembre"), "es": ("de enero de", "de diciembre de")}


@pytest.fixture(scope="module")
def kenya_root(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo data plus Kenya's approved survey rounds (as test_report.py's demo_root)."""
    return demo_with_surveys(built_data_dir, tmp_path_factory.mktemp("report_lang"))


@pytest.fixture
def at_kenya(kenya_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("M_E_DATA_DIR", str(kenya_root))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return kenya_root


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_kenya_report_in_language(at_kenya: Path, lang: str) -> None:
    inputs = load_inputs("KEN", "2022", store=report_store())
    report = build_report(inputs, "2022", previous="2021", lang=lang)
    english = build_report(inputs, "2022", previous="2021")
    paragraphs, tables, _ = docx_text(write_docx(report))
    words = WORDS[lang]
    assert paragraphs[paragraphs.index(words["title"])] == words["title"]
    for heading in words["headings"]:
        assert heading in paragraphs, heading
    indicator_table = next(t for t in tables if t[0][: len(words["columns"])] == words["columns"])
    rows = {r[0].split(" ")[0]: r for r in indicator_table[1:]}
    # the same figures as the English report, written the language's way
    for code in ("P.COH", "10.7.2"):
        assert (rows[code][1], rows[code][2]) == (FIGURES[lang][code], EXPECTED[code][1])
    flat = {r[0]: r for t in tables for r in t}
    level = "Intergouvernementale" if lang == "fr" else "Intergubernamental"
    assert flat[level][1:3] == [FIGURES[lang][level], "2022"]
    # GFMD answers in the language's words; the question in its language
    answer = {"fr": "projet", "es": "borrador"}[lang]
    assert flat["P.COH.05"][2] == answer
    assert (
        flat["P.COH.06"][1]
        == {
            "fr": "Un point focal national du FMMD est-il désigné ?",
            "es": "¿Se ha designado un coordinador nacional del FMMD?",
        }[lang]
    )
    cover = {r[0]: r[1] for r in tables[0]}
    label, country = words["cover"]
    assert cover[country] == report.country_name
    assert any(month in cover[label] for month in MONTHS[lang]) or cover[label].endswith("2026")
    assert cover[label] != english.cutoff  # not the English ISO date
    # the PDF carries the same words
    pdf = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(write_pdf(report))).pages
    )
    assert words["headings"][1] in pdf and FIGURES[lang]["10.7.2"] in pdf
    # no English chapter heading is left over
    for heading in ("Executive summary", "Sources and notes", "Contents", "Narrative"):
        assert heading not in paragraphs


def test_cli_lang_writes_the_french_report(
    at_kenya: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["--country", "KEN", "--period", "2022", "--lang", "fr", "--out", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    paragraphs, _, _ = docx_text((out / "GFMD_progress_report_KEN_2022.docx").read_bytes())
    assert "Résumé analytique" in paragraphs
    printed = capsys.readouterr().out  # the lines printed follow --lang too
    assert f"{out / 'GFMD_progress_report_KEN_2022.docx'} écrit (" in printed, printed
    assert " octets)" in printed and "terminé en " in printed
    assert "wrote " not in printed and "done in" not in printed and "bytes" not in printed
    with pytest.raises(SystemExit) as exc:
        main([*argv[:4], "--lang", "de"])
    assert exc.value.code == 2


@pytest.mark.parametrize(
    ("lang", "year", "section"),
    [
        ("fr", "n’est pas une année AAAA", "section(s) de rapport inconnue(s) nope"),
        ("es", "no es un año AAAA", "sección(es) de informe desconocida(s) nope"),
    ],
)
def test_cli_errors_follow_lang(
    lang: str, year: str, section: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--country", "KEN", "--period", "23", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert year in err and "is not a year" not in err, err
    assert err.startswith({"fr": "erreur : ", "es": "error: "}[lang])
    assert main(["--country", "KEN", "--period", "2023", "--sections", "nope", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert section in err and "unknown report" not in err, err
    assert main(["--country", "KENYA", "--period", "2023", "--lang", lang]) == 2
    assert "ISO 3166" in capsys.readouterr().err


def test_cli_demo_refusal_in_the_language(
    at_kenya: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.report import __main__ as cli

    monkeypatch.setattr(cli, "demo_rows", lambda rows: 3)  # as if 3 demo rows were left
    assert main(["--country", "KEN", "--period", "2022", "--lang", "es"]) == 1
    err = capsys.readouterr().err
    assert "3 fila(s) de la tabla de indicadores son DATOS DE DEMOSTRACIÓN" in err, err
    assert "row(s) of the indicator table" not in err

"""The GFMD progress report: DOCX parsed back, PDF rendered with pdftoppm and read with pypdf.

Built from the pipeline's demo data with approved Kenyan survey rounds (report_fixture.py) and
from the real files in ../shared/data; numbers are checked against the published Parquet file,
the dashboard's overview cards and hand-computed survey scores.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from dashboard.data import progress as progress_data
from dashboard.report.__main__ import main
from dashboard.report.content import build_report
from dashboard.report.docx_writer import write_docx
from dashboard.report.inputs import load_inputs, report_store
from dashboard.report.model import Report
from dashboard.report.pdf_writer import write_pdf
from etl import pipeline
from indicators.progress.scorecard import fmt
from store.drafts import save_draft
from store.submissions import User
from tests.conftest import require_shared
from tests.dashboard.conftest import write_handmade
from tests.dashboard.report_fixture import (
    ANSWER_COH05,
    ANSWER_PD4D,
    EXPECTED,
    card_number,
    demo_with_surveys,
    docx_text,
    latest_1074,
)

BUDGET_S = 30.0  # issue 6: one country, both formats, on 2 cores


@pytest.fixture(scope="module")
def pure_demo_root(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's DEMO DATA alone (no official data, no upload): reports are watermarked."""
    root = tmp_path_factory.mktemp("report_pure_demo") / "data"
    shutil.copytree(built_data_dir, root)
    return root


@pytest.fixture(scope="module")
def demo_root(built_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's demo data plus approved KEN survey rounds (GFMD 2020, 2022; 10.7.2 2021).

    The approved rounds are official data, so the demo datasets are withdrawn when the table
    is rebuilt (demo is all or nothing, etl/demo/rule.py): what is left is national.
    """
    return demo_with_surveys(built_data_dir, tmp_path_factory.mktemp("report_demo"))


@pytest.fixture(scope="module")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The indicator table built from the real published files (no demo data)."""
    raw = require_shared()
    root = tmp_path_factory.mktemp("report_real") / "data"
    (root / "raw").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        pipeline.run(raw_dir=raw, offline=True)
    return root


@pytest.fixture
def at_root(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point M_E_DATA_DIR at the fixture named by the test's parameter."""
    root = request.getfixturevalue(request.param)
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return root


def report_of(country: str, period: str, **kw: object) -> Report:
    """The report as the CLI builds it (store read when one exists)."""
    return build_report(load_inputs(country, period, store=report_store()), period, **kw)  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed (table cells wrap)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().split()) for p in pages)


def render_pages(data: bytes, tmp: Path, last: int = 2) -> list[Path]:
    """The first pages as PNG files via poppler's pdftoppm (fails under CI if it is missing)."""
    if shutil.which("pdftoppm") is None:
        msg = "pdftoppm missing: apt-get install -y poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    pdf = tmp / "report.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", str(last), str(pdf), str(tmp / "pg")],
        check=True,
        capture_output=True,
    )
    return sorted(tmp.glob("pg-*.png"))


def section_paragraphs(paragraphs: list[str], title: str, next_title: str) -> list[str]:
    """The paragraphs between two section headings."""
    start = paragraphs.index(title)
    return paragraphs[start : paragraphs.index(next_title, start)]


# --- demo data ------------------------------------------------------------------------------
@pytest.mark.parametrize("at_root", ["pure_demo_root"], indirect=True)
def test_docx_has_cover_sections_kenya_figures_notes_and_demo_watermark(at_root: Path) -> None:
    report = report_of("KEN", "2024")
    assert report.file_name("docx") == "GFMD_progress_report_KEN_2024_DEMO.docx"
    paragraphs, tables, header = docx_text(write_docx(report))
    # cover: the facts table, then the clearance block
    assert paragraphs[0] == "GFMD progress report: Kenya (KEN), 2024"
    cover = dict((r[0], r[1]) for r in tables[0])
    assert cover["Country"] == "Kenya (KEN)" and cover["Reporting period"] == "2024"
    meta_date = report.vintage
    assert cover["Data cut-off date"] == report.cutoff
    assert [r[0] for r in tables[1]] == ["Role", "Prepared by", "Reviewed by",
                                         "Cleared for release by"]  # fmt: skip
    assert any(
        p.startswith("DEMO DATA: this report includes synthetic figures") for p in paragraphs
    )
    # watermark and header on every page (one section: one header)
    assert header == "DEMO DATA: synthetic figures, not official statistics"
    # every section heading, in order
    for title in ("Policy and institutional coherence", "Legal migration channels",
                  "Annex: SDG 10.7 and 10.c indicators"):  # fmt: skip
        assert title in paragraphs
    # the annex: 10.7.4 latest value of the published file, with its period and footnote
    year, value = latest_1074(at_root)
    annex = tables[-1]
    assert annex[0] == ["Indicator", "Latest value", "Period", "Baseline", "Target", "Status",
                        "Level", "Note"]  # fmt: skip
    row = next(r for r in annex if r[0].startswith("10.7.4 "))
    assert row[1:3] == [f"{card_number(value)} per 100,000", year]
    note = int(row[7].strip("[]"))
    text = next(p for p in paragraphs if p.startswith(f"[{note}] 10.7.4 "))
    assert "Source: DEMO DATA" in text
    assert "Retrieved: 20" in text and f"Vintage: indicator table of {meta_date}" in text


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_survey_sections_show_hand_computed_scores_answers_and_changes(at_root: Path) -> None:
    report = report_of("KEN", "2022", previous="2021")
    paragraphs, tables, _ = docx_text(write_docx(report))
    flat = {r[0]: r for t in tables for r in t}
    for code in ("P.COH", "10.7.2"):
        row = next(r for k, r in flat.items() if k.startswith(f"{code} "))
        assert tuple(row[1:3]) == EXPECTED[code]
    for level, score in EXPECTED["levels"].items():
        assert flat[level][1:3] == [score, "2022"]
    assert flat["P.COH.05"][2:5] == ["draft", "0.5", "2022"]
    assert flat["P.COH.07"][2] == "yes (count 3)"
    coherence = section_paragraphs(
        paragraphs,
        "Policy and institutional coherence",
        "Remittances: cost, institutions and financial literacy",
    )
    assert EXPECTED["change_coh"] + " Progress status: Not available → On track." in coherence
    assert EXPECTED["change_item"] in coherence
    assert any(p.endswith(ANSWER_COH05) and p.startswith("P.COH.05 ") for p in coherence)
    assert any(p.endswith(ANSWER_PD4D) for p in paragraphs)  # remittances: 10.7.2 D4d


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_every_annex_figure_matches_the_overview_cards(at_root: Path) -> None:
    period = str(pl.read_parquet(at_root / "clean" / "indicators.parquet")["time_period"]
                 .str.slice(0, 4).cast(pl.Int32).max())  # fmt: skip
    report = report_of("KEN", period)  # cut at the latest year: everything the overview shows
    annex = next(s for s in report.sections if s.key == "annex").tables[0].rows
    by_code = {r[0].split(" ")[0]: r for r in annex}
    cards = progress_data.scorecards("KEN")
    assert set(by_code) == {c.code for c in cards}
    for card in cards:
        row = by_code[card.code]
        if card.latest is None:
            assert row[1].startswith("No data yet")
            continue
        assert row[1].split(" ")[0] == fmt(card.latest[1]), card.code
        assert row[2] == card.latest[0]


@pytest.mark.parametrize("at_root", ["pure_demo_root"], indirect=True)
def test_pdf_pages_render_and_carry_the_same_numbers(at_root: Path, tmp_path: Path) -> None:
    report = report_of("KEN", "2024")
    data = write_pdf(report)
    assert data.startswith(b"%PDF-")
    pages = render_pages(data, tmp_path)
    assert len(pages) == 2
    for png in pages:
        lo, hi = Image.open(png).convert("L").getextrema()
        assert lo < 100 and hi > 200, png  # ink on paper, not a blank page
    text = pdf_text(data)
    assert "GFMD progress report: Kenya (KEN), 2024" in text
    assert "DEMO DATA: synthetic figures, not official statistics" in text
    year, value = latest_1074(at_root)
    assert f"{card_number(value)} per 100,000 {year}" in text
    assert f"Data cut-off date {report.cutoff}" in text
    assert "Retrieved: 20" in text


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_saved_draft_is_the_section_narrative_with_author(at_root: Path) -> None:
    store = report_store()
    assert store is not None
    user = User("kamau", "contributor")
    save_draft(store, country="KEN", period="2024", section="diaspora", text="Old.", user=user)
    save_draft(store, country="KEN", period="2024", section="diaspora", text="New text.", user=user)
    report = report_of("KEN", "2024", sections=["diaspora"])
    paragraphs, tables, _ = docx_text(write_docx(report))
    assert "New text." in paragraphs and "Old." not in paragraphs
    # the author is in the annex and the file's properties, never in the chapter's text
    assert not any("kamau" in p for p in paragraphs[: paragraphs.index("New text.") + 2])
    assert tables[-1][1][:2] == ["Diaspora engagement", "kamau"]
    assert Document(io.BytesIO(write_docx(report))).core_properties.comments.startswith(
        "Diaspora engagement: kamau, 20"
    )
    text = pdf_text(write_pdf(report))
    assert "New text." in text and text.index("kamau") > text.index("Annex: narrative authorship")


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_approved_uploads_withdraw_demo_from_the_report(at_root: Path) -> None:
    """Approved national rounds are official: no demo row, no watermark, national origin."""
    report = report_of("KEN", "2024")
    assert report.demo is False and report.demo_datasets == ()
    assert not (at_root / "clean" / "rpw_quotes.parquet").exists()
    table = pl.read_parquet(at_root / "clean" / "indicators.parquet")
    assert table.filter(pl.col("data_origin") == "demo").height == 0
    ken = table.filter(pl.col("ref_area") == "KEN", pl.col("indicator_code") == "10.7.2")
    assert ken.height > 0 and set(ken["data_origin"]) == {"national"}
    assert ken["retrieved_at"].null_count() == 0  # the approval time
    _, _, header = docx_text(write_docx(report))
    assert "DEMO DATA" not in header


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_country_without_data_says_no_data_yet(at_root: Path) -> None:
    report = report_of("TUV", "2024")  # Tuvalu: in no demo corridor and no survey
    empty = {s.key for s in report.sections if not s.has_data}
    assert {"coherence", "remittances", "legal_channels"} <= empty
    paragraphs, _, _ = docx_text(write_docx(report))
    text = pdf_text(write_pdf(report))
    assert sum(p.startswith("No data yet: no published figure") for p in paragraphs) == len(empty)
    assert text.count("No data yet: no published figure") == len(empty)


def test_missing_datasets_give_no_data_sections(data_dir: Path) -> None:
    write_handmade(data_dir)  # a small table: RPW and WDI rows only, no survey, no store
    report = report_of("KEN", "2024")
    assert [s.key for s in report.sections if not s.has_data] == [
        "coherence",
        "protection",
        "legal_channels",
        "data",
    ]  # fmt: skip  (diaspora has 17.3.2 of KEN; remittances its costs)
    assert write_docx(report) and write_pdf(report).startswith(b"%PDF-")


# --- CLI --------------------------------------------------------------------------------------
@pytest.mark.parametrize("at_root", ["pure_demo_root"], indirect=True)
def test_cli_writes_both_files_named_by_country_and_period(
    at_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["--country", "ken", "--period", "2023", "--format", "both", "--out", str(out)]
    # DEMO DATA is refused unless asked for (issue 10), and nothing is written
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "DEMO DATA" in err and "--allow-demo" in err and "--raw-dir" in err
    assert not out.exists()
    argv.append("--allow-demo")
    start = time.perf_counter()
    assert main(argv) == 0
    took = time.perf_counter() - start
    printed = capsys.readouterr().out
    with capsys.disabled():
        print(f"\ndemo data, KEN 2023, CLI DOCX + PDF: {took:.1f} s")
    assert took <= BUDGET_S
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "GFMD_progress_report_KEN_2023_DEMO.docx",
        "GFMD_progress_report_KEN_2023_DEMO.pdf",
    ]
    assert f"wrote {out / names[0]}" in printed and "done in " in printed
    assert main(["--country", "KENYA", "--period", "2023"]) == 2
    assert main(["--country", "KEN", "--period", "23"]) == 2
    assert main(["--country", "KEN", "--period", "2023", "--sections", "nope"]) == 2
    assert "unknown report section(s) nope" in capsys.readouterr().err


def test_cli_without_published_data_exits_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--country", "KEN", "--period", "2024", "--format", "pdf"]) == 1
    assert "indicators.parquet does not exist" in capsys.readouterr().err


# --- real data --------------------------------------------------------------------------------
@pytest.mark.parametrize("at_root", ["real_root"], indirect=True)
def test_real_data_report_in_both_formats_within_the_budget(at_root: Path, tmp_path: Path) -> None:
    start = time.perf_counter()
    report = report_of("KEN", "2024")
    docx, pdf = write_docx(report), write_pdf(report)
    took = time.perf_counter() - start
    print(f"\nreal data, KEN 2024, DOCX + PDF: {took:.1f} s")
    assert took <= BUDGET_S
    assert not report.demo and report.file_name("pdf") == "GFMD_progress_report_KEN_2024.pdf"
    paragraphs, tables, header = docx_text(docx)
    text = pdf_text(pdf)
    assert "DEMO DATA" not in header + " ".join(paragraphs) + text
    year, value = latest_1074(at_root)
    row = next(r for r in tables[-1] if r[0].startswith("10.7.4 "))
    assert row[1:3] == [f"{card_number(value)} per 100,000", year]
    assert f"{card_number(value)} per 100,000 {year}" in text
    assert "Source: UNHCR" in text  # the real citation, with its file name
    assert len(render_pages(pdf, tmp_path, last=1)) == 1

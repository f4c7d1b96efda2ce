"""Issue 13: the report as a ministry sends it. Every PDF page rendered (pdftoppm) and its text
read back (pypdf): no table word broken over two lines, footnotes in reading order, each chart
once, cover with ministry and logo, clearance block, contents, executive summary whose counts
are the overview's, survey rounds compared, question texts, authors kept out of the chapters.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from PIL import Image
from pypdf import PdfReader

from dashboard.data import progress as progress_data
from dashboard.report.docx_writer import CHAR_CM, TEXT_WIDTH_CM, write_docx
from dashboard.report.model import Report, Table
from dashboard.report.pdf_writer import write_pdf
from dashboard.report.summary import STATUS_ORDER
from indicators.progress.method import STATUS_LABELS
from indicators.progress.scorecard import status_counts
from store.settings import storage as ns
from store.submissions import User
from tests.dashboard.report_fixture import ANSWER_PD4D, docx_text
from tests.dashboard.test_report import (  # noqa: F401  (module fixtures)
    at_root,
    demo_root,
    real_root,
    render_pages,
    report_of,
)


def latest_year(root: Path) -> str:
    """The newest year in the published table: the overview shows everything up to it."""
    years = pl.read_parquet(root / "clean" / "indicators.parquet")["time_period"].str.slice(0, 4)
    return str(years.cast(pl.Int32, strict=False).max())


def all_tables(report: Report) -> list[Table]:
    """Every table the writers lay out (summary, survey rounds, chapters)."""
    assert report.summary is not None
    got = [report.summary.by_level, report.summary.by_theme]
    got += [r.scores for r in report.rounds]
    return got + [t for s in report.sections for t in s.tables]


def page_texts(pdf: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("at_root", ["real_root"], indirect=True)
def test_real_kenya_report_reads_like_a_ministry_document(
    at_root: Path,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    period = latest_year(at_root)
    report = report_of("KEN", period)
    pdf = write_pdf(report)
    texts = page_texts(pdf)
    # every page renders, with ink, and there are as many PNGs as pages
    pngs = render_pages(pdf, tmp_path, last=len(texts))
    assert len(pngs) == len(texts) >= 10
    for png in pngs:
        lo, hi = Image.open(png).convert("L").getextrema()
        assert lo < 100 and hi > 200, png
    # front matter: cover, clearance, contents with page numbers, executive summary
    assert "Clearance" in texts[0] and "Cleared for release by" in texts[0]
    assert texts[1].startswith("GFMD progress report") and "Contents" in texts[1]
    lines = texts[1].splitlines()
    titles = ["Executive summary", *(s.title for s in report.sections)]
    for title in titles:  # pypdf reads each entry's page number just before its title
        page = int(lines[lines.index(title) - 1])
        assert title in texts[page - 1], (title, page)
    # no word of any table cell is broken over two lines (each is one token of the page text)
    tokens = {t for text in texts for t in text.split()}
    broken = {
        w for t in all_tables(report) for row in (t.columns, *t.rows) for cell in row
        for w in cell.split() if w not in tokens
    }  # fmt: skip
    assert not broken, sorted(broken)[:20]
    # footnote markers: the first citation of each number comes in increasing order
    body = " ".join(texts)
    first = list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d+)\]", body)))
    assert first == sorted(first) and first[0] == 1 and len(first) == len(report.footnotes)
    # each chart once: unique titles, one picture per chart, the 17.3.2 caption once
    charts = [c for s in report.sections for c in s.charts]
    assert len({c.title for c in charts}) == len(charts) >= 4
    images = sum(len(p.images) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert images == len(charts)
    assert body.count("17.3.2 Personal remittances received, % of GDP, 19") == 1
    assert "The chart of 17.3.2 is in the chapter" in body
    # status words, never colour words; no author in the chapters (no draft here)
    assert " Grey" not in body and "Written by" not in body
    # the executive summary counts are the overview's (indicators/progress/scorecard.py)
    cards = progress_data.scorecards("KEN")
    assert report.summary is not None
    for table, by in ((report.summary.by_level, "level"), (report.summary.by_theme, "theme")):
        counts = status_counts(cards, by)
        for row in table.rows:
            got = dict(zip(table.columns[1:], row[1:], strict=True))
            want = counts[row[0].lower()]
            for s in STATUS_ORDER:
                assert int(got.get(STATUS_LABELS[s], "0")) == want[s], (row, s)
            assert int(got["Total"]) == sum(want.values())
    # the cut-off is the newest retrieval date of the data included, not the build time
    retrieved = pl.read_parquet(at_root / "clean" / "indicators.parquet").filter(
        pl.col("ref_area").is_in(["KEN", "WLD"]) | (pl.col("counterpart_area") == "KEN")
    )["retrieved_at"]
    assert report.cutoff <= str(retrieved.max())[:10]
    for png in (pngs[0], pngs[2]):  # kept for the README screenshots
        subprocess.run(["cp", str(png), str(tmp_path / f"keep_{png.name}")], check=True)


@pytest.mark.parametrize("at_root", ["demo_root"], indirect=True)
def test_cover_names_the_ministry_with_its_logo_and_rounds_and_questions_show(
    at_root: Path,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    from dashboard.report.inputs import report_store

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 60), (0, 90, 160)).save(logo)
    store = report_store()
    ministry = "Ministry of Foreign and Diaspora Affairs"
    s = ns.with_ministry(ns.load(store), ministry, str(logo))
    ns.save(s, user=User("amina", "approver"), expected=ns.load(store), store=store)
    report = report_of("KEN", "2022", previous="2021")
    assert report.ministry == ministry and report.logo == logo.read_bytes()
    # the cut-off counts the approval of the national rounds included (all approved today here)
    approved = store.submissions(status="approved")["status_at"].max()
    assert report.cutoff >= str(approved)[:10]
    paragraphs, tables, _ = docx_text(write_docx(report))
    assert paragraphs[1] == ministry and paragraphs[2] == report.title  # logo, ministry, title
    assert dict((r[0], r[1]) for r in tables[0])["Issued by"] == ministry
    pdf = write_pdf(report)
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(first.images) == 1 and ministry in first.extract_text()
    # survey rounds: GFMD 2020 and 2022 compared with the Rounds page's function
    (gfmd,) = [r for r in report.rounds if r.survey.startswith("GFMD")]
    assert (gfmd.then, gfmd.now) == ("2020", "2022")
    assert gfmd.changes[0].startswith("P.COH.05 (Is migration integrated in the national")
    assert gfmd.changes[0].endswith("'no' (2020) → 'draft' (2022).")
    intra = next(r for r in gfmd.scores.rows if r[0] == "Intra-governmental")
    assert intra[1:] == ("50 %", "60 %")
    assert gfmd.changes[0] in paragraphs
    # DOCX tables: widths from content, summing to the text width (cover and clearance aside)
    doc = Document(io.BytesIO(write_docx(report)))
    for t in doc.tables[2:]:
        widths = [c.width.cm for c in t.rows[0].cells]
        assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.05, widths
    annex = doc.tables[-1]
    value_col = [c.text for c in annex.rows[0].cells].index("Latest value")
    longest = max(len(w) for r in annex.rows for w in r.cells[value_col].text.split())
    assert annex.rows[0].cells[value_col].width.cm >= longest * CHAR_CM
    # a 10.7.2 answer is labelled with its domain and question, not 'PD_4_D PD_4_D'
    label = "PD_4_D Domain 4: Socioeconomic well-being: (d) Facilitate or promote the flow of"
    assert any(p.startswith(label) and p.endswith(ANSWER_PD4D) for p in paragraphs)

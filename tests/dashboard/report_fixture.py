"""Approved survey rounds for the report tests, hand-computed expectations, and the page check.

Kenya answers the GFMD survey in 2020 and 2022 and the 10.7.2 Inquiry in 2021; the files are the
downloadable templates filled as an officer would (tests/dashboard/upload_fixture.py), stored,
approved and published by the real upload path. EXPECTED holds what the report must show,
computed by hand below (not by the code under test).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import polars as pl
import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from etl import pipeline
from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store, User
from tests.dashboard.upload_fixture import (
    APPROVER,
    CONTRIBUTOR,
    GFMD_2022,
    filled_csv,
    gfmd_rows,
    inquiry_rows,
    make_store,
)

# Open-ended answers (the template's answer_text column).
ANSWER_COH05 = "Migration chapter drafted for MTP IV; cabinet approval expected in 2023."
ANSWER_PD4D = "Central Bank of Kenya publishes a remittance price comparison each quarter."
# 2020 round: as 2022, except P.COH.05 'no' (2022: 'draft').
GFMD_2020 = {**GFMD_2022, "P.COH.05": ("no", "")}
# Intra-governmental level = mean of P.COH.01-05 x 100:
#   2022: (1 + 0.5 + 1 + 0 + 0.5) / 5 = 3 / 5 -> 60 %;  2020: (1 + 0.5 + 1 + 0 + 0) / 5 -> 50 %.
# Inter-governmental (P.COH.07-09: yes, yes, no) -> 66.67 %; multilateral (P.COH.06 yes) -> 100 %;
# multi-stakeholder (P.COH.10 partial, P.DIA.01 yes) -> 75 %.
# 10.7.2 overall 2021 = 100 x 21.5 / 30 = 71.67 %, category 'Partially meets' (40 <= v < 80).
EXPECTED = {
    "P.COH": ("60 %", "2022"),
    "10.7.2": ("71.67 %", "2021"),
    "levels": {
        "Intra-governmental": "60 %",
        "Inter-governmental": "66.67 %",
        "Multilateral": "100 %",
        "Multi-stakeholder": "75 %",
    },
    "change_coh": "P.COH: 50 % (2020) → 60 % (2022), change +10.",
    "change_item": "P.COH.05: 'no' (2020) → 'draft' (2022).",
}


def _gfmd(period: str, answers: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    rows = gfmd_rows()
    out = []
    for row in rows:
        answer, count = answers[row["item_code"]]
        text = ANSWER_COH05 if row["item_code"] == "P.COH.05" and period == "2022" else ""
        source = f"GFMD policy-coherence survey {period}"
        out.append({**row, "time_period": period, "answer": answer, "count": count,
                    "answer_text": text, "source": source})  # fmt: skip
    return out


def _inquiry() -> list[dict[str, str]]:
    return [
        {**r, "answer_text": ANSWER_PD4D if r["sub_category"] == "PD_4_D" else ""}
        for r in inquiry_rows()
    ]


def approve_surveys(root: Path) -> Store:
    """Store and approve the three survey files in `root`'s store, then rebuild the indicators.

    M_E_DATA_DIR must point at `root`.
    """
    store = make_store(root)
    contributor, approver = User(CONTRIBUTOR, "contributor"), User(APPROVER, "approver")
    files = {
        "gfmd_2020_KEN.csv": filled_csv("gfmd_coherence", _gfmd("2020", GFMD_2020)),
        "gfmd_2022_KEN.csv": filled_csv("gfmd_coherence", _gfmd("2022", GFMD_2022)),
        "inquiry_2021_KEN.csv": filled_csv("inquiry_1072", _inquiry()),
    }
    for name, content in files.items():
        result = prepare_upload(content, name, current=None)
        assert result.accepted, [i.message for i in result.issues]
        for sub_id, *_ in store_upload(store, result, contributor):
            store.set_status(sub_id, "approved", user=approver)
    outcome = pipeline.build_indicator_table(False, lambda _msg: None)
    assert outcome.status != "failed", outcome.message
    return store


def docx_text(data: bytes) -> tuple[list[str], list[list[list[str]]], str]:
    """(paragraph texts, tables as rows of cell texts, header text) of a DOCX file."""
    doc = Document(io.BytesIO(data))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    header = "\n".join(p.text for p in doc.sections[0].header.paragraphs)
    return paragraphs, tables, header


def latest_1074(root: Path, country: str = "KEN") -> tuple[str, float]:
    """(year, value) of the latest 10.7.4 value of `country`, straight from the published file."""
    rows = pl.read_parquet(root / "clean" / "indicators.parquet").filter(
        (pl.col("series_code") == "SM_POP_REFG_OR")
        & (pl.col("ref_area") == country)
        & (pl.col("counterpart_area") == "_T")
        & (pl.col("sex") == "_T")
        & (pl.col("age") == "_T")
    )
    row = rows.sort("time_period").row(-1, named=True)
    return row["time_period"], row["value"]


def card_number(value: float) -> str:
    """A number as the overview's cards print it: 4 significant digits, separators from 1,000."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def check_report(at: AppTest, root: Path) -> None:
    """Signed out on the published data: banner, every section, the annex's 10.7.4 value; viewers
    get no narrative editor, no drafts and no Generate buttons (only signed-in users build)."""
    assert "DEMO DATA" in at.warning[0].value
    headers = [h.value for h in at.header]
    for title in (
        "Policy and institutional coherence",
        "Protection of migrants",
        "Annex: SDG 10.7 and 10.c indicators",
        "Generate the report",
    ):
        assert title in headers, headers
    annex = at.get_by_key("block_report_annex_0").dataframe[0].value
    year, value = latest_1074(root, str(at.selectbox(key="report_country").value))
    row = annex[annex["Indicator"].str.startswith("10.7.4 ")].iloc[0]
    assert row["Latest value"] == f"{card_number(value)} per 100,000"
    assert row["Period"] == year
    assert not at.text_area  # viewers read; contributors write
    assert not {b.key for b in at.button} & {"generate_docx", "generate_pdf"}
    assert [i.value for i in at.info] == [
        "Sign in (sidebar) as a contributor or approver to generate the DOCX or PDF file."
    ]
    summary = at.get_by_key("block_report_summary_0").dataframe[0].value
    assert (summary.columns[0], summary.columns[-1]) == ("Level", "Total")
    assert "Executive summary" in headers


def demo_with_surveys(built: Path, where: Path) -> Path:
    """A copy of the demo data dir `built` under `where`, plus Kenya's approved survey rounds."""
    root = where / "data"
    shutil.copytree(built, root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        mp.delenv("DATABASE_URL", raising=False)
        approve_surveys(root)
    return root

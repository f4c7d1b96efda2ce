"""Survey rounds page (AppTest): Kenya's GFMD rounds 2020 and 2022 side by side (report_fixture)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from streamlit_app import PAGE_SPECS
from tests.dashboard.report_fixture import ANSWER_COH05, approve_surveys

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGE = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "rounds")


def check_rounds(at: AppTest, root: Path) -> None:
    """Without an approved round (the demo data has none): says so and how rounds arrive."""
    assert not at.exception, at.exception
    assert at.title[0].value == "Survey rounds side by side"
    if not (root / "app.duckdb").exists():
        assert at.info[0].value.startswith("No approved GFMD policy-coherence survey round yet.")


def test_two_gfmd_rounds_item_by_item_with_texts_and_level_scores(root: Path) -> None:
    approve_surveys(root)
    at = AppTest.from_file(APP, default_timeout=120).run()
    at = at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="rounds_country").value == "KEN"
    assert (at.selectbox(key="rounds_then").value, at.selectbox(key="rounds_now").value) == (
        "2020",
        "2022",
    )
    # report_fixture: the rounds differ only in P.COH.05 (no -> draft, with a new text).
    assert at.subheader[0].value == "1 of 15 items changed between 2020 and 2022"
    items = at.get_by_key("block_rounds_items").dataframe[0].value
    first = items.iloc[0]
    assert (first["Code"], first["Answer 2020"], first["Answer 2022"], first["Change"]) == (
        "P.COH.05", "no", "draft", "changed",
    )  # fmt: skip
    assert first["Question"].startswith("Is migration integrated in the national development")
    assert (items["Change"] == "").sum() == 14
    block = at.get_by_key("rounds_text_0")
    assert [t.value for t in block.text][-2:] == ["(no answer)", ANSWER_COH05]
    scores = at.get_by_key("block_rounds_scores").dataframe[0].value.set_index("coherence level")
    # hand-computed in report_fixture: intra-governmental 50 % (2020) -> 60 % (2022)
    assert scores.loc["Intra-governmental", "2020"] == 50.0
    assert scores.loc["Intra-governmental", "2022"] == 60.0
    assert round(scores.loc["Inter-governmental", "2022"], 2) == 66.67
    # The Inquiry has one round (2021): no comparison, a plain explanation.
    at.radio(key="rounds_template").set_value("inquiry_1072").run()
    assert not at.exception, at.exception
    assert "has one approved round (2021)" in at.info[0].value

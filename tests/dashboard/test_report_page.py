"""Report builder page (AppTest): choices, preview, narrative drafts with who/when, generation."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.data.report import FILES
from store.drafts import history, save_draft
from store.submissions import Store, User
from streamlit_app import PAGE_SPECS
from tests.dashboard.report_fixture import check_report, docx_text
from tests.dashboard.upload_fixture import CONTRIBUTOR, PASSWORDS

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TIMEOUT = 120  # the first run builds the report (charts validated by Altair)
PAGE = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "report")


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at = at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest) -> AppTest:
    """Sign in as the contributor through the sidebar form."""
    at.sidebar.text_input[0].input(CONTRIBUTOR)
    at.sidebar.text_input[1].input(PASSWORDS[CONTRIBUTOR])
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_viewer_previews_but_reads_no_draft_and_builds_nothing(root: Path, store: Store) -> None:
    period = str(open_page().selectbox(key="report_period").value)
    secret = "Unreviewed: the ministry has not yet agreed this paragraph."
    save_draft(store, country="KEN", period=period, section="coherence", text=secret,
               user=User(CONTRIBUTOR, "contributor"))  # fmt: skip
    at = open_page()
    check_report(at, root)
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not any("Unreviewed" in t for t in shown)
    assert "_Narrative drafts are shown to signed-in contributors and approvers._" in shown


def test_contributor_generates_both_files(root: Path, store: Store) -> None:
    at = sign_in(open_page())
    period = str(at.selectbox(key="report_period").value)
    assert at.selectbox(key="report_since").value == str(int(period) - 1)
    # DEMO DATA: no Generate button until the user asks for a watermarked demo report
    assert not {b.key for b in at.button} & {"generate_docx", "generate_pdf"}
    assert any("refuse DEMO DATA" in i.value for i in at.info)
    at.checkbox(key="report_allow_demo").check().run()
    for fmt in ("docx", "pdf"):
        at.button(key=f"generate_{fmt}").click().run()
        assert not at.exception, at.exception
        name = f"GFMD_progress_report_KEN_{period}_DEMO.{fmt}"
        labels = {b.key: b.label for b in at.get("download_button")}  # type: ignore[attr-defined]
        assert labels[f"download_{fmt}"] == f"Download {name}"
        got_name, data = at.session_state[FILES][fmt]
        assert got_name == name
        assert data[:4] == (b"PK\x03\x04" if fmt == "docx" else b"%PDF")
    paragraphs, _, _ = docx_text(at.session_state[FILES]["docx"][1])
    assert paragraphs[0] == f"GFMD progress report: Kenya (KEN), {period}"


def test_sections_and_country_choices_drive_the_preview(root: Path) -> None:
    at = open_page()
    at.multiselect(key="report_sections").set_value(["protection"]).run()
    headers = [h.value for h in at.header]
    assert "Protection of migrants" in headers
    assert "Policy and institutional coherence" not in headers
    at.selectbox(key="report_country").set_value("UGA").run()
    assert not at.exception, at.exception
    assert at.get_by_key("block_report_protection_0").dataframe[0].value.shape[0] == 2


def test_contributor_saves_a_draft_with_who_and_when(root: Path, store: Store) -> None:
    at = sign_in(open_page())
    period = str(at.selectbox(key="report_period").value)
    text = "Kenya's National Coordination Mechanism on Migration met four times."
    at.text_area(key=f"narrative_KEN_{period}_coherence").input(text)
    at.button(key="save_coherence").click().run()
    assert not at.exception, at.exception
    saved = history(store, "KEN", period, "coherence")
    assert saved["text"].to_list() == [text]
    assert saved["author"].to_list() == [CONTRIBUTOR]
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"Last saved by {CONTRIBUTOR} at 20") for c in captions)
    at.checkbox(key="report_allow_demo").check().run()  # the demo report, watermarked
    at.button(key="generate_docx").click().run()
    paragraphs, _, _ = docx_text(at.session_state[FILES]["docx"][1])
    assert text in paragraphs
    assert "report.draft" in store.audit_log()["action"].to_list()

"""The language selector (AppTest): on every page, remembered across pages, default from
M_E_LANGUAGE; the Report page and the template downloads follow it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.language import initial_language
from streamlit_app import PAGE_SPECS

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TIMEOUT = 120


def _page(url_path: str) -> str:
    return next(s["page"] for s in PAGE_SPECS if s["url_path"] == url_path)


def _selector(at: AppTest):
    return at.sidebar.selectbox(key="language")


def test_selector_on_every_page_remembers_the_choice(root: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert _selector(at).value == "en" and _selector(at).options == [
        "English",
        "Français",
        "Español",
    ]
    _selector(at).set_value("es").run()
    for spec in PAGE_SPECS:
        at = at.switch_page(spec["page"]).run()
        assert not at.exception, (spec["url_path"], at.exception)
        assert _selector(at).value == "es", spec["url_path"]  # one session, one language


def test_report_page_builds_the_report_in_the_chosen_language(root: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    _selector(at).set_value("fr").run()
    at = at.switch_page(_page("report")).run()
    assert not at.exception, at.exception
    headers = [h.value for h in at.header]
    assert "Cohérence des politiques et des institutions" in headers
    assert "Policy and institutional coherence" not in headers


def test_deployment_setting_is_the_default(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_LANGUAGE", "fr")
    assert initial_language() == "fr"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert _selector(at).value == "fr"

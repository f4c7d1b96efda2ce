"""The cache warm-up imports what the pages import and starts only under a real server."""

from __future__ import annotations

from pathlib import Path

from dashboard.data import warmup


def test_page_imports_lists_every_pages_modules_submodules_too(tmp_path: Path) -> None:
    found = warmup.page_imports()
    # `from dashboard.components import charts` (Remittance costs) names a submodule.
    assert "dashboard.components.charts" in found
    assert "dashboard.data.crosscheck" in found  # Data quality
    assert "altair" in found and "polars" in found
    assert not any(m.startswith(".") for m in found)
    # Read from the source, not run: a page that would fail when run is still only parsed.
    pages = tmp_path / "dashboard" / "pages"
    pages.mkdir(parents=True)
    (pages / "a.py").write_text(
        "import json\nfrom core import areas, NOT_A_MODULE\nraise SystemExit('never run')\n"
    )
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "areas.py").write_text("")
    assert warmup.page_imports(pages) == ["core", "core.areas", "json"]


def test_no_warm_up_without_a_streamlit_server() -> None:
    # Tests and bare runs have no runtime: nothing to warm for later visitors, no thread.
    assert warmup.start() is False


def test_no_warm_up_under_apptest() -> None:
    from streamlit.testing.v1 import AppTest

    def script() -> None:
        import streamlit as st

        from dashboard.data import warmup

        st.write(f"started={warmup.start()}")

    at = AppTest.from_function(script).run()
    assert not at.exception
    assert at.markdown[0].value == "started=False"

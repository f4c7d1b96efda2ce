"""A real browser uploads a filled 10.7.2 template, submits it, and an approver publishes it.

Chromium (Playwright) drives `streamlit run` over a copy of the demo data with a DuckDB store:
the contributor signs in, puts the file into the page's file input (set_input_files), reads the
report and submits; the approver signs in on the Submissions page and approves, which rebuilds
the indicators; the KEN 2021 overall score is then in data/clean/indicators.parquet.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serve
from tests.dashboard.upload_fixture import (
    APPROVER,
    CONTRIBUTOR,
    OVERALL_1072,
    PASSWORDS,
    filled_files,
    make_store,
)

pytestmark = pytest.mark.browser
WAIT_MS = 90_000  # the first run imports polars/altair; the approval rebuilds the indicators


def _sign_in(page: object, name: str) -> None:
    """Fill the sidebar form and wait for the signed-in line."""
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("textbox", name="User name").fill(name)
    sidebar.get_by_role("textbox", name="Password").fill(PASSWORDS[name])
    sidebar.get_by_role("button", name="Sign in").click()
    expect(sidebar.get_by_text(f"Signed in as {name}")).to_be_visible(timeout=WAIT_MS)


def test_upload_submit_approve_in_chromium(built_data_dir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    root = tmp_path / "data"
    shutil.copytree(built_data_dir, root)
    store = make_store(root)
    file_name, content = filled_files()["inquiry_1072"]
    with serve(root) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{url}/upload", wait_until="domcontentloaded")
            _sign_in(page, CONTRIBUTOR)
            page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
                files=[{"name": file_name, "mimeType": "text/csv", "buffer": content}]
            )
            expect(page.get_by_text("No problem found: 0 errors, 0 warnings.")).to_be_visible(
                timeout=WAIT_MS
            )
            expect(page.get_by_text(f"{file_name}: template")).to_be_visible()
            page.get_by_role("button", name="Submit for approval").click()
            expect(
                page.get_by_text("Submitted for approval: #1 (KEN 2021, 30 rows)")
            ).to_be_visible(timeout=WAIT_MS)
            assert store.submissions()["status"].to_list() == ["submitted"]

            # The approver, in a new session, on the Submissions page.
            page.goto(f"{url}/submissions", wait_until="domcontentloaded")
            _sign_in(page, APPROVER)
            page.get_by_role("button", name="Approve").click()
            done = page.get_by_text("Submission 1 is now approved. Indicators rebuilt")
            expect(done).to_be_visible(timeout=WAIT_MS)
            expect(
                page.get_by_text("51 published row(s) now come from this submission")
            ).to_be_visible()
        finally:
            browser.close()
    assert store.submissions()["status"].to_list() == ["approved"]
    overall = pl.read_parquet(root / "clean" / "indicators.parquet").filter(
        (pl.col("series_code") == "P_1072_SCORE")
        & (pl.col("ref_area") == "KEN")
        & (pl.col("policy_domain") == "_T")
    )
    assert overall["value"].to_list() == [pytest.approx(OVERALL_1072)]

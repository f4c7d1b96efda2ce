"""The 'data last updated' line: dates read from the published sidecars, never invented."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard.data import freshness
from etl.approved import _meta as approved_sidecar

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _approved(at: datetime) -> dict:
    """The sidecar etl/approved.py writes for one approved national submission."""
    subs = pl.DataFrame(
        {
            "id": [7], "file_name": ["ken_2024.csv"], "sha256": ["ab"],
            "status_at": [at], "ref_area": ["KEN"], "time_period": ["2024"],
        }
    )  # fmt: skip
    return approved_sidecar("long_format", subs)


def test_official_retrieval_and_national_approval_are_kept_apart() -> None:
    official = {
        "dataset": "wdi",
        "inputs": [
            {"file": "wdi.csv", "retrieved_at": "2025-03-01T08:00:00+00:00"},
            {"file": "wdi2.csv", "retrieved_at": "2025-06-10T09:30:00+00:00"},
        ],
        "demo": False,
    }
    national = _approved(datetime(2025, 7, 1, 12, 0))
    indicators = {"dataset": "indicators", "inputs": {"wdi": official["inputs"]}, "demo": False}
    got = freshness.from_sidecars([official, indicators, national])
    assert got == freshness.Freshness("2025-06-10", "2025-07-01", demo=False, published=True)
    assert freshness.text(got) == (
        "Data last updated: official files retrieved 2025-06-10; "
        "national uploads last approved 2025-07-01."
    )


def test_no_dates_recorded_says_so() -> None:
    got = freshness.from_sidecars([{"dataset": "wdi", "inputs": [], "demo": False}, {}])
    assert freshness.text(got) == (
        "Data last updated: retrieval date not recorded; no national upload approved."
    )
    assert freshness.text(freshness.from_sidecars([{}, {}])) == (
        "Data last updated: nothing published yet."
    )


def test_every_page_shows_the_line(dash_data: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    lines = [c.value for c in at.sidebar.caption if c.value.startswith("Data last updated")]
    assert lines == ["Data last updated: DEMO DATA (synthetic, not official statistics)."]

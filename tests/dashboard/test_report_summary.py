"""The report's executive summary: context indicators are "not assessed (context)", never counted
as assessed and never as "not available" (issue 13, item 4)."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.report.summary import build_summary
from indicators.progress.method import Status
from tests.dashboard.overview_fixture import expected_cards


def test_summary_counts_context_apart_from_no_data(dash_data: Path) -> None:
    cards = {c.code: c for c in expected_cards(dash_data, "KEN")}
    statuses = [c.progress.status for c in cards.values()]
    context = statuses.count(Status.CONTEXT)
    missing = statuses.count(Status.NOT_AVAILABLE)
    with_data = sum(c.latest is not None for c in cards.values())
    assert context > 0 and with_data > 0  # the demo data has context indicators with values
    lead = build_summary(cards, cards, "2022").lead
    assessed = int(re.search(r"(\d+) of them assessed for progress", lead)[1])  # type: ignore[index]
    assert assessed == len(cards) - context - missing
    assert f"{context} not assessed (context)" in lead
    if missing:
        assert f"{missing} not available" in lead

"""Content checks of the Overview, Explorer and Settings pages (for test_pages.PAGE_CHECKS), and
data/ folders built by the real pipeline from the real files in ../shared/data.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components.widgets import country_name
from indicators.progress.explain import summary_sentence
from indicators.progress.method import STATUS_LABELS, Status
from indicators.progress.scorecard import (
    Card,
    build_cards,
    headline_series_codes,
    value_text,
)
from indicators.progress.styles import status_badge as badge
from indicators.progress.styles import unit_text
from indicators.registry_meta import computed, entries, table_pairs
from store.settings import storage as ns
from tests.conftest import require_shared


def publish_real(root: Path) -> Path:
    """Run the pipeline offline on ../shared/data into `root` (a data/ folder); return root."""
    from etl import pipeline

    raw = require_shared()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        pipeline.run(raw_dir=raw, offline=True)
    return root


def table(root: Path) -> pl.DataFrame:
    """The published indicator table under `root`."""
    return pl.read_parquet(root / "clean" / "indicators.parquet")


def saved_settings(root: Path) -> ns.NationalSettings:
    """The national settings saved for the data/ folder `root` (its database; creates nothing)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        return ns.load()


def expected_cards(root: Path, country: str) -> list[Card]:
    """The cards indicators/progress/scorecard.py computes from the published file."""
    t = table(root)
    rows = t.filter(
        pl.col("series_code").is_in(headline_series_codes())
        & (pl.col("ref_area").is_in([country, "WLD"]) | (pl.col("counterpart_area") == country))
    )
    saved = saved_settings(root)
    targets = {k: (v.target, v.target_year) for k, v in saved.targets.get(country, {}).items()}
    return build_cards(
        rows, country, computed_keys=computed(table_pairs(t)), national_targets=targets
    )


def _texts(block) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in block.markdown) + "\n".join(c.value for c in block.caption)


def check_overview(at: AppTest, root: Path) -> None:
    """Title, summary tables, and one card per registry entry matching scorecard.build_cards."""
    assert at.title[0].value == "Results framework overview"
    country = str(at.selectbox(key="country").value)
    assert any(h.value == f"Results framework: {country_name(country)}" for h in at.header)
    cards = expected_cards(root, country)
    assert len(cards) == len(entries())
    # statuses per level and per GFMD theme: Markdown tables (st.table would import pandas)
    summaries = [
        [m.value for m in at.get_by_key(f"block_summary_{by}").markdown if m.value.startswith("|")]
        for by in ("level", "theme")
    ]
    assert [len(s) for s in summaries] == [1, 1]
    level_rows = summaries[0][0].splitlines()
    assert level_rows[0].startswith("| level |") and level_rows[1].startswith("| :--- |")
    counts = [int(c) for row in level_rows[2:] for c in row.strip("| ").split(" | ")[1:]]
    assert sum(counts) == len(cards)
    for card in cards:
        block = at.get_by_key(f"card_{card.code.replace('.', '_')}")
        assert f"**{card.code}**: {card.name}" in _texts(block)
        assert badge(card.progress.status) in _texts(block)
        latest = card.latest
        metric = block.metric[0]
        if latest is None:
            assert metric.value == "—"
        else:
            assert metric.label == f"Latest value, {latest[0]}"
            # the card's number, compact, with the headline series' own unit
            assert metric.value == value_text(latest[1], card.unit)
            unit = str(card.rows["unit_measure"][-1])
            assert not unit_text(unit) or metric.value.endswith(unit_text(unit))
        assert block.expander[0].label == "Why this status?"
        why = block.expander[0].text[0].value
        assert why == card.why
        # one plain sentence first (status, because, what would change it), details below
        first, rest = why.split("\n\nDetails:\n", 1)
        assert first == summary_sentence(card.progress) and "\n" not in first
        assert rest.startswith(f"{card.code} ")  # the details: the explanation with its formula
        assert first.startswith(STATUS_LABELS[card.progress.status] + ": ")
        assert "Grey" not in why and "commit" not in why and "§" not in why
        badges = " ".join(m.value for m in block.markdown)
        assert "Grey" not in badges
        if latest is None:
            assert "Level: — No data" in badges
        elif card.progress.status is Status.CONTEXT:
            assert "Level: — Not rated (context indicator)" in badges, (card.code, badges)
        assert block.button[0].label == f"Open {card.code} in the explorer"


def check_explorer(at: AppTest, root: Path) -> None:
    """Header of the selected indicator, metadata text, chart with caption, CSV and XLSX."""
    assert at.title[0].value == "Indicator explorer"
    code = str(at.selectbox(key="explorer_code").value)
    ent = next(e for e in entries() if e.code == code)
    assert at.header[0].value == f"{code}: {ent.spec.name}"
    assert [t.label for t in at.tabs] == [
        "Chart",
        "Table",
        "Metadata",
        "National vs custodian",
        "Region and peers",
    ]
    written = [m.value for m in at.markdown]
    assert ent.spec.definition in written and ent.meta.computation in written
    series = set(table(root).filter(pl.col("indicator_code") == code)["series_code"].to_list())
    if not series:
        return
    assert len(list(at.get("vega_lite_chart"))) == 1
    assert any(c.value.startswith("Source: ") for c in at.caption)
    keys = {b.key for b in at.get("download_button")}
    assert {"download_explorer_chart", "download_explorer_table", "download_explorer_xlsx"} <= keys


def check_settings(at: AppTest, root: Path) -> None:
    """Read-only view for viewers: home country and the saved targets (none by default)."""
    assert at.title[0].value == "Settings"
    saved = saved_settings(root)
    home = [m.value for m in at.markdown if m.value.startswith("**Home country:**")]
    assert home and country_name(saved.home()) in home[0]
    assert any("read-only" in c.value for c in at.caption)
    assert not at.get("form_submit_button") or at.button  # sign-in form only, no edit forms
    assert "Save target" not in [b.label for b in at.get("form_submit_button")]

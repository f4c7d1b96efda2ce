"""Every page in PAGES, run with AppTest on the session's published data, checked for content."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from indicators.contract import DIMENSIONS
from streamlit_app import PAGE_SPECS

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
TIMEOUT = 60  # the first run imports altair, polars and pycountry


def _run(url_path: str) -> AppTest:
    """Run the app, switch to the page registered under `url_path`, run it again."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    page = next(s["page"] for s in PAGE_SPECS if s["url_path"] == url_path)
    return at.switch_page(page).run()


def _charts(at: AppTest) -> list:
    return list(at.get("vega_lite_chart"))


def _table(at: AppTest, key: str) -> pd.DataFrame:
    """The table rendered by widgets.render_table(key=...); fails if absent or repeated."""
    block = at.get_by_key(f"block_{key}")
    assert len(block.dataframe) == 1
    return block.dataframe[0].value


def _indicators(root: Path) -> pl.DataFrame:
    return pl.read_parquet(root / "clean" / "indicators.parquet")


def _global_average(root: Path) -> tuple[str, float]:
    """Latest quarter and its USD 200 global average, straight from the published file."""
    ga = _indicators(root).filter(
        (pl.col("series_code") == "SI_RMT_COST")
        & (pl.col("ref_area") == "WLD")
        & (pl.col("counterpart_area") == "WLD")
        & (pl.col("freq") == "Q")
        & (pl.col("statistic") == "MEAN")
        & (pl.col("transfer_amount") == "USD200")
        & pl.all_horizontal(
            [pl.col(d) == "_T" for d in DIMENSIONS if d not in ("statistic", "transfer_amount")]
        )
    )
    latest = ga.sort("time_period").row(-1, named=True)
    return latest["time_period"], latest["value"]


def check_remittance_costs(at: AppTest, root: Path) -> None:
    """Banner, the GA metric equal to the file's latest value, charts with captions and CSVs."""
    assert "DEMO DATA" in at.warning[0].value
    period, value = _global_average(root)
    metric = next(m for m in at.metric if m.label.startswith("Global average"))
    assert metric.label == f"Global average (USD 200), {period}"
    assert metric.value == f"{value:.2f} %"
    assert len(_charts(at)) == 8
    keys = [b.key for b in at.get("download_button")]
    assert len(keys) == len(set(keys)) == 9  # one per chart, plus the cheapest-services table
    assert any(c.value.startswith("Source: ") and "Retrieved:" in c.value for c in at.caption)


def check_data_quality(at: AppTest, root: Path) -> None:
    """Banner, one status row per dataset, and every issue of latest.json in the issue table."""
    assert "DEMO DATA" in at.warning[0].value
    status = _table(at, "datasets")
    assert list(status["dataset"]) == list(data.DATASETS)
    published = status.set_index("dataset")
    assert published.loc["indicators", "status"] == "DEMO DATA"
    report = json.loads((root / "reports" / "latest.json").read_text())
    n_issues = sum(len(o["issues"]) for o in report["outcomes"])
    issues = _table(at, "issues")
    assert len(issues) == n_issues
    assert {"dataset", "rule", "column", "row", "value", "severity", "message"} <= set(issues)


PAGE_CHECKS: dict[str, Callable[[AppTest, Path], None]] = {
    "remittance_costs": check_remittance_costs,
    "data_quality": check_data_quality,
}


def test_every_page_has_an_apptest() -> None:
    assert {s["url_path"] for s in PAGE_SPECS} == set(PAGE_CHECKS)
    assert [s["url_path"] for s in PAGE_SPECS if s.get("default")] == ["remittance_costs"]


@pytest.mark.parametrize("url_path", [s["url_path"] for s in PAGE_SPECS])
def test_page_renders_content(url_path: str, dash_data: Path) -> None:
    at = _run(url_path)
    assert not at.exception, at.exception
    PAGE_CHECKS[url_path](at, dash_data)


@pytest.mark.parametrize("url_path", [s["url_path"] for s in PAGE_SPECS])
def test_page_without_data_explains_how_to_build_it(
    url_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_DATA_DIR", str(tmp_path / "empty"))
    at = _run(url_path)
    assert not at.exception, at.exception
    assert len(at.info) == 1
    assert "No data has been published yet" in at.info[0].value
    assert "python -m etl run --offline --raw-dir DIR" in at.info[0].value
    assert not _charts(at)
    assert not at.warning  # nothing published, so nothing is DEMO DATA either


def test_country_and_corridor_pickers_drive_the_charts(dash_data: Path) -> None:
    at = _run("remittance_costs")
    assert at.selectbox(key="country").value == "KEN"  # settings().home_country
    at.selectbox(key="country").set_value("IND").run()
    assert any(h.value == "Sending money to and from India (IND)" for h in at.header)
    at.selectbox(key="corridor_sending").set_value("USA").run()
    assert at.selectbox(key="corridor_receiving").value == "KEN"
    assert any("United States (USA) → Kenya (KEN)" in h.value for h in at.header)
    assert not at.exception


def test_cheapest_services_sorted_with_transparency(dash_data: Path) -> None:
    at = _run("remittance_costs")
    table = _table(at, "cheapest")
    costs = list(table["cc1_total_cost_pct"])
    assert costs == sorted(costs)
    assert "transparent" in table.columns


def test_severity_filter_hides_warnings(dash_data: Path) -> None:
    at = _run("data_quality")
    at.multiselect(key="severity").set_value(["error"]).run()
    with pytest.raises(KeyError):
        at.get_by_key("block_issues")
    assert "No issue of the selected severity" in at.success[0].value


def test_unreadable_file_shows_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "data" / "clean"
    clean.mkdir(parents=True)
    (clean / "indicators.parquet").write_bytes(b"not a parquet file")
    monkeypatch.setenv("M_E_DATA_DIR", str(tmp_path / "data"))
    at = _run("remittance_costs")
    assert not at.exception, at.exception
    assert "indicators.parquet" in at.error[0].value
    assert "python -m etl run" in at.error[0].value


def test_headline_compares_with_the_same_quarter_a_year_earlier() -> None:
    df = pl.DataFrame({"time_period": ["2023-Q1", "2023-Q2", "2024-Q2"], "value": [7.0, 6.5, 6.2]})
    got = data.headline(df, "GA")
    assert got == data.Headline("GA", "2024-Q2", 6.2, 6.5, "2023-Q2")
    assert data.headline(df.head(1), "GA") == data.Headline("GA", "2023-Q1", 7.0, None, "2022-Q1")

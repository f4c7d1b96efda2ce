"""Every page in PAGES, run with AppTest on the session's published data, checked for content."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.contract import DIMENSIONS
from dashboard.components.widgets import country_name
from dashboard.data import loaders as data
from streamlit_app import HIDDEN_SPECS, PAGE_SPECS
from tests.dashboard.migration_fixture import check_migration
from tests.dashboard.overview_fixture import check_explorer, check_overview, check_settings
from tests.dashboard.report_fixture import check_report
from tests.dashboard.test_navigation import check_help
from tests.dashboard.test_rounds_page import check_rounds
from tests.dashboard.upload_fixture import check_submissions, check_upload

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


def _report_issues(root: Path) -> list[dict]:
    """Every issue recorded in data/reports/latest.json."""
    report = json.loads((root / "reports" / "latest.json").read_text())
    return [i for o in report["outcomes"] for i in o["issues"]]


def check_remittance_costs(at: AppTest, root: Path) -> None:
    """Banner, the GA metric equal to the file's latest value, charts with captions and CSVs."""
    assert "DEMO DATA" in at.warning[0].value
    period, value = _global_average(root)
    metric = next(m for m in at.metric if m.label.startswith("Global average"))
    assert metric.label == f"Global average (USD 200), {period}"
    assert metric.value == f"{value:.2f} %"
    # 3 global charts, inbound/outbound, 3 corridor charts, and % of GDP where WDI has it
    home = at.selectbox(key="country").value
    has_gdp = (
        not _indicators(root)
        .filter((pl.col("series_code") == "BX_TRF_PWKR_DT_GD_ZS") & (pl.col("ref_area") == home))
        .is_empty()
    )
    assert len(_charts(at)) == 7 + has_gdp
    keys = [b.key for b in at.get("download_button")]
    assert len(keys) == len(set(keys)) == 8 + has_gdp  # one per chart + the cheapest services
    assert any(c.value.startswith("Source: ") and "Retrieved:" in c.value for c in at.caption)
    # The page says which rule the Global Average follows (read from the published rows).
    rule = at.get_by_key("ga_rule").markdown[0].value
    excluded = _indicators(root).filter(
        pl.col("comment_obs").fill_null("").str.contains("Excludes sending countries RUS")
        & (pl.col("series_code") == "SI_RMT_COST")
    )
    if excluded.is_empty():
        assert "does NOT follow the World Bank's published rule" in rule
    else:
        assert "corridors sending from Russian Federation (RUS) are left out" in rule


def check_data_quality(at: AppTest, root: Path) -> None:
    """Banner, one status row per dataset, and every issue of latest.json in the issue table."""
    assert "DEMO DATA" in at.warning[0].value
    status = _table(at, "datasets")
    assert list(status["dataset"]) == list(data.DATASETS)
    published = status.set_index("dataset")
    assert published.loc["indicators", "status"] == "DEMO DATA"
    n_issues = len(_report_issues(root))
    if n_issues == 0:  # possible with pipeline-built demo data
        assert "No issue of the selected severity" in at.success[0].value
        return
    issues = _table(at, "issues")
    assert len(issues) == n_issues
    assert {"dataset", "rule", "column", "row", "value", "severity", "message"} <= set(issues)


PAGE_CHECKS: dict[str, Callable[[AppTest, Path], None]] = {
    "remittance-costs": check_remittance_costs,
    "data-quality": check_data_quality,
    "migration": check_migration,
    "overview": check_overview,
    "explorer": check_explorer,
    "settings": check_settings,
    "upload": check_upload,
    "submissions": check_submissions,
    "report": check_report,
    "rounds": check_rounds,
    "help": check_help,
}


def test_every_page_has_an_apptest() -> None:
    assert {s["url_path"] for s in PAGE_SPECS} == set(PAGE_CHECKS)
    # The root address runs the Overview (a hidden default); the visible page keeps /overview.
    assert not [s for s in PAGE_SPECS if s.get("default")]
    assert [s["page"] for s in HIDDEN_SPECS if s.get("default")] == ["dashboard/pages/overview.py"]


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
    options = data.area_options()  # raw ISO3 codes; the widgets show formatted names
    at = _run("remittance-costs")
    assert at.selectbox(key="country").value == "KEN"  # settings().home_country
    other = next(c for c in options.countries if c != "KEN")
    at.selectbox(key="country").set_value(other).run()
    assert at.selectbox(key="country").value == other
    assert any(h.value == f"Sending money to and from {country_name(other)}" for h in at.header)
    sender = at.selectbox(key="corridor_sending").value
    new_sender = next(s for s, _ in options.corridors if s != sender)
    at.selectbox(key="corridor_sending").set_value(new_sender).run()
    receiving = str(at.selectbox(key="corridor_receiving").value)
    assert (new_sender, receiving) in options.corridors
    expected = f"Corridor {country_name(new_sender)} → {country_name(receiving)}"
    assert any(h.value == expected for h in at.header)
    assert not at.exception


def test_cheapest_services_sorted_with_transparency(dash_data: Path) -> None:
    at = _run("remittance-costs")
    table = _table(at, "cheapest")
    costs = list(table["cc1_total_cost_pct"])
    assert costs == sorted(costs)
    assert "transparent" in table.columns


def test_severity_filter_keeps_only_errors(dash_data: Path) -> None:
    n_errors = sum(i["severity"] == "error" for i in _report_issues(dash_data))
    at = _run("data-quality")
    at.multiselect(key="severity").set_value(["error"]).run()
    if n_errors:
        assert set(_table(at, "issues")["severity"]) == {"error"}
        assert len(_table(at, "issues")) == n_errors
    else:
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
    at = _run("remittance-costs")
    assert not at.exception, at.exception
    assert "indicators.parquet" in at.error[0].value
    assert "python -m etl run" in at.error[0].value


def test_headline_compares_with_the_same_quarter_a_year_earlier() -> None:
    df = pl.DataFrame({"time_period": ["2023-Q1", "2023-Q2", "2024-Q2"], "value": [7.0, 6.5, 6.2]})
    got = data.headline(df, "GA")
    assert got == data.Headline("GA", "2024-Q2", 6.2, 6.5, "2023-Q2")
    assert data.headline(df.head(1), "GA") == data.Headline("GA", "2023-Q1", 7.0, None, "2022-Q1")

"""End to end: an RPW workbook in --raw-dir → validated quotes → indicators.parquet per contract."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.contract import COLUMNS
from etl import io
from etl.__main__ import main
from etl.demo.synthetic_rpw import write_rpw_workbook


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workbook in the real format, with every quirk, named as the World Bank names it."""
    folder = tmp_path_factory.mktemp("downloads")
    write_rpw_workbook(folder / "rpw_dataset_2011_2025_q3.xlsx", 900)
    return folder


def test_cli_run_offline_raw_dir_publishes_the_contract(
    workbook: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--offline", "--raw-dir", str(workbook), "--source", "rpw"]) == 0
    quotes = io.read_clean("rpw_quotes")
    table = io.read_clean("indicators")
    assert quotes is not None and table is not None
    assert tuple(table.columns) == COLUMNS
    # The global average of one quarter equals the pooled mean of its transparent USD 200 quotes,
    # recomputed here from the published quotes rather than taken from the indicator code.
    # By default, as the World Bank publishes it, the corridors sending from RUS are left out;
    # the mean over every quote is the second series SI_RMT_COST_ALLCORR.
    quarter = "2019-Q3"
    measured = quotes.filter(
        (pl.col("time_period") == quarter)
        & pl.col("transparent")
        & pl.col("cc1_total_cost_pct").is_not_null()
    )
    expected = measured.filter(pl.col("source_code") != "RUS")["cc1_total_cost_pct"].mean()
    assert measured.filter(pl.col("source_code") == "RUS").height > 0
    every = table.filter(
        (pl.col("series_code") == "SI_RMT_COST_ALLCORR")
        & (pl.col("time_period") == quarter)
        & (pl.col("transfer_amount") == "USD200")
    )
    assert every["value"].to_list() == [pytest.approx(measured["cc1_total_cost_pct"].mean())]
    ga = table.filter(
        (pl.col("series_code") == "SI_RMT_COST")
        & (pl.col("ref_area") == "WLD")
        & (pl.col("counterpart_area") == "WLD")
        & (pl.col("time_period") == quarter)
        & (pl.col("transfer_amount") == "USD200")
        & (pl.col("statistic") == "MEAN")
        & (pl.col("provider_type") == "_T")
        & (pl.col("funding_instrument") == "_T")
        & (pl.col("payout_instrument") == "_T")
    )
    assert ga.height == 1
    assert ga["value"][0] == pytest.approx(expected)
    assert "rpw_dataset_2011_2025_q3.xlsx" in ga["source"][0]
    assert ga["retrieved_at"][0]
    meta = io.read_clean_meta("rpw_quotes")
    assert meta["rows"] == quotes.height
    assert meta["validation"]["errors"] == 0
    assert meta["validation"]["warnings"] > 0  # negative promos, undisclosed margins, ...

    capsys.readouterr()
    assert main(["status"]) == 0
    status = capsys.readouterr().out
    assert "rpw_quotes" in status and f"{quotes.height:,}" in status
    assert meta["inputs"][0]["sha256"][:16] in status


def test_second_run_with_same_workbook_recomputes_nothing(workbook: Path, data_dir: Path) -> None:
    assert main(["run", "--offline", "--raw-dir", str(workbook), "--source", "rpw"]) == 0
    stamp = io.read_clean_meta("indicators")["published_at"]
    mtime = io.clean_path("rpw_quotes").stat().st_mtime_ns
    assert main(["run", "--offline", "--raw-dir", str(workbook), "--source", "rpw"]) == 0
    assert io.clean_path("rpw_quotes").stat().st_mtime_ns == mtime
    assert io.read_clean_meta("indicators")["published_at"] == stamp


def test_demo_fallback_is_labelled_and_replaced_by_official_data(
    workbook: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--offline", "--fallback-demo"]) == 0
    assert "DEMO DATA is being served" in capsys.readouterr().out  # and how to load files
    assert io.read_clean_meta("rpw_quotes")["demo"] is True
    table = io.read_clean("indicators")
    assert table is not None
    rpw_rows = table.filter(pl.col("series_code") == "SI_RMT_COST")
    assert rpw_rows["source"].str.contains("DEMO DATA").all()
    assert io.read_clean_meta("indicators")["demo"] is True

    assert main(["run", "--offline", "--raw-dir", str(workbook), "--fallback-demo"]) == 0
    assert io.read_clean_meta("rpw_quotes")["demo"] is False
    official = io.read_clean("indicators")
    assert official is not None
    # Only the RPW workbook was given: the RPW-based rows become official; the migration
    # datasets (and WDI) have no official file in that folder, so they stay DEMO DATA.
    rpw_rows = official.filter(pl.col("series_code") == "SI_RMT_COST")
    assert rpw_rows.height and not rpw_rows["source"].str.contains("DEMO DATA").any()
    assert "rpw_quotes" not in io.read_clean_meta("indicators")["demo_datasets"]


def test_missing_raw_dir_is_a_usage_error(tmp_path: Path, data_dir: Path) -> None:
    assert main(["run", "--offline", "--raw-dir", str(tmp_path / "nowhere")]) == 2

"""Dashboard fixtures: a data/ folder built once per session, pointed at by M_E_DATA_DIR."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from core import config
from core.contract import DIMENSIONS, TOTAL, conform
from etl import io
from store.submissions import Store

QUARTERS = [f"{y}-Q{q}" for y in range(2014, 2025) for q in range(1, 5)][:-2]  # ends 2024-Q2


def _rows_for(ref: str, cp: str, base: float, *, smart: bool = False) -> list[dict]:
    """Quarterly MEAN (USD 200 and 500) and optional SMART3 rows of one area pair."""
    rows = []
    for i, tp in enumerate(QUARTERS):
        common = {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": ref,
            "counterpart_area": cp,
            "time_period": tp,
            "freq": "Q",
            "unit_measure": "PT",
            "source": "DEMO DATA (synthetic RPW)",
            "retrieved_at": "2024-07-01T00:00:00+00:00",
            "sample_size": 40 + i,
        }
        value = round(base - 0.05 * i, 4)
        rows.append({**common, "transfer_amount": "USD200", "statistic": "MEAN", "value": value})
        rows.append(
            {**common, "transfer_amount": "USD500", "statistic": "MEAN", "value": value - 1.5}
        )
        if smart and tp >= "2016-Q2":
            rows.append(
                {**common, "transfer_amount": "USD200", "statistic": "SMART3", "value": value - 2}
            )
    return rows


def _global_extras() -> list[dict]:
    """Share of corridors below 5 % and the count lacking 3 eligible services (WLD→WLD)."""
    rows = []
    for i, tp in enumerate(QUARTERS):
        common = {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": "WLD",
            "counterpart_area": "WLD",
            "time_period": tp,
            "freq": "Q",
            "transfer_amount": "USD200",
            "source": "DEMO DATA (synthetic RPW)",
            "retrieved_at": "2024-07-01T00:00:00+00:00",
        }
        rows.append(
            {**common, "statistic": "SHARE_BELOW_5", "value": 20.0 + i, "unit_measure": "PT"}
        )
        if tp >= "2016-Q2":
            rows.append(
                {
                    **common,
                    "statistic": "CORRIDORS_LT3_ELIGIBLE",
                    "value": float(30 - i // 2),
                    "unit_measure": "NUMBER",
                }
            )
    return rows


def _provider_rows() -> list[dict]:
    """Firm-type breakdown of GBR→KEN for every quarter."""
    rows = []
    for tp in QUARTERS:
        for ptype, value in (("BANK", 9.5), ("MTO", 5.5)):
            rows.append(
                {
                    "indicator_code": "10.c.1",
                    "series_code": "SI_RMT_COST",
                    "ref_area": "GBR",
                    "counterpart_area": "KEN",
                    "time_period": tp,
                    "freq": "Q",
                    "provider_type": ptype,
                    "transfer_amount": "USD200",
                    "statistic": "MEAN",
                    "value": value,
                    "unit_measure": "PT",
                    "source": "DEMO DATA (synthetic RPW)",
                    "sample_size": 3,
                }
            )
    return rows


def _wb_rows() -> list[dict]:
    """Annual World Bank series for KEN (IB) and GBR (OB), and 17.3.2 for KEN."""
    rows = []
    for y in range(2011, 2021):
        base = {"time_period": str(y), "freq": "A", "source": "DEMO DATA (WDI)"}
        rows.append(
            {**base, "indicator_code": "10.c.1", "series_code": "SI_RMT_COST_IB_ZS",
             "ref_area": "WLD", "counterpart_area": "KEN", "value": 9.0 - 0.1 * (y - 2011),
             "unit_measure": "PT"}
        )  # fmt: skip
        rows.append(
            {**base, "indicator_code": "10.c.1", "series_code": "SI_RMT_COST_OB_ZS",
             "ref_area": "GBR", "counterpart_area": "WLD", "value": 7.0, "unit_measure": "PT"}
        )  # fmt: skip
        rows.append(
            {**base, "indicator_code": "17.3.2", "series_code": "BX_TRF_PWKR_DT_GD_ZS",
             "ref_area": "KEN", "value": 3.0 + 0.1 * (y - 2011), "unit_measure": "PT"}
        )  # fmt: skip
    return rows


def handmade_indicators() -> pl.DataFrame:
    """A small contract frame in the shape indicators/build.py publishes."""
    rows = (
        _rows_for("WLD", "WLD", 8.0, smart=True)
        + _rows_for("GBR", "KEN", 9.0, smart=True)
        + _rows_for("USA", "KEN", 6.0, smart=True)
        + _rows_for("GBR", "IND", 5.0, smart=True)
        + _rows_for("WLD", "KEN", 8.5)
        + _rows_for("WLD", "IND", 5.5)
        + _rows_for("GBR", "WLD", 7.5)
        + _rows_for("USA", "WLD", 6.0)
        + _rows_for("WLD", "SSF", 9.0)
        + _global_extras()
        + _provider_rows()
        + _wb_rows()
    )
    frame = pl.DataFrame(rows, infer_schema_length=None)
    # rows built from dicts lack some dimensions: the contract's total code is "_T", never null
    dims = [c for c in (*DIMENSIONS, "counterpart_area") if c in frame.columns]
    return conform(frame.with_columns(pl.col(dims).fill_null(TOTAL)))


def handmade_quotes() -> pl.DataFrame:
    """Five GBR→KEN services in the latest quarter, RPW_QUOTES schema."""
    from etl.schemas import RPW_QUOTES
    from etl.schemas import conform as conform_schema

    firms = [
        ("Bank A", "BANK", 9.8, True),
        ("MTO B", "MTO", 3.1, True),
        ("MTO C", "MTO", 4.2, False),
        ("Post D", "POST", 6.0, True),
        ("Mobile E", "MOBILE", 2.5, True),
    ]
    rows = [
        {
            "time_period": QUARTERS[-1],
            "source_code": "GBR",
            "destination_code": "KEN",
            "firm": firm,
            "provider_type": ptype,
            "cc1_total_cost_pct": cost,
            "cc2_total_cost_pct": cost - 1,
            "transparent": transparent,
            "speed_actual": "Same day",
            "payment_instrument": "Cash",
            "pickup_method": "Cash",
        }
        for firm, ptype, cost, transparent in firms
    ]
    return conform_schema(pl.DataFrame(rows), RPW_QUOTES)


def _meta(dataset: str, rows: int) -> dict:
    return {
        "dataset": dataset,
        "inputs": [],
        "rows": rows,
        "published_at": "2024-07-02T10:00:00+00:00",
        "validation": {"errors": 0, "warnings": 1},
        "demo": True,
    }


def write_handmade(root: Path) -> None:
    """Publish the hand-made datasets and a run report under `root` (a data/ folder)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        ind, quotes = handmade_indicators(), handmade_quotes()
        io.write_clean(ind, "indicators", _meta("indicators", ind.height))
        io.write_clean(quotes, "rpw_quotes", _meta("rpw_quotes", quotes.height))
        issue = {
            "dataset": "rpw_quotes", "rule": "non_negative_cost", "column": "cc1_total_cost_pct",
            "row": 7, "value": "-0.5", "severity": "warning", "message": "negative total cost",
        }  # fmt: skip
        report = {
            "run_at": "2024-07-02T10:00:00+00:00",
            "outcomes": [
                {"source": "rpw", "status": "demo", "message": "", "rows": quotes.height,
                 "files": [], "seconds": {}, "issues": [issue]},
            ],
        }  # fmt: skip
        io.write_json(report, config.reports_dir() / "latest.json")


@pytest.fixture(scope="session")
def built_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data/ folder published once per session by the real pipeline (offline, DEMO DATA)."""
    from etl import pipeline

    root = tmp_path_factory.mktemp("dashboard") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        pipeline.run(offline=True, fallback_demo=True)
    return root


@pytest.fixture
def root(built_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the published demo data (the store writes app.duckdb into it)."""
    copy = tmp_path / "data"
    shutil.copytree(built_data_dir, copy)
    monkeypatch.setenv("M_E_DATA_DIR", str(copy))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return copy


@pytest.fixture
def store(root: Path) -> Store:
    """The private copy's DuckDB store with a contributor and an approver account."""
    from tests.dashboard.upload_fixture import make_store

    return make_store(root)


@pytest.fixture
def dash_data(built_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point M_E_DATA_DIR at the session's data for this test only."""
    monkeypatch.setenv("M_E_DATA_DIR", str(built_data_dir))
    yield built_data_dir

"""A data/ folder with the migration indicators computed from the real files in ../shared/data.

Runs each source's own parse/clean on the published files and the indicator compute functions
(indicators/compute/migration.py, displacement.py, flows.py, specs.py), cites the sources as
indicators/build.py does, and publishes indicators.parquet with etl.io.write_clean. It does not
depend on these sources being registered in the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.config import Settings
from core.contract import KEY, conform
from dashboard.data import migration as md
from etl import io
from etl.sources import iom_mmp, knomad, undesa_matrix, undesa_stock, unhcr, wb_bilateral, wdi
from etl.sources.base import SourceSpec
from indicators.build import add_provenance, check_unique_keys
from indicators.compute.displacement import compute_10_7_3, compute_10_7_4
from indicators.compute.flows import compute_remittance_flows
from indicators.compute.migration import compute_emigration, compute_migrant_stock
from indicators.compute.wb_series import REMITTANCE_VOLUME, compute_wb_series
from tests.conftest import require_shared

UNDESA = "migrant_stock/undesa/"
FILES: dict[str, tuple[SourceSpec, tuple[str, ...]]] = {
    "undesa_stock": (
        undesa_stock.SPEC,
        (
            UNDESA + "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
            UNDESA + "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
            UNDESA + "UN_MigrantStockTotal_2019.xlsx",
            UNDESA + "aggregates_correspondence_table_2020_1.xlsx",
        ),
    ),
    "undesa_matrix": (
        undesa_matrix.SPEC,
        (
            "migrant_stock/undesa_origin_destination_2019_clean/"
            "UN_MigrantStockByOriginAndDestination_2019_clean.csv",
            UNDESA + "aggregates_correspondence_table_2020_1.xlsx",
        ),
    ),
    "unhcr_population": (unhcr.SPEC, ("unhcr/guyabel_wmr2022/unhcr_2020.csv",)),
    "iom_mmp_incidents": (
        iom_mmp.SPEC,
        ("missing_migrants/iom_mmp_2021-03-27/MissingMigrants-Global-2021-03-27T05-02-23.csv",),
    ),
    "knomad_remittances": (
        knomad.SPEC,
        ("knomad/2023/remittance-inflows.xlsx", "knomad/2023/remittance-outflows.xlsx"),
    ),
    "wb_bilateral": (
        wb_bilateral.SPEC,
        ("knomad/bilateral_2017/WB_Bilateral_Remittance_Estimates_2017.xlsx",),
    ),
    "wdi": (
        wdi.SPEC,
        (
            "wdi/excel_2023-05/remittances-received-percent-gdp.xls",
            "wdi/excel_2023-10/API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls",
            "wdi/excel_2023-10/API_SM.POP.REFG.OR_DS2_en_excel_v2_5997665.xls",
        ),
    ),
}
LOAD_COMMAND = "python -m etl run --offline --raw-dir DIR"
RETRIEVED = "2026-11-22T00:00:00+00:00"  # when ../shared/data was collected (SOURCES.md)


def load_frames() -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Every clean dataset the migration page needs, and a sidecar-like meta for each."""
    frames, metas = {}, {}
    for dataset, (spec, files) in FILES.items():
        paths = [require_shared(f) for f in files]
        parsed = [spec.parse(p) for p in paths]
        frames[dataset] = spec.clean(pl.concat(parsed, how="diagonal_relaxed"))
        metas[dataset] = {
            "dataset": dataset,
            "title": spec.title,
            "publisher": spec.publisher,
            "inputs": [
                {"file": f"raw/{spec.name}/{p.name}", "url": spec.url, "retrieved_at": RETRIEVED}
                for p in paths
            ],
            "demo": False,
        }
    return frames, metas


def migration_indicators(frames: dict[str, pl.DataFrame], metas: dict[str, dict]) -> pl.DataFrame:
    """The contract rows of every series the Migration page shows, with citations."""
    settings = Settings()
    computes = (
        compute_migrant_stock,
        compute_emigration,
        compute_10_7_4,
        compute_10_7_3,
        compute_remittance_flows,
    )
    parts = [conform(fn(frames, settings)) for fn in computes]
    # 17.3.2 % of GDP and US$ from WDI, without the flows other specs may add to it
    parts.append(conform(compute_wb_series(frames, codes=REMITTANCE_VOLUME)))
    table = conform(add_provenance(pl.concat(parts), metas))
    check_unique_keys(table)
    return table.sort(list(KEY))


def publish(root: Path, table: pl.DataFrame, *, demo: bool) -> Path:
    """Write `table` as data/clean/indicators.parquet under `root`, flagged demo or not."""
    meta = {
        "dataset": "indicators",
        "inputs": {},
        "rows": table.height,
        "published_at": RETRIEVED,
        "validation": {"errors": 0, "warnings": 0},
        "demo": demo,
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        return io.write_clean(table, "indicators", meta)


def build_real(root: Path, *, demo: bool = False) -> pl.DataFrame:
    """Publish the real-file migration indicators under `root` (a data/ folder); return them."""
    frames, metas = load_frames()
    table = migration_indicators(frames, metas)
    publish(root, table, demo=demo)
    return table


def check_migration(at: AppTest, root: Path) -> None:
    """Content check for test_pages.PAGE_CHECKS: charts when migration series exist, else advice."""
    table = pl.read_parquet(root / "clean" / "indicators.parquet")
    codes = set(table["series_code"].unique().to_list())
    assert any(h.value.startswith("SDG 10.7.3") for h in at.header)
    if md.STOCK not in codes:
        assert any(LOAD_COMMAND in i.value for i in at.info)
        return
    assert any(m.label.startswith("Migrant stock, ") for m in at.metric)
    keys = [b.key for b in at.get("download_button")]
    assert len(keys) == len(set(keys)) == len(list(at.get("vega_lite_chart")))

"""Explorer 'Region and peers': the country beside its UN DESA regions and chosen peers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.areas import area_label
from streamlit_app import PAGE_SPECS
from tests.dashboard.overview_fixture import publish_real

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
EXPLORER = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "explorer")


@pytest.fixture(scope="module")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output on the real files in ../shared/data (once per module)."""
    return publish_real(tmp_path_factory.mktemp("compare_real") / "data")


@pytest.fixture
def real_data(real_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("M_E_DATA_DIR", str(real_root))
    yield real_root


def _open(indicator: str, country: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.query_params.update({"indicator": indicator, "country": country})
    return at.switch_page(EXPLORER).run()


def test_country_beside_region_median_and_peers(real_data: Path) -> None:
    at = _open("10.7.4", "KEN")
    assert not at.exception, at.exception
    series = str(at.selectbox(key="explorer_series_10.7.4").value)
    ref = str(at.selectbox(key=f"explorer_ref_{series}").value)
    assert ref == "KEN"
    at.multiselect(key="explorer_peers").set_value(["UGA", "AFG"]).run()
    shown = pl.from_pandas(at.get_by_key("block_explorer_peers").dataframe[0].value)
    assert shown["area"].to_list()[0] == area_label("KEN")
    ind = pl.read_parquet(real_data / "clean" / "indicators.parquet").filter(
        (pl.col("series_code") == series)
        & (pl.col("counterpart_area") == str(at.selectbox(key=f"explorer_cp_{series}_KEN").value))
        & pl.col("value").is_not_null()
    )
    # one value per area and year: no further breakdown to select for this series
    assert ind.group_by("ref_area", "time_period").len()["len"].max() == 1

    ken = ind.filter(pl.col("ref_area") == "KEN").sort("time_period").row(-1, named=True)
    row = shown.row(0, named=True)
    assert (row["period"], row["value"]) == (ken["time_period"], pytest.approx(ken["value"]))
    # Eastern Africa (UN DESA subregion): no published regional figure, so the median of its
    # member countries in Kenya's latest year, labelled as computed here.
    regions = pl.read_parquet(real_data / "clean" / "undesa_regions.parquet")
    members = regions.filter(pl.col("subregion") == "Eastern Africa")["iso3"].to_list()
    same = ind.filter(
        pl.col("ref_area").is_in(members) & (pl.col("time_period") == ken["time_period"])
    )
    east = shown.filter(pl.col("area") == "Eastern Africa").row(0, named=True)
    assert east["value"] == pytest.approx(same["value"].median())
    assert f"median of the {same.height} of its {len(members)} countries" in east["what it is"]
    assert "not an official regional figure" in east["what it is"]
    assert shown.filter(pl.col("area") == "Sub-Saharan Africa").height == 1
    peers = shown.filter(pl.col("what it is") == "peer country")["area"].to_list()
    assert peers == [area_label("UGA"), area_label("AFG")]

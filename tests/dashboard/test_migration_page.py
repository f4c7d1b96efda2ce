"""The Migration page (AppTest) on indicators computed from the real files, and its parts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import migration_charts as mc
from dashboard.components import world_map
from dashboard.data import migration as md
from tests.dashboard.migration_fixture import LOAD_COMMAND, build_real, check_migration, publish

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGE = "dashboard/pages/migration.py"
GEOMETRY_SHA256 = "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8"


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pl.DataFrame]:
    """data/ with the real-file migration indicators (not demo), and the table itself."""
    root = tmp_path_factory.mktemp("migration") / "data"
    return root, build_real(root)


@pytest.fixture
def real_data(real_table: tuple[Path, pl.DataFrame], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("M_E_DATA_DIR", str(real_table[0]))
    monkeypatch.setenv("M_E_HOME_COUNTRY", "KEN")
    return real_table[0]


def _republish(
    table: pl.DataFrame, root: Path, monkeypatch: pytest.MonkeyPatch, demo: bool
) -> None:
    publish(root, table, demo=demo)
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    monkeypatch.setenv("M_E_HOME_COUNTRY", "KEN")


def _run() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(PAGE).run()


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _block_charts(at: AppTest, key: str) -> int:
    return len(list(at.get_by_key(f"block_{key}").get("vega_lite_chart")))


def test_kenya_profile_shows_the_published_figures(real_data: Path) -> None:
    at = _run()
    assert not at.exception, at.exception
    assert not at.warning  # real files: no DEMO DATA banner
    assert at.selectbox(key="migration_country").value == "KEN"
    metrics = _metrics(at)
    # UN DESA IMS 2020 Kenya (tests/indicators/compute/test_migration.py): 1,050,147 migrants,
    # 535,348 emigrants, emigration rate 535,348 / (53,771,300 + 535,348) = 0.986 %.
    assert metrics["Migrant stock, 2020"] == "1,050,147"
    assert metrics["Emigrants, 2020"] == "535,348"
    assert metrics["Emigration rate, 2020"] == "0.99 %"
    # 2 sex trends, top origins and destinations, the map, 3 refugee (from Kenya and hosted
    # in Kenya apart: one would vanish on the other's scale, issue 13), 2 remittance and
    # 3 MMP charts: each with a caption naming source and vintage and its own CSV download.
    assert len(list(at.get("vega_lite_chart"))) == 13
    keys = [b.key for b in at.get("download_button")]
    assert len(keys) == len(set(keys)) == 13
    captions = [c.value for c in at.caption]
    assert any("Vintage: IMS 2020." in c for c in captions)
    assert any("Vintage: release 2023-06." in c for c in captions)  # KNOMAD inflows
    assert any("Map: Natural Earth 1:110m" in c for c in captions)
    blocks = ("top_origins", "map_origins", "refugees", "refugees_hosted")
    assert all(_block_charts(at, k) == 1 for k in blocks)
    check_migration(at, real_data)


def test_map_switches_to_destinations(real_data: Path) -> None:
    at = _run()
    at.radio(key="map_side").set_value("destinations").run()
    assert not at.exception, at.exception
    assert _block_charts(at, "map_destinations") == 1
    with pytest.raises(KeyError):
        at.get_by_key("block_map_origins")


def test_country_picker_drives_the_profile(real_data: Path) -> None:
    at = _run()
    at.selectbox(key="migration_country").set_value("USA").run()
    assert not at.exception, at.exception
    assert any(h.value == "Migration profile: United States (USA)" for h in at.header)
    top = md.top_partners(md.country_profile("USA"), "USA", "origins")
    # Mexico -> United States, 11,489,684 in 2019 (IMS 2019 matrix): the largest corridor.
    assert top.row(0, named=True)["partner"] == "MEX"
    assert top.row(0, named=True)["value"] == 11_489_684
    assert top.height == 10


def test_10_7_3_panel_counts_routes_and_caveat(real_data: Path) -> None:
    at = _run()
    at.selectbox(key="mmp_year").set_value("2016").run()
    assert not at.exception, at.exception
    # IOM MMP export 2021-03-27: 8,074 dead and missing in 2016, all regions (by hand).
    assert _metrics(at)["Dead and missing, all MMP regions, 2016"] == "8,074"
    caveat = at.get_by_key("mmp_caveat").markdown[0].value
    assert "minimum estimate" in caveat
    assert "should not be used to identify trends over time" in caveat
    assert _block_charts(at, "mmp_routes") == 1
    parts = md.deaths_in(md.deaths(), "2016")
    med = parts["regions"].filter(pl.col("area") == "Mediterranean")
    assert med["value"].to_list() == [
        5143.0
    ]  # by hand in tests/indicators/compute/test_displacement.py
    assert set(parts["routes"]["area"]) <= set(md.ROUTE_CODES)


def test_10_7_3_partial_year_is_not_the_default_and_is_labelled(real_data: Path) -> None:
    at = _run()
    assert not at.exception, at.exception
    # The export is dated 2021-03-27: 2021 is 1 Jan-27 Mar only, so 2020 opens by default.
    assert at.selectbox(key="mmp_year").value == "2020"
    assert _metrics(at)["Dead and missing, all MMP regions, 2020"] == "3,891"
    assert not at.warning
    at.selectbox(key="mmp_year").set_value("2021").run()
    label = "Dead and missing, all MMP regions (partial period: 1 Jan–27 Mar 2021), 2021"
    assert _metrics(at)[label] == "569"
    assert any("not annual totals" in w.value for w in at.warning)


def test_top_partners_match_the_published_rows(real_table: tuple[Path, pl.DataFrame]) -> None:
    table = real_table[1]
    bilat = table.filter((pl.col("series_code") == "SM_POP_BILAT") & (pl.col("ref_area") == "KEN"))
    last = bilat["time_period"].max()
    expected = (
        bilat.filter((pl.col("time_period") == last) & (pl.col("value") > 0))
        .sort(["value", "counterpart_area"], descending=[True, False])
        .head(10)["counterpart_area"]
        .to_list()
    )
    got = md.top_partners(table.filter(pl.col("ref_area") == "KEN"), "KEN", "origins")
    assert got["partner"].to_list() == expected
    assert got["partner_name"][0].endswith(f"({expected[0]})")
    dest = md.top_partners(table, "KEN", "destinations")
    assert dest.height == 10
    assert (dest["counterpart_area"] == "KEN").all()


def test_demo_data_shows_the_banner(
    real_table: tuple[Path, pl.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _republish(real_table[1], tmp_path / "data", monkeypatch, demo=True)
    at = _run()
    assert not at.exception, at.exception
    assert "DEMO DATA" in at.warning[0].value


def test_missing_series_say_what_to_load(
    real_table: tuple[Path, pl.DataFrame], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dropped = ("SM_POP_BILAT", "SM_DTH_MIGR", "SM_DTH_MIGR_SQ")
    table = real_table[1].filter(~pl.col("series_code").is_in(dropped))
    _republish(table, tmp_path / "data", monkeypatch, demo=False)
    at = _run()
    assert not at.exception, at.exception
    infos = [i.value for i in at.info]
    assert len(infos) == 2
    assert "UN_MigrantStockByOriginAndDestination_2019" in infos[0]
    assert "MissingMigrants-Global-" in infos[1]
    assert all(LOAD_COMMAND in i for i in infos)
    assert _metrics(at)["Migrant stock, 2020"] == "1,050,147"  # the rest still shows
    assert len(list(at.get("vega_lite_chart"))) == 7  # refugees from and hosted: 2 charts


def test_table_without_migration_series(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.dashboard.conftest import handmade_indicators  # RPW and WDI rows only

    _republish(handmade_indicators(), tmp_path / "data", monkeypatch, demo=True)
    at = _run()
    assert not at.exception, at.exception
    assert "No country-level migration series" in at.info[0].value
    assert all(LOAD_COMMAND in i.value for i in at.info)
    assert not list(at.get("vega_lite_chart"))
    check_migration(at, tmp_path / "data")


def test_nothing_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_DATA_DIR", str(tmp_path / "empty"))
    at = _run()
    assert not at.exception, at.exception
    assert len(at.info) == 1 and "No data has been published yet" in at.info[0].value
    assert not at.warning


# --- the map, without Streamlit ------------------------------------------------------------


def test_bundled_geometry_is_the_documented_file() -> None:
    digest = hashlib.sha256(world_map.GEOMETRY.read_bytes()).hexdigest()
    assert digest == GEOMETRY_SHA256
    assert len(world_map.drawn_ids()) == 174  # 177 shapes; N. Cyprus, Somaliland, Kosovo: no id
    assert world_map.numeric_id("KEN") == "404"
    assert world_map.not_drawn(["KEN", "SGP", "XKX"]) == ["SGP", "XKX"]


def _urls(node: object) -> list[str]:
    """Every 'url' value anywhere in a Vega-Lite spec."""
    if isinstance(node, dict):
        found = [str(v) for k, v in node.items() if k == "url"]
        return found + [u for v in node.values() for u in _urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in _urls(v)]
    return []


def test_partner_map_inlines_geometry_and_partners() -> None:
    rows = pl.DataFrame(
        {
            "partner": ["SOM", "UGA", "SGP"],
            "partner_name": ["Somalia (SOM)", "Uganda (UGA)", "Singapore (SGP)"],
            "value": [300.0, 200.0, 10.0],
            "time_period": ["2019"] * 3,
        }
    )
    spec = world_map.partner_map(
        rows, home="KEN", home_name="Kenya (KEN)", title="t", legend="persons"
    ).to_dict()
    assert _urls(spec) == []  # nothing fetched at render time
    assert spec["data"]["format"] == {"type": "topojson", "feature": "countries"}
    topo = spec["datasets"][spec["data"]["name"]]
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) == 177
    lookup = spec["layer"][1]["transform"][0]["from"]
    partners = spec["datasets"][lookup["data"]["name"]]
    assert [(p["id"], p["rank"], p["value"]) for p in partners] == [
        ("706", 1, 300.0),
        ("800", 2, 200.0),
        ("702", 3, 10.0),
    ]
    assert json.dumps(spec["layer"][2]["transform"][0]) == '{"filter": "(datum.id === \'404\')"}'


def test_vintage_and_sex_labels() -> None:
    df = pl.DataFrame(
        {
            "comment_obs": ["type of data: B; IMS 2020; ...", "KNOMAD, release 2023-06", None],
            "sex": ["_T", "F", "M"],
            "time_period": ["2020", "2020", "2020"],
            "value": [1.0, 2.0, 3.0],
            "source": ["s"] * 3,
        }
    )
    assert mc.vintage(df) == "IMS 2020; release 2023-06"
    assert mc.vintage(df.drop("comment_obs")) == "as in the source file named"
    enc = mc.sex_trend_chart(df, title="t").to_dict()["encoding"]
    assert enc["color"]["field"] == "sex_label" and enc["y"]["title"] == mc.PERSONS

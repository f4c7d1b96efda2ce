"""Overview, Explorer and Settings pages (issue 5) with AppTest, on demo data and on real data."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from core.contract import conform
from dashboard.components import progress_charts
from dashboard.data import progress as progress_data
from indicators.progress.inputs import select_series
from indicators.progress.method import progress
from indicators.progress.styles import status_badge as badge
from store.settings import storage as ns
from store.submissions import User, open_store
from streamlit_app import HIDDEN_SPECS, PAGE_SPECS
from tests.dashboard.overview_fixture import (
    check_explorer,
    check_overview,
    check_settings,
    publish_real,
    table,
)

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = {s["url_path"]: s["page"] for s in PAGE_SPECS}


def _run(url_path: str, **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    return at.switch_page(PAGES[url_path]).run()


@pytest.fixture
def own_copy(built_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the session's demo data (tests here write settings and uploads)."""
    root = tmp_path / "data"
    shutil.copytree(built_data_dir, root, ignore=shutil.ignore_patterns("app.duckdb*"))
    monkeypatch.setenv("M_E_DATA_DIR", str(root))
    return root


@pytest.fixture(scope="module")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output on the real files in ../shared/data (~12 s, once per module)."""
    return publish_real(tmp_path_factory.mktemp("overview_real") / "data")


@pytest.fixture
def real_data(real_root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("M_E_DATA_DIR", str(real_root))
    yield real_root


def test_overview_is_the_default_page(dash_data: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Results framework overview"
    # The root address runs the Overview (a hidden default); the visible page keeps /overview.
    assert not [s for s in PAGE_SPECS if s.get("default")]
    assert [s["page"] for s in HIDDEN_SPECS if s.get("default")] == ["dashboard/pages/overview.py"]


@pytest.mark.parametrize("page", ["overview", "explorer", "settings"])
def test_pages_on_demo_data(page: str, dash_data: Path) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    {"overview": check_overview, "explorer": check_explorer, "settings": check_settings}[page](
        at, dash_data
    )


@pytest.mark.parametrize("page", ["overview", "explorer", "settings"])
def test_pages_on_real_data(page: str, real_data: Path) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    {"overview": check_overview, "explorer": check_explorer, "settings": check_settings}[page](
        at, real_data
    )


def _ken_1074(root: Path):  # type: ignore[no-untyped-def]
    rows = select_series(table(root), series_code="SM_POP_REFG_OR", ref_area="KEN")
    return progress(rows, direction="negative", base_year=2015)


@pytest.mark.parametrize("which", ["demo", "real"])
def test_ken_1074_card_shows_the_progress_status_and_its_inputs(
    which: str, request: pytest.FixtureRequest
) -> None:
    root = request.getfixturevalue("dash_data" if which == "demo" else "real_data")
    expected = _ken_1074(root)
    assert expected.base_value is not None and expected.current_value is not None
    at = _run("overview")
    assert at.selectbox(key="country").value == "KEN"
    card = at.get_by_key("card_10_7_4")
    assert badge(expected.status) in card.markdown[-1].value
    why = card.expander[0].text[0].value
    assert f"Base: {expected.base_year} = {expected.base_value:.4g}." in why
    assert f"{expected.current_year} = {expected.current_value:.4g}." in why
    assert "Open SDG progress measure, method 1" in why
    if which == "real":  # UNHCR / UN DESA: 2015 = 16.5, 2019 = 15.25 per 100,000 → On track
        assert (expected.base_value, expected.current_value) == pytest.approx((16.50, 15.25), 1e-3)
        assert expected.status == "substantial_progress"


def test_open_in_explorer_hands_over_the_indicator(dash_data: Path) -> None:
    at = _run("overview")
    at.button(key="open_10_7_4").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Indicator explorer"
    assert at.selectbox(key="explorer_code").value == "10.7.4"
    assert at.header[0].value.startswith("10.7.4: ")
    assert at.query_params["indicator"] == "10.7.4"


def _layers(at: AppTest) -> list[dict]:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)["layer"]


def test_explorer_xlsx_matches_the_table_and_breaks_are_drawn(dash_data: Path) -> None:
    at = _run("explorer", explorer_code="10.c.1")
    assert not at.exception, at.exception
    picked = {s.key: s.value for s in at.selectbox}
    series = picked["explorer_series_10.c.1"]
    prefix = f"explorer_dim_{series}_"
    dims = tuple((k.removeprefix(prefix), v) for k, v in picked.items() if k.startswith(prefix))
    # filters come from the data: RPW rows by frequency, provider, instruments, amount, statistic
    assert dict(dims) == {
        "freq": "Q", "provider_type": "_T", "funding_instrument": "_T",
        "payout_instrument": "_T", "transfer_amount": "USD200", "statistic": "MEAN",
    }  # fmt: skip
    rows = progress_data.explorer_rows(series, "WLD", "KEN", dims)
    shown = at.get_by_key("block_explorer_table").dataframe[0].value
    assert list(shown["value"]) == rows["value"].to_list()
    ws = load_workbook(io.BytesIO(progress_data.xlsx_bytes(rows))).active
    assert ws is not None and ws.max_row == rows.height + 1
    assert [c.value for c in ws[1]] == rows.columns
    marks = [(layer["mark"]["type"], layer["mark"].get("color")) for layer in _layers(at)]
    assert ("rule", "#666666") in marks  # the Q2 2016 break, inside 2011-Q1 … 2025-Q3
    assert marks.count(("rule", "#000000")) == 2  # baseline and target


def test_chart_labels_baseline_target_milestones_and_breaks() -> None:
    df = pl.DataFrame(
        {"time_period": ["2015-Q4", "2016-Q3"], "value": [8.0, 7.0], "series": ["a", "a"],
         "source": ["s", "s"]}
    )  # fmt: skip
    spec = json.dumps(
        progress_charts.progress_chart(
            df, title="T", unit="%", baseline=(2015, 8.0), target=(2030, 3.0),
            milestones=((2025, 5.0),), breaks=(("2016-Q2", "RPW change"),),
        ).to_dict()
    )  # fmt: skip
    for label in ("Baseline 2015: 8", "Target 3 by 2030", "National milestone 2025: 5"):
        assert label in spec
    assert "Break in series, 2016-Q2: RPW change" in spec
    outside = progress_charts.progress_chart(df, title="T", unit="%", breaks=(("2020", "x"),))
    assert "Break in series" not in json.dumps(outside.to_dict())


def test_national_target_and_milestone_apply_to_card_and_chart(own_copy: Path) -> None:
    s = ns.with_target(ns.NationalSettings(), "KEN", "10.7.4", ns.Target(200.0, 2030))
    s = ns.with_milestones(s, "KEN", "10.7.4", (ns.Milestone(2025, 250.0),))
    ns.save(s, user=User("tester", "approver"))
    at = _run("overview")
    why = at.get_by_key("card_10_7_4").expander[0].text[0].value
    assert "Target: 200 by 2030." in why
    assert "the national target 200 by 2030 (set on the Settings page)" in why
    assert "Open SDG progress measure, method 2" in why
    at = _run("explorer", explorer_code="10.7.4")
    marks = [layer["mark"] for layer in _layers(at)]
    assert {
        "type": "point",
        "shape": "square",
        "size": 90,
        "filled": True,
        "color": "#CC79A7",
    } in marks
    assert "Target: 200 by 2030." in at.expander[0].text[0].value


def test_national_values_sit_beside_the_custodian_ones(own_copy: Path) -> None:
    custodian = select_series(table(own_copy), series_code="SM_POP_REFG_OR", ref_area="KEN")
    national = conform(
        custodian.head(2).with_columns(
            value=pl.col("value") + 1.0, source=pl.lit("KNBS"), indicator_code=pl.lit("10.7.4")
        )
    )
    national.write_parquet(own_copy / "clean" / "national_indicators.parquet")
    at = _run("explorer", explorer_code="10.7.4")
    assert not at.exception, at.exception
    compared = at.get_by_key("block_explorer_compare").dataframe[0].value
    assert list(compared["difference"]) == pytest.approx([1.0, 1.0])
    assert list(compared["time_period"]) == custodian["time_period"].head(2).to_list()


def test_viewers_see_settings_read_only_and_approvers_edit_them(own_copy: Path) -> None:
    at = _run("settings")
    assert "Save target" not in [b.label for b in at.get("form_submit_button")]
    store = open_store()
    store.add_user("amina", "approver", "a long enough password", by="test")
    store.backend.close() if hasattr(store.backend, "close") else None
    at = _run("settings", auth_user="amina")
    assert not at.exception, at.exception
    at.selectbox(key="settings_target_country").set_value("KEN")
    at.selectbox(key="settings_target_code").set_value("10.c.1")
    at.number_input(key="settings_target_value").set_value(4.5)
    at.number_input(key="settings_target_year").set_value(2028)
    next(b for b in at.get("form_submit_button") if b.label == "Save target").click().run()
    assert not at.exception, at.exception
    assert ns.load().target_for("KEN", "10.c.1") == ns.Target(4.5, 2028)
    log = ns.audit_log()
    assert log[-1]["user"] == "amina" and log[-1]["key"] == "targets.KEN.10.c.1"
    assert log[-1]["old"] is None and log[-1]["new"] == {"target": 4.5, "target_year": 2028}
    shown = at.get_by_key("block_targets").dataframe[0].value
    assert shown.to_dict("records") == [
        {"country": "KEN", "indicator": "10.c.1", "target": 4.5, "target_year": 2028}
    ]


def test_approver_chooses_a_headline_series_and_the_card_says_so(own_copy: Path) -> None:
    store = open_store()
    store.add_user("amina", "approver", "a long enough password", by="test")
    store.backend.close() if hasattr(store.backend, "close") else None
    at = _run("settings", auth_user="amina")
    at.selectbox(key="settings_hl_country").set_value("KEN")
    at.selectbox(key="settings_hl_pair").set_value(("10.c.1", "SI_RMT_COST_IB_ZS"))
    label = "Use this headline series"
    next(b for b in at.get("form_submit_button") if b.label == label).click().run()
    assert not at.exception, at.exception
    assert ns.load().headline_for("KEN", "10.c.1") == "SI_RMT_COST_IB_ZS"
    assert ns.audit_log()[-1]["key"] == "headlines.KEN.10.c.1"
    shown = at.get_by_key("block_headlines").dataframe[0].value
    assert shown.to_dict("records") == [
        {"country": "KEN", "indicator": "10.c.1", "headline series": "SI_RMT_COST_IB_ZS"}
    ]
    progress_data.st.cache_data.clear()
    card = next(c for c in progress_data.scorecards("KEN") if c.code == "10.c.1")
    # The demo set has no WDI series: the card says the choice has no data and falls back.
    assert card.headline is not None and card.headline.series_code == "SI_RMT_COST"
    assert (
        "the nationally chosen Average cost of sending USD 200 to the country (World Bank WDI) "
        "(SI_RMT_COST_IB_ZS) has no data for this country"
    ) in card.why


def test_context_indicators_say_not_assessed_on_real_data(real_data: Path) -> None:
    at = _run("overview")
    assert not at.exception, at.exception
    card = at.get_by_key("card_17_3_2")  # remittances % of GDP: no custodian direction
    assert "◇ Not assessed (context)" in card.markdown[-1].value
    why = card.expander[0].text[0].value
    assert "no custodian defines a desired direction" in why
    assert "Deterioration" not in why and "Not available" not in why
    deaths = at.get_by_key("card_10_7_3")  # regional series: never a country's figure
    assert any("no country series" in m.label for m in deaths.metric)


def test_real_data_cards_say_their_origin_and_show_no_demo_banner(real_data: Path) -> None:
    """Issue 10: official figures only, no DEMO DATA banner, each card states its origin."""
    at = _run("overview")
    assert not at.exception, at.exception
    assert not any("DEMO DATA" in w.value for w in at.warning)
    card = at.get_by_key("card_10_7_4")  # SM_POP_REFG_OR: UNHCR count per UN DESA population
    captions = [c.value for c in card.caption]
    assert "Origin: derived (computed here from official inputs)." in captions
    assert any("data retrieved 20" in c for c in captions)


def test_missing_input_says_not_loaded_yet_and_how(data_dir: Path) -> None:
    from etl.demo.rule import missing_state
    from indicators.registry_meta import entry

    text = missing_state(entry("10.c.1").spec.inputs)
    assert text.startswith("Not loaded yet. Download ")
    assert "rpw_dataset_*.xlsx" in text and "--raw-dir DIR" in text
    (data_dir / "clean" / "rpw_quotes.parquet").write_bytes(b"")  # as if published
    text = missing_state(("rpw_quotes",))
    assert text == "No value for this country in the published data."


def test_overview_guide_text_cites_no_spec_sections(dash_data: Path) -> None:
    """Issue 13: the landing page's own text speaks plainly (no "§3", "§5", "indicators.md")."""
    at = _run("overview")
    assert not at.exception, at.exception
    own = [c.value for c in at.caption] + [h.value for h in at.header] + [t.value for t in at.title]
    guide = next(c for c in own if c.startswith("Each card:"))
    assert "Open SDG method" in guide and "Why this status?" in guide
    assert [t for t in own if "§" in t or "indicators.md" in t] == []


def test_remittance_costs_without_the_rpw_workbook_says_how_to_load_it(real_data: Path) -> None:
    """The real shared files have no RPW workbook: no Global Average, so no rule claim about one."""
    at = _run("remittance-costs")
    assert not at.exception, at.exception
    block = at.get_by_key("ga_rule")
    shown = [i.value for i in block.info]
    assert len(shown) == 1 and shown[0].startswith("Not loaded yet. Download ")
    assert "rpw_dataset_*.xlsx" in shown[0]
    assert not any("does NOT follow" in m.value for m in block.markdown)

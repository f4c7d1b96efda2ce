"""Deep links (?indicator=, ?country=), the address following the pickers, dependent resets."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.components.widgets import country_name
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from streamlit_app import HIDDEN_SPECS, PAGE_SPECS

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = {s["url_path"]: s["page"] for s in PAGE_SPECS}


def _open(url_path: str, **params: str) -> AppTest:
    """The page at /url_path?params, as a shared link opens it."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    for key, value in params.items():
        at.query_params[key] = value
    return at.switch_page(PAGES[url_path]).run()


def test_every_page_address_is_its_name() -> None:
    paths = [s["url_path"] for s in PAGE_SPECS]
    assert paths[:4] == ["overview", "explorer", "remittance-costs", "migration"]
    assert all(p == p.lower() and "_" not in p and " " not in p for p in paths)
    assert len(set(paths)) == len(paths)
    # Old underscore links still open their page; the root address opens the Overview.
    old = {s["url_path"]: s["page"] for s in HIDDEN_SPECS}
    assert old["remittance_costs"] == PAGES["remittance-costs"]
    assert old["home"] == PAGES["overview"]


def test_country_link_opens_overview_on_that_country(dash_data: Path) -> None:
    options = progress_data.country_options()
    other = next(c for c in options if c != "KEN")
    at = _open("overview", country=other)
    assert not at.exception
    assert at.selectbox(key="country").value == other
    assert any(h.value == f"Results framework: {country_name(other)}" for h in at.header)
    # Changing the country rewrites the address, so it can be copied and shared.
    at.selectbox(key="country").set_value("KEN").run()
    assert at.query_params["country"] == "KEN"


def test_unknown_country_in_a_link_is_a_plain_message(dash_data: Path) -> None:
    for page in ("overview", "remittance-costs", "migration", "explorer"):
        at = _open(page, country="XYZ")
        assert not at.exception, (page, at.exception)
        notes = [i.value for i in at.info]
        assert any("“XYZ”" in n and "no data on this page" in n for n in notes), (page, notes)


def test_indicator_link_opens_the_explorer_and_the_address_follows(dash_data: Path) -> None:
    at = _open("explorer", indicator="10.7.4", country="KEN")
    assert at.selectbox(key="explorer_code").value == "10.7.4"
    assert at.query_params["indicator"] == "10.7.4"
    at = _open("explorer", indicator="99.9.9")
    assert not at.exception
    assert any("“99.9.9”" in i.value and "not in the registry" in i.value for i in at.info)


def test_remittance_country_link_and_corridor_reset(dash_data: Path) -> None:
    options = data.area_options()
    at = _open("remittance-costs", country="KEN")
    assert at.selectbox(key="country").value == "KEN"
    # Pick a corridor that does not end in Kenya, then change the country: the corridor
    # starts again from the new country's default, not the old pair.
    odd = next((s, r) for s, r in options.corridors if r != "KEN")
    at.selectbox(key="corridor_sending").set_value(odd[0]).run()
    at.selectbox(key="corridor_receiving").set_value(odd[1]).run()
    target = next(r for _, r in options.corridors if r not in ("KEN", odd[1]))
    at.selectbox(key="country").set_value(target).run()
    assert at.query_params["country"] == target
    into = sorted(s for s, r in options.corridors if r == target)
    assert at.selectbox(key="corridor_sending").value == into[0]
    assert at.selectbox(key="corridor_receiving").value == target


def check_help(at: AppTest, root: Path) -> None:
    """Indicators from the registry, terms, sources with public addresses; no spec references."""
    from indicators.registry_meta import entries

    assert at.title[0].value == "Help and glossary"
    table = at.get_by_key("block_help_indicators").dataframe[0].value
    assert list(table["indicator"]) == [e.code for e in entries()]
    assert list(table["name"]) == [e.spec.name for e in entries()]
    sources = at.get_by_key("block_help_sources").dataframe[0].value
    assert all(a.startswith("https://") for a in sources["address"])
    texts = " ".join(m.value for m in at.markdown)
    for term in ("Corridor", "SmaRT", "Global Average", "Weighted average", "Progress status"):
        assert f"**{term}.**" in texts
    assert "On track" in texts and "95 %" in texts
    assert "--raw-dir" in texts
    assert "§" not in texts and "indicators.md" not in texts

"""Every page, on demo and on real data, shows names, not codes (issue 13, item 3).

All visible text is collected from the AppTest element tree (titles, headers, markdown, captions,
alerts, plain text, metric labels and values, expander and tab labels, widget labels and options,
table and dataframe column headers, with the labels of st.column_config) and scanned for contract
codes (series codes, snake_case column names, bare area codes), spec section references and
placeholder notes. Codes may stay in tooltips (help=) and in downloaded files; a code shown after
its name in parentheses, "Kenya (KEN)", is allowed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.areas import AREA_CODES, area_name
from indicators.names import series_name, value_name
from indicators.registry_meta import entries
from store.submissions import Store
from streamlit_app import PAGE_SPECS
from tests.dashboard.overview_fixture import publish_real
from tests.dashboard.upload_fixture import APPROVER, PASSWORDS, make_store

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = {s["url_path"]: s["page"] for s in PAGE_SPECS}

# A code "(KEN)" or "(SI_RMT_COST)" right after a name is secondary: allowed.
_IN_PARENS = re.compile(r"\([^()]*\)")
SERIES_CODE = re.compile(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
AREA_CODE = re.compile(r"\b[A-Z]{3}\b")
SPEC_REFS = ("§", "indicators.md", "placeholder", "[project")
# Commands and paths an officer is told to run or open are code, on purpose.
_CODE_SPANS = re.compile(r"`[^`]*`")


# Acronyms that are words of an aggregate's own name ("IDA total", "IDA & IBRD total").
_NAME_WORDS = {w for name in AREA_CODES.values() for w in AREA_CODE.findall(name)}


def _is_area(code: str) -> bool:
    return code not in _NAME_WORDS and area_name(code) != code


def problems(text: str) -> list[str]:
    """What in `text` is a code or a spec reference where an officer needs a name."""
    found = [ref for ref in SPEC_REFS if ref.lower() in text.lower()]
    bare = _IN_PARENS.sub(" ", _CODE_SPANS.sub(" ", text))
    found += SERIES_CODE.findall(bare) + SNAKE_CASE.findall(bare)
    found += [c for c in AREA_CODE.findall(bare) if _is_area(c)]
    return found


def _column_labels(element: object) -> list[str]:
    """Column headers of an st.dataframe as shown: the column_config label, else the name."""
    frame = element.value  # type: ignore[attr-defined]
    config = json.loads(element.proto.columns or "{}")  # type: ignore[attr-defined]
    labels = []
    for name in frame.columns:
        conf = config.get(f"name:{name}") or config.get(str(name)) or {}
        if conf.get("hidden"):
            continue
        labels.append(str(conf.get("label") or name))
    return labels


def visible_texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(where, text) for every piece of text the page shows."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "text"):
        for el in at.get(kind):
            yield kind, str(el.value)
    for kind in ("info", "warning", "error", "success"):
        for el in at.get(kind):
            yield kind, str(el.value)
    for el in at.metric:
        yield "metric label", el.label
        yield "metric value", str(el.value)
    for kind in ("expander", "tab"):
        for el in at.get(kind):
            yield kind, str(el.label)
    for kind in ("selectbox", "multiselect", "radio", "button", "text_input", "checkbox"):
        for el in at.get(kind):
            yield f"{kind} label", str(el.label)
            for option in getattr(el, "options", []) or []:
                yield f"{kind} option", str(option)
    for el in at.get("download_button"):
        yield "download label", str(el.proto.label)
    for el in at.dataframe:
        for label in _column_labels(el):
            yield "column header", label
        frame = el.value
        for col in frame.columns:  # a column of bare area codes where names belong
            values = [v for v in frame[col].dropna().unique() if isinstance(v, str)]
            if values and all(len(v) == 3 and _is_area(v) for v in values):
                yield "table cells", f"{col}: {values[0]}"
    for el in at.table:
        frame = el.value
        for label in [*frame.columns, frame.index.name]:
            if label:
                yield "table header", str(label)


def offending(at: AppTest) -> list[str]:
    """Every visible text with a problem, and the problem."""
    return [
        f"{where}: {text!r} -> {p}" for where, text in visible_texts(at) if (p := problems(text))
    ]


def _run(url_path: str) -> AppTest:
    """Open the page signed in as an approver (who sees every form and table)."""
    at = AppTest.from_file(APP, default_timeout=60).run().switch_page(PAGES["upload"]).run()
    at.sidebar.text_input[0].input(APPROVER)
    at.sidebar.text_input[1].input(PASSWORDS[APPROVER])
    at.sidebar.button[0].click().run()
    assert f"Signed in as **{APPROVER}**" in at.sidebar.markdown[0].value
    return at.switch_page(PAGES[url_path]).run()


def test_the_scanner_finds_what_the_issue_reports() -> None:
    assert problems("Series: SI_RMT_COST_IB_ZS") == ["SI_RMT_COST_IB_ZS"]
    assert problems("Area WLD") == ["WLD"]
    assert problems("is_current") == ["is_current"]
    assert problems("see indicators.md §5") == ["§", "indicators.md"]
    assert problems("[PROJECT placeholder — calibrate]") == ["placeholder", "[project"]
    assert problems("[PROJECT] Items coded 1 / 0.5 / 0") == ["[project"]
    assert problems("Kenya (KEN), average cost (SI_RMT_COST)") == []
    assert problems("Run `python -m etl run --raw-dir DIR`") == []
    assert problems("USD 200, SDG 10.c.1, GFMD, DEMO DATA") == []


@pytest.fixture(scope="module")
def real_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pipeline's output on the real files in ../shared/data, with accounts (once)."""
    root = publish_real(tmp_path_factory.mktemp("plain_real") / "data")
    make_store(root)
    return root


@pytest.mark.parametrize("url_path", list(PAGES))
def test_demo_pages_show_names_not_codes(url_path: str, store: Store) -> None:
    at = _run(url_path)
    assert not at.exception, at.exception
    assert offending(at) == []


@pytest.mark.parametrize("url_path", list(PAGES))
def test_real_pages_show_names_not_codes(
    url_path: str, real_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_DATA_DIR", str(real_root))
    at = _run(url_path)
    assert not at.exception, at.exception
    assert offending(at) == []


def _explorer_problems() -> dict[str, list[str]]:
    """Scan the explorer opened on every registered indicator (series, dimensions, metadata)."""
    out = {}
    for e in entries():
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["explorer_code"] = e.code
        at = at.run().switch_page(PAGES["explorer"]).run()
        assert not at.exception, (e.code, at.exception)
        assert at.header[0].value.startswith(f"{e.code}: ")
        if found := offending(at):
            out[e.code] = found
    return out


def test_explorer_on_every_indicator_shows_names(
    dash_data: Path, monkeypatch: pytest.MonkeyPatch, real_root: Path
) -> None:
    assert _explorer_problems() == {}
    monkeypatch.setenv("M_E_DATA_DIR", str(real_root))
    assert _explorer_problems() == {}


def test_every_published_series_and_route_has_a_name(real_root: Path, dash_data: Path) -> None:
    for root in (real_root, dash_data):
        table = pl.read_parquet(root / "clean" / "indicators.parquet")
        codes = table["series_code"].unique().to_list()
        assert [c for c in codes if series_name(c) == c] == [], root
        routes = table["sub_category"].unique().to_list()
        assert [
            r for r in routes if r.startswith("ROUTE_") and value_name("sub_category", r) == r
        ] == []
    assert value_name("sub_category", "ROUTE_CMED") == "Central Mediterranean"
    assert series_name("SI_RMT_COST_SDG").endswith("(UN SDG Global Database)")

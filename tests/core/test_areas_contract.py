"""core: area codes (economies vs aggregates, M49) and the long-format contract."""

from __future__ import annotations

import polars as pl
import pytest

from core.areas import AREA_CODES, area_label, area_name, is_aggregate_code, m49_codes
from core.contract import COLUMNS, KEY, SCHEMA, conform, empty


@pytest.mark.parametrize(
    ("code", "aggregate"),
    [
        ("KEN", False),
        ("ken ", False),
        ("XKX", False),
        ("CHI", False),
        ("WLD", True),
        ("SSF", True),
        ("", True),
        (None, True),
    ],
)
def test_economies_and_aggregates(code: str | None, aggregate: bool) -> None:
    assert is_aggregate_code(code) is aggregate


def test_m49_of_countries_and_the_world() -> None:
    m49 = m49_codes()
    assert (m49["KEN"], m49["PHL"], m49["MEX"]) == (404, 608, 484)
    assert "WLD" in AREA_CODES and AREA_CODES["WLD"] == "World"


def test_conform_orders_and_types_columns() -> None:
    row = {c: None for c in COLUMNS} | {
        "indicator_code": "10.c.1",
        "series_code": "SI_RMT_COST",
        "ref_area": "KEN",
        "time_period": "2023",
        "value": 7.5,
    }
    out = conform(pl.DataFrame([row]).select(reversed(COLUMNS)))
    assert tuple(out.columns) == COLUMNS
    assert out.schema["value"] == SCHEMA["value"] == pl.Float64
    assert set(KEY) <= set(COLUMNS)
    assert empty().height == 0 and tuple(empty().columns) == COLUMNS


@pytest.mark.parametrize(
    ("code", "name", "label"),
    [
        ("KEN", "Kenya", "Kenya (KEN)"),
        ("XKX", "Kosovo", "Kosovo (XKX)"),
        ("CHI", "Channel Islands", "Channel Islands (CHI)"),
        ("WLD", "World", "World (WLD)"),
        ("QQQ", "QQQ", "QQQ"),
    ],
)
def test_one_naming_of_areas(code: str, name: str, label: str) -> None:
    assert (area_name(code), area_label(code)) == (name, label)

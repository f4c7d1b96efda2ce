"""core: area codes (economies vs aggregates, M49) and the long-format contract."""

from __future__ import annotations

import polars as pl
import pycountry
import pytest

from core.areas import (
    AREA_CODES,
    NON_ISO_CODES,
    area_label,
    area_name,
    is_aggregate_code,
    local_label,
    local_labels,
    local_name,
    m49_codes,
)
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


@pytest.mark.parametrize(
    ("code", "en", "fr", "es"),
    [
        ("KEN", "Kenya", "Kenya", "Kenia"),
        ("CIV", "Côte d'Ivoire", "Côte d’Ivoire", "Côte d’Ivoire"),
        ("DEU", "Germany", "Allemagne", "Alemania"),
        ("XKX", "Kosovo", "Kosovo", "Kosovo"),
        ("CHI", "Channel Islands", "Îles Anglo-Normandes", "Islas del Canal"),
        ("WLD", "World", "Monde", "Mundo"),
        ("SSF", "Sub-Saharan Africa", "Afrique subsaharienne", "África al sur del Sahara"),
        (
            "LCN",
            "Latin America & Caribbean",
            "Amérique latine et Caraïbes",
            "América Latina y el Caribe",
        ),
        # the World Bank's own names (its French and Spanish WDI downloads)
        ("HIC", "High income", "Revenu élevé", "Ingreso alto"),
        (
            "CSS",
            "Caribbean small states",
            "Petits états des Caraïbes",
            "Estados pequeños del Caribe",
        ),
        (
            "MMP_HORN",
            "IOM MMP region HORN",
            "Région MMP de l’OIM HORN",
            "Región MMP de la OIM HORN",
        ),
        ("QQQ", "QQQ", "QQQ", "QQQ"),
    ],
)
def test_area_names_in_each_language(code: str, en: str, fr: str, es: str) -> None:
    assert [local_name(code, lang) for lang in ("en", "fr", "es")] == [en, fr, es]
    assert local_label(code, "en") == area_label(code)  # English: the exports' naming
    assert local_label(code, "es") == (f"{es} ({code})" if es != code else code)


def _data_codes() -> set[str]:
    """Every area code the data can carry: the ISO 3166 countries, XKX and CHI, and AREA_CODES
    (the codes the long-format checks accept, etl/uploads/checker.py check_area)."""
    return {str(c.alpha_3) for c in pycountry.countries} | set(NON_ISO_CODES) | set(AREA_CODES)


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_every_area_of_the_data_has_a_name_in_each_language(lang: str) -> None:
    codes = _data_codes()
    unnamed = sorted(
        c for c in codes if not local_name(c, lang).strip() or local_name(c, lang) == c
    )
    assert not unnamed
    # translated, not the English name: every aggregate (bar proper names) reads in `lang`
    same = sorted(
        c for c in AREA_CODES if c not in ("XKX",) and local_name(c, lang) == area_name(c)
    )
    assert not same


def test_picker_labels_are_ordered_by_the_local_name() -> None:
    labels = local_labels(["KEN", "EGY", "ECU", "ERI", "ARE", "DEU"], "fr")
    assert list(labels) == ["DEU", "EGY", "ARE", "ECU", "ERI", "KEN"]  # É sorts with E
    assert labels["DEU"] == "Allemagne (DEU)"
    assert list(local_labels(["DEU", "KEN"], "es").values()) == ["Alemania (DEU)", "Kenia (KEN)"]
    assert local_labels(["KEN", "DEU"], "en") == {"DEU": "Germany (DEU)", "KEN": "Kenya (KEN)"}

"""The indicator registry (SPECS + indicators/registry_meta.META) against built indicator tables.

Every indicator_code the ETL computes must be registered; every entry must be computed or marked
'awaiting data'; every entry must carry its definition, computation, source and caveat text.
Tables: the pipeline on demo data, the pipeline on the real files, and the upload-based
indicators computed from the hand-made submissions of their own tests.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl import pipeline
from indicators.compute.process_1071 import process_1071_rows
from indicators.compute.process_census import process_census_rows
from indicators.compute.process_gfmd import process_gfmd_rows
from indicators.progress.levels import LEVEL_RULES
from indicators.registry import SPECS
from indicators.registry_meta import (
    META,
    THEMES,
    availability,
    computed,
    entries,
    registry_key,
    registry_problems,
    table_pairs,
)
from tests.conftest import require_shared
from tests.indicators.compute.test_process_1071 import micro
from tests.indicators.compute.test_process_census import ROWS, census
from tests.indicators.compute.test_process_gfmd import KEN, TZA, UGA, survey


def _build(root: Path, **kwargs: object) -> pl.DataFrame:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        pipeline.run(offline=True, **kwargs)  # type: ignore[arg-type]
    return pl.read_parquet(root / "clean" / "indicators.parquet")


@pytest.fixture(scope="module")
def demo_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The indicator table the pipeline publishes from DEMO DATA (~10 s)."""
    return _build(tmp_path_factory.mktemp("registry_demo") / "data", fallback_demo=True)


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The indicator table the pipeline publishes from the real files in ../shared/data."""
    raw = require_shared()
    return _build(tmp_path_factory.mktemp("registry_real") / "data", raw_dir=raw)


@pytest.fixture(scope="module")
def upload_table() -> pl.DataFrame:
    """Rows of the upload-based indicators (GFMD items, 10.7.1, census) from hand-made files."""
    return pl.concat(
        [
            process_gfmd_rows(survey(KEN + UGA + TZA)),
            process_1071_rows(micro()),
            process_census_rows(census(ROWS)),
        ]
    )


@pytest.mark.parametrize("which", ["demo_table", "real_table", "upload_table"])
def test_every_computed_indicator_is_registered(which: str, request: pytest.FixtureRequest) -> None:
    pairs = table_pairs(request.getfixturevalue(which))
    unregistered = sorted({i for i, s in pairs if registry_key(i, s) is None})
    assert unregistered == []
    # and only the contract problems about coverage may remain for a partial table
    assert [p for p in registry_problems(pairs) if "not in the registry" in p] == []


@pytest.mark.parametrize("which", ["demo_table", "real_table"])
def test_every_entry_is_computed_or_awaiting_data(
    which: str, request: pytest.FixtureRequest
) -> None:
    keys = computed(table_pairs(request.getfixturevalue(which)))
    states = {code: availability(code, keys) for code in SPECS}
    assert "missing" not in states.values(), states
    # the survey-based indicators need approved uploads; the pipeline alone has none
    assert {c for c, s in states.items() if s == "awaiting data"} == {
        "10.7.2", "P.COH", "10.7.1", "SM.POP.CEN",
    }  # fmt: skip
    assert registry_problems(table_pairs(request.getfixturevalue(which))) == []


def test_awaiting_entries_are_computed_once_uploads_exist(upload_table: pl.DataFrame) -> None:
    keys = computed(table_pairs(upload_table))
    assert {"P.COH", "10.7.1", "SM.POP.CEN"} <= keys
    assert registry_key("P.COH.05", "P_COH_05") == registry_key("P.DIA.01", "P_DIA_01") == "P.COH"
    assert registry_key("SM.POP.TOTL", "SM_POP_CEN_COB") == "SM.POP.CEN"
    assert registry_key("99.9.9", "X") is None


def test_every_entry_has_its_metadata_text_and_valid_fields() -> None:
    assert set(META) == set(SPECS)
    for e in entries():
        for name, text in e.metadata_text().items():
            assert len(text.strip()) > 40, f"{e.code}: {name} text too short: {text!r}"
        assert e.meta.rag_rule in LEVEL_RULES
        assert set(e.meta.themes) <= set(THEMES) and e.meta.themes
        assert e.meta.methods and e.meta.headlines
        assert (e.meta.awaiting is None) == (
            e.code not in {"10.7.2", "P.COH", "10.7.1", "SM.POP.CEN"}
        )


def test_headline_series_exist_in_the_real_table(real_table: pl.DataFrame) -> None:
    """The headline of every computed entry names a series the ETL actually publishes."""
    codes = set(real_table["series_code"].unique().to_list())
    for e in entries():
        if e.meta.awaiting is None:
            assert {h.series_code for h in e.meta.headlines} & codes, e.code


def test_registry_problems_name_what_is_wrong() -> None:
    problems = registry_problems([("10.c.1", "SI_RMT_COST"), ("X.1", "X_1")])
    assert problems[0].startswith("indicator_code 'X.1' (series 'X_1') is in the table but not")
    assert "17.3.2: neither computed from this table nor marked awaiting data" in problems
    assert not any(p.startswith("10.7.2:") for p in problems)  # awaiting data

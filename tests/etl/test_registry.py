"""The source registry stays honest: every registered source is complete (a meta-test).

Adding a source means: its module under etl/sources/ with a SPEC, and one line in
etl/registry.py SOURCE_SPECS, and its suite in etl/validation/suites/. This test then demands
the rest: the schema and the locator on the SourceSpec, published file names for --raw-dir, a
citation, a suite, and a demo dataset or the reason why there is none.
"""

from __future__ import annotations

import polars as pl
import pytest

from etl.demo.datasets import NOT_DEMOED, demo_datasets
from etl.registry import DATASETS, SOURCE_SPECS, sources
from etl.sources.base import SourceSpec
from etl.validation.gx import LOCATORS
from etl.validation.suites.catalog import BUILDERS

NAMES = [s.name for s in SOURCE_SPECS]


def test_names_and_datasets_are_unique() -> None:
    assert len(set(NAMES)) == len(NAMES) == len(sources())
    datasets = [s.dataset for s in SOURCE_SPECS]
    assert len(set(datasets)) == len(datasets)


@pytest.mark.parametrize("spec", SOURCE_SPECS, ids=NAMES)
def test_every_source_is_complete(spec: SourceSpec) -> None:
    assert spec.schema, "the SourceSpec declares its dataset's schema"
    assert all(isinstance(t, pl.DataType) for t in spec.schema.values())
    assert DATASETS[spec.dataset] == dict(spec.schema)
    assert spec.dataset in BUILDERS, "suite missing in etl/validation/suites/"
    assert spec.raw_patterns, "published file names (globs) for --raw-dir"
    assert spec.publisher and spec.licence and spec.url.startswith("http")
    assert spec.title and spec.citation is not None


@pytest.mark.parametrize("spec", SOURCE_SPECS, ids=NAMES)
def test_every_source_has_a_locator_or_is_found_by_sheet(spec: SourceSpec) -> None:
    if spec.dataset == "rpw_quotes":  # the workbook quotes are found by sheet and row
        assert "sheet" in DATASETS[spec.dataset]
    else:
        assert set(LOCATORS[spec.dataset]) <= set(DATASETS[spec.dataset])


def test_every_source_has_demo_data_or_a_reason() -> None:
    demo = demo_datasets()
    missing = [s.name for s in SOURCE_SPECS if s.dataset not in demo and s.name not in NOT_DEMOED]
    assert missing == []
    assert all(NOT_DEMOED.values())
    assert set(NOT_DEMOED) <= set(NAMES)

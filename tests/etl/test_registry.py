"""The source registry stays honest: every registered source is complete (a meta-test).

Adding a source means: its module under etl/sources/ with a SPEC, and one line in
etl/registry.py SOURCE_SPECS. This test then demands the rest, all on the SourceSpec: the schema
and the locator, published file names for --raw-dir, a citation, the suite builder it names, and
the demo builder it names or the reason why there is none.
"""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from core.config import PROJECT_ROOT
from etl.demo.datasets import demo_datasets, not_demoed
from etl.registry import DATASETS, SOURCE_SPECS, sources
from etl.sources.base import SourceSpec, resolve
from etl.validation.gx import LOCATORS
from etl.validation.suites.catalog import BUILDERS, PREPARE

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
    assert spec.raw_patterns, "published file names (globs) for --raw-dir"
    assert spec.publisher and spec.licence and spec.url.startswith("http")
    assert spec.title and spec.citation is not None


@pytest.mark.parametrize("spec", SOURCE_SPECS, ids=NAMES)
def test_every_source_owns_its_suite(spec: SourceSpec) -> None:
    assert spec.suite, "the SourceSpec names its suite builder ('package.module:function')"
    assert BUILDERS[spec.dataset] is resolve(spec.suite)
    assert BUILDERS[spec.dataset]().name == spec.dataset
    if spec.prepare:
        assert PREPARE[spec.dataset] is resolve(spec.prepare)


@pytest.mark.parametrize("spec", SOURCE_SPECS, ids=NAMES)
def test_every_source_has_a_locator_or_is_found_by_sheet(spec: SourceSpec) -> None:
    if spec.dataset == "rpw_quotes":  # the workbook quotes are found by sheet and row
        assert "sheet" in DATASETS[spec.dataset]
    else:
        assert set(LOCATORS[spec.dataset]) <= set(DATASETS[spec.dataset])


@pytest.mark.parametrize("spec", SOURCE_SPECS, ids=NAMES)
def test_every_source_names_a_demo_builder_or_a_reason(spec: SourceSpec) -> None:
    assert bool(spec.demo) != bool(spec.no_demo), "exactly one of demo and no_demo"
    if spec.demo:
        assert callable(resolve(spec.demo))


def test_the_demo_is_what_the_specs_name() -> None:
    demo = demo_datasets()
    assert set(demo) == {s.dataset for s in SOURCE_SPECS if s.demo}
    assert all(set(demo[s.dataset].columns) == set(s.schema) for s in SOURCE_SPECS if s.demo)
    assert set(not_demoed()) == {"rpw_corridors", "wb_api", "sdg_api"}


def test_a_wrong_reference_says_what_it_expected() -> None:
    with pytest.raises(LookupError, match=r"package\.module:function"):
        resolve("etl.demo.datasets:no_such_builder")


def test_registering_the_sources_imports_neither_gx_nor_the_demo() -> None:
    code = (
        "import sys, etl.registry; "
        "print(sorted(m for m in ('great_expectations', 'etl.demo.datasets', "
        "'etl.validation.suites.migration') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"

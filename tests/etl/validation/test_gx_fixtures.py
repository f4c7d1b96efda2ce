"""Offline counterpart of the real-file suite runs: every in-repo source excerpt passes its suite.

tests/fixtures/raw holds hand-typed excerpts of the published files (real values, real layout);
a fresh clone runs these without ../shared. Each source's clean excerpt set is what its
`raw_patterns` find there (the `_with_problems` variants stop at parse and are tested there).
"""

from __future__ import annotations

import fnmatch

import polars as pl
import pytest

from etl.registry import SOURCE_SPECS
from etl.sources.base import SourceSpec
from etl.validation.gx import summarise, validate_dataset
from tests.conftest import RAW_FIXTURES

# No excerpt of the RPW workbook is committed: its offline tests write a synthetic one
# (etl/demo/synthetic_rpw.py), and tests/etl/validation/test_gx.py checks its rules row by row.
WITH_EXCERPTS = [s for s in SOURCE_SPECS if s.name != "rpw"]


def _excerpt(spec: SourceSpec) -> pl.DataFrame:
    """The source's cleaned excerpt: every clean fixture file its raw_patterns match."""
    files = sorted(
        p
        for p in RAW_FIXTURES.rglob("*")
        if p.is_file()
        and "_with_problems" not in p.name
        and any(fnmatch.fnmatch(p.name, pattern) for pattern in spec.raw_patterns)
    )
    assert files, f"no in-repo excerpt for {spec.name}"
    return spec.clean(pl.concat([spec.parse(f) for f in files], how="diagonal_relaxed"))


@pytest.mark.parametrize("spec", WITH_EXCERPTS, ids=[s.name for s in WITH_EXCERPTS])
def test_every_excerpt_passes_its_suite_without_error(spec: SourceSpec) -> None:
    df = _excerpt(spec)
    assert df.height > 0
    issues = validate_dataset(spec.dataset, df)
    assert summarise(issues)["errors"] == 0, issues
    if spec.name != "iom_mmp":
        assert issues == []


def test_iom_published_total_that_differs_is_a_warning_naming_the_incident() -> None:
    # Web ID 52101 (Agadez, June 2020) is published with 2 dead, no missing and a total of 3.
    (spec,) = [s for s in SOURCE_SPECS if s.name == "iom_mmp"]
    (issue,) = validate_dataset(spec.dataset, _excerpt(spec))
    assert (issue.rule, issue.column, issue.value, issue.severity) == (
        "total_differs",
        "dead_and_missing",
        "3",
        "warning",
    )
    assert "web_id=52101, year=2020" in issue.message
    assert "The published total is used" in issue.message

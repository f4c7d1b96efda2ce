"""Every dataset's suite: the one each SourceSpec names (`suite`, `prepare`), and the indicators'.

Adding a source's suite: write its builder (here in a family module, or in the source's own
module) and name it on the SourceSpec; nothing is listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import great_expectations as gx
import polars as pl

from etl.registry import DATASETS, SOURCE_SPECS
from etl.sources.base import resolve
from etl.validation.suites.common import INDICATORS
from etl.validation.suites.remittance import indicators_suite

PREPARE: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    spec.dataset: resolve(spec.prepare) for spec in SOURCE_SPECS if spec.prepare
}
BUILDERS: dict[str, Callable[[], gx.ExpectationSuite]] = {
    **{spec.dataset: resolve(spec.suite) for spec in SOURCE_SPECS if spec.suite},
    INDICATORS: indicators_suite,
}


def datasets() -> tuple[str, ...]:
    """Every dataset that has a suite: etl.registry.DATASETS plus the indicator table."""
    return (*DATASETS, INDICATORS)


@cache
def suite_for(dataset: str) -> gx.ExpectationSuite:
    """The dataset's suite, built once per process; KeyError names the known datasets."""
    if dataset not in BUILDERS:
        raise KeyError(
            f"No validation suite for dataset {dataset!r}. Known: {', '.join(BUILDERS)}. "
            "Name a suite builder on the source's SourceSpec (`suite`)."
        )
    return BUILDERS[dataset]()


def prepare(dataset: str, df: pl.DataFrame) -> pl.DataFrame:
    """The frame GX checks: `df` (with its `_row` numbers) plus the dataset's `_` columns."""
    derive = PREPARE.get(dataset)
    return derive(df) if derive is not None else df

"""Every dataset's suite, composed here explicitly: the remittance and the migration families.

Adding a suite: write its builder in the family module and list it in that module's BUILDERS.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import great_expectations as gx
import polars as pl

from etl.registry import DATASETS
from etl.validation.suites.common import INDICATORS
from etl.validation.suites.migration import MIGRATION_BUILDERS, MIGRATION_PREPARE
from etl.validation.suites.remittance import REMITTANCE_BUILDERS, REMITTANCE_PREPARE

PREPARE: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    **REMITTANCE_PREPARE,
    **MIGRATION_PREPARE,
}
BUILDERS: dict[str, Callable[[], gx.ExpectationSuite]] = {
    **REMITTANCE_BUILDERS,
    **MIGRATION_BUILDERS,
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
            "Add a suite builder to etl/validation/suites/."
        )
    return BUILDERS[dataset]()


def prepare(dataset: str, df: pl.DataFrame) -> pl.DataFrame:
    """The frame GX checks: `df` (with its `_row` numbers) plus the dataset's `_` columns."""
    derive = PREPARE.get(dataset)
    return derive(df) if derive is not None else df

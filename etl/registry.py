"""The registry of sources: every SourceSpec, in pipeline order, composed here explicitly.

Adding a source: write its module under etl/sources/ with a SPEC (schema, locator, suite and
demo builders), and add it to SOURCE_SPECS; nothing else lists sources.
"""

from __future__ import annotations

import polars as pl

from etl.sources import (
    iom_mmp,
    knomad,
    rpw,
    rpw_corridors,
    undesa_matrix,
    undesa_regions,
    undesa_stock,
    unhcr,
    wb_api,
    wb_bilateral,
    wdi,
)
from etl.sources.base import SourceSpec
from etl.sources.sdg import spec as sdg

# The UN DESA lookup first: undesa_stock and undesa_matrix do not read its published
# dataset, they parse the same annex file from their own snapshot (raw_patterns include
# it), so each is consistent with the annex it was cleaned with; listing the lookup first
# only means a damaged annex is reported once, under its own name, before the tables.
SOURCE_SPECS: tuple[SourceSpec, ...] = (
    rpw.SPEC,
    rpw_corridors.SPEC,
    wdi.SPEC,
    wb_api.SPEC,
    undesa_regions.SPEC,
    undesa_stock.SPEC,
    undesa_matrix.SPEC,
    unhcr.SPEC,
    iom_mmp.SPEC,
    knomad.SPEC,
    wb_bilateral.SPEC,
    sdg.SPEC,
)


# Every published source dataset and its polars schema, as the source modules declare them.
DATASETS: dict[str, dict[str, pl.DataType]] = {s.dataset: dict(s.schema) for s in SOURCE_SPECS}


def dataset_title(dataset: str) -> str:
    """A published dataset in words: its source's title, and the dataset name in brackets."""
    titles = {s.dataset: s.title for s in SOURCE_SPECS}
    return f"{titles[dataset]} ({dataset})" if dataset in titles else dataset


def sources() -> dict[str, SourceSpec]:
    """All registered sources, by name, in pipeline order."""
    return {s.name: s for s in SOURCE_SPECS}

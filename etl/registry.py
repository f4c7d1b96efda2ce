"""The registry of sources: SOURCES = {name: SourceSpec}, each with fetch / parse / clean."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import requests


@dataclass(frozen=True)
class Downloaded:
    """A completely downloaded file still outside the raw layer, and where it came from."""

    tmp_path: Path
    name: str
    url: str
    note: str = ""


FetchFn = Callable[[requests.Session, Path], list[Downloaded]]
ParseFn = Callable[[Path], pl.DataFrame]
CleanFn = Callable[[pl.DataFrame], pl.DataFrame]


@dataclass(frozen=True)
class SourceSpec:
    """One official source: how to get it, read it and tidy it, and what it publishes.

    `fetch` is the only code that touches the network. `parse` reads one raw file. `clean` is
    pure and receives the concatenation of every parsed file of the snapshot. `raw_patterns`
    are the published file names (globs) looked for, recursively, under `--raw-dir`.
    """

    name: str
    title: str
    dataset: str
    publisher: str
    licence: str
    url: str
    raw_patterns: tuple[str, ...]
    fetch: FetchFn
    parse: ParseFn
    clean: CleanFn
    citation: str = ""


def _load_sources() -> dict[str, SourceSpec]:
    # Imported here, not at module top, so that `etl.registry` stays importable by the source
    # modules themselves (they import Downloaded from here).
    import etl.sources.iom_mmp as iom_mmp
    import etl.sources.knomad as knomad
    import etl.sources.rpw as rpw
    import etl.sources.rpw_corridors as rpw_corridors
    import etl.sources.sdg_api as sdg_api
    import etl.sources.undesa_matrix as undesa_matrix
    import etl.sources.undesa_regions as undesa_regions
    import etl.sources.undesa_stock as undesa_stock
    import etl.sources.unhcr as unhcr
    import etl.sources.wb_api as wb_api
    import etl.sources.wb_bilateral as wb_bilateral
    import etl.sources.wdi as wdi

    # The UN DESA lookup first: undesa_stock and undesa_matrix do not read its published
    # dataset, they parse the same annex file from their own snapshot (raw_patterns include
    # it), so each is consistent with the annex it was cleaned with; listing the lookup first
    # only means a damaged annex is reported once, under its own name, before the tables.
    specs = [
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
        sdg_api.SPEC,
    ]
    return {s.name: s for s in specs}


def sources() -> dict[str, SourceSpec]:
    """All registered sources, by name, in pipeline order."""
    return _load_sources()

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
    import etl.sources.rpw as rpw
    import etl.sources.rpw_corridors as rpw_corridors
    import etl.sources.wb_api as wb_api
    import etl.sources.wdi as wdi

    specs = [rpw.SPEC, rpw_corridors.SPEC, wdi.SPEC, wb_api.SPEC]
    return {s.name: s for s in specs}


def sources() -> dict[str, SourceSpec]:
    """All registered sources, by name, in pipeline order."""
    return _load_sources()

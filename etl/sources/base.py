"""SourceSpec: what every source module declares (fetch / parse / clean, names, licence)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    schema: Mapping[str, pl.DataType]  # the published dataset's columns and types
    citation: str = ""
    # Columns named beside the row number in validation messages, so that a row can be found
    # without the file (the RPW quotes are found by sheet and row, so they need none).
    locator: tuple[str, ...] = ()

"""SourceSpec: what every source module declares (fetch / parse / clean, names, licence)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

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
    # What else a source owns, as "module:function" references resolved only when used, so
    # that registering a source imports neither Great Expectations nor the demo generators:
    # `suite` builds the dataset's GX suite (etl/validation/gx.py runs it), `prepare` adds the
    # `_` columns that suite checks, `demo` builds its DEMO DATA frame; `no_demo` says why a
    # source has none (exactly one of `demo` and `no_demo` is set).
    suite: str = ""
    prepare: str = ""
    demo: str = ""
    no_demo: str = ""


def resolve(reference: str) -> Callable[..., Any]:
    """The function a "package.module:function" reference names (imported now, not before)."""
    module, _, name = reference.partition(":")
    function = getattr(import_module(module), name, None)
    if not callable(function):
        raise LookupError(f"{reference!r} names no function (expected 'package.module:function')")
    return function

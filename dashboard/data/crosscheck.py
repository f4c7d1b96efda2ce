"""Cached loader of the cross-checks against custodians (indicators/crosscheck.py) for the pages.

Reads the published indicator table and the custodian datasets (sdg_api, wdi, wb_api) through
etl.io.read_clean; the cache key holds every file's path and modification time, so a pipeline
run that republishes one of them is picked up on the next rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from core.i18n import N_, _
from dashboard.data.cache import TTL, read, version
from etl import io
from etl.registry import dataset_title
from core.errors import ParseError
from indicators.crosscheck import CHECKS, Reason, run_checks, summary

INPUTS: tuple[str, ...] = ("indicators", "sdg_api", "wdi", "wb_api")
WB_DATASETS = ("wdi", "wb_api")
HOW_TO_PUBLISH = N_(
    "Publish them with `python -m etl run` (online), or offline with "
    "`python -m etl run --offline --raw-dir DIR` holding the SDG Global Database `Goal10.xlsx` "
    "download and the WDI bulk files."
)


@dataclass(frozen=True)
class CrossChecks:
    """The cross-check table, the checks that could not run (and why), and missing datasets."""

    table: pl.DataFrame
    skipped: dict[str, str]
    missing: tuple[str, ...]
    published: dict[str, str]  # dataset -> published_at of its sidecar








@st.cache_data(ttl=TTL, show_spinner=False)
def _checks(versions: tuple[tuple[str, str, int], ...]) -> CrossChecks:
    frames: dict[str, pl.DataFrame] = {}
    for name, _, mtime in versions:
        df = read(name) if mtime else None
        if df is not None:
            frames[name] = df
    wb = [frames[n] for n in WB_DATASETS if n in frames]
    table, skipped = run_checks(
        frames.get("indicators"),
        sdg=frames.get("sdg_api"),
        wdi=pl.concat(wb, how="diagonal_relaxed") if wb else None,
    )
    missing = tuple(name for name, _, mtime in versions if not mtime)
    published = {n: str(io.read_clean_meta(n).get("published_at", "")) for n in frames}
    return CrossChecks(
        table.sort("check", "status", "ref_area", "year"), skipped, missing, published
    )


def crosschecks() -> CrossChecks:
    """Every cross-check the published datasets allow (cached per file version)."""
    return _checks(tuple((d, *version(d)) for d in INPUTS))


def skipped_text(checks: CrossChecks) -> str | None:
    """One sentence per check that could not run, and how to publish what it needs."""
    if not checks.skipped:
        return None
    lines = [
        f"- **{_(CHECKS[name].title)}**: {why.in_language() if isinstance(why, Reason) else why}"
        for name, why in checks.skipped.items()
    ]
    missing = ", ".join(dataset_title(d) for d in checks.missing)
    how = _(HOW_TO_PUBLISH)
    tail = (
        _("Not published: {datasets}.").format(datasets=missing) + " " + how
        if checks.missing
        else how
    )
    return _("Some cross-checks could not run:") + "\n" + "\n".join(lines) + f"\n\n{tail}"


def caption(checks: CrossChecks) -> str:
    """Counts by status, the sources and vintages compared, and how to read the table."""
    counts = "; ".join(
        f"{_(CHECKS[str(check)].title)}: "
        + ", ".join(f"{n} {status}" for _check, status, n in group.iter_rows())
        for (check,), group in summary(checks.table).group_by("check", maintain_order=True)
    )
    sources = sorted(s for s in checks.table["custodian_source"].unique().to_list() if s)
    built = checks.published.get("indicators", "")[:10] or _("date not recorded")
    return _(
        "{counts}. Project side: the published indicator table (built {date}). Custodian "
        "side: {sources}. A row agrees when the difference is within the tolerance (relative "
        "or absolute); the explanation names the known causes of a difference (vintage, "
        "denominator, UNHCR year relabelling). Only years both sides publish are compared."
    ).format(counts=counts, date=built, sources="; ".join(sources))

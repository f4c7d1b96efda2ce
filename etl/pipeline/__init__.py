"""Orchestration: acquire raw → parse → clean → validate → publish, then build indicators.

One module per responsibility: `outcome` (what happened to a source, the run report), `acquire`
(raw layer, input identity), `source` (one source end to end), `publish` (the atomic write that
fails one dataset only), `indicators` (the indicator table), `demo` (labelled DEMO DATA) and
`orchestrate` (`run`, the order of it all).
"""

from __future__ import annotations

from etl.pipeline.acquire import acquire, find_in_raw_dir, input_key, network_reachable
from etl.pipeline.demo import publish_demo
from etl.pipeline.indicators import build_indicator_table, load_clean_inputs
from etl.pipeline.orchestrate import run
from etl.pipeline.outcome import (
    INDICATORS,
    PIPELINE_VERSION,
    Progress,
    SourceOutcome,
    write_run_report,
)
from etl.pipeline.source import parse_and_clean, process_source

__all__ = [
    "INDICATORS",
    "PIPELINE_VERSION",
    "Progress",
    "SourceOutcome",
    "acquire",
    "build_indicator_table",
    "find_in_raw_dir",
    "input_key",
    "load_clean_inputs",
    "network_reachable",
    "parse_and_clean",
    "process_source",
    "publish_demo",
    "run",
    "write_run_report",
]

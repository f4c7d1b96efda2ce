"""`run`: the order of a pipeline run (sources, demo fallback, indicators, report)."""

from __future__ import annotations

from pathlib import Path

from core.errors import EtlError
from core.i18n import _
from etl import integrity
from etl.net.probe import probe_hosts
from etl.pipeline.acquire import network_reachable
from etl.pipeline.demo import publish_demo
from etl.pipeline.indicators import build_indicator_table
from etl.pipeline.outcome import Progress, SourceOutcome, write_run_report
from etl.pipeline.source import process_source
from etl.pipeline.validator import Validator
from etl.registry import sources


def run(
    names: list[str] | None = None,
    *,
    raw_dir: Path | None = None,
    offline: bool = False,
    force: bool = False,
    fallback_demo: bool = False,
    progress: Progress = lambda _msg: None,
) -> list[SourceOutcome]:
    """Run the pipeline for the named sources (all when None) and rebuild indicators.

    Official data replaces demo data as soon as it is published; demo data never replaces
    official data. A JSON report of the run is written under data/reports/.
    """
    registry = sources()
    unknown = [n for n in names or [] if n not in registry]
    if unknown:
        raise EtlError(
            _("Unknown source(s): {unknown}. Known: {known}.").format(
                unknown=", ".join(unknown), known=", ".join(registry)
            )
        )
    selected = [registry[n] for n in names] if names else list(registry.values())
    for line in integrity.clean_leftovers():  # temp files and orphans of killed runs
        progress(line)
    if raw_dir is None and not offline and not network_reachable(probe_hosts()):
        progress(_("no network: working offline (published data keeps serving)"))
        offline = True
    with Validator() as validator:  # one validation worker for the run, started on demand
        outcomes = [
            process_source(
                s,
                raw_dir=raw_dir,
                offline=offline,
                force=force,
                progress=progress,
                validator=validator,
            )
            for s in selected
        ]
        if fallback_demo:
            outcomes += publish_demo(progress)
        outcomes.append(build_indicator_table(force, progress, validator))
    write_run_report(outcomes)
    return outcomes

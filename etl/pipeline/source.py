"""One source end to end: acquire, skip when unchanged, parse, clean, validate, publish."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl

from core.errors import EtlError, ValidationFailed
from core.i18n import _
from etl import integrity, io
from etl.pipeline.acquire import acquire, input_key, provenance
from etl.pipeline.outcome import Progress, SourceOutcome
from etl.pipeline.publish import publish
from etl.pipeline.validator import Validator
from etl.publisher import public_url, published_inputs
from etl.registry import SourceSpec


def parse_and_clean(spec: SourceSpec, files: list[Path]) -> pl.DataFrame:
    """Parse every raw file of the snapshot, concatenate, then clean (pure)."""
    frames = [spec.parse(f) for f in files]
    combined = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    return spec.clean(combined)


def process_source(
    spec: SourceSpec,
    *,
    raw_dir: Path | None,
    offline: bool,
    force: bool,
    progress: Progress,
    validator: Validator | None = None,
) -> SourceOutcome:
    """Run one source end to end; never raises for data problems (they become the outcome).

    `validator` (one per run) checks the data; without it, Great Expectations runs in place.
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        files, note = acquire(spec, raw_dir=raw_dir, offline=offline, progress=progress)
    except EtlError as exc:
        return SourceOutcome(spec.name, "failed", str(exc))
    except OSError as exc:  # e.g. disk full while downloading: this source fails, others go on
        return SourceOutcome(spec.name, "failed", integrity.os_error_message(spec.dataset, exc))
    timings["acquire"] = time.perf_counter() - t0
    if not files:
        return SourceOutcome(spec.name, "no-input", note)
    key = input_key(files)
    previous = io.read_clean_meta(spec.dataset)
    intact = integrity.clean_is_intact(spec.dataset)
    if not intact and io.clean_path(spec.dataset).exists():
        progress(
            _("{dataset}: the published file is damaged; re-publishing it from raw").format(
                dataset=spec.dataset
            )
        )
    if not force and previous.get("input_key") == key and intact:
        return SourceOutcome(
            spec.name,
            "unchanged",
            _("same files as the published data; nothing recomputed"),
            rows=previous.get("rows"),
            files=[f.name for f in files],
            seconds=timings,
        )
    # Only now is there work to do: the validation worker imports Great Expectations (seconds)
    # on the other core while this one parses.
    validator = validator or Validator(in_process=True)
    validator.start()
    try:
        t1 = time.perf_counter()
        df = parse_and_clean(spec, files)
        timings["read"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        issues = validator.validate(spec.dataset, df)
        timings["validate"] = time.perf_counter() - t2
    except EtlError as exc:
        return SourceOutcome(spec.name, "failed", str(exc), files=[f.name for f in files])
    except Exception as exc:  # a file the parser did not foresee must not stop the other sources
        names = ", ".join(f.name for f in files)
        return SourceOutcome(
            spec.name,
            "failed",
            _(
                "{files}: unexpected problem while reading ({error}). The previous version keeps "
                "serving; check the file is the publisher's original, and report the message if "
                "it is."
            ).format(files=names, error=f"{type(exc).__name__}: {exc}"),
            files=[f.name for f in files],
        )
    errors = [i for i in issues if i.severity == "error"]
    outcome = SourceOutcome(
        spec.name,
        "published",
        note,
        rows=df.height,
        files=[f.name for f in files],
        issues=issues,
        seconds=timings,
    )
    if errors:
        outcome.status = "failed"
        outcome.message = str(ValidationFailed(spec.dataset, issues))
        return outcome
    return publish(
        outcome,
        df,
        spec.dataset,
        {
            "dataset": spec.dataset,
            "source": spec.name,
            "title": spec.title,
            "publisher": spec.publisher,
            "licence": spec.licence,
            "input_key": key,
            # the publisher's address, not the file:// path of a --raw-dir copy (raw sidecar)
            "publisher_url": public_url(spec.url) or "",
            "inputs": published_inputs(provenance(files), public_url(spec.url)),
            "rows": df.height,
            "published_at": io.now_iso(),
            "validation": {
                "errors": 0,
                "warnings": sum(1 for i in issues if i.severity == "warning"),
            },
            "demo": False,
        },
    )

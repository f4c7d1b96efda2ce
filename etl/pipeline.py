"""Orchestration: acquire raw → parse → clean → validate → publish, then build indicators."""

from __future__ import annotations

import fnmatch
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from core import config
from core.errors import EtlError, ValidationFailed, ValidationIssue
from etl import approved, integrity, io
from etl.demo import rule as demo_rule
from etl.net.probe import probe_hosts
from etl.publisher import public_url, published_inputs
from etl.registry import SourceSpec, sources

# Bump when parse/clean/indicator code changes what it writes: forces a rebuild of clean data.
PIPELINE_VERSION = "2"  # 2: data_origin column, publisher URLs (issue 10)
INDICATORS = "indicators"

Progress = Callable[[str], None]

# Probed before any download so that an office without internet falls back in seconds,
# instead of waiting for every source's retries and backoff to run out.
PROBE_HOSTS: tuple[tuple[str, int], ...] = (("api.worldbank.org", 443),)


def network_reachable(hosts: Iterable[tuple[str, int]] = PROBE_HOSTS, timeout: float = 3.0) -> bool:
    """True if a TCP connection to any probe host succeeds within `timeout` seconds."""
    for host, port in hosts:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return True
        except OSError:
            continue
    return False


@dataclass
class SourceOutcome:
    """What happened to one source in one run."""

    source: str
    status: str  # published | unchanged | failed | no-input | demo
    message: str = ""
    rows: int | None = None
    files: list[str] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def find_in_raw_dir(spec: SourceSpec, raw_dir: Path) -> list[Path]:
    """Files under `raw_dir` (recursively) whose names match the source's published names."""
    found = [
        p
        for p in raw_dir.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and any(fnmatch.fnmatch(p.name, pat) for pat in spec.raw_patterns)
    ]
    return sorted(found)


def acquire(
    spec: SourceSpec, *, raw_dir: Path | None, offline: bool, progress: Progress
) -> tuple[list[Path], str]:
    """Bring this run's input files into the raw layer; return them and a note.

    --raw-dir wins over the network. Offline with no raw-dir returns no files, so the last
    published data keeps serving.
    """
    if raw_dir is not None:
        files = find_in_raw_dir(spec, raw_dir)
        stored = [
            io.import_local_file(spec.name, f, publisher=spec.publisher, licence=spec.licence)
            for f in files
        ]
        return stored, f"{len(stored)} file(s) from {raw_dir}"
    if offline:
        return [], "offline: no download attempted"
    from etl.net.http import make_session

    session = make_session()
    tmp_dir = config.raw_dir() / spec.name
    progress(f"{spec.name}: downloading from {spec.url}")
    before = set(tmp_dir.glob(".download.*"))
    try:
        downloads = spec.fetch(session, tmp_dir)
    except BaseException:
        # A failed file (deadline, size cap, dropped connection) must not leave the files
        # fetched before it in the raw layer either: they have no sidecar and are no snapshot.
        for tmp in set(tmp_dir.glob(".download.*")) - before:
            tmp.unlink(missing_ok=True)
        raise
    stored = [
        io.store_raw(
            spec.name,
            d.tmp_path,
            name=d.name,
            url=d.url,
            publisher=spec.publisher,
            licence=spec.licence,
            note=d.note,
        )
        for d in downloads
    ]
    return stored, f"{len(stored)} file(s) downloaded"


def input_key(files: Iterable[Path]) -> str:
    """Identity of an input set: pipeline version + sorted sha256s (from sidecars)."""
    shas = []
    for f in files:
        meta = io.read_raw_meta(f)
        shas.append(meta.sha256 if meta else io.sha256_file(f))
    return PIPELINE_VERSION + ":" + ",".join(sorted(shas))


def parse_and_clean(spec: SourceSpec, files: list[Path]) -> pl.DataFrame:
    """Parse every raw file of the snapshot, concatenate, then clean (pure)."""
    frames = [spec.parse(f) for f in files]
    combined = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    return spec.clean(combined)


def provenance(files: list[Path]) -> list[dict]:
    """Sidecar facts of the raw files behind a dataset (for status, captions and reports)."""
    out = []
    for f in files:
        meta = io.read_raw_meta(f)
        out.append(
            {
                "file": str(f.relative_to(config.raw_dir())) if meta else str(f),
                "sha256": meta.sha256 if meta else io.sha256_file(f),
                "url": meta.url if meta else "",
                "retrieved_at": meta.retrieved_at if meta else "",
                "size": meta.size if meta else f.stat().st_size,
            }
        )
    return out


def process_source(
    spec: SourceSpec,
    *,
    raw_dir: Path | None,
    offline: bool,
    force: bool,
    progress: Progress,
) -> SourceOutcome:
    """Run one source end to end; never raises for data problems (they become the outcome)."""
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
        progress(f"{spec.dataset}: the published file is damaged; re-publishing it from raw")
    if not force and previous.get("input_key") == key and intact:
        return SourceOutcome(
            spec.name,
            "unchanged",
            "same files as the published data; nothing recomputed",
            rows=previous.get("rows"),
            files=[f.name for f in files],
            seconds=timings,
        )
    # Imported only when there is work to do: Great Expectations takes seconds to import.
    from etl.validation.gx import validate_dataset

    try:
        t1 = time.perf_counter()
        df = parse_and_clean(spec, files)
        timings["read"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        issues = validate_dataset(spec.dataset, df)
        timings["validate"] = time.perf_counter() - t2
    except EtlError as exc:
        return SourceOutcome(spec.name, "failed", str(exc), files=[f.name for f in files])
    except Exception as exc:  # a file the parser did not foresee must not stop the other sources
        names = ", ".join(f.name for f in files)
        return SourceOutcome(
            spec.name,
            "failed",
            f"{names}: unexpected problem while reading ({type(exc).__name__}: {exc}). The "
            "previous version keeps serving; check the file is the publisher's original, and "
            "report the message if it is.",
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
    return _publish(
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


def _publish(outcome: SourceOutcome, df: pl.DataFrame, dataset: str, meta: dict) -> SourceOutcome:
    """Write the dataset; an OSError (disk full, ...) fails this dataset only, with a message."""
    try:
        io.write_clean(df, dataset, meta)
    except OSError as exc:
        outcome.status, outcome.message = "failed", integrity.os_error_message(dataset, exc)
    return outcome


def load_clean_inputs(datasets: Iterable[str]) -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Published datasets and their sidecars, for the indicator build."""
    frames, metas = {}, {}
    for name in datasets:
        df = io.read_clean(name)
        if df is not None:
            frames[name] = df
            metas[name] = io.read_clean_meta(name)
    return frames, metas


def build_indicator_table(force: bool, progress: Progress) -> SourceOutcome:
    """Recompute data/clean/indicators.parquet when any input dataset changed."""
    from indicators.build import INPUT_DATASETS, build_indicators

    damaged = integrity.damaged_inputs(list(INPUT_DATASETS))
    if damaged:  # never build from a truncated file: the previous table keeps serving
        return SourceOutcome(INDICATORS, "failed", integrity.damaged_message(damaged))
    frames, metas = load_clean_inputs(INPUT_DATASETS)
    try:  # approved national submissions (etl/approved.py); a store error keeps the old table
        national = approved.publish_national()
        survey_frames, survey_metas = approved.approved_inputs()
    except EtlError as exc:
        return SourceOutcome(INDICATORS, "failed", f"{exc} The previous table keeps serving.")
    if national not in ("unchanged", "no approved long-format submission"):
        progress(f"{approved.NATIONAL}: {national}")
    # demo is all or nothing (etl/demo/rule.py): official data withdraws every demo dataset
    frames, metas, withdrawn = demo_rule.without_demo(frames, metas, survey_metas, progress)
    frames, metas = {**frames, **survey_frames}, {**metas, **survey_metas}
    if not frames and demo_rule.empty_stale_table(withdrawn):  # no input left at all
        return SourceOutcome(
            INDICATORS, "published", "no input left: the indicator table is empty", rows=0
        )
    if not frames:
        return SourceOutcome(INDICATORS, "no-input", "no published input dataset")
    key = (
        PIPELINE_VERSION
        + ":"
        + ",".join(
            f"{n}={m.get('input_key', '')}@{m.get('published_at', '')}"
            for n, m in sorted(metas.items())
        )
    )
    previous = io.read_clean_meta(INDICATORS)
    if not force and previous.get("input_key") == key and integrity.clean_is_intact(INDICATORS):
        return SourceOutcome(INDICATORS, "unchanged", "inputs unchanged", rows=previous.get("rows"))
    from etl.validation.gx import validate_dataset

    progress("indicators: computing")
    t0 = time.perf_counter()
    table = build_indicators(frames, metas)
    compute_s = time.perf_counter() - t0
    issues = validate_dataset(INDICATORS, table)
    outcome = SourceOutcome(
        INDICATORS,
        "published",
        "",
        rows=table.height,
        issues=issues,
        seconds={"compute": compute_s},
    )
    if any(i.severity == "error" for i in issues):
        outcome.status = "failed"
        outcome.message = str(ValidationFailed(INDICATORS, issues))
        return outcome
    return _publish(
        outcome,
        table,
        INDICATORS,
        {
            "dataset": INDICATORS,
            "input_key": key,
            "inputs": {n: m.get("inputs", []) for n, m in metas.items()},
            "rows": table.height,
            "published_at": io.now_iso(),
            "demo": any(m.get("demo") for m in metas.values()),
            "demo_datasets": sorted(n for n, m in metas.items() if m.get("demo")),
            "validation": {
                "errors": 0,
                "warnings": sum(1 for i in issues if i.severity == "warning"),
            },
        },
    )


def publish_demo(progress: Progress) -> list[SourceOutcome]:
    """Publish the generated DEMO DATA, only while no official dataset is published at all
    (demo is all or nothing, etl/demo/rule.py)."""
    from etl.demo.datasets import demo_datasets

    if demo_rule.has_official():
        progress("official data is published: no DEMO DATA (demo is all or nothing)")
        return []
    outcomes = []
    for name, df in demo_datasets().items():
        if io.clean_path(name).exists():
            continue
        progress(f"{name}: no official data available, publishing DEMO DATA")
        io.write_clean(
            df,
            name,
            {
                "dataset": name,
                "source": "demo",
                "title": f"DEMO DATA ({name})",
                "publisher": "generated by etl/demo/datasets.py: synthetic, not official",
                "licence": "n/a",
                "input_key": f"demo:{PIPELINE_VERSION}",
                "inputs": [],
                "rows": df.height,
                "published_at": io.now_iso(),
                "validation": {"errors": 0, "warnings": 0},
                "demo": True,
            },
        )
        outcomes.append(SourceOutcome(name, "demo", "synthetic demo data", rows=df.height))
    return outcomes


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
        raise EtlError(f"Unknown source(s): {', '.join(unknown)}. Known: {', '.join(registry)}.")
    selected = [registry[n] for n in names] if names else list(registry.values())
    for line in integrity.clean_leftovers():  # temp files and orphans of killed runs
        progress(line)
    if raw_dir is None and not offline and not network_reachable(probe_hosts()):
        progress("no network: working offline (published data keeps serving)")
        offline = True
    outcomes = [
        process_source(s, raw_dir=raw_dir, offline=offline, force=force, progress=progress)
        for s in selected
    ]
    if fallback_demo:
        outcomes += publish_demo(progress)
    outcomes.append(build_indicator_table(force, progress))
    write_run_report(outcomes)
    return outcomes


def write_run_report(outcomes: list[SourceOutcome]) -> Path:
    """Write the JSON validation report of this run: outcome and every issue per dataset."""
    stamp = io.now_iso().replace(":", "").replace("+0000", "Z")
    report = {
        "run_at": io.now_iso(),
        "outcomes": [
            {
                "source": o.source,
                "status": o.status,
                "message": o.message,
                "rows": o.rows,
                "files": o.files,
                "seconds": o.seconds,
                "issues": [i.as_dict() for i in o.issues],
            }
            for o in outcomes
        ],
    }
    dest = config.reports_dir() / f"validation_{stamp}.json"
    io.write_json(report, dest)
    io.write_json(report, config.reports_dir() / "latest.json")
    return dest

"""Bringing a source's input files into the raw layer, and the identity of an input set."""

from __future__ import annotations

import fnmatch
import socket
from collections.abc import Iterable
from pathlib import Path

from core import config
from core.i18n import N_
from etl import io
from etl.pipeline.outcome import PIPELINE_VERSION, Progress
from etl.registry import SourceSpec

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
        return [], N_("offline: no download attempted")  # the Data quality page translates it
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

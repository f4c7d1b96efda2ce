"""Demo is all or nothing (issue 10): DEMO DATA serves only while nothing official is published.

`make run` offline with no official file publishes the labelled DEMO DATA (etl/demo/datasets.py)
so the dashboard has something to show. As soon as one official dataset (a custodian's file or
an approved national upload) is published, every demo dataset is withdrawn from data/clean, so
no synthetic figure can sit beside, or stand in for, an official one (issue 10: Kenya's 10.c.1
card showed a cost computed from demo quotes while the World Bank series was loaded). An
indicator whose official input is missing then shows "not loaded yet" and how to load it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from core import config
from core.i18n import _
from etl import io

INDICATORS = "indicators"  # the indicator table is built from the others, never counted
T = TypeVar("T")


def published_metas() -> dict[str, dict]:
    """Sidecar of every dataset published in data/clean (the indicator table excluded)."""
    root = config.clean_dir()
    if not root.exists():
        return {}
    out = {}
    for meta_file in sorted(root.glob(f"*{io.SIDECAR_SUFFIX}")):
        name = meta_file.name[: -len(io.SIDECAR_SUFFIX)]
        if name != INDICATORS and io.clean_path(name).exists():
            out[name] = io.read_json(meta_file)
    return out


def official_names(metas: Mapping[str, Mapping]) -> list[str]:
    """Datasets among `metas` that are official (not demo)."""
    return sorted(n for n, m in metas.items() if not m.get("demo"))


def demo_names(metas: Mapping[str, Mapping]) -> list[str]:
    """Datasets among `metas` that are DEMO DATA."""
    return sorted(n for n, m in metas.items() if m.get("demo"))


def has_official(extra: Mapping[str, Mapping] | None = None) -> bool:
    """True when any official dataset is published (or given in `extra`, e.g. approved uploads)."""
    return bool(official_names({**published_metas(), **(extra or {})}))


def withdraw_demo() -> list[str]:
    """Delete every published demo dataset (Parquet and sidecar); return their names."""
    gone = []
    for name in demo_names(published_metas()):
        io.clean_path(name).unlink(missing_ok=True)
        io.clean_meta_path(name).unlink(missing_ok=True)
        gone.append(name)
    return gone


def enforce(extra: Mapping[str, Mapping] | None = None) -> list[str]:
    """Withdraw all demo datasets when anything official is published; return those withdrawn."""
    return withdraw_demo() if has_official(extra) else []


def without_demo(
    frames: Mapping[str, T],
    metas: Mapping[str, dict],
    approved: Mapping[str, Mapping],
    progress: Callable[[str], None],
) -> tuple[dict[str, T], dict[str, dict], list[str]]:
    """Enforce the rule before an indicator build: the inputs left, and what was withdrawn.

    `approved` are the sidecars of the approved national submissions (official data, too).
    """
    withdrawn = enforce(approved)
    if withdrawn:
        progress(
            _(
                "official data is published: DEMO DATA withdrawn ({datasets}); indicators "
                "without an official input now show 'not loaded yet'"
            ).format(datasets=", ".join(withdrawn))
        )
    kept = {n: f for n, f in frames.items() if n not in withdrawn}
    return kept, {n: m for n, m in metas.items() if n not in withdrawn}, withdrawn


def load_hint(datasets: tuple[str, ...] | list[str]) -> str:
    """'Not loaded yet — how to load it': the official files an indicator's inputs come from."""
    from etl.registry import sources  # imported lazily: loads every source module

    wanted = [s for s in sources().values() if s.dataset in datasets]
    files = [f"{s.title} ({', '.join(s.raw_patterns)}; {s.url})" for s in wanted]
    uploads = [d for d in datasets if d not in {s.dataset for s in wanted}]
    parts = []
    if files:
        parts.append(
            _(
                "Not loaded yet. Download {files} and run `python -m etl run --offline "
                "--raw-dir DIR` (or `python -m etl run` with internet)."
            ).format(files=_("; or ").join(files))
        )
    if uploads:
        parts.append(
            _(
                "Computed from approved national uploads ({datasets}): upload and approve them "
                "on the Upload and Submissions pages."
            ).format(datasets=", ".join(uploads))
        )
    return " ".join(parts) or _("Not loaded yet.")


def missing_state(datasets: tuple[str, ...] | list[str]) -> str:
    """What to say when an indicator shows no value (in the language in use): which inputs are
    not loaded, and how."""
    missing = [d for d in datasets if not io.clean_path(d).exists()]
    if not missing:
        return _("No value for this country in the published data.")
    return load_hint(missing)


def empty_stale_table(withdrawn: list[str]) -> bool:
    """With no input left, empty a table that still holds rows (demo withdrawn, last approval
    reverted), so that pages say "not loaded yet" instead of showing withdrawn figures."""
    old = io.read_clean_meta(INDICATORS)
    if not (withdrawn or old.get("demo") or old.get("rows")):
        return False
    publish_empty_table()
    return True


def publish_empty_table() -> None:
    """Replace a demo indicator table by an empty official one (nothing official to compute).

    Happens when the first official data is an approved upload that feeds no indicator table
    row (national values are their own dataset): the old table's demo figures must go.
    """
    from core.contract import empty

    io.write_clean(
        empty(),
        INDICATORS,
        {
            "dataset": INDICATORS,
            "input_key": "empty",
            "inputs": {},
            "rows": 0,
            "published_at": io.now_iso(),
            "demo": False,
            "demo_datasets": [],
            "validation": {"errors": 0, "warnings": 0},
        },
    )

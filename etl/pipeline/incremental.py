"""The rebuild after an approval: recompute only the indicators of the templates that changed.

An approval (or a revert, a withdrawal of approved data) changes the approved rows of one
survey template. Every other indicator part of the published table was computed from inputs
that did not change, so a full rebuild would give the same rows again: here only the specs that
read the changed templates run, and their rows replace theirs in the published table.

`snapshot` runs *before* the status change and remembers which keys the changed specs own in
the published table now (by computing them from the current approved rows); `merge` drops those
keys from the published table and adds the new part. The result is the table a full rebuild
gives, row for row (tests/etl/test_incremental.py checks it), and it is used only when that can
be trusted: the published table is intact, it was built by this pipeline version and these
settings, and every other input is the one it was built from. Otherwise the full rebuild runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from core import config
from core.contract import KEY, conform
from core.errors import EtlError
from etl import approved, integrity, io
from etl.pipeline.outcome import INDICATORS, PIPELINE_VERSION

if TYPE_CHECKING:
    from store.submissions import Store


@dataclass(frozen=True)
class Snapshot:
    """The changed templates, what they were, and the keys their specs own in the table."""

    templates: frozenset[str]
    metas: dict[str, dict]  # sidecars of the templates before the change (absent: none)
    owned: pl.DataFrame  # KEY columns of the rows the changed specs published before


def settings_key() -> str:
    """A fingerprint of the runtime settings (some compute functions read them)."""
    fields = dataclasses.asdict(config.settings())
    return hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()[:16]


def input_key(metas: Mapping[str, Mapping]) -> str:
    """The indicator table's input key: pipeline version and every input's key and time."""
    return f"{PIPELINE_VERSION}:" + ",".join(
        f"{n}={m.get('input_key', '')}@{m.get('published_at', '')}"
        for n, m in sorted(metas.items())
    )


def specs_of(templates: Collection[str]) -> list[str]:
    """Spec ids that read any of `templates`."""
    from indicators.registry import SPECS

    return [sid for sid, spec in SPECS.items() if set(spec.inputs) & set(templates)]


def inputs_of(specs: Collection[str]) -> list[str]:
    """Every dataset the specs read."""
    from indicators.registry import SPECS

    return list(dict.fromkeys(n for sid in specs for n in SPECS[sid].inputs))


def _frames(specs: Collection[str], store: Store | None) -> tuple[dict, dict]:
    """The specs' inputs now: approved rows of the survey templates, published datasets else."""
    names = inputs_of(specs)
    survey = tuple(n for n in names if n in approved.SURVEY_TEMPLATES)
    frames, metas = approved.approved_inputs(survey, store)
    for name in names:
        df = io.read_clean(name) if name not in survey else None
        if df is not None:
            frames[name], metas[name] = df, io.read_clean_meta(name)
    return frames, metas


def snapshot(templates: Collection[str], store: Store | None = None) -> Snapshot | None:
    """Before a status change: the keys the specs of `templates` own in the published table.

    None when only a full rebuild is right (a template no spec reads, no intact table).
    """
    from indicators.build import build_indicators

    wanted = frozenset(t for t in templates if t in approved.SURVEY_TEMPLATES)
    specs = specs_of(wanted)
    if not specs or not integrity.clean_is_intact(INDICATORS):
        return None
    try:
        frames, metas = _frames(specs, store)
        owned = build_indicators(frames, metas, specs=specs).select(KEY)
    except EtlError:  # the full rebuild after the change will say what is wrong
        return None
    return Snapshot(wanted, {t: metas[t] for t in wanted if t in metas}, owned)


def recompute(before: Snapshot, frames: Mapping[str, pl.DataFrame], metas: dict) -> pl.DataFrame:
    """The new rows of the changed specs, from this build's frames and sidecars."""
    from indicators.build import build_indicators

    specs = specs_of(before.templates)
    needed = inputs_of(specs)
    return build_indicators({n: frames[n] for n in needed if n in frames}, metas, specs=specs)


def applies(before: Snapshot, metas: Mapping[str, Mapping]) -> bool:
    """Whether the published table is the one a full rebuild gave before the change: built by
    this version and settings from today's inputs, the changed templates as snapshotted."""
    previous = io.read_clean_meta(INDICATORS)
    if previous.get("settings_key") != settings_key():
        return False
    was = {n: m for n, m in metas.items() if n not in before.templates} | before.metas
    return previous.get("input_key") == input_key(was)


def merge(before: Snapshot, new_part: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The published table without the rows the changed specs owned, plus their new rows,
    in the order of a full rebuild (sorted by the key); and the rows to validate.

    The rows to validate are those of the changed indicators, numbered (`sheet_row`) by their
    row in the whole table, so an issue names the row a full validation would name. Every rule
    of the indicator suite is about one row, but key uniqueness, which check_unique_keys
    checks on the whole table here; the other rows passed the same suite when published.
    """
    from indicators.build import check_unique_keys

    previous = io.read_clean(INDICATORS)
    assert previous is not None  # applies() checked the table is there and intact
    new_part = conform(new_part)
    codes = pl.concat([before.owned["indicator_code"], new_part["indicator_code"]]).unique()
    touched = pl.col("indicator_code").is_in(codes.implode())
    # The key starts with indicator_code, so the published table is one sorted block per code:
    # only the blocks of the changed indicators are re-sorted; a stable sort by code then
    # puts every block in place (a full sort of all key columns costs far more).
    block = pl.concat(
        [
            previous.filter(touched).join(before.owned, on=list(KEY), how="anti", nulls_equal=True),
            new_part,
        ],
        how="vertical_relaxed",
    ).sort(list(KEY))
    table = pl.concat([previous.filter(~touched), conform(block)]).sort(
        "indicator_code", maintain_order=True
    )
    check_unique_keys(table)
    numbered = table.with_row_index("sheet_row", offset=1).with_columns(
        pl.col("sheet_row").cast(pl.Int64)
    )
    return table, numbered.filter(touched)

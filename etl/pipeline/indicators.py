"""The indicator table: rebuilt from the published datasets when any of them changed."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

import polars as pl

from core.errors import EtlError, ValidationFailed
from core.i18n import N_, _, ngettext
from etl import approved, integrity, io
from etl.demo import rule as demo_rule
from etl.pipeline import incremental
from etl.pipeline.outcome import INDICATORS, Progress, SourceOutcome
from etl.pipeline.publish import publish
from etl.pipeline.validator import Validator

if TYPE_CHECKING:
    from store.submissions import Store


KEEPS = N_("{error} The previous table keeps serving.")
# What publish_national did (etl/approved.py returns these English words), as progress says it.
NATIONAL_WORDS: dict[str, str] = {
    "withdrawn (no approved long-format submission left)": N_(
        "withdrawn (no approved long-format submission left)"
    ),
}


def national_text(national: str) -> str:
    """The outcome of publish_national in the language in use ('published 12 rows')."""
    if national in NATIONAL_WORDS:
        return _(NATIONAL_WORDS[national])
    rows = national.removeprefix("published ").removesuffix(" rows").replace(",", "")
    if rows.isdigit():
        return ngettext("published {n} row", "published {n} rows", int(rows)).format(n=rows)
    return national


def load_clean_inputs(datasets: Iterable[str]) -> tuple[dict[str, pl.DataFrame], dict[str, dict]]:
    """Published datasets and their sidecars, for the indicator build."""
    frames, metas = {}, {}
    for name in datasets:
        df = io.read_clean(name)
        if df is not None:
            frames[name] = df
            metas[name] = io.read_clean_meta(name)
    return frames, metas


def published_input_metas(datasets: Iterable[str]) -> dict[str, dict]:
    """Sidecars of the published datasets among `datasets` (their Parquet is read later)."""
    return {n: io.read_clean_meta(n) for n in datasets if io.clean_path(n).exists()}


def build_indicator_table(
    force: bool,
    progress: Progress,
    validator: Validator | None = None,
    before: incremental.Snapshot | None = None,
    store: Store | None = None,
) -> SourceOutcome:
    """Recompute data/clean/indicators.parquet when any input dataset changed.

    `validator` (one per run) checks the table; without it, Great Expectations runs in place.
    `before` (taken before an approval changed some templates, etl/pipeline/incremental.py)
    recomputes only their indicators when the published table allows it; `store` is the
    caller's open upload store (else this deployment's is opened).
    """
    from indicators.build import INPUT_DATASETS, build_indicators

    damaged = integrity.damaged_inputs(list(INPUT_DATASETS))
    if damaged:  # never build from a truncated file: the previous table keeps serving
        return SourceOutcome(INDICATORS, "failed", integrity.damaged_message(damaged))
    # Sidecars only: the Parquet files are read once the key says the table must be rebuilt.
    metas = published_input_metas(INPUT_DATASETS)
    # except national_indicators, which publish_national may rewrite: the build uses the
    # table as it was before this run, as it always has (its change rebuilds on the next run)
    national_before, _metas = load_clean_inputs([n for n in metas if n == approved.NATIONAL])
    try:  # approved national submissions (etl/approved.py); a store error keeps the old table
        national = approved.publish_national(store)
        survey_frames, survey_metas = approved.approved_inputs(store=store)
    except EtlError as exc:
        return SourceOutcome(INDICATORS, "failed", _(KEEPS).format(error=exc))
    if national not in ("unchanged", "no approved long-format submission"):
        progress(f"{approved.NATIONAL}: {national_text(national)}")
    # demo is all or nothing (etl/demo/rule.py): official data withdraws every demo dataset
    kept, metas, withdrawn = demo_rule.without_demo(metas, metas, survey_metas, progress)
    metas = {**metas, **survey_metas}
    if not metas and demo_rule.empty_stale_table(withdrawn):  # no input left at all
        return SourceOutcome(
            INDICATORS, "published", _("no input left: the indicator table is empty"), rows=0
        )
    if not metas:
        return SourceOutcome(INDICATORS, "no-input", _("no published input dataset"))
    key = incremental.input_key(metas)
    previous = io.read_clean_meta(INDICATORS)
    if not force and previous.get("input_key") == key and integrity.clean_is_intact(INDICATORS):
        return SourceOutcome(
            INDICATORS, "unchanged", _("inputs unchanged"), rows=previous.get("rows")
        )
    validator = validator or Validator(in_process=True)
    validator.start()
    t0 = time.perf_counter()
    try:
        if not force and before is not None and incremental.applies(before, metas):
            # only the approved templates' indicators change: the rest keep their rows
            progress(
                _("indicators: recomputing {templates} only").format(
                    templates=", ".join(sorted(before.templates))
                )
            )
            needed = incremental.inputs_of(incremental.specs_of(before.templates))
            loaded, _metas = load_clean_inputs([n for n in kept if n in needed])
            part = incremental.recompute(before, {**loaded, **survey_frames}, metas)
            table, checked = incremental.merge(before, part)
        else:
            loaded, _metas = load_clean_inputs([n for n in kept if n != approved.NATIONAL])
            loaded.update(national_before)
            frames = {**{n: loaded[n] for n in kept if n in loaded}, **survey_frames}
            progress(_("indicators: computing"))
            table = checked = build_indicators(frames, metas)
    except EtlError as exc:  # a bug in a compute function: the previous table keeps serving
        return SourceOutcome(INDICATORS, "failed", _(KEEPS).format(error=exc))
    compute_s = time.perf_counter() - t0
    try:
        issues = validator.validate(INDICATORS, checked)
    except EtlError as exc:  # the validation worker died: the previous table keeps serving
        return SourceOutcome(INDICATORS, "failed", str(exc))
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
    return publish(
        outcome,
        table,
        INDICATORS,
        {
            "dataset": INDICATORS,
            "input_key": key,
            "settings_key": incremental.settings_key(),
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

"""When the data shown was last updated: read from the published sidecars, never invented.

Each dataset in data/clean has a sidecar (<dataset>.meta.json, written by etl/io.py) listing its
raw inputs with `retrieved_at`; inputs of approved national uploads carry a `submission_id`
and their `retrieved_at` is the approval time (etl/approved.py). The indicator table's sidecar
nests its inputs by dataset, so it names both.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import _
from dashboard.data import loaders as data
from etl.approved import NATIONAL as NATIONAL_DATASET


@dataclass(frozen=True)
class Freshness:
    """Latest retrieval of official files and latest approval of a national upload (dates)."""

    retrieved: str | None
    approved: str | None
    demo: bool
    published: bool


def from_sidecars(metas: list[dict]) -> Freshness:
    """The latest official retrieval date and national approval date among `metas`."""
    inputs = [i for m in metas for i in data.inputs_of(m)]
    official = [str(i.get("retrieved_at") or "") for i in inputs if "submission_id" not in i]
    national = [str(i.get("retrieved_at") or "") for i in inputs if "submission_id" in i]
    return Freshness(
        retrieved=max(official, default="")[:10] or None,
        approved=max(national, default="")[:10] or None,
        demo=any(m.get("demo") for m in metas),
        published=any(metas),
    )


def freshness() -> Freshness:
    """Freshness of everything published (source datasets, indicator table, national table)."""
    names = (*data.DATASETS, NATIONAL_DATASET)
    return from_sidecars([data.dataset_meta(d) for d in names])


def text(f: Freshness) -> str:
    """One plain line: 'Data last updated: official files retrieved 2025-06-10; ...'."""
    if not f.published:
        return _("Data last updated: nothing published yet.")
    if f.demo:
        return _("Data last updated: DEMO DATA (synthetic, not official statistics).")
    retrieved = (
        _("official files retrieved {date}").format(date=f.retrieved)
        if f.retrieved
        else _("retrieval date not recorded")
    )
    approved = (
        _("national uploads last approved {date}").format(date=f.approved)
        if f.approved
        else _("no national upload approved")
    )
    return _("Data last updated: {retrieved}; {approved}.").format(
        retrieved=retrieved, approved=approved
    )

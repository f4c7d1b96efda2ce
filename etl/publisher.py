"""The publisher's address of a source, from the registry (the rules: core/provenance.py)."""

from __future__ import annotations

from collections.abc import Mapping

from core import provenance
from core.provenance import public_url, published_inputs

__all__ = ["public_url", "published_inputs", "publisher_url", "spec_url"]


def spec_url(dataset: str, source: str | None = None) -> str | None:
    """The publisher's address in the registry entry that publishes `dataset` (or `source`)."""
    from etl.registry import sources  # imported lazily: loads every source module

    for spec in sources().values():
        if spec.name == source or spec.dataset == dataset:
            return public_url(spec.url)
    return None


def publisher_url(dataset: str, meta: Mapping) -> str | None:
    """core.provenance.publisher_url, falling back to the source registry."""
    return provenance.publisher_url(dataset, meta, spec_url)

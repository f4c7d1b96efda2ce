"""The IndicatorSpec record and its vocabularies (level, direction, compute signature)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.config import Settings

Level = Literal["process", "outcome", "impact", "context"]
Direction = Literal["negative", "positive", "none"]
ComputeFn = Callable[[Mapping[str, pl.DataFrame], Settings], pl.DataFrame]


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: identity, unit, direction and target, its inputs and compute function.

    `compute` receives only the input datasets that are available (at least one) and must
    return contract rows for whatever it can compute from them.
    """

    id: str
    slug: str
    name: str
    level: Level
    unit: str
    direction: Direction
    target: float | None
    target_year: int | None
    inputs: tuple[str, ...]
    compute: ComputeFn
    disaggregations: tuple[str, ...]
    definition: str
    caveat: str
    threshold: float | None = None  # secondary threshold, e.g. SmaRT <= 5 % in every corridor
    rag: bool = True  # False: shown with a trend arrow only, never rated red/amber/green

"""The IndicatorSpec record: identity, maths and results-framework fields of one indicator."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.config import Settings
from core.contract import TOTAL, WORLD

Level = Literal["process", "outcome", "impact", "context"]
Direction = Literal["negative", "positive", "none"]
ComputeFn = Callable[[Mapping[str, pl.DataFrame], Settings], pl.DataFrame]


Area = Literal["ref", "inbound", "world"]
Method = Literal["target", "direction", "binary", "none"]


@dataclass(frozen=True)
class Assessment:
    """Whether progress is assessed, and why (the custodian or spec that defines the direction)."""

    assessed: bool
    reason: str


@dataclass(frozen=True)
class Headline:
    """One candidate series for an indicator's headline value of a country.

    area: `ref` = ref_area is the country (counterpart `counterpart`); `inbound` = WLD → country
    (sending to the country); `world` = always WLD. `dims` are fixed dimension values, `free`
    dimensions are not constrained (their values differ between publishers); every other
    dimension must be the total `_T`.
    """

    series_code: str
    label: str
    area: Area = "ref"
    counterpart: str = TOTAL
    dims: tuple[tuple[str, str], ...] = ()
    free: tuple[str, ...] = ()
    reason: str = ""  # why it sits at this place in the order of preference (shown on cards)
    unit: str | None = None  # when it differs from the indicator's (a % score of 0/0.5/1 items)

    def areas(self, country: str) -> tuple[str, str]:
        """(ref_area, counterpart_area) of this series for `country`."""
        if self.area == "inbound":
            return WORLD, country
        if self.area == "world":
            return WORLD, self.counterpart
        return country, self.counterpart


@dataclass(frozen=True)
class RegistryMeta:
    """The results-framework fields of one indicator (indicators.md §0, §1.9, §3, §4, §7)."""

    sdg_target: str
    gcm_objectives: tuple[int, ...]
    baseline_year: int | None  # None: the first year with data (e.g. the first survey round)
    rag_rule: str  # key of indicators.progress.levels.LEVEL_RULES
    methods: tuple[Method, ...]  # the first is the default
    themes: tuple[str, ...]
    computation: str
    source: str
    headlines: tuple[Headline, ...]  # in order of preference, each with its reason
    assessment: Assessment  # assessed or context, and why
    awaiting: str | None = None  # the upload template (core/templates.py) it is computed from
    headline_target: float | None = None  # target on the headline's scale if not spec.target
    breaks: tuple[tuple[str, str], ...] = ()  # (period, what changed)
    limit: float | None = None  # natural limit for method 1 (§4)
    country_scope: str | None = None  # set when never published as a country figure: why


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
    meta: RegistryMeta  # results framework, assessment and headline order (one record)
    threshold: float | None = None  # secondary threshold, e.g. SmaRT <= 5 % in every corridor
    rag: bool = True  # False: shown with a trend arrow only, never rated red/amber/green

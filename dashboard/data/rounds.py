"""Cached loaders of the Survey rounds page: approved survey rows, items, comparison, scores.

Cached per (template, store version): the store version is the newest audit-log id, which moves
on every approval, so a newly approved round shows at the next rerun.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.data.cache import TTL
from dashboard.data.report import store_version
from dashboard.data.uploads import get_store
from indicators.compute.rounds import compare_rounds, rounds_of, score_history, survey_items


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=8)
def _rows(template: str, store_at: int) -> pl.DataFrame:
    store = get_store()
    return store.current_rows(template) if store is not None else pl.DataFrame()


def rows(template: str) -> pl.DataFrame:
    """The approved rows of `template` (all countries and rounds; empty without a store)."""
    return _rows(template, store_version(get_store()))


def countries(template: str) -> list[str]:
    """Countries with at least one approved round of `template`."""
    got = rows(template)
    return sorted(got["ref_area"].unique().to_list()) if not got.is_empty() else []


def rounds(template: str, country: str) -> list[str]:
    """The country's answered rounds, oldest first."""
    return rounds_of(survey_items(template, rows(template)), country)


def comparison(template: str, country: str, then: str, now: str) -> pl.DataFrame:
    """Item by item, changed first (indicators/compute/rounds.py)."""
    return compare_rounds(survey_items(template, rows(template)), country, then, now)


def history(template: str, country: str) -> pl.DataFrame:
    """Level or domain scores of every round of the country."""
    return score_history(template, rows(template), country)

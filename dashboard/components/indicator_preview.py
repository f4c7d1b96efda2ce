"""The computed-indicator preview of an upload (Upload page, Submissions approval screen)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.errors import EtlError
from dashboard.components import widgets
from indicators.compute.preview import PREVIEW_TEMPLATES, preview

LABEL = "preview — not published until approved"


def render_indicator_preview(template: str | None, rows: pl.DataFrame, key: str) -> bool:
    """The scores the pipeline would compute from `rows`; False when the template has none."""
    if template not in PREVIEW_TEMPLATES:
        return False
    st.subheader(f"What the indicator would be ({LABEL})")
    try:
        scores = preview(template, rows)
    except EtlError as exc:  # the checks passed, so this is unexpected: say it, do not crash
        st.warning(f"The preview could not be computed: {exc}")
        return True
    widgets.render_table(
        scores,
        caption=f"{PREVIEW_TEMPLATES[template]}, computed from this file's rows alone by the "
        f"same functions the published indicator uses; {LABEL}. Unanswered items count as 0.",
        key=key,
    )
    return True

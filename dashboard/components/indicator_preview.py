"""The computed-indicator preview of an upload (Upload page, Submissions approval screen)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _
from dashboard.components import widgets
from indicators.compute.preview import PREVIEW_TEMPLATES, preview

LABEL = N_("preview — not published until approved")  # translated where shown


def render_indicator_preview(template: str | None, rows: pl.DataFrame, key: str) -> bool:
    """The scores the pipeline would compute from `rows`; False when the template has none."""
    if template not in PREVIEW_TEMPLATES:
        return False
    label = _(LABEL)
    st.subheader(_("What the indicator would be ({label})").format(label=label))
    try:
        scores = preview(template, rows)
    except EtlError as exc:  # the checks passed, so this is unexpected: say it, do not crash
        st.warning(_("The preview could not be computed: {error}").format(error=exc))
        return True
    widgets.render_table(
        scores,
        # the preview's name is marked where it is defined (indicators/compute/preview.py)
        caption=_(
            "{preview}, computed from this file's rows alone by the same functions the "
            "published indicator uses; {label}. Unanswered items count as 0."
        ).format(preview=_(PREVIEW_TEMPLATES[template]), label=label),
        key=key,
    )
    return True

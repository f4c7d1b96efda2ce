"""Overview (landing page): the results framework scorecards of one country, by level."""

from __future__ import annotations

import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _
from dashboard.components import links, scorecard, widgets
from dashboard.data import loaders as data
from dashboard.data import progress as progress_data
from dashboard.errors import show_error
from indicators.registry_meta import LEVELS, THEMES

# One whole heading per level (a translation cannot be assembled from "{level} indicators").
LEVEL_HEADINGS = {
    "process": N_("Process indicators"),
    "outcome": N_("Outcome indicators"),
    "impact": N_("Impact indicators"),
    "context": N_("Context indicators"),
}

st.title(_("Results framework overview"))
widgets.render_demo_banner(data.is_demo("indicators"))  # the figures shown
if not data.has_data():
    widgets.render_no_data()
    st.stop()

try:
    # 1. Select: the country (home country of the national settings by default).
    settings = progress_data.national_settings()
    options = progress_data.country_options()
    # A shared link (?country=GHA) opens on that country; the address follows the picker.
    default = links.linked(
        "country", options, settings.home(), what="country", name=widgets.country_name
    )
    country = widgets.render_country_picker(options, default) or settings.home()
    links.share(country=country)
    # 2. Load: one card per registered indicator, computed once per data/settings version.
    cards = progress_data.scorecards(country)
except EtlError as exc:
    show_error(exc)
    st.stop()

# 3. Show.
scorecard.render_country_title(country)
st.caption(
    _(
        "Each card: latest annual value, target (global default or national), level (where the "
        "value stands against the thresholds) and progress status (the Open SDG method: whether "
        "the trend reaches the target). Open 'Why this status?' for the inputs and the formula."
    )
)
st.header(_("Summary"))
scorecard.render_summary(cards, LEVELS, THEMES)
pressed = None
for level in LEVELS:
    level_cards = [c for c in cards if c.level == level]
    if level_cards:
        st.header(_(LEVEL_HEADINGS.get(level, f"{level.capitalize()} indicators")))
        pressed = scorecard.render_cards(level_cards) or pressed
if pressed:
    st.session_state[scorecard.EXPLORER_KEY] = pressed
    st.switch_page(scorecard.EXPLORER_PAGE, query_params={"indicator": pressed, "country": country})

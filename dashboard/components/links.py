"""Shareable links and dependent selectors: ?indicator=/?country= in, the URL kept current out.

A link someone shares opens the page on the same indicator and country; a value the page
has no data for gets a plain message (never an error), and the page opens on its default.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import streamlit as st

from core.i18n import N_, _

# Whole sentences per kind of value (a translation cannot be assembled from fragments).
UNKNOWN: dict[str, tuple[str, str]] = {
    "country": (
        N_(
            "The link asks for country “{wanted}”, which has no data on this page; "
            "showing {shown} instead."
        ),
        N_("The link asks for country “{wanted}”, which has no data on this page."),
    ),
}


def linked(
    param: str,
    options: Sequence[str],
    default: str,
    *,
    what: str,
    name: Callable[[str], str] = str,
) -> str:
    """The option the address names (?param=), else `default`; a plain note when unknown."""
    wanted = st.query_params.get(param)
    if wanted is None or wanted in options:
        return wanted if wanted is not None else default
    if not options:  # the page has no country at all and says so itself
        return default
    shown = default if default in options else (options[0] if options else "")
    with_fallback, without = UNKNOWN[what]
    message = _(with_fallback if shown else without)
    st.info(message.format(wanted=wanted, shown=name(shown) if shown else ""))
    return default


def share(**params: str | None) -> None:
    """Write the current selection into the address, so copying it shares this view."""
    for param, value in params.items():
        if value is None:
            st.query_params.pop(param, None)
        elif st.query_params.get(param) != value:
            st.query_params[param] = value


def reset_on_change(scope: str, parent: Hashable, children: Sequence[str]) -> None:
    """Forget the dependent selectors `children` when their parent's value changes.

    Without this a keyed selector keeps its old choice whenever that choice is still among the
    new options (a GBR → KEN corridor staying put after the country changed to Ghana).
    """
    marker = f"_parent_of_{scope}"
    if st.session_state.get(marker, parent) != parent:
        for key in children:
            st.session_state.pop(key, None)
    st.session_state[marker] = parent

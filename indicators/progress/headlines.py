"""Which series is a card's headline: the registry's order of preference (issue 10).

The first series in order with whole-period data for the country is the headline (a series
chosen in the national settings goes first; never "the most recent data wins"); demo rows only
when nothing else exists. `reason_text` says why, in the language in use.
"""

from __future__ import annotations

import polars as pl

from core.contract import DIMENSIONS, TOTAL
from core.i18n import _, use_language
from indicators.periods import complete
from indicators.registry_meta import Entry
from indicators.registry_rules import series_reason
from indicators.specs.base import Headline


def headline_filter(h: Headline, country: str) -> pl.Expr:
    """Rows of headline series `h` for `country` (fixed dims; all other dims total)."""
    ref, counterpart = h.areas(country)
    fixed = dict(h.dims)
    dims = [
        pl.col(d) == fixed.get(d, TOTAL) for d in DIMENSIONS if d not in h.free and d != "age"
    ] + [pl.col("age") == fixed.get("age", TOTAL)]
    return pl.all_horizontal(
        pl.col("series_code") == h.series_code,
        pl.col("ref_area") == ref,
        pl.col("counterpart_area") == counterpart,
        *dims,
    )


def usable(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows that may be a headline: whole periods (no partial year); demo rows only when there
    is nothing else (a demo deployment shows its labelled demo figures, but a demo row never
    stands in for an official one: etl/demo/rule.py withdraws demo once official data exists)."""
    out = complete(rows)
    if "data_origin" in out.columns:
        official = out.filter(pl.col("data_origin").fill_null("") != "demo")
        return official if not official.is_empty() else out
    return out


def headline_order(entry: Entry, preferred: str | None = None) -> list[Headline]:
    """The registry's order of preference, with a nationally chosen series moved first."""
    order = list(entry.meta.headlines)
    chosen = [h for h in order if h.series_code == preferred]
    return chosen + [h for h in order if h not in chosen]


def pick_headline(
    entry: Entry, rows: pl.DataFrame, country: str, *, preferred: str | None = None
) -> tuple[Headline | None, pl.DataFrame, str]:
    """The first series in order of preference with data for `country`, its rows and why
    (in English: cards are cached for every language; `reason_text` words it when shown).

    The order is the registry's (indicators/registry_rules.py SERIES_REASONS say why), or the
    series chosen in the national settings first; never "the most recent data wins".
    """
    for h in headline_order(entry, preferred):
        sub = usable(rows.filter(headline_filter(h, country)))
        if not sub.is_empty():
            with use_language("en"):
                why = reason_text(entry, h, preferred)
            return h, sub.sort("time_period"), why
    return None, rows.clear(), ""


def reason_text(entry: Entry, chosen: Headline, preferred: str | None = None) -> str:
    """Why `chosen` is the card's headline, in the language in use: its place in the order of
    preference, and which preferred series before it have no data for the country."""
    order = [h.series_code for h in headline_order(entry, preferred)]
    skipped = order[: order.index(chosen.series_code)]  # the first series with data is chosen
    named = {h.series_code: f"{_(h.label)} ({h.series_code})" for h in entry.meta.headlines}
    if chosen.series_code == preferred:
        why = _("chosen in the national settings (Settings page)")
    else:
        why = _(series_reason(entry.code, chosen.series_code))
    missing = [s for s in skipped if s != preferred]
    if missing:
        why = _("{reason}; the preferred {series} has no data for this country").format(
            reason=why, series=", ".join(named[s] for s in missing)
        )
    if preferred in skipped:
        why = _("the nationally chosen {series} has no data for this country, so: {reason}").format(
            series=named.get(preferred, preferred), reason=why
        )
    return why

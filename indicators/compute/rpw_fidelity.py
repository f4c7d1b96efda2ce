"""Which corridors the World Bank's published Global Average pools, and the all-corridor figure.

The RPW workbook's Methodology sheet says some former-Soviet corridors are excluded from the
simple global average (shared/specs/rpw_dataset_format.md). In the published RPW files those
are the corridors sending from the Russian Federation: in the RPW (Corridors) DataBank export
(2011 Q1 to 2020 Q3) every RUS corridor (13) goes to a former-Soviet state (ARM, AZE, BLR, EST,
GEO, KAZ, KGZ, LTU, LVA, MDA, TJK, UKR, UZB), and they are the cheapest in the database (about
2 % against 7 %). Left in, they pull the pooled mean down by 0.1-0.2 pp in 2016-2021, which is
exactly the gap between the published Global Average and the mean of all transparent quotes;
the gap closes from 2022, when the World Bank stopped collecting from the Russian Federation.

So the default (Settings.exclude_rpw_sending = RUS) reproduces the published figures, and the
mean over every corridor is kept as a second, labelled series ALL_SERIES (WLD -> WLD, MEAN),
which is never the SDG headline.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from core.areas import area_label
from core.contract import WORLD
from core.i18n import _
from indicators.compute.remittance import annualise, compute_global_average
from indicators.compute.rpw_base import EXCLUSION_PREFIX, RemittanceParams

PUBLISHED_RULE_EXCLUDES: tuple[str, ...] = ("RUS",)
ALL_SERIES = "SI_RMT_COST_ALLCORR"
ALL_NOTE = (
    "ALL CORRIDORS: mean of every transparent quote, including the corridors the World Bank "
    "leaves out of its published Global Average ({}); not the SDG 10.c.1 headline"
)


def excluded_in(rows: pl.DataFrame) -> tuple[str, ...]:
    """The sending countries a published GA series left out, read from its comment_obs."""
    if rows.is_empty() or "comment_obs" not in rows.columns:
        return ()
    found = rows["comment_obs"].str.extract(rf"{EXCLUSION_PREFIX} ([A-Z]{{3}}(?:, [A-Z]{{3}})*)")
    codes = {c for text in found.drop_nulls().to_list() for c in text.split(", ")}
    return tuple(sorted(codes))


def rule_text(excluded: tuple[str, ...]) -> str:
    """One paragraph for the page, in the language in use: which rule the Global Average shown
    follows."""
    if not excluded:
        return _(
            "Global average over every corridor (M_E_GA_EXCLUDE_SENDING was empty when the "
            "table was built): this does NOT follow the World Bank's published rule, which "
            "leaves out the corridors sending from the Russian Federation; expect values "
            "0.1-0.2 pp below the published figures for 2016-2021."
        )
    names = ", ".join(area_label(c) for c in sorted(excluded))
    return _(
        "Global average as the World Bank publishes it: corridors sending from {names} are left "
        "out (RPW Methodology sheet: some former-Soviet corridors are excluded from the simple "
        "global average). The mean over all corridors is shown as a second series."
    ).format(names=names)


def all_corridor_average(quotes: pl.DataFrame, params: RemittanceParams) -> pl.DataFrame:
    """The GA over every corridor (series ALL_SERIES), quarterly and annual; empty when the
    settings exclude nothing (the main series is then already the all-corridor mean)."""
    if not params.exclude_sending or quotes.is_empty():
        return pl.DataFrame()
    every = replace(params, exclude_sending=())
    note = ALL_NOTE.format(", ".join(sorted(params.exclude_sending)))
    quarterly = compute_global_average(quotes, params=every).with_columns(
        series_code=pl.lit(ALL_SERIES), comment_obs=pl.lit(note)
    )
    note = ALL_NOTE.format(", ".join(sorted(params.exclude_sending)))
    annual = annualise(quarterly).with_columns(
        comment_obs=pl.concat_str([pl.lit(note), pl.col("comment_obs")], separator="; ")
    )
    return pl.concat([quarterly, annual]).filter(
        (pl.col("ref_area") == WORLD) & (pl.col("counterpart_area") == WORLD)
    )

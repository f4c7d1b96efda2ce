"""Pure Altair builders of the Migration page: (pl.DataFrame, ...) -> alt.Chart, no Streamlit.

Rows are in the indicator contract (core/contract.py); every tooltip names the series,
year, value with its unit and the source.
"""

from __future__ import annotations

import functools
import re

import altair as alt
import polars as pl

from core.areas import local_name
from core.i18n import N_, _, current_language
from dashboard.components import chart_layout as layout
from dashboard.components import charts
from dashboard.plain_text import md

# Units marked here, translated where shown (the builders and caption apply _()).
PERSONS = N_("persons")
PCT_POPULATION = N_("% of the population")
PER_100K = N_("refugees per 100,000 of the origin's population (+ refugees)")
USD_MILLION = N_("current US$ million")
PCT_GDP = N_("% of GDP")
PCT_DEAD = N_("% of the dead and missing")
HEIGHT = 300
SEX = {"_T": N_("Both sexes"), "F": N_("Female"), "M": N_("Male")}
SERIES = {
    "SM_POP_REFG_OR_N": N_("Refugees from the country (UNHCR, by origin)"),
    "SM_POP_REFG": N_("Refugees hosted in the country (UNHCR, by asylum)"),
    "SM_POP_REFG_OR_WB": N_("Refugees from the country (World Bank SM.POP.REFG.OR copy)"),
    "SM_POP_REFG_OR": N_("Refugees from the country per 100,000 (SDG 10.7.4)"),
    "KNOMAD_REM_IN": N_("Remittance inflows (KNOMAD / World Bank)"),
    "BX_TRF_PWKR_DT_GD_ZS": N_("Personal remittances received, % of GDP (WDI)"),
}
QUALITY = {f"SQ_{i}": str(i) for i in range(1, 6)} | {"SQ_NA": N_("Not rated")}
_VINTAGE = re.compile(r"IMS \d{4}|vintage \d{4}-\d{2}-\d{2}|release [\d-]+|estimates \d{4}")
_AUTOSIZE = layout.AUTOSIZE


def _year() -> pl.Expr:
    return pl.col("time_period").str.slice(0, 4).cast(pl.Int32, strict=False).alias("year")


def _tooltip(label: str, unit: str, fmt: str = ",.0f") -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{label}:N", title=_("Series")),
        alt.Tooltip("time_period:N", title=_("Year")),
        alt.Tooltip("value:Q", title=_("Value ({unit})").format(unit=_(unit)), format=fmt),
        alt.Tooltip("source:N", title=_("Source")),
    ]


def sex_trend_chart(df: pl.DataFrame, *, title: str, unit: str = PERSONS) -> alt.Chart:
    """One line per sex (both sexes, female, male) over the years of the series."""
    sexes = {k: _(v) for k, v in SEX.items()}
    rows = df.filter(pl.col("sex").is_in(list(SEX))).with_columns(
        _year(), sex_label=pl.col("sex").replace_strict(sexes, return_dtype=pl.String)
    )
    legend = alt.Legend(title=_("Sex"), orient="bottom", direction="horizontal")
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=layout.year_x(rows["year"].to_list(), _("Year (mid-year estimate)")),
            y=alt.Y("value:Q", title=_(unit)),
            color=alt.Color(
                "sex_label:N", title=_("Sex"), sort=list(sexes.values()), legend=legend
            ),
            tooltip=_tooltip("sex_label", unit),
        )
        .properties(title=layout.title(title), height=HEIGHT, autosize=_AUTOSIZE)
    )


def series_trend_chart(df: pl.DataFrame, *, title: str, unit: str, fmt: str = ",.0f") -> alt.Chart:
    """One line per series (labelled by SERIES) over the years."""
    names = {k: _(v) for k, v in SERIES.items()}
    label = pl.col("series_code").replace_strict(names, default=pl.col("series_code"))
    rows = df.with_columns(_year(), series=label).with_columns(
        legend=pl.col("series").map_elements(
            lambda t: layout.wrapped(t, layout.LEGEND_CHARS), return_dtype=pl.String
        )
    )
    return (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=layout.year_x(rows["year"].to_list()),
            y=alt.Y("value:Q", title=_(unit)),
            color=alt.Color("legend:N", title=None, legend=layout.legend()),
            tooltip=_tooltip("series", unit, fmt),
        )
        .properties(title=layout.title(title), height=HEIGHT, autosize=_AUTOSIZE)
    )


def _bars(rows: pl.DataFrame, *, y: str, y_title: str, title: str, unit: str) -> alt.Chart:
    """Horizontal bars, largest first, value and source in the tooltip; long names wrap."""
    unit = _(unit)
    rows = rows.with_columns(
        label=pl.col(y).map_elements(
            lambda t: layout.wrapped(t, layout.AXIS_CHARS), return_dtype=pl.String
        )
    )
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X(
                "value:Q",
                title=unit,
                axis=alt.Axis(labelOverlap=True, labelFlush=True, tickCount=4),
            ),
            y=alt.Y("label:N", title=y_title, sort="-x", axis=layout.band_axis()),
            tooltip=[
                alt.Tooltip(f"{y}:N", title=y_title),
                alt.Tooltip("time_period:N", title=_("Year")),
                alt.Tooltip("value:Q", title=unit, format=",.0f"),
                alt.Tooltip("source:N", title=_("Source")),
            ],
        )
        .properties(title=layout.title(title), autosize=_AUTOSIZE)
    )


def partner_bar_chart(df: pl.DataFrame, *, title: str, partner_title: str) -> alt.Chart:
    """Top origins or destinations (migration_data.top_partners rows) as bars, named not coded."""
    rows = df.with_columns(
        partner_name=pl.col("partner").map_elements(
            functools.partial(local_name, lang=current_language()), return_dtype=pl.String
        )
    )
    return _bars(rows, y="partner_name", y_title=partner_title, title=title, unit=PERSONS)


def area_bar_chart(df: pl.DataFrame, *, title: str, area_title: str) -> alt.Chart:
    """10.7.3 dead and missing by MMP region or route (rows with an `area` label)."""
    return _bars(df, y="area", y_title=area_title, title=title, unit=PERSONS)


def quality_chart(df: pl.DataFrame, *, title: str) -> alt.Chart:
    """Share of the dead and missing by source quality (SM_DTH_MIGR_SQ rows)."""
    rows = df.with_columns(
        quality=pl.col("sub_category").replace_strict(
            {k: _(v) for k, v in QUALITY.items()}, default=pl.col("sub_category")
        )
    )
    unit = _(PCT_DEAD)
    return (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            x=alt.X(
                "quality:N",
                title=[_("Source quality"), _("(1 = one media source … 5 = official)")],
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("value:Q", title=unit),
            tooltip=[
                alt.Tooltip("quality:N", title=_("Source quality")),
                alt.Tooltip("value:Q", title=unit, format=".1f"),
                alt.Tooltip("sample_size:Q", title=_("Incidents")),
            ],
        )
        .properties(title=layout.title(title), height=HEIGHT, autosize=_AUTOSIZE)
    )


def vintage(df: pl.DataFrame) -> str:
    """Editions and releases named in comment_obs ('IMS 2020', 'release 2023-06', ...)."""
    notes = df["comment_obs"].drop_nulls().unique().to_list() if "comment_obs" in df.columns else []
    found = sorted({m.removeprefix("vintage ") for note in notes for m in _VINTAGE.findall(note)})
    return "; ".join(found) or _("as in the source file named")


def caption(df: pl.DataFrame, unit: str) -> str:
    """Source, period, unit and retrieval date (charts.caption), plus the data's vintage."""
    vintage_text = _("Vintage: {vintage}.").format(vintage=md(vintage(df)))
    return f"{charts.caption(df, unit)} {vintage_text}"

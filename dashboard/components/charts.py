"""Pure Altair builders for the remittance pages: (pl.DataFrame, ...) -> alt.Chart, no Streamlit.

Every builder takes rows in the indicator contract's long shape (core/contract.py) and
returns a chart whose tooltip names the series, period, value with its unit and sample size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import altair as alt
import polars as pl

from core.areas import local_name
from core.i18n import N_, _, current_language
from dashboard.components import chart_layout as layout
from dashboard.plain_text import md
from indicators.origin import origin_note

# Units are marked here and translated where shown (the builders and caption apply _()).
COST_UNIT = N_("% of amount sent")
SHARE_UNIT = N_("% of corridors")
GDP_UNIT = N_("% of GDP")
BREAK_DATE = date(2016, 4, 1)  # RPW's Q2 2016 change of sample (227 → 365 corridors) and schema
BREAK_LABEL = N_("Q2 2016: RPW methodology change (227 → 365 corridors)")
BREAK_SHORT = N_("2016-Q2 break")  # on the plot; BREAK_LABEL in its tooltip and the caption
HEIGHT = 320
# Series labels are long ("Average sending to Kenya, USD 200 (World Bank ...)"): one per
# entry, wrapped (chart_layout.legend).
_AUTOSIZE = layout.AUTOSIZE
_PAD_RIGHT_AXIS = {"left": 5, "top": 5, "right": 12, "bottom": 5}  # Vega default 5 px

_SOURCES = {
    "SI_RMT_COST": N_("RPW, this platform"),
    "SI_RMT_COST_ALLCORR": N_("RPW, all corridors: not the published rule"),
    "SI_RMT_COST_IB_ZS": N_("World Bank SI.RMT.COST.IB.ZS"),
    "SI_RMT_COST_OB_ZS": N_("World Bank SI.RMT.COST.OB.ZS"),
    "RPW_ATCR_CORR": N_("World Bank published corridor average"),
    "BX_TRF_PWKR_DT_GD_ZS": N_("World Bank BX.TRF.PWKR.DT.GD.ZS"),
}
_STATISTICS = {
    "MEAN": N_("Average"),
    "SMART3": N_("SmaRT average"),
    "SHARE_BELOW_5": N_("Share of corridors below 5 %"),
    "SHARE_ABOVE_5": N_("Share of corridors above 5 %"),
    "CORRIDORS_LT3_ELIGIBLE": N_("Corridors with fewer than 3 eligible services"),
    "_T": N_("Average"),
}
_AMOUNTS = {"USD200": ", USD 200", "USD500": ", USD 500", "_T": ""}
PROVIDERS = {"BANK": N_("Bank"), "MTO": N_("Money transfer operator"), "POST": N_("Post office")}
PROVIDERS |= {"MOBILE": N_("Mobile operator"), "OTHER": N_("Other")}


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line with its label (e.g. the SDG 3 % target)."""

    y: float
    label: str


# Labels marked here, translated where drawn (_rules).
TARGET_3 = Rule(3.0, N_("SDG 10.c target: 3 %"))
THRESHOLD_5 = Rule(5.0, N_("5 % corridor threshold"))
ALL_CORRIDORS = Rule(100.0, N_("Target: every corridor at or below 5 %"))


def _names(df: pl.DataFrame) -> dict[str, str]:
    """Area code -> name in the chart's language for every code in the frame's area columns."""
    cols = [c for c in ("ref_area", "counterpart_area") if c in df.columns]
    codes = {c for col in cols for c in df[col].drop_nulls().unique().to_list()}
    return {c: local_name(c, current_language()) for c in codes}


def _direction(ref: str, cp: str | None, names: dict[str, str]) -> str:
    """'global', 'sending to Kenya', 'sending from Germany' or 'Germany → Kenya'."""
    ref_name, cp_name = names.get(ref, ref), names.get(cp or "", cp or "")
    if ref == "WLD" and cp == "WLD":
        return _("global")
    if ref == "WLD":
        return _("sending to {area}").format(area=cp_name)
    if cp in ("WLD", "_T", None):
        return _("sending from {area}").format(area=ref_name)
    return f"{ref_name} → {cp_name}"


def _series_label(row: dict, names: dict[str, str]) -> str:
    """The legend label of one row: statistic, direction, amount and source, in words."""
    source = _(_SOURCES.get(row["series_code"], row["series_code"]))
    if str(row["series_code"]).startswith("BX_TRF"):
        area = names.get(row["ref_area"], row["ref_area"])
        return _("Personal remittances received, {area} ({source})").format(
            area=area, source=source
        )
    stat = row["statistic"]
    # TRANSLATORS: a chart legend, e.g. "Average sending to Kenya, USD 200 (RPW, this platform)"
    return _("{statistic} {direction}{amount} ({source})").format(
        statistic=_(_STATISTICS.get(stat, stat)) if stat else "",
        direction=_direction(row["ref_area"], row["counterpart_area"], names),
        amount=_AMOUNTS.get(row["transfer_amount"] or "", ""),
        source=source,
    )


def prepare(df: pl.DataFrame) -> pl.DataFrame:
    """Add `date` (quarter start, mid-year for annual rows) and a readable `series` label."""
    year = pl.col("time_period").str.slice(0, 4).cast(pl.Int32, strict=False)
    quarter = pl.col("time_period").str.extract(r"Q([1-4])$").cast(pl.Int8, strict=False)
    month = pl.when(quarter.is_null()).then(7).otherwise((quarter - 1) * 3 + 1)
    names = _names(df)
    keys = ("series_code", "statistic", "ref_area", "counterpart_area", "transfer_amount")
    present = [k for k in keys if k in df.columns]
    missing = [pl.lit(None, dtype=pl.String).alias(k) for k in keys if k not in df.columns]
    # One label per distinct key (a few dozen), not per row: translated in Python.
    combos = df.select(*present).with_columns(*missing).unique() if df.height else None
    labels = {
        tuple(r[k] for k in keys): _series_label(r, names)
        for r in (combos.iter_rows(named=True) if combos is not None else [])
    }
    frame = df.with_columns(*missing)
    series = [labels[tuple(r)] for r in frame.select(*keys).iter_rows()]
    out = df.with_columns(date=pl.date(year, month, 1), series=pl.Series(series, dtype=pl.String))
    return out.with_columns(legend=_wrap_expr("series"))


def _wrap_expr(column: str) -> pl.Expr:
    """A label column wrapped for a legend or axis (lines split again in the browser)."""
    return pl.col(column).map_elements(
        lambda t: layout.wrapped(t, layout.LEGEND_CHARS), return_dtype=pl.String
    )


def _tooltip(unit: str) -> list[alt.Tooltip]:
    """Series, period, value with unit, sample size and source."""
    return [
        alt.Tooltip("series:N", title=_("Series")),
        alt.Tooltip("time_period:N", title=_("Period")),
        alt.Tooltip("value:Q", title=_("Value ({unit})").format(unit=_(unit)), format=".2f"),
        alt.Tooltip("sample_size:Q", title=_("Sample size (services)")),
        alt.Tooltip("source:N", title=_("Source")),
    ]


def _rules(rules: tuple[Rule, ...]) -> list[alt.Chart]:
    """Dashed horizontal reference lines with a text label at their left end."""
    if not rules:
        return []
    frame = pl.DataFrame({"y": [r.y for r in rules], "label": [_(r.label) for r in rules]})
    base = alt.Chart(frame)
    line = base.mark_rule(strokeDash=[6, 4], color="#b22222").encode(
        y="y:Q", tooltip=[alt.Tooltip("label:N", title=_("Reference"))]
    )
    text = base.mark_text(align="left", dx=4, dy=-6, color="#b22222", clip=True).encode(
        x=alt.value(0), y="y:Q", text="label:N"
    )
    return [line, text]


def _break(df: pl.DataFrame) -> list[alt.Chart]:
    """The Q2 2016 methodology break as a vertical rule and label, if inside the data's span."""
    dates = df["date"].drop_nulls()
    if dates.is_empty() or not (dates.min() < BREAK_DATE <= dates.max()):  # type: ignore[operator]
        return []
    frame = pl.DataFrame(
        {"date": [BREAK_DATE], "label": [_(BREAK_LABEL)], "short": [_(BREAK_SHORT)]}
    )
    base = alt.Chart(frame)
    tip = [alt.Tooltip("label:N", title=_("Break in series"))]
    rule = base.mark_rule(color="#666666", strokeDash=[2, 2]).encode(x="date:T", tooltip=tip)
    text = base.mark_text(align="left", dx=4, y="height", dy=-8, color="#595959", clip=True).encode(
        x="date:T", text="short:N", tooltip=tip
    )
    return [rule, text]


def trend_chart(
    df: pl.DataFrame,
    *,
    title: str,
    unit: str = COST_UNIT,
    rules: tuple[Rule, ...] = (),
    mark_break: bool = True,
) -> alt.LayerChart:
    """Lines over time, one per series, with reference rules and the 2016 break marked.

    Args:
        df: contract rows (time_period, value, series_code, ref/counterpart area, ...).
        title: chart title; the unit is appended in parentheses.
        unit: unit of `value`, shown in the axis title and tooltip.
        rules: horizontal reference lines (e.g. TARGET_3, THRESHOLD_5).
        mark_break: draw the Q2 2016 RPW methodology break when the data spans it.
    """
    data = prepare(df)
    shown = _(unit)
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=layout.period_x(data["date"].to_list()),
            y=alt.Y("value:Q", title=_("Value ({unit})").format(unit=shown)),
            color=alt.Color("legend:N", title=_("Series"), legend=layout.legend(_("Series"))),
            tooltip=_tooltip(unit),
        )
    )
    layers = [line, *_rules(rules), *(_break(data) if mark_break else [])]
    chart: alt.LayerChart = alt.LayerChart(layer=layers)
    return chart.properties(
        title=layout.title(f"{title} ({shown})"), height=HEIGHT, autosize=_AUTOSIZE
    )


def smart_chart(df: pl.DataFrame) -> alt.LayerChart:
    """Global SmaRT average (line, %) and the corridors lacking 3 eligible services (bars).

    Args:
        df: WLD→WLD rows with statistic SMART3 (unit PT) and CORRIDORS_LT3_ELIGIBLE (NUMBER).
            Only the USD 200 rows are drawn: with USD 500 in the same frame the line zigzagged
            between the two amounts and the bars stacked both counts.
    """
    if "transfer_amount" in df.columns:
        df = df.filter(pl.col("transfer_amount").is_in(["USD200", "_T"]))
    data = prepare(df)
    base = alt.Chart(data).encode(x=layout.period_x(data["date"].to_list()))
    bars = (
        base.transform_filter(alt.datum.statistic == "CORRIDORS_LT3_ELIGIBLE")
        .mark_bar(opacity=0.35, color="#888888")
        .encode(
            y=alt.Y("value:Q", title=_("Corridors lacking 3 eligible services (number)")),
            tooltip=_tooltip(_("corridors")),
        )
    )
    line = (
        base.transform_filter(alt.datum.statistic == "SMART3")
        .mark_line(point=True, color="#1f77b4")
        .encode(
            y=alt.Y("value:Q", title=_("SmaRT average ({unit})").format(unit=_(COST_UNIT))),
            tooltip=_tooltip("%"),
        )
    )
    title = _("Global SmaRT average, USD 200, 3 cheapest eligible services ({unit})").format(
        unit=_(COST_UNIT)
    )
    layers = alt.layer(bars, line, *_break(data)).resolve_scale(y="independent")
    # padding: room for the right axis title's glyphs, which Vega's bounds cut by a few px
    return layers.properties(
        title=layout.title(title), height=HEIGHT, autosize=_AUTOSIZE, padding=_PAD_RIGHT_AXIS
    )


def provider_chart(df: pl.DataFrame) -> alt.Chart:
    """Average USD 200 cost by provider type for one period (bars)."""
    data = prepare(df).with_columns(
        provider=pl.col("provider_type").replace_strict(
            {k: _(v) for k, v in PROVIDERS.items()}, default=pl.col("provider_type")
        )
    )
    period = str(data["time_period"].max()) if data.height else ""
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("value:Q", title=[_("Average total cost"), f"({_(COST_UNIT)})"]),
            y=alt.Y("provider:N", title=_("Provider type"), sort="x", axis=layout.band_axis()),
            tooltip=[alt.Tooltip("provider:N", title=_("Provider type")), *_tooltip(COST_UNIT)],
        )
        .properties(
            title=layout.title(
                _("Average cost by provider type, {period} ({unit})").format(
                    period=period, unit=_(COST_UNIT)
                )
            ),
            autosize=_AUTOSIZE,
        )
    )


def _span(df: pl.DataFrame) -> str:
    """'2014-Q1 to 2024-Q2' (or one period) from the time_period column."""
    periods = df["time_period"].drop_nulls().sort()
    if periods.is_empty():
        return _("no period")
    first, last = periods[0], periods[-1]
    return first if first == last else _("{first} to {last}").format(first=first, last=last)


def caption(df: pl.DataFrame, unit: str) -> str:
    """Source, period covered, unit, retrieval date and origin of the data behind a chart.

    Markdown-escaped (plain_text.md): a unit such as "US$" or a source name with "*" or "_"
    is shown as written, never as maths or emphasis.
    """
    sources = sorted(set(df["source"].drop_nulls().to_list())) if "source" in df.columns else []
    retrieved = df["retrieved_at"].drop_nulls() if "retrieved_at" in df.columns else None
    when = str(retrieved.max())[:10] if retrieved is not None and len(retrieved) else None
    text = _("Source: {sources}. Period: {period}. Unit: {unit}. Retrieved: {date}.").format(
        sources="; ".join(sources) or _("not recorded"),
        period=_span(df),
        unit=_(unit),
        date=when or _("date not recorded"),
    )
    origins = set(df["data_origin"].drop_nulls().to_list()) if "data_origin" in df.columns else ()
    if origins:  # custodian / national / derived / demo
        text += " " + origin_note(set(origins))
    return md(text)

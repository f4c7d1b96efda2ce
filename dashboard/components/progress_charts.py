"""Pure Altair builder of the explorer chart: series over time with baseline, target, milestones
and series breaks. No Streamlit; rows in the contract's long shape (core/contract.py).
"""

from __future__ import annotations

from datetime import date

import altair as alt
import polars as pl

from core.i18n import _, translator
from dashboard.components import chart_layout as layout

# Okabe-Ito (colour-blind safe): custodian/platform values, national values.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
REFERENCE = "#000000"
HEIGHT = 320
_AUTOSIZE = layout.AUTOSIZE


def _num(value: float) -> str:
    """A reference value for a label: 21,308 or 5.46 (in the language), never in exponents."""
    return translator().sig(value)


def period_date(period: str) -> date:
    """'2016-Q2' → 2016-04-01; '2019' → 2019-07-01 (mid-year, as the other charts)."""
    year = int(period[:4])
    if "Q" in period:
        return date(year, (int(period[-1]) - 1) * 3 + 1, 1)
    return date(year, 7, 1)


def _with_dates(df: pl.DataFrame) -> pl.DataFrame:
    """Add `date` as period_date does, vectorised."""
    year = pl.col("time_period").str.slice(0, 4).cast(pl.Int32, strict=False)
    quarter = pl.col("time_period").str.extract(r"Q([1-4])$").cast(pl.Int8, strict=False)
    month = pl.when(quarter.is_null()).then(7).otherwise((quarter - 1) * 3 + 1)
    return df.with_columns(date=pl.date(year, month, 1))


def progress_chart(
    df: pl.DataFrame,
    *,
    title: str,
    unit: str,
    baseline: tuple[int, float] | None = None,
    target: tuple[int, float] | None = None,
    milestones: tuple[tuple[int, float], ...] = (),
    breaks: tuple[tuple[str, str], ...] = (),
) -> alt.LayerChart:
    """Lines per `series` label with reference layers.

    Args:
        df: rows with time_period, value and a `series` label column (e.g. custodian/national).
        title: chart title; the unit is appended (both already in the page's language).
        unit: unit of the values, in the axis title and tooltip.
        baseline: (year, value): a dashed horizontal line labelled with the base year.
        target: (year, value): a dotted horizontal line and a diamond at the target year.
        milestones: (year, value) interim national milestones, drawn as squares.
        breaks: (period, what changed): vertical rules when inside the data's span.
    """
    data = _with_dates(df).with_columns(
        legend=pl.col("series").map_elements(
            lambda t: layout.wrapped(t, layout.LEGEND_CHARS), return_dtype=pl.String
        )
    )
    # Colour and dash on the same field and title: Vega-Lite draws one legend of line
    # samples, so the published and national lines differ in more than colour.
    colour = alt.Color(
        "legend:N",
        title=_("Series"),
        scale=alt.Scale(range=list(SERIES_COLOURS)),
        legend=layout.legend(_("Series")),
    )
    refs_dates = [date(y, 7, 1) for y, _ in (*milestones, *([target] if target else []))]
    tooltip = [
        alt.Tooltip("series:N", title=_("Series")),
        alt.Tooltip("time_period:N", title=_("Period")),
        alt.Tooltip("value:Q", title=_("Value ({unit})").format(unit=unit), format=",.4~g"),
        alt.Tooltip("source:N", title=_("Source")),
    ]
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=layout.period_x([*data["date"].to_list(), *refs_dates]),
            y=alt.Y("value:Q", title=_("Value ({unit})").format(unit=unit)),
            color=colour,
            strokeDash=alt.StrokeDash(
                "legend:N", title=_("Series"), legend=layout.legend(_("Series"))
            ),
            tooltip=tooltip,
        )
    )
    layers: list[alt.Chart] = [line]
    refs = []
    if baseline is not None:
        label = _("Baseline {year}: {value}").format(year=baseline[0], value=_num(baseline[1]))
        refs.append(("Baseline", baseline, [6, 4], label))
    if target is not None:
        label = _("Target {value} by {year}").format(value=_num(target[1]), year=target[0])
        refs.append(("Target", target, [2, 2], label))
    for _kind, (year, value), dash, label in refs:
        frame = pl.DataFrame({"y": [value], "label": [label], "date": [date(year, 7, 1)]})
        base = alt.Chart(frame)
        layers.append(
            base.mark_rule(strokeDash=dash, color=REFERENCE).encode(
                y="y:Q", tooltip=[alt.Tooltip("label:N", title=_("Reference"))]
            )
        )
        layers.append(
            base.mark_text(align="left", dx=4, dy=-6, color=REFERENCE, clip=True).encode(
                x=alt.value(0), y="y:Q", text="label:N"
            )
        )
    if target is not None:
        frame = pl.DataFrame({"date": [date(target[0], 7, 1)], "y": [target[1]]})
        layers.append(
            alt.Chart(frame).mark_point(shape="diamond", size=120, filled=True, color=REFERENCE)
            .encode(x="date:T", y="y:Q")
        )  # fmt: skip
    if milestones:
        frame = pl.DataFrame(
            {
                "date": [date(y, 7, 1) for y, _ in milestones],
                "y": [v for _, v in milestones],
                "label": [
                    _("National milestone {year}: {value}").format(year=y, value=_num(v))
                    for y, v in milestones
                ],
            }
        )
        layers.append(
            alt.Chart(frame)
            .mark_point(shape="square", size=90, filled=True, color="#CC79A7")
            .encode(x="date:T", y="y:Q", tooltip=[alt.Tooltip("label:N", title=_("Milestone"))])
        )
    layers += _breaks(data, breaks)
    chart: alt.LayerChart = alt.LayerChart(layer=layers)
    return chart.properties(
        title=layout.title(f"{title} ({unit})"), height=HEIGHT, autosize=_AUTOSIZE
    )


def _breaks(data: pl.DataFrame, breaks: tuple[tuple[str, str], ...]) -> list[alt.Chart]:
    """Vertical rules for the breaks inside the data's span."""
    dates = data["date"].drop_nulls()
    if dates.is_empty():
        return []
    first, last = dates.min(), dates.max()
    inside = [
        (period_date(p), p, _("Break in series, {period}: {text}").format(period=p, text=text))
        for p, text in breaks
    ]
    inside = [row for row in inside if first < row[0] <= last]  # type: ignore[operator]
    if not inside:
        return []
    frame = pl.DataFrame(
        {
            "date": [d for d, _p, _t in inside],
            # the full text is in the tooltip
            "short": [_("{period} break").format(period=p) for _d, p, _t in inside],
            "label": [t for _d, _p, t in inside],
        }
    )
    base = alt.Chart(frame)
    tip = [alt.Tooltip("label:N", title=_("Break in series"))]
    rule = base.mark_rule(color="#666666", strokeDash=[2, 2]).encode(x="date:T", tooltip=tip)
    text = base.mark_text(align="left", dx=4, y="height", dy=-8, color="#444444", clip=True).encode(
        x="date:T", text="short:N", tooltip=tip
    )
    return [rule, text]

"""Layout shared by every chart builder: wrapped titles and legends, period axes that fit a phone.

Charts fill their container's width (Streamlit sets width "container"; `AUTOSIZE` fits the
width only, so a legend below adds height instead of squeezing the plot). At 390 px a chart
is about 340 px wide: titles, legend labels and long axis labels are wrapped into lines that
fit it (Vega draws an array of strings, or a label split at "\\n", as lines), and text marks
are clipped to the plot so that a long annotation cannot shrink the plot to a sliver.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

import altair as alt

from core.i18n import N_, _

_T = TypeVar("_T")

AUTOSIZE = alt.AutoSizeParams(type="fit-x", contains="padding")
TITLE_CHARS = 40  # bold 13-16 px title: about 300 px at 390 px viewport width
LEGEND_CHARS = 32  # 11 px labels; a bottom legend starts at the plot, right of the y axis
AXIS_CHARS = 22  # category labels of a bar chart: leave the bars most of the width
MAX_TICKS = 10  # Vega hides the labels that would overlap (labelOverlap) on a phone
NEWLINE = "\n"
SPLIT = "split(datum.label, '\\n')"  # Vega expression: one line per part


def lines(text: str, width: int) -> list[str]:
    """`text` wrapped at word boundaries into lines of at most `width` characters."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def wrapped(text: str, width: int) -> str:
    """`text` wrapped into lines joined by a newline (split again by SPLIT in the browser)."""
    return NEWLINE.join(lines(text, width))


def legend_label(text: str) -> str:
    """A series name wrapped for a legend entry (see legend)."""
    return wrapped(text, LEGEND_CHARS)


def title(text: str) -> alt.TitleParams:
    """A chart title as lines that fit a phone: never cut with an ellipsis."""
    return alt.TitleParams(text=lines(text, TITLE_CHARS), anchor="start", limit=0)


def legend(title: str | None = None) -> alt.Legend:
    """A legend below the plot, one entry per row, labels on as many lines as they need."""
    return alt.Legend(
        title=title, orient="bottom", direction="vertical", labelLimit=0, labelExpr=SPLIT
    )


def band_axis(limit_chars: int = AXIS_CHARS) -> alt.Axis:
    """Category axis (bar charts) whose long labels wrap onto lines instead of being cut."""
    return alt.Axis(labelExpr=SPLIT, labelLimit=limit_chars * 7, titlePadding=8)


def _dt(d: date) -> alt.DateTime:
    return alt.DateTime(year=d.year, month=d.month, date=d.day)


def _shift(d: date, months: int) -> date:
    """`d` moved by a number of months (day 1 kept)."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _thin(ticks: list[_T]) -> list[_T]:
    """At most about MAX_TICKS evenly spaced ticks, always keeping the last (a target year)."""
    kept = ticks[:: math.ceil(len(ticks) / MAX_TICKS)]
    return kept if kept[-1] == ticks[-1] else [*kept[:-1], ticks[-1]]


def period_x(dates: Iterable[date | None], title: str = N_("Period")) -> alt.X:
    """Temporal x of dated periods: ticks on the data's years (or quarters), never months.

    Annual rows sit on 1 July and quarterly rows on the quarter's first day (charts.prepare,
    progress_charts.period_date): a tick sits on a period and is labelled '2019' or '2019-Q3'.
    A single period gets a one-year window around its point. The title is translated here.
    """
    title = _(title)
    found = sorted({d for d in dates if d is not None})
    if not found:
        return alt.X("date:T", title=title)
    quarterly = any(d.month in (1, 4, 10) for d in found)
    first, last = found[0], found[-1]
    if quarterly and last.year - first.year < 2:
        ticks = found
        label = "timeFormat(datum.value, '%Y') + '-Q' + (floor(month(datum.value) / 3) + 1)"
    else:  # one tick per year that has data (Q1 of a quarterly series), thinned
        ticks = sorted({date(d.year, 1 if quarterly else 7, 1) for d in found})
        label = "timeFormat(datum.value, '%Y')"
    ticks = _thin(ticks)
    axis = alt.Axis(values=[_dt(d) for d in ticks], labelExpr=label, labelOverlap=True)
    if first == last:
        window = alt.Scale(domain=[_dt(_shift(first, -6)), _dt(_shift(first, 6))])
        return alt.X("date:T", title=title, axis=axis, scale=window)
    return alt.X("date:T", title=title, axis=axis)


def year_x(years: Sequence[int | None], title: str = N_("Year")) -> alt.X:
    """Quantitative x of whole years: integer ticks from the data; one year gets a window."""
    title = _(title)
    found = sorted({y for y in years if y is not None})
    if not found:
        return alt.X("year:Q", title=title, axis=alt.Axis(format="d"))
    first, last = found[0], found[-1]
    ticks = _thin(found)  # the data's years (IMS: every 5)
    axis = alt.Axis(format="d", values=ticks, labelOverlap=True)
    domain = [first - 1, last + 1] if first == last else [first, last]
    return alt.X("year:Q", title=title, axis=axis, scale=alt.Scale(domain=domain, nice=False))

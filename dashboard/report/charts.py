"""Charts of the report as PNG images: Vega-Lite specs rendered by vl-convert (no browser).

Both writers call `chart_png`; a per-report cache renders a chart shown in two sections once.
"""

from __future__ import annotations

import json

import vl_convert as vlc

from core.errors import EtlError
from dashboard.report.model import Chart

SCALE = 2.0  # pixels per CSS pixel: sharp at the printed width of about 16 cm


def chart_png(chart: Chart, cache: dict[str, bytes] | None = None) -> bytes:
    """The chart as PNG bytes (EtlError naming the chart if Vega-Lite rejects its spec)."""
    key = json.dumps(chart.spec, sort_keys=True, default=str)
    if cache is not None and key in cache:
        return cache[key]
    try:
        png = bytes(vlc.vegalite_to_png(chart.spec, scale=SCALE))
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError
        raise EtlError(
            f"chart '{chart.title}' could not be rendered ({exc}). The report cannot include "
            "it; report this message with the chart's title."
        ) from exc
    if cache is not None:
        cache[key] = png
    return png

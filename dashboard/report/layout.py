"""Column widths of report tables from their content (shared by the PDF and DOCX writers). Pure.

A column is never narrower than its longest word (so '138,549,029' or '2024' is never broken
over two lines); the width left over goes to the columns whose texts are longest.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.report.model import Table


def column_widths(
    table: Table, measure: Callable[[str, bool], float], total: float, *, padding: float
) -> list[float]:
    """Widths summing to `total`; `measure(text, bold)` gives a text's width in the same unit."""
    mins, wants = [], []
    for i, name in enumerate(table.columns):
        cells = [r[i] for r in table.rows]
        words = [(w, True) for w in name.split()] + [(w, False) for c in cells for w in c.split()]
        mins.append(max((measure(w, b) for w, b in words), default=0.0) + padding)
        whole = [measure(name, True)] + [measure(c, False) for c in cells]
        wants.append(max(max(whole, default=0.0) + padding, mins[-1]))
    if sum(wants) <= total:  # everything fits on one line: share the rest evenly by need
        return [w * total / sum(wants) for w in wants]
    spare = total - sum(mins)
    if spare <= 0:  # even the longest words do not fit: shrink proportionally
        return [m * total / sum(mins) for m in mins]
    extra = [w - m for w, m in zip(wants, mins, strict=True)]
    return [m + spare * e / sum(extra) for m, e in zip(mins, extra, strict=True)]

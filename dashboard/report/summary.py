"""The report's executive summary: status counts per level and GFMD theme, biggest improvements
and setbacks since the previous report, with numbers. Pure.

The counts are `indicators.progress.scorecard.status_counts` over the same cards as the
sections, the function the overview's summary tables use, so the two always agree.
"""

from __future__ import annotations

from core.i18n import N_, _, translator
from dashboard.report.model import Summary, Table
from dashboard.report.survey import with_unit
from indicators.progress.method import STATUS_LABELS
from indicators.progress.model import Status
from indicators.progress.scorecard import Card, card_label, fmt, status_counts
from indicators.progress.styles import STATUS_ORDER
from indicators.registry_meta import LEVELS, THEMES, group_name

TOP = 3  # improvements and setbacks listed


def counts_table(cards: list[Card], by: str, order: tuple[str, ...], title: str) -> Table:
    """Indicators per status (columns) and level or theme (rows), with a total column."""
    counts = status_counts(cards, by)
    statuses = [s for s in STATUS_ORDER if any(c[s] for c in counts.values())]
    rows = tuple(
        (group_name(k), *(str(counts[k][s]) for s in statuses), str(sum(counts[k].values())))
        for k in order
        if k in counts
    )
    header = {"level": N_("Level"), "theme": N_("Theme")}[by]
    cols = (_(header), *(STATUS_LABELS[s] for s in statuses), _("Total"))
    return Table(title, cols, rows)


def _moves(now: dict[str, Card], prev: dict[str, Card]) -> list[tuple[float, str, bool]]:
    """(size, sentence, improved) of every indicator whose value moved, direction known."""
    out = []
    for code, card in now.items():
        was = prev.get(code)
        n, p = card.latest, was.latest if was else None
        direction = card.progress.direction
        # Context indicators (world or regional figures) are not the country's own progress.
        if n is None or p is None or n == p or direction == "none" or card.level == "context":
            continue
        assert was is not None
        delta = n[1] - p[1]
        good = delta > 0 if direction == "positive" else delta < 0
        rel = abs(delta) / abs(p[1]) if p[1] else float("inf")
        unit = card.rows["unit_measure"][0] if card.rows.height else card.unit
        change = f"{'+' if delta > 0 else '−'}{fmt(abs(delta))}"
        if p[1]:
            share = translator().percent(abs(delta / p[1]) * 100, 0)
            change += f", {'+' if delta > 0 else '−'}{share}"
        text = _("{name}: {was} ({was_period}) → {now} ({now_period}), change {change}").format(
            name=card_label(card),
            was=with_unit(p[1], unit),
            was_period=p[0],
            now=with_unit(n[1], unit),
            now_period=n[0],
            change=change,
        )
        if was.progress.status != card.progress.status:
            text += _("; status {was} → {now}").format(
                was=STATUS_LABELS[was.progress.status], now=STATUS_LABELS[card.progress.status]
            )
        out.append((rel, text + ".", good))
    return sorted(out, key=lambda m: -m[0])


def build_summary(now: dict[str, Card], prev: dict[str, Card], previous: str) -> Summary:
    """The executive summary of the cards at the period against those at `previous`."""
    cards = list(now.values())
    # Context indicators are deliberately not assessed: never counted as assessed.
    assessed = [c for c in cards if c.progress.status not in (Status.NOT_AVAILABLE, Status.CONTEXT)]
    with_data = [c for c in cards if c.latest is not None]
    moves = _moves(now, prev)
    up = tuple(t for _, t, good in moves if good)[:TOP]
    down = tuple(t for _, t, good in moves if not good)[:TOP]
    counts = status_counts(cards, "level")
    total = sum(sum(c.values()) for c in counts.values())
    by_status = {s: sum(c[s] for c in counts.values()) for s in STATUS_ORDER}
    parts = [f"{n} {STATUS_LABELS[s].lower()}" for s, n in by_status.items() if n]
    lead = _(
        "{total} indicators of the results framework: {with_data} with data for this country, "
        "{assessed} of them assessed for progress. Progress status: {statuses}."
    ).format(
        total=total, with_data=len(with_data), assessed=len(assessed), statuses=", ".join(parts)
    )
    return Summary(
        lead=lead,
        by_level=counts_table(cards, "level", LEVELS, _("Indicators by level and progress status")),
        by_theme=counts_table(
            cards, "theme", THEMES, _("Indicators by GFMD theme and progress status")
        ),
        improvements=up
        or (_("No indicator improved since the report for {period}.").format(period=previous),),
        setbacks=down
        or (
            _("No indicator moved the wrong way since the report for {period}.").format(
                period=previous
            ),
        ),
    )

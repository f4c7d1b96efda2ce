"""Deterministic synthetic RPW quotes, written in the published six-sheet workbook layout.

For tests, the DEMO DATA and the benchmark: the real 50 MB workbook cannot be shipped. Prices
follow the published arithmetic (total cost % = fee / amount x 100 + FX margin; FX margin =
(1 - applied rate / interbank rate) x 100). Firm names are fictional. `write_quotes_workbook`
adds every quirk of docs `rpw_dataset_format.md` when `quirks=True`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from etl.demo.rpw_layout import CORRIDORS, COUNTRIES, write_workbook

# 2011 and 2012 were surveyed half-yearly; 2025_2Q had no collection round.
_SKIPPED = {"2011_2Q", "2011_4Q", "2012_2Q", "2012_4Q", "2025_2Q"}
PERIODS: tuple[str, ...] = tuple(
    p for y in range(2011, 2026) for q in range(1, 5) if (p := f"{y}_{q}Q") not in _SKIPPED
)[:-1]  # up to 2025_3Q
FIRST_CURRENT = PERIODS.index("2016_2Q")
CURRENT_WEIGHT = 1.85  # ~49.5k legacy vs ~200k current rows in the real workbook

# Firm archetypes: (name pattern, firm_type, cost multiplier, FX-margin share of total cost).
_TYPES = ("Bank", "Money Transfer Operator", "Post Office", "Mobile Operator", "Digital")
GLOBAL_FIRMS = (
    ("MTO Alpha", 1),
    ("MTO Beta", 1),
    ("MTO Gamma", 1),
    ("Online MTO Delta", 4),
    ("Mobile Money Epsilon", 3),
)
LOCAL_FIRMS = (("Bank {s} One", 0), ("Bank {s} Two", 0), ("Post {s}", 2), ("Remit {s}", 1))
_COST_MULT = np.array([1.7, 0.95, 1.25, 0.6, 0.55])
_MARGIN_SHARE = np.array([0.55, 0.45, 0.4, 0.3, 0.6])
_OPTIONS: dict[str, tuple[tuple[str, ...], ...]] = {  # per archetype, in _TYPES order
    "payment instrument": (
        ("Bank account", "Bank account,Debit card", "Cash,Bank account"),
        ("Cash", "Cash,Debit card,Credit card", "Debit card,Credit card"),
        ("Cash",),
        ("Mobile money", "Cash,Mobile money"),
        ("Bank account,Debit card,Credit card", "Debit card"),
    ),
    "access point": (
        ("Bank branch", "Internet", "Bank branch,Internet"),
        ("Agent", "Agent,Internet"),
        ("Post Office branch",),
        ("Mobile phone", "Agent"),
        ("Internet", "Internet,Mobile phone"),
    ),
    "speed actual": (
        ("Next day", "2 days", "3-5 days"),
        ("Less than one hour", "Same day"),
        ("2 days", "3-5 days", "6 days or more"),
        ("Less than one hour",),
        ("Less than one hour", "Same day", "Next day"),
    ),
    "pickup method": (
        ("Bank account", "Cash,Bank account"),
        ("Cash", "Cash,Mobile wallet"),
        ("Cash",),
        ("Mobile wallet", "Cash,Mobile wallet"),
        ("Bank account", "Mobile wallet", "Cash"),
    ),
    "pickup location": (
        ("Bank branch",),
        ("Agent", "Agent,Home delivery"),
        ("Post office branch",),
        ("Agent",),
        ("Agent", "Bank branch"),
    ),
    "product": (
        ("Account to Account", "Account to Cash"),
        ("Cash to Cash",),
        ("Cash to Cash",),
        ("Cash to Mobile",),
        ("Account to Cash", "Card to Cash"),
    ),
    "sending location": (
        ("at Branch",),
        ("at Branch", "On-line"),
        ("at Branch",),
        ("on mobile phone",),
        ("On-line",),
    ),
    "pick-up method": (
        ("Bank Account",),
        ("Cash", "Home Delivery"),
        ("Cash",),
        ("Mobile",),
        ("Cash", "Bank Account", "ATM Network"),
    ),
}
COVERAGE_NEW = ("High", "Medium", "Low")
COVERAGE_OLD = ("Nationwide", "Major cities", "Main city", "Urban only", "Rural only")
NOT_DISCLOSED = (
    "The FX margin is not disclosed: a margin of 0 does not necessarily mean that "
    "there is no exchange rate cost."
)


def _firms(prefix: str) -> tuple[list[str], np.ndarray, dict[str, list[int]]]:
    """Firm names, archetype per firm, and each sending country's firm ids."""
    names, kinds, by_sender = [], [], {}
    for name, kind in GLOBAL_FIRMS:
        names.append(prefix + name)
        kinds.append(kind)
    for s in sorted({c[0] for c in CORRIDORS}):
        by_sender[s] = list(range(len(GLOBAL_FIRMS)))
        for pattern, kind in LOCAL_FIRMS:
            by_sender[s].append(len(names))
            names.append(prefix + pattern.format(s=s))
            kinds.append(kind)
    return names, np.array(kinds), by_sender


def _period_counts(n: int) -> np.ndarray:
    """Quotes per period, proportional to the real sheets' sizes, summing to n."""
    w = np.where(np.arange(len(PERIODS)) < FIRST_CURRENT, 1.0, CURRENT_WEIGHT)
    counts = np.floor(n * w / w.sum()).astype(int)
    counts[: n - counts.sum()] += 1
    return counts


def _rows(n: int, corridors: Sequence[int], pools: list[list[int]]) -> np.ndarray:
    """(period, corridor, firm, product no., id) per quote; firms rotate within a corridor."""
    legacy_ok = np.array([CORRIDORS[c][3] for c in corridors])  # surveyed before Q2 2016?
    out = []
    for p, k in enumerate(_period_counts(n)):
        active = np.array(corridors)[legacy_ok] if p < FIRST_CURRENT else np.array(corridors)
        c = np.sort(active[(np.arange(k) + p) % active.size])  # even spread over corridors
        _, first, sizes = np.unique(c, return_index=True, return_counts=True)
        rank = np.arange(k) - np.repeat(first, sizes)
        lens = np.array([len(pools[i]) for i in c])
        firm = np.array([pools[i][r % n_] for i, r, n_ in zip(c, rank, lens, strict=True)])
        out.append(np.stack([np.full(k, p), c, firm, rank // lens, np.arange(1, k + 1)]))
    return np.concatenate(out, axis=1) if out else np.zeros((5, 0), dtype=int)


def _pick(kind: np.ndarray, column: str, rng: np.random.Generator) -> list[str]:
    """A label per quote from its archetype's options."""
    options = _OPTIONS[column]
    draw = rng.integers(0, 1 << 30, size=kind.size)
    return [
        options[k][d % len(options[k])] for k, d in zip(kind.tolist(), draw.tolist(), strict=True)
    ]


def _sig(x: np.ndarray, digits: int = 6) -> np.ndarray:
    """Round to `digits` significant digits (how published FX rates look)."""
    mag = np.floor(np.log10(np.abs(np.where(x == 0, 1.0, x))))
    scale = 10.0 ** (digits - 1 - mag)
    return np.round(x * scale) / scale


def generate_quotes(
    n_quotes: int,
    seed: int = 7,
    *,
    corridors: Sequence[tuple[str, str]] | None = None,
    firm_prefix: str = "",
) -> pl.DataFrame:
    """`n_quotes` synthetic quotes with the workbook's raw column names (both sheets' columns).

    Legacy-only columns (product, sending location, coverage, pick-up method, note1) are filled
    for periods up to 2016_1Q and current-only ones after; `date` is a Python date. Corridors
    default to all of `CORRIDORS`; `firm_prefix` (e.g. "Demo ") marks fictional firms.
    """
    rng = np.random.default_rng(seed)
    wanted = {tuple(c) for c in corridors} if corridors else None
    chosen = [i for i, c in enumerate(CORRIDORS) if wanted is None or (c[0], c[1]) in wanted]
    names, kinds, by_sender = _firms(firm_prefix)
    pools = [list(rng.permutation(by_sender[c[0]])[: rng.integers(6, 10)]) for c in CORRIDORS]
    p, c, f, _product, ids = _rows(n_quotes, chosen, pools)
    kind = kinds[f]
    src = [CORRIDORS[i][0] for i in c.tolist()]
    dst = [CORRIDORS[i][1] for i in c.tolist()]
    year = np.array([int(PERIODS[i][:4]) for i in range(len(PERIODS))])[p]
    quarter = np.array([int(PERIODS[i][5]) for i in range(len(PERIODS))])[p]
    trend = 1 + 0.025 * (2018.5 - (year + (quarter - 1) / 4))
    firm_factor = np.exp(np.random.default_rng(seed + 1).normal(0, 0.12, len(names)))[f]
    base = np.array([CORRIDORS[i][2] for i in c.tolist()])
    total = base * _COST_MULT[kind] * firm_factor * trend * np.exp(rng.normal(0, 0.12, p.size))
    margin = total * _MARGIN_SHARE[kind] * rng.uniform(0.7, 1.3, p.size)
    transparent = ~((rng.random(p.size) < 0.05) & (year <= 2021))
    promo = rng.random(p.size) < 0.012  # promotions: negative margin, sometimes no fee at all
    margin = np.where(promo, -rng.uniform(0.2, 2.0, p.size), margin)
    margin = np.where(transparent, margin, 0.0)
    fee_pct = np.where(promo & (rng.random(p.size) < 0.5), 0.0, np.maximum(total - margin, 0.0))
    usd = {k: v[5] for k, v in COUNTRIES.items()}
    drift = 1 + 0.03 * np.sin(p / 3.0)
    send_rate = np.array([usd[s] for s in src]) * drift
    inter = _sig(np.array([usd[d] for d in dst]) / send_rate)
    applied = np.where(transparent, _sig(inter * (1 - margin / 100)), 1.0)
    inter = np.where(transparent, inter, 1.0)
    margin = np.round((1 - applied / inter) * 100, 4)
    frame: dict[str, object] = {"id": ids.astype(str), "period": [PERIODS[i] for i in p.tolist()]}
    for side, codes in (("source", src), ("destination", dst)):
        frame[f"{side}_code"] = codes
        for j, col in enumerate(("name", "region", "income", "lending", "G8G20")):
            frame[f"{side}_{col}"] = [COUNTRIES[x][j] for x in codes]
    firm_types = [_TYPES[k] if _TYPES[k] != "Digital" else _TYPES[1] for k in kind.tolist()]
    frame |= {"firm": [names[i] for i in f.tolist()], "firm_type": firm_types}
    for cc, usd_amount, fee_mult in (
        ("cc1", 200, 1.0),
        ("cc2", 500, rng.uniform(1.0, 1.8, p.size)),
    ):
        amount = np.round(usd_amount * send_rate, 2)
        fee = np.round(fee_pct / 100 * np.round(200 * send_rate, 2) * fee_mult, 2)
        frame |= {
            f"{cc} lcu amount": amount,
            f"{cc} denomination amount": np.full(p.size, float(usd_amount)),
            f"{cc} lcu code": [COUNTRIES[s][6] for s in src],
            f"{cc} lcu fee": fee,
            f"{cc} lcu fx rate": applied,
            f"{cc} fx margin": margin,
            f"{cc} total cost %": np.round(fee / amount * 100 + margin, 4),
        }
    legacy = p < FIRST_CURRENT
    frame |= {
        "inter lcu bank fx": inter,
        "transparent": np.where(transparent, np.where(year >= 2025, "Yes", "yes"), "no").tolist(),
        "Standard Note": [None if t else NOT_DISCLOSED for t in transparent.tolist()],
        "note2": [None] * p.size,
        "receiving network coverage": [
            COVERAGE_NEW[i] for i in rng.choice(3, p.size, p=[0.5, 0.35, 0.15])
        ],
        "date": [
            dt.date(int(PERIODS[i][:4]), 3 * int(PERIODS[i][5]) - 2, 1) + dt.timedelta(days=int(d))
            for i, d in zip(p.tolist(), rng.integers(0, 60, p.size).tolist(), strict=True)
        ],
        "corridor": [s + d for s, d in zip(src, dst, strict=True)],
    }
    for col in (
        "payment instrument",
        "access point",
        "speed actual",
        "pickup method",
        "pickup location",
        "product",
        "sending location",
        "pick-up method",
    ):
        frame[col] = _pick(kind, col, rng)
    frame["coverage"] = [COVERAGE_OLD[i] for i in rng.integers(0, 5, p.size)]
    df = pl.DataFrame(frame)
    cur_only = [
        "payment instrument",
        "access point",
        "receiving network coverage",
        "pickup method",
        "pickup location",
    ]
    old_only = ["product", "sending location", "coverage"]
    is_old = pl.Series(legacy)
    return df.with_columns(
        *[pl.when(~is_old).then(pl.col(c)) for c in cur_only],
        *[pl.when(is_old).then(pl.col(c)) for c in old_only],
        pl.when(is_old).then(pl.col("Standard Note")).alias("note1"),
        pl.when(~is_old).then(pl.col("Standard Note")).alias("Standard Note"),
        # pick-up method was not collected 2011_1Q-2013_4Q
        pl.when(is_old & (pl.col("period") >= "2014_1Q"))
        .then(pl.col("pick-up method"))
        .alias("pick-up method"),
    )


def write_quotes_workbook(path: Path, quotes: pl.DataFrame, *, quirks: bool = True) -> Path:
    """Write `quotes` (as from generate_quotes) as an RPW workbook; see synthetic_rpw_layout."""
    return write_workbook(path, quotes, quirks=quirks)


def write_rpw_workbook(path: Path, n_quotes: int, *, seed: int = 7, quirks: bool = True) -> Path:
    """Generate `n_quotes` quotes and write them in the real six-sheet layout at `path`.

    With `quirks`, the workbook has every quirk of the real file (text numerics in 2024_3Q/4Q,
    text and Excel dates, '..', label variants, KSV, a corridor formula with cached value,
    unlabeled helper columns, duplicates apart from id, one zero interbank rate, legacy 'N/A').
    Duplicates add a few rows beyond `n_quotes`.
    """
    return write_quotes_workbook(path, generate_quotes(n_quotes, seed), quirks=quirks)

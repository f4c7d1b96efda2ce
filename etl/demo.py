"""DEMO DATA: small synthetic datasets published (labelled as demo) when no official data exists.

Nothing here is official. Firms are named "Demo ..." and prices come from etl/synthetic_rpw.py.
The quotes go through the real RPW path (workbook -> parse -> clean), so they have exactly the
RPW_QUOTES schema and exercise the same code as the official file.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl

from etl.sources import rpw
from etl.synthetic_rpw import generate_quotes, write_quotes_workbook

DEMO_QUOTES = 6_000
DEMO_SEED = 2024
DEMO_FIRM_PREFIX = "Demo "
# 17 sending and 25 receiving countries; Kenya (the default home country) sends and receives.
DEMO_CORRIDORS: tuple[tuple[str, str], ...] = (
    ("USA", "MEX"),
    ("USA", "GTM"),
    ("USA", "SLV"),
    ("USA", "COL"),
    ("USA", "PHL"),
    ("USA", "IND"),
    ("USA", "KEN"),
    ("USA", "NGA"),
    ("GBR", "KEN"),
    ("GBR", "IND"),
    ("GBR", "PAK"),
    ("GBR", "UGA"),
    ("GBR", "GHA"),
    ("GBR", "ZWE"),
    ("DEU", "XKX"),
    ("CHE", "XKX"),
    ("ITA", "MAR"),
    ("ESP", "MAR"),
    ("FRA", "SEN"),
    ("ARE", "IND"),
    ("ARE", "PAK"),
    ("ARE", "BGD"),
    ("ARE", "NPL"),
    ("SAU", "EGY"),
    ("QAT", "NPL"),
    ("RUS", "TJK"),
    ("RUS", "UZB"),
    ("ZAF", "ZWE"),
    ("ZAF", "MWI"),
    ("ZAF", "MOZ"),
    ("KEN", "UGA"),
    ("KEN", "TZA"),
    ("KEN", "RWA"),
    ("CAN", "PHL"),
    ("AUS", "VNM"),
    ("JPN", "PHL"),
    ("KOR", "VNM"),
)


def demo_quotes() -> pl.DataFrame:
    """About 6,000 synthetic quotes, 2011_1Q-2025_3Q, in the RPW_QUOTES schema (deterministic)."""
    quotes = generate_quotes(
        DEMO_QUOTES, DEMO_SEED, corridors=DEMO_CORRIDORS, firm_prefix=DEMO_FIRM_PREFIX
    )
    with tempfile.TemporaryDirectory(prefix="rpw_demo_") as tmp:
        # No label quirks: the demo should read cleanly; the parse/clean path is the real one.
        path = write_quotes_workbook(Path(tmp) / "rpw_dataset_demo.xlsx", quotes, quirks=False)
        return rpw.clean(rpw.parse(path))


def demo_datasets() -> dict[str, pl.DataFrame]:
    """Every demo dataset by name, for etl.pipeline.publish_demo (labelled DEMO DATA)."""
    return {"rpw_quotes": demo_quotes()}

"""DEMO DATA: small synthetic datasets published (labelled as demo) when no official data exists.

Nothing here is official. Firms are named "Demo ..." and prices come from etl/demo/synthetic_rpw.py.
The quotes go through the real RPW path (workbook -> parse -> clean), so they have exactly the
RPW_QUOTES schema and exercise the same code as the official file. The migration datasets
(UN DESA, UNHCR, IOM MMP, KNOMAD, WB bilateral) and the WDI rows behind the Migration page's
profile are built on etl/demo/migration.py's countries and numbers: the migration tables there,
the WDI rows and bilateral matrices (on DEMO_CORRIDORS) here.
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import polars as pl

from etl.demo import migration as demo_migration
from etl.demo.synthetic_rpw import generate_quotes, write_quotes_workbook
from etl.registry import SOURCE_SPECS
from etl.schemas import WB_INDICATORS, conform
from etl.sources import rpw
from etl.sources.base import resolve

DEMO_QUOTES = 6_000
DEMO_SEED = 2024
DEMO_FIRM_PREFIX = "Demo "
DEMO_WDI_UPDATED = date(2024, 6, 30)
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


def demo_bilateral(corridors: Iterable[tuple[str, str]]) -> pl.DataFrame:
    """wb_bilateral 2017: remittances sending -> receiving on the RPW demo corridors, and the
    migrant stock of the receiving country's people in the sending country."""
    rng = random.Random(demo_migration.SEED + 5)
    rows = []
    for send, receive in corridors:
        migrants = round(rng.uniform(5_000, 2_000_000))
        flows = migrants * rng.uniform(1_500, 6_000) / 1e6
        for matrix, origin, dest, value, unit in (
            ("remittances_2017", send, receive, round(flows, 3), "US$ million"),
            ("migration_2017", receive, send, float(migrants), "persons"),
        ):
            rows.append(
                {
                    "matrix": matrix,
                    "origin_name": demo_migration.area_name(origin),
                    "origin_iso3": origin,
                    "destination_name": demo_migration.area_name(dest),
                    "destination_iso3": dest,
                    "involves_residual": False,
                    "value": value,
                    "unit": unit,
                    "reference_year": 2017,
                    "source_file": demo_migration.DEMO_FILE,
                }
            )
    df = demo_migration.frame(rows, "wb_bilateral")
    return df.with_columns(sheet_row=pl.int_range(2, df.height + 2, dtype=pl.Int32))


def demo_wdi() -> pl.DataFrame:
    """wdi: SP.POP.TOTL, NY.GDP.MKTP.CD, BX.TRF.PWKR.CD.DT and BX.TRF.PWKR.DT.GD.ZS, 2010-2023."""
    names = {
        "SP.POP.TOTL": "Population, total",
        "NY.GDP.MKTP.CD": "GDP (current US$)",
        "BX.TRF.PWKR.CD.DT": "Personal remittances, received (current US$)",
        "BX.TRF.PWKR.DT.GD.ZS": "Personal remittances, received (% of GDP)",
    }
    rows = []
    for (iso3, year), flow in sorted(demo_migration.inflows().items()):
        gdp = demo_migration.gdp(iso3, year)
        values = {
            "SP.POP.TOTL": round(demo_migration.population(iso3, year)),
            "NY.GDP.MKTP.CD": gdp,
            "BX.TRF.PWKR.CD.DT": flow,
            "BX.TRF.PWKR.DT.GD.ZS": flow / gdp * 100,
        }
        for code, value in values.items():
            rows.append(
                {
                    "country_code": iso3,
                    "country_name": demo_migration.area_name(iso3),
                    "is_aggregate": False,
                    "indicator_code": code,
                    "indicator_name": names[code],
                    "year": year,
                    "value": float(value),
                    "last_updated": DEMO_WDI_UPDATED,
                    "origin": "demo",
                    "source_file": demo_migration.DEMO_FILE,
                }
            )
    return conform(pl.DataFrame(rows), WB_INDICATORS)


def demo_wb_bilateral() -> pl.DataFrame:
    """wb_bilateral on the RPW demo corridors (the builder wb_bilateral's SourceSpec names)."""
    return demo_bilateral(DEMO_CORRIDORS)


def demo_flow_datasets() -> dict[str, pl.DataFrame]:
    """The demo WDI rows and bilateral matrices (on the RPW demo corridors)."""
    return {"wdi": demo_wdi(), "wb_bilateral": demo_wb_bilateral()}


def not_demoed() -> dict[str, str]:
    """Sources with no demo dataset, and why (each SourceSpec's `no_demo`)."""
    return {spec.name: spec.no_demo for spec in SOURCE_SPECS if spec.no_demo}


def demo_datasets() -> dict[str, pl.DataFrame]:
    """Every demo dataset by name (the builder each SourceSpec names), for publish_demo."""
    return {spec.dataset: resolve(spec.demo)() for spec in SOURCE_SPECS if spec.demo}

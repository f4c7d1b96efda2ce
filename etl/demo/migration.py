"""DEMO DATA for the migration datasets: small, synthetic, deterministic, in each source's SCHEMA.

Nothing here is official. Every number is made up by a seeded generator (same output on every
run); every file name says "DEMO", incident ids start "DEMO-", and etl.pipeline.publish_demo
labels each dataset DEMO DATA. The demo covers the RPW demo countries (etl/demo/datasets.py, Kenya
included: the default home country) for the years the dashboard shows: stock 1990-2020 (five-
yearly, as UN DESA publishes), matrix 1990-2019, refugees 2000-2023, MMP incidents 2014-2023,
flows 2010-2023. etl/demo/datasets.py adds the WDI rows and bilateral matrices built on these
numbers.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

import polars as pl
import pycountry

from core.areas import area_name
from etl.registry import DATASETS
from etl.schemas import conform

SEED = 2024
DEMO_FILE = "DEMO DATA (synthetic, etl/demo/migration.py)"
WORLD_M49 = 900
STOCK_YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2020)
MATRIX_YEARS = (1990, 1995, 2000, 2005, 2010, 2015, 2019)
REFUGEE_YEARS = range(2000, 2024)
MMP_YEARS = range(2014, 2024)
FLOW_YEARS = range(2010, 2024)

# iso3 -> (SDG region, WB income group, population 2020 in millions, migrants % of population).
# Round, plausible magnitudes chosen by hand for the demo; not statistics.
COUNTRIES: dict[str, tuple[str, str, float, float]] = {
    "KEN": ("Sub-Saharan Africa", "Lower middle income", 54.0, 2.0),
    "UGA": ("Sub-Saharan Africa", "Low income", 46.0, 3.7),
    "TZA": ("Sub-Saharan Africa", "Lower middle income", 60.0, 0.7),
    "RWA": ("Sub-Saharan Africa", "Low income", 13.0, 4.0),
    "NGA": ("Sub-Saharan Africa", "Lower middle income", 206.0, 0.6),
    "GHA": ("Sub-Saharan Africa", "Lower middle income", 31.0, 1.5),
    "SEN": ("Sub-Saharan Africa", "Lower middle income", 17.0, 1.6),
    "ZWE": ("Sub-Saharan Africa", "Lower middle income", 15.0, 2.8),
    "MWI": ("Sub-Saharan Africa", "Low income", 19.0, 1.0),
    "MOZ": ("Sub-Saharan Africa", "Low income", 31.0, 1.1),
    "ZAF": ("Sub-Saharan Africa", "Upper middle income", 59.0, 4.9),
    "MAR": ("Northern Africa and Western Asia", "Lower middle income", 37.0, 0.3),
    "EGY": ("Northern Africa and Western Asia", "Lower middle income", 102.0, 0.5),
    "SAU": ("Northern Africa and Western Asia", "High income", 35.0, 38.0),
    "ARE": ("Northern Africa and Western Asia", "High income", 10.0, 88.0),
    "QAT": ("Northern Africa and Western Asia", "High income", 2.9, 77.0),
    "IND": ("Central and Southern Asia", "Lower middle income", 1380.0, 0.4),
    "PAK": ("Central and Southern Asia", "Lower middle income", 221.0, 1.5),
    "BGD": ("Central and Southern Asia", "Lower middle income", 165.0, 1.3),
    "NPL": ("Central and Southern Asia", "Lower middle income", 29.0, 1.7),
    "TJK": ("Central and Southern Asia", "Low income", 9.5, 3.0),
    "UZB": ("Central and Southern Asia", "Lower middle income", 34.0, 3.4),
    "PHL": ("Eastern and South-Eastern Asia", "Lower middle income", 110.0, 0.2),
    "VNM": ("Eastern and South-Eastern Asia", "Lower middle income", 97.0, 0.1),
    "JPN": ("Eastern and South-Eastern Asia", "High income", 126.0, 2.2),
    "KOR": ("Eastern and South-Eastern Asia", "High income", 51.0, 3.4),
    "MEX": ("Latin America and the Caribbean", "Upper middle income", 129.0, 0.9),
    "GTM": ("Latin America and the Caribbean", "Upper middle income", 18.0, 0.5),
    "SLV": ("Latin America and the Caribbean", "Lower middle income", 6.5, 0.7),
    "COL": ("Latin America and the Caribbean", "Upper middle income", 51.0, 3.8),
    "USA": ("Europe and Northern America", "High income", 331.0, 15.3),
    "CAN": ("Europe and Northern America", "High income", 38.0, 21.3),
    "GBR": ("Europe and Northern America", "High income", 68.0, 13.8),
    "DEU": ("Europe and Northern America", "High income", 84.0, 18.8),
    "FRA": ("Europe and Northern America", "High income", 65.0, 13.1),
    "ITA": ("Europe and Northern America", "High income", 60.0, 10.6),
    "ESP": ("Europe and Northern America", "High income", 47.0, 14.6),
    "CHE": ("Europe and Northern America", "High income", 8.7, 29.9),
    "RUS": ("Europe and Northern America", "Upper middle income", 146.0, 8.0),
    "AUS": ("Oceania", "High income", 25.0, 30.0),
}
# Kosovo (XKX) sends and receives in the RPW demo but UN DESA counts it within Serbia: it is
# only in the World Bank-keyed demo tables (KNOMAD, WDI).
WB_ONLY = {"XKX": ("Europe and Northern America", "Upper middle income", 1.8, 0.0)}
GROWTH = {  # population growth per year by income group (demo assumption)
    "Low income": 0.028,
    "Lower middle income": 0.018,
    "Upper middle income": 0.009,
    "High income": 0.005,
}
GDP_PER_HEAD = {  # current US$, 2020 (demo assumption)
    "Low income": 800.0,
    "Lower middle income": 2_200.0,
    "Upper middle income": 8_000.0,
    "High income": 45_000.0,
}
MMP_REGIONS = (
    ("Mediterranean", "Central Mediterranean", 34.0, 15.0),
    ("Mediterranean", "Western Mediterranean", 36.0, -2.0),
    ("US-Mexico Border", None, 31.5, -111.0),
    ("Sub-Saharan Africa", None, 13.0, 15.0),
    ("Horn of Africa", "Horn of Africa to Yemen", 12.5, 43.3),
    ("North Africa", None, 27.0, 17.0),
    ("Southeast Asia", None, 6.0, 97.0),
    ("Central America", "Darien Gap", 8.5, -77.5),
    ("Europe", "English Channel to the UK", 51.0, 1.5),
)


def _m49(iso3: str) -> int:
    """The UN M49 numeric code (ISO 3166-1 numeric, which M49 uses for countries)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise KeyError(f"{iso3} has no ISO 3166-1 numeric code; keep it out of UN DESA demo data")
    return int(country.numeric)


def frame(rows: Iterable[dict[str, object]], dataset: str) -> pl.DataFrame:
    """Rows as a frame conformed to the dataset's schema (absent columns null)."""
    schema = DATASETS[dataset]
    records = list(rows)
    keys = dict.fromkeys(k for r in records for k in r)
    return conform(pl.DataFrame(records, schema={k: schema[k] for k in keys}), schema)


def population(iso3: str, year: int) -> float:
    """Demo resident population (persons) of a country in a year."""
    _, income, pop2020, _ = {**COUNTRIES, **WB_ONLY}[iso3]
    return pop2020 * 1e6 * (1 + GROWTH[income]) ** (year - 2020)


# --- UN DESA -------------------------------------------------------------------------------


def demo_regions() -> pl.DataFrame:
    """undesa_regions: WORLD plus one row per demo country."""
    world: dict[str, object] = {
        "m49": WORLD_M49,
        "iso3": None,
        "name": "WORLD",
        "is_country": False,
        "location_type": "World",
        "source_file": DEMO_FILE,
        "sheet_row": 1,
    }
    rows = [world]
    for i, (iso3, (sdg, income, _, _)) in enumerate(sorted(COUNTRIES.items()), start=2):
        rows.append(
            {
                "m49": _m49(iso3),
                "iso3": iso3,
                "name": area_name(iso3),
                "is_country": True,
                "location_type": "Country/Area",
                "parent_m49": WORLD_M49,
                "sdg_region": sdg,
                "more_developed": income == "High income",
                "ldc": income == "Low income",
                "lldc": iso3 in {"UGA", "RWA", "MWI", "ZWE", "NPL", "TJK", "UZB", "CHE"},
                "sids": False,
                "wb_income_group": income,
                "notes": "DEMO",
                "source_file": DEMO_FILE,
                "sheet_row": i,
            }
        )
    return frame(rows, "undesa_regions")


def _stock_rows(rng: random.Random) -> list[dict[str, object]]:
    """Per country, year and sex: destination stock, origin stock, population, % and refugees."""
    rows: list[dict[str, object]] = []
    world: dict[tuple[str, str, int], float] = {}
    for iso3, (_, _, _, pct2020) in sorted(COUNTRIES.items()):
        emigrant_pct = rng.uniform(0.5, 6.0)
        refugee_share = rng.uniform(0.0, 0.2)
        for year in STOCK_YEARS:
            pop = population(iso3, year)
            pct = pct2020 * (0.6 + 0.4 * (year - 1990) / 30)
            total = {
                "stock_destination": pop * pct / 100,
                "stock_origin": pop * emigrant_pct / 100 * (0.7 + 0.3 * (year - 1990) / 30),
                "population_thousands": pop / 1000,
            }
            for sex, part in (("_T", 1.0), ("M", 0.52), ("F", 0.48)):
                values = {
                    m: round(v * part, 0 if m != "population_thousands" else 3)
                    for m, v in total.items()
                }
                values["pct_of_population"] = round(
                    values["stock_destination"] / (values["population_thousands"] * 1000) * 100, 4
                )
                if sex == "_T":
                    values["refugees"] = round(total["stock_destination"] * refugee_share, 0)
                for measure, value in values.items():
                    rows.append(_stock_row(_m49(iso3), iso3, measure, sex, year, value))
                    key = (measure, sex, year)
                    world[key] = world.get(key, 0.0) + value
    for (measure, sex, year), value in world.items():
        if measure in ("stock_destination", "population_thousands"):
            rows.append(_stock_row(WORLD_M49, None, measure, sex, year, value))
    for sex in ("_T", "M", "F"):
        for year in STOCK_YEARS:
            pct = world[("stock_destination", sex, year)] / (
                world[("population_thousands", sex, year)] * 1000
            )
            rows.append(_stock_row(WORLD_M49, None, "pct_of_population", sex, year, pct * 100))
    return rows


def _stock_row(
    m49: int, iso3: str | None, measure: str, sex: str, year: int, value: float
) -> dict[str, object]:
    """One undesa_stock record (2020 edition)."""
    return {
        "m49": m49,
        "iso3": iso3,
        "area_name": area_name(iso3) if iso3 else "WORLD",
        "is_country": iso3 is not None,
        "measure": measure,
        "sex": sex,
        "year": year,
        "value": value,
        "type_of_data": "B" if iso3 else None,
        "notes": "DEMO",
        "edition": "2020",
        "source_file": DEMO_FILE,
        "sheet": "Table 1",
    }


def demo_stock() -> pl.DataFrame:
    """undesa_stock: IMS-2020-like measures for the demo countries and the world."""
    rows = _stock_rows(random.Random(SEED))
    df = frame(rows, "undesa_stock")
    return df.with_columns(sheet_row=pl.int_range(2, df.height + 2, dtype=pl.Int32))


def demo_matrix() -> pl.DataFrame:
    """undesa_matrix: each demo country hosts migrants from 8 others (seeded choice)."""
    rng = random.Random(SEED + 1)
    codes = sorted(COUNTRIES)
    rows = []
    for dest in codes:
        origins = rng.sample([c for c in codes if c != dest], 8)
        shares = [rng.uniform(0.02, 0.3) for _ in origins]
        for year in MATRIX_YEARS:
            stock = population(dest, year) * COUNTRIES[dest][3] / 100
            for origin, share in zip(origins, shares, strict=True):
                rows.append(
                    {
                        "year": year,
                        "origin_name": area_name(origin),
                        "origin_m49": _m49(origin),
                        "origin_iso3": origin,
                        "destination_name": area_name(dest),
                        "destination_m49": _m49(dest),
                        "destination_iso3": dest,
                        "value": round(stock * share * (0.7 + 0.3 * (year - 1990) / 29), 0),
                        "edition": "2019",
                        "source_file": DEMO_FILE,
                    }
                )
    df = frame(rows, "undesa_matrix")
    return df.with_columns(csv_row=pl.int_range(2, df.height + 2, dtype=pl.Int32))


# --- UNHCR, IOM MMP ---------------------------------------------------------------------------


def demo_refugees() -> pl.DataFrame:
    """unhcr_population: refugees and asylum-seekers from each demo country in 3 others."""
    rng = random.Random(SEED + 2)
    codes = sorted(COUNTRIES)
    rows = []
    for origin in codes:
        hosts = rng.sample([c for c in codes if c != origin], 3)
        base = population(origin, 2020) * rng.uniform(0.00002, 0.002)
        for year in REFUGEE_YEARS:
            trend = 1 + 0.6 * ((year - 2000) % 9) / 9  # waves, so trends go up and down
            for k, host in enumerate(hosts):
                refugees = round(base * trend / (k + 1))
                rows.append(
                    {
                        "year": year,
                        "origin_iso3": origin,
                        "asylum_iso3": host,
                        "refugees": refugees,
                        "asylum_seekers": refugees // 5,
                        "year_published": year,
                        "source_format": "demo",
                        "source_file": DEMO_FILE,
                    }
                )
    return frame(rows, "unhcr_population")


def demo_incidents(n: int = 800) -> pl.DataFrame:
    """iom_mmp_incidents: n incidents 2014-2023 in a few MMP regions and routes."""
    rng = random.Random(SEED + 3)
    rows = []
    for i in range(1, n + 1):
        region, route, lat, lon = rng.choice(MMP_REGIONS)
        year = rng.choice(list(MMP_YEARS))
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        dead = rng.choice([1, 1, 2, 3, 5, 12])
        missing = rng.choice([None, None, None, 2, 10, 40])  # MMP leaves zeros blank
        rows.append(
            {
                "web_id": f"DEMO-{i:05d}",
                "region": region,
                "reported_date": day,
                "year": year,
                "month": day.month,
                "dead": dead,
                "missing": missing,
                "dead_and_missing": dead + (missing or 0),
                "total_mismatch": False,
                "cause_of_death": "Demo cause",
                "route": route,
                "source_quality": rng.randint(1, 5),
                "lat": round(lat + rng.uniform(-2, 2), 3),
                "lon": round(lon + rng.uniform(-2, 2), 3),
                "location_description": f"Demo location {i}",
                "information_source": "DEMO DATA",
                "source_file": DEMO_FILE,
                "record": i,
            }
        )
    return frame(rows, "iom_mmp_incidents")


# --- flows: KNOMAD, WB bilateral, WDI ---------------------------------------------------------


def inflows() -> dict[tuple[str, int], float]:
    """Demo personal remittances received (current US$) per country and year."""
    rng = random.Random(SEED + 4)
    out = {}
    for iso3, (_, income, _, _) in sorted({**COUNTRIES, **WB_ONLY}.items()):
        share = rng.uniform(0.3, 3.0) if income == "High income" else rng.uniform(2.0, 12.0)
        for year in FLOW_YEARS:
            out[(iso3, year)] = gdp(iso3, year) * share / 100 * (1 + 0.02 * (year - 2010))
    return out


def gdp(iso3: str, year: int) -> float:
    """Demo GDP (current US$): population x a per-head level growing 3 % a year."""
    income = {**COUNTRIES, **WB_ONLY}[iso3][1]
    return population(iso3, year) * GDP_PER_HEAD[income] * 1.03 ** (year - 2020)


def demo_knomad() -> pl.DataFrame:
    """knomad_remittances: inflows (= the WDI demo series) and outflows, plus World."""
    received = inflows()
    rows: list[dict[str, object]] = []
    world = {("inflow", y): 0.0 for y in FLOW_YEARS} | {("outflow", y): 0.0 for y in FLOW_YEARS}
    for (iso3, year), flow in sorted(received.items()):
        income = {**COUNTRIES, **WB_ONLY}[iso3][1]
        outflow = flow * (3.0 if income == "High income" else 0.1)
        for direction, value in (("inflow", flow / 1e6), ("outflow", outflow / 1e6)):
            world[(direction, year)] += value
            rows.append(_knomad_row(area_name(iso3), iso3, direction, year, value))
    rows += [_knomad_row("World", None, d, y, v) for (d, y), v in world.items()]
    df = frame(rows, "knomad_remittances")
    return df.with_columns(sheet_row=pl.int_range(2, df.height + 2, dtype=pl.Int32))


def _knomad_row(
    name: str, iso3: str | None, direction: str, year: int, value: float
) -> dict[str, object]:
    """One knomad_remittances record."""
    return {
        "area_name": name,
        "iso3": iso3,
        "is_aggregate": iso3 is None,
        "direction": direction,
        "year": year,
        "value_usd_million": round(value, 3),
        "vintage": "demo",
        "source_file": DEMO_FILE,
    }


def demo_migration_datasets() -> dict[str, pl.DataFrame]:
    """The UN DESA, UNHCR, IOM MMP and KNOMAD demo datasets by name, for etl.demo."""
    return {
        "undesa_regions": demo_regions(),
        "undesa_stock": demo_stock(),
        "undesa_matrix": demo_matrix(),
        "unhcr_population": demo_refugees(),
        "iom_mmp_incidents": demo_incidents(),
        "knomad_remittances": demo_knomad(),
    }

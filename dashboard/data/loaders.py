"""The dashboard's only cached loaders: small, pre-filtered slices of data/clean for the pages.

Every cached function takes hashable arguments, among them the file's path and modification
time, so a pipeline run that republishes a dataset is picked up on the next rerun without
waiting for the TTL. Heavy filtering happens here (once per argument set); pages get frames of
at most a few hundred rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType
from typing import Any

import altair as alt
import polars as pl
import streamlit as st

from dashboard.data.cache import TTL, collect, version

from core import config
from core.i18n import _, use_language
from etl import io
from core.errors import ParseError
from etl.registry import DATASETS as SOURCE_DATASETS
from core.contract import DIMENSIONS, TOTAL, WORLD

RPW = "SI_RMT_COST"
RPW_ALL = "SI_RMT_COST_ALLCORR"  # GA over every corridor (indicators/compute/rpw_fidelity.py)
WB_COST = ("SI_RMT_COST_IB_ZS", "SI_RMT_COST_OB_ZS")
CORRIDOR_PUBLISHED = "RPW_ATCR_CORR"
GDP_SHARE = "BX_TRF_PWKR_DT_GD_ZS"
REGIONS = frozenset({"SSF", "LCN", "EAS", "ECS", "MEA", "SAS", "NAC"})
# Every published source dataset (etl/schemas.py), then the indicator table.
DATASETS: tuple[str, ...] = (*SOURCE_DATASETS, "indicators")
QUOTE_COLUMNS = (
    "firm",
    "provider_type",
    "cc1_total_cost_pct",
    "cc2_total_cost_pct",
    "transparent",
    "speed_actual",
    "payment_instrument",
    "pickup_method",
)
_BREAKDOWNS = [d for d in DIMENSIONS if d not in ("transfer_amount", "statistic")]


@dataclass(frozen=True)
class AreaOptions:
    """What the pickers may offer: countries with RPW averages, and surveyed corridors."""

    countries: tuple[str, ...]
    corridors: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Headline:
    """One headline figure of the latest quarter and the same quarter a year earlier."""

    label: str
    period: str
    value: float
    previous: float | None
    previous_period: str








def _totals() -> pl.Expr:
    """Rows not broken down by provider type or instrument."""
    return pl.all_horizontal([pl.col(d) == TOTAL for d in _BREAKDOWNS])


def has_data() -> bool:
    """True when data/clean/indicators.parquet has been published."""
    return io.clean_path("indicators").exists()


@st.cache_data(ttl=TTL, show_spinner=False)
def _meta(dataset: str, path: str, mtime: int) -> dict:
    return io.read_clean_meta(dataset)


def dataset_meta(dataset: str) -> dict:
    """The sidecar (.meta.json) of a published dataset, {} if none."""
    return _meta(dataset, *version(dataset))


def is_demo(*datasets: str) -> bool:
    """True when a dataset the page shows (default: any) is published as demo data.

    Pages name what they draw from, so the DEMO DATA banner is shown only where demo figures
    are (demo is all or nothing: etl/demo/rule.py withdraws it once official data exists).
    """
    return any(dataset_meta(d).get("demo") for d in datasets or DATASETS)


@st.cache_data(ttl=TTL, show_spinner=False)
def _global(path: str, mtime: int) -> pl.DataFrame:
    lf = pl.scan_parquet(path).filter(
        pl.col("series_code").is_in((RPW, RPW_ALL))
        & (pl.col("ref_area") == WORLD)
        & (pl.col("counterpart_area") == WORLD)
        & (pl.col("freq") == "Q")
        & _totals()
    )
    return collect(path, lf.sort("time_period"))


def global_series() -> pl.DataFrame:
    """Quarterly WLD→WLD rows of every statistic and amount (GA, SmaRT, shares, counts)."""
    return _global(*version("indicators"))
    """Quarterly WLD→WLD rows of every statistic and amount (GA, SmaRT, shares, counts).

    Includes the all-corridor GA (RPW_ALL) beside the published-rule GA (RPW).
    """
    return _global(*version("indicators"))


@st.cache_data(ttl=TTL, show_spinner=False)
def _options(path: str, mtime: int) -> AreaOptions:
    pairs = collect(
        path,
        pl.scan_parquet(path)
        .filter((pl.col("series_code") == RPW) & (pl.col("statistic") == "MEAN"))
        .select("ref_area", "counterpart_area")
        .unique(),
    )
    areas = {WORLD, TOTAL, *REGIONS}
    countries = {r for r, c in pairs.iter_rows() if c == WORLD and r not in areas} | {
        c for r, c in pairs.iter_rows() if r == WORLD and c not in areas
    }
    corridors = {(r, c) for r, c in pairs.iter_rows() if r not in areas and c not in areas}
    return AreaOptions(tuple(sorted(countries)), tuple(sorted(corridors)))


def area_options() -> AreaOptions:
    """Countries and corridors present in the indicator table, for the pickers."""
    return _options(*version("indicators"))


@st.cache_data(ttl=TTL, show_spinner=False)
def _country(path: str, mtime: int, country: str) -> pl.DataFrame:
    inbound = (pl.col("ref_area") == WORLD) & (pl.col("counterpart_area") == country)
    outbound = (pl.col("ref_area") == country) & (pl.col("counterpart_area") == WORLD)
    world = (pl.col("ref_area") == WORLD) & (pl.col("counterpart_area") == WORLD)
    rpw = (
        (pl.col("series_code") == RPW)
        & (pl.col("freq") == "Q")
        & (pl.col("statistic") == "MEAN")
        & (pl.col("transfer_amount") == "USD200")
        & _totals()
        & (inbound | outbound | world)
    )
    wb = pl.col("series_code").is_in(WB_COST) & (inbound | outbound)
    lf = pl.scan_parquet(path).filter(rpw | wb)
    return collect(path, lf.sort("series_code", "ref_area", "time_period"))


def country_series(country: str) -> pl.DataFrame:
    """USD 200 average cost to and from `country`, the global average and the WB copies."""
    return _country(*version("indicators"), country)


@st.cache_data(ttl=TTL, show_spinner=False)
def _context(path: str, mtime: int, country: str) -> pl.DataFrame:
    lf = pl.scan_parquet(path).filter(
        (pl.col("series_code") == GDP_SHARE) & (pl.col("ref_area") == country)
    )
    return collect(path, lf.sort("time_period"))


def remittance_gdp_series(country: str) -> pl.DataFrame:
    """Personal remittances received, % of GDP (SDG 17.3.2 context) for `country`."""
    return _context(*version("indicators"), country)


@st.cache_data(ttl=TTL, show_spinner=False)
def _corridor(path: str, mtime: int, sending: str, receiving: str) -> pl.DataFrame:
    lf = pl.scan_parquet(path).filter(
        pl.col("series_code").is_in((RPW, CORRIDOR_PUBLISHED))
        & (pl.col("ref_area") == sending)
        & (pl.col("counterpart_area") == receiving)
    )
    return collect(path, lf.sort("series_code", "time_period"))


def corridor_series(sending: str, receiving: str) -> pl.DataFrame:
    """Every row of one corridor: averages, SmaRT, breakdowns, both amounts, WB copy."""
    return _corridor(*version("indicators"), sending, receiving)


@st.cache_data(ttl=TTL, show_spinner=False)
def _cheapest(
    path: str, mtime: int, sending: str, receiving: str, period: str, n: int
) -> pl.DataFrame:
    if not mtime:
        return pl.DataFrame()
    lf = (
        pl.scan_parquet(path)
        .filter(
            (pl.col("source_code") == sending)
            & (pl.col("destination_code") == receiving)
            & (pl.col("time_period") == period)
        )
        .select("time_period", *QUOTE_COLUMNS)
        .sort("cc1_total_cost_pct", nulls_last=True)
        .head(n)
    )
    return collect(path, lf)


def cheapest_services(sending: str, receiving: str, period: str, n: int = 10) -> pl.DataFrame:
    """The `n` cheapest USD 200 quotes of a corridor in `period` (empty if no quote file)."""
    return _cheapest(*version("rpw_quotes"), sending, receiving, period, n)


def _qualified_name(func: FunctionType) -> str:
    """Cache key of a chart builder: its module and name (builders are pure)."""
    return f"{func.__module__}.{func.__qualname__}"


@st.cache_data(
    ttl=TTL, show_spinner=False, max_entries=512, hash_funcs={FunctionType: _qualified_name}
)
def chart_spec(
    build: Callable[..., alt.TopLevelMixin], df: pl.DataFrame, lang: str = "en", **options: Any
) -> dict:
    """The Vega-Lite spec of `build(df, **options)` in `lang`, cached on the frame's content.

    Building and validating an Altair chart costs 20-50 ms; a page shows up to 8, so without
    this the warm rerun would exceed its 300 ms budget. `build` is hashed by its name; the
    language is part of the key, since titles, axes and tooltips are translated inside.
    Its tables are kept as the Arrow bytes st.vega_lite_chart sends (arrow_datasets).
    """
    with use_language(lang):
        return arrow_datasets(build(df, **options).to_dict())


def arrow_datasets(spec: dict) -> dict:
    """`spec` with each tabular dataset already in the Arrow IPC bytes Streamlit sends.

    st.vega_lite_chart converts every named dataset (a list of rows) to Arrow through pandas
    on every run, unless it is bytes already (Streamlit 1.67, elements/vega_charts.py
    _marshall_chart_data): done here once per cached spec, with Streamlit's own converter, the
    chart sent is the same, and a warm Remittance costs run no longer converts its 8 charts'
    rows (about 30 ms of a 62 ms run). GeoJSON/TopoJSON stays in the spec, as Streamlit keeps it.
    """
    from streamlit import dataframe_util

    datasets = spec.get("datasets")
    if not isinstance(datasets, dict):
        return spec
    spec["datasets"] = {
        name: dataframe_util.convert_anything_to_arrow_bytes(rows) if _is_table(rows) else rows
        for name, rows in datasets.items()
    }
    return spec


def _is_table(rows: object) -> bool:
    """A list of row dicts (a GeoJSON feature list is geometry, not a table)."""
    return isinstance(rows, list) and not (
        rows and isinstance(rows[0], dict) and rows[0].get("type") == "Feature"
    )


def pick(
    df: pl.DataFrame, statistic: str | tuple[str, ...] = "MEAN", amount: str | None = "USD200"
) -> pl.DataFrame:
    """Rows of one or more statistics (and amount, unless None) not broken down by dimension."""
    wanted = (statistic,) if isinstance(statistic, str) else statistic
    out = df.filter(pl.col("statistic").is_in(wanted) & _totals())
    return out if amount is None else out.filter(pl.col("transfer_amount") == amount)


def corridor_trend(corr: pl.DataFrame) -> pl.DataFrame:
    """USD 200 average and SmaRT of a corridor, plus the World Bank's published average."""
    rpw = corr.filter(pl.col("series_code") == RPW)
    published = corr.filter(pl.col("series_code") == CORRIDOR_PUBLISHED)
    return pl.concat([pick(rpw, "MEAN"), pick(rpw, "SMART3"), published])


def latest_period(df: pl.DataFrame) -> str | None:
    """The latest time_period in a frame, None if empty."""
    return None if df.is_empty() else str(df["time_period"].max())


def year_earlier(period: str) -> str:
    """The same quarter (or year) one year earlier: '2024-Q2' → '2023-Q2'."""
    return f"{int(period[:4]) - 1}{period[4:]}"


def headline(df: pl.DataFrame, label: str) -> Headline | None:
    """Latest value of a single-series frame and its value a year earlier."""
    period = latest_period(df)
    if period is None:
        return None
    values = dict(zip(df["time_period"].to_list(), df["value"].to_list(), strict=True))
    before = year_earlier(period)
    return Headline(label, period, values[period], values.get(before), before)


def inputs_of(meta: dict) -> list[dict]:
    """The raw inputs of a sidecar; the indicator sidecar nests them by dataset."""
    inputs = meta.get("inputs", [])
    if isinstance(inputs, dict):
        return [i for group in inputs.values() for i in group]
    return list(inputs)


def _status_row(dataset: str, meta: dict) -> dict:
    """One row of the dataset status table."""
    inputs, validation = inputs_of(meta), meta.get("validation", {})
    return {
        "dataset": dataset,
        "status": ("DEMO DATA" if meta.get("demo") else "published") if meta else "not published",
        "last_retrieval": max((i.get("retrieved_at", "") for i in inputs), default="") or None,
        "files": "; ".join(i.get("file", "") for i in inputs) or None,
        "sha256": "; ".join(i.get("sha256", "") for i in inputs) or None,
        "rows": meta.get("rows"),
        "errors": validation.get("errors"),
        "warnings": validation.get("warnings"),
        "demo": bool(meta.get("demo")),
        "published_at": meta.get("published_at"),
    }


def retrieved_on(dataset: str) -> str:
    """Latest retrieval date (YYYY-MM-DD) of a dataset's raw inputs, or 'date not recorded'."""
    dates = [i.get("retrieved_at", "") for i in inputs_of(dataset_meta(dataset))]
    return max(dates, default="")[:10] or _("date not recorded")


def dataset_status() -> pl.DataFrame:
    """Provenance and validation outcome of every dataset (one row each)."""
    rows = [_status_row(d, dataset_meta(d)) for d in DATASETS]
    return pl.DataFrame(rows, schema_overrides={"rows": pl.Int64, "errors": pl.Int64})


ISSUE_SCHEMA = {
    c: pl.String() for c in ("source", "dataset", "rule", "column", "value", "severity", "message")
} | {"row": pl.Int64()}


@st.cache_data(ttl=TTL, show_spinner=False)
def _report(path: str, mtime: int) -> tuple[str, pl.DataFrame, pl.DataFrame]:
    report = io.read_json(Path(path))
    outcomes = report.get("outcomes", [])
    summary = pl.DataFrame(
        [{k: o.get(k) for k in ("source", "status", "rows", "message")} for o in outcomes],
        schema={"source": pl.String, "status": pl.String, "rows": pl.Int64, "message": pl.String},
    )
    issues = [{"source": o.get("source"), **i} for o in outcomes for i in o.get("issues", [])]
    frame = pl.DataFrame(issues, schema=ISSUE_SCHEMA, strict=False).select(
        "dataset", "rule", "column", "row", "value", "severity", "message", "source"
    )
    return str(report.get("run_at", "")), summary, frame


def run_report() -> tuple[str, pl.DataFrame, pl.DataFrame]:
    """The last run's time, per-source outcomes and every validation issue (latest.json)."""
    path = config.reports_dir() / "latest.json"
    return _report(str(path), path.stat().st_mtime_ns if path.exists() else 0)

"""Everything a report reads, gathered once: indicator rows, sidecar, answers, drafts, targets.

No streamlit: the CLI and the page (through page_data.py's cache) both call `load_inputs`.
The indicator rows are selected exactly as the overview's loader does (dashboard/
progress_data.py), so the report's scorecard figures are the dashboard's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from core import config
from core.contract import WORLD
from core.errors import EtlError
from etl import io
from indicators.compute.rounds import SURVEYS
from indicators.progress.scorecard import headline_series_codes
from indicators.registry_meta import computed, table_pairs
from store.drafts import Draft, latest_drafts
from store.settings import storage as ns
from store.submissions import Store, default_url, open_store

ANSWER_SCHEMA: dict[str, pl.DataType] = {
    "template": pl.String(),
    "item": pl.String(),
    "time_period": pl.String(),
    "institution": pl.String(),
    "text": pl.String(),
}
# Country-level survey series shown as item / score tables (indicators/process_*.py).
SURVEY_SERIES = ("P_1072_ITEM", "P_1072_SCORE", "P_COH_SCORE")


@dataclass(frozen=True)
class Inputs:
    """The data one report of `country` is built from (all periods; content.py cuts them)."""

    country: str
    rows: pl.DataFrame  # contract rows: headline series (country, WLD, inbound) + survey rows
    computed_keys: frozenset[str]
    meta: dict  # sidecar of the indicator table (demo flag, published_at)
    answers: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=ANSWER_SCHEMA))
    drafts: dict[str, Draft] = field(default_factory=dict)
    national_targets: dict[str, tuple[float, int]] = field(default_factory=dict)
    national_headlines: dict[str, str] = field(default_factory=dict)  # code -> chosen series
    ministry: str = ""  # national settings: the cover's issuing ministry
    logo: bytes = b""  # national settings: the cover logo's bytes
    survey_rows: dict[str, pl.DataFrame] = field(default_factory=dict)  # template -> rows


def report_store() -> Store | None:
    """The deployment's store if one exists (DATABASE_URL or data/app.duckdb), else None.

    A report never creates an empty database: with nothing uploaded there is nothing to read.
    """
    if default_url() is None and not (config.data_dir() / "app.duckdb").exists():
        return None
    return open_store()


def country_rows(lf: pl.LazyFrame, country: str) -> pl.DataFrame:
    """The overview's slice (headline series of the country, the world and inbound) + surveys."""
    headline = pl.col("series_code").is_in(headline_series_codes()) & (
        pl.col("ref_area").is_in([country, WORLD]) | (pl.col("counterpart_area") == country)
    )
    survey = (pl.col("ref_area") == country) & (
        pl.col("indicator_code").str.starts_with("P.") | pl.col("series_code").is_in(SURVEY_SERIES)
    )
    return lf.filter(headline | survey).collect()


def store_answers(store: Store, country: str) -> pl.DataFrame:
    """Open-ended answers of the current approved GFMD and 10.7.2 submissions of `country`."""
    parts = []
    for template, item in (("gfmd_coherence", "item_code"), ("inquiry_1072", "sub_category")):
        rows = store.current_rows(template)
        parts.append(
            rows.filter(
                (pl.col("ref_area") == country)
                & pl.col("answer_text").is_not_null()
                & (pl.col("answer_text").str.strip_chars() != "")
            ).select(
                pl.lit(template).alias("template"),
                pl.col(item).alias("item"),
                "time_period",
                pl.col("respondent_institution").fill_null("").alias("institution"),
                pl.col("answer_text").alias("text"),
            )
        )
    return pl.concat(parts).cast(ANSWER_SCHEMA).sort("item", "time_period")  # type: ignore[arg-type]


def load_inputs(
    country: str, period: str, *, store: Store | None = None, with_drafts: bool = True
) -> Inputs:
    """Read the published indicator table, its sidecar, national targets and the store's
    answers and (unless with_drafts=False: anonymous viewers) drafts for one report. Raises
    EtlError when nothing is published yet."""
    path = io.clean_path("indicators")
    if not path.exists():
        raise EtlError(
            f"{path} does not exist: nothing is published yet. Build it with `python -m etl run "
            "--offline --raw-dir DIR` (official files) or `python -m etl run --offline "
            "--fallback-demo` (labelled DEMO DATA)."
        )
    try:
        lf = pl.scan_parquet(path)
        rows = country_rows(lf, country)
        keys = frozenset(computed(table_pairs(lf)))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise EtlError(
            f"{path}: cannot read the indicator table ({exc}). Rebuild it with `python -m etl "
            "run --offline --fallback-demo` (or `make run`)."
        ) from exc
    settings = ns.load(store)
    targets = {
        code: (t.target, t.target_year) for code, t in settings.targets.get(country, {}).items()
    }
    answers, drafts, surveys = pl.DataFrame(schema=ANSWER_SCHEMA), {}, {}
    if store is not None:
        answers = store_answers(store, country)
        # Drafts are unreviewed text: only signed-in contributors and approvers read them.
        drafts = latest_drafts(store, country, period) if with_drafts else {}
        surveys = {t: approved_rounds(store, t, country) for t in SURVEYS}
    return Inputs(
        country=country,
        rows=rows,
        computed_keys=keys,
        meta=io.read_clean_meta("indicators"),
        answers=answers,
        drafts=drafts,
        national_targets=targets,
        national_headlines=dict(settings.headlines.get(country, {})),
        ministry=settings.ministry_name or "",
        logo=read_logo(settings.logo_path),
        survey_rows=surveys,
    )


def approved_rounds(store: Store, template: str, country: str) -> pl.DataFrame:
    """The approved survey rows of `country`, each with its submission's approval time
    (`approved_at`): the report's data cut-off counts it as the date the data came in."""
    rows = store.current_rows(template).filter(pl.col("ref_area") == country)
    subs = store.submissions(template=template, ref_area=country, status="approved")
    approved = subs.select(submission_id="id", approved_at=pl.col("status_at").cast(pl.String))
    return rows.join(approved, on="submission_id", how="left")


def read_logo(path: str | None) -> bytes:
    """The cover logo's bytes (b"" when none is set); EtlError when the file is gone."""
    if not path:
        return b""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise EtlError(
            f"logo_path = {path!r}: cannot read the report cover logo ({exc}). Upload the logo "
            "again on the Settings page, or clear it there."
        ) from exc

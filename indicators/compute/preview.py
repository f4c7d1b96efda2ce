"""What an upload would make of its indicator, before approval, by the pipeline's own functions.

The Upload page (after the checks pass) and the Submissions page (before approving) show it:
the 10.7.2 domain scores and category (process_1072) or the GFMD coherence levels' scores
(process_gfmd), computed from the uploaded rows alone. Nothing here is published.
"""

from __future__ import annotations

import polars as pl

from core.questions import COHERENCE_LEVEL_NAMES, domain_label
from indicators.compute import process_1072, process_gfmd

PREVIEW_TEMPLATES: dict[str, str] = {
    process_1072.DATASET: "SDG 10.7.2 (UN Inquiry): domain scores and category",
    process_gfmd.DATASET: "GFMD policy coherence: score of each coherence level",
}
SCHEMA: dict[str, pl.DataType] = {
    "country": pl.String(),
    "round": pl.String(),
    "part": pl.String(),
    "score (0-100)": pl.Float64(),
    "category": pl.String(),
}


def preview(template: str, rows: pl.DataFrame) -> pl.DataFrame:
    """Scores the pipeline would compute from `rows` of `template` (empty for other templates).

    Columns: country, round, part (a policy domain, 'Overall' or a coherence level),
    score (0-100), category (10.7.2 only: 'n: label').
    """
    if rows.is_empty() or template not in PREVIEW_TEMPLATES:
        return pl.DataFrame(schema=SCHEMA)
    if template == process_1072.DATASET:
        scores = process_1072.domain_scores(process_1072.item_scores(rows))
        labels = {k: f"{k}: {v}" for k, v in process_1072.CATEGORY_LABELS.items()}
        out = scores.select(
            country="ref_area",
            round="time_period",
            part=pl.col("policy_domain").map_elements(domain_label, return_dtype=pl.String),
            score=pl.col("score"),
            category=pl.col("category").replace_strict(
                labels, default=None, return_dtype=pl.String
            ),
        )
    else:
        levels = process_gfmd.level_scores(process_gfmd.item_values(rows))
        out = levels.select(
            country="ref_area",
            round="time_period",
            part=pl.col("coherence_level").replace_strict(COHERENCE_LEVEL_NAMES),
            score=pl.col("value"),
            category=pl.lit(None, pl.String),
        )
    return (
        out.rename({"score": "score (0-100)"})
        .cast(pl.Schema(SCHEMA))
        .sort("country", "round", "part")
    )

"""GFMD policy-coherence indicators (indicators/compute/process_gfmd.py): hand-computed cases."""

from __future__ import annotations

import polars as pl
import pytest

from core.contract import COLUMNS, KEY
from core.errors import EtlError
from core.templates import GFMD_ITEMS
from indicators.compute.process_gfmd import process_gfmd_rows

SCHEMA = {
    "ref_area": pl.String,
    "time_period": pl.String,
    "item_code": pl.String,
    "answer": pl.String,
    "count": pl.Int64,
    "answer_text": pl.String,
}


def survey(rows: list[tuple]) -> pl.DataFrame:
    """Template rows (ref_area, round, item_code, answer[, count, answer_text])."""
    full = [(*r, *[None] * (6 - len(r))) for r in rows]
    return pl.DataFrame(full, schema=SCHEMA, orient="row").with_columns(
        source=pl.lit("GFMD coherence survey 2022"), submission_id=pl.lit("S1")
    )


def one(out: pl.DataFrame, **where: str) -> pl.DataFrame:
    """The single row matching every column = value."""
    rows = out.filter(*[pl.col(k) == v for k, v in where.items()])
    assert rows.height == 1, where
    return rows


KEN = [
    ("KEN", "2022", "P.COH.01", "yes", None, "Migration & Development Unit, MoLSP"),
    ("KEN", "2022", "P.COH.02", "partial"),
    ("KEN", "2022", "P.COH.03", "no"),
    ("KEN", "2022", "P.COH.05", "draft", None, "Migration chapter in draft MTP IV"),
    ("KEN", "2022", "P.COH.07", "yes", 3),
    ("KEN", "2022", "P.DAT.01", "no", 2),
]
UGA = [("UGA", "2022", "P.COH.01", "partial"), ("UGA", "2022", "P.COH.07", "no", 0)]
TZA = [("TZA", "2022", "P.COH.01", None)]  # submitted, answered nothing


@pytest.fixture(scope="module")
def out() -> pl.DataFrame:
    # Two responding countries: below the default minimum of 3, so the minimum is lowered here
    # to test the arithmetic (tests/indicators/test_platform_area.py tests the minimum).
    return process_gfmd_rows(survey(KEN + UGA + TZA), min_countries=2)


def test_item_values_answers_and_missing(out: pl.DataFrame) -> None:
    assert out.columns == list(COLUMNS)
    # every item for every submitted country-round: 3 countries x 15 items
    items = out.filter(pl.col("series_code").str.contains(r"^P_[A-Z]{3}_\d\d$"))
    assert items.height == 3 * len(GFMD_ITEMS)
    coh05 = one(out, series_code="P_COH_05", ref_area="KEN")
    assert coh05.select("value", "value_label", "coherence_level", "obs_status").row(0) == (
        0.5,
        "draft",
        "INTRA_GOV",
        "A",
    )
    assert coh05["answer_text"][0] == "Migration chapter in draft MTP IV"
    assert coh05["source"][0] == "GFMD coherence survey 2022 (submission S1)"
    blank = one(out, series_code="P_COH_04", ref_area="KEN")
    assert (blank["value"][0], blank["obs_status"][0]) == (0.0, "M")
    assert one(out, series_code="P_REM_01", ref_area="KEN")["coherence_level"][0] == "_T"


def test_counts(out: pl.DataFrame) -> None:
    assert one(out, series_code="P_COH_07_N", ref_area="KEN")["value"][0] == 3.0
    assert one(out, series_code="P_COH_07_GE1", ref_area="KEN")["value"][0] == 1.0
    assert one(out, series_code="P_COH_07_GE1", ref_area="UGA")["value"][0] == 0.0
    dat = one(out, series_code="P_DAT_01_N", ref_area="KEN")
    assert dat["value"][0] == 2.0 and dat["comment_obs"][0] == "answer 'no' but count 2"


def test_coherence_level_scores(out: pl.DataFrame) -> None:
    # KEN intra-governmental: (1 + 0.5 + 0 + blank 0 + 0.5) / 5 x 100 = 40
    intra = one(out, series_code="P_COH_SCORE", ref_area="KEN", coherence_level="INTRA_GOV")
    assert intra["value"][0] == pytest.approx(40.0)
    assert intra["comment_obs"][0].endswith("; 1 of 5 items not answered (scored 0)")
    # KEN inter-governmental: P.COH.07 yes, 08 and 09 blank -> 1 / 3 x 100
    inter = one(out, series_code="P_COH_SCORE", ref_area="KEN", coherence_level="INTER_GOV")
    assert inter["value"][0] == pytest.approx(100 / 3)
    # TZA did not respond: no level scores
    assert out.filter(
        (pl.col("series_code") == "P_COH_SCORE") & (pl.col("ref_area") == "TZA")
    ).is_empty()


def test_cross_country_shares_exclude_the_non_respondent(out: pl.DataFrame) -> None:
    # P.COH.01: KEN yes, UGA partial; TZA answered nothing -> denominator 2
    yes = one(out, series_code="P_COH_01_SHARE_YES", ref_area="PLATFORM", time_period="2022")
    assert (yes["value"][0], yes["sample_size"][0]) == (50.0, 2)
    assert yes["comment_obs"][0] == (
        "countries reporting on this platform, n = 2: 1 with value = 1; unanswered = 0"
    )
    assert one(out, series_code="P_COH_01_SHARE_GE05")["value"][0] == 100.0
    # P.COH.05: KEN draft (0.5), UGA blank (0) -> 0 % yes, 50 % >= 0.5
    assert one(out, series_code="P_COH_05_SHARE_YES")["value"][0] == 0.0
    assert one(out, series_code="P_COH_05_SHARE_GE05")["value"][0] == 50.0


def test_swedish_baselines_are_separate_reference_rows(out: pl.DataFrame) -> None:
    ref = out.filter(pl.col("series_code").str.ends_with("_REF_SE"))
    assert dict(zip(ref["indicator_code"], ref["value"], strict=True)) == {
        "P.COH.01": 63.0,
        "P.COH.02": 57.0,
        "P.COH.03": 65.0,
        "P.COH.04": 80.0,
        "P.COH.05": 50.0,
    }
    assert ref["comment_obs"].str.starts_with("REFERENCE, NOT COMPARABLE").all()
    assert set(ref["ref_area"]) == {"PLATFORM"} and set(ref["time_period"]) == {"2022"}


def test_keys_are_unique(out: pl.DataFrame) -> None:
    assert not out.select(pl.struct(list(KEY)).is_duplicated().any()).item()


def test_an_unknown_answer_is_refused() -> None:
    with pytest.raises(EtlError, match=r"KEN 2022 P.COH.01: answer 'maybe' is not one of yes"):
        process_gfmd_rows(survey([("KEN", "2022", "P.COH.01", "maybe")]))

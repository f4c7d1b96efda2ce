"""Cross-country shares from national uploads: own area, n = K, minimum K (issue 10)."""

from __future__ import annotations

import polars as pl
import pytest

from core.config import Settings
from etl.exports.sdmx import export_sdmx
from indicators.compute.platform_area import PLATFORM_AREA
from indicators.compute.process_1072 import aggregate_categories, compute_10_7_2
from indicators.compute.process_gfmd import compute_gfmd
from tests.conftest import require_shared
from tests.indicators.compute.test_process_1072 import MIGRS, all_yes, inquiry
from tests.indicators.compute.test_process_gfmd import KEN, survey

SHARES = ("SG_CPA_MIGRP", "P_1072_SHARE_PM", "P_1072_SHARE_RFP")


def _shares(out: pl.DataFrame) -> pl.DataFrame:
    return out.filter(pl.col("series_code").is_in(SHARES))


def _four_countries() -> pl.DataFrame:
    # KEN, UGA, TZA all yes (100, Fully meets); RWA PD_1 only (5/30 = 16.7, category 1).
    rows = [*all_yes("KEN"), *all_yes("UGA"), *all_yes("TZA")]
    return inquiry([*rows, ("RWA", "2021", "PD_1_A", "yes_all")])


def test_one_uploaded_country_gives_no_aggregate() -> None:
    out = compute_10_7_2({"inquiry_1072": inquiry(all_yes("KEN"))}, Settings())
    # The country's own score and category are there; no World, no platform share.
    assert out.filter(pl.col("series_code") == "P_1072_SCORE")["ref_area"].unique().to_list() == [
        "KEN"
    ]
    assert _shares(out).is_empty()
    assert out.filter(pl.col("ref_area") == "WLD").is_empty()
    sdmx = export_sdmx(out)
    assert b"SG_CPA_MIGRP" not in sdmx.data


def test_four_uploaded_countries_are_a_platform_aggregate_not_world() -> None:
    out = compute_10_7_2({"inquiry_1072": _four_countries()}, Settings())
    shares = _shares(out).filter(pl.col("policy_domain") == "_T")
    assert set(shares["ref_area"]) == {PLATFORM_AREA}
    values = dict(zip(shares["series_code"], shares["value"], strict=True))
    assert values == {"SG_CPA_MIGRP": 75.0, "P_1072_SHARE_PM": 0.0, "P_1072_SHARE_RFP": 25.0}
    assert set(shares["sample_size"]) == {4}
    meets = shares.filter(pl.col("series_code") == "SG_CPA_MIGRP")["comment_obs"][0]
    assert meets.startswith("countries reporting on this platform, n = 4: 3 meets or fully meets")
    assert out.filter(pl.col("ref_area") == "WLD").is_empty()
    # The SDMX export has no M49 code for the platform area: nothing goes out as World (1).
    sdmx = export_sdmx(out)
    assert b"SG_CPA_MIGRP" not in sdmx.data
    left = sdmx.left_out.filter(pl.col("series_code") == "SG_CPA_MIGRP")
    assert left["reason"].to_list() == ["area has no UN M49 code (regional or project aggregate)"]
    assert left["rows"].to_list() == [7]  # overall + 6 domains


def test_minimum_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().min_platform_countries == 3
    monkeypatch.setenv("M_E_MIN_PLATFORM_COUNTRIES", "5")
    assert _shares(compute_10_7_2({"inquiry_1072": _four_countries()}, Settings())).is_empty()
    monkeypatch.setenv("M_E_MIN_PLATFORM_COUNTRIES", "1")
    one = compute_10_7_2({"inquiry_1072": inquiry(all_yes("KEN"))}, Settings())
    assert _shares(one).filter(pl.col("policy_domain") == "_T")["sample_size"].to_list() == [1] * 3


def test_gfmd_shares_with_1_and_4_countries() -> None:
    def shares(out: pl.DataFrame) -> pl.DataFrame:
        return out.filter(pl.col("series_code") == "P_COH_01_SHARE_YES")

    one = compute_gfmd({"gfmd_coherence": survey(KEN)}, Settings())
    assert shares(one).is_empty() and one.filter(pl.col("ref_area") == "WLD").is_empty()
    # KEN answered P.COH.01 "yes"; three more countries copy KEN's answers but say "no".
    others = [
        (c, r[1], r[2], "no" if r[2] == "P.COH.01" else r[3], *r[4:])
        for c in ("UGA", "TZA", "RWA")
        for r in KEN
    ]
    four = compute_gfmd({"gfmd_coherence": survey(KEN + others)}, Settings())
    row = shares(four)
    assert row.select("ref_area", "value", "sample_size").rows() == [(PLATFORM_AREA, 25.0, 4)]
    assert row["comment_obs"][0].startswith("countries reporting on this platform, n = 4: 1")
    assert four.filter(pl.col("ref_area") == "WLD").is_empty()


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    """Real 2019 country categories (SDG Global Database SG_CPA_MIGRS), responding only."""
    df = pl.read_csv(require_shared(MIGRS), infer_schema_length=0)
    domain = pl.col("policy_domains").str.replace("alldomains", "_T").str.replace("domain", "PD_")
    return df.filter(pl.col("sg_cpa_migrs") != "N").select(
        ref_area=pl.col("geo_area"),
        time_period=pl.col("year"),
        policy_domain=domain,
        value=pl.col("sg_cpa_migrs").cast(pl.Float64),
    )


def test_real_categories_of_1_and_4_countries(published: pl.DataFrame) -> None:
    overall = published.filter(pl.col("policy_domain") == "_T").sort("ref_area")
    four = overall["ref_area"].head(4).to_list()
    sub = published.filter(pl.col("ref_area").is_in(four))
    agg = aggregate_categories(sub, area=PLATFORM_AREA, min_countries=3)
    meets = agg.filter(
        (pl.col("series_code") == "SG_CPA_MIGRP") & (pl.col("policy_domain") == "_T")
    )
    cats = overall.filter(pl.col("ref_area").is_in(four))["value"].to_list()
    assert meets["value"][0] == pytest.approx(100 * sum(c >= 3 for c in cats) / 4)
    assert (meets["ref_area"][0], meets["sample_size"][0]) == (PLATFORM_AREA, 4)
    single = published.filter(pl.col("ref_area") == four[0])
    assert aggregate_categories(single, area=PLATFORM_AREA, min_countries=3).is_empty()
    # The custodian's own World aggregate (all 111 respondents) stays World.
    world = aggregate_categories(published)
    assert set(world["ref_area"]) == {"WLD"} and set(world["sample_size"]) == {111}

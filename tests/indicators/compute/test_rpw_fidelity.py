"""The Global Average follows the World Bank's published rule; all corridors kept beside it."""

from __future__ import annotations

import polars as pl
import pytest

from core.config import Settings
from etl.sources import rpw_corridors
from indicators.compute.rpw_fidelity import ALL_SERIES, excluded_in, rule_text
from indicators.specs.remittance import compute_10c1
from tests.conftest import require_shared
from tests.indicators.compute.test_remittance import make_quotes, quote

CORRIDORS = "rpw/corridors_databank_2020Q3/rpw_corridors_databank_export_2020-12-07.csv"
FORMER_SOVIET = {"ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "TJK"}
FORMER_SOVIET |= {"UKR", "UZB", "TKM", "RUS"}


@pytest.fixture(scope="module")
def published() -> pl.DataFrame:
    """The World Bank's published corridor averages (RPW Corridors DataBank, to 2020 Q3)."""
    path = require_shared(CORRIDORS)
    return rpw_corridors.clean(rpw_corridors.parse(path))


def test_the_excluded_corridors_are_the_former_soviet_ones(published: pl.DataFrame) -> None:
    # The Methodology sheet: "some former-Soviet corridors" are left out of the simple global
    # average. Every corridor sending from RUS goes to a former-Soviet state, and RUS is by far
    # the cheapest sending country (about 2 % against about 7 % for the rest in 2016-2020).
    rus = published.filter(pl.col("sending_code") == "RUS")
    assert set(rus["receiving_code"]) <= FORMER_SOVIET and rus["receiving_code"].n_unique() == 13
    recent = published.filter(pl.col("time_period") >= "2016-Q2")
    by_sender = recent.group_by("sending_code").agg(pl.col("value").mean()).sort("value")
    assert by_sender["sending_code"][0] == "RUS" and by_sender["value"][0] < 2.5
    assert Settings().exclude_rpw_sending == ("RUS",)  # the default follows the rule


def test_default_ga_sits_above_the_all_corridor_mean_by_0_1_to_0_25_pp(
    published: pl.DataFrame,
) -> None:
    # One quote per published corridor average and quarter (2016 Q2-2020 Q3): the pooled mean
    # with the default settings (RUS left out) against the all-corridor series.
    rows = published.filter(pl.col("time_period") >= "2016-Q2")
    quotes = make_quotes(
        *[
            quote(v, s + r, p)
            for s, r, p, v in rows.select(
                "sending_code", "receiving_code", "time_period", "value"
            ).iter_rows()
        ]
    )
    out = compute_10c1({"rpw_quotes": quotes}, Settings())
    world = out.filter(
        (pl.col("ref_area") == "WLD")
        & (pl.col("counterpart_area") == "WLD")
        & (pl.col("statistic") == "MEAN")
        & (pl.col("transfer_amount") == "USD200")
        & (pl.col("freq") == "Q")
        & (pl.col("provider_type") == "_T")
        & (pl.col("funding_instrument") == "_T")
        & (pl.col("payout_instrument") == "_T")
    )
    ga = world.filter(pl.col("series_code") == "SI_RMT_COST")
    every = world.filter(pl.col("series_code") == ALL_SERIES)
    gap = ga.join(every, on="time_period", suffix="_all").with_columns(
        gap=pl.col("value") - pl.col("value_all")
    )
    assert gap.height == 18  # 2016-Q2 ... 2020-Q3
    assert gap["gap"].min() > 0.1 and gap["gap"].max() < 0.25
    # 2020-Q3 by hand: mean of the 354 non-RUS corridor averages vs all 367
    q3 = rows.filter(pl.col("time_period") == "2020-Q3")
    want = q3.filter(pl.col("sending_code") != "RUS")["value"].mean()
    assert ga.filter(pl.col("time_period") == "2020-Q3")["value"][0] == pytest.approx(want)
    assert every.filter(pl.col("time_period") == "2020-Q3")["value"][0] == pytest.approx(
        q3["value"].mean()
    )
    assert excluded_in(ga) == ("RUS",)
    assert every["comment_obs"].str.starts_with("ALL CORRIDORS").all()
    rule = rule_text(excluded_in(ga))
    assert "corridors sending from Russian Federation (RUS) are left out" in rule
    assert "does NOT follow" in rule_text(())

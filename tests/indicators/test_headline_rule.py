"""Headline series by rule (registry order of preference), not by recency (issue 10)."""

from __future__ import annotations

import polars as pl
import pytest

from core.contract import conform
from core.errors import EtlError
from etl.sources import wdi
from etl.sources.sdg import spec as sdg_api
from indicators.compute.sdg_series import SDG_COST_SERIES, sdg_cost_rows
from indicators.compute.wb_series import REMITTANCE_COST, compute_wb_series
from indicators.progress.scorecard import build_card, build_cards
from indicators.registry_meta import entry
from store.settings import storage as ns
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def rows() -> pl.DataFrame:
    """Real WDI SI.RMT.COST.IB.ZS (to 2020) and SDG database SI_RMT_COST (to 2021) rows."""
    w = wdi.clean(wdi.parse(require_shared("wdi/excel_2023-05/sending-cost-to-country.xls")))
    goal10 = require_shared("sdg_api/global_database_goal10_extract/Goal10.xlsx")
    sdg = sdg_api.clean(sdg_api.parse(goal10))
    return pl.concat([compute_wb_series({"wdi": w}, codes=REMITTANCE_COST), sdg_cost_rows(sdg)])


def test_sdg_database_rows_as_published(rows: pl.DataFrame) -> None:
    ken = rows.filter(
        (pl.col("series_code") == SDG_COST_SERIES) & (pl.col("counterpart_area") == "KEN")
    )
    assert dict(ken.select("time_period", "value").iter_rows())["2021"] == pytest.approx(9.24)
    assert set(ken["ref_area"]) == {"WLD"} and set(ken["transfer_amount"]) == {"USD200"}


def test_registry_order_not_recency(rows: pl.DataFrame) -> None:
    # No RPW workbook: the SDG database (second) comes before WDI (third).
    card = build_card(entry("10.c.1"), rows, "KEN", availability="computed")
    assert card.headline is not None and card.headline.series_code == SDG_COST_SERIES
    assert card.latest == ("2021", pytest.approx(9.24))
    assert "second: the country's value in the UN SDG Global Database" in card.headline_reason
    assert (
        "the preferred Average cost of sending USD 200 to the country (RPW, this platform) "
        "(SI_RMT_COST) has no data for this country"
    ) in card.headline_reason
    assert card.headline_reason in card.why
    # A platform RPW value that is OLDER than both still wins: the rule, not the latest year.
    platform = conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.c.1"],
                "series_code": ["SI_RMT_COST"],
                "ref_area": ["WLD"],
                "counterpart_area": ["KEN"],
                "time_period": ["2019"],
                "freq": ["A"],
                "transfer_amount": ["USD200"],
                "statistic": ["MEAN"],
                "value": [7.5],
            }
        )
    )
    card = build_card(entry("10.c.1"), pl.concat([rows, platform]), "KEN", availability="computed")
    assert card.headline is not None and card.headline.series_code == "SI_RMT_COST"
    assert card.latest == ("2019", 7.5)
    assert card.headline_reason.startswith("first: computed on this platform")


def test_national_choice_overrides_the_order(rows: pl.DataFrame) -> None:
    cards = build_cards(
        rows,
        "KEN",
        computed_keys={"10.c.1"},
        national_headlines={"10.c.1": "SI_RMT_COST_IB_ZS"},
    )
    card = next(c for c in cards if c.code == "10.c.1")
    assert card.headline is not None and card.headline.series_code == "SI_RMT_COST_IB_ZS"
    assert card.latest == ("2020", pytest.approx(8.448205, abs=1e-6))  # WDI, Kenya 2020
    assert card.headline_reason.startswith("chosen in the national settings")


def test_national_headline_setting_is_validated() -> None:
    s = ns.with_headline(ns.NationalSettings(), "KEN", "10.c.1", "SI_RMT_COST_IB_ZS")
    assert s.headline_for("KEN", "10.c.1") == "SI_RMT_COST_IB_ZS"
    assert ns.from_dict(ns.to_dict(s)) == s
    assert ns.with_headline(s, "KEN", "10.c.1", None).headline_for("KEN", "10.c.1") is None
    with pytest.raises(EtlError, match=r"not a headline series of 10\.c\.1"):
        ns.with_headline(s, "KEN", "10.c.1", "SM_POP_TOTL")

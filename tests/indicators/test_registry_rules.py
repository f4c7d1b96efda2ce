"""Directions with reasons, context indicators, partial periods and area scope (issue 10)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from core.config import Settings
from etl.exports.sdmx import export_sdmx
from etl.sources import iom_mmp, wdi
from indicators.compute.displacement import compute_10_7_3
from indicators.compute.wb_series import REMITTANCE_VOLUME, compute_wb_series
from indicators.periods import PARTIAL, complete, date_in_name, year_coverage
from indicators.progress.method import Status
from indicators.progress.scorecard import build_card, status_counts
from indicators.progress.styles import status_badge as badge
from indicators.registry_meta import entries, entry
from indicators.registry_rules import ASSESSMENT, is_assessed, rule_problems
from tests.conftest import require_shared

MMP_CSV = "missing_migrants/iom_mmp_2021-03-27/MissingMigrants-Global-2021-03-27T05-02-23.csv"


@pytest.fixture(scope="module")
def deaths() -> pl.DataFrame:
    incidents = iom_mmp.clean(iom_mmp.parse(require_shared(MMP_CSV)))
    return compute_10_7_3({"iom_mmp_incidents": incidents}, Settings())


def test_every_entry_has_a_stated_reason_and_consistent_method() -> None:
    assert rule_problems() == []
    assert {e.code for e in entries()} == set(ASSESSMENT)
    assessed = {e.code for e in entries() if is_assessed(e.code)}
    assert assessed == {"10.c.1", "10.7.4", "10.7.2", "10.7.1", "P.COH"}


def test_remittances_share_of_gdp_is_context_not_deterioration() -> None:
    # Philippines, WDI BX.TRF.PWKR.DT.GD.ZS: 9.7 % (2015) -> 9.3 % (2021). Assessed as "higher
    # is better" this was "Deterioration"; no custodian defines that direction.
    path = require_shared("wdi/excel_2023-05/remittances-received-percent-gdp.xls")
    rows = compute_wb_series({"wdi": wdi.clean(wdi.parse(path))}, codes=REMITTANCE_VOLUME)
    card = build_card(entry("17.3.2"), rows, "PHL", availability="computed")
    assert card.latest is not None and card.latest[0] == "2021"
    assert card.latest[1] == pytest.approx(9.3, abs=0.05)
    assert card.annual.values[2015] == pytest.approx(9.7, abs=0.05)
    assert card.progress.status is Status.CONTEXT
    assert badge(card.progress.status) == "◇ Not assessed (context)"
    assert "no custodian defines a desired direction" in card.why
    assert "Not available" not in card.why
    counts = status_counts([card], by="level")
    assert counts["impact"] == {Status.CONTEXT: 1}


def test_mmp_partial_current_year_is_flagged(deaths: pl.DataFrame) -> None:
    world = deaths.filter(
        (pl.col("series_code") == "SM_DTH_MIGR")
        & (pl.col("ref_area") == "WLD")
        & (pl.col("sub_category") == "_T")
    )
    detail = dict(world.select("time_period", "time_detail").iter_rows())
    # The export is dated 2021-03-27 (its file name): 2021 covers 1 January-27 March only.
    assert detail["2021"] == f"{PARTIAL}1 Jan–27 Mar 2021"
    assert all(detail[y] is None for y in map(str, range(2014, 2021)))
    assert world.filter(pl.col("time_period") == "2021")["value"][0] == 569
    # Every 2021 row (regions, routes, source-quality mix) carries the flag, no other year does.
    flagged = deaths.filter(pl.col("time_detail").is_not_null())
    assert set(flagged["time_period"]) == {"2021"}
    assert flagged.height == deaths.filter(pl.col("time_period") == "2021").height
    assert "2021" not in complete(deaths)["time_period"].to_list()


def test_region_series_is_never_a_country_figure(deaths: pl.DataFrame) -> None:
    ken = build_card(entry("10.7.3"), deaths, "KEN", availability="computed")
    assert ken.latest is None and ken.headline is None
    assert "never by country" in ken.why
    assert ken.progress.status is Status.CONTEXT
    # The World card shows the world count of the last complete year, not the partial 2021.
    world = build_card(entry("10.7.3"), deaths, "WLD", availability="computed")
    assert world.latest == ("2020", 3891.0)
    assert 2021 not in world.annual.values


def test_partial_year_is_left_out_of_the_sdmx_export(deaths: pl.DataFrame) -> None:
    out = export_sdmx(deaths.filter(pl.col("ref_area") == "WLD"))
    lines = out.data.decode().splitlines()
    assert any(",2020," in line for line in lines)
    assert not any(",2021," in line for line in lines)
    reasons = set(out.left_out["reason"])
    assert "covers only part of its period (time_detail): not an annual value" in reasons


def test_coverage_rule_edges() -> None:
    assert year_coverage([2020, 2021], date(2021, 12, 31)) == {}  # a whole year is not partial
    assert year_coverage([2020, 2021], date(2021, 3, 27)) == {2021: f"{PARTIAL}1 Jan–27 Mar 2021"}
    assert date_in_name("MissingMigrants-Global-2021-03-27T05-02-23.csv") == date(2021, 3, 27)
    assert date_in_name("MissingMigrants-Global-2021-13-45.csv") is None
    assert date_in_name(None) is None

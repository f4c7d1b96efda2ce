"""World Bank series to the contract: mapping of areas and units, latest-vintage selection."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.contract import COLUMNS
from etl.schemas import RPW_CORRIDORS, WB_INDICATORS, conform
from indicators.compute.wb_series import (
    REMITTANCE_COST,
    REMITTANCE_VOLUME,
    compute_published_corridors,
    compute_wb_series,
)

IB, OB = "SI.RMT.COST.IB.ZS", "SI.RMT.COST.OB.ZS"
CD, GDP = "BX.TRF.PWKR.CD.DT", "BX.TRF.PWKR.DT.GD.ZS"


def wb_row(
    country: str,
    code: str,
    year: int,
    value: float | None,
    updated: date,
    origin: str = "wdi-bulk",
) -> dict[str, object]:
    """One WB_INDICATORS row."""
    return {
        "country_code": country,
        "country_name": country,
        "is_aggregate": country == "WLD",
        "indicator_code": code,
        "indicator_name": code,
        "year": year,
        "value": value,
        "last_updated": updated,
        "origin": origin,
        "source_file": f"{origin}.csv",
    }


def wb(*rows: dict[str, object]) -> pl.DataFrame:
    """A frame with exactly the WB_INDICATORS schema."""
    return conform(pl.DataFrame(list(rows)), WB_INDICATORS)


OLD, NEW = date(2023, 5, 1), date(2023, 10, 26)


def only(df: pl.DataFrame, **where: str) -> dict[str, object]:
    """The single row matching `where`, as a dict."""
    for column, value in where.items():
        df = df.filter(pl.col(column) == value)
    assert df.height == 1, df
    return df.row(0, named=True)


def test_cost_series_map_to_inbound_and_outbound_areas() -> None:
    frames = {"wdi": wb(wb_row("KEN", IB, 2019, 8.0, OLD), wb_row("GBR", OB, 2019, 6.5, OLD))}
    out = compute_wb_series(frames, codes=REMITTANCE_COST)
    assert out.columns == list(COLUMNS)
    ib = only(out, series_code="SI_RMT_COST_IB_ZS")
    # Cost of sending TO Kenya: the world sends, Kenya is the counterpart.
    assert (ib["ref_area"], ib["counterpart_area"], ib["value"]) == ("WLD", "KEN", 8.0)
    assert (ib["indicator_code"], ib["time_period"], ib["freq"]) == ("10.c.1", "2019", "A")
    assert (ib["transfer_amount"], ib["statistic"], ib["unit_measure"]) == ("USD200", "MEAN", "PT")
    assert ib["reporting_type"] == "G" and ib["source"] == "wdi"
    ob = only(out, series_code="SI_RMT_COST_OB_ZS")
    assert (ob["ref_area"], ob["counterpart_area"], ob["value"]) == ("GBR", "WLD", 6.5)


def test_latest_vintage_wins_whichever_copy_has_it() -> None:
    frames = {
        "wdi": wb(wb_row("KEN", IB, 2019, 8.0, OLD), wb_row("KEN", IB, 2020, 7.0, NEW)),
        "wb_api": wb(
            wb_row("KEN", IB, 2019, 8.2, NEW, "api-v2"),
            wb_row("KEN", IB, 2020, 7.5, OLD, "api-v2"),
            # The newer vintage has no 2018 value: the older real value is kept.
            wb_row("KEN", IB, 2018, None, NEW, "api-v2"),
        ),
    }
    frames["wdi"] = pl.concat([frames["wdi"], wb(wb_row("KEN", IB, 2018, 9.1, OLD))])
    out = compute_wb_series(frames, codes=REMITTANCE_COST).sort("time_period")
    assert out["time_period"].to_list() == ["2018", "2019", "2020"]
    assert out["value"].to_list() == [9.1, 8.2, 7.0]
    assert out["source"].to_list() == ["wdi", "wb_api", "wdi"]
    assert "vintage 2023-10-26 (api-v2" in str(only(out, time_period="2019")["comment_obs"])


def test_equal_vintage_prefers_the_api_copy() -> None:
    frames = {
        "wdi": wb(wb_row("KEN", IB, 2019, 8.0, NEW)),
        "wb_api": wb(wb_row("KEN", IB, 2019, 8.1, NEW, "api-v2")),
    }
    out = compute_wb_series(frames, codes=REMITTANCE_COST)
    assert out["value"].to_list() == [8.1] and out["source"].to_list() == ["wb_api"]


def test_volume_series_are_17_3_2_with_aggregates_and_others_ignored() -> None:
    frames = {
        "wb_api": wb(
            wb_row("KEN", CD, 2022, 4.0e9, NEW, "api-v2"),
            wb_row("WLD", GDP, 2022, 0.8, NEW, "api-v2"),
            wb_row("KEN", "SM.POP.TOTL", 2022, 1.0e6, NEW, "api-v2"),
            wb_row("KEN", IB, 2022, 8.0, NEW, "api-v2"),
        )
    }
    out = compute_wb_series(frames, codes=REMITTANCE_VOLUME)
    assert sorted(out["series_code"]) == ["BX_TRF_PWKR_CD_DT", "BX_TRF_PWKR_DT_GD_ZS"]
    usd = only(out, series_code="BX_TRF_PWKR_CD_DT")
    assert (usd["indicator_code"], usd["unit_measure"], usd["value"]) == ("17.3.2", "USD", 4.0e9)
    assert (usd["ref_area"], usd["counterpart_area"]) == ("KEN", "_T")
    share = only(out, series_code="BX_TRF_PWKR_DT_GD_ZS")
    assert (share["ref_area"], share["unit_measure"], share["value"]) == ("WLD", "PT", 0.8)


def test_no_wb_dataset_gives_empty_contract_frame() -> None:
    out = compute_wb_series({"rpw_quotes": pl.DataFrame()}, codes=REMITTANCE_COST)
    assert out.is_empty() and out.columns == list(COLUMNS)


def test_published_corridor_averages() -> None:
    rows = [
        ("GBR", "KEN", "ATCR.CORR", "2020-Q3", 7.5, date(2020, 10, 1)),
        ("GBR", "KEN", "ATCR.CORR", "2020-Q3", 7.4, date(2020, 12, 1)),  # newer vintage
        ("GBR", "KEN", "OTHER.SERIES", "2020-Q3", 1.0, date(2020, 12, 1)),
        ("USA", "MEX", "ATCR.CORR", "2020-Q2", None, date(2020, 12, 1)),  # no value
    ]
    cols = ["sending_code", "receiving_code", "series_code", "time_period", "value", "last_updated"]
    corridors = conform(pl.DataFrame(rows, schema=cols, orient="row"), RPW_CORRIDORS)
    out = compute_published_corridors(corridors)
    row = only(out, series_code="RPW_ATCR_CORR")
    assert (row["ref_area"], row["counterpart_area"], row["time_period"]) == (
        "GBR",
        "KEN",
        "2020-Q3",
    )
    assert (row["value"], row["freq"], row["transfer_amount"]) == (7.4, "Q", "USD200")
    assert (row["statistic"], row["unit_measure"], row["source"]) == ("MEAN", "PT", "rpw_corridors")

"""Remittance flows (KNOMAD, bilateral 2017) and indicative savings: literals and real files."""

from __future__ import annotations

import polars as pl
import pytest

from core.config import Settings
from core.contract import COLUMNS, KEY, conform
from etl.schemas import WB_INDICATORS
from etl.schemas import conform as conform_dataset
from etl.sources import knomad, wb_bilateral, wdi
from indicators.compute.flows import (
    SAVINGS_CAVEAT,
    bilateral_remittance_rows,
    compute_remittance_flows,
    compute_savings,
    knomad_rows,
    savings,
)
from tests.conftest import raw_fixture, require_shared
from tests.indicators.compute.test_remittance import make_quotes, quote


def _value(df: pl.DataFrame, **where: str) -> float:
    [row] = df.filter(pl.all_horizontal(pl.col(k) == v for k, v in where.items())).to_dicts()
    return row["value"]


def test_knomad_rows_codes_and_units() -> None:
    k = pl.DataFrame(
        {
            "area_name": [
                "Kenya",
                "World",
                "Low-and Middle-Income Countries",
                "Euro area",
                "Kenya",
            ],
            "iso3": ["KEN", None, None, None, "KEN"],
            "is_aggregate": [False, True, True, True, False],
            "direction": ["inflow", "inflow", "inflow", "inflow", "outflow"],
            "year": [2020, 2020, 2020, 2020, 2020],
            "value_usd_million": [3107.9, 716884.5, 541662.3, 1.0, 8.4],
            "vintage": ["2023-06"] * 5,
        }
    )
    out = knomad_rows(k)
    assert out.columns == list(COLUMNS)
    assert _value(out, series_code="KNOMAD_REM_IN", ref_area="KEN") == 3107.9
    assert _value(out, series_code="KNOMAD_REM_IN", ref_area="WLD") == 716884.5
    assert _value(out, series_code="KNOMAD_REM_IN", ref_area="LMY") == 541662.3
    assert _value(out, series_code="KNOMAD_REM_OUT", ref_area="KEN") == 8.4
    assert out.height == 4  # an aggregate without a code is left out
    assert set(out["unit_mult"]) == {6} and set(out["unit_measure"]) == {"USD"}


def test_bilateral_remittances_sending_to_receiving() -> None:
    b = pl.DataFrame(
        {
            "matrix": [
                "remittances_2017",
                "remittances_2017",
                "remittances_2017",
                "migration_2017",
            ],
            "origin_iso3": ["USA", None, "IND", "MEX"],
            "destination_iso3": ["MEX", "KEN", "PAK", "USA"],
            "involves_residual": [False, True, False, False],
            "value": [30000.0, 5.0, None, 1.0],
            "reference_year": [2017, 2017, 2017, 2017],
        }
    )
    out = bilateral_remittance_rows(b)
    assert out.height == 1
    row = out.row(0, named=True)
    assert (row["ref_area"], row["counterpart_area"], row["value"]) == ("USA", "MEX", 30000.0)
    assert (row["series_code"], row["unit_mult"], row["time_period"]) == ("WB_REM_BILAT", 6, "2017")


def _costs(rows: list[tuple[str, str, str, float]]) -> pl.DataFrame:
    """Annual inbound cost rows (series, country, year, value): WLD -> country, USD200 MEAN."""
    df = pl.DataFrame(
        rows, schema=["series_code", "counterpart_area", "time_period", "value"], orient="row"
    )
    return conform(
        df.with_columns(
            indicator_code=pl.lit("10.c.1"),
            ref_area=pl.lit("WLD"),
            freq=pl.lit("A"),
            transfer_amount=pl.lit("USD200"),
            statistic=pl.lit("MEAN"),
        )
    )


def _flows(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    df = pl.DataFrame(rows, schema=["ref_area", "time_period", "value"], orient="row")
    return conform(
        df.with_columns(
            series_code=pl.lit("BX_TRF_PWKR_CD_DT"), freq=pl.lit("A"), source=pl.lit("wdi")
        )
    )


IB = "SI_RMT_COST_IB_ZS"
COSTS = _costs(
    [
        (IB, "KEN", "2014", 10.0),
        (IB, "KEN", "2015", 8.0),
        (IB, "KEN", "2016", 6.0),
        (IB, "KEN", "2017", 2.0),
        (IB, "UGA", "2016", 9.0),  # no 2015: the base is 2016
        (IB, "UGA", "2017", 7.0),
        (IB, "NPL", "2016", 4.0),  # also has RPW-computed costs: those are used instead
        ("SI_RMT_COST", "NPL", "2016", 5.0),
        ("SI_RMT_COST", "NPL", "2017", 4.5),
    ]
)
FLOWS = _flows(
    [
        ("KEN", "2015", 1e6),
        ("KEN", "2016", 2e6),
        ("KEN", "2017", 1e6),
        ("UGA", "2016", 1e6),
        ("UGA", "2017", 3e6),
        ("NPL", "2016", 1e6),
        ("NPL", "2017", 1e6),
    ]
)


def test_savings_since_base_year_by_hand() -> None:
    out = savings(COSTS, FLOWS)
    base = out.filter(pl.col("series_code") == "SAV_REM_BASE")
    # KEN: base 2015 (TC 8). 2015: 0; 2016: (8 - 6)/100 x 2e6 = 40,000; 2017: (8-2)/100 x 1e6
    assert _value(base, ref_area="KEN", time_period="2015") == pytest.approx(0.0)
    assert _value(base, ref_area="KEN", time_period="2016") == pytest.approx(40_000.0)
    assert _value(base, ref_area="KEN", time_period="2017") == pytest.approx(60_000.0)
    # UGA: no 2015 cost -> base 2016 (TC 9); 2017: (9 - 7)/100 x 3e6 = 60,000
    assert _value(base, ref_area="UGA", time_period="2017") == pytest.approx(60_000.0)
    assert "base 2016" in base.filter(pl.col("ref_area") == "UGA")["comment_obs"][0]
    # NPL: RPW costs only (5 -> 4.5), never mixed with the WDI 4.0: (5 - 4.5)/100 x 1e6
    assert _value(base, ref_area="NPL", time_period="2017") == pytest.approx(5_000.0)
    assert base.filter(pl.col("time_period") == "2014").height == 0


def test_savings_if_costs_fell_to_3_percent() -> None:
    out = savings(COSTS, FLOWS).filter(pl.col("series_code") == "SAV_REM_3PCT")
    # KEN 2016: (6 - 3)/100 x 2e6 = 60,000; 2017: (2 - 3)/100 x 1e6 = -10,000 (already below)
    assert _value(out, ref_area="KEN", time_period="2016") == pytest.approx(60_000.0)
    assert _value(out, ref_area="KEN", time_period="2017") == pytest.approx(-10_000.0)
    assert _value(out, ref_area="NPL", time_period="2016") == pytest.approx(20_000.0)
    assert out["comment_obs"].str.starts_with(SAVINGS_CAVEAT).all()
    assert set(out["unit_measure"]) == {"USD"} and set(out["source"]) == {"wdi"}


def _wb(rows: list[tuple[str, str, int, float]]) -> pl.DataFrame:
    """A tiny wdi frame: (country_code, indicator_code, year, value)."""
    df = pl.DataFrame(
        rows, schema=["country_code", "indicator_code", "year", "value"], orient="row"
    )
    return conform_dataset(
        df.with_columns(is_aggregate=pl.col("country_code") == "SSF", origin=pl.lit("wdi-bulk")),
        WB_INDICATORS,
    )


def test_compute_savings_prefers_costs_computed_from_rpw_quotes() -> None:
    # RPW GBR->KEN: 2015-Q1 8 %, 2015-Q3 6 % -> 2015 mean 7 %; 2016-Q1 5 %.
    quotes = make_quotes(
        quote(8.0, period="2015-Q1"), quote(6.0, period="2015-Q3"), quote(5.0, period="2016-Q1")
    )
    wb = _wb(
        [
            ("KEN", "SI.RMT.COST.IB.ZS", 2015, 9.0),  # ignored: KEN has RPW costs
            ("KEN", "SI.RMT.COST.IB.ZS", 2016, 1.0),
            ("KEN", "BX.TRF.PWKR.CD.DT", 2016, 1e6),
            ("SSF", "BX.TRF.PWKR.CD.DT", 2016, 9e9),  # an aggregate: no savings row
        ]
    )
    out = compute_savings({"rpw_quotes": quotes, "wdi": wb}, Settings())
    # (7 - 5)/100 x 1e6 = 20,000; (5 - 3)/100 x 1e6 = 20,000
    assert _value(out, series_code="SAV_REM_BASE", time_period="2016") == pytest.approx(20_000.0)
    assert _value(out, series_code="SAV_REM_3PCT", time_period="2016") == pytest.approx(20_000.0)
    assert set(out["ref_area"]) == {"KEN"}
    assert out["comment_obs"].str.contains("from SI_RMT_COST$").all()


def test_compute_functions_without_inputs_return_empty_contract() -> None:
    for fn in (compute_remittance_flows, compute_savings):
        out = fn({}, Settings())
        assert out.height == 0
        assert out.columns == list(COLUMNS)


# --- real files -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_wdi() -> pl.DataFrame:
    files = (
        "wdi/excel_2023-05/sending-cost-to-country.xls",
        "wdi/excel_2023-10/API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls",
    )
    frames = [wdi.parse(require_shared(f)) for f in files]
    return wdi.clean(pl.concat(frames, how="diagonal_relaxed"))


def test_real_kenya_savings(real_wdi: pl.DataFrame) -> None:
    out = compute_savings({"wdi": real_wdi}, Settings())

    def wb(code: str, year: int) -> float:
        [v] = real_wdi.filter(
            (pl.col("country_code") == "KEN")
            & (pl.col("indicator_code") == code)
            & (pl.col("year") == year)
        )["value"].to_list()
        return float(v)

    tc15, tc19 = wb("SI.RMT.COST.IB.ZS", 2015), wb("SI.RMT.COST.IB.ZS", 2019)
    flow19 = wb("BX.TRF.PWKR.CD.DT", 2019)
    assert tc15 == pytest.approx(8.832868, abs=1e-6)
    ken = out.filter(pl.col("ref_area") == "KEN")
    expected = (tc15 - tc19) / 100 * flow19  # about US$ 32.8 million
    assert _value(ken, series_code="SAV_REM_BASE", time_period="2019") == pytest.approx(expected)
    assert expected == pytest.approx(32.85e6, rel=1e-3)
    assert _value(ken, series_code="SAV_REM_3PCT", time_period="2019") == pytest.approx(
        (tc19 - 3) / 100 * flow19
    )
    assert not out["ref_area"].is_in(["WLD", "SSF", "LMY"]).any()  # receiving countries only


def test_real_flows() -> None:
    k_files = ("knomad/2023/remittance-inflows.xlsx", "knomad/2023/remittance-outflows.xlsx")
    k = knomad.clean(pl.concat([knomad.parse(require_shared(f)) for f in k_files]))
    b = wb_bilateral.clean(
        wb_bilateral.parse(
            require_shared("knomad/bilateral_2017/WB_Bilateral_Remittance_Estimates_2017.xlsx")
        )
    )
    out = compute_remittance_flows({"knomad_remittances": k, "wb_bilateral": b}, Settings())
    assert _value(out, series_code="KNOMAD_REM_IN", ref_area="KEN", time_period="2020") == (
        pytest.approx(3107.932253, abs=1e-6)
    )
    bilat = out.filter(pl.col("series_code") == "WB_REM_BILAT")
    usa_mex = _value(bilat, ref_area="USA", counterpart_area="MEX")
    assert usa_mex == max(bilat["value"])  # the largest corridor of 2017, sending -> receiving
    assert out.filter(pl.struct(list(KEY)).is_duplicated()).height == 0


def test_flows_from_the_offline_fixtures() -> None:
    # tests/fixtures/raw/knomad and wb_bilateral through parse, clean and compute; the values
    # are those typed in the fixture workbooks.
    fx = raw_fixture("knomad/remittance-inflows.xlsx").parent.parent
    k = knomad.clean(
        pl.concat(
            [
                knomad.parse(fx / "knomad" / f)
                for f in ("remittance-inflows.xlsx", "remittance-outflows.xlsx")
            ],
            how="diagonal_relaxed",
        )
    )
    bilateral = [
        "WB_Bilateral_Remittance_Estimates_2017.xlsx",
        "WB_Bilateral_Estimates_Migrant_Stocks_2017.xlsx",  # not a remittance matrix: ignored
    ]
    b = wb_bilateral.clean(
        pl.concat([wb_bilateral.parse(fx / "wb_bilateral" / f) for f in bilateral])
    )
    out = compute_remittance_flows({"knomad_remittances": k, "wb_bilateral": b}, Settings())
    knomad_out = (
        out.filter(pl.col("series_code").str.starts_with("KNOMAD"))
        .select("series_code", "ref_area", "time_period", "value")
        .sort("series_code", "ref_area", "time_period")
    )
    # KNOMAD's zeros mean 'not available' (etl/sources/knomad.py): no row, not a measured zero
    assert knomad_out.rows() == [
        ("KNOMAD_REM_IN", "EGY", "2000", 2852.0),
        ("KNOMAD_REM_IN", "EGY", "2022", 28332.7),
        ("KNOMAD_REM_IN", "KEN", "2001", 50.91442627810643),
        ("KNOMAD_REM_IN", "KEN", "2021", 3770.089638547689),
        ("KNOMAD_REM_IN", "KEN", "2022", 4091.0),
        ("KNOMAD_REM_IN", "LMY", "2022", 647000.5),
        ("KNOMAD_REM_IN", "WLD", "2022", 831102.9592088049),
        ("KNOMAD_REM_OUT", "KEN", "2021", 8.973960160437102),
        ("KNOMAD_REM_OUT", "MEX", "2021", 1057.147138),
        ("KNOMAD_REM_OUT", "MEX", "2022", 1131.084902),  # not the "% of GDP" column
    ]
    bilat = out.filter(pl.col("series_code") == "WB_REM_BILAT")
    assert bilat.height == 3 * 10 - 1  # India -> Pakistan is "-": not published, no row
    assert (
        bilat.filter((pl.col("ref_area") == "IND") & (pl.col("counterpart_area") == "PAK")).height
        == 0
    )
    assert _value(bilat, ref_area="USA", counterpart_area="MEX") == 30036.1 == max(bilat["value"])
    assert _value(bilat, ref_area="KEN", counterpart_area="IND") == 86.18097039001327
    assert set(out["unit_measure"]) == {"USD"} and set(out["unit_mult"]) == {6}
    assert out.filter(pl.struct(list(KEY)).is_duplicated()).height == 0

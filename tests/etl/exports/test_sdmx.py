"""SDMX-CSV export (etl/exports/sdmx.py) and reading it back (etl/exports/read.py)."""

from __future__ import annotations

import io

import polars as pl
import pytest

from core.contract import DIMENSIONS, KEY, TOTAL, conform
from core.errors import EtlError
from etl.exports.read import read_sdmx_csv
from etl.exports.sdmx import HEADER_V1, HEADER_V2, export_sdmx, iso3, m49
from tests.etl.exports.test_tables import real_indicator_table

CARRIED = [
    *KEY,
    "freq",
    "value",
    "unit_measure",
    "unit_mult",
    "obs_status",
    "nature",
    "reporting_type",
    "time_detail",
    "comment_obs",
    "source",
]


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The real indicator table (etl.pipeline.run on ../shared/data, offline)."""
    return real_indicator_table(tmp_path_factory.mktemp("real"))


def row(**kw: object) -> dict[str, object]:
    """One contract row with annual defaults."""
    return {"freq": "A", "unit_measure": "PT", "reporting_type": "G", "source": "test"} | kw


def table() -> pl.DataFrame:
    """Hand-made rows: exportable ones and one of each reason to leave a row out."""
    rows = [
        row(indicator_code="17.3.2", series_code="BX_TRF_PWKR_DT_GD_ZS", ref_area="KEN",
            time_period="2021", value=3.4165740090608523, nature="E", comment_obs="=1+2"),
        row(indicator_code="10.c.1", series_code="SI_RMT_COST", ref_area="WLD",
            counterpart_area="KEN", time_period="2020-Q3", freq="Q", value=8.5,
            transfer_amount="USD200", statistic="MEAN"),
        row(indicator_code="10.c.1", series_code="SI_RMT_COST", ref_area="WLD",
            counterpart_area="WLD", time_period="2020", value=6.5,
            transfer_amount="USD200", statistic="MEAN", time_detail="mean of Q1, Q3"),
        row(indicator_code="10.7.2", series_code="SG_CPA_MIGR", ref_area="KEN",
            time_period="2021", freq="B", policy_domain="PD_3", value=80.0, reporting_type=None),
        row(indicator_code="10.7.4", series_code="SM_POP_REFG_OR", ref_area="XKX",
            time_period="2019", sex="F", age="Y_LT18", value=-0.5, unit_measure="PER_100000_POP",
            obs_status="E", unit_mult=0),
        # left out:
        row(indicator_code="10.c.1", series_code="SI_RMT_COST", ref_area="GBR",
            counterpart_area="KEN", time_period="2020", value=7.0,
            transfer_amount="USD200", statistic="MEAN"),  # corridor
        row(indicator_code="10.c.1", series_code="SI_RMT_COST", ref_area="WLD",
            counterpart_area="KEN", time_period="2020", value=2.4,
            transfer_amount="USD200", statistic="SMART3"),  # SmaRT is not SI_RMT_COST
        row(indicator_code="10.c.1", series_code="RPW_ATCR_CORR", ref_area="GBR",
            counterpart_area="KEN", time_period="2020-Q1", freq="Q", value=7.0),
        row(indicator_code="10.7.3", series_code="SM_DTH_MIGR", ref_area="MMP_MED",
            time_period="2019", value=1885.0, unit_measure="NUMBER"),
        row(indicator_code="10.7.3", series_code="SM_DTH_MIGR", ref_area="WLD",
            sub_category="ROUTE_CMED", time_period="2019", value=1262.0, unit_measure="NUMBER"),
        row(indicator_code="10.7.2", series_code="SG_CPA_MIGR", ref_area="KEN",
            time_period="2019-2021", value=70.0),
    ]  # fmt: skip
    dims = ["counterpart_area", *DIMENSIONS]  # keys a row does not give are totals
    return conform(pl.DataFrame(rows)).with_columns(pl.col(dims).fill_null(TOTAL))


def parsed(data: bytes) -> pl.DataFrame:
    """An SDMX-CSV file as text columns."""
    return pl.read_csv(io.BytesIO(data), infer_schema=False)


def test_header_and_codes() -> None:
    out = export_sdmx(table())
    df = parsed(out.data)
    assert tuple(df.columns) == HEADER_V1
    assert df.columns[:5] == ["DATAFLOW", "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA"]
    assert set(df["DATAFLOW"]) == {"IAEG-SDGs:DF_SDG_GLH(1.24)"}
    assert out.rows == df.height == 5
    got = {(r["SERIES"], r["REF_AREA"], r["TIME_PERIOD"]): r for r in df.iter_rows(named=True)}
    ken = got[("BX_TRF_PWKR", "404", "2021")]  # M49 404 = Kenya
    assert ken["OBS_VALUE"] == "3.4165740090608523" and ken["UNIT_MEASURE"] == "PT"
    assert ken["NATURE"] == "E" and ken["COMMENT_OBS"] == "'=1+2"  # text neutralised
    assert ken["SEX"] == ken["AGE"] == ken["COMPOSITE_BREAKDOWN"] == "_T"
    # SI_RMT_COST: sending USD 200 TO the country, so REF_AREA is the receiving side.
    assert got[("SI_RMT_COST", "404", "2020-Q3")]["FREQ"] == "Q"
    world = got[("SI_RMT_COST", "1", "2020")]
    assert world["OBS_VALUE"] == "6.5" and world["TIME_DETAIL"] == "mean of Q1, Q3"
    domain = got[("SG_CPA_MIGR", "404", "2021")]
    assert domain["COMPOSITE_BREAKDOWN"] == "PD_3" and domain["FREQ"] == "A"
    assert domain["REPORTING_TYPE"] == "N"  # null reporting type -> national
    kosovo = got[("SM_POP_REFG_OR", "412", "2019")]
    assert kosovo["OBS_VALUE"] == "-0.5"  # a negative number stays a number
    assert (kosovo["SEX"], kosovo["AGE"], kosovo["OBS_STATUS"]) == ("F", "Y_LT18", "E")


def test_left_out_rows_are_reported() -> None:
    left = export_sdmx(table()).left_out
    assert left.rows() == [
        ("RPW_ATCR_CORR", "no SDG series code in indicators.md §1.8 (project series)", 1),
        ("SG_CPA_MIGR", "time period is not YYYY or YYYY-Qn", 1),
        ("SI_RMT_COST", "broken down by a project dimension with no SDG DSD concept", 1),
        ("SI_RMT_COST", "corridor or sending-side row: no verified SDG series", 1),
        ("SM_DTH_MIGR", "area has no UN M49 code (regional or project aggregate)", 1),
        ("SM_DTH_MIGR", "broken down by a project dimension with no SDG DSD concept", 1),
    ]
    assert "RPW_ATCR_CORR: 1 row left out, no SDG series code" in export_sdmx(table()).report()


def test_sdmx_csv_2_layout() -> None:
    df = parsed(export_sdmx(table(), version="2.0").data)
    assert tuple(df.columns) == HEADER_V2
    assert set(zip(df["STRUCTURE"], df["STRUCTURE_ID"], df["ACTION"], strict=True)) == {
        ("dataflow", "IAEG-SDGs:DF_SDG_GLH(1.24)", "I")
    }
    with pytest.raises(ValueError, match=r"use '1\.0' or '2\.0'"):
        export_sdmx(table(), version="3.0")


def test_m49_codes() -> None:
    assert [m49(a) for a in ("KEN", "WLD", "XKX", "CHI", "AFG", "202", "SSF")] == [
        "404", "1", "412", "830", "4", "202", None
    ]  # fmt: skip
    assert [iso3(c) for c in ("404", "1", "412", "830", "4", "202")] == [
        "KEN", "WLD", "XKX", "CHI", "AFG", "202"
    ]  # fmt: skip


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_hand_made_round_trip(version: str) -> None:
    src = table()
    back = read_sdmx_csv(export_sdmx(src, version=version).data)
    kept = src.head(5).with_columns(
        pl.col("reporting_type").fill_null("N"), pl.col("freq").replace({"B": "A"})
    )
    assert back.select(CARRIED).sort(KEY).equals(kept.select(CARRIED).sort(KEY))


def test_reader_names_unknown_series() -> None:
    data = export_sdmx(table()).data.decode().replace("BX_TRF_PWKR,", "XX_UNKNOWN,", 1)
    with pytest.raises(EtlError, match=r"row 2, column SERIES: 'XX_UNKNOWN'"):
        read_sdmx_csv(data)


def test_real_table_round_trip(real_table: pl.DataFrame) -> None:
    out = export_sdmx(real_table)
    back = read_sdmx_csv(out.data)
    assert back.height == out.rows == 7847
    # 10.7.3: the 7 whole years 2014-2020 for World; 2021 (1 Jan-27 Mar only) is left out.
    assert back.group_by("series_code").len().sort("series_code").rows() == [
        ("BX_TRF_PWKR_DT_GD_ZS", 6734),
        ("SM_DTH_MIGR", 7),
        ("SM_POP_REFG_OR", 1106),
    ]
    left = dict(out.left_out.group_by("series_code").agg(pl.col("rows").sum()).iter_rows())
    assert left["WB_REM_BILAT"] == 45792 and left["RPW_ATCR_CORR"] == 10417
    partial = out.left_out.filter(pl.col("reason").str.starts_with("covers only part"))
    # every 2021 row (world, MMP regions, routes): the first reason that applies is reported
    assert partial.select("series_code", "rows").rows() == [("SM_DTH_MIGR", 21)]
    assert sum(left.values()) + out.rows == real_table.height
    written = conform(real_table).join(back.select(KEY), on=KEY, how="semi")
    assert back.select(CARRIED).sort(KEY).equals(written.select(CARRIED).sort(KEY))


def test_real_ken_values(real_table: pl.DataFrame) -> None:
    for indicator, series, year, value in [
        ("17.3.2", "BX_TRF_PWKR", "2021", "3.4165740090608523"),
        ("10.7.4", "SM_POP_REFG_OR", "2019", "15.248566757390376"),
    ]:
        df = parsed(export_sdmx(real_table, indicator=indicator, country="KEN").data)
        hit = df.filter(SERIES=series, TIME_PERIOD=year)
        assert hit.select("REF_AREA", "OBS_VALUE").rows() == [("404", value)]
    deaths = parsed(export_sdmx(real_table, indicator="10.7.3").data)
    assert deaths.filter(TIME_PERIOD="2014", REF_AREA="1")["OBS_VALUE"].to_list() == ["5354.0"]

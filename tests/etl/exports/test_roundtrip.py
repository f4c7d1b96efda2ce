"""Issue 6 round trips: an export imports through the generic upload path to the same rows.

CSV/XLSX: export -> etl.uploads.prepare_upload (template indicator_long) -> zero issues -> the
parsed rows, conformed to the contract, equal the exported rows (float-exact, text-exact,
retrieved_at restored from comment_obs). Open SDG: export ->
etl.uploads.open_sdg.convert_open_sdg -> prepare_table -> zero issues -> the same annual rows
(codes, value, unit, multiplier, status).
"""

from __future__ import annotations

import io

import polars as pl
import pytest
from openpyxl import load_workbook

from core.contract import KEY, conform
from etl.exports.opensdg import export_opensdg
from etl.exports.safe_write import keep_guard
from etl.exports.tables import contract_rows, export_files, filter_table, read_csv_bytes
from etl.uploads.open_sdg.convert import convert_open_sdg
from etl.uploads.prepare import UploadResult, prepare_table, prepare_upload
from etl.uploads.read import read_upload
from tests.etl.exports.test_tables import real_indicator_table

RETRIEVED = "2026-12-02T01:03:22+00:00"
CARRIED = [*KEY, "value", "unit_measure", "unit_mult", "obs_status"]  # what Open SDG keeps


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The real indicator table (etl.pipeline.run on ../shared/data, offline)."""
    return real_indicator_table(tmp_path_factory.mktemp("real"))


def hand_table() -> pl.DataFrame:
    """Contract rows that stress the round trip: hard floats, hostile text, regions, nulls."""
    n = 8
    return conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.c.1"] * 3 + ["17.3.2"] * 3 + ["10.7.3"] * 2,
                "series_code": ["RPW_ATCR_CORR"] * 3
                + ["BX_TRF_PWKR_DT_GD_ZS", "WB_REM_BILAT", "BX_TRF_PWKR_CD_DT"]
                + ["SM_DTH_MIGR"] * 2,
                "ref_area": ["GBR", "GBR", "GBR", "KEN", "KEN", "SSF", "GBR", "GBR"],
                "counterpart_area": ["KEN", "KSV", "ANT", "_T", "CHI", "_T", "_T", "_T"],
                "time_period": ["2014-Q2", "2014-Q2", "2015-Q1", *("2021", "2017", "2020")]
                + ["2015"] * 2,
                "freq": ["Q", "Q", "Q", "A", "A", "A", "A", "A"],
                "sex": ["_T"] * 6 + ["F", "_T"],
                "age": ["_T"] * 7 + ["Y_GE65"],
                "sub_category": ["_T"] * 6 + ["ROUTE_CMED", "ROUTE_CMED"],
                "value": [
                    -2.17125,  # RPW publishes negative corridor costs (negative FX margin)
                    60.909090909090914,  # openpyxl's "%.16g" would turn it into ...091
                    0.30000000000000004,
                    145.14979432423,  # % of GDP above 100 (Lesotho 1991, WDI)
                    5e-324,
                    1.2345678901234567e20,
                    4.0,
                    9.482758620689655,
                ],
                "unit_measure": ["PT"] * 4 + ["USD", "USD", "NUMBER", "NUMBER"],
                "unit_mult": [0, 0, 0, 0, 6, 0, 0, 0],
                "nature": [None, None, None, "E", None, None, None, None],
                "reporting_type": ["G"] * n,
                "source": ['=HYPERLINK("http://x")', "RPW", "RPW", "WDI", "WB", "WDI"]
                + ["IOM Missing Migrants Project, Côte d'Ivoire route"] * 2,
                "source_url": ["https://remittanceprices.worldbank.org"] + [None] * 7,
                "retrieved_at": [RETRIEVED] * 4 + [None, RETRIEVED, RETRIEVED, None],
                "collection_method": ["MYSTERY_SHOP"] * 3 + ["COMPILED"] * 5,
                "sample_size": [None, 12, None, None, None, None, None, 3],
                "comment_obs": [
                    *("-2 revised", "@SUM(A1)", "'=already quoted", None),
                    *("'70s note", None, "plain", "+x"),
                ],
            }
        )
    )


def _upload(files: dict[str, bytes]) -> UploadResult:
    (name, data), *rest = files.items()
    assert rest == []
    return prepare_upload(data, name, current=None)


def _round_trip(table: pl.DataFrame, fmt: str, indicator: str, country: str | None) -> int:
    """Export, upload, compare; returns the rows compared."""
    result = _upload(export_files(table, fmt, indicator=indicator, country=country))
    assert result.template == "indicator_long"
    assert result.errors == [], [i.message for i in result.errors[:5]]
    assert result.issues == [], [i.message for i in result.issues[:5]]
    back = contract_rows(result.rows.drop("row_number")).sort(KEY)
    # Text that would run as a formula comes back guarded (etl/exports/safe_write.py keep_guard).
    expected = keep_guard(conform(filter_table(table, indicator, country))).sort(KEY)
    assert back.columns == expected.columns
    # data_origin is written in the file but never read from an upload (the platform sets it:
    # an approved upload is national); everything else comes back exactly.
    assert back["data_origin"].null_count() == back.height
    assert back.drop("data_origin").equals(expected.drop("data_origin"))
    if fmt == "csv":
        (data,) = export_files(table, fmt, indicator=indicator, country=country).values()
        written = read_csv_bytes(data).sort(KEY)
        assert written["data_origin"].to_list() == expected["data_origin"].to_list()
    return back.height


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hand_made_table_round_trips(fmt: str) -> None:
    table = hand_table()
    rows = sum(_round_trip(table, fmt, ind, None) for ind in ("10.c.1", "17.3.2", "10.7.3"))
    assert rows == table.height == 8


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_an_upload_file_with_provenance(fmt: str) -> None:
    data = export_files(hand_table(), fmt, indicator="17.3.2", submitted_on="2027-01-05")
    result = _upload(data)
    rows = result.rows.sort("row_number")
    assert set(rows["template_version"]) == {"1.0"} and set(rows["submitted_by"]) == {"export"}
    assert set(rows["submitted_on"]) == {"2027-01-05"}
    m49 = dict(zip(rows["ref_area"], rows["ref_area_m49"], strict=True))
    assert m49 == {"KEN": 404, "SSF": None}  # regions have no M49 in the file
    # retrieved_at has no template column: it travels at the end of comment_obs
    assert rows.filter(series_code="BX_TRF_PWKR_DT_GD_ZS")["comment_obs"].to_list() == [
        f"[retrieved {RETRIEVED}]"
    ]
    assert rows.filter(series_code="WB_REM_BILAT")["comment_obs"].to_list() == ["'70s note"]


def test_guard_quote_is_in_the_file_and_kept_on_upload() -> None:
    files = export_files(hand_table(), "csv", indicator="10.c.1")
    text = files["data_10-c-1.csv"].decode()
    assert "'-2 revised" in text and "'@SUM(A1)" in text and "''=already quoted" in text
    parsed = read_upload(files["data_10-c-1.csv"], "x.csv", max_bytes=10**7).df
    comments = dict(zip(parsed["counterpart_area"], parsed["comment_obs"], strict=True))
    assert comments == {
        "KEN": f"'-2 revised [retrieved {RETRIEVED}]",  # stored guarded: never a formula
        "KSV": f"'@SUM(A1) [retrieved {RETRIEVED}]",
        "ANT": f"'=already quoted [retrieved {RETRIEVED}]",  # one of the two quotes dropped
    }


def test_xlsx_numbers_are_numbers_with_every_digit() -> None:
    data = export_files(hand_table(), "xlsx", indicator="10.c.1")["data_10-c-1.xlsx"]
    ws = load_workbook(io.BytesIO(data))["data"]
    header = [c.value for c in ws[1]]
    values = [r[header.index("value")] for r in ws.iter_rows(min_row=2)]
    assert all(c.data_type == "n" for c in values)
    assert sorted(c.value for c in values) == [-2.17125, 0.30000000000000004, 60.909090909090914]
    assert all(c.data_type != "f" for r in ws.iter_rows() for c in r)  # no formula anywhere


# --- the real indicator table (../shared/data) ---------------------------------------------
PER_COUNTRY = [
    ("10.7.4", "KEN"),
    ("17.3.2", "KEN"),
    ("10.c.1", "GBR"),
    ("17.3.2", "SSF"),  # a World Bank region
    ("SM.POP.TOTL", "CHI"),  # Channel Islands: a UN DESA / World Bank code, not ISO 3166
    ("10.7.3", "MMP_MED"),  # a project region code (IOM MMP)
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("indicator", "country"), PER_COUNTRY)
def test_real_indicator_per_country_round_trips(
    real_table: pl.DataFrame, fmt: str, indicator: str, country: str
) -> None:
    assert _round_trip(real_table, fmt, indicator, country) > 0


def test_real_table_round_trips_whole(real_table: pl.DataFrame) -> None:
    """Every row of every indicator as CSV (147,551 rows, 7 indicators, 299 ref_areas)."""
    rows = sum(
        _round_trip(real_table, "csv", ind, None) for ind in real_table["indicator_code"].unique()
    )
    assert rows == real_table.height


def _annual(table: pl.DataFrame, indicator: str, country: str) -> pl.DataFrame:
    rows = conform(filter_table(table, indicator, country)).filter(pl.col("ref_area") == country)
    return rows.filter(pl.col("time_period").str.contains(r"^\d{4}$")).select(CARRIED).sort(KEY)


def test_real_open_sdg_ken_round_trips(real_table: pl.DataFrame) -> None:
    export = export_opensdg(real_table, "KEN")
    data = {k: v for k, v in export.files.items() if k.startswith("data/")}
    assert len(data) == len(export.rows) >= 5
    for path, content in data.items():
        conv = convert_open_sdg(
            content, path.rsplit("/", 1)[-1], ref_area="KEN", submitted_on="2027-01-05"
        )
        assert conv.notes == []
        result = prepare_table(conv.table, "0" * 64, current=None, template="indicator_long")
        assert result.issues == [], [i.message for i in result.issues[:5]]
        back = conform(result.rows.drop("row_number")).select(CARRIED).sort(KEY)
        assert back.equals(_annual(real_table, conv.indicator_code, "KEN")), path


def test_open_sdg_labels_read_back_to_codes() -> None:
    """Sex, age, sub-category, counterpart names, units, multipliers: our labels go back."""
    table = hand_table().filter(pl.col("freq") == "A")
    for ind, iso in (("10.7.3", "GBR"), ("17.3.2", "KEN")):
        name, content = next(
            (k, v)
            for k, v in export_opensdg(table, iso, ind).files.items()
            if k.startswith("data/")
        )
        conv = convert_open_sdg(content, name.rsplit("/", 1)[-1], ref_area=iso)
        result = prepare_table(conv.table, "0" * 64, current=None, template="indicator_long")
        assert result.issues == []
        back = conform(result.rows.drop("row_number")).select(CARRIED).sort(KEY)
        assert back.equals(_annual(table, ind, iso))
    text = export_opensdg(table, "KEN", "17.3.2").files["data/indicator_17-3-2.csv"].decode()
    assert "Channel Islands" in text and "Millions" in text and "US dollars" in text

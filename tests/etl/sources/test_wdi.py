"""WDI bulk files: every real XLS/CSV in ../shared/data/wdi, damaged copies, and fetch."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core import areas
from core.config import Settings
from core.errors import ParseError, SourceFetchError
from etl.net.http import make_session
from etl.schemas import WB_INDICATORS
from etl.sources import wdi
from tests.conftest import raw_fixture, require_shared
from tests.etl.loopback import Reply, serve

RECEIVED_05 = "wdi/excel_2023-05/personal-remittances-received.xls"
RECEIVED_10 = "wdi/excel_2023-10/API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls"
PAID_05 = "wdi/excel_2023-05/personal-remittances-paid.xls"
COST_TO = "wdi/excel_2023-05/sending-cost-to-country.xls"
COST_FROM = "wdi/excel_2023-05/sending-cost-from-country.xls"
PCT_GDP = "wdi/excel_2023-05/remittances-received-percent-gdp.xls"
CSV = "wdi/csv_bulk/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv"

# file, indicator, rows with a value (counted independently with xlrd/csv: non-empty year
# cells), last updated date, number of aggregate codes among the rows with values
FILES = [
    (RECEIVED_05, "BX.TRF.PWKR.CD.DT", 9497, date(2023, 5, 10), 48),
    (
        "wdi/excel_2023-05/personal-remittances-paid.xls",
        "BM.TRF.PWKR.CD.DT",
        8987,
        date(2023, 5, 10),
        48,
    ),
    (PCT_GDP, "BX.TRF.PWKR.DT.GD.ZS", 8602, date(2023, 5, 10), 48),
    (COST_FROM, "SI.RMT.COST.OB.ZS", 394, date(2023, 5, 10), 0),
    (COST_TO, "SI.RMT.COST.IB.ZS", 956, date(2023, 5, 10), 0),
    (RECEIVED_10, "BX.TRF.PWKR.CD.DT", 9478, date(2023, 10, 26), 48),
    (
        "wdi/excel_2023-10/API_SM.POP.REFG.OR_DS2_en_excel_v2_5997665.xls",
        "SM.POP.REFG.OR",
        8215,
        date(2023, 10, 26),
        48,
    ),
    (CSV, "BM.TRF.PWKR.CD.DT", 8581, date(2021, 9, 15), 48),
]


def _one(df: pl.DataFrame, code: str, year: int) -> pl.DataFrame:
    return df.filter((pl.col("country_code") == code) & (pl.col("year") == year))


@pytest.mark.parametrize(("rel", "indicator", "rows", "updated", "n_agg"), FILES)
def test_every_real_file(rel: str, indicator: str, rows: int, updated: date, n_agg: int) -> None:
    df = wdi.parse(require_shared(rel))
    assert df.schema == pl.Schema(WB_INDICATORS)
    assert df.height == rows
    assert df["indicator_code"].unique().to_list() == [indicator]
    assert df["last_updated"].unique().to_list() == [updated]
    assert df["origin"].unique().to_list() == ["wdi-bulk"]
    assert df["source_file"].unique().to_list() == [Path(rel).name]
    assert df["value"].null_count() == 0  # empty cells are left out
    assert df.filter(pl.col("is_aggregate"))["country_code"].n_unique() == n_agg
    assert df.select("country_code", "year").is_duplicated().sum() == 0


def test_values_read_by_hand() -> None:
    received = wdi.parse(require_shared(RECEIVED_05))
    assert _one(received, "KEN", 2022)["value"].to_list() == [4091000000.0]  # row 126, col BO
    assert _one(received, "WLD", 2022)["value"].to_list() == [762551169386.5067]  # row 264
    newer = wdi.parse(require_shared(RECEIVED_10))
    assert _one(newer, "KEN", 2022)["value"].to_list() == [4059710201.31198]  # revised in 2023-10
    cost_to = wdi.parse(require_shared(COST_TO))
    ken = _one(cost_to, "KEN", 2020)
    assert ken["value"].to_list() == [8.448205]  # row 126, col BM
    assert ken["indicator_name"].to_list() == [
        "Average transaction cost of sending remittances to a specific country (%)"
    ]
    assert _one(cost_to, "XKX", 2019)["value"].to_list() == [7.08605]  # Kosovo, row 266
    assert _one(wdi.parse(require_shared(COST_FROM)), "USA", 2020)["value"].to_list() == [5.140987]
    pct = wdi.parse(require_shared(PCT_GDP))
    assert _one(pct, "SSF", 2021)["value"].to_list() == [2.5779264330737366]  # row 222, col BN
    csv = wdi.parse(require_shared(CSV))
    assert _one(csv, "KEN", 2019)["value"].to_list() == [2563928.55203916]
    assert _one(csv, "KEN", 2020).height == 0  # "" in the file: not published
    assert _one(csv, "WLD", 2020)["value"].to_list() == [384748760796.524]


def test_aggregates_flagged() -> None:
    df = wdi.parse(require_shared(RECEIVED_05))
    flags = dict(df.select("country_code", "is_aggregate").unique().iter_rows())
    assert flags["WLD"] is True and flags["SSF"] is True and flags["HIC"] is True
    assert flags["KEN"] is False and flags["XKX"] is False and flags["MEX"] is False


def test_csv_without_metadata_uses_the_code_rule_and_agrees_with_the_xls_sheet() -> None:
    # The lone CSV has no Metadata_Country file: pycountry + XKX/CHI decide. The XLS of the
    # same indicator decides from its 'Metadata - Countries' sheet. Both must flag the same codes.
    from_csv = wdi.parse(require_shared(CSV)).filter(pl.col("is_aggregate"))
    from_xls = wdi.parse(require_shared(PAID_05))
    agg_xls = set(from_xls.filter(pl.col("is_aggregate"))["country_code"])
    assert set(from_csv["country_code"]) == agg_xls
    assert {"WLD", "SSF", "EUU", "LMY"} <= agg_xls


def test_csv_reads_the_sibling_metadata_country_file(tmp_path: Path) -> None:
    data = _csv_copy(tmp_path, lambda s: s)
    # A made-up metadata file with Kenya's Region blank: proves the file is read, not guessed.
    (tmp_path / f"Metadata_Country_{data.name}").write_text(
        '\ufeff"Country Code","Region","IncomeGroup","SpecialNotes","TableName",\n'
        '"KEN","","Lower middle income","","Kenya",\n'
        '"WLD","","","","World",\n',
        encoding="utf-8",
    )
    flags = dict(wdi.parse(data).select("country_code", "is_aggregate").unique().iter_rows())
    assert flags["KEN"] is True  # from the file
    assert flags["WLD"] is True
    assert flags["UGA"] is False  # not listed there: the code rule decides


@pytest.mark.parametrize(
    ("code", "aggregate"),
    [("KEN", False), ("XKX", False), ("CHI", False), ("WLD", True), ("SSF", True), ("", True)],
)
def test_is_aggregate_code(code: str, aggregate: bool) -> None:
    assert areas.is_aggregate_code(code) is aggregate


def test_clean_keeps_the_latest_release_and_ignores_repeated_files() -> None:
    old, new = wdi.parse(require_shared(RECEIVED_05)), wdi.parse(require_shared(RECEIVED_10))
    clean = wdi.clean(pl.concat([old, new, old]))
    ken = _one(clean, "KEN", 2022)
    assert ken["value"].to_list() == [4059710201.31198]
    assert ken["last_updated"].to_list() == [date(2023, 10, 26)]
    assert clean.select("country_code", "indicator_code", "year").is_duplicated().sum() == 0
    # a value only the older release has stays (union of both, newest wins per cell)
    keys = pl.concat([old, new]).select("country_code", "year").unique().height
    assert clean.height == keys


def _csv_copy(tmp_path: Path, transform) -> Path:  # type: ignore[no-untyped-def]
    src = require_shared(CSV).read_text(encoding="utf-8-sig")
    dest = tmp_path / Path(CSV).name
    dest.write_text(transform(src), encoding="utf-8-sig")
    return dest


def test_truncated_xls_is_a_parse_error_naming_the_file(tmp_path: Path) -> None:
    data = require_shared(COST_TO).read_bytes()
    bad = tmp_path / "sending-cost-to-country.xls"
    bad.write_bytes(data[: len(data) // 3])
    with pytest.raises(ParseError) as err:
        wdi.parse(bad)
    assert str(bad) in str(err.value)
    assert "not a readable .xls workbook" in str(err.value)


def test_csv_without_header_is_a_parse_error(tmp_path: Path) -> None:
    bad = _csv_copy(tmp_path, lambda s: s.replace('"Country Name","Country Code",', '"x","y",', 1))
    with pytest.raises(ParseError, match="no header row starting with 'Country Name'") as err:
        wdi.parse(bad)
    assert bad.name in str(err.value)


def test_csv_cut_mid_row_is_a_parse_error_with_the_row(tmp_path: Path) -> None:
    bad = _csv_copy(tmp_path, lambda s: s[: s.index('"Kenya","KEN"') + 60])
    with pytest.raises(
        ParseError, match=r"row 127: row has 4 cells, expected at least 65.*download it again"
    ):
        wdi.parse(bad)


def test_text_in_a_value_cell_names_row_column_and_value(tmp_path: Path) -> None:
    bad = _csv_copy(tmp_path, lambda s: s.replace('"2563928.55203916"', '"n/a"'))
    with pytest.raises(ParseError) as err:
        wdi.parse(bad)
    assert err.value.row == 127 and err.value.column == "2019" and err.value.value == "n/a"


def test_missing_last_updated_date_is_a_parse_error(tmp_path: Path) -> None:
    bad = _csv_copy(tmp_path, lambda s: s.replace('"Last Updated Date","2021-09-15"', ""))
    with pytest.raises(ParseError, match="no 'Last Updated Date'"):
        wdi.parse(bad)


def _zip_of(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(f"Metadata_Country_{name}", b"ignored")
        zf.writestr(name, data)
    return buf.getvalue()


def test_fetch_downloads_plain_and_zipped_workbooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xls = {code: require_shared(rel).read_bytes() for rel, code, *_ in FILES[:7]}
    # No SM.POP.TOTL workbook is among the shared files: the refugees one stands in for it.
    xls["SM.POP.TOTL"] = xls["SM.POP.REFG.OR"]
    ib_name = "API_SI.RMT.COST.IB.ZS_DS2_en_excel_v2_1.xls"
    routes = {
        "/v2/en/indicator/SI.RMT.COST.IB.ZS": Reply(
            body=_zip_of(ib_name, xls["SI.RMT.COST.IB.ZS"]), content_type="application/zip"
        ),
        **{
            f"/v2/en/indicator/{code}?downloadformat=excel": Reply(
                body=xls[code], content_type="application/vnd.ms-excel"
            )
            for code in wdi.INDICATORS[1:]
        },
    }
    with serve(routes) as srv:
        monkeypatch.setenv("M_E_WB_API_URL", srv.url + "/v2/")
        items = wdi.fetch(make_session(Settings(retries=0, backoff_s=0.0)), tmp_path)
        assert srv.count() == len(wdi.INDICATORS)
    names = [d.name for d in items]
    assert names[0] == ib_name  # the member name of the zip
    assert names[1] == "API_SI.RMT.COST.OB.ZS_DS2_en_excel_v2.xls"
    assert items[0].url.endswith("/v2/en/indicator/SI.RMT.COST.IB.ZS?downloadformat=excel")
    ib = wdi.parse(items[0].tmp_path)
    assert _one(ib, "KEN", 2020)["value"].to_list() == [8.448205]
    assert items[1].tmp_path.read_bytes() == xls["SI.RMT.COST.OB.ZS"]
    # only the results are left (one per indicator): the zip was removed after extraction
    assert set(tmp_path.iterdir()) == {d.tmp_path for d in items}


def test_fetch_rejects_a_reply_that_is_not_excel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Reply(body=b"<html><body>Maintenance</body></html>", content_type="text/html")
    with serve({"/v2/en/indicator/SI.RMT.COST.IB.ZS": page}) as srv:
        monkeypatch.setenv("M_E_WB_API_URL", srv.url + "/v2/")
        with pytest.raises(SourceFetchError, match="not an Excel file"):
            wdi.fetch(make_session(Settings(retries=0, backoff_s=0.0)), tmp_path)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/wdi: hand-written excerpts in the layout of the published files.


Row = tuple[str, str, bool, str, str, int, float]


def _wdi_frame(rows: list[Row], updated: date, file: str) -> pl.DataFrame:
    """The expected parse output, WB_INDICATORS columns, from literal rows."""
    cols = ["country_code", "country_name", "is_aggregate", "indicator_code", "indicator_name"]
    return pl.DataFrame(
        {
            **{c: [r[i] for r in rows] for i, c in enumerate(cols)},
            "year": [r[5] for r in rows],
            "value": [r[6] for r in rows],
            "last_updated": [updated] * len(rows),
            "origin": ["wdi-bulk"] * len(rows),
            "source_file": [file] * len(rows),
        },
        schema=WB_INDICATORS,
    )


COST_NAME = "Average transaction cost of sending remittances to a specific country (%)"
PAID_NAME = "Personal remittances, paid (current US$)"
FIX_XLS = "wdi/sending-cost-to-country.xls"
FIX_CSV = "wdi/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_fixture.csv"


def test_fixture_xls_parsed_cell_for_cell() -> None:
    # AFE and WLD have no value at all (no rows); the Excel-serial date gives the vintage.
    expected = _wdi_frame(
        [
            ("KEN", "Kenya", False, "SI.RMT.COST.IB.ZS", COST_NAME, 2019, 9.084563),
            ("KEN", "Kenya", False, "SI.RMT.COST.IB.ZS", COST_NAME, 2020, 8.448205),
            ("XKX", "Kosovo", False, "SI.RMT.COST.IB.ZS", COST_NAME, 2019, 7.08605),
            ("MEX", "Mexico", False, "SI.RMT.COST.IB.ZS", COST_NAME, 2020, 4.5183325),
        ],
        date(2023, 5, 10),
        "sending-cost-to-country.xls",
    )
    assert_frame_equal(wdi.parse(raw_fixture(FIX_XLS)), expected)


def test_fixture_csv_parsed_cell_for_cell() -> None:
    # KEN 2020 is "" (not published: no row); INX has no value; no metadata file: code rule.
    expected = _wdi_frame(
        [
            ("KEN", "Kenya", False, "BM.TRF.PWKR.CD.DT", PAID_NAME, 2018, 7663223.743),
            ("KEN", "Kenya", False, "BM.TRF.PWKR.CD.DT", PAID_NAME, 2019, 2563928.55203916),
            ("XKX", "Kosovo", False, "BM.TRF.PWKR.CD.DT", PAID_NAME, 2020, 77043765.3005464),
            ("WLD", "World", True, "BM.TRF.PWKR.CD.DT", PAID_NAME, 2019, 376512335000.12),
            ("WLD", "World", True, "BM.TRF.PWKR.CD.DT", PAID_NAME, 2020, 384748760796.524),
            (
                "SSF",
                "Sub-Saharan Africa",
                True,
                "BM.TRF.PWKR.CD.DT",
                PAID_NAME,
                2020,
                4283476547.7323,
            ),
        ],
        date(2021, 9, 15),
        Path(FIX_CSV).name,
    )
    assert_frame_equal(wdi.parse(raw_fixture(FIX_CSV)), expected)


def test_fixture_clean_sorts_and_keeps_the_latest_release() -> None:
    xls, csv = wdi.parse(raw_fixture(FIX_XLS)), wdi.parse(raw_fixture(FIX_CSV))
    # the same cell in an older release: KEN 2020 at 9.9 dated 2020-01-01 must lose
    older = xls.filter(pl.col("country_code") == "KEN").with_columns(
        value=pl.lit(9.9), last_updated=pl.lit(date(2020, 1, 1))
    )
    clean = wdi.clean(pl.concat([older, csv, xls]))
    got = clean.select("indicator_code", "country_code", "year", "value")
    expected = pl.DataFrame(
        {
            "indicator_code": ["BM.TRF.PWKR.CD.DT"] * 6 + ["SI.RMT.COST.IB.ZS"] * 4,
            "country_code": ["KEN", "KEN", "SSF", "WLD", "WLD", "XKX", "KEN", "KEN", "MEX", "XKX"],
            "year": [2018, 2019, 2020, 2019, 2020, 2020, 2019, 2020, 2020, 2019],
            "value": [
                7663223.743,
                2563928.55203916,
                4283476547.7323,
                376512335000.12,
                384748760796.524,
                77043765.3005464,
                9.084563,
                8.448205,
                4.5183325,
                7.08605,
            ],
        },
        schema={
            "indicator_code": pl.String,
            "country_code": pl.String,
            "year": pl.Int64,
            "value": pl.Float64,
        },
    )
    assert_frame_equal(got, expected, check_dtypes=False)


@pytest.mark.parametrize(
    ("rel", "row", "column", "value", "problem"),
    [
        (
            "wdi/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_with_problems_text_value.csv",
            6,
            "2019",
            "n/a",
            "expected a number or an empty cell",
        ),
        (
            "wdi/sending-cost-to-country_with_problems_text_value.xls",
            8,
            "2020",
            "4,52",
            "expected a number or an empty cell",
        ),
        (
            "wdi/API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_with_problems_truncated.csv",
            7,
            None,
            None,
            "row has 3 cells, expected at least 65",
        ),
    ],
)
def test_fixture_problems_name_file_row_column_value(
    rel: str, row: int, column: str | None, value: str | None, problem: str
) -> None:
    path = raw_fixture(rel)
    with pytest.raises(ParseError) as err:
        wdi.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_fixture_xls_without_data_sheet_is_a_parse_error() -> None:
    path = raw_fixture("wdi/sending-cost-to-country_with_problems_no_data_sheet.xls")
    with pytest.raises(
        ParseError, match=r"no sheet 'Data' \(sheets: Sheet1, Metadata - Countries\)"
    ):
        wdi.parse(path)

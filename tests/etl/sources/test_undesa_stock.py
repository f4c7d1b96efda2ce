"""UN DESA International Migrant Stock 2020 / 2019 workbooks: real files and small fakes."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import requests
import requests.adapters
from polars.testing import assert_frame_equal

from core.errors import ParseError
from etl.sources import undesa_regions, undesa_stock
from tests.conftest import raw_fixture, require_shared

UNDESA = "migrant_stock/undesa/"
FILES = (
    "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx",
    "UN_MigrantStockTotal_2019.xlsx",
    "aggregates_correspondence_table_2020_1.xlsx",
)


@pytest.fixture(scope="module")
def parsed() -> pl.DataFrame:
    frames = [undesa_stock.parse(require_shared(UNDESA + f)) for f in FILES]
    return pl.concat(frames, how="diagonal_relaxed")


@pytest.fixture(scope="module")
def stock(parsed: pl.DataFrame) -> pl.DataFrame:
    return undesa_stock.clean(parsed)


def _value(df: pl.DataFrame, edition: str, measure: str, m49: int, year: int, sex: str = "_T"):
    [row] = df.filter(
        (pl.col("edition") == edition)
        & (pl.col("measure") == measure)
        & (pl.col("m49") == m49)
        & (pl.col("year") == year)
        & (pl.col("sex") == sex)
    ).to_dicts()
    return row


def test_row_counts(stock: pl.DataFrame) -> None:
    # 2020: 282 distinct codes per destination table (283 rows, 927 twice), 283 by origin
    # (adds OTHER); 7 years; refugees both sexes only. 2019: 278 codes (283 rows, 4 section
    # headings, 909 twice).
    counts = {
        (e, m, s): n for e, m, s, n in stock.group_by("edition", "measure", "sex").len().iter_rows()
    }
    for sex in ("_T", "M", "F"):
        assert counts["2020", "stock_destination", sex] == 282 * 7
        assert counts["2020", "stock_origin", sex] == 283 * 7
        assert counts["2020", "population_thousands", sex] == 282 * 7
        assert counts["2019", "pct_of_population", sex] == 278 * 7
    assert counts["2020", "refugees", "_T"] == 282 * 7
    assert ("2020", "refugees", "F") not in counts
    assert stock.height == 45_143
    assert stock.schema == pl.Schema(undesa_stock.SCHEMA)


def test_country_counts(stock: pl.DataFrame) -> None:
    countries = stock.filter(pl.col("is_country")).group_by("edition").agg(pl.col("m49").n_unique())
    # 2019 lacks Taiwan Province of China, Saint Barthélemy and Saint Martin (French part).
    assert dict(countries.iter_rows()) == {"2020": 235, "2019": 232}
    assert stock.filter(pl.col("is_country") & pl.col("iso3").is_null()).is_empty()


def test_values_read_by_hand(stock: pl.DataFrame) -> None:
    # Destination workbook, row 40 (Kenya), and row 12 (WORLD).
    assert _value(stock, "2020", "stock_destination", 404, 2020)["value"] == 1_050_147
    assert _value(stock, "2020", "stock_destination", 404, 2020, "F")["value"] == 520_172
    assert _value(stock, "2020", "stock_destination", 404, 2020, "M")["value"] == 529_975
    assert _value(stock, "2020", "population_thousands", 404, 2020)["value"] == 53_771.3
    assert _value(stock, "2020", "pct_of_population", 404, 2020)["value"] == pytest.approx(
        1.95298793
    )
    assert _value(stock, "2020", "refugees", 404, 2020)["value"] == 489_747
    world = _value(stock, "2020", "stock_destination", 900, 2020)
    assert (world["value"], world["iso3"], world["is_country"]) == (280_598_105, None, False)
    assert _value(stock, "2020", "stock_origin", 900, 2020)["value"] == 280_598_105
    # IMS 2019, Table 1 row 45 (Kenya) and row 17 (WORLD).
    assert _value(stock, "2019", "stock_destination", 404, 2019)["value"] == 1_044_854
    assert _value(stock, "2019", "stock_destination", 900, 2019)["value"] == 271_642_105


def test_traceability_columns(stock: pl.DataFrame) -> None:
    kenya = _value(stock, "2020", "stock_destination", 404, 2020, "F")
    assert kenya | {"value": None} == {
        "m49": 404,
        "iso3": "KEN",
        "area_name": "Kenya",
        "is_country": True,
        "measure": "stock_destination",
        "sex": "F",
        "year": 2020,
        "value": None,
        "value_flag": None,
        "type_of_data": "B R",
        "notes": None,
        "edition": "2020",
        "source_file": FILES[0],
        "sheet": "Table 1",
        "sheet_row": 40,
    }


@pytest.mark.parametrize(
    ("edition", "name"),
    [("2020", "WORLD"), ("2020", "Sub-Saharan Africa"), ("2020", "Least developed countries"),
     ("2020", "OTHER"), ("2019", "EUROPE"), ("2019", "No income group available")],
)  # fmt: skip
def test_aggregates_are_never_countries(stock: pl.DataFrame, edition: str, name: str) -> None:
    rows = stock.filter((pl.col("edition") == edition) & (pl.col("area_name") == name))
    assert rows.height > 0
    assert rows["is_country"].unique().to_list() == [False]
    assert rows["iso3"].null_count() == rows.height


def test_published_markers_become_null_with_a_flag(stock: pl.DataFrame) -> None:
    # ".." : South Sudan 1990 (its estimates to 2005 refer to Sudan); "~" : Comoros refugees.
    south_sudan = _value(stock, "2020", "stock_destination", 728, 1990)
    assert (south_sudan["value"], south_sudan["value_flag"]) == (None, "not_available")
    comoros = _value(stock, "2020", "refugees", 174, 1990)
    assert (comoros["value"], comoros["value_flag"]) == (None, "suppressed_under_5")


def test_repeated_aggregate_listed_once(stock: pl.DataFrame) -> None:
    anz = _value(stock, "2020", "stock_destination", 927, 2020)  # rows 19 and 268 agree
    assert (anz["value"], anz["sheet_row"]) == (9_067_584, 19)


def test_repeat_with_different_numbers_is_an_error(parsed: pl.DataFrame) -> None:
    changed = parsed.with_columns(
        value=pl.when((pl.col("m49") == 927) & (pl.col("sheet_row") == 268))
        .then(pl.col("value") + 1)
        .otherwise(pl.col("value"))
    )
    with pytest.raises(ParseError, match=r"given twice with different numbers.*M49 927"):
        undesa_stock.clean(changed)


def test_snapshot_without_annex_is_an_error(parsed: pl.DataFrame) -> None:
    with pytest.raises(ParseError, match="no correspondence table"):
        undesa_stock.clean(parsed.filter(pl.col("kind") == "stock"))


def test_snapshot_with_only_the_annex_is_an_error(parsed: pl.DataFrame) -> None:
    with pytest.raises(ParseError, match="no IMS stock workbook"):
        undesa_stock.clean(parsed.filter(pl.col("kind") == "correspondence"))


def test_country_code_unknown_to_the_annex_is_an_error(parsed: pl.DataFrame) -> None:
    renumbered = parsed.with_columns(
        m49=pl.when((pl.col("kind") == "stock") & (pl.col("m49") == 404))
        .then(405)
        .otherwise(pl.col("m49"))
    )
    with pytest.raises(ParseError, match=r"1 country code\(s\) are not in .*Kenya \(405\)"):
        undesa_stock.clean(renumbered)


def _tiny_workbook(path: Path, female_2020: object, female_title: str = "females") -> Path:
    """A two-area IMS 2020-style Table 1 (title rows, titles on row 8, header on row 11)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Table 1"
    ws["E2"] = "International Migrant Stock 2020: Destination"
    ws["E3"] = "Table 1: International migrant stock ... country or area of destination"
    ws["E4"] = "POP/DB/MIG/Stock/Rev.2020"
    ws["F8"] = "International migrant stock at mid-year, both sexes combined"
    ws["H8"] = f"International migrant stock at mid-year, {female_title}"
    header = ["Index", "Region, development group, country or area", "Notes", "Location code"]
    ws.append([])  # rows 9-10 stay blank; append writes row 9 onwards
    ws.append([])
    ws.append([*header, "Type of data", 1990, 2020, 1990, 2020])
    ws.append([1, "WORLD", None, 900, "", 100, 200, 50, 90])
    ws.append([2, "   Kenya*", 7, 404, "CR ", 10, "..", "~", female_2020])
    wb.save(path)
    return path


def test_tiny_workbook_layout(tmp_path: Path) -> None:
    df = undesa_stock.parse(_tiny_workbook(tmp_path / "t.xlsx", 5))
    kenya = df.filter(pl.col("m49") == 404).sort("sex", "year")
    assert kenya.select("sex", "year", "value", "value_flag").rows() == [
        ("F", 1990, None, "suppressed_under_5"),
        ("F", 2020, 5.0, None),
        ("_T", 1990, 10.0, None),
        ("_T", 2020, None, "not_available"),
    ]
    assert kenya["area_name"].unique().to_list() == ["Kenya"]
    assert kenya.select("type_of_data", "notes", "sheet_row", "edition").unique().rows() == [
        ("C R", "7", 13, "2020")
    ]


def test_unknown_text_in_a_value_cell(tmp_path: Path) -> None:
    with pytest.raises(
        ParseError, match=r"\[Table 1\], row 13, column 'stock_destination F 2020', value 'n/a'"
    ):
        undesa_stock.parse(_tiny_workbook(tmp_path / "t.xlsx", "n/a"))


def test_block_without_sex_is_an_error(tmp_path: Path) -> None:
    path = _tiny_workbook(tmp_path / "t.xlsx", 5, female_title="all persons")
    with pytest.raises(ParseError, match=r"\[Table 1\], row 11.*cannot tell .* sex"):
        undesa_stock.parse(path)


def test_numbers_without_a_location_code_are_an_error(tmp_path: Path) -> None:
    path = _tiny_workbook(tmp_path / "t.xlsx", 5)
    wb = openpyxl.load_workbook(path)
    wb["Table 1"]["D13"] = None  # Kenya's code
    wb.save(path)
    with pytest.raises(ParseError, match=r"row 13: a row with numbers has no location code"):
        undesa_stock.parse(path)


class _EchoAdapter(requests.adapters.BaseAdapter):
    """Answers every GET with its own URL as the body; records the URLs (no network)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def send(  # type: ignore[override]  # only the request matters here
        self, request: requests.PreparedRequest, *args: object, **kwargs: object
    ) -> requests.Response:
        url = str(request.url)
        self.urls.append(url)
        resp = requests.Response()
        resp.status_code, resp.url, resp.request = 200, url, request
        resp.raw = io.BytesIO(url.encode())
        resp.headers["Content-Length"] = str(len(url.encode()))
        return resp

    def close(self) -> None:
        """Nothing to release."""


def test_fetch_downloads_the_three_2020_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(undesa_regions.BASE_URL_ENV, "http://mirror.example/ims/")
    adapter, session = _EchoAdapter(), requests.Session()
    session.mount("http://", adapter)
    got = undesa_stock.fetch(session, tmp_path)
    assert [d.name for d in got] == list(undesa_stock.FILES_2020)
    assert adapter.urls == [f"http://mirror.example/ims/{n}" for n in undesa_stock.FILES_2020]
    assert got[0].tmp_path.read_bytes() == adapter.urls[0].encode()


# ---------------------------------------------------------------- offline: in-repo fixtures
# tests/fixtures/raw/undesa: hand-typed excerpts of the IMS 2020 destination (Tables 1 and 6)
# and origin (Table 1) workbooks and of the annex, in the published layout.

DEST_FIX = "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
ORIGIN_FIX = "undesa/undesa_pd_2020_ims_stock_by_sex_and_origin.xlsx"
ANNEX_FIX = "undesa/aggregates_correspondence_table_2020_1.xlsx"


def _fixture_snapshot(*names: str) -> pl.DataFrame:
    frames = [undesa_stock.parse(raw_fixture(n)) for n in (ANNEX_FIX, *names)]
    return pl.concat(frames, how="diagonal_relaxed")


def test_fixture_destination_and_origin_cleaned_cell_for_cell_in_2020() -> None:
    clean = undesa_stock.clean(_fixture_snapshot(DEST_FIX, ORIGIN_FIX))
    # 3 areas x 21 cells (Table 1 dest.) + 2 x 7 (Table 6: the % and rate blocks are skipped)
    # + 3 x 21 (Table 1 origin)
    assert clean.height == 63 + 14 + 63
    dest, origin = Path(DEST_FIX).name, Path(ORIGIN_FIX).name
    wlf = "Wallis and Futuna Islands"

    def cell(
        m49: int,
        iso3: str | None,
        name: str,
        measure: str,
        sex: str,
        value: float | None,
        row: int,
        flag: str | None = None,
        notes: str | None = None,
    ) -> tuple:
        """One expected 2020 cell; type of data 'B R' on destination country rows."""
        file = origin if measure == "stock_origin" else dest
        tod = "B R" if iso3 and measure != "stock_origin" else None
        sheet = "Table 6" if measure == "refugees" else "Table 1"
        return (
            m49,
            iso3,
            name,
            iso3 is not None,
            measure,
            sex,
            value,
            flag,
            tod,
            notes,
            file,
            sheet,
            row,
        )

    # fmt: off
    rows = [
        cell(404, "KEN", "Kenya", "refugees", "_T", 489747.0, 12),
        cell(876, "WLF", wlf, "refugees", "_T", None, 13, flag="suppressed_under_5"),  # "~"
    ]
    for sex, (world, ken, wal) in (("F", (134942261, 520172, 1010)),
                                   ("M", (145655844, 529975, 1030)),
                                   ("_T", (280598105, 1050147, 2040))):
        rows += [
            cell(900, None, "WORLD", "stock_destination", sex, world, 12),
            cell(404, "KEN", "Kenya", "stock_destination", sex, ken, 13),
            cell(876, "WLF", wlf, "stock_destination", sex, wal, 14, notes="41"),
        ]
    for sex, (ken, som, other) in (("F", (282589, 969435, 6123953)),
                                   ("M", (252759, 1064786, 6533198)),
                                   ("_T", (535348, 2034221, 12657151))):
        rows += [
            cell(404, "KEN", "Kenya", "stock_origin", sex, ken, 12),
            cell(706, "SOM", "Somalia", "stock_origin", sex, som, 13),
            # "OTHER" (2003, unknown origin) is not in the annex: an aggregate
            cell(2003, None, "OTHER", "stock_origin", sex, other, 14),
        ]
    # fmt: on
    cols = ["m49", "iso3", "area_name", "is_country", "measure", "sex", "value", "value_flag"]
    cols += ["type_of_data", "notes", "source_file", "sheet", "sheet_row"]
    expected = pl.DataFrame(
        {c: [r[i] for r in rows] for i, c in enumerate(cols)}, strict=False
    ).with_columns(year=pl.lit(2020), edition=pl.lit("2020"))
    expected = expected.select(pl.col(c).cast(t) for c, t in undesa_stock.SCHEMA.items())
    assert_frame_equal(clean.filter(pl.col("year") == 2020), expected)
    kenya_1990 = clean.filter(
        (pl.col("m49") == 404) & (pl.col("year") == 1990) & (pl.col("sex") == "_T")
    ).sort("measure")
    assert kenya_1990.select("measure", "value").rows() == [
        ("refugees", 14249.0),
        ("stock_destination", 298089.0),
        ("stock_origin", 250332.0),
    ]


def test_fixture_text_value_names_sheet_row_block_and_value() -> None:
    path = raw_fixture(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_text_value.xlsx"
    )
    with pytest.raises(ParseError) as err:
        undesa_stock.parse(path)
    assert err.value.path == f"{path} [Table 1]"
    assert (err.value.row, err.value.column, err.value.value) == (
        13,
        "stock_destination _T 2020",
        "1 050 147",
    )


def test_fixture_code_missing_from_the_annex_stops_clean() -> None:
    snapshot = _fixture_snapshot(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_unknown_code.xlsx"
    )
    with pytest.raises(
        ParseError,
        match=r"1 country code\(s\) are not in the correspondence "
        r"table: Kenya \(405\)",
    ) as err:
        undesa_stock.clean(snapshot)
    assert "with_problems_unknown_code.xlsx" in str(err.value)


def test_fixture_without_annex_or_table_sheets() -> None:
    stock_only = undesa_stock.parse(raw_fixture(DEST_FIX))
    with pytest.raises(ParseError, match="the snapshot has no correspondence table"):
        undesa_stock.clean(stock_only)
    path = raw_fixture(
        "undesa/undesa_pd_2020_ims_stock_by_sex_and_destination_with_problems_no_table_sheet.xlsx"
    )
    with pytest.raises(ParseError, match=r"no 'Table N' sheets \(sheets: Data Table of contents"):
        undesa_stock.parse(path)


def test_fixture_2019_edition_layout() -> None:
    # UN_MigrantStockTotal_2019.xlsx: "Code" column, block titles on the header row and years
    # on the next, a heading row without code ("UN development groups", values ".."), EUROPE
    # (917) not in the 2020 annex: an aggregate; Table 2 is population in thousands.
    clean = undesa_stock.clean(_fixture_snapshot("undesa/UN_MigrantStockTotal_2019.xlsx"))
    assert clean.height == 4 * 21 + 2 * 21
    assert set(clean["edition"]) == {"2019"}
    mdr = "More developed regions"
    cols = ["m49", "iso3", "area_name", "is_country", "measure", "value", "notes", "sheet"]
    got = clean.filter((pl.col("year") == 2019) & (pl.col("sex") == "_T"))
    got = got.select(*cols, "sheet_row")
    assert got.rows() == [
        (900, None, "WORLD", False, "population_thousands", 7713468.1, None, "Table 2", 17),
        (404, "KEN", "Kenya", True, "population_thousands", 52573.973, None, "Table 2", 19),
        (900, None, "WORLD", False, "stock_destination", 271642105.0, None, "Table 1", 17),
        (901, None, mdr, False, "stock_destination", 152069261.0, "b", "Table 1", 19),
        (404, "KEN", "Kenya", True, "stock_destination", 1044854.0, None, "Table 1", 20),
        (917, None, "EUROPE", False, "stock_destination", 82304539.0, None, "Table 1", 21),
    ]

"""Reading uploads: encodings, separators, Excel sheets, row numbers, rejections, detection."""

from __future__ import annotations

import io

import openpyxl
import pytest

from core.templates import TEMPLATES
from etl.uploads.read import ROW, UploadError, decode, detect_template, read_upload
from etl.uploads.template_files import template_csv

TEXT = "ref_area;answer_text\nCIV;Côte d'Ivoire accord\nKEN;€ 20 fee\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(raw: bytes, encoding: str) -> None:
    t = read_upload(raw, "f.csv", max_bytes=10_000)
    assert t.encoding == encoding and t.separator == ";"
    assert t.columns == ["ref_area", "answer_text"]
    assert t.df["answer_text"].to_list() == ["Côte d'Ivoire accord", "€ 20 fee"]
    assert encoding in t.describe() and "semicolon" in t.describe()


def test_decode_utf16_without_bom() -> None:
    assert decode("a,b\n1,2\n".encode("utf-16-le")) == ("a,b\n1,2\n", "utf-16-le")


@pytest.mark.parametrize(("sep", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_separators(sep: str, name: str) -> None:
    data = f'a{sep}b{sep}c\n1{sep}"x{sep}y"{sep}3\n'.encode()
    t = read_upload(data, "f.csv", max_bytes=1000)
    assert t.separator == sep and t.df.row(0) == (2, "1", f"x{sep}y", "3")


def test_row_numbers_survive_blank_lines_and_are_1_based() -> None:
    t = read_upload(b"a,b\n1,2\n\n,\n3,4\n", "f.csv", max_bytes=1000)
    assert t.df[ROW].to_list() == [2, 5]  # header = row 1; blank and all-empty rows dropped
    assert t.df["a"].to_list() == ["1", "3"]


def test_cells_are_trimmed_strings() -> None:
    t = read_upload(b" a , b\n 007 , 1.50 \n", "f.csv", max_bytes=1000)
    assert t.columns == ["a", "b"] and t.df.row(0) == (2, "007", "1.50")


def test_excel_picks_the_template_sheet_and_reads_text() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "notes"
    ws.append(["read me"])
    data = wb.create_sheet("data")
    data.append(["ref_area", "time_period", "value"])
    data.append(["KEN", 2021, 1200.5])
    data.append([None, None, None])
    data.append(["UGA", "2022", 3])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_upload(buf.getvalue(), "upload.xlsx", max_bytes=10**6)
    assert t.sheet == "data" and t.file_format == "xlsx"
    assert t.df.rows() == [(2, "KEN", "2021", "1200.5"), (4, "UGA", "2022", "3")]


def test_excel_first_sheet_when_no_template_sheet() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["x"])
    ws.append(["1"])
    buf = io.BytesIO()
    wb.save(buf)
    assert read_upload(buf.getvalue(), "a.xlsx", max_bytes=10**6).sheet == "Sheet1"


@pytest.mark.parametrize(
    ("data", "rule", "text"),
    [
        (b"", "empty", "the file is empty"),
        (b"\xef\xbb\xbf \n", "empty", "the file is empty"),
        (b"a,b\n", "empty", "header but no data rows"),
        (b"a,b\n" + b"1,2\n" * 100, "too_large", "above the 0.0 MB limit"),
        (b"a,a\n1,2\n", "duplicate_column", "column 2 repeats the header 'a'"),
        (b"PK\x03\x04garbage", "not_a_table", "cannot be opened as a workbook"),
    ],
)
def test_rejections(data: bytes, rule: str, text: str) -> None:
    with pytest.raises(UploadError) as exc:
        read_upload(data, "f.csv", max_bytes=50)
    assert exc.value.rule == rule and text in str(exc.value) and str(exc.value).startswith("f.csv:")


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_detect_every_template(name: str) -> None:
    header = template_csv(name).decode().splitlines()[0].split(",")
    assert detect_template(header) == name
    required = [h for h in header if h in TEMPLATES[name].required]  # optional columns may go
    assert detect_template(required) == name


def test_detect_names_closest_template_and_missing_columns() -> None:
    header = template_csv("gfmd_coherence").decode().splitlines()[0].split(",")
    cols = [c for c in header if c != "item_code"] + ["item"]
    with pytest.raises(UploadError) as exc:
        detect_template(cols, "survey.csv")
    msg = str(exc.value)
    assert "closest is 'gfmd_coherence'" in msg
    assert "lacks the required column(s) item_code" in msg and "columns not in it: item" in msg


def test_detect_open_sdg_hint() -> None:
    with pytest.raises(UploadError, match="--open-sdg ISO3"):
        detect_template(["Year", "Series", "Value"], "indicator_10-c-1.csv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_guard_quote_is_kept(fmt: str) -> None:
    """Our exports prefix = + - @ with one quote; reading drops that quote only if the cell
    stays text: a cell that would run as a formula keeps (or gains) one quote."""
    cells = ["'=1+1", "''=x", "'-2 revised", "'@SUM(A1)", "'70s", "-", "a'=b", "'-5"]
    if fmt == "csv":
        cells.insert(7, "=2+2")  # in a workbook this would be a formula cell, read as its value
        data = ("answer_text\n" + "\n".join(cells) + "\n").encode()
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "data"
        for v in ["answer_text", *cells]:
            ws.append([v])
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    t = read_upload(data, f"f.{fmt}", max_bytes=100_000)
    formula = ["'=2+2"] if fmt == "csv" else []
    assert t.df["answer_text"].to_list() == [
        "'=1+1",
        "'=x",
        "'-2 revised",
        "'@SUM(A1)",
        "'70s",
        "'-",
        "a'=b",
        *formula,
        "-5",  # a plain number is not a formula: the export's guard is dropped
    ]


def test_excel_number_cells_keep_every_digit() -> None:
    """calamine gives 9.482758620689655 as '9.482758621': the cell's double is used."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["value", "worker_id"])
    ws.append([9.482758620689655, "0012"])
    ws.append([5e-324, "7"])
    ws.append([116.0, "x"])
    buf = io.BytesIO()
    wb.save(buf)
    t = read_upload(buf.getvalue(), "f.xlsx", max_bytes=100_000)
    assert t.df["value"].to_list() == ["9.482758620689655", "5e-324", "116"]
    assert t.df["worker_id"].to_list() == ["0012", "7", "x"]  # text cells untouched

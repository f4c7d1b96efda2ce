"""Hostile upload files, generated at any scale (tests: small and fast; benchmark: full size).

Each is a real file a contributor could upload: workbooks are real zip packages with the parts
Excel writes (content types, relationships, workbook, one sheet), built directly so that a
million-row sheet takes a second to make, not the minutes openpyxl would need.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable

from etl.uploads.template_files import template_csv

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    b'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def _cell(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def xlsx(rows: Iterable[bytes]) -> bytes:
    """A workbook whose only sheet, `data`, holds the given `<row>` elements."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD)
            for row in rows:
                sheet.write(row)
            sheet.write(_SHEET_TAIL)
    return buf.getvalue()


def xlsx_far_cell(row: int = 1_048_576, column: str = "XFD") -> bytes:
    """A tiny workbook: a header cell at A1 and one cell at the sheet's last row and column."""
    head = b'<row r="1">' + _cell("A1", "indicator_code") + b"</row>"
    far = f'<row r="{row}">'.encode() + _cell(f"{column}{row}", "x") + b"</row>"
    return xlsx([head, far])


def xlsx_row_bomb(rows: int) -> bytes:
    """A header and `rows` rows of one short cell each: megabytes zipped, far more unzipped."""
    head = b'<row r="1">' + _cell("A1", "indicator_code") + b"</row>"
    body = (f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'.encode() for r in range(2, rows + 2))
    return xlsx([head, *body])


def xlsx_wide_extent(rows: int, column: str = "CV") -> bytes:
    """Rows of one cell and one cell far right: the reader fills the whole rectangle."""
    head = b'<row r="1">' + _cell("A1", "indicator_code") + _cell(f"{column}1", "x") + b"</row>"
    body = (f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'.encode() for r in range(2, rows + 2))
    return xlsx([head, *body])


def xlsx_implicit_cells(rows: int, columns: int) -> bytes:
    """Rows of `columns` cells with no r= attribute: their places are implied, not written."""
    head = b'<row r="1">' + _cell("A1", "indicator_code") + b"</row>"
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return xlsx([head, *(row for _ in range(rows))])


def xlsx_zip_bomb(unzipped_mb: int) -> bytes:
    """One sheet padded with `unzipped_mb` MB of repeated XML: a tiny file, a huge part."""
    head = b'<row r="1">' + _cell("A1", "indicator_code") + b"</row>"
    pad = b"<!--" + b"A" * (1 << 20) + b"-->"
    return xlsx([head, *(pad for _ in range(unzipped_mb))])


def csv_many_columns(columns: int) -> bytes:
    """A CSV whose header has `columns` columns and one data row."""
    header = ",".join(f"c{i}" for i in range(columns))
    return (header + "\n" + "1," * (columns - 1) + "1\n").encode()


def csv_huge_cell(chars: int) -> bytes:
    """The indicator_long template CSV with one comment_obs of `chars` characters."""
    lines = template_csv("indicator_long").decode().splitlines()
    cols = lines[0].split(",")
    row = next(csv_rows(lines))
    row[cols.index("comment_obs")] = "x" * chars
    return (lines[0] + "\n" + ",".join(row) + "\n").encode()


def csv_rows(lines: list[str]) -> Iterable[list[str]]:
    """The template's example rows as cells (template cells hold no commas or quotes)."""
    for line in lines[1:]:
        yield line.split(",")


def csv_duplicates(rows: int) -> bytes:
    """The indicator_long template's first example row repeated `rows` times (one key)."""
    lines = template_csv("indicator_long").decode().splitlines()
    return ("\n".join([lines[0]] + [lines[1]] * rows) + "\n").encode()


def csv_many_rows(rows: int) -> bytes:
    """A CSV of `rows` short rows: few bytes each, many records."""
    return b"a,b\n" + b"1,2\n" * rows


HostileFile = tuple[str, Callable[[], bytes]]


def corpus(scale: float = 1.0) -> list[HostileFile]:
    """(file name, maker) per hostile file; scale 1.0 = the sizes of the issue 11 findings."""
    return [
        ("far_cell.xlsx", lambda: xlsx_far_cell()),
        ("row_bomb.xlsx", lambda: xlsx_row_bomb(int(2_000_000 * scale))),
        ("wide_extent.xlsx", lambda: xlsx_wide_extent(int(199_000 * scale))),
        ("widest_allowed.xlsx", lambda: xlsx_wide_extent(int(79_000 * scale))),
        ("ratio_bomb.xlsx", lambda: xlsx_zip_bomb(max(2, int(200 * scale)))),
        ("zip_bomb.xlsx", lambda: xlsx_zip_bomb(max(2, int(1000 * scale)))),
        ("million_columns.csv", lambda: csv_many_columns(int(1_000_000 * scale))),
        ("huge_cell.csv", lambda: csv_huge_cell(int(20_000_000 * scale))),
        ("many_rows.csv", lambda: csv_many_rows(int(5_000_000 * scale))),
        ("duplicates.csv", lambda: csv_duplicates(int(200_000 * scale))),
        ("hundred_mb.csv", lambda: csv_duplicates(int(540_000 * scale))),
    ]

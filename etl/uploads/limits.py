"""Bounds on an uploaded file, checked before it is parsed in full (issue 11, denial of service).

Any contributor can upload, so a file must not be able to hold the server: a 5 MB workbook can
unzip to gigabytes or place one cell at row 1,048,576 (the reader then builds a sheet of a
million rows), and a CSV header can hold a million columns. Each check runs on what is cheap
to learn first and refuses with the file name, the limit and the setting that raises it:

- bytes of the file (`M_E_MAX_UPLOAD_MB`), before anything else;
- a workbook's zip members: total unzipped size (`M_E_MAX_XLSX_UNZIPPED_MB`) and the
  unzipped/zipped ratio of any part over 1 MB (`M_E_MAX_XLSX_RATIO`), from the zip directory,
  then each sheet's XML is streamed (never held whole) to find its last row and column;
- a CSV's header: columns counted before polars reads it; rows read at most to the limit;
- every table: rows (`M_E_MAX_UPLOAD_ROWS`), columns (`M_E_MAX_UPLOAD_COLUMNS`), cells
  (`M_E_MAX_UPLOAD_CELLS`: the workbook reader fills the whole rectangle up to the last
  cell, so one cell far right of 200,000 rows costs as much as a full sheet) and the
  longest cell (`M_E_MAX_CELL_CHARS`), vectorised.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import polars as pl

from core.config import Settings, settings
from core.i18n import translator

MB = 1024 * 1024
RATIO_FLOOR = MB  # small parts (styles, themes) compress very well and are harmless
_CHUNK = 1 << 20
_TAIL = 64  # bytes kept between chunks so a tag split by a chunk boundary is still seen
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"([0-9]{1,7})\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[ >/]")  # cells without r= still take a place each


@dataclass(frozen=True)
class UploadLimits:
    """The bounds one upload is read under."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_unzipped_bytes: int
    max_ratio: float

    @classmethod
    def from_settings(
        cls, cfg: Settings | None = None, *, max_bytes: int | None = None
    ) -> UploadLimits:
        """Limits from the settings (M_E_MAX_UPLOAD_* and M_E_MAX_XLSX_*)."""
        cfg = cfg or settings()
        return cls(
            max_bytes=max_bytes if max_bytes is not None else int(cfg.max_upload_mb * MB),
            max_rows=cfg.max_upload_rows,
            max_columns=cfg.max_upload_columns,
            max_cells=cfg.max_upload_cells,
            max_cell_chars=cfg.max_cell_chars,
            max_unzipped_bytes=int(cfg.max_xlsx_unzipped_mb * MB),
            max_ratio=cfg.max_xlsx_ratio,
        )


class LimitError(Exception):
    """A bound was crossed: (rule, problem, hint) for the reader's UploadError."""

    def __init__(self, rule: str, problem: str, hint: str) -> None:
        self.rule, self.problem, self.hint = rule, problem, hint
        super().__init__(f"{problem}. {hint}")


def _raise_hint(setting: str, lang: str) -> str:
    _ = translator(lang)
    return _(
        "Split the file (e.g. one per year or country), or ask the administrator to raise {setting}"
    ).format(setting=setting)


def check_bytes(size: int, limits: UploadLimits, lang: str = "en") -> None:
    """Refuse a file larger than M_E_MAX_UPLOAD_MB (messages in `lang`)."""
    if size > limits.max_bytes:
        _ = translator(lang)
        raise LimitError(
            "too_large",
            _("the file is {size} MB, above the {limit} MB limit").format(
                size=_.number(size / 1e6, 1), limit=_.number(limits.max_bytes / 1e6, 1)
            ),
            _raise_hint("M_E_MAX_UPLOAD_MB", lang),
        )


def column_number(letters: bytes) -> int:
    """Spreadsheet column letters as a 1-based number (A=1, Z=26, AA=27, XFD=16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_zip(data: bytes, limits: UploadLimits, lang: str = "en") -> None:
    """Refuse a workbook whose parts unzip too large, too compressed, or reach too far.

    The zip directory is read first (sizes as declared); then each sheet is decompressed in
    1 MB chunks, counting the bytes actually produced (a lying directory cannot pass), and its
    row and cell references are scanned for the last row and column.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return  # not a zip (XLS): the workbook reader reports it
    _ = translator(lang)
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_unzipped_bytes:
            raise LimitError(
                "too_large_unzipped",
                _("the workbook unzips to {size} MB, above the {limit} MB limit").format(
                    size=_.number(total / MB, 1), limit=_.number(limits.max_unzipped_bytes / MB, 0)
                ),
                _(
                    "Split the file (e.g. one per year or country), or ask the administrator to "
                    "raise {setting}; or save the data sheet as CSV"
                ).format(setting="M_E_MAX_XLSX_UNZIPPED_MB"),
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > limits.max_ratio:
                raise LimitError(
                    "zip_bomb",
                    _(
                        "part {part} unzips {ratio} times larger than it is stored ({size} MB), "
                        "above the ratio limit {limit} (M_E_MAX_XLSX_RATIO)"
                    ).format(
                        part=info.filename,
                        ratio=_.number(ratio, 0),
                        size=_.number(info.file_size / MB, 1),
                        limit=f"{limits.max_ratio:g}",
                    ),
                    _(
                        "A sheet this repetitive is not survey data: delete the empty formatted "
                        "rows and columns, save it again as .xlsx, or save the data sheet as CSV"
                    ),
                )
        sheets = [i for i in infos if i.filename.startswith("xl/worksheets/")]
        budget = limits.max_unzipped_bytes
        for info in sheets:
            budget -= _scan_sheet(zf, info, limits, budget, lang)


def _scan_sheet(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: UploadLimits, budget: int, lang: str
) -> int:
    """Stream one sheet's XML: refuse rows/columns past the limits; return bytes unzipped."""
    last_row = last_col = rows_seen = cells_seen = produced = 0
    tail = b""
    max_row = limits.max_rows + 1  # the header is row 1
    _ = translator(lang)
    with zf.open(info) as member:
        while chunk := member.read(_CHUNK):
            produced += len(chunk)
            if produced > budget:
                raise LimitError(
                    "too_large_unzipped",
                    _("sheet {sheet} unzips past the {limit} MB limit").format(
                        sheet=info.filename, limit=_.number(limits.max_unzipped_bytes / MB, 0)
                    ),
                    _raise_hint("M_E_MAX_XLSX_UNZIPPED_MB", lang),
                )
            buf = tail + chunk
            cut = max(0, len(buf) - _TAIL)
            seen = buf[:cut]
            for m in _ROW_REF.finditer(buf):
                last_row = max(last_row, int(m.group(1)))
            for m in _CELL_REF.finditer(buf):
                last_row = max(last_row, int(m.group(2)))
                last_col = max(last_col, column_number(m.group(1)))
            rows_seen += len(_ROW_TAG.findall(seen))
            cells_seen += len(_CELL_TAG.findall(seen))
            _check_cells(info.filename, cells_seen, limits, lang)
            extent = max(last_row, rows_seen)
            _check_extent(info.filename, extent, last_col, max_row, limits, lang)
            tail = buf[cut:]
    rows_seen += len(_ROW_TAG.findall(tail))
    _check_extent(info.filename, max(last_row, rows_seen), last_col, max_row, limits, lang)
    return produced


def _check_cells(sheet: str, cells: int, limits: UploadLimits, lang: str) -> None:
    """Refuse a sheet holding more cell elements than M_E_MAX_UPLOAD_CELLS."""
    if cells > limits.max_cells:
        _ = translator(lang)
        raise LimitError(
            "too_many_cells",
            _("{sheet} holds more than {limit} cells (M_E_MAX_UPLOAD_CELLS)").format(
                sheet=sheet.rsplit("/", 1)[-1], limit=_.number(limits.max_cells)
            ),
            _raise_hint("M_E_MAX_UPLOAD_CELLS", lang),
        )


def _check_extent(
    sheet: str, row: int, col: int, max_row: int, limits: UploadLimits, lang: str
) -> None:
    """Refuse a sheet reaching past the row or column limit."""
    name = sheet.rsplit("/", 1)[-1]
    _ = translator(lang)
    num = _.number
    if row > max_row:
        raise LimitError(
            "too_many_rows",
            _(
                "{sheet} reaches row {row}, above the limit of {limit} data rows "
                "(M_E_MAX_UPLOAD_ROWS)"
            ).format(sheet=name, row=num(row), limit=num(limits.max_rows)),
            _(
                "Delete the empty or formatted rows below your data (select them, Delete rows), "
                "or split the file (e.g. one per year or country), or ask the administrator to "
                "raise {setting}"
            ).format(setting="M_E_MAX_UPLOAD_ROWS"),
        )
    if col > limits.max_columns:
        raise LimitError(
            "too_many_columns",
            _(
                "{sheet} reaches column {column}, above the limit of {limit} columns "
                "(M_E_MAX_UPLOAD_COLUMNS)"
            ).format(sheet=name, column=num(col), limit=num(limits.max_columns)),
            _(
                "Delete the empty or formatted columns right of your data, or copy the data "
                "into the template"
            ),
        )
    if row * col > limits.max_cells:
        raise LimitError(
            "too_many_cells",
            _(
                "{sheet} spans {rows} rows x {columns} columns = {cells} cells, above the limit "
                "of {limit} (M_E_MAX_UPLOAD_CELLS)"
            ).format(
                sheet=name,
                rows=num(row),
                columns=num(col),
                cells=num(row * col),
                limit=num(limits.max_cells),
            ),
            _(
                "Delete the empty or formatted rows and columns around your data (a cell far to "
                "the right or below makes the whole rectangle count), or split the file"
            ),
        )


def csv_header_columns(text: str, sep: str, stop_after: int) -> int:
    """Columns in a CSV's first record (quotes respected); counting stops past `stop_after`."""
    count, in_quotes = 1, False
    for m in re.finditer(rf'["\r\n{re.escape(sep)}]', text):
        ch = m.group()
        if ch == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif ch in "\r\n":
            break
        else:
            count += 1
            if count > stop_after:
                break
    return count


def check_csv_header(text: str, sep: str, limits: UploadLimits, lang: str = "en") -> None:
    """Refuse a CSV whose header has more columns than M_E_MAX_UPLOAD_COLUMNS."""
    cols = csv_header_columns(text, sep, limits.max_columns)
    if cols > limits.max_columns:
        _ = translator(lang)
        raise LimitError(
            "too_many_columns",
            _("the header has more than {limit} columns (M_E_MAX_UPLOAD_COLUMNS)").format(
                limit=_.number(limits.max_columns)
            ),
            _(
                "Check the file is a template CSV with one header row; copy the data into the "
                "template and save it again"
            ),
        )


def check_rows(rows: int, limits: UploadLimits, lang: str = "en") -> None:
    """Refuse more data rows than M_E_MAX_UPLOAD_ROWS (count them before blank rows go)."""
    if rows > limits.max_rows:
        _ = translator(lang)
        raise LimitError(
            "too_many_rows",
            _("the file has more than {limit} data rows (M_E_MAX_UPLOAD_ROWS)").format(
                limit=_.number(limits.max_rows)
            ),
            _raise_hint("M_E_MAX_UPLOAD_ROWS", lang),
        )


def check_table(
    df: pl.DataFrame, limits: UploadLimits, *, row_column: str | None = None, lang: str = "en"
) -> None:
    """Refuse a parsed table past the row, column or cell-length limits (vectorised).

    `row_column` holds each record's spreadsheet row (named in the message); without it the
    header is taken as row 1. Messages are in `lang`.
    """
    _ = translator(lang)
    num = _.number
    rows = (
        df[row_column] if row_column in df.columns else pl.int_range(2, df.height + 2, eager=True)
    )
    df = df.drop(row_column) if row_column in df.columns else df
    if df.width > limits.max_columns:
        raise LimitError(
            "too_many_columns",
            _(
                "the sheet has {columns} columns, above the limit of {limit} "
                "(M_E_MAX_UPLOAD_COLUMNS)"
            ).format(columns=num(df.width), limit=num(limits.max_columns)),
            _("Delete the empty columns right of your data, or copy the data into the template"),
        )
    check_rows(df.height, limits, lang)
    if df.height * df.width > limits.max_cells:
        raise LimitError(
            "too_many_cells",
            _(
                "the file has {rows} rows x {columns} columns, above the limit of {limit} cells "
                "(M_E_MAX_UPLOAD_CELLS)"
            ).format(rows=num(df.height), columns=num(df.width), limit=num(limits.max_cells)),
            _raise_hint("M_E_MAX_UPLOAD_CELLS", lang),
        )
    text = [c for c, t in df.schema.items() if t == pl.String()]
    if not text or df.height == 0:
        return
    longest = df.select(pl.max_horizontal(pl.col(text).str.len_chars().max())).item()
    if longest is None or longest <= limits.max_cell_chars:
        return
    for col in text:  # only runs on a refused file: name the first offending cell
        hits = df.with_columns(_row=rows).filter(
            pl.col(col).str.len_chars() > limits.max_cell_chars
        )
        if hits.height:
            row = int(hits["_row"][0])
            raise LimitError(
                "cell_too_long",
                _(
                    "row {row}, column '{column}' holds {chars} characters, above the limit of "
                    "{limit} (M_E_MAX_CELL_CHARS)"
                ).format(
                    row=row,
                    column=col,
                    chars=num(hits[col].str.len_chars()[0]),
                    limit=num(limits.max_cell_chars),
                ),
                _(
                    "Shorten the text (put long explanations in a document and cite it), or ask "
                    "the administrator to raise M_E_MAX_CELL_CHARS"
                ),
            )

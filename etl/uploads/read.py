"""Read an uploaded file (CSV in any common encoding/separator, or XLSX) into string columns.

Every cell is read as text first, so the checks can say exactly which cell is not a number.
`ROW` holds the row number an officer sees in a spreadsheet (the header is row 1), so every
message can point at the cell. The template is recognised from the header (`detect_template`).

Formula guard (OWASP "CSV Injection"): etl/exports/safe_write.py writes every download; a text
cell a spreadsheet would run as a formula gets one leading quote there. Reading keeps the guard
(`keep_guard`): one quote written by our exports is dropped, and a cell that would then run as a
formula (`=1+2`, `'=1+2`, ` =1+2`, tab + `=1+2`) is stored as `'=1+2`, so no stored text is a
live formula. Plain numbers (`-5`) are left as they are. A quote before anything else (`'70s`)
is kept.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import fastexcel
import polars as pl

from core.errors import UploadError
from core.i18n import N_, translator
from core.template_words import canonical_header, data_sheet_names
from core.templates import TEMPLATES, Template
from etl.exports.safe_write import keep_guard
from etl.uploads.limits import (
    LimitError,
    UploadLimits,
    check_bytes,
    check_csv_header,
    check_rows,
    check_table,
    check_zip,
)

ROW = "_row"  # 1-based spreadsheet row of each record (header = row 1)
SEPARATORS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}
# How a CSV was read, per separator (translated where shown: describe(), the read error).
_SEPARATED: dict[str, str] = {
    ",": N_("comma-separated"),
    ";": N_("semicolon-separated"),
    "\t": N_("tab-separated"),
}
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class RawTable:
    """An uploaded table as strings, with where it came from and how it was decoded."""

    file_name: str
    df: pl.DataFrame  # all columns pl.String, plus ROW (Int64)
    file_format: str  # "csv" or "xlsx"
    encoding: str | None = None  # CSV only: utf-8, utf-8-sig, utf-16, cp1252
    separator: str | None = None  # CSV only
    sheet: str | None = None  # XLSX only

    @property
    def columns(self) -> list[str]:
        """Header of the file (without ROW)."""
        return [c for c in self.df.columns if c != ROW]

    def describe(self, lang: str = "en") -> str:
        """One line saying how the file was read, e.g. 'CSV, cp1252, semicolon-separated'."""
        _ = translator(lang)
        if self.file_format == "xlsx":
            return _("Excel workbook, sheet '{sheet}'").format(sheet=self.sheet)
        sep = _separated(self.separator or ",", lang)
        return _("CSV, {encoding}, {separated}").format(encoding=self.encoding, separated=sep)


def _separated(sep: str, lang: str) -> str:
    """'semicolon-separated' in `lang` (an unusual separator is quoted as it is)."""
    _ = translator(lang)
    known = _SEPARATED.get(sep)
    return _(known) if known else _("{separator}-separated").format(separator=repr(sep))


def decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV and the encoding used: BOMs first, then strict UTF-8, else cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:4000]
    if head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM: every other byte is NUL
        little = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        enc = "utf-16-le" if little else "utf-16-be"
        return data.decode(enc), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # cp1252 leaves 5 bytes undefined; those are mapped as latin-1 rather than failing.
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_separator(text: str) -> str:
    """Comma, semicolon or tab: the one that occurs most in the header line outside quotes."""
    header, in_quotes = [], False
    for ch in text[:20000]:
        if ch == '"':
            in_quotes = not in_quotes
        elif ch in "\r\n" and not in_quotes:
            break
        elif not in_quotes:
            header.append(ch)
    line = "".join(header)
    counts = {sep: line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


def _tidy(df: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """Trim names and cells, keep the formula guard, blank -> null, add ROW, drop empty rows."""
    names = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    df = df.rename(dict(zip(df.columns, names, strict=True)))
    df = keep_guard(df.with_columns([pl.col(c).str.strip_chars() for c in names]))
    df = df.with_columns([pl.col(c).replace("", None) for c in names]).with_row_index(
        ROW, offset=first_row
    )
    df = df.with_columns(pl.col(ROW).cast(pl.Int64))
    if not names:
        return df
    return df.filter(~pl.all_horizontal([pl.col(c).is_null() for c in names]))


def _read_csv(data: bytes, file_name: str, limits: UploadLimits, lang: str) -> RawTable:
    """CSV bytes -> RawTable (encoding and separator detected; header and rows bounded)."""
    _ = translator(lang)
    text, encoding = decode(data)
    text = text.lstrip("\ufeff")
    sep = sniff_separator(text)
    check_csv_header(text, sep, limits, lang)
    payload = data if encoding == "utf-8" else text.encode("utf-8")
    try:
        df = pl.read_csv(
            io.BytesIO(payload),
            separator=sep,
            infer_schema=False,
            truncate_ragged_lines=False,
            raise_if_empty=True,
            n_rows=limits.max_rows + 1,  # one more than allowed: enough to know it is too many
        )
    except pl.exceptions.NoDataError as exc:
        raise UploadError(
            file_name, "empty", _("the file has no header row"), _(_EMPTY_HINT)
        ) from exc
    except pl.exceptions.ComputeError as exc:
        raise UploadError(
            file_name,
            "not_a_table",
            _("cannot be read as a {separated} table ({detail})").format(
                separated=_separated(sep, lang), detail=exc
            ),
            _(
                "Check that every row has as many cells as the header and quotes are balanced; "
                "or save it again from the template as CSV UTF-8 or .xlsx"
            ),
        ) from exc
    _check_header(df.columns, file_name, lang)
    # Before blank rows are dropped: a file cut at n_rows must never pass as a shorter one.
    check_rows(df.height, limits, lang)
    return RawTable(file_name, _tidy(df, 2), "csv", encoding=encoding, separator=sep)


def _check_header(columns: list[str], file_name: str, lang: str = "en") -> None:
    """Reject blank or repeated column names, which would make cells ambiguous."""
    _ = translator(lang)
    seen: set[str] = set()
    for i, name in enumerate(columns, start=1):
        # polars renames a repeated header "a" to "a_duplicated_0"
        clean = re.sub(r"_duplicated_\d+$", "", str(name)).strip()
        if not clean:
            continue  # blank headers are reported by detect_template as unknown columns
        if clean in seen:
            raise UploadError(
                file_name,
                "duplicate_column",
                _("column {number} repeats the header '{header}'").format(number=i, header=clean),
                _("Delete or rename the repeated column"),
            )
        seen.add(clean)


def pick_sheet(names: list[str]) -> str:
    """The sheet holding the data: a template's sheet name, else the first sheet."""
    wanted = {t.sheet for t in TEMPLATES.values()} | data_sheet_names()  # données, datos
    return next((n for n in names if n in wanted), names[0])


def _exact_numbers(strings: pl.DataFrame, floats: pl.DataFrame) -> pl.DataFrame:
    """Number cells as the shortest text that reads back to the stored double.

    calamine's text of a number cell keeps about 11 significant digits (60.909090909090914
    becomes '60.909090909'), so where that text reads back to another double than the cell
    holds, the cell's own double is written out instead. Text cells ('0012') are left alone:
    they parse to the same double as their text.
    """
    if strings.columns != floats.columns or strings.height != floats.height:
        return strings
    return strings.with_columns(
        pl.when(pl.col(c).cast(pl.Float64, strict=False) != pl.lit(floats[c]))
        .then(pl.lit(floats[c]).cast(pl.String))
        .otherwise(pl.col(c))
        .alias(c)
        for c in strings.columns
    )


def _read_excel(data: bytes, file_name: str, lang: str) -> RawTable:
    """XLSX/XLS/ODS bytes -> RawTable of the data sheet, every cell as text."""
    _ = translator(lang)
    try:
        reader = fastexcel.read_excel(data)
        sheet = pick_sheet(list(reader.sheet_names))
        df = reader.load_sheet(sheet, dtypes="string").to_polars()
        df = _exact_numbers(df, reader.load_sheet(sheet, dtypes="float").to_polars())
    except Exception as exc:  # calamine raises its own error types for corrupt workbooks
        raise UploadError(
            file_name,
            "not_a_table",
            _("cannot be opened as a workbook ({detail})").format(detail=exc),
            _("Open it in Excel and save it again as .xlsx, or save the data sheet as CSV UTF-8"),
        ) from exc
    if not df.columns:
        raise UploadError(
            file_name, "empty", _("sheet '{sheet}' is empty").format(sheet=sheet), _(_EMPTY_HINT)
        )
    _check_header(df.columns, file_name, lang)
    df = df.select([pl.col(c).cast(pl.String) for c in df.columns])
    # calamine starts at the first non-empty row, which in a template is the header (row 1).
    return RawTable(file_name, _tidy(df, 2), "xlsx", sheet=sheet)


_EMPTY_HINT = N_("Fill in the template (header row and at least one data row) and upload it again")


def read_upload(
    data: bytes,
    file_name: str,
    *,
    max_bytes: int,
    limits: UploadLimits | None = None,
    lang: str = "en",
) -> RawTable:
    """Read an uploaded CSV or Excel file as strings; raise UploadError if it cannot be used.

    Bounded (etl/uploads/limits.py): size, a workbook's unzipped parts and extent, a CSV's
    header, then rows, columns and cell length are checked before or while parsing. Messages
    are in `lang`.
    """
    _ = translator(lang)
    limits = limits or UploadLimits.from_settings(max_bytes=max_bytes)
    try:
        check_bytes(len(data), limits, lang)
        if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
            raise UploadError(file_name, "empty", _("the file is empty"), _(_EMPTY_HINT))
        is_excel = data.startswith((_ZIP, _OLE)) or file_name.lower().endswith(EXCEL_SUFFIXES)
        if is_excel:
            check_zip(data, limits, lang)
            table = _read_excel(data, file_name, lang)
        else:
            table = _read_csv(data, file_name, limits, lang)
        check_table(table.df, limits, row_column=ROW, lang=lang)
    except LimitError as exc:
        raise UploadError(file_name, exc.rule, exc.problem, exc.hint) from exc
    if table.df.height == 0:
        raise UploadError(
            file_name, "empty", _("the file has a header but no data rows"), _(_EMPTY_HINT)
        )
    return table


def _fit(tpl: Template, columns: set[str]) -> tuple[float, list[str], list[str]]:
    """Score of a template for a header, with its missing required and unknown columns."""
    missing = [c for c in tpl.required if c not in columns]
    unknown = sorted(columns - set(tpl.column_names))
    present = len(set(tpl.column_names) & columns)
    return present - 2 * len(missing) - len(unknown), missing, unknown


def detect_template(columns: list[str], file_name: str = "the file", lang: str = "en") -> str:
    """Template whose required columns the header has; else UploadError naming the closest."""
    _ = translator(lang)
    raw = {c for c in columns if c}
    cols = {canonical_header(c) for c in raw}  # French/Spanish headers too
    scored = sorted(
        ((_fit(t, cols), name) for name, t in TEMPLATES.items()), key=lambda x: -x[0][0]
    )
    fitting = [(fit, name) for fit, name in scored if not fit[1]]
    if fitting:
        return fitting[0][1]
    (_score, missing, unknown), name = scored[0]
    hint = (
        _("Download the template again and copy your data into it without renaming columns")
        if {"Year", "Value"} - raw
        else _(
            "This looks like an Open SDG indicator file (Year ... Value): choose 'National "
            "platform file' on the Upload page, or convert it with `python -m etl "
            "import-survey FILE --open-sdg ISO3`"
        )
    )
    problem = (
        _(
            "the header matches no upload template; the closest is '{template}', which lacks "
            "the required column(s) {missing}; columns not in it: {unknown}"
        )
        if unknown
        else _(
            "the header matches no upload template; the closest is '{template}', which lacks "
            "the required column(s) {missing}"
        )
    )
    raise UploadError(
        file_name,
        "unknown_template",
        problem.format(template=name, missing=", ".join(missing), unknown=", ".join(unknown)),
        hint,
    )

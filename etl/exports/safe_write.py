"""The one writer for every file a user downloads: CSV and XLSX, formula-safe (OWASP CSV Injection).

Every page download button and every CLI export writes its CSV or XLSX through this module;
tests/security/test_download_guard.py pushes a payload corpus through each of them.

Guard rule. A spreadsheet runs a cell as a formula when its text begins with `=`, `+`, `-`, `@`,
tab or carriage return, and Excel and LibreOffice also skip leading spaces before such a sign
(` =1+2` is a formula on import). Such a text cell gets one leading single quote, so the cell
shows as text. A text already starting with quotes followed by a trigger gets one more quote, so
`unguard_text` can drop exactly one quote and give back the original text (the round trip of an
export through the upload reader). Numeric columns are never touched: -5.0 stays a number.

Uploads (etl/uploads/read.py) keep the guard. `keep_guard` is what the reader applies to each
cell: one guard quote written by our exports is dropped, and if what remains would be a formula
it keeps (or gains) one quote. So `'=1+2`, `=1+2`, ` =1+2` and a tab before `=1+2` are all
stored as `'=1+2`: no stored text is ever a live formula, whichever tool later reads the
store. Plain numbers (`-5`, `+3.2e1`) are not formulas and stay as they are, so numeric
columns still parse.

XLSX files are saved by `save_workbook`, which checks the saved sheets hold no `<f>` (formula)
element at all: a writer that forgot the guard fails loudly instead of shipping a formula.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import polars as pl

from core.errors import EtlError
from core.i18n import _

if TYPE_CHECKING:  # openpyxl is imported where a workbook is written: pages load without it
    from openpyxl import Workbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# After any leading quotes: tab/CR, or optional whitespace then = + - @ (a spreadsheet formula).
_TRIGGER = r"(?:[\t\r]|\s*[=+\-@])"
_NEEDS_QUOTE = re.compile(rf"^'*{_TRIGGER}")
_NEEDS_QUOTE_PL = rf"^'*{_TRIGGER}"
_QUOTED_PL = rf"^'+{_TRIGGER}"  # a guarded cell: at least one quote, then a trigger
_BARE_PL = rf"^{_TRIGGER}"  # would run as a formula as it stands
# A plain number: a spreadsheet reads it as a number, never as a formula.
_NUMBER_PL = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_NUMBER = re.compile(_NUMBER_PL)
_FORMULA_XML = re.compile(rb"<(?:\w+:)?f[ >/]")  # <f>, <f t="shared" .../>, <x:f>
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def needs_guard(text: str) -> bool:
    """True if a spreadsheet would run `text` (after any leading quotes) as a formula."""
    return bool(_NEEDS_QUOTE.match(text))


def guard_text(text: str | None) -> str | None:
    """`text` with a leading quote when a spreadsheet would read it as a formula."""
    if text is None or not needs_guard(text):
        return text
    return QUOTE + text


def unguard_text(text: str | None) -> str | None:
    """Undo `guard_text` (drop one leading quote put there by it)."""
    if text is not None and text.startswith(QUOTE) and needs_guard(text[1:]):
        return text[1:]
    return text


def keep_guard_text(text: str | None) -> str | None:
    """An uploaded cell as stored: one export guard dropped, never left as a live formula."""
    if text is None:
        return None
    text = unguard_text(text) or ""
    if text.startswith(QUOTE) or _NUMBER.match(text) or not needs_guard(text):
        return text
    return QUOTE + text


def _text_columns(df: pl.DataFrame) -> list[str]:
    return [c for c, t in df.schema.items() if t == pl.String()]


def guard(df: pl.DataFrame) -> pl.DataFrame:
    """Every text column through `guard_text` (vectorised); numeric columns untouched.

    Categorical and Enum columns hold text too: they are written as String, guarded.
    """
    coded = [c for c, t in df.schema.items() if isinstance(t, pl.Categorical | pl.Enum)]
    df = df.with_columns(pl.col(c).cast(pl.String) for c in coded)
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_NEEDS_QUOTE_PL))
        .then(pl.lit(QUOTE) + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in _text_columns(df)
    )


def unguard(df: pl.DataFrame) -> pl.DataFrame:
    """Every String column through `unguard_text` (reading an export back exactly)."""
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_QUOTED_PL))
        .then(pl.col(c).str.slice(1))
        .otherwise(pl.col(c))
        .alias(c)
        for c in _text_columns(df)
    )


def keep_guard(df: pl.DataFrame) -> pl.DataFrame:
    """Every String column through `keep_guard_text` (what the upload reader stores)."""
    df = unguard(df)
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_BARE_PL) & ~pl.col(c).str.contains(_NUMBER_PL))
        .then(pl.lit(QUOTE) + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in _text_columns(df)
    )


def _guard_header(df: pl.DataFrame) -> pl.DataFrame:
    """Column names guarded too: a header cell is a cell like any other."""
    names = {c: guard_text(c) or c for c in df.columns}
    return df.rename(names) if any(k != v for k, v in names.items()) else df


def csv_text(df: pl.DataFrame, *, null_value: str | None = None) -> str:
    """`df` as CSV text, header and text cells guarded."""
    return _guard_header(guard(df)).write_csv(null_value=null_value)


def csv_bytes(df: pl.DataFrame, *, null_value: str | None = None) -> bytes:
    """`df` as UTF-8 CSV bytes, header and text cells guarded."""
    return csv_text(df, null_value=null_value).encode("utf-8")


def csv_rows_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows of plain values (first row = header) as UTF-8 CSV, text cells guarded."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([guard_text(v) if isinstance(v, str) else v for v in row])
    return buf.getvalue().encode("utf-8")


def safe_row(values: Iterable[object]) -> list[object]:
    """A row for openpyxl `append`: text guarded, other values (numbers, cells) as they are."""
    return [guard_text(v) if isinstance(v, str) else v for v in values]


def save_workbook(wb: Workbook) -> bytes:
    """The workbook's bytes, refused if any sheet holds a formula (a writer forgot the guard)."""
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    assert_no_formulas(data)
    return data


def assert_no_formulas(data: bytes) -> None:
    """Raise EtlError if an XLSX holds a formula cell (checked on the saved sheet XML)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if sheet and _FORMULA_XML.search(zf.read(name)):
                raise EtlError(
                    _(
                        "refused to write a workbook: sheet {sheet} holds a formula cell. Text "
                        "beginning with {characters} must go through {module}"
                    ).format(sheet=name, characters="= + - @", module="etl.safe_write")
                )


def xlsx_bytes(sheets: dict[str, pl.DataFrame]) -> bytes:
    """Frames as an XLSX workbook (one sheet each, header first), text guarded, no formulas."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, df in sheets.items():
        ws = wb.create_sheet(name[:31])
        ws.append(safe_row(df.columns))
        for row in df.iter_rows():
            ws.append(safe_row(row))
    return save_workbook(wb)


def json_bytes(text: str) -> bytes:
    """A JSON download (a mapping file): UTF-8 as is. JSON is data, never run as a formula by
    a spreadsheet, and its labels must match the national file to the letter when it comes back,
    so no guard quote is added; it goes through here so that every download has one writer."""
    return text.encode("utf-8")

"""A check polars' CSV reader does not make: every data row has as many cells as the header."""

from __future__ import annotations

import csv
from pathlib import Path

from core.errors import ParseError
from core.i18n import _


def check_row_lengths(path: Path, header_line: int = 0) -> None:
    """Raise ParseError at the first non-blank row whose cell count differs from the header's.

    polars pads a short row with nulls, so a file cut mid-row (a count cut to its first digits,
    the last cells gone) would otherwise load as a smaller number or as missing values.

    Args:
        path: the CSV file (UTF-8, BOM allowed).
        header_line: 0-based index of the header row (lines before it are a preamble).
    """
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        rows = csv.reader(f)
        for _skipped in range(header_line):
            next(rows, None)
        width = len(next(rows, []))
        for i, row in enumerate(rows, start=header_line + 2):
            if row and len(row) != width:
                raise ParseError(
                    str(path),
                    _("row has {cells} cells, the header has {width}").format(
                        cells=len(row), width=width
                    ),
                    row=i,
                    value=",".join(row),
                    hint=_("The file may be cut short: download it again."),
                )

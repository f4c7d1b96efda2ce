"""Reshape a national indicator table to the Open SDG long layout (`Year`, breakdowns, `Value`).

Headers in English, French or Spanish are read through the mapping table (Année / Año -> Year,
Valeur / Valor -> Value, Unités -> Units, Série -> Series). Two wide shapes are turned long:

- years as rows, categories as columns (`Année, Droits des migrants, Coopération …`): each
  category column becomes rows of one breakdown column, named after what its headers are
  (policy domains, countries, sexes, series) or `Category` when the table knows none;
- years as columns (`Domain, 2019, 2021`): each year column becomes rows of `Year`.

Row numbers (ROW) stay those of the file, so a note can still point at the line.
"""

from __future__ import annotations

import re

import polars as pl

from core.i18n import translator
from etl.uploads.open_sdg import mapping as m
from etl.uploads.read import ROW, UploadError

CANONICAL = {"year": "Year", "value": "Value", "units": "Units", "series": "Series"}
YEAR_HEADER = re.compile(
    r"^\s*(?:19|20)\d{2}(?:\s*(?:-?\s*Q[1-4]|(?:to|-|–)\s*(?:19|20)\d{2}))?\s*$"
)
# breakdown kind of a melted header column -> the header it gets (known to the mapping table)
MELTED_HEADERS = {
    "policy_domain": "Policy domain",
    "counterpart_area": "Country",
    "sex": "Sex",
    "series": "Series",
    "age": "Age",
    "urbanisation": "Urbanisation",
}


def canonical_headers(
    df: pl.DataFrame, ind: str, mapping: m.FileMapping | None, notes: list[str], lang: str = "en"
) -> pl.DataFrame:
    """Rename Year / Value / Units / Series headers written in another language or spelling."""
    renames: dict[str, str] = {}
    for header in df.columns:
        if header == ROW or header in CANONICAL.values():
            continue
        role = (mapping.role(header) if mapping else None) or m.column_role(header, ind)
        target = CANONICAL.get(role or "")
        if target and target not in df.columns and target not in renames.values():
            # only a *column named* Series is the Open SDG series; Description keeps its name
            if role == "series" and m.normalise(header) not in ("série", "serie"):
                continue
            renames[header] = target
    if renames:
        _ = translator(lang)
        read_as = ", ".join(f"'{a}' = {b}" for a, b in renames.items())
        notes.append(_("headers read as: {headers}").format(headers=read_as))
    return df.rename(renames)


def _melted_header(headers: list[str], ind: str) -> str:
    """What the category headers are: the first kind that names at least half of them."""
    for role, header in MELTED_HEADERS.items():
        known = sum(
            1 for h in headers if (c := m.label_code(role, h, ind)) is not None and c != "_T"
        )
        if known * 2 >= len(headers):
            return header
    return "Category"


def to_long(
    df: pl.DataFrame, file_name: str, ind: str, notes: list[str], lang: str = "en"
) -> pl.DataFrame:
    """The table in the long layout (unchanged when it has Year and Value already)."""
    _ = translator(lang)
    cols = [c for c in df.columns if c != ROW]
    if {"Year", "Value"} <= set(cols):
        return df
    year_cols = [c for c in cols if YEAR_HEADER.match(c)]
    if "Value" not in cols and "Year" in cols:
        ids = [c for c in cols if c in ("Year", "Units", "Series") or _is_label_column(df, c)]
        values = [c for c in cols if c not in ids]
        if not values:
            raise _no_shape(file_name, cols, lang)
        name = _melted_header(values, ind)
        out = df.unpivot(values, index=[ROW, *ids], variable_name=name, value_name="Value")
        notes.append(
            _(
                "wide file (years as rows): the {count} columns {columns} turned into {rows} "
                "rows of the breakdown '{name}'"
            ).format(count=len(values), columns=values, rows=out.height, name=name)
        )
        return out.sort(ROW, maintain_order=True)
    if "Year" not in cols and year_cols and "Value" not in cols:
        ids = [c for c in cols if c not in year_cols]
        out = df.unpivot(year_cols, index=[ROW, *ids], variable_name="Year", value_name="Value")
        out = out.with_columns(pl.col("Year").str.strip_chars())
        notes.append(
            _(
                "wide file (years as columns): the {count} year columns turned into {rows} rows "
                "with Year"
            ).format(count=len(year_cols), rows=out.height)
        )
        return out.sort(ROW, maintain_order=True)
    raise _no_shape(file_name, cols, lang)


def _is_label_column(df: pl.DataFrame, col: str) -> bool:
    """A column of labels (not numbers): a breakdown to keep beside the melted values."""
    vals = df[col].drop_nulls()
    if vals.len() == 0:
        return False
    nums = vals.str.replace(",", ".").cast(pl.Float64, strict=False)
    return nums.null_count() * 2 > vals.len()


def _no_shape(file_name: str, cols: list[str], lang: str) -> UploadError:
    _ = translator(lang)
    return UploadError(
        file_name,
        "not_open_sdg",
        _(
            "its columns {columns} have no Year and Value columns (nor Année/Valeur, Año/Valor), "
            "no year column with one column per category, and no year headers (2019, 2020 …)"
        ).format(columns=cols),
        _(
            "Name the year column 'Year' and the figures column 'Value', or give their roles "
            '("year", "value") under columns in the mapping file'
        ),
    )

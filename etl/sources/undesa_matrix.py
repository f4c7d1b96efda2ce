"""UN DESA IMS 2019 origin x destination matrix (cleaned derivative), long, with M49 / ISO3 codes.

File: `UN_MigrantStockByOriginAndDestination_2019_clean.csv` (G. Abel's derivative of UN DESA
IMS 2019 by origin and destination, Table 1, both sexes): columns `Year`, `Dest`, then one
column per origin country named as in UN DESA. 1,659 rows = 7 years x 237 destinations.

Rules:
- ZEROS: in this derivative 0 means "zero or not reported" (the author wrote missing cells as
  0); the value is kept as 0 and cannot be told apart. ".." (not available) and "-" are kept
  as null with `value_flag`; any other text raises ParseError naming row, column and value.
- NAMES -> CODES: names are matched, after removing surrounding spaces and a trailing "*",
  to the names of the IMS 2020 correspondence table (same snapshot, `kind`
  "correspondence"); ALIASES adds other UN spellings. Every unmatched name is listed in one
  ParseError; nothing is dropped silently. Measured: all 232 origin and 237 destination names
  of the 2019 file match the 2020 annex exactly.
- AGGREGATES: 5 destination rows are subregion totals (Caribbean, Melanesia, Micronesia,
  Polynesia, South America; each equals the sum of its countries in the file). They are
  recognised by code (no ISO3 in the annex) and left out of the clean table, so that sums over
  destinations count each migrant once.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError, SchemaMismatch
from core.i18n import _, ngettext
from etl.net import http
from etl.schemas import conform
from etl.sources import undesa_regions as regions
from etl.sources.base import Downloaded, SourceSpec
from etl.sources.csv_check import check_row_lengths

NAME = "undesa_matrix"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = (
    '".." and "-" flagged and left out of sums; 0 is ambiguous in this derivative '
    "(zero or not reported) and kept as 0"
)
FILE_NAME = "UN_MigrantStockByOriginAndDestination_2019_clean.csv"
# The derivative is only published in this repository, pinned to the audited commit.
CSV_URL = (
    "https://raw.githubusercontent.com/guyabel/stepladderChapter/"
    "4a81585e8ca3566aed8fd48c2870d316fe06f53f/archive/" + FILE_NAME
)
EDITION = "2019"

# Other UN spellings -> M49 code. Each entry is a spelling the UN uses that the 2020 annex
# does not: "Türkiye" is the UN short name of Turkey since June 2022 (newer IMS editions).
ALIASES: dict[str, int] = {
    "Türkiye": 792,
}

SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int16(),
    "origin_name": pl.String(),  # as published (column header)
    "origin_m49": pl.Int32(),
    "origin_iso3": pl.String(),
    "destination_name": pl.String(),  # as published (`Dest`)
    "destination_m49": pl.Int32(),
    "destination_iso3": pl.String(),
    "value": pl.Float64(),  # persons at mid-year, both sexes; 0 = zero or not reported
    "value_flag": pl.String(),  # "not_available" ("..") | "published_as_dash" ("-") | null
    "edition": pl.String(),
    "source_file": pl.String(),
    "csv_row": pl.Int32(),  # 1-based line in the CSV (header = line 1)
}
EMIGRANTS_SCHEMA: dict[str, pl.DataType] = {
    "year": pl.Int16(),
    "origin_m49": pl.Int32(),
    "origin_iso3": pl.String(),
    "origin_name": pl.String(),
    "emigrant_stock": pl.Float64(),  # E_o = sum over destination countries, nulls skipped
    "destinations": pl.UInt32(),  # destination countries summed over
    "destinations_missing": pl.UInt32(),  # cells published as ".." or "-" (not in the sum)
}
MARKERS: dict[str, str] = {"..": "not_available", "-": "published_as_dash"}


def _read_csv(path: Path) -> pl.DataFrame:
    """The CSV with every column as text; unreadable or cut files raise ParseError."""
    try:
        df = pl.read_csv(path, infer_schema_length=0, encoding="utf8")
    except (pl.exceptions.ComputeError, OSError, UnicodeDecodeError) as exc:
        raise ParseError(
            str(path), _("not a readable CSV file ({detail})").format(detail=exc)
        ) from exc
    check_row_lengths(path)  # polars pads a row cut short with nulls
    return df


def _values(long: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Numeric `value` and `value_flag` from the text cells; unknown text raises ParseError."""
    text = pl.col("text").str.strip_chars()
    out = long.with_columns(
        value=text.cast(pl.Float64, strict=False),
        value_flag=text.replace_strict(MARKERS, default=None, return_dtype=pl.String),
    )
    bad = out.filter(
        pl.col("value").is_null() & pl.col("value_flag").is_null() & (text.fill_null("") != "")
    )
    if bad.height:
        r = bad.row(0, named=True)
        raise ParseError(
            str(path),
            ngettext(
                "expected a number, {missing} or {dash} ({n} cell is not)",
                "expected a number, {missing} or {dash} ({n} cells are not)",
                bad.height,
            ).format(missing="'..'", dash="'-'", n=bad.height),
            row=r["csv_row"],
            column=r["origin_name"],
            value=r["text"],
        )
    return out.drop("text")


def parse(path: Path) -> pl.DataFrame:
    """Read the matrix CSV into long rows (names not yet coded); the annex via undesa_stock."""
    if path.suffix.lower() == ".xlsx":
        return regions.correspondence_rows(path)
    wide = _read_csv(path)
    missing = [c for c in ("Year", "Dest") if c not in wide.columns]
    if missing:
        raise SchemaMismatch(NAME, str(path), missing)
    origins = [c for c in wide.columns if c not in ("Year", "Dest")]
    if not origins:
        raise ParseError(
            str(path),
            _("no origin columns after {year} and {dest}").format(year="Year", dest="Dest"),
        )
    long = (
        wide.with_row_index("csv_row", offset=2)
        .unpivot(index=["csv_row", "Year", "Dest"], on=origins)
        .rename({"Dest": "destination_name", "variable": "origin_name", "value": "text"})
    )
    bad_year = long.filter(pl.col("Year").cast(pl.Int16, strict=False).is_null())
    if bad_year.height:
        r = bad_year.row(0, named=True)
        raise ParseError(
            str(path),
            _("{column} is not a year").format(column="Year"),
            row=r["csv_row"],
            column="Year",
            value=r["Year"],
        )
    return _values(long, path).with_columns(
        year=pl.col("Year").cast(pl.Int16),
        kind=pl.lit("matrix"),
        edition=pl.lit(EDITION),
        source_file=pl.lit(path.name),
    )


def name_key(name: str) -> str:
    """Matching form of a UN DESA name: NFC, single-spaced, no trailing "*"."""
    return regions.clean_name(name)


def name_lookup(annex: pl.DataFrame) -> pl.DataFrame:
    """key -> m49, iso3 from the annex names plus ALIASES (annex codes win over aliases)."""
    alias_rows = pl.DataFrame(
        {"key": [name_key(n) for n in ALIASES], "m49": list(ALIASES.values())},
        schema={"key": pl.String(), "m49": pl.Int32()},
    )
    codes = annex.select("m49", "iso3").unique("m49")
    named = annex.select(
        pl.col("area_name").map_elements(name_key, return_dtype=pl.String).alias("key"), "m49"
    )
    return (
        pl.concat([named, alias_rows.join(codes, on="m49", how="semi")])
        .unique("key", keep="first", maintain_order=True)
        .join(codes, on="m49", how="left")
    )


def _code_side(df: pl.DataFrame, lookup: pl.DataFrame, side: str) -> pl.DataFrame:
    """Add <side>_m49 / <side>_iso3 by name (keys computed once per distinct name)."""
    names = df[f"{side}_name"].drop_nulls().unique().to_list()
    keys = pl.DataFrame(
        {f"{side}_name": names, "key": [name_key(n) for n in names]},
        schema={f"{side}_name": pl.String(), "key": pl.String()},
    )
    keyed = lookup.rename({"m49": f"{side}_m49", "iso3": f"{side}_iso3"})
    return (
        df.join(keys, on=f"{side}_name", how="left").join(keyed, on="key", how="left").drop("key")
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Code both sides through the annex; raise on unmatched names; drop aggregate rows."""
    matrix = df.filter(pl.col("kind") == "matrix")
    annex = df.filter(pl.col("kind") == "correspondence")
    files = ", ".join(sorted(set(df["source_file"].to_list())))
    if matrix.is_empty():
        raise ParseError(
            files, _("the snapshot has no {file}, only the annex").format(file=FILE_NAME)
        )
    if annex.is_empty():
        raise ParseError(
            files,
            _("the snapshot has no correspondence table ({file}) to code the names").format(
                file=regions.FILE_NAME
            ),
            hint=_(
                "Download it from the UN DESA International Migrant Stock page into the folder."
            ),
        )
    lookup = name_lookup(annex)
    coded = _code_side(_code_side(matrix, lookup, "origin"), lookup, "destination")
    unmatched = sorted(
        set(coded.filter(pl.col("origin_m49").is_null())["origin_name"].to_list())
        | set(coded.filter(pl.col("destination_m49").is_null())["destination_name"].to_list())
    )
    if unmatched:
        raise ParseError(
            files,
            ngettext(
                "{n} name is not in the correspondence table: {names}",
                "{n} names are not in the correspondence table: {names}",
                len(unmatched),
            ).format(n=len(unmatched), names=", ".join(repr(n) for n in unmatched)),
            hint=_("Add the spelling to {aliases} in {file}.").format(
                aliases="ALIASES", file="etl/sources/undesa_matrix.py"
            ),
        )
    out = coded.filter(
        pl.col("origin_iso3").is_not_null() & pl.col("destination_iso3").is_not_null()
    )
    return conform(out.sort("year", "csv_row", "origin_name"), SCHEMA)


def emigrant_stock(matrix: pl.DataFrame) -> pl.DataFrame:
    """E_o = sum over destination countries of stock(o, d), per origin and year.

    Args:
        matrix: the clean matrix (country destinations only, see `clean`).

    Returns:
        One row per origin and year, persons. Null cells are not summed and are counted in
        `destinations_missing`; zeros in this derivative may hide unreported corridors, so
        E_o is a lower bound.
    """
    out = matrix.group_by("year", "origin_m49", "origin_iso3", "origin_name").agg(
        emigrant_stock=pl.col("value").sum(),
        destinations=pl.len(),
        destinations_missing=pl.col("value").is_null().sum(),
    )
    return conform(out.sort("origin_m49", "year"), EMIGRANTS_SCHEMA)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download the derivative CSV (pinned commit) and the IMS 2020 annex."""
    csv = Downloaded(
        http.download(session, CSV_URL, NAME, dest),
        FILE_NAME,
        CSV_URL,
        note="derivative of UN DESA IMS 2019 by G. Abel (guyabel/stepladderChapter)",
    )
    return [csv, *regions.download_files(session, dest, [regions.FILE_NAME])]


SPEC = SourceSpec(
    name=NAME,
    title="UN DESA International Migrant Stock 2019: origin x destination matrix",
    dataset="undesa_matrix",
    schema=SCHEMA,
    locator=("origin_iso3", "destination_iso3", "year"),
    publisher="United Nations, DESA, Population Division (cleaned by G. Abel)",
    licence=regions.LICENCE,
    url=CSV_URL,
    raw_patterns=(
        "UN_MigrantStockByOriginAndDestination_*_clean.csv",
        "aggregates_correspondence_table_*.xlsx",
    ),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation=(
        "United Nations Department of Economic and Social Affairs, Population Division (2019). "
        "International Migrant Stock 2019; cleaned matrix by G. Abel for the IOM World "
        "Migration Report 2022."
    ),
    suite="etl.validation.suites.migration:undesa_matrix_suite",
    prepare="etl.validation.suites.migration:prepare_undesa_matrix",
    demo="etl.demo.migration:demo_matrix",
)

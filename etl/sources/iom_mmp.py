"""IOM Missing Migrants Project (SDG 10.7.3): the global incident export, one row per incident.

Two export layouts are accepted, mapped onto one set of canonical columns (COLUMNS below):
- the pre-2022 layout of `MissingMigrants-Global-<timestamp>.csv` (20 columns: "Web ID",
  "Region", "Reported Date" like "March 23, 2021", "Location Coordinates" as "lat, lon", ...);
- the 2022+ layout of the same download ("Main ID", "Region of Incident", "Incident Date" like
  "Sat, 01/30/2021 - 12:00" or "2021-01-30", "Incident year", "Number of Dead", "Coordinates",
  "Total Number of Dead and Missing", "Migration route", ...). Its names were taken from public
  code that reads that export; no such file was available here to test against.
A file with neither layout raises SchemaMismatch naming the canonical columns it lacks.

Rules: blank cells stay null (MMP leaves zeros blank and does not impute). Counts may carry a
thousands separator ("1,022"). `dead_and_missing` is the published total, never recomputed;
TOTAL_CHECK sets `total_mismatch` True when it differs from dead + missing (blank = 0), null
when all three are blank. COORD_ORDER (see _coords) swaps pairs published as "lon, lat"
(88 Pima County records in the 2021-03-27 export) and notes it. Source quality must be an
integer 1-5 when present.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl
import requests

from core.errors import ParseError, SchemaMismatch, SourceFetchError
from core.i18n import _, pgettext
from etl.net import http
from etl.schemas import conform
from etl.sources.base import Downloaded, SourceSpec
from etl.sources.csv_check import check_row_lengths

NAME = "iom_mmp"
# How the published file encodes "not available" and what becomes of it (issue 10).
MISSING_ENCODING = (
    "blank cell (MMP leaves zero counts blank and imputes nothing): null, counted as 0 only in sums"
)
DATASET = "iom_mmp_incidents"
URL = "https://missingmigrants.iom.int/downloads"
URL_ENV = "M_E_IOM_MMP_URL"

# canonical name -> accepted published headers (old layout first). Required unless optional.
COLUMNS: dict[str, tuple[str, ...]] = {
    "web_id": ("Web ID", "Main ID"),
    "region": ("Region", "Region of Incident"),
    "reported_date": ("Reported Date", "Incident Date"),
    "year": ("Reported Year", "Incident year", "Incident Year", "Year"),
    "month": ("Reported Month",),
    "dead": ("Number Dead", "Number of Dead"),
    "missing": ("Minimum Estimated Number of Missing",),
    "dead_and_missing": ("Total Dead and Missing", "Total Number of Dead and Missing"),
    "survivors": ("Number of Survivors",),
    "females": ("Number of Females",),
    "males": ("Number of Males",),
    "children": ("Number of Children",),
    "cause_of_death": ("Cause of Death",),
    "location_description": ("Location Description", "Location of Incident", "Location of death"),
    "information_source": ("Information Source",),
    "coordinates": ("Location Coordinates", "Coordinates"),
    "route": ("Migration Route", "Migration route"),
    "url": ("URL",),
    "unsd_region": ("UNSD Geographical Grouping",),
    "source_quality": ("Source Quality",),
}
OPTIONAL = frozenset({"location_description", "information_source", "url"})
# Every incident record has these; a blank one means a damaged (e.g. truncated) file.
REQUIRED_VALUES = ("web_id", "reported_date", "year", "dead_and_missing")
COUNTS = ("dead", "missing", "dead_and_missing", "survivors", "females", "males", "children")

SCHEMA: dict[str, pl.DataType] = {
    "web_id": pl.String(),
    "region": pl.String(),  # MMP region of incident
    "reported_date": pl.Date(),
    "year": pl.Int16(),
    "month": pl.Int8(),
    **{c: pl.Int64() for c in COUNTS},  # dead_and_missing = the published total
    "total_mismatch": pl.Boolean(),  # TOTAL_CHECK, see module docstring
    "cause_of_death": pl.String(),
    "route": pl.String(),
    "unsd_region": pl.String(),
    "source_quality": pl.Int8(),  # 1 = single media source ... 5 = official / multiple sources
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "coordinates_note": pl.String(),  # COORD_ORDER: why lat/lon differ from the published text
    "location_description": pl.String(),
    "information_source": pl.String(),
    "url": pl.String(),
    "source_file": pl.String(),
    "record": pl.Int32(),  # 1-based data record number in the file, for error messages
}

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DATE_FORMATS = ("%B %d, %Y", "%a, %m/%d/%Y - %H:%M", "%Y-%m-%d", "%m/%d/%Y")
_COORD = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


def _read(path: Path) -> pl.DataFrame:
    """The CSV as text columns; an unreadable, empty or cut file is a ParseError."""
    try:
        df = pl.read_csv(path, infer_schema=False, null_values=[""], encoding="utf8-lossy")
    except (pl.exceptions.PolarsError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ParseError(
            str(path),
            _("not a readable CSV file ({detail})").format(detail=first),
            hint=_("The file may be truncated; download the MMP export again."),
        ) from exc
    check_row_lengths(path)  # polars pads a row cut short with nulls
    return df


def _rename(df: pl.DataFrame, path: Path) -> pl.DataFrame:
    """Map published headers to canonical names; SchemaMismatch lists what is missing."""
    headers = {c.strip().lstrip("\ufeff"): c for c in df.columns}
    mapping, missing = {}, []
    either = " " + pgettext("between alternatives", "or") + " "
    for canon, names in COLUMNS.items():
        hit = next((headers[n] for n in names if n in headers), None)
        if hit is not None:
            mapping[hit] = canon
        elif canon not in OPTIONAL:
            missing.append(f"{canon} ({either.join(repr(n) for n in names)})")
    if missing:
        raise SchemaMismatch("IOM Missing Migrants", str(path), missing)
    return df.select([pl.col(h).alias(c) for h, c in mapping.items()])


def _int(text: str | None, path: Path, record: int, column: str) -> int | None:
    """A count cell as int (thousands separators allowed); blank -> None."""
    if text is None or not text.strip():
        return None
    clean = text.strip().replace(",", "")
    if not clean.isdigit():
        raise ParseError(
            str(path), _("expected a whole number"), row=record, column=column, value=text
        )
    return int(clean)


def _date(text: str | None, path: Path, record: int) -> date | None:
    """An incident date in any of the known MMP formats; blank -> None."""
    if text is None or not text.strip():
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ParseError(
        str(path),
        _("date not in a known MMP format (e.g. {example})").format(example="'March 23, 2021'"),
        row=record,
        column="reported_date",
        value=text,
    )


def _coords(text: str | None) -> tuple[float | None, float | None, str | None]:
    """COORD_ORDER: (lat, lon, note). A first value outside +-90 cannot be a latitude, so the
    pair was published as "lon, lat" and is swapped (noted); anything else unusable -> nulls."""
    if text is None or not text.strip():
        return None, None, None
    m = _COORD.match(text)
    if m:
        a, b = float(m.group(1)), float(m.group(2))
        if abs(a) <= 90 and abs(b) <= 180:
            return a, b, None
        if abs(b) <= 90 and abs(a) <= 180:
            return b, a, f"published as 'lon, lat' ({text.strip()}); swapped"
    return None, None, f"unusable coordinates as published: {text.strip()!r}"


def _month(text: str | None, path: Path, record: int) -> int | None:
    """ "Mar" / "March" -> 3; blank -> None."""
    if text is None or not text.strip():
        return None
    m = _MONTHS.get(text.strip()[:3].lower())
    if m is None:
        raise ParseError(
            str(path), _("month not recognised"), row=record, column="month", value=text
        )
    return m


def _typed(df: pl.DataFrame, path: Path) -> dict[str, list[object]]:
    """Column-wise typed values, converting cell by cell so errors name the record."""
    n = df.height
    typed_cols = (
        *COUNTS,
        "reported_date",
        "year",
        "month",
        "lat",
        "lon",
        "coordinates_note",
        "source_quality",
    )
    out: dict[str, list[object]] = {c: [None] * n for c in typed_cols}
    cols = {c: df[c].to_list() if c in df.columns else [None] * n for c in COLUMNS}
    for i in range(n):
        rec = i + 2  # file row: the header is row 1 (exact unless a field spans lines)
        for c in COUNTS:
            out[c][i] = _int(cols[c][i], path, rec, c)
        out["reported_date"][i] = _date(cols["reported_date"][i], path, rec)
        out["year"][i] = _int(cols["year"][i], path, rec, "year")
        out["month"][i] = _month(cols["month"][i], path, rec)
        out["lat"][i], out["lon"][i], out["coordinates_note"][i] = _coords(cols["coordinates"][i])
        q = _int(cols["source_quality"][i], path, rec, "source_quality")
        if q is not None and not 1 <= q <= 5:
            raise ParseError(
                str(path),
                _("source quality must be 1-5"),
                row=rec,
                column="source_quality",
                value=cols["source_quality"][i],
            )
        out["source_quality"][i] = q
    return out


def _require_values(raw: pl.DataFrame, typed: dict[str, list[object]], path: Path) -> None:
    """ParseError at the first record lacking a REQUIRED_VALUES field."""
    for c in REQUIRED_VALUES:
        values = typed[c] if c in typed else raw[c].to_list()
        i = next((i for i, v in enumerate(values) if v is None), None)
        if i is not None:
            raise ParseError(
                str(path),
                _("an incident has no value in a required field"),
                row=i + 2,
                column=c,
                hint=_("The file may be truncated; download it again."),
            )


def parse(path: Path) -> pl.DataFrame:
    """Read one MMP global export into typed canonical columns."""
    raw = _rename(_read(path), path)
    if raw.height == 0:
        raise ParseError(
            str(path),
            _("the file has a header but no incidents"),
            hint=_("The download looks truncated; download it again."),
        )
    typed = _typed(raw, path)
    _require_values(raw, typed, path)
    text_cols = [c for c in raw.columns if c not in typed and c != "coordinates"]
    return raw.select(pl.col(c).str.strip_chars() for c in text_cols).with_columns(
        *[pl.Series(c, v, dtype=SCHEMA[c]) for c, v in typed.items()],
        source_file=pl.lit(path.name),
        record=pl.int_range(1, raw.height + 1, dtype=pl.Int32()),
    )


def total_check(df: pl.DataFrame) -> pl.DataFrame:
    """TOTAL_CHECK: flag rows whose published total differs from dead + missing."""
    parts = pl.col("dead").fill_null(0) + pl.col("missing").fill_null(0)
    all_blank = pl.all_horizontal(
        pl.col(c).is_null() for c in ("dead", "missing", "dead_and_missing")
    )
    return df.with_columns(
        total_mismatch=pl.when(all_blank)
        .then(None)
        .otherwise(pl.col("dead_and_missing").fill_null(0) != parts)
    )


def clean(df: pl.DataFrame) -> pl.DataFrame:
    """Add the total check and conform to SCHEMA (pure)."""
    return conform(total_check(df).sort("reported_date", "web_id"), SCHEMA)


def fetch(session: requests.Session, dest: Path) -> list[Downloaded]:
    """Download the export from M_E_IOM_MMP_URL (the site offers no stable file link)."""
    url = os.environ.get(URL_ENV)
    if not url:
        raise SourceFetchError(
            NAME,
            URL,
            _("set {variable} to the CSV link on that page, or download {file} by hand").format(
                variable=URL_ENV, file="'MissingMigrants-Global-*.csv'"
            ),
        )
    name = f"MissingMigrants-Global-{date.today().isoformat()}.csv"
    return [Downloaded(tmp_path=http.download(session, url, NAME, dest), name=name, url=url)]


SPEC = SourceSpec(
    name=NAME,
    title="IOM Missing Migrants Project: incidents (SDG 10.7.3)",
    dataset=DATASET,
    schema=SCHEMA,
    locator=("web_id", "year"),
    publisher="International Organization for Migration (IOM), Missing Migrants Project",
    licence="Free use with attribution to IOM Missing Migrants Project",
    url=URL,
    raw_patterns=("MissingMigrants-Global-*.csv",),
    fetch=fetch,
    parse=parse,
    clean=clean,
    citation="IOM Missing Migrants Project, https://missingmigrants.iom.int",
    suite="etl.validation.suites.migration:iom_mmp_incidents_suite",
    demo="etl.demo.migration:demo_incidents",
)

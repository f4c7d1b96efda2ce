"""World Bank workbooks: country names -> ISO3, and reading sheet rows (KNOMAD + bilateral).

World Bank tables key on names only ("Congo, Dem. Rep.", "Egypt, Arab Rep.", "Kosovo"), not on
codes. `resolve` tries, in order: the explicit ALIASES below (World Bank spellings that
pycountry does not know, or knows differently), the AGGREGATES and RESIDUALS sets, and finally
an exact (case-insensitive) pycountry lookup of name / official name / common name. pycountry
never guesses: no fuzzy matching, so a misspelt name stays unmatched and is reported, not
silently mapped to a neighbour.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pycountry

from core.errors import ParseError
from core.i18n import _

Kind = Literal["economy", "aggregate", "residual"]

# World Bank spelling -> ISO3. Keys are compared after `normalise` (case, spacing, '&').
# Every entry was needed by a real file (KNOMAD 2023 tables, WB bilateral matrices 2017) or is
# the other spelling of such an entry used by a newer or older World Bank release.
ALIASES: dict[str, str] = {
    "Bahamas, The": "BHS",
    "Channel Islands": "CHI",
    "Congo, Dem. Rep.": "COD",
    "Congo, Rep.": "COG",
    "Cote d'Ivoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Curacao": "CUW",
    "Czechia": "CZE",
    "Egypt, Arab Rep.": "EGY",
    "Faeroe Islands": "FRO",
    "Faroe Islands": "FRO",
    "Gambia, The": "GMB",
    "Hong Kong SAR, China": "HKG",
    "Iran, Islamic Rep.": "IRN",
    "Korea, Dem. People's Rep.": "PRK",
    "Korea, Dem. Rep.": "PRK",
    "Korea, Rep.": "KOR",
    "Kosovo": "XKX",
    "Kyrgyz Republic": "KGZ",
    "Lao PDR": "LAO",
    "Macao SAR, China": "MAC",
    "Macedonia, FYR": "MKD",
    "Micronesia, Fed. Sts.": "FSM",
    "Slovak Republic": "SVK",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Martin (French part)": "MAF",
    "St. Vincent and the Grenadines": "VCT",
    "Swaziland": "SWZ",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "Türkiye": "TUR",
    "Türkiye, Rep. of": "TUR",
    "Venezuela, RB": "VEN",
    "Virgin Islands (U.S.)": "VIR",
    "British Virgin Islands": "VGB",
    "West Bank and Gaza": "PSE",
    "Yemen, Rep.": "YEM",
}

# Regional / income-group / world totals: iso3 null, is_aggregate True. Compared normalised.
AGGREGATES: frozenset[str] = frozenset(
    {
        "world",
        "total",
        "low and middle income",
        "low income",
        "lower middle income",
        "middle income",
        "upper middle income",
        "high income",
        "developing",
        "east asia and pacific",
        "europe and central asia",
        "latin america and caribbean",
        "latin america and the caribbean",
        "middle east and north africa",
        "middle east, north africa, afghanistan and pakistan",
        "north america",
        "south asia",
        "sub saharan africa",
        "euro area",
        "european union",
        "oecd members",
    }
)

# Residual groups of the bilateral matrices ("all other high-income / developing countries"):
# neither an economy nor a total, so they are kept with iso3 null.
RESIDUALS: frozenset[str] = frozenset({"other north", "other south"})

_SUFFIXES = re.compile(r"\s*(countries|economies)$")
_EXCLUDING = re.compile(r"\s*\(excluding high income\)$")


@dataclass(frozen=True)
class NameMatch:
    """How one published name was resolved."""

    name: str
    iso3: str | None
    kind: Kind


def normalise(name: str) -> str:
    """Case-, space- and punctuation-insensitive form of a name for dictionary look-ups."""
    text = " ".join(name.replace("\xa0", " ").split()).lower()
    text = text.replace("&", "and").replace("-", " ").replace("  ", " ")
    return " ".join(text.split())


def _aggregate_key(name: str) -> str:
    """Normalised name without "countries" or "(excluding high income)"."""
    key = _EXCLUDING.sub("", normalise(name))
    return _SUFFIXES.sub("", key)


_ALIAS_INDEX = {normalise(k): v for k, v in ALIASES.items()}


def _pycountry_iso3(name: str) -> str | None:
    """Exact pycountry look-up of a name (no fuzzy search); None if unknown."""
    # lookup() also matches 2/3-letter codes and numbers; names are longer, so guard on length.
    if len(name.strip()) <= 3:
        return None
    try:
        return str(pycountry.countries.lookup(name.strip()).alpha_3)
    except LookupError:
        return None


def resolve(name: str) -> NameMatch | None:
    """ISO3 and kind of a World Bank name; None if it is not known (caller reports it)."""
    key = normalise(name)
    if key in _ALIAS_INDEX:
        return NameMatch(name, _ALIAS_INDEX[key], "economy")
    if _aggregate_key(name) in AGGREGATES:
        return NameMatch(name, None, "aggregate")
    if key in RESIDUALS:
        return NameMatch(name, None, "residual")
    iso3 = _pycountry_iso3(name)
    return NameMatch(name, iso3, "economy") if iso3 else None


def resolve_all(names: Iterable[str]) -> tuple[dict[str, NameMatch], list[str]]:
    """Resolve distinct names; return the matches and the sorted list of unmatched names."""
    matches: dict[str, NameMatch] = {}
    unmatched: list[str] = []
    for name in sorted(set(names)):
        m = resolve(name)
        if m is None:
            unmatched.append(name)
        else:
            matches[name] = m
    return matches, unmatched


Row = tuple[object, ...]


def first_sheet(names: list[str]) -> str:
    """Sheet picker for single-sheet workbooks: the first sheet."""
    return names[0]


def read_rows(path: Path, pick: Callable[[list[str]], str] = first_sheet) -> list[Row]:
    """Cell values of one sheet (chosen by `pick` from the sheet names), row by row.

    A file that is not a readable .xlsx (truncated download, HTML error page saved as .xlsx)
    raises ParseError naming the file.
    """
    import openpyxl  # lazy: 0.4 s to import, and only parsing needs it (issue 14)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ParseError(
            str(path),
            _("not a readable Excel .xlsx workbook ({detail})").format(
                detail=f"{type(exc).__name__}: {exc}"
            ),
            hint=_("The download may be truncated or an error page; download the file again."),
        ) from exc
    try:
        return [tuple(r) for r in wb[pick(list(wb.sheetnames))].iter_rows(values_only=True)]
    finally:
        wb.close()

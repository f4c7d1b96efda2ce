"""Area codes beside ISO 3166 countries, ISO3 -> UN M49 numeric codes, and area names.

Used by the upload checks (which codes a long-format file may carry), the exports (M49 for the
`ref_area_m49` column and SDMX), the Open SDG importer, and every page and report that names an
area: `area_name`/`area_label` in English (pycountry, as the exports write them), and
`local_name`/`local_label`/`local_labels` in the reader's language (countries from CLDR via
Babel, aggregates from the catalogs: the World Bank's own French and Spanish names).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import pycountry
from babel import Locale

from core.i18n import LANGUAGES, N_, normalise, translator

# ref_area / counterpart_area codes that are not ISO 3166 countries but are allowed in the
# generic long format (indicator_long) only, because the project itself publishes them (so its
# own exports upload again): the world, every World Bank region / income / lending aggregate as
# the WDI files and the WB API publish them, the economy codes CHI (Channel Islands, WB/UN DESA)
# and XKX (Kosovo, WB), the RPW corridor codes KSV (Kosovo) and ANT (Netherlands Antilles, ISO
# code withdrawn in 2010), and the project's MMP region codes (indicators/compute/displacement.py
# REGION_CODES). The survey templates accept countries only.
_WB_AGGREGATES: dict[str, str] = {
    "WLD": N_("World"),
    "SSF": N_("Sub-Saharan Africa"),
    "LCN": N_("Latin America & Caribbean"),
    "EAS": N_("East Asia & Pacific"),
    "ECS": N_("Europe & Central Asia"),
    "MEA": N_("Middle East & North Africa"),
    "SAS": N_("South Asia"),
    "NAC": N_("North America"),
    "LMY": N_("Low & middle income"),
    "LIC": N_("Low income"),
    "LMC": N_("Lower middle income"),
    "UMC": N_("Upper middle income"),
    "HIC": N_("High income"),
    "AFE": N_("Africa Eastern and Southern"),
    "AFW": N_("Africa Western and Central"),
    "ARB": N_("Arab World"),
    "CEB": N_("Central Europe and the Baltics"),
    "CSS": N_("Caribbean small states"),
    "EAP": N_("East Asia & Pacific (excluding high income)"),
    "EAR": N_("Early-demographic dividend"),
    "ECA": N_("Europe & Central Asia (excluding high income)"),
    "EMU": N_("Euro area"),
    "EUU": N_("European Union"),
    "FCS": N_("Fragile and conflict affected situations"),
    "HPC": N_("Heavily indebted poor countries (HIPC)"),
    "IBD": N_("IBRD only"),
    "IBT": N_("IDA & IBRD total"),
    "IDA": N_("IDA total"),
    "IDB": N_("IDA blend"),
    "IDX": N_("IDA only"),
    "LAC": N_("Latin America & Caribbean (excluding high income)"),
    "LDC": N_("Least developed countries: UN classification"),
    "LTE": N_("Late-demographic dividend"),
    "MIC": N_("Middle income"),
    "MNA": N_("Middle East & North Africa (excluding high income)"),
    "OED": N_("OECD members"),
    "OSS": N_("Other small states"),
    "PRE": N_("Pre-demographic dividend"),
    "PSS": N_("Pacific island small states"),
    "PST": N_("Post-demographic dividend"),
    "SSA": N_("Sub-Saharan Africa (excluding high income)"),
    "SST": N_("Small states"),
    "TEA": N_("East Asia & Pacific (IDA & IBRD countries)"),
    "TEC": N_("Europe & Central Asia (IDA & IBRD countries)"),
    "TLA": N_("Latin America & the Caribbean (IDA & IBRD countries)"),
    "TMN": N_("Middle East & North Africa (IDA & IBRD countries)"),
    "TSA": N_("South Asia (IDA & IBRD)"),
    "TSS": N_("Sub-Saharan Africa (IDA & IBRD countries)"),
}
_MMP_REGIONS = "CARIB CAMER CASIA EASIA EUROPE HORN MED MEAST NAFR NAMER SAMER SASIA SEASIA SSAFR"
# TRANSLATORS: an IOM Missing Migrants Project region; {code} is its code (CARIB, HORN...)
_MMP_NAME = N_("IOM MMP region {code}")
_MMP_CODES = {f"MMP_{c}": c for c in [*_MMP_REGIONS.split(), "USMEX", "UNKNOWN"]}
_OTHER_AREAS: dict[str, str] = {
    "XKX": "Kosovo (World Bank code)",  # named "Kosovo" (NON_ISO_CODES; CLDR in fr/es)
    "CHI": "Channel Islands (World Bank / UN DESA code)",  # named as _CHANNEL_ISLANDS
    "KSV": N_("Kosovo (RPW code)"),
    "ANT": N_("Netherlands Antilles (RPW; former ISO 3166 code)"),
}
_CHANNEL_ISLANDS = N_("Channel Islands")
# Shares over the countries that uploaded here (indicators/compute/platform_area.py): no M49.
_PLATFORM = N_("Countries reporting on this platform (not World, not a region)")
AREA_CODES: dict[str, str] = {
    **_WB_AGGREGATES,
    **_OTHER_AREAS,
    **{code: _MMP_NAME.format(code=c) for code, c in _MMP_CODES.items()},
    "PLATFORM": _PLATFORM,
}
AREA_M49: dict[str, int] = {"WLD": 1, "CHI": 830}  # M49 of the non-country codes that have one


@cache
def m49_codes() -> dict[str, int]:
    """ISO3 -> UN M49 numeric code (ISO 3166 numeric for countries), plus AREA_M49 (WLD = 1)."""
    return {**{c.alpha_3: int(c.numeric) for c in pycountry.countries}, **AREA_M49}


# Codes that are used here but are not ISO 3166-1 alpha-3 assignments. Validators that check
# codes against pycountry must allow these.
NON_ISO_CODES: dict[str, str] = {
    "XKX": "Kosovo: code used by the World Bank, IMF and EU; not assigned in ISO 3166-1",
    "CHI": "Channel Islands: World Bank economy code (ISO 3166 has Jersey JEY and Guernsey GGY)",
}


@cache
def _economy_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes plus the World Bank economy codes that are not ISO."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(NON_ISO_CODES)


def is_aggregate_code(code: str | None) -> bool:
    """True unless `code` names an economy (ISO alpha-3, XKX or CHI); empty codes are aggregates."""
    return not code or code.strip().upper() not in _economy_codes()


def area_name(code: str) -> str:
    """English short name of an area: ISO 3166 country, WB economy or published aggregate."""
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is not None:
        return str(country.name)
    if code in NON_ISO_CODES:
        return NON_ISO_CODES[code].split(":")[0]
    return AREA_CODES.get(code, code)


def area_label(code: str) -> str:
    """'Kenya (KEN)', 'World (WLD)'; the bare code when nothing names it."""
    name = area_name(code)
    return f"{name} ({code})" if name != code else code


def _iso2(code: str) -> str | None:
    """The ISO 3166 alpha-2 code of an ISO3 code (XK for Kosovo, as CLDR has it), or None."""
    if code == "XKX":
        return "XK"
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return str(country.alpha_2) if country is not None else None


@lru_cache(maxsize=len(LANGUAGES))
def _local_names(lang: str) -> dict[str, str]:
    """Code -> name in `lang` of every country (CLDR) and every code of AREA_CODES (catalog)."""
    territories = Locale.parse(lang).territories
    _ = translator(lang).gettext
    names = {
        str(c.alpha_3): territories.get(str(c.alpha_2), str(c.name)) for c in pycountry.countries
    }
    names |= {code: _(name) for code, name in _WB_AGGREGATES.items()}
    names |= {code: _(name) for code, name in _OTHER_AREAS.items() if code in ("KSV", "ANT")}
    names |= {code: _(_MMP_NAME).format(code=c) for code, c in _MMP_CODES.items()}
    names |= {"XKX": territories.get("XK", "Kosovo"), "CHI": _(_CHANNEL_ISLANDS)}
    return names | {"PLATFORM": _(_PLATFORM)}


def local_name(code: str, lang: str) -> str:
    """An area's name in `lang` ('Kenia' es, "Côte d’Ivoire", 'Monde'); English = area_name."""
    lang = normalise(lang)
    if lang == "en":
        return area_name(code)
    return _local_names(lang).get(code, code)


def local_label(code: str, lang: str) -> str:
    """'Kenia (KEN)', 'Monde (WLD)'; the bare code when nothing names it (area_label in en)."""
    name = local_name(code, lang)
    return f"{name} ({code})" if name != code else code


def collation_key(name: str) -> str:
    """A sort key that ignores case and accents ('Égypte' between 'Équateur' and 'Érythrée')."""
    parts = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in parts if not unicodedata.combining(ch)).casefold()


def local_labels(codes: Iterable[str], lang: str) -> dict[str, str]:
    """Code -> local_label of `codes`, ordered by the local name (a picker's options/labels)."""
    names = {code: local_name(code, lang) for code in dict.fromkeys(codes)}
    ordered = sorted(names, key=lambda code: (collation_key(names[code]), code))
    return {code: local_label(code, lang) for code in ordered}

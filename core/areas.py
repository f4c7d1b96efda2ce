"""Area codes beside ISO 3166 countries, and ISO3 -> UN M49 numeric codes.

Used by the upload checks (which codes a long-format file may carry), the exports (M49 for the
`ref_area_m49` column and SDMX) and the Open SDG importer.
"""

from __future__ import annotations

from functools import cache

import pycountry

# ref_area / counterpart_area codes that are not ISO 3166 countries but are allowed in the
# generic long format (indicator_long) only, because the project itself publishes them (so its
# own exports upload again): the world, every World Bank region / income / lending aggregate as
# the WDI files and the WB API publish them, the economy codes CHI (Channel Islands, WB/UN DESA)
# and XKX (Kosovo, WB), the RPW corridor codes KSV (Kosovo) and ANT (Netherlands Antilles, ISO
# code withdrawn in 2010), and the project's MMP region codes (indicators/compute/displacement.py
# REGION_CODES). The survey templates accept countries only.
_WB_AGGREGATES = """WLD World
SSF Sub-Saharan Africa
LCN Latin America & Caribbean
EAS East Asia & Pacific
ECS Europe & Central Asia
MEA Middle East & North Africa
SAS South Asia
NAC North America
LMY Low & middle income
LIC Low income
LMC Lower middle income
UMC Upper middle income
HIC High income
AFE Africa Eastern and Southern
AFW Africa Western and Central
ARB Arab World
CEB Central Europe and the Baltics
CSS Caribbean small states
EAP East Asia & Pacific (excluding high income)
EAR Early-demographic dividend
ECA Europe & Central Asia (excluding high income)
EMU Euro area
EUU European Union
FCS Fragile and conflict affected situations
HPC Heavily indebted poor countries (HIPC)
IBD IBRD only
IBT IDA & IBRD total
IDA IDA total
IDB IDA blend
IDX IDA only
LAC Latin America & Caribbean (excluding high income)
LDC Least developed countries: UN classification
LTE Late-demographic dividend
MIC Middle income
MNA Middle East & North Africa (excluding high income)
OED OECD members
OSS Other small states
PRE Pre-demographic dividend
PSS Pacific island small states
PST Post-demographic dividend
SSA Sub-Saharan Africa (excluding high income)
SST Small states
TEA East Asia & Pacific (IDA & IBRD countries)
TEC Europe & Central Asia (IDA & IBRD countries)
TLA Latin America & the Caribbean (IDA & IBRD countries)
TMN Middle East & North Africa (IDA & IBRD countries)
TSA South Asia (IDA & IBRD)
TSS Sub-Saharan Africa (IDA & IBRD countries)"""
_MMP_REGIONS = "CARIB CAMER CASIA EASIA EUROPE HORN MED MEAST NAFR NAMER SAMER SASIA SEASIA SSAFR"
AREA_CODES: dict[str, str] = {
    **{line[:3]: line[4:] for line in _WB_AGGREGATES.splitlines()},
    "XKX": "Kosovo (World Bank code)",
    "CHI": "Channel Islands (World Bank / UN DESA code)",
    "KSV": "Kosovo (RPW code)",
    "ANT": "Netherlands Antilles (RPW; former ISO 3166 code)",
    **{f"MMP_{c}": f"IOM MMP region {c}" for c in [*_MMP_REGIONS.split(), "USMEX", "UNKNOWN"]},
    # Shares over the countries that uploaded here (indicators/compute/platform_area.py): no M49.
    "PLATFORM": "Countries reporting on this platform (not World, not a region)",
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

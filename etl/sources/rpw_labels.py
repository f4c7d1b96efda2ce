"""Label vocabularies of the RPW workbook and how each maps to the contract codes.

The vocabularies were checked against public code that reads the 2011-2025 workbook (column
names, the Legend's "changes as of Q2 2016", firm types, speed bands, instrument strings). Every
map is keyed by a normalised key: lower case, whitespace collapsed, trimmed, so that case and
spacing variants (`Credit Card` / `Credit card`, `Post Office` / `Post office`) meet.
"""

from __future__ import annotations

import math
import re

# Legacy sheet (up to Q1 2016) header -> current sheet (from Q2 2016) header (Legend, Q2 2016).
LEGACY_RENAMES: dict[str, str] = {
    "product": "payment instrument",
    "sending location": "access point",
    "coverage": "receiving network coverage",
    "pick-up method": "pickup method",
    "note1": "Standard Note",
}

# Current-sheet header -> contract column (RPW_QUOTES), for the text columns kept as published.
TEXT_COLUMNS: dict[str, str] = {
    "period": "period",
    "id": "quote_id",
    "source_code": "source_code",
    "source_name": "source_name",
    "source_region": "source_region",
    "source_income": "source_income",
    "destination_code": "destination_code",
    "destination_name": "destination_name",
    "destination_region": "destination_region",
    "destination_income": "destination_income",
    "corridor": "corridor",
    "firm": "firm",
    "firm_type": "firm_type",
    "payment instrument": "payment_instrument",
    "pickup method": "pickup_method",
    "access point": "access_point",
    "speed actual": "speed_actual",
    "transparent": "transparent",
    "receiving network coverage": "receiving_network_coverage",
    "pickup location": "pickup_location",
    "cc1 lcu code": "cc1_lcu_code",
    "cc2 lcu code": "cc2_lcu_code",
    "Standard Note": "note1",
    "note2": "note2",
    "date": "date",
}

_BLOCK = ("lcu amount", "denomination amount", "lcu fee", "lcu fx rate", "fx margin")
# Numeric headers -> contract column. "total cost %" has no underscore-friendly name.
NUMERIC_COLUMNS: dict[str, str] = {
    **{f"{cc} {f}": f"{cc}_{f.replace(' ', '_')}" for cc in ("cc1", "cc2") for f in _BLOCK},
    "cc1 total cost %": "cc1_total_cost_pct",
    "cc2 total cost %": "cc2_total_cost_pct",
    "inter lcu bank fx": "inter_lcu_bank_fx",
}

# Headers both sheets must have (after the legacy renames); `pickup location` is current only.
REQUIRED_COLUMNS: tuple[str, ...] = tuple(
    c for c in [*TEXT_COLUMNS, *NUMERIC_COLUMNS] if c != "pickup location"
)

# Cells that mean "not provided" in numeric and date columns. `..` is the workbook's own marker.
MISSING_MARKERS: tuple[str, ...] = ("", "..", "N/A", "n/a", "NA", "-")
# In the country-attribute columns only `..` (and blanks) mean "not provided".
COUNTRY_ATTRIBUTE_COLUMNS = (
    "source_region",
    "source_income",
    "destination_region",
    "destination_income",
)

# Kosovo: `KSV` in destination_code (and the Countries sheet), `XKX` in corridor.
COUNTRY_CODE_FIXES: dict[str, str] = {"KSV": "XKX"}

# Normalised firm_type part -> published label used everywhere downstream.
FIRM_TYPE_LABELS: dict[str, str] = {
    "bank": "Bank",
    "money transfer operator": "Money Transfer Operator",
    "mto": "Money Transfer Operator",
    "post office": "Post Office",
    "mobile operator": "Mobile Operator",
    "non-bank fi": "Non-bank FI",
    "credit union": "Credit Union",
    "building society": "Building Society",
}
# Published label -> contract provider type. Mixed types ("Bank/Money Transfer Operator") take
# the FIRST listed type [VERIFY: the RPW reports do not say how mixed firms are counted].
PROVIDER_TYPES: dict[str, str] = {
    "Bank": "BANK",
    "Money Transfer Operator": "MTO",
    "Post Office": "POST",
    "Mobile Operator": "MOBILE",
}

# Speed band (normalised) -> upper bound in days. "Less than one hour" is 1/24 day. "Same day"
# is delivered by the end of the sending day (<= 1), "Next day" by the end of the following
# day (<= 2). "6 days or more" has no upper bound: +inf, so `speed_max_days <= 5` (SmaRT) is
# False for it, while a null stays "unknown" (N/A, blank, unrecognised band).
SPEED_MAX_DAYS: dict[str, float] = {
    "less than one hour": 1 / 24,
    "same day": 1.0,
    "next day": 2.0,
    "2 days": 2.0,
    "1-3 days": 3.0,
    "3-5 days": 5.0,
    "6 days or more": math.inf,
}

INSTRUMENT_ORDER: tuple[str, ...] = ("CASH", "ACCOUNT", "CARD", "MOBILE", "OTHER")


def instrument_code(token: str) -> str:
    """Contract code of one instrument label (funding or payout), e.g. 'Mobile money' -> MOBILE.

    Legacy `product` labels name both ends ("Cash to Account"): the funding side is the part
    before " to " (the caller passes that part). Home delivery and ATM pick-up are OTHER.
    """
    t = " ".join(token.lower().split())
    if "card" in t:
        return "CARD"
    if "mobile" in t or "wallet" in t:
        return "MOBILE"
    if "account" in t or t in {"bank", "bank transfer", "online banking"}:
        return "ACCOUNT"
    if t == "cash" or t.startswith("cash "):
        return "CASH"
    return "OTHER"


def instrument_codes(label: str | None, *, funding_side: bool) -> list[str] | None:
    """Ordered, de-duplicated codes of a comma-joined label; None when missing or 'N/A'."""
    if label is None or label.strip() in MISSING_MARKERS:
        return None
    codes = set()
    for part in label.split(","):
        part = part.strip()
        if funding_side and " to " in part.lower():
            part = part[: part.lower().index(" to ")]
        if part:
            codes.add(instrument_code(part))
    return [c for c in INSTRUMENT_ORDER if c in codes] or None


# World Bank region name (normalised: lower case, & -> and, no punctuation) -> region code.
REGION_CODES: dict[str, str] = {
    "sub saharan africa": "SSF",
    "latin america and caribbean": "LCN",
    "latin america and the caribbean": "LCN",
    "east asia and pacific": "EAS",
    "europe and central asia": "ECS",
    "middle east and north africa": "MEA",
    # 2024 reclassification seen in the current sheet [VERIFY the code the WB uses for it]
    "middle east north africa afghanistan and pakistan": "MEA",
    "south asia": "SAS",
    "north america": "NAC",
}


def _key(label: str) -> str:
    """Normalised label key: lower case, whitespace collapsed."""
    return " ".join(label.lower().split())


def firm_type_label(label: str) -> str:
    """Case/spacing variants -> one label per part, e.g. 'post  office' -> 'Post Office'."""
    parts = [p.strip() for p in label.split("/") if p.strip()]
    return "/".join(FIRM_TYPE_LABELS.get(_key(p), " ".join(p.split())) for p in parts)


def provider_type(label: str) -> str:
    """Contract provider type of a normalised firm_type (first listed part)."""
    return PROVIDER_TYPES.get(firm_type_label(label).split("/")[0], "OTHER")


def speed_days(label: str) -> float | None:
    """Upper bound (days) of a speed band, None if not a known band."""
    return SPEED_MAX_DAYS.get(re.sub(r"\s*-\s*", "-", _key(label)))


def region_code(label: str) -> str | None:
    """World Bank region code of a region name ('Sub-Saharan Africa' -> 'SSF')."""
    key = re.sub(r"\(.*?\)", "", label.lower().replace("&", " and "))
    return REGION_CODES.get(" ".join(re.sub(r"[^a-z ]", " ", key).split()))

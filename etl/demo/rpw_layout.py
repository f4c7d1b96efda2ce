"""Countries, corridors and the workbook writer behind etl/demo/synthetic_rpw.py (quirks too)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook

# ISO3 -> (name, region, income, lending, G8G20, units per USD, currency). Approximate rates.
_SSF, _LCN, _EAS, _ECS, _MEA, _SAS, _NAC = (
    "Sub-Saharan Africa",
    "Latin America & Caribbean",
    "East Asia & Pacific",
    "Europe & Central Asia",
    "Middle East & North Africa",
    "South Asia",
    "North America",
)
_HI, _UM, _LM, _LI = "High income", "Upper middle income", "Lower middle income", "Low income"
COUNTRIES: dict[str, tuple[str, str, str, str, str, float, str]] = {
    "USA": ("United States", _NAC, _HI, "..", "G8", 1.0, "USD"),
    "GBR": ("United Kingdom", _ECS, _HI, "..", "G8", 0.79, "GBP"),
    "DEU": ("Germany", _ECS, _HI, "..", "G8", 0.92, "EUR"),
    "FRA": ("France", _ECS, _HI, "..", "G8", 0.92, "EUR"),
    "ITA": ("Italy", _ECS, _HI, "..", "G8", 0.92, "EUR"),
    "ESP": ("Spain", _ECS, _HI, "..", "Other", 0.92, "EUR"),
    "CHE": ("Switzerland", _ECS, _HI, "..", "Other", 0.88, "CHF"),
    "CAN": ("Canada", _NAC, _HI, "..", "G8", 1.36, "CAD"),
    "AUS": ("Australia", _EAS, _HI, "..", "G20", 1.52, "AUD"),
    "JPN": ("Japan", _EAS, _HI, "..", "G8", 150.0, "JPY"),
    "KOR": ("Korea, Rep.", _EAS, _HI, "..", "G20", 1330.0, "KRW"),
    "SAU": ("Saudi Arabia", _MEA, _HI, "..", "G20", 3.75, "SAR"),
    "ARE": ("United Arab Emirates", _MEA, _HI, "..", "Other", 3.6725, "AED"),
    "QAT": ("Qatar", _MEA, _HI, "..", "Other", 3.64, "QAR"),
    "RUS": ("Russian Federation", _ECS, _UM, "IBRD", "G8", 90.0, "RUB"),
    "ZAF": ("South Africa", _SSF, _UM, "IBRD", "G20", 18.5, "ZAR"),
    "KEN": ("Kenya", _SSF, _LM, "Blend", "Other", 130.0, "KES"),
    "MEX": ("Mexico", _LCN, _UM, "IBRD", "G20", 17.0, "MXN"),
    "GTM": ("Guatemala", _LCN, _UM, "IBRD", "Other", 7.8, "GTQ"),
    "SLV": ("El Salvador", _LCN, _LM, "IBRD", "Other", 1.0, "USD"),
    "HND": ("Honduras", _LCN, _LM, "IDA", "Other", 24.7, "HNL"),
    "COL": ("Colombia", _LCN, _UM, "IBRD", "Other", 3900.0, "COP"),
    "PHL": ("Philippines", _EAS, _LM, "IBRD", "Other", 56.0, "PHP"),
    "VNM": ("Viet Nam", _EAS, _LM, "IBRD", "Other", 24500.0, "VND"),
    "CHN": ("China", _EAS, _UM, "IBRD", "G20", 7.2, "CNY"),
    "IND": ("India", _SAS, _LM, "IBRD", "G20", 83.0, "INR"),
    "PAK": ("Pakistan", _SAS, _LM, "Blend", "Other", 280.0, "PKR"),
    "BGD": ("Bangladesh", _SAS, _LM, "IDA", "Other", 110.0, "BDT"),
    "NPL": ("Nepal", _SAS, _LM, "IDA", "Other", 133.0, "NPR"),
    "NGA": ("Nigeria", _SSF, _LM, "Blend", "Other", 1500.0, "NGN"),
    "GHA": ("Ghana", _SSF, _LM, "IDA", "Other", 14.0, "GHS"),
    "UGA": ("Uganda", _SSF, _LI, "IDA", "Other", 3800.0, "UGX"),
    "TZA": ("Tanzania", _SSF, _LM, "IDA", "Other", 2500.0, "TZS"),
    "RWA": ("Rwanda", _SSF, _LI, "IDA", "Other", 1300.0, "RWF"),
    "ZWE": ("Zimbabwe", _SSF, _LM, "Blend", "Other", 1.0, "USD"),
    "MWI": ("Malawi", _SSF, _LI, "IDA", "Other", 1700.0, "MWK"),
    "LSO": ("Lesotho", _SSF, _LM, "IDA", "Other", 18.5, "LSL"),
    "MOZ": ("Mozambique", _SSF, _LI, "IDA", "Other", 64.0, "MZN"),
    "SEN": ("Senegal", _SSF, _LM, "IDA", "Other", 605.0, "XOF"),
    "TJK": ("Tajikistan", _ECS, _LM, "IDA", "Other", 10.9, "TJS"),
    "UZB": ("Uzbekistan", _ECS, _LM, "Blend", "Other", 12600.0, "UZS"),
    "KGZ": ("Kyrgyz Republic", _ECS, _LM, "IDA", "Other", 89.0, "KGS"),
    "XKX": ("Kosovo", _ECS, _UM, "IDA", "Other", 0.92, "EUR"),
    "ALB": ("Albania", _ECS, _UM, "IBRD", "Other", 95.0, "ALL"),
    "MAR": ("Morocco", _MEA, _LM, "IBRD", "Other", 10.0, "MAD"),
    "EGY": ("Egypt, Arab Rep.", _MEA, _LM, "IBRD", "Other", 48.0, "EGP"),
}
# (sending, receiving, base total cost %, surveyed before Q2 2016).
# fmt: off
CORRIDORS: tuple[tuple[str, str, float, bool], ...] = (
    ("USA", "MEX", 4.5, True), ("USA", "GTM", 4.8, True), ("USA", "SLV", 3.9, True),
    ("USA", "HND", 5.0, False), ("USA", "COL", 5.2, True), ("USA", "PHL", 4.2, True),
    ("USA", "IND", 4.0, True), ("USA", "CHN", 6.8, True), ("USA", "VNM", 5.5, False),
    ("USA", "NGA", 6.0, True), ("USA", "KEN", 6.5, False), ("GBR", "KEN", 7.5, True),
    ("GBR", "IND", 4.3, True), ("GBR", "PAK", 4.8, True), ("GBR", "NGA", 6.2, True),
    ("GBR", "GHA", 6.8, False), ("GBR", "BGD", 4.6, True), ("GBR", "UGA", 8.0, False),
    ("GBR", "ZWE", 9.5, False), ("DEU", "XKX", 6.0, True), ("CHE", "XKX", 7.0, False),
    ("DEU", "ALB", 7.5, True), ("ITA", "MAR", 5.5, True), ("ESP", "MAR", 5.0, True),
    ("FRA", "SEN", 7.2, True), ("FRA", "MAR", 6.0, False), ("ARE", "IND", 2.9, True),
    ("ARE", "PAK", 3.0, True), ("ARE", "PHL", 3.3, True), ("ARE", "BGD", 3.2, False),
    ("ARE", "NPL", 3.4, False), ("SAU", "PAK", 3.5, True), ("SAU", "IND", 3.4, True),
    ("SAU", "EGY", 4.2, True), ("QAT", "NPL", 3.8, False), ("RUS", "TJK", 1.6, True),
    ("RUS", "UZB", 1.5, True), ("RUS", "KGZ", 1.7, True), ("ZAF", "ZWE", 11.5, True),
    ("ZAF", "MWI", 13.0, True), ("ZAF", "LSO", 10.0, False), ("ZAF", "MOZ", 12.5, True),
    ("KEN", "UGA", 8.5, False), ("KEN", "TZA", 9.0, True), ("KEN", "RWA", 9.5, False),
    ("CAN", "IND", 5.0, True), ("CAN", "PHL", 6.0, False), ("AUS", "PHL", 6.5, True),
    ("AUS", "VNM", 7.0, False), ("JPN", "PHL", 8.5, True), ("KOR", "VNM", 5.5, False),
)
# fmt: on

_COUNTRY = ["code", "name", "region", "income", "lending", "G8G20"]
_COST = [
    "lcu amount",
    "denomination amount",
    "lcu code",
    "lcu fee",
    "lcu fx rate",
    "fx margin",
    "total cost %",
]
_HEAD = [
    "id",
    "period",
    *[f"source_{c}" for c in _COUNTRY],
    *[f"destination_{c}" for c in _COUNTRY],
    "firm",
    "firm_type",
]
_COSTS = [f"{cc} {c}" for cc in ("cc1", "cc2") for c in _COST] + [
    "inter lcu bank fx",
    "transparent",
]
CURRENT_COLUMNS = [
    *_HEAD,
    "payment instrument",
    "access point",
    "speed actual",
    *_COSTS,
    "Standard Note",
    "note2",
    "receiving network coverage",
    "pickup location",
    "pickup method",
    "date",
    "corridor",
]
LEGACY_COLUMNS = [
    *_HEAD,
    "product",
    "sending location",
    "speed actual",
    *_COSTS,
    "note1",
    "note2",
    "coverage",
    "pick-up method",
    "date",
    "corridor",
]
NUMERIC_HEADERS = [c for c in _COSTS if "code" not in c and c != "transparent"]
TEXT_NUMERIC_PERIODS = ("2024_3Q", "2024_4Q")  # every numeric cell stored as text
EXCEL_DATE_YEAR = 2025  # dates are Excel date cells from this year on, text dd/Mon/yyyy before
FORMULA_ROWS = 5  # first current-sheet rows whose corridor is a formula with a cached value
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _variants(df: pl.DataFrame) -> pl.DataFrame:
    """Case and spacing variants, '..', KSV, legacy 'N/A' and one zero interbank rate."""
    i = pl.int_range(pl.len())
    col = pl.col
    old = col("period") < "2016_2Q"
    return df.with_columns(
        *[
            pl.when(i % 397 == 11).then(pl.lit("..")).otherwise(col(c)).alias(c)
            for c in ("source_region", "destination_income", "source_lending", "destination_G8G20")
        ],
        col("destination_code").replace({"XKX": "KSV"}),
        pl.when(i % 2 == 1)
        .then(col("payment instrument").str.replace("Credit card", "Credit Card"))
        .otherwise(col("payment instrument")),
        pl.when(i % 2 == 1)
        .then(col("firm_type").str.replace("Post Office", "Post office"))
        .when(i % 50 == 0)
        .then(col("firm_type").str.replace("Transfer Operator", "Transfer  Operator"))
        .otherwise(col("firm_type")),
        pl.when(old & (i % 103 == 4))
        .then(pl.lit("N/A"))
        .when(i % 3 == 0)
        .then(col("speed actual").str.replace("Next day", "Next Day"))
        .when(i % 4 == 0)
        .then(col("speed actual").str.replace("Less than one hour", "less than one hour"))
        .when(i % 5 == 0)
        .then(col("speed actual").str.replace("3-5 days", "3-5 Days"))
        .otherwise(col("speed actual"))
        .alias("speed actual"),
        pl.when(i % 7 == 0)
        .then(col("firm") + " ")
        .when(i % 11 == 0)
        .then(col("firm").str.to_uppercase())
        .otherwise(col("firm")),
        pl.when(old & (i % 101 == 3))
        .then(pl.lit("N/A"))
        .otherwise(col("product"))
        .alias("product"),
        pl.when(old & (i % 107 == 5))
        .then(pl.lit("N/A"))
        .otherwise(col("coverage"))
        .alias("coverage"),
    )


def _duplicates(df: pl.DataFrame) -> pl.DataFrame:
    """Rows duplicated apart from `id` (right after their original), and one zero interbank fx."""
    legacy = pl.col("period") < "2016_2Q"
    df = df.with_columns(pl.int_range(pl.len()).alias("_ord"), legacy.alias("_old"))
    df = df.with_columns(pl.int_range(pl.len()).over("_old").alias("_k"))
    zero_fx = ~pl.col("_old") & (pl.col("_k") == 2) & (pl.col("transparent") != "no")
    df = df.with_columns(
        pl.when(zero_fx).then(0.0).otherwise(pl.col("inter lcu bank fx")).alias("inter lcu bank fx")
    )
    dups = df.filter(pl.col("_k") % 700 == 1).with_columns(
        (pl.lit(10_000_000) + pl.col("_k")).cast(pl.String).alias("id"), pl.col("_ord") + 0.5
    )
    both = pl.concat([df.with_columns(pl.col("_ord").cast(pl.Float64)), dups])
    return both.sort("_ord").drop("_ord", "_old", "_k")


def _as_text(v: object) -> object:
    """A number as the text the 2024_3Q/4Q rows hold ('200.00'), exact on re-reading."""
    if not isinstance(v, float):
        return v if v is None else str(v)
    return f"{v:.2f}" if round(v, 2) == v else repr(v)


def _sheet_rows(df: pl.DataFrame, columns: list[str], quirks: bool) -> list[list]:
    """Cell values per row, with text numerics, date forms, formulas and helper columns."""
    cols: dict[str, list[Any]] = {
        c: df.get_column(c).to_list() if c in df.columns else [None] * df.height for c in columns
    }
    periods = cols["period"]
    for n, period in enumerate(periods):
        text = quirks and period in TEXT_NUMERIC_PERIODS
        if text:
            for c in [*NUMERIC_HEADERS, "id"]:
                cols[c][n] = _as_text(cols[c][n])
        d = cols["date"][n]
        if quirks and d is not None and d.year < EXCEL_DATE_YEAR:
            cols["date"][n] = f"{d.day:02d}/{_MONTHS[d.month - 1]}/{d.year}"
    rows = [list(r) for r in zip(*cols.values(), strict=True)]
    if quirks and periods and "pickup method" in columns:
        latest = max(periods)
        for r in rows:
            if r[1] == latest:  # five unlabeled helper columns after `corridor`
                r += [int(latest[:4]), r[2] + latest[:4], r[8] + latest[:4], r[-1], 1]
        for n, r in enumerate(rows[:FORMULA_ROWS]):
            if r[8] != "KSV":
                r[-1 if len(r) == len(columns) else len(columns) - 1] = f"=C{n + 2}&I{n + 2}"
    return rows


_INLINE = re.compile(
    rb'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is>(<t[^>]*>)([^<]*)</t></is></c>'
)
_FORMULA = re.compile(rb'<c r="([A-Z]+\d+)"><f>([^<]*)</f><v\s*/></c>')
_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _rewrite(xml: bytes, strings: dict[bytes, int], cached: dict[str, str]) -> bytes:
    """Inline strings -> shared-string indices (as Excel saves), formulas -> cached values."""

    def shared(m: re.Match[bytes]) -> bytes:
        idx = strings.setdefault(m[3] + m[4], len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m[1], m[2] or b"", idx)

    def formula(m: re.Match[bytes]) -> bytes:
        value = cached[m[1].decode()].encode()
        return b'<c r="%s" t="str"><f>%s</f><v>%s</v></c>' % (m[1], m[2], value)

    return _FORMULA.sub(formula, _INLINE.sub(shared, xml))


def _finish(path: Path, sheets: tuple[str, ...], cached: dict[str, str]) -> None:
    """Stream the saved workbook once: shared strings for `sheets`, cached formula values."""
    tmp, strings = path.with_suffix(".tmp"), dict[bytes, int]()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data_in = src.open(info)
            with data_in, dst.open(info.filename, "w") as out:
                if info.filename not in sheets:
                    text = data_in.read()
                    if info.filename == "[Content_Types].xml":
                        text = text.replace(
                            b"</Types>",
                            b'<Override PartName="/xl/sharedStrings'
                            b'.xml" ContentType="%s" /></Types>' % _SST.encode(),
                        )
                    elif info.filename == "xl/_rels/workbook.xml.rels":
                        text = text.replace(
                            b"</Relationships>",
                            b'<Relationship Type="%s" '
                            b'Target="sharedStrings.xml" Id="rIdSst" />'
                            b"</Relationships>" % _SST_REL.encode(),
                        )
                    out.write(text)
                    continue
                rest = b""
                while chunk := data_in.read(8 << 20):
                    buf = rest + chunk
                    cut = max(buf.rfind(b"</row>") + 6, 0)  # rewrite whole rows only
                    out.write(_rewrite(buf[:cut], strings, cached))
                    rest = buf[cut:]
                out.write(_rewrite(rest, strings, cached))
        body = b"".join(b"<si>%s</t></si>" % s for s in strings)
        head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        dst.writestr(
            "xl/sharedStrings.xml", head + b'uniqueCount="%d">%s</sst>' % (len(strings), body)
        )
    tmp.replace(path)


def write_workbook(path: Path, quotes: pl.DataFrame, *, quirks: bool = True) -> Path:
    """Terms of Use, Methodology, Legend, Countries and both dataset sheets, as published."""
    df = _duplicates(_variants(quotes)) if quirks else quotes
    wb = Workbook(write_only=True)
    for title in ("Terms of Use", "Methodology"):
        wb.create_sheet(title)  # the real text sits in drawing boxes
    legend = wb.create_sheet("Legend")
    for row in (
        ["Field", "Definition"],
        ["cc1", "USD 200 sent"],
        ["cc2", "USD 500 sent"],
        ["Changes as of Q2 2016", ""],
        ["sending location", 'renamed "access point"'],
    ):
        legend.append(row)
    countries = wb.create_sheet("Countries")
    countries.append(["Remittance Prices Worldwide: countries"])
    countries.append(["Code", "Country", "Region", "Income group", "Lending category", "G8/G20"])
    for iso, (name, region, income, lending, g, *_r) in COUNTRIES.items():
        code = "KSV" if quirks and iso == "XKX" else iso
        countries.append([code, name, region, income, lending, g])
    cached = {}
    for title, columns, legacy in (
        ("Dataset (up to Q1 2016)", LEGACY_COLUMNS, True),
        ("Dataset (from Q2 2016)", CURRENT_COLUMNS, False),
    ):
        part = df.filter((pl.col("period") < "2016_2Q") == legacy)
        ws = wb.create_sheet(title)
        ws.append(columns)
        for n, row in enumerate(_sheet_rows(part, columns, quirks)):
            ws.append(row)
            if (
                not legacy
                and isinstance(row[len(columns) - 1], str)
                and row[len(columns) - 1][:1] == "="
            ):
                cached[f"AP{n + 2}"] = part["corridor"][n]
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    _finish(path, ("xl/worksheets/sheet5.xml", "xl/worksheets/sheet6.xml"), cached)
    return path

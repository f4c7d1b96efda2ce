"""RPW workbook: parse keeps every row and survives every quirk; clean maps labels and numbers."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from core.errors import ParseError, SchemaMismatch
from etl.demo.rpw_layout import CURRENT_COLUMNS
from etl.demo.synthetic_rpw import generate_quotes, write_quotes_workbook
from etl.schemas import RPW_QUOTES
from etl.sources import rpw
from etl.sources.rpw_labels import REQUIRED_COLUMNS

N, SEED = 600, 3


@pytest.fixture(scope="module")
def quotes() -> pl.DataFrame:
    """The generated quotes behind the workbook (before the writer's quirks)."""
    return generate_quotes(N, SEED)


@pytest.fixture(scope="module")
def workbook(quotes: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workbook with every quirk of the real file."""
    path = tmp_path_factory.mktemp("rpw") / "rpw_dataset_2011_2025_q3.xlsx"
    return write_quotes_workbook(path, quotes, quirks=True)


@pytest.fixture(scope="module")
def raw(workbook: Path) -> pl.DataFrame:
    """parse() of the workbook."""
    return rpw.parse(workbook)


@pytest.fixture(scope="module")
def clean(raw: pl.DataFrame) -> pl.DataFrame:
    """clean() of the parsed workbook."""
    return rpw.clean(raw)


def _by_key(clean: pl.DataFrame, quotes: pl.DataFrame) -> pl.DataFrame:
    """Clean rows joined to the generated quote they came from (period + id)."""
    gen = quotes.select("period", pl.col("id").alias("quote_id"), pl.all().name.prefix("gen_"))
    return clean.join(gen, on=["period", "quote_id"], how="inner")


def test_every_row_kept_per_sheet(
    raw: pl.DataFrame, clean: pl.DataFrame, quotes: pl.DataFrame
) -> None:
    legacy = quotes.filter(pl.col("period") < "2016_2Q").height
    # the writer adds one duplicate-apart-from-id per sheet at this size (k % 700 == 1)
    counts = dict(raw.group_by("sheet").len().iter_rows())
    assert counts == {"up to Q1 2016": legacy + 1, "from Q2 2016": N - legacy + 1}
    assert clean.height == N + 2
    assert clean["sheet_row"].filter(clean["sheet"] == "from Q2 2016").to_list()[:3] == [2, 3, 4]


def test_legacy_columns_renamed(raw: pl.DataFrame) -> None:
    for new in (
        "payment instrument",
        "access point",
        "receiving network coverage",
        "pickup method",
        "Standard Note",
    ):
        assert new in raw.columns
    assert not {"product", "sending location", "coverage", "pick-up method", "note1"} & set(
        raw.columns
    )
    legacy = raw.filter(pl.col("sheet") == "up to Q1 2016")
    assert legacy["payment instrument"].drop_nulls().str.contains(" to |N/A").all()
    assert (
        legacy["receiving network coverage"]
        .is_in(["Nationwide", "Major cities", "Main city", "Urban only", "Rural only", "N/A"])
        .all()
    )


def test_unnamed_helper_columns_dropped(workbook: Path, raw: pl.DataFrame) -> None:
    sheet = pl.read_excel(workbook, sheet_name="Dataset (from Q2 2016)", infer_schema_length=0)
    assert sum(c.startswith("__UNNAMED__") for c in sheet.columns) == 5
    assert not [c for c in raw.columns if c.startswith("__UNNAMED__")]


def test_text_numeric_quarters_parse_to_the_generated_floats(
    clean: pl.DataFrame, quotes: pl.DataFrame
) -> None:
    joined = _by_key(clean, quotes).filter(pl.col("period").is_in(["2024_3Q", "2024_4Q"]))
    assert joined.height > 0
    for col, gen in (
        ("cc1_lcu_fee", "gen_cc1 lcu fee"),
        ("cc1_total_cost_pct", "gen_cc1 total cost %"),
        ("cc2_lcu_fx_rate", "gen_cc2 lcu fx rate"),
        ("inter_lcu_bank_fx", "gen_inter lcu bank fx"),
    ):
        assert (joined[col] == joined[gen]).all(), col


def test_both_date_forms_parse(
    raw: pl.DataFrame, clean: pl.DataFrame, quotes: pl.DataFrame
) -> None:
    forms = raw.group_by(pl.col("period").str.slice(0, 4) == "2025").agg(pl.col("date").first())
    assert sorted(forms["date"].str.contains("/").to_list()) == [False, True]  # Excel and text
    joined = _by_key(clean, quotes)
    assert (joined["quote_date"] == joined["gen_date"]).all()
    assert joined.filter(pl.col("year") == 2025).height > 0


def test_kosovo_code_normalised_corridor_kept(raw: pl.DataFrame, clean: pl.DataFrame) -> None:
    assert "KSV" in raw["destination_code"].to_list()
    kosovo = clean.filter(pl.col("destination_name") == "Kosovo")
    assert kosovo.height > 0
    assert set(kosovo["destination_code"]) == {"XKX"}
    assert set(kosovo["corridor"].str.slice(3)) == {"XKX"}
    assert "KSV" not in clean["destination_code"].to_list()


def test_formula_corridors_read_from_cache(clean: pl.DataFrame) -> None:
    first = clean.filter(pl.col("sheet") == "from Q2 2016").head(5)
    assert (first["corridor"] == first["source_code"] + first["destination_code"]).all()


def test_dots_become_null(raw: pl.DataFrame, clean: pl.DataFrame) -> None:
    dotted = raw.with_row_index().filter(pl.col("source_region") == "..")["index"].to_list()
    assert dotted
    assert clean[dotted, "source_region"].is_null().all()
    assert clean["destination_region_code"].null_count() == 0


def test_negative_costs_and_duplicates_kept(clean: pl.DataFrame, quotes: pl.DataFrame) -> None:
    negative = quotes.filter(pl.col("cc1 total cost %") < 0).height
    assert negative > 0
    assert clean.filter(pl.col("cc1_total_cost_pct") < 0).height >= negative
    dup = clean.filter(pl.col("quote_id").str.starts_with("1000000"))
    assert dup.height == 2
    row = dup.row(0, named=True)
    twin = clean.filter(
        (pl.col("period") == row["period"]) & (pl.col("sheet_row") == row["sheet_row"] - 1)
    )
    assert twin["cc1_total_cost_pct"][0] == row["cc1_total_cost_pct"]
    assert twin["quote_id"][0] != row["quote_id"]


def test_zero_interbank_rate_and_legacy_na_kept(clean: pl.DataFrame) -> None:
    assert clean.filter(pl.col("inter_lcu_bank_fx") == 0).height == 1
    legacy = clean.filter(pl.col("sheet") == "up to Q1 2016")
    assert "N/A" in legacy["speed_actual"].to_list()
    assert "N/A" in legacy["payment_instrument"].to_list()


def test_output_schema_and_idempotent(clean: pl.DataFrame) -> None:
    assert clean.schema == pl.Schema(RPW_QUOTES)
    again = rpw.clean(clean)
    assert again.equals(clean)


def _raw(**overrides: str | None) -> pl.DataFrame:
    """A one-row parsed frame of the current sheet with `overrides` (header -> cell text)."""
    row: dict[str, str | None] = {c: None for c in REQUIRED_COLUMNS}
    row |= {
        "id": "7",
        "period": "2017_1Q",
        "source_code": "GBR",
        "destination_code": "KEN",
        "corridor": "GBRKEN",
        "transparent": "yes",
        "sheet": "from Q2 2016",
    }
    row |= overrides
    df = pl.DataFrame({k: [v] for k, v in row.items()}, schema={k: pl.String for k in row})
    return df.with_columns(
        pl.lit(9, dtype=pl.Int32).alias("sheet_row"), pl.lit("book.xlsx").alias("source_file")
    )


def _one(**overrides: str | None) -> dict:
    return rpw.clean(_raw(**overrides)).row(0, named=True)


@pytest.mark.parametrize(
    ("speed", "days"),
    [
        ("Less than one hour", 1 / 24),
        ("less than one hour", 1 / 24),
        ("Same day", 1.0),
        ("Next Day", 2.0),
        ("2 days", 2.0),
        ("3-5 days", 5.0),
        ("3 - 5 Days", 5.0),
        ("6 days or more", math.inf),
        ("N/A", None),
        (None, None),
    ],
)
def test_speed_upper_bound(speed: str | None, days: float | None) -> None:
    assert _one(**{"speed actual": speed})["speed_max_days"] == days


@pytest.mark.parametrize(
    ("firm_type", "label", "code"),
    [
        ("Bank", "Bank", "BANK"),
        ("Money Transfer  Operator", "Money Transfer Operator", "MTO"),
        ("Post office", "Post Office", "POST"),
        ("Post Office", "Post Office", "POST"),
        ("mobile operator", "Mobile Operator", "MOBILE"),
        ("Non-bank FI", "Non-bank FI", "OTHER"),
        ("Bank/Money Transfer Operator", "Bank/Money Transfer Operator", "BANK"),
    ],
)
def test_firm_type_and_provider_type(firm_type: str, label: str, code: str) -> None:
    out = _one(firm_type=firm_type, firm=" Demo MTO  ")
    assert (out["firm_type"], out["provider_type"], out["firm"]) == (label, code, "Demo MTO")


@pytest.mark.parametrize(
    ("payment", "pickup", "funding", "payout"),
    [
        ("Cash", "Cash", ["CASH"], ["CASH"]),
        ("Cash,Mobile money", "Cash,Mobile wallet", ["CASH", "MOBILE"], ["CASH", "MOBILE"]),
        ("Debit card,Credit Card", "Bank account", ["CARD"], ["ACCOUNT"]),
        ("Account to Cash", "Home Delivery", ["ACCOUNT"], ["OTHER"]),
        ("N/A", None, None, None),
    ],
)
def test_instrument_codes(
    payment: str, pickup: str | None, funding: list | None, payout: list | None
) -> None:
    out = _one(**{"payment instrument": payment, "pickup method": pickup})
    assert (out["funding_instruments"], out["payout_instruments"]) == (funding, payout)


@pytest.mark.parametrize(
    ("cell", "value"),
    [("200.00", 200.0), (" 3.5 ", 3.5), ("-0.75", -0.75), ("..", None), ("", None), ("N/A", None)],
)
def test_numbers_from_text(cell: str, value: float | None) -> None:
    assert _one(**{"cc1 lcu fee": cell})["cc1_lcu_fee"] == value


def test_unparsable_number_names_file_row_column_value() -> None:
    with pytest.raises(
        ParseError, match=r"book\.xlsx, row 9, column 'cc1 fx margin', value '1,5%'"
    ):
        rpw.clean(_raw(**{"cc1 fx margin": "1,5%"}))


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("15/Mar/2017", dt.date(2017, 3, 15)),
        ("2025-03-15 00:00:00", dt.date(2025, 3, 15)),
        ("2025-03-15", dt.date(2025, 3, 15)),
        ("45731", dt.date(2025, 3, 15)),
        ("junk", None),
    ],
)
def test_quote_dates(cell: str, date: dt.date | None) -> None:
    assert _one(date=cell)["quote_date"] == date


@pytest.mark.parametrize(
    ("coverage", "sheet", "accessible"),
    [
        ("High", "from Q2 2016", True),
        ("Medium", "from Q2 2016", True),
        ("Low", "from Q2 2016", False),
        ("N/A", "from Q2 2016", None),
        ("Nationwide", "up to Q1 2016", None),
    ],
)
def test_accessibility_rule(coverage: str, sheet: str, accessible: bool | None) -> None:
    assert (
        _one(**{"receiving network coverage": coverage, "sheet": sheet})["accessible"] is accessible
    )


def test_period_transparency_region_and_kosovo() -> None:
    out = _one(
        period="2024_3Q",
        transparent="Yes",
        destination_code="KSV",
        corridor="DEUXKX",
        destination_region="..",
        countries_destination_region="Europe & Central Asia",
    )
    assert (out["time_period"], out["year"], out["quarter"]) == ("2024-Q3", 2024, 3)
    assert (out["transparent"], out["destination_code"], out["corridor"]) == (True, "XKX", "DEUXKX")
    assert (out["destination_region"], out["destination_region_code"]) == (None, "ECS")
    assert _one(destination_region="Sub-Saharan Africa")["destination_region_code"] == "SSF"
    assert _one(transparent="no")["transparent"] is False


def test_missing_dataset_sheet_names_the_file(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Countries"
    path = tmp_path / "rpw_dataset_bad.xlsx"
    wb.save(path)
    with pytest.raises(ParseError, match=r"rpw_dataset_bad\.xlsx.*'Dataset \(\.\.\.\)' sheet"):
        rpw.parse(path)


def test_missing_column_is_a_schema_mismatch_naming_it(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "Countries"
    wb.active.append(["title"])
    wb.active.append(["Code", "Region"])
    sheet = wb.create_sheet("Dataset (from Q2 2016)")
    sheet.append([c for c in CURRENT_COLUMNS if c != "speed actual"])
    path = tmp_path / "rpw_dataset_x.xlsx"
    wb.save(path)
    with pytest.raises(SchemaMismatch, match="speed actual") as err:
        rpw.parse(path)
    assert err.value.missing == ["speed actual"]
    assert "rpw_dataset_x.xlsx" in str(err.value)


def test_not_a_workbook_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "rpw_dataset_2011_2025_q3.xlsx"
    path.write_bytes(b"<html>403 Forbidden</html>")
    with pytest.raises(ParseError, match="not a readable Excel workbook"):
        rpw.parse(path)

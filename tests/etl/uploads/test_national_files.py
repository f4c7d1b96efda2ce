"""Issue 15: national files as they are (hand-written fixtures in tests/fixtures/national)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from etl.uploads.open_sdg.convert import OpenSdgConversion, convert_open_sdg
from etl.uploads.open_sdg.mapping import MappingFileError, file_pattern, parse_mapping
from etl.uploads.prepare import UploadResult, prepare_table
from etl.uploads.read import UploadError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "national"


def _convert(rel: str, iso3: str, **kw: object) -> tuple[UploadResult, OpenSdgConversion]:
    path = FIXTURES / rel
    conv = convert_open_sdg(
        path.read_bytes(),
        path.name,
        ref_area=iso3,
        submitted_on="2026-01-15",
        **kw,  # type: ignore[arg-type]
    )
    result = prepare_table(conv.table, "0" * 64, current=None, template="indicator_long")
    return result, conv


def test_policy_domains_all_seven_rows_kept() -> None:
    result, conv = _convert("policy_domains/indicator_10-7-2.csv", "KEN")
    assert result.accepted and result.issues == [] and result.summary["rows"] == 7
    got = result.rows.sort("policy_domain").select("policy_domain", "value").rows()
    assert got == [
        ("PD_1", 3.0),
        ("PD_2", 4.0),  # "Whole-of-government/ Evidence-based policies (Domain 2)"
        ("PD_3", 4.0),
        ("PD_4", 2.0),
        ("PD_5", 4.0),
        ("PD_6", 3.0),
        ("_T", 3.0),  # "All Domains"
    ]
    assert set(result.rows["unit_measure"]) == {"SCORE_1_4"}
    assert not any("left out" in n for n in conv.notes)


def test_corridors_sending_country_to_reporting_country() -> None:
    result, conv = _convert("corridors/indicator_10-c-1.csv", "JAM")
    assert result.accepted and result.issues == []
    cost = result.rows.filter(series_code="SI_RMT_COST", time_period="2022").sort("ref_area")
    assert cost.select("ref_area", "counterpart_area", "value", "unit_measure").rows() == [
        ("CAN", "JAM", 7.8, "PT"),
        ("GBR", "JAM", 6.55, "PT"),
        ("JAM", "_T", 6.9, "PT"),  # blank region: the reporting country's own average
        ("USA", "JAM", 6.35, "PT"),
    ]
    fx = result.rows.filter(series_code="SI_RMT_COST_FXM", ref_area="CAN")
    assert fx.select("value", "unit_measure").rows() == [(2.7, "PT")]
    usd = result.rows.filter(series_code="SI_RMT_COST_USD", ref_area="GBR")
    assert usd.select("value", "unit_measure").rows() == [(13.1, "USD")]
    # 'Fee' names no unit and the values cannot tell PT from USD: asked, not guessed
    assert result.summary["rows"] == 14 and sorted(conv.left_out) == [6, 7, 8]
    assert conv.notes == [
        "column 'Value' rows 6-8 (series SI_RMT_COST_FEE): no unit given, and the values (7.1 "
        "to 10.2) do not tell it: left out; to keep them, choose its unit, one of PT, NUMBER, "
        "PER_100000_POP, RATIO_MONTHS, BINARY, SCORE_1_4, USD: add a Units column, or set it "
        'in the mapping file ("units": {"SI_RMT_COST_FEE": "PT"}) or on the Upload page'
    ]


def test_confirmed_mapping_keeps_the_fee_rows_and_round_trips() -> None:
    _, first = _convert("corridors/indicator_10-c-1.csv", "JAM")
    assert first.mapping is not None
    text = first.mapping.to_json()
    assert '"SI_RMT_COST_FEE": ""' in text  # the unit to choose, left blank for the officer
    mapping = parse_mapping(text.replace('"SI_RMT_COST_FEE": ""', '"SI_RMT_COST_FEE": "USD"'))
    result, conv = _convert("corridors/indicator_10-c-1.csv", "JAM", mapping=mapping)
    assert result.accepted and result.summary["rows"] == 17 and conv.notes == []
    fee = result.rows.filter(series_code="SI_RMT_COST_FEE").sort("ref_area")
    assert fee.select("ref_area", "value", "unit_measure").rows() == [
        ("CAN", 10.2, "USD"),
        ("GBR", 7.1, "USD"),
        ("USA", 8.5, "USD"),
    ]


def test_unitless_percentages_are_not_categories() -> None:
    result, conv = _convert("unitless/indicator_10-7-2.csv", "KEN")
    assert result.accepted and result.issues == []
    assert result.rows.select("series_code", "time_period", "value", "unit_measure").rows() == [
        ("SG_CPA_MIGR", "2017", 35.8, "PT"),
        ("SG_CPA_MIGR", "2019", 41.2, "PT"),
        ("SG_CPA_MIGR", "2021", 52.5, "PT"),
        ("SG_CPA_MIGR", "2023", 60.0, "PT"),
    ]
    assert conv.notes == [
        "no unit given for rows 2-5: series SG_CPA_MIGR, unit PT inferred: the values, 35.8 to "
        "60, fit PT, not SCORE_1_4 (1, 2, 3 or 4)"
    ]


def test_values_no_unit_fits_are_refused_asking_for_the_unit() -> None:
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(
            b"Year,Value\n2019,150\n2021,180\n", "indicator_10-7-2.csv", ref_area="KEN"
        )
    msg = str(exc.value)
    assert "column 'Value' rows 2-3 (series SG_CPA_MIGRS)" in msg
    assert "Choose its unit, one of PT, NUMBER" in msg


def test_french_wide_file_years_as_rows() -> None:
    result, conv = _convert("french_wide/indicator_10-7-2.csv", "SEN")
    assert result.accepted and result.issues == [] and result.summary["rows"] == 12
    y2021 = result.rows.filter(time_period="2021").sort("policy_domain")
    assert y2021.select("policy_domain", "value").rows() == [
        ("PD_1", 3.0),
        ("PD_2", 4.0),
        ("PD_3", 4.0),
        ("PD_4", 2.0),
        ("PD_5", 4.0),
        ("PD_6", 3.0),
    ]
    assert conv.notes[0] == "headers read as: 'Année' = Year"
    assert "turned into 12 rows of the breakdown 'Policy domain'" in conv.notes[1]


def test_spanish_wide_file_years_as_columns() -> None:
    result, conv = _convert("spanish_wide/indicator_10-7-2.csv", "ECU")
    assert result.accepted and result.issues == [] and result.summary["rows"] == 14
    pd2 = result.rows.filter(policy_domain="PD_2").sort("time_period")
    assert pd2.select("time_period", "value").rows() == [("2019", 3.0), ("2021", 4.0)]
    total = result.rows.filter(policy_domain="_T")  # "Todos los dominios"
    assert total["value"].to_list() == [3.0, 3.0]
    assert "the 2 year columns turned into 14 rows with Year" in conv.notes[0]


def test_fuzzy_match_is_shown_never_applied() -> None:
    data = "Año,Dominio,Valor\n2021,Derechos de los migrante,3\n2021,Todos,3\n".encode()
    conv = convert_open_sdg(data, "indicator_10-7-2.csv", ref_area="ECU")
    assert conv.table.df["policy_domain"].to_list() == ["_T"]  # the misspelt row is not guessed
    label = conv.columns[0].labels[0]
    assert label.code is None and label.suggestion.startswith("PD_1 (like 'Derechos de los")
    assert conv.notes[1].startswith("row 2: Dominio = 'Derechos de los migrante' left out")
    assert "(closest: PD_1 (like 'Derechos de los migrantes'" in conv.notes[1]
    assert "not applied" in conv.notes[1]
    # the officer confirms the suggestion in the mapping file: then it is used
    mapping = parse_mapping(
        '{"format": "open-sdg-mapping/1", "indicator": "10.7.2", "columns": {"Dominio": '
        '{"role": "policy_domain", "labels": {"Derechos de los migrante": "PD_1"}}}}'
    )
    again = convert_open_sdg(data, "indicator_10-7-2.csv", ref_area="ECU", mapping=mapping)
    assert sorted(again.table.df["policy_domain"].to_list()) == ["PD_1", "_T"]


def test_mapping_file_gives_an_unknown_column_a_role() -> None:
    data = b"Year,Residence,Value\n2021,,40\n2021,Urban area,45\n2021,Rural area,30\n"
    conv = convert_open_sdg(data, "indicator_10-c-1.csv", ref_area="KEN")
    assert conv.table.df["value"].to_list() == ["40"]
    assert conv.notes[0].startswith("2 row(s) broken down by 'Residence' left out")
    mapping = parse_mapping(
        '{"format": "open-sdg-mapping/1", "indicator": "10.c.1", "columns": {"Residence": '
        '{"role": "urbanisation", "labels": {"Urban area": "U", "Rural area": "R"}}}}'
    )
    conv = convert_open_sdg(data, "indicator_10-c-1.csv", ref_area="KEN", mapping=mapping)
    got = pl.DataFrame(conv.table.df).select("urbanisation", "value").rows()
    assert got == [("_T", "40"), ("U", "45"), ("R", "30")]


def test_no_year_column_names_the_columns_and_the_fix() -> None:
    with pytest.raises(UploadError) as exc:
        convert_open_sdg(b"Region,Amount\nNorth,3\n", "indicator_10-c-1.csv", ref_area="KEN")
    msg = str(exc.value)
    assert "its columns ['Region', 'Amount'] have no Year and Value columns" in msg
    assert '("year", "value") under columns in the mapping file' in msg


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{", "not JSON"),
        ('{"format": "x"}', "'format' must be 'open-sdg-mapping/1'"),
        (
            '{"format": "open-sdg-mapping/1", "columns": {"A": {"role": "colour"}}}',
            "column 'A' has role 'colour'",
        ),
        ('{"format": "open-sdg-mapping/1", "units": {"S": "KG"}}', "units {'S': 'KG'} not known"),
    ],
)
def test_bad_mapping_files_say_what_to_fix(text: str, problem: str) -> None:
    with pytest.raises(MappingFileError) as exc:
        parse_mapping(text, "m.json")
    assert str(exc.value).startswith("m.json: ") and problem in str(exc.value)


def test_file_pattern_ignores_the_round() -> None:
    assert file_pattern("remittances_10c1_2024.csv") == "remittances_10c1_*.csv"
    assert file_pattern("dir/cost_2023-Q4.xlsx") == "cost_*.xlsx"
    assert file_pattern("indicator_10-7-2.csv") == "indicator_10-7-2.csv"


def test_mapping_file_names_the_year_and_value_columns() -> None:
    data = b"Periodo de referencia,Cifra\n2021,5.2\n2022,4.9\n"
    with pytest.raises(UploadError):
        convert_open_sdg(data, "indicator_10-c-1.csv", ref_area="ECU")
    mapping = parse_mapping(
        '{"format": "open-sdg-mapping/1", "indicator": "10.c.1", "columns": {'
        '"Periodo de referencia": {"role": "year"}, "Cifra": {"role": "value"}}}'
    )
    conv = convert_open_sdg(data, "costos.csv", ref_area="ECU", mapping=mapping)
    got = conv.table.df.select("indicator_code", "series_code", "time_period", "value").rows()
    assert got == [
        ("10.c.1", "SI_RMT_COST", "2021", "5.2"),
        ("10.c.1", "SI_RMT_COST", "2022", "4.9"),
    ]
    assert conv.notes[0] == "headers read as: 'Periodo de referencia' = Year, 'Cifra' = Value"


def test_units_column_in_percent_gives_the_score_series() -> None:
    data = b"Year,Policy domain,Units,Value\n2021,,%,60\n2021,Domaine 7,%,40\n"
    conv = convert_open_sdg(data, "indicator_10-7-2.csv", ref_area="KEN")
    got = conv.table.df.select("series_code", "policy_domain", "unit_measure", "value").rows()
    assert got == [("SG_CPA_MIGR", "_T", "PT", "60")]  # not SG_CPA_MIGRS (the 1-4 category)
    assert conv.left_out == {3: conv.notes[0]}  # there is no domain 7
    assert conv.notes[0].startswith("row 3: Policy domain = 'Domaine 7' left out")


def test_unknown_series_label_is_kept_as_its_own_series_with_a_note() -> None:
    data = b"Year,Series,Units,Value\n2021,Number of providers,Number,12\n"
    conv = convert_open_sdg(data, "indicator_10-c-1.csv", ref_area="KEN")
    assert conv.table.df.select("series_code", "unit_measure", "value").rows() == [
        ("NUMBER_OF_PROVIDERS", "NUMBER", "12")
    ]
    assert conv.notes == [
        "row 2: Series = 'Number of providers' is not in the mapping table: kept as series "
        "NUMBER_OF_PROVIDERS; map it under columns['Series'].labels in the mapping file to use "
        "a known code"
    ]


# --- offline counterparts of tests/etl/uploads/test_open_sdg.py (real files in ../shared) -----


def test_uk_ons_excerpt_labels_become_codes() -> None:
    # Rows of the UK ONS indicator_10-7-3.csv, copied as published: "Under 18", "Normal value".
    result, conv = _convert("uk_ons/indicator_10-7-3.csv", "GBR")
    assert result.accepted and result.issues == [] and result.summary["rows"] == 5
    y2015 = result.rows.filter(pl.col("time_period") == "2015").sort("sex", "age")
    assert y2015.select("sex", "age", "value").rows() == [
        ("F", "_T", 4.0),
        ("M", "_T", 26.0),
        ("_T", "Y_LT18", 5.0),  # "Under 18"
        ("_T", "_T", 31.0),
    ]
    assert set(result.rows["obs_status"]) == {"A"} and set(result.rows["unit_mult"]) == {0}
    assert "column 'Cause of death' is empty and was ignored" in conv.notes


def test_repeated_periods_excerpt_names_the_rows_and_the_fix() -> None:
    # Moldova's 10.7.4 layout: a blank-headed column and several values for one year.
    with pytest.raises(UploadError) as exc:
        _convert("repeated_periods/indicator_10-7-4.csv", "MDA")
    msg = str(exc.value)
    assert msg.startswith("indicator_10-7-4.csv: 3 rows hold several values for one period")
    assert "rows 2-4 (2010)" in msg
    assert "Fill in the breakdown that distinguishes these rows" in msg

"""Open SDG export (etl/exports/opensdg.py) against the real national files, and read-back."""

from __future__ import annotations

import io

import polars as pl
import pytest
from ruamel.yaml import YAML

from core.contract import KEY, conform
from core.errors import EtlError
from etl.exports.opensdg import (
    UNIT_LABELS,
    age_code,
    age_label,
    export_opensdg,
    opensdg_frame,
)
from etl.exports.read import read_opensdg_csv
from indicators.names import SERIES_NAMES
from tests.conftest import require_shared
from tests.etl.exports.test_tables import real_indicator_table

CARRIED = [*KEY, "value", "unit_measure", "unit_mult", "obs_status"]


@pytest.fixture(scope="module")
def real_table(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """The real indicator table (etl.pipeline.run on ../shared/data, offline)."""
    return real_indicator_table(tmp_path_factory.mktemp("real"))


def deaths_gbr() -> pl.DataFrame:
    """A 10.7.3 table shaped like UK ONS indicator_10-7-3.csv: totals, by sex, by age."""
    return conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.7.3"] * 5,
                "series_code": ["SM_DTH_MIGR"] * 5,
                "ref_area": ["GBR"] * 5,
                "time_period": ["2014", "2015", "2015", "2015", "2015"],
                "freq": ["A"] * 5,
                "sex": ["_T", "_T", "F", "M", "_T"],
                "age": ["_T", "_T", "_T", "_T", "Y_LT18"],
                "value": [17.0, 31.0, 4.0, 27.0, 3.0],
                "unit_measure": ["NUMBER"] * 5,
                "source": ["IOM Missing Migrants Project"] * 5,
            }
        )
    )


def front_matter(text: str) -> dict:
    """The YAML between the first two `---` lines of a meta/<id>.md file."""
    assert text.startswith("---\n")
    return YAML(typ="safe").load(text.split("---\n")[1])


def test_export_follows_uk_ons_10_7_3_conventions() -> None:
    uk = pl.read_csv(
        require_shared("open_sdg/uk_ons/data/indicator_10-7-3.csv"), infer_schema=False
    )
    files = export_opensdg(deaths_gbr(), "GBR").files
    ours = pl.read_csv(io.BytesIO(files["data/indicator_10-7-3.csv"]), infer_schema=False)
    # Year first, Value last; the same column titles for sex, age and the attributes.
    assert uk.columns[0] == ours.columns[0] == "Year"
    assert uk.columns[-1] == ours.columns[-1] == "Value"
    for title in ("Age", "Sex", "Observation status", "Unit multiplier", "Units"):
        assert title in uk.columns and title in ours.columns
    assert ours.columns == [
        "Year",
        "Series",
        "Units",
        "Sex",
        "Age",
        "Observation status",
        "Unit multiplier",
        "Value",
    ]
    # Same labels as the UK file: Female/Male, Under 18, Normal value, Units, Number.
    for col in ("Sex", "Age", "Observation status", "Unit multiplier", "Units"):
        assert set(ours[col].drop_nulls()) <= set(uk[col].drop_nulls()), col
    # Blank = total: the headline rows have no sex and no age.
    headline = ours.filter(pl.col("Sex").is_null() & pl.col("Age").is_null())
    assert headline.select("Year", "Value").rows() == [("2014", "17.0"), ("2015", "31.0")]
    # Headline rows come first, as in the UK file.
    assert ours.head(2).equals(headline) and uk.row(0)[1:5] == (None,) * 4
    assert ours.filter(Sex="Female")["Value"].to_list() == ["4.0"]
    assert ours.filter(Age="Under 18")["Value"].to_list() == ["3.0"]


def test_series_and_unit_labels_match_uk_10_c_1() -> None:
    uk = pl.read_csv(require_shared("open_sdg/uk_ons/data/indicator_10-c-1.csv"))
    assert uk.columns == [
        "Year",
        "Series",
        "Observation status",
        "Unit multiplier",
        "Units",
        "Value",
    ]
    assert set(uk["Series"]) == {SERIES_NAMES["SI_RMT_COST"]}
    assert set(uk["Units"]) == {UNIT_LABELS["PT"]}


def test_meta_md_uses_uk_front_matter_keys() -> None:
    uk_text = require_shared("open_sdg/uk_ons/meta/10-7-3.md").read_text(encoding="utf-8")
    uk_keys = set(front_matter(uk_text))
    meta = front_matter(export_opensdg(deaths_gbr(), "GBR").files["meta/10-7-3.md"].decode())
    assert set(meta) <= uk_keys, set(meta) - uk_keys
    assert meta["indicator_number"] == "10.7.3"  # a string, as in the UK file
    assert meta["indicator_name"].startswith("Number of people who died or disappeared")
    assert meta["national_geographical_coverage"] == "United Kingdom"
    assert meta["computation_units"] == "Number"
    assert meta["reporting_status"] == "complete" and meta["data_non_statistical"] is False
    assert meta["source_organisation_1"] == "IOM Missing Migrants Project"


def test_reads_a_real_uk_file() -> None:
    path = require_shared("open_sdg/uk_ons/data/indicator_10-7-4.csv")
    rows = read_opensdg_csv(path, indicator="10.7.4", country="GBR", series="SM_POP_REFG_OR")
    assert rows.height == 28
    first = rows.sort("time_period").row(0, named=True)
    assert first["time_period"] == "1994" and first["value"] == 0.18319384504628114
    assert first["obs_status"] == "A" and first["unit_mult"] == 0  # Normal value / Units
    # The UK's own unit text is not one of ours: it is kept as written.
    assert first["unit_measure"] == "Number of refugees per 100,000 population"


def test_quarterly_rows_are_skipped_with_a_note() -> None:
    table = conform(
        pl.DataFrame(
            {
                "indicator_code": ["10.c.1"] * 3,
                "series_code": ["SI_RMT_COST"] * 3,
                "ref_area": ["KEN"] * 3,
                "time_period": ["2020-Q1", "2020-Q3", "2020"],
                "freq": ["Q", "Q", "A"],
                "value": [8.0, 6.0, 7.0],
                "unit_measure": ["PT"] * 3,
                "transfer_amount": ["USD200"] * 3,
            }
        )
    )
    frame, notes = opensdg_frame(table, "10.c.1", "KEN")
    assert frame["Year"].to_list() == [2020] and frame["Year"].dtype == pl.Int64
    assert frame["Value"].to_list() == [7.0]
    assert frame["Amount sent"].to_list() == ["USD 200"]
    assert notes == [
        "10.c.1 KEN: 2 sub-annual row(s) skipped (SI_RMT_COST: 2); Open SDG Year is an "
        "integer, and annual means are exported where the table has them."
    ]
    meta = front_matter(export_opensdg(table, "KEN").files["meta/10-c-1.md"].decode())
    assert "2 sub-annual row(s) skipped" in meta["data_footnote"]


def test_survey_rounds_use_the_first_year_and_clashes_are_refused() -> None:
    base = {
        "indicator_code": ["10.7.2"] * 2,
        "series_code": ["SG_CPA_MIGR"] * 2,
        "ref_area": ["KEN"] * 2,
        "freq": ["B"] * 2,
        "policy_domain": ["PD_1", "PD_3"],
        "value": [80.0, 60.0],
        "unit_measure": ["PT"] * 2,
    }
    ok = conform(pl.DataFrame(base | {"time_period": ["2021-2022", "2019"]}))
    frame, _ = opensdg_frame(ok, "10.7.2", "KEN")
    assert frame.select("Year", "Policy domain").rows() == [
        (2021, "Domain 1. Migrant rights"),
        (2019, "Domain 3. Cooperation and partnerships"),
    ]
    clash = conform(
        pl.DataFrame(base | {"time_period": ["2021-2022", "2021"], "policy_domain": ["PD_1"] * 2})
    )
    with pytest.raises(EtlError, match="2 rows share the same Year"):
        opensdg_frame(clash, "10.7.2", "KEN")


def test_age_labels_round_trip() -> None:
    for code in ("Y15T24", "Y_GE65", "Y_LT18", "Y15", "_Z"):
        assert age_code(age_label(code)) == code
    assert age_label("Y15T24") == "15-24" and age_label("Y_GE65") == "65 and over"


def test_hand_made_round_trip_with_all_label_maps() -> None:
    table = conform(
        pl.DataFrame(
            {
                "indicator_code": ["17.3.2"] * 4,
                "series_code": ["WB_REM_BILAT"] * 3 + ["BX_TRF_PWKR_DT_GD_ZS"],
                "ref_area": ["KEN"] * 4,
                "counterpart_area": ["UGA", "XKX", "WLD", "_T"],
                "time_period": ["2017"] * 4,
                "freq": ["A"] * 4,
                "urbanisation": ["U", "R", "_T", "_T"],
                "migratory_status": ["MS_MIGRANT", "_T", "_T", "MS_NOMIGRANT"],
                "statistic": ["MEDIAN", "_T", "Q4", "_T"],
                "value": [77.1, 0.0, None, -1.5],
                "unit_measure": ["USD", "USD", "USD", "PT"],
                "unit_mult": [6, 6, 6, 0],
                "obs_status": ["E", "A", "M", "P"],
            }
        )
    )
    result = export_opensdg(table, "KEN")
    data = result.files["data/indicator_17-3-2.csv"]
    text = data.decode()
    assert "Uganda" in text and "Kosovo" in text and "Millions" in text and "Urban" in text
    back = read_opensdg_csv(data, indicator="17.3.2", country="KEN")
    assert back.select(CARRIED).sort(KEY).equals(table.select(CARRIED).sort(KEY))


@pytest.mark.parametrize("indicator", ["10.7.4", "17.3.2"])
def test_real_ken_round_trip(real_table: pl.DataFrame, indicator: str) -> None:
    result = export_opensdg(real_table, "KEN", indicator)
    slug = indicator.replace(".", "-")
    assert sorted(result.files) == [f"data/indicator_{slug}.csv", f"meta/{slug}.md"]
    data = result.files[f"data/indicator_{slug}.csv"]
    back = read_opensdg_csv(data, indicator=indicator, country="KEN")
    expected = conform(real_table.filter(indicator_code=indicator, ref_area="KEN"))
    assert back.select(CARRIED).sort(KEY).equals(expected.select(CARRIED).sort(KEY))
    assert result.rows[indicator] == expected.height == back.height


def test_real_ken_values_in_the_open_sdg_file(real_table: pl.DataFrame) -> None:
    files = export_opensdg(real_table, "KEN").files
    refugees = pl.read_csv(io.BytesIO(files["data/indicator_10-7-4.csv"]))
    assert refugees.columns == [
        "Year",
        "Series",
        "Units",
        "Observation status",
        "Unit multiplier",
        "Value",
    ]
    rate = refugees.filter(Series=SERIES_NAMES["SM_POP_REFG_OR"], Year=2019)
    assert rate["Value"].to_list() == [15.248566757390376]
    assert rate["Units"].to_list() == ["Per 100,000 population"]
    remit = pl.read_csv(io.BytesIO(files["data/indicator_17-3-2.csv"]))
    assert remit.columns[:4] == ["Year", "Series", "Units", "Counterpart area"]
    gdp = remit.filter(Series=SERIES_NAMES["BX_TRF_PWKR_DT_GD_ZS"], Year=2021)
    assert gdp["Value"].to_list() == [3.4165740090608523]
    assert gdp["Counterpart area"].to_list() == [None]  # _T is blank
    assert remit.filter(**{"Counterpart area": "Uganda"})["Value"].to_list() == [77.15589713135957]
    # 10.c.1 for KEN has only published corridor quarters: skipped, and said so.
    cost = pl.read_csv(io.BytesIO(files["data/indicator_10-c-1.csv"]))
    assert cost["Year"].dtype == pl.Int64
    meta = front_matter(files["meta/10-c-1.md"].decode())
    assert "106 sub-annual row(s) skipped (RPW_ATCR_CORR: 106)" in meta["data_footnote"]

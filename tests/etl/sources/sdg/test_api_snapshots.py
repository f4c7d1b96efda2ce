"""API snapshots (sdgapi_<code>.json) parsed offline from tests/fixtures/raw/sdg_api."""

from __future__ import annotations

import polars as pl
import pytest

from core.errors import ParseError
from etl.sources.sdg import spec
from tests.conftest import raw_fixture


def test_fixture_api_snapshot_parsed_and_preferred_over_the_extract() -> None:
    # sdgapi_SM_POP_REFG_OR.json, as `fetch` writes it: release 2023.Q2.G.03, attributes
    # Nature/Units, dimension Reporting Type, footnotes, "NaN" for World 2019.
    api = spec.parse(raw_fixture("sdg_api/sdgapi_SM_POP_REFG_OR.json"))
    got = api.select(
        "geo_area_code", "ref_area", "is_aggregate", "time_period", "value", "nature",
        "reporting_type", "footnote", "last_updated", "origin", "source_row",
    )  # fmt: skip
    release, note = "2023.Q2.G.03", "Refugees under UNHCR's mandate."
    assert got.rows() == [
        (404, "KEN", False, 2000, 7.60112, "C", "G", None, release, "api-v1", 1),
        (404, "KEN", False, 2019, 16.80521, "C", "G", note, release, "api-v1", 2),
        (1, "1", True, 2019, None, "G", "G", None, release, "api-v1", 3),
        (412, "XKX", False, 2019, 175.97, "C", "G", None, release, "api-v1", 4),
    ]
    assert set(api["source"]) == {"UNHCR Refugee Data Finder"}
    # An API row replaces the extract's row of the same series, area, year and units (Kenya
    # 2000: 7.60112, not the extract's 7.56035; Kosovo 2019 from the API); Sark only in the
    # extract stays; the NaN row is dropped.
    extract = spec.parse(raw_fixture("sdg_api/Goal10.xlsx"))
    clean = spec.clean(pl.concat([extract, api])).filter(pl.col("series_code") == "SM_POP_REFG_OR")
    assert clean.select("ref_area", "time_period", "value", "origin").rows() == [
        ("KEN", 2000, 7.60112, "api-v1"),
        ("KEN", 2019, 16.80521, "api-v1"),
        ("XKX", 2019, 175.97, "api-v1"),
        ("680", 2019, 0.0, "goal10-extract"),
    ]


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "problem"),
    [
        ("area_code", 2, "geoAreaCode", "KEN", "not an M49 code"),
        ("year", 3, "timePeriodStart", 2019.5, "not a whole year"),
        ("no_data", None, None, None, "not an sdgapi_*.json snapshot: no 'data' list"),
    ],
)
def test_fixture_api_problems_name_file_row_column_value(
    name: str, row: int | None, column: str | None, value: object, problem: str
) -> None:
    path = raw_fixture(f"sdg_api/sdgapi_SM_POP_REFG_OR_with_problems_{name}.json")
    with pytest.raises(ParseError) as err:
        spec.parse(path)
    assert (err.value.row, err.value.column, err.value.value) == (row, column, value)
    assert str(path) in str(err.value) and problem in str(err.value)

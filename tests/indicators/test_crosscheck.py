"""Cross-checks against custodians: hand-computed cases, then the REAL published files."""

from __future__ import annotations

import polars as pl
import pytest

from core.config import Settings
from core.contract import conform
from etl.sources import knomad, undesa_stock, unhcr, wdi
from etl.sources.sdg import spec as sdg_api
from indicators.compute.displacement import compute_10_7_4
from indicators.compute.flows import compute_remittance_flows
from indicators.compute.migration import compute_migrant_stock
from indicators.crosscheck import (
    AGREE,
    CHECKS,
    DIFFERS,
    NO_CUSTODIAN,
    NO_PROJECT,
    ONLY_CUSTODIAN,
    ONLY_PROJECT,
    RELABEL_TEXT,
    SCHEMA,
    compare,
    crosscheck,
    run_checks,
    summary,
)
from tests.conftest import require_shared


def _project(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["ref_area", "year", "value", "note"], orient="row"
    ).with_columns(pl.col("year").cast(pl.Int32), series=pl.lit("S"))


def _custodian(rows: list[tuple]) -> pl.DataFrame:
    cols = ["ref_area", "year", "value", "is_aggregate"]
    df = pl.DataFrame(rows, schema=cols, orient="row")
    return df.with_columns(pl.col("year").cast(pl.Int32), source=pl.lit("C"))


def test_compare_statuses_by_hand() -> None:
    check = CHECKS["refugee_rate"]  # ±5 % or ±1 per 100,000
    project = _project(
        [
            ("AAA", 2015, 104.0, ""),  # 4 % off: agree
            ("BBB", 2015, 1.9, ""),  # 90 % off but 0.9 absolute: agree
            ("CCC", 2015, 120.0, "RELABELLED_2019: ..."),  # 20 % off: differs + relabel note
            ("DDD", 2015, 5.0, ""),  # no custodian value
            ("EEE", 2016, 5.0, ""),  # a year the custodian lacks: not compared at all
            ("FFF", 2015, 0.0, ""),  # 0 vs 0: agree, rel_diff null
        ]
    )
    custodian = _custodian(
        [
            ("AAA", 2015, 100.0, False),
            ("BBB", 2015, 1.0, False),
            ("CCC", 2015, 100.0, False),
            ("GGG", 2015, 7.0, False),  # no project value
            ("FFF", 2015, 0.0, False),
            ("900", 2015, 50.0, True),  # an aggregate the project lacks: left out
            ("AAA", 2014, 90.0, False),  # a year the project lacks: left out
        ]
    )
    out = compare(project, custodian, check)
    assert out.schema == pl.Schema(SCHEMA)
    got = {r["ref_area"]: r for r in out.to_dicts()}
    assert set(got) == {"AAA", "BBB", "CCC", "DDD", "FFF", "GGG"}
    assert got["AAA"]["status"] == AGREE and got["AAA"]["rel_diff"] == pytest.approx(0.04)
    assert got["BBB"]["status"] == AGREE and got["BBB"]["abs_diff"] == pytest.approx(0.9)
    assert got["CCC"]["status"] == DIFFERS
    assert got["CCC"]["explanation"] == f"{check.causes}; {RELABEL_TEXT}"
    assert (got["DDD"]["status"], got["DDD"]["explanation"]) == (ONLY_PROJECT, NO_CUSTODIAN)
    assert (got["GGG"]["status"], got["GGG"]["explanation"]) == (ONLY_CUSTODIAN, NO_PROJECT)
    assert got["FFF"]["status"] == AGREE and got["FFF"]["rel_diff"] is None
    assert got["AAA"]["tolerance"] == "±5 % or ±1 per 100,000"


def test_missing_inputs_skip_checks_with_a_reason() -> None:
    table, skipped = run_checks(None)
    assert table.is_empty() and set(skipped) == set(CHECKS)
    ind = conform(pl.DataFrame({"series_code": ["SM_POP_REFG_OR"], "ref_area": ["SYR"],
                                "time_period": ["2015"], "value": [1.0]}))  # fmt: skip
    table, skipped = run_checks(ind)
    assert skipped["refugee_rate"] == "the SDG Global Database dataset (sdg_api) is not published"
    assert skipped["refugee_count"] == "the WDI dataset (wdi) is not published"


# --- real files -------------------------------------------------------------------------

STOCK = (
    "migrant_stock/undesa/undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx",
    "migrant_stock/undesa/UN_MigrantStockTotal_2019.xlsx",
    "migrant_stock/undesa/aggregates_correspondence_table_2020_1.xlsx",
)
WDI = (
    "wdi/excel_2023-10/API_SM.POP.REFG.OR_DS2_en_excel_v2_5997665.xls",
    "wdi/excel_2023-05/remittances-received-percent-gdp.xls",
    "wdi/excel_2023-05/personal-remittances-received.xls",
)


@pytest.fixture(scope="module")
def real() -> tuple[pl.DataFrame, dict[str, str]]:
    """The project side computed by the project's own code from the real files, checked."""
    stock = pl.concat(
        [undesa_stock.parse(require_shared(f)) for f in STOCK], how="diagonal_relaxed"
    )
    frames = {
        "undesa_stock": undesa_stock.clean(stock),
        "unhcr_population": unhcr.clean(
            unhcr.parse(require_shared("unhcr/guyabel_wmr2022/unhcr_2020.csv"))
        ),
        "knomad_remittances": knomad.clean(
            pl.concat(
                [
                    knomad.parse(require_shared(f"knomad/2023/remittance-{d}.xlsx"))
                    for d in ("inflows", "outflows")
                ]
            )
        ),
    }
    settings = Settings()
    indicators = pl.concat(
        [
            compute_10_7_4(frames, settings),
            compute_migrant_stock(frames, settings),
            compute_remittance_flows(frames, settings),
        ]
    )
    sdg = sdg_api.clean(
        sdg_api.parse(require_shared("sdg_api/global_database_goal10_extract/Goal10.xlsx"))
    )
    wb = wdi.clean(pl.concat([wdi.parse(require_shared(f)) for f in WDI]))
    return run_checks(indicators, sdg=sdg, wdi=wb)


def _row(table: pl.DataFrame, check: str, area: str, year: int) -> dict:
    [row] = table.filter(
        (pl.col("check") == check) & (pl.col("ref_area") == area) & (pl.col("year") == year)
    ).to_dicts()
    print(check, area, year, row["project_value"], row["custodian_value"], row["status"])
    return row


def test_real_agreement_counts(real: tuple[pl.DataFrame, dict[str, str]]) -> None:
    table, skipped = real
    counts = {(c, s): n for c, s, n in summary(table).iter_rows()}
    print(summary(table))
    assert counts == {
        ("refugee_count", AGREE): 4415,
        ("refugee_count", DIFFERS): 13,  # all in 2019: the relabelled end-2019 rows
        ("refugee_count", ONLY_PROJECT): 166,
        ("refugee_rate", AGREE): 841,
        ("refugee_rate", DIFFERS): 101,
        ("refugee_rate", ONLY_CUSTODIAN): 173,
        # KNOMAD's 0 cells are "not available" (missing), not measured zeros: the 66 false
        # differences against WDI (and 8 zero-vs-zero matches) become "only custodian".
        ("remittances_gdp", AGREE): 3605,
        ("remittances_gdp", DIFFERS): 160,
        ("remittances_gdp", ONLY_CUSTODIAN): 300,
    }
    # No WDI SM.POP.TOTL file is published here, so that check cannot run.
    assert skipped == {
        "migrant_stock": "the custodian dataset has no rows for this check (SM.POP.TOTL)"
    }
    counts_2019 = table.filter((pl.col("check") == "refugee_count") & (pl.col("status") == DIFFERS))
    assert set(counts_2019["year"]) == {2019}
    assert crosscheck(None).is_empty()


def test_real_refugee_rate_values(real: tuple[pl.DataFrame, dict[str, str]]) -> None:
    table = real[0]
    syr = _row(table, "refugee_rate", "SYR", 2015)
    # Project 4,873,236 / (17,997,411 + 4,873,236) x 100,000 = 21,307.82; the Goal10 extract
    # (a later release, WPP 2022 population) says 20,483.13: 4.0 % lower, within 5 %.
    assert syr["project_value"] == pytest.approx(21307.8187, abs=1e-3)
    assert syr["custodian_value"] == pytest.approx(20483.13134)
    assert syr["status"] == AGREE and syr["rel_diff"] == pytest.approx(0.04026, abs=1e-5)
    syr19 = _row(table, "refugee_rate", "SYR", 2019)
    assert (syr19["status"], syr19["custodian_value"]) == (DIFFERS, pytest.approx(24409.34919))
    assert RELABEL_TEXT in syr19["explanation"]
    ven = _row(table, "refugee_rate", "VEN", 2019)
    assert ven["project_value"] == pytest.approx(326.05, abs=0.01)
    assert ven["custodian_value"] == pytest.approx(11377.56915)
    assert "Venezuelans displaced abroad" in ven["explanation"]
    assert _row(table, "refugee_rate", "UKR", 2015)["rel_diff"] < 0.001
    assert syr["custodian_source"].startswith(
        "UN SDG Global Database: Refugees per 100,000 population, by country of origin "
        "(SM_POP_REFG_OR, "
    )


def test_real_refugee_counts_and_remittances(real: tuple[pl.DataFrame, dict[str, str]]) -> None:
    table = real[0]
    syr = _row(table, "refugee_count", "SYR", 2019)
    # Trimmed UNHCR file (end-2019, labelled 2020) 6,616,983 vs WDI 2023-10 6,615,249.
    assert (syr["project_value"], syr["custodian_value"]) == (6_616_983, 6_615_249)
    assert syr["status"] == AGREE  # 0.03 %: within 1 %
    assert _row(table, "refugee_count", "AFG", 2015)["abs_diff"] == 0
    tha = _row(table, "refugee_count", "THA", 2019)
    assert (tha["project_value"], tha["custodian_value"], tha["status"]) == (482, 173, DIFFERS)
    ken = _row(table, "remittances_gdp", "KEN", 2021)
    assert ken["project_value"] == pytest.approx(3.4166, abs=1e-4)
    assert ken["status"] == AGREE and ken["abs_diff"] < 1e-9  # the same World Bank number
    prt = _row(table, "remittances_gdp", "PRT", 2021)
    assert prt["status"] == DIFFERS
    assert (prt["project_value"], prt["custodian_value"]) == (
        pytest.approx(4.1957, abs=1e-4), pytest.approx(0.3061, abs=1e-4),
    )  # fmt: skip
    wld = _row(table, "remittances_gdp", "WLD", 2021)
    assert wld["status"] == DIFFERS and wld["rel_diff"] == pytest.approx(0.0760, abs=1e-4)
    assert "updated 2023-05-10" in wld["custodian_source"]

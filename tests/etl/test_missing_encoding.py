"""Every source says how its file encodes "not available" and turns it into missing (issue 10)."""

from __future__ import annotations

import importlib

import polars as pl
import pytest

from etl.registry import sources
from etl.sources import knomad, wdi
from tests.conftest import require_shared


@pytest.mark.parametrize("name", sorted(sources()))
def test_every_source_documents_its_missing_encoding(name: str) -> None:
    module = importlib.import_module(sources()[name].parse.__module__)  # where its SPEC's parse is
    text = getattr(module, "MISSING_ENCODING", "")
    assert isinstance(text, str) and len(text) > 10, f"{module.__name__}: MISSING_ENCODING"


def test_knomad_zero_is_missing_where_wdi_has_a_value() -> None:
    # Kenya 2000: KNOMAD writes 0 (not available), WDI BX.TRF.PWKR.CD.DT publishes ~US$538 m.
    inflows = knomad.clean(knomad.parse(require_shared("knomad/2023/remittance-inflows.xlsx")))
    ken = inflows.filter(pl.col("iso3") == "KEN")
    assert ken.filter(pl.col("year") == 2000).is_empty()
    assert ken.filter(pl.col("year") == 2001)["value_usd_million"][0] > 0
    wdi_rows = wdi.parse(require_shared("wdi/excel_2023-05/personal-remittances-received.xls"))
    ken_wdi = wdi_rows.filter((pl.col("country_code") == "KEN") & (pl.col("year") == 2000))["value"]
    assert ken_wdi[0] == pytest.approx(538e6, rel=0.01)

"""Upload page, national platform file (AppTest): preview of the mapping, edit, submit, reuse."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard.data import national_import as data
from etl.uploads.open_sdg.stored import history
from store.submissions import Store
from tests.dashboard.test_upload_pages import page, sign_in, table, upload
from tests.dashboard.upload_fixture import CONTRIBUTOR

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "national"


def _national(at: AppTest, rel: str, iso3: str) -> AppTest:
    at.radio(key="upload_kind").set_value("National platform file (Open SDG CSV or a wide table)")
    at.run()
    path = FIXTURES / rel
    upload(at, path.name, path.read_bytes())
    at.text_input(key="national_iso3").input(iso3).run()
    assert not at.exception, at.exception
    return at


def test_preview_edit_submit_and_the_mapping_is_stored(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    _national(at, "corridors/indicator_10-c-1.csv", "JAM")
    assert any("Mapping used: the mapping table" in c.value for c in at.caption)
    notes = table(at, "mapping_notes")["note"].to_list()
    assert notes[0].startswith("column 'Value' rows 6-8 (series SI_RMT_COST_FEE): no unit")
    assert {m.label: m.value for m in at.metric}["Rows"] == "14"
    assert at.get_by_key("export_mapping") is not None
    # submitting confirms the mapping shown; it is stored for the next round of the file
    at.button(key="submit_upload").click().run()
    assert at.success[-1].value.startswith("Submitted for approval: #"), at.success[-1].value
    saved = history(store, "10.c.1")
    assert saved.height == 1 and saved["file_pattern"].to_list() == ["indicator_10-c-1.csv"]
    assert '"Geographical Region"' in saved["mapping_json"][0]
    # the next round of the same file, in a new session: the stored mapping is used
    again = _national(sign_in(page("upload"), CONTRIBUTOR), "corridors/indicator_10-c-1.csv", "JAM")
    used = [c.value for c in again.caption if c.value.startswith("Mapping used:")]
    assert used[0].startswith(f"Mapping used: the mapping {CONTRIBUTOR} confirmed on ")


def test_edits_become_the_mapping_file() -> None:
    """The officer's edits (a unit chosen, a label's code) -> mapping -> every row kept."""
    path = FIXTURES / "corridors" / "indicator_10-c-1.csv"
    conv = data.convert(path.read_bytes(), path.name, "JAM", "10.c.1", None)
    units = data.unit_frame(conv).with_columns(
        unit=pl.when(pl.col("series") == "SI_RMT_COST_FEE").then(pl.lit("USD")).otherwise("unit")
    )
    labels = data.label_frame(conv).with_columns(
        code=pl.when(pl.col("label") == "Canada").then(pl.lit("-")).otherwise("code")
    )
    edited = data.mapping_from(conv, data.column_frame(conv), labels, units)
    again = data.convert(path.read_bytes(), path.name, "JAM", "10.c.1", edited)
    rows = again.table.df
    assert rows.height == 17 - 5  # the fee rows kept; Canada's 5 rows left out on purpose
    assert "CAN" not in rows["ref_area"].to_list()
    assert rows.filter(pl.col("series_code") == "SI_RMT_COST_FEE")["unit_measure"].to_list() == [
        "USD",
        "USD",
    ]
    assert again.notes == [
        "rows 4, 7, 10, 13, 17: Geographical Region = 'Canada' left out: the mapping file says "
        "to leave it out"
    ]


def test_french_wide_file_preview_shows_the_domains(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    _national(at, "french_wide/indicator_10-7-2.csv", "SEN")
    assert {m.label: m.value for m in at.metric}["Rows"] == "12"
    assert {m.label: m.value for m in at.metric}["Errors"] == "0"
    notes = table(at, "mapping_notes")["note"].to_list()
    assert notes[0] == "headers read as: 'Année' = Year"


def test_refusal_is_shown_with_its_reason(root: Path, store: Store) -> None:
    at = sign_in(page("upload"), CONTRIBUTOR)
    at.radio(key="upload_kind").set_value("National platform file (Open SDG CSV or a wide table)")
    at.run()
    upload(at, "indicator_10-7-2.csv", b"Year,Value\n2019,150\n2021,180\n")
    at.text_input(key="national_iso3").input("KEN").run()
    assert not at.exception, at.exception
    # the page escapes Markdown in messages (dashboard/plain_text.py): compare what is shown
    errors = [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]
    assert any("column 'Value' rows 2-3 (series SG_CPA_MIGRS): no unit given" in e for e in errors)
    assert "submit_upload" not in [b.key for b in at.button]

"""Templates round-trip: download (CSV/XLSX) -> fill in -> read -> check -> zero errors."""

from __future__ import annotations

import io

import openpyxl
import pytest

from core.templates import TEMPLATES
from etl.uploads.checks import check_upload
from etl.uploads.read import detect_template, read_upload
from etl.uploads.template_files import example_rows, template_csv, template_xlsx

NAMES = list(TEMPLATES)
# A second, different row per template (officer's data), keyed apart from the examples.
FILL = {
    "indicator_long": {"time_period": "2023", "freq": "B", "sub_category": "PD_3_C", "value": "0"},
    "inquiry_1072": {"sub_category": "PD_3_C", "answer": "no"},
    "gfmd_coherence": {"item_code": "P.DAT.01", "answer": "partial", "count": "2"},
    "rci_1071_microdata": {"worker_id": "W0003"},
    "census_tabulation": {"sex": "M", "value": "62456"},
}


def _errors(name: str, data: bytes, file_name: str) -> list[str]:
    table = read_upload(data, file_name, max_bytes=10**7)
    assert detect_template(table.columns) == name
    rows, issues = check_upload(name, table)
    assert rows.height == len(example_rows(name)) + 1
    return [i.message for i in issues if i.severity == "error"]


@pytest.mark.parametrize("name", NAMES)
def test_csv_round_trip(name: str) -> None:
    data = template_csv(name).decode()
    header = data.splitlines()[0].split(",")
    filled = {**example_rows(name)[0], **FILL[name]}
    line = ",".join(f'"{filled[c]}"' for c in header)
    assert _errors(name, (data + line + "\n").encode(), f"{name}.csv") == []


@pytest.mark.parametrize("name", NAMES)
def test_xlsx_round_trip(name: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx(name)))
    assert wb.sheetnames == [TEMPLATES[name].sheet, "codes", "instructions"]
    ws = wb[TEMPLATES[name].sheet]
    header = [c.value for c in ws[1]]
    filled = {**example_rows(name)[0], **FILL[name]}
    ws.append([filled[c] for c in header])
    buf = io.BytesIO()
    wb.save(buf)
    assert _errors(name, buf.getvalue(), f"{name}.xlsx") == []


def test_csv_header_and_examples() -> None:
    lines = template_csv("gfmd_coherence").decode().splitlines()
    assert lines[0] == ",".join(TEMPLATES["gfmd_coherence"].column_names)
    assert len(lines) == 3
    assert "P.COH.05,draft" in lines[1]


def test_xlsx_codes_instructions_and_dropdowns() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx("gfmd_coherence")))
    codes = wb["codes"]
    headers = [c.value for c in codes[1]]
    col = headers.index("item_code") + 1
    items = {codes.cell(r, col).value: codes.cell(r, col + 1).value for r in range(2, 17)}
    assert items["P.COH.06"] == (
        "Multilateral coherence: Is a GFMD national focal point designated?"
    )
    assert items["P.DAT.01"].startswith("Data and research: Does the latest census include")
    iso = headers.index("ref_area") + 1
    assert "KEN" in {codes.cell(r, iso).value for r in range(2, 260)}
    text = [r[0] for r in wb["instructions"].iter_rows(values_only=True)]
    assert "item_code" in text and any("P.DAT.01 (core items, 0-3)" in str(t) for t in text)
    sqrefs = {str(dv.sqref): dv.formula1 for dv in wb["data"].data_validations.dataValidation}
    item_col = "D"  # template_version, ref_area, time_period, item_code
    assert sqrefs[f"{item_col}2:{item_col}5000"].startswith("codes!$")


def test_inquiry_codes_and_instructions_carry_domain_names_and_questions() -> None:
    """Issue 13 item 2: 'PD_3_B' comes with its domain and the Inquiry's wording (§1.3)."""
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx("inquiry_1072")))
    codes = wb["codes"]
    headers = [c.value for c in codes[1]]
    col = headers.index("sub_category") + 1
    subs = {codes.cell(r, col).value: codes.cell(r, col + 1).value for r in range(2, 32)}
    assert len(subs) == 30
    assert subs["PD_3_B"] == (
        "Domain 3: Cooperation and partnerships: (b) Bilateral agreements on migration, "
        "including labour migration"
    )
    dom = headers.index("policy_domain") + 1
    assert codes.cell(2, dom + 1).value.startswith(
        "Domain 1: Migrant rights. Does the Government provide non-nationals equal access"
    )
    rows = list(wb["instructions"].iter_rows(values_only=True))
    by_code = {r[0]: r for r in rows if r and r[0] in {"PD_4_D", "PD_1_A"}}
    assert by_code["PD_4_D"][3] == "Domain 4: Socioeconomic well-being"
    assert by_code["PD_4_D"][4] == "(d) Facilitate or promote the flow of remittances"
    assert by_code["PD_1_A"][4] == "(a) Essential and/or emergency health care"


def test_example_rows_name_their_own_instrument() -> None:
    """No borrowed source: the GFMD example does not cite the UN Inquiry."""
    sources = {name: {r["source"] for r in example_rows(name)} for name in TEMPLATES}
    assert sources["gfmd_coherence"] == {"GFMD policy-coherence survey 2022"}
    assert sources["inquiry_1072"] == {"UN Inquiry Module III 2021"}
    assert all("Inquiry" not in s for n in ("rci_1071_microdata", "census_tabulation")
               for s in sources[n])  # fmt: skip

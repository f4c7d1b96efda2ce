"""Downloadable upload templates: a CSV (header + examples) and an XLSX with codes and instructions.

Both are built from the `Template` definitions in core/templates.py, so the files, the reader and
the checks cannot drift apart. The example rows pass the upload checks with zero errors (tested),
so an officer can overwrite them and keep the layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import pycountry
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.questions import (
    COHERENCE_LEVEL_NAMES,
    DOMAIN_QUESTIONS,
    domain_label,
    group_of,
    question_rows,
    question_text,
)
from core.templates import (
    CENSUS_BASES,
    COHERENCE_LEVELS,
    EARNINGS_REFERENCES,
    GFMD_COUNT_ITEMS,
    GFMD_ITEMS,
    GFMD_SCORES,
    INQUIRY_SCORES,
    INQUIRY_SCORES_D1,
    LONG_CLOSED_CODES,
    POLICY_DOMAINS,
    SEXES,
    SUB_CATEGORIES,
    TEMPLATE_VERSION,
    TEMPLATES,
    UNIT_MEASURES,
    UNIT_RANGES,
    UNIT_SETS,
    Template,
    code_list,
)
from etl.exports.safe_write import csv_rows_bytes, safe_row, save_workbook

# The source each template's example rows name: the instrument of that template, never another's.
EXAMPLE_SOURCES: dict[str, str] = {
    "indicator_long": "UN Inquiry Module III 2021",
    "inquiry_1072": "UN Inquiry Module III 2021",
    "gfmd_coherence": "GFMD policy-coherence survey 2022",
    "rci_1071_microdata": "Labour Force Survey 2022, recruitment-cost module",
    "census_tabulation": "Population and Housing Census 2019",
}
VALIDATION_ROWS = 5000  # drop-downs cover the data sheet down to this row
_AUDIT = {"submitted_by": "M&E unit", "submitted_on": "2026-11-30"}

# Full example rows (values the Column.example defaults cannot express, e.g. consistent pairs).
EXAMPLES: dict[str, list[dict[str, str]]] = {
    "indicator_long": [
        {
            "indicator_code": "10.7.2",
            "series_code": "SG_CPA_MIGR",
            "ref_area": "KEN",
            "ref_area_m49": "404",
            "time_period": "2021",
            "freq": "B",
            "policy_domain": "PD_3",
            "sub_category": "PD_3_B",
            "value": "1",
            "value_label": "yes",
            "answer_text": "BLA with Saudi Arabia (2019)",
            "unit_measure": "BINARY",
            "unit_mult": "0",
            "obs_status": "A",
            "source": "UN Inquiry Module III 2021",
            "respondent_institution": "Ministry of Labour",
        },
        {
            "indicator_code": "10.c.1",
            "series_code": "SI_RMT_COST",
            "ref_area": "GBR",
            "ref_area_m49": "826",
            "counterpart_area": "KEN",
            "time_period": "2023-Q3",
            "freq": "Q",
            "transfer_amount": "USD200",
            "statistic": "MEAN",
            "value": "5.12",
            "unit_measure": "PT",
            "unit_mult": "0",
            "obs_status": "A",
            "source": "RPW Q3 2023",
        },
    ],
    "inquiry_1072": [
        {"policy_domain": "PD_3", "sub_category": "PD_3_A", "answer": "yes", "answer_text": ""},
        {"policy_domain": "PD_3", "sub_category": "PD_3_B", "answer": "yes"},
    ],
    "gfmd_coherence": [
        {"item_code": "P.COH.05", "answer": "draft"},
        {"item_code": "P.COH.07", "answer": "yes", "count": "2", "answer_text": "BLA 2019, 2021"},
    ],
    "rci_1071_microdata": [
        {
            "ref_area": "NPL",
            "worker_id": "W0001",
            "cost_paid": "120000",
            "cost_currency": "NPR",
            "usd_per_cost_currency": "0.0075",
            "monthly_earnings": "1200",
            "earnings_currency": "QAR",
            "usd_per_earnings_currency": "0.2747",
            "earnings_reference": "last_month",
        },
        {
            "ref_area": "NPL",
            "worker_id": "W0002",
            "cost_paid": "0",
            "cost_currency": "USD",
            "monthly_earnings": "350",
            "earnings_currency": "USD",
            "earnings_reference": "last_month",
            "sex": "M",
            "age": "34",
        },
    ],
    "census_tabulation": [
        {"counterpart_area": "UGA", "sex": "_T", "age": "_T", "value": "123456"},
        {"counterpart_area": "UGA", "sex": "F", "age": "_T", "value": "61000"},
    ],
}

RULES: dict[str, tuple[str, ...]] = {
    "indicator_long": (
        "One row = one observation; the key is indicator x series x areas x period x breakdowns.",
        "Blank breakdown columns (sex, age, ... statistic) and counterpart_area mean _T (total).",
        "value: a number with a point as decimal separator (5.12, not 5,12), no % or spaces.",
        "PT must be 0-100; BINARY 0, 0.5 or 1; SCORE_1_4 1-4; PER_100000_POP and RATIO_MONTHS "
        ">= 0. A series uses one unit_measure.",
        "A blank value needs obs_status M (missing).",
        "10.7.2 domain rows (sub_category _T) must equal 100 x (sum of the 5 answers) / 5.",
    ),
    "inquiry_1072": (
        "One row per answered sub-category (PD_1_A ... PD_6_E); policy_domain is its first part.",
        "Domain 1 answers: yes_all, yes_legal_only, no. Domains 2-6: yes, no. Blank = 0.",
        "Optional: a row with sub_category _T and the stated domain score in value (0-100); it "
        "must equal 100 x (sum of the domain's answer scores) / 5, missing answers counting 0.",
    ),
    "gfmd_coherence": (
        "One row per item; answer yes (1), partial or draft (0.5), no (0); blank = not answered.",
        "count only for P.COH.07 (agreements in force, >= 0) and P.DAT.01 (core items, 0-3).",
    ),
    "rci_1071_microdata": (
        "One row per migrant worker; worker_id unique in the round.",
        "Currencies are ISO 4217 codes; a non-USD currency needs its USD rate (USD per unit).",
        "cost_paid >= 0 (0 if nothing paid), monthly_earnings > 0, survey_weight > 0.",
    ),
    "census_tabulation": (
        "Persons by country of birth (COB) or citizenship (CIT), sex and age; whole numbers >= 0.",
        "counterpart_area _T is the total over all countries.",
    ),
}


def example_rows(name: str) -> list[dict[str, str]]:
    """The template's example rows: column examples overridden by EXAMPLES, audit columns set."""
    tpl = TEMPLATES[name]
    base = {c.name: c.example for c in tpl.columns}
    base["template_version"] = TEMPLATE_VERSION
    base.update({k: v for k, v in _AUDIT.items() if k in base})
    base["source"] = EXAMPLE_SOURCES[name]
    return [{**base, **{k: v for k, v in ex.items() if k in base}} for ex in EXAMPLES[name]]


def template_csv(name: str) -> bytes:
    """The template as UTF-8 CSV: header and example rows."""
    tpl = TEMPLATES[name]
    rows = [[row[c] for c in tpl.column_names] for row in example_rows(name)]
    return csv_rows_bytes([list(tpl.column_names), *rows])


def _code_lists(tpl: Template) -> dict[str, list[tuple[str, str]]]:
    """Named code lists for the `codes` sheet: list name -> [(code, label)]."""
    countries = sorted((c.alpha_3, c.name) for c in pycountry.countries)
    lists: dict[str, list[tuple[str, str]]] = {
        "ref_area": [(a, n) for a, n in countries],
        "unit_measure": [(u, _unit_rule(u)) for u in UNIT_MEASURES],
        "policy_domain": [(d, f"{domain_label(d)}. {DOMAIN_QUESTIONS[d]}") for d in POLICY_DOMAINS],
        "sub_category": [(s, f"{group_of(s)}: {question_text(s)}") for s in SUB_CATEGORIES],
        "answer_domain_1": [(a, f"score {v:g}") for a, v in INQUIRY_SCORES_D1.items()],
        "answer_domains_2_6": [(a, f"score {v:g}") for a, v in INQUIRY_SCORES.items()],
        "item_code": [(i, f"{group_of(i)}: {question_text(i)}") for i in GFMD_ITEMS],
        "gfmd_answer": [(a, f"score {v:g}") for a, v in GFMD_SCORES.items()],
        "coherence_level": [(c, COHERENCE_LEVEL_NAMES[c]) for c in COHERENCE_LEVELS],
        "count_items": [
            (i, f"{lo}-{hi if hi is not None else ''}") for i, (lo, hi) in GFMD_COUNT_ITEMS.items()
        ],
        "sex": [(s, {"F": "female", "M": "male", "_T": "total"}[s]) for s in SEXES],
        "basis": list(CENSUS_BASES.items()),
        "earnings_reference": [(e, "") for e in EARNINGS_REFERENCES],
        "currency": sorted((c.alpha_3, c.name) for c in pycountry.currencies),
    }
    if tpl.name == "indicator_long":
        for col, codes in LONG_CLOSED_CODES.items():
            lists.setdefault(col, [(c, "") for c in codes])
    return lists


def _unit_rule(unit: str) -> str:
    """Human text of a unit's allowed values (§5 rule 2)."""
    if unit in UNIT_SETS:
        return "one of " + ", ".join(f"{v:g}" for v in UNIT_SETS[unit])
    lo, hi = UNIT_RANGES.get(unit, (None, None))
    if lo is None and hi is None:
        return "any number"
    return f">= {lo:g}" + (f" and <= {hi:g}" if hi is not None else "")


# Data column -> the codes-sheet list offered as its drop-down (when it has one).
_DROPDOWN: dict[str, str] = {
    "ref_area": "ref_area",
    "destination": "ref_area",
    "unit_measure": "unit_measure",
    "policy_domain": "policy_domain",
    "item_code": "item_code",
    "sex": "sex",
    "basis": "basis",
    "earnings_reference": "earnings_reference",
    "cost_currency": "currency",
    "earnings_currency": "currency",
    **{c: c for c in LONG_CLOSED_CODES},
}


def _write_codes(ws: Worksheet, lists: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Write each list as a code + label column pair; return list name -> absolute range."""
    ranges: dict[str, str] = {}
    for i, (name, items) in enumerate(lists.items()):
        code_col, label_col = get_column_letter(2 * i + 1), get_column_letter(2 * i + 2)
        ws[f"{code_col}1"], ws[f"{label_col}1"] = name, f"{name} (meaning)"
        ws[f"{code_col}1"].font = ws[f"{label_col}1"].font = Font(bold=True)
        for r, (code, label) in enumerate(items, start=2):
            ws[f"{code_col}{r}"], ws[f"{label_col}{r}"] = code, label
        ranges[name] = f"codes!${code_col}$2:${code_col}${len(items) + 1}"
    return ranges


def _write_instructions(ws: Worksheet, tpl: Template) -> None:
    """What each column means, whether it is required, its allowed values, then the rules."""
    ws.append([tpl.title])
    ws["A1"].font = Font(bold=True)
    ws.append([f"Template {tpl.name}, version {TEMPLATE_VERSION}. Fill the '{tpl.sheet}' sheet."])
    ws.append([])
    ws.append(["column", "required", "type", "allowed values", "meaning"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col in tpl.columns:
        codes = code_list(tpl, col.name)
        allowed = ", ".join(codes) if codes and len(codes) <= 12 else ""
        if codes and len(codes) > 12:
            allowed = f"see the '{_DROPDOWN.get(col.name, col.name)}' list on the codes sheet"
        ws.append([col.name, "yes" if col.required else "no", str(col.dtype), allowed, col.help])
    ws.append([])
    ws.append(["Rules"])
    ws[f"A{ws.max_row}"].font = Font(bold=True)
    for rule in (*RULES.get(tpl.name, ()), *tpl.instructions):
        ws.append([rule])
    ws.append(["Save as .xlsx or as CSV (UTF-8). Do not rename, reorder or merge the columns."])
    questions = question_rows(tpl.name)
    if questions:
        ws.append([])
        ws.append(["Questions: what each code asks (answer one row per code)"])
        ws[f"A{ws.max_row}"].font = Font(bold=True)
        ws.append(["code", "", "", "domain / level", "question"])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for code, group, question in questions:
            ws.append([code, "", "", group, question])
    for letter, width in zip("ABCDE", (24, 9, 10, 40, 70), strict=True):
        ws.column_dimensions[letter].width = width


def _add_dropdowns(ws: Worksheet, tpl: Template, ranges: dict[str, str]) -> None:
    """A list validation on each coded column of the data sheet (blank cells allowed)."""
    for idx, col in enumerate(tpl.columns, start=1):
        source = _DROPDOWN.get(col.name)
        if source is None or source not in ranges:
            continue
        dv = DataValidation(type="list", formula1=ranges[source], allow_blank=True)
        dv.error = f"Pick a code from the '{source}' list (codes sheet)."
        dv.errorTitle, dv.showErrorMessage = f"{col.name}: not a code", True
        letter = get_column_letter(idx)
        dv.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
        ws.add_data_validation(dv)


def template_xlsx(name: str) -> bytes:
    """The template as XLSX: data sheet (header + examples), `codes` and `instructions` sheets."""
    tpl = TEMPLATES[name]
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = tpl.sheet
    ws.append(list(tpl.column_names))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in example_rows(name):
        ws.append(safe_row(row[c] for c in tpl.column_names))  # strings: codes kept as typed
    for idx, col in enumerate(tpl.columns, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = max(12, len(col.name) + 2)
    ws.freeze_panes = "A2"
    ranges = _write_codes(wb.create_sheet("codes"), _code_lists(tpl))
    _write_instructions(wb.create_sheet("instructions"), tpl)
    _add_dropdowns(ws, tpl, ranges)
    return save_workbook(wb)


def template_names() -> Sequence[str]:
    """Names of the downloadable templates, in display order."""
    return tuple(TEMPLATES)

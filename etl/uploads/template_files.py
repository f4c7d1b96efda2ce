"""Downloadable upload templates: a CSV (header + examples) and an XLSX with codes and instructions.

Both are built from the `Template` definitions in core/templates.py, so the files, the reader and
the checks cannot drift apart. The example rows pass the upload checks with zero errors (tested),
so an officer can overwrite them and keep the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pycountry
from babel.numbers import get_currency_name
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.areas import local_name
from core.i18n import translator
from core.questions import (
    COHERENCE_LEVEL_NAMES,
    DOMAIN_QUESTIONS,
    domain_label,
    group_of,
    question_rows,
    question_text,
)
from core.template_words import ANSWER_COLUMNS, answer_word, header, sheet_name
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
from etl.uploads.template_content import (
    AUDIT,
    EXAMPLE_SOURCES,
    EXAMPLE_TEXTS,
    EXAMPLES,
    FREE_TEXT_COLUMNS,
    RULES,
    VALIDATION_ROWS,
)


def example_rows(name: str, lang: str = "en") -> list[dict[str, str]]:
    """The template's example rows: column examples overridden by EXAMPLES, audit columns set.

    Keys are the canonical column names; answer words are in `lang` (oui, sí ...).
    """
    tpl = TEMPLATES[name]
    base = {c.name: c.example for c in tpl.columns}
    base["template_version"] = TEMPLATE_VERSION
    base.update({k: v for k, v in AUDIT.items() if k in base})
    base["source"] = EXAMPLE_SOURCES[name]
    rows = [{**base, **{k: v for k, v in ex.items() if k in base}} for ex in EXAMPLES[name]]
    t = translator(lang)
    for row in rows:
        for col in ANSWER_COLUMNS:
            if row.get(col):
                row[col] = answer_word(row[col], lang)
        for col in FREE_TEXT_COLUMNS:
            if row.get(col) in EXAMPLE_TEXTS:
                row[col] = t.pgettext("example value", row[col])
    return rows


def template_header(name: str, lang: str = "en") -> list[str]:
    """The header row of a template downloaded in `lang`."""
    tpl = TEMPLATES[name]
    return [header(tpl, c, lang) for c in tpl.column_names]


def template_csv(name: str, lang: str = "en") -> bytes:
    """The template as UTF-8 CSV: header and example rows, in `lang`."""
    tpl = TEMPLATES[name]
    rows = [[row[c] for c in tpl.column_names] for row in example_rows(name, lang)]
    return csv_rows_bytes([template_header(name, lang), *rows])


def _code_lists(tpl: Template, lang: str) -> dict[str, list[tuple[str, str]]]:
    """Named code lists for the `codes` sheet: list name -> [(code, label in `lang`)]."""
    t = translator(lang)
    _ = t.gettext

    def scored(scores: dict[str, float]) -> list[tuple[str, str]]:
        return [
            (answer_word(a, lang), _("score {score}").format(score=t.number(v)))
            for a, v in scores.items()
        ]

    sexes = {"F": _("female"), "M": _("male"), "_T": _("total")}
    lists: dict[str, list[tuple[str, str]]] = {
        "ref_area": sorted((c.alpha_3, local_name(c.alpha_3, lang)) for c in pycountry.countries),
        "unit_measure": [(u, _unit_rule(u, lang)) for u in UNIT_MEASURES],
        "policy_domain": [
            (d, f"{domain_label(d, lang)}. {_(DOMAIN_QUESTIONS[d])}") for d in POLICY_DOMAINS
        ],
        "sub_category": [
            (s, f"{group_of(s, lang)}: {question_text(s, lang)}") for s in SUB_CATEGORIES
        ],
        "answer_domain_1": scored(INQUIRY_SCORES_D1),
        "answer_domains_2_6": scored(INQUIRY_SCORES),
        "item_code": [(i, f"{group_of(i, lang)}: {question_text(i, lang)}") for i in GFMD_ITEMS],
        "gfmd_answer": scored(GFMD_SCORES),
        "coherence_level": [(c, _(COHERENCE_LEVEL_NAMES[c])) for c in COHERENCE_LEVELS],
        "count_items": [
            (i, f"{lo}-{hi if hi is not None else ''}") for i, (lo, hi) in GFMD_COUNT_ITEMS.items()
        ],
        "sex": [(s, sexes[s]) for s in SEXES],
        "basis": [(k, _(v)) for k, v in CENSUS_BASES.items()],
        "earnings_reference": [(e, "") for e in EARNINGS_REFERENCES],
        "currency": sorted(
            (c.alpha_3, get_currency_name(c.alpha_3, locale=lang)) for c in pycountry.currencies
        ),
    }
    if tpl.name == "indicator_long":
        for col, codes in LONG_CLOSED_CODES.items():
            lists.setdefault(col, [(c, "") for c in codes])
    return lists


def _unit_rule(unit: str, lang: str) -> str:
    """Human text of a unit's allowed values (§5 rule 2), in `lang`."""
    t = translator(lang)
    _ = t.gettext
    if unit in UNIT_SETS:
        return _("one of {values}").format(values=", ".join(t.number(v) for v in UNIT_SETS[unit]))
    lo, hi = UNIT_RANGES.get(unit, (None, None))
    if lo is None:
        return _("any number")
    if hi is None:
        return _(">= {low}").format(low=t.number(lo))
    return _(">= {low} and <= {high}").format(low=t.number(lo), high=t.number(hi))


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


def _write_codes(
    ws: Worksheet, lists: dict[str, list[tuple[str, str]]], lang: str
) -> dict[str, str]:
    """Write each list as a code + label column pair; return list name -> absolute range."""
    meaning = translator(lang).gettext("{list} (meaning)")
    # a formula quotes a sheet name with accents or spaces ('códigos'), not a plain one (codes)
    sheet = (
        ws.title if re.fullmatch(r"[A-Za-z_]\w*", ws.title, re.ASCII) else quote_sheetname(ws.title)
    )
    ranges: dict[str, str] = {}
    for i, (name, items) in enumerate(lists.items()):
        code_col, label_col = get_column_letter(2 * i + 1), get_column_letter(2 * i + 2)
        ws[f"{code_col}1"], ws[f"{label_col}1"] = name, meaning.format(list=name)
        ws[f"{code_col}1"].font = ws[f"{label_col}1"].font = Font(bold=True)
        for r, (code, label) in enumerate(items, start=2):
            ws[f"{code_col}{r}"], ws[f"{label_col}{r}"] = code, label
        ranges[name] = f"{sheet}!${code_col}$2:${code_col}${len(items) + 1}"
    return ranges


def _write_instructions(ws: Worksheet, tpl: Template, lang: str) -> None:
    """What each column means, whether it is required, its allowed values, then the rules."""
    _ = translator(lang)
    ws.append([_(tpl.title)])
    ws["A1"].font = Font(bold=True)
    ws.append(
        [
            _("Template {name}, version {version}. Fill the '{sheet}' sheet.").format(
                name=tpl.name, version=TEMPLATE_VERSION, sheet=sheet_name(tpl.sheet, lang)
            )
        ]
    )
    ws.append([])
    ws.append([_("column"), _("required"), _("type"), _("allowed values"), _("meaning")])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col in tpl.columns:
        codes = code_list(tpl, col.name)
        if col.name in ANSWER_COLUMNS and codes:
            codes = tuple(answer_word(c, lang) for c in codes)
        allowed = ", ".join(codes) if codes and len(codes) <= 12 else ""
        if codes and len(codes) > 12:
            allowed = _("see the '{list}' list on the codes sheet").format(
                list=_DROPDOWN.get(col.name, col.name)
            )
        ws.append(
            [
                header(tpl, col.name, lang),
                _("yes") if col.required else _("no"),
                str(col.dtype),
                allowed,
                _(col.help).format(column=col.name),
            ]
        )
    ws.append([])
    ws.append([_("Rules")])
    ws[f"A{ws.max_row}"].font = Font(bold=True)
    for rule in (*RULES.get(tpl.name, ()), *tpl.instructions):
        ws.append([_(rule)])
    ws.append([_("Save as .xlsx or as CSV (UTF-8). Do not rename, reorder or merge the columns.")])
    questions = question_rows(tpl.name, lang)
    if questions:
        ws.append([])
        ws.append([_("Questions: what each code asks (answer one row per code)")])
        ws[f"A{ws.max_row}"].font = Font(bold=True)
        ws.append([_("code"), "", "", _("domain / level"), _("question")])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for code, group, question in questions:
            ws.append([code, "", "", group, question])
    for letter, width in zip("ABCDE", (24, 9, 10, 40, 70), strict=True):
        ws.column_dimensions[letter].width = width


def _add_dropdowns(ws: Worksheet, tpl: Template, ranges: dict[str, str], lang: str) -> None:
    """A list validation on each coded column of the data sheet (blank cells allowed)."""
    _ = translator(lang)
    for idx, col in enumerate(tpl.columns, start=1):
        source = _DROPDOWN.get(col.name)
        if source is None or source not in ranges:
            continue
        dv = DataValidation(type="list", formula1=ranges[source], allow_blank=True)
        dv.error = _("Pick a code from the '{list}' list (codes sheet).").format(list=source)
        dv.errorTitle = _("{column}: not a code").format(column=header(tpl, col.name, lang))
        dv.showErrorMessage = True
        letter = get_column_letter(idx)
        dv.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
        ws.add_data_validation(dv)


def template_xlsx(name: str, lang: str = "en") -> bytes:
    """The template as XLSX in `lang`: data sheet (header + examples), codes and instructions."""
    tpl = TEMPLATES[name]
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = sheet_name(tpl.sheet, lang)
    ws.append(template_header(name, lang))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in example_rows(name, lang):
        ws.append(safe_row(row[c] for c in tpl.column_names))  # strings: codes kept as typed
    for idx, head in enumerate(template_header(name, lang), start=1):
        ws.column_dimensions[get_column_letter(idx)].width = max(12, len(head) + 2)
    ws.freeze_panes = "A2"
    codes = wb.create_sheet(sheet_name("codes", lang))
    ranges = _write_codes(codes, _code_lists(tpl, lang), lang)
    _write_instructions(wb.create_sheet(sheet_name("instructions", lang)), tpl, lang)
    _add_dropdowns(ws, tpl, ranges, lang)
    return save_workbook(wb)


def template_names() -> Sequence[str]:
    """Names of the downloadable templates, in display order."""
    return tuple(TEMPLATES)

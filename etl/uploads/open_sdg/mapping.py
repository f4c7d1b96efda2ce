"""The Open SDG mapping table (labels.csv beside this module) and the matcher of headers and labels.

The table says, in English, French and Spanish, which column header is which §5 column (its
*role*) and which breakdown label is which §5 code. Lookups compare labels normalised (case,
accents kept, spacing and spaces around '/' or '-' removed). A label the table does not know
gets a *suggestion* from a fuzzy match (rapidfuzz) that is shown in the report and the preview,
never applied: the officer confirms it in a mapping file (FileMapping, JSON) that overrides the
table for one file and is stored for the next round of the same file.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from rapidfuzz import fuzz, process

from core.areas import AREA_CODES
from core.i18n import _
from core.templates import INDICATOR_LONG
from etl.exports import opensdg as ours
from etl.sources.wb_names import resolve
from indicators.names import SERIES_NAMES

ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
TABLE_PATH = Path(__file__).with_name("labels.csv")
MAPPING_FORMAT = "open-sdg-mapping/1"
LEAVE_OUT = "-"  # a label mapped to this is left out on purpose (the report says why)
FUZZY_MIN = 80  # rapidfuzz ratio (normalised edit distance, 0-100) from which to suggest
# Roles a column can have besides the §5 dimension columns themselves.
SPECIAL_ROLES = ("year", "value", "units", "series", "sending_area", "obs_status", "unit_mult")
NON_DIMENSIONS = {
    "template_version", "indicator_code", "series_code", "ref_area", "ref_area_m49",
    "time_period", "freq", "time_detail", "value", "value_label", "answer_text",
    "unit_measure", "unit_mult", "obs_status", "nature", "reporting_type", "source",
    "source_url", "collection_method", "sample_size", "respondent_institution", "comment_obs",
    "submitted_by", "submitted_on",
}  # fmt: skip
DIMENSIONS = tuple(c for c in INDICATOR_LONG.column_names if c not in NON_DIMENSIONS)
ROLES = (*SPECIAL_ROLES, *DIMENSIONS, "total_only")
DOMAIN_NUMBER = re.compile(r"\b(?:domain|domaine|dominio)\s*([1-6])\b", re.I)
CODE = re.compile(r"_T|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*")
TOTAL_PREFIXES = ("all ", "tous ", "toutes ", "todos ", "todas ")


def normalise(label: str) -> str:
    """Compare labels by words: lower case, single spaces, no spaces around '/' and '-'."""
    s = " ".join(str(label).replace("\ufeff", "").split()).lower()
    return re.sub(r"\s*([/\-])\s*", r"\1", s)


@dataclass(frozen=True)
class Entry:
    """One row of the mapping table."""

    kind: str
    indicator: str
    label: str
    code: str
    unit: str
    lang: str
    note: str


@cache
def table() -> tuple[Entry, ...]:
    """The mapping table, plus the labels our own Open SDG export writes (so exports re-import)."""
    with TABLE_PATH.open(encoding="utf-8", newline="") as fh:
        rows = [Entry(**{k: (v or "").strip() for k, v in r.items()}) for r in csv.DictReader(fh)]
    for code, label in ours.UNIT_LABELS.items():
        rows.append(Entry("unit", "", label, code, "", "en", "our export"))
    for code, label in SERIES_NAMES.items():
        rows.append(Entry("series", "", label, code, "", "en", "our export"))
    for column, (title, labels) in ours.DISAGGREGATIONS.items():
        rows.append(Entry("column", "", title, column, "", "en", "our export"))
        kind = "country" if column == "counterpart_area" else column
        rows += [Entry(kind, "", lab, code, "", "en", "our export") for code, lab in labels.items()]
    for code, label in ours.AREA_NAMES_EXTRA.items():
        rows.append(Entry("country", "", label, code, "", "en", "our export"))
    return tuple(rows)


def _entries(kind: str, indicator: str) -> dict[str, Entry]:
    """Normalised label -> entry of one kind, the indicator's own rows winning over general ones."""
    out: dict[str, Entry] = {}
    for e in table():
        if e.kind == kind and e.indicator in ("", indicator):
            key = normalise(e.label)
            if key not in out or e.indicator:
                out[key] = e
    return out


def column_role(header: str, indicator: str) -> str | None:
    """The role of a column header ('Année' -> year, 'Policy Domains' -> policy_domain)."""
    e = _entries("column", indicator).get(normalise(header))
    return e.code if e else None


def column_note(header: str, indicator: str) -> str:
    """The table's note on a header (why a column keeps only its totals, for instance)."""
    e = _entries("column", indicator).get(normalise(header))
    return e.note if e else ""


def unit_code(label: str) -> str | None:
    """A Units label ('%', 'Pourcentage', 'Number') -> §5 unit_measure, None if unknown."""
    key = normalise(label)
    e = _entries("unit", "").get(key)
    if e:
        return e.code
    return label.strip() if label.strip() in INDICATOR_UNITS else None


INDICATOR_UNITS = ("PT", "NUMBER", "PER_100000_POP", "RATIO_MONTHS", "BINARY", "SCORE_1_4", "USD")


def is_total(label: str) -> bool:
    """'All Domains', 'Total', 'Ensemble', 'Todos los ...': the total of a breakdown."""
    key = normalise(label)
    return key in _entries("total", "") or key.startswith(TOTAL_PREFIXES)


def series_entry(label: str, indicator: str) -> Entry | None:
    """A series / cost-component label -> its table row (code and, when the label says, unit)."""
    return _entries("series", indicator).get(normalise(label))


def _age(label: str) -> str | None:
    """'15-24' -> Y15T24, '65+' / '65 and over' -> Y_GE65, 'Under 18' -> Y_LT18."""
    s = label.strip()
    if m := re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", s):
        return f"Y{m.group(1)}T{m.group(2)}"
    if m := re.fullmatch(r"(\d+)\s*(?:\+|and over|ans et plus|y más|años y más)", s, re.I):
        return f"Y_GE{m.group(1)}"
    code = ours.age_code(s)
    return code if code != s or re.fullmatch(r"Y\w+|_T", s) else None


def _country(label: str) -> str | None:
    """Country name (English via pycountry / World Bank names, French, Spanish) -> ISO3."""
    e = _entries("country", "").get(normalise(label))
    if e:
        return e.code
    if (
        label.strip() in AREA_CODES or label.strip() in ISO3
    ):  # our export writes region codes (SSF, MMP_HORN) as they are
        return label.strip()
    m = resolve(label.strip())
    return m.iso3 if m is not None else None


def label_code(role: str, label: str, indicator: str) -> str | None:
    """The §5 code of one breakdown label under a role, from the table (None: not known)."""
    if is_total(label):
        return "_T"
    if role == "policy_domain":
        if re.fullmatch(r"PD_[1-6]", label.strip()):
            return label.strip()
        if m := DOMAIN_NUMBER.search(label):
            return f"PD_{m.group(1)}"
        # "Migrant rights (Domain 1)" is caught above; the words alone through the table
        e = _entries("policy_domain", indicator).get(normalise(re.sub(r"^\W+", "", label)))
        return e.code if e else None
    if role in ("counterpart_area", "sending_area"):
        return _country(label)
    if role == "age":
        return _age(label)
    if role == "series":
        e = series_entry(label, indicator)
        return e.code if e else None
    e = _entries(role, indicator).get(normalise(label))
    if e:
        return e.code
    # a cell that is a code already (our own export writes codes it has no label for)
    return label.strip() if CODE.fullmatch(label.strip()) else None


def _fuzzy(label: str, choices: dict[str, Entry]) -> tuple[Entry, float] | None:
    """Closest table label of the same kind (score >= FUZZY_MIN), for display only."""
    if not choices:
        return None
    got = process.extractOne(normalise(label), list(choices), scorer=fuzz.ratio)
    if got is None or got[1] < FUZZY_MIN:
        return None
    return choices[got[0]], float(got[1])


def suggest_label(role: str, label: str, indicator: str) -> tuple[str, str, float] | None:
    """(code, table label, score) of a fuzzy match for an unknown label; shown, never applied."""
    kind = "country" if role in ("counterpart_area", "sending_area") else role
    got = _fuzzy(label, _entries(kind, indicator))
    return (got[0].code, got[0].label, round(got[1])) if got else None


def suggest_role(header: str, indicator: str) -> tuple[str, str, float] | None:
    """(role, table header, score) of a fuzzy match for an unknown header; shown, never applied."""
    got = _fuzzy(header, _entries("column", indicator))
    return (got[0].code, got[0].label, round(got[1])) if got else None


@dataclass
class FileMapping:
    """An officer's confirmed mapping for one kind of file (JSON; overrides the table)."""

    indicator: str
    file_pattern: str = "*"
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)  # header -> role, labels
    units: dict[str, str] = field(default_factory=dict)  # series_code -> unit_measure

    def role(self, header: str) -> str | None:
        """The confirmed role of a header, if the mapping gives one."""
        col = self.columns.get(header)
        return str(col["role"]) if col and col.get("role") else None

    def label(self, header: str, label: str) -> str | None:
        """The confirmed code of a label in a column, if the mapping gives one."""
        col = self.columns.get(header) or {}
        labels = col.get("labels") or {}
        got = labels.get(label)
        return None if got is None else str(got)

    def to_json(self) -> str:
        """The mapping file's text (what the page exports and `--mapping` reads)."""
        body = {
            "format": MAPPING_FORMAT,
            "indicator": self.indicator,
            "file_pattern": self.file_pattern,
            "columns": self.columns,
            "units": self.units,
        }
        return json.dumps(body, ensure_ascii=False, indent=2, sort_keys=False)

    def matches(self, file_name: str) -> bool:
        """True when the file name fits the mapping's pattern (case-insensitive)."""
        return fnmatch.fnmatch(file_name.lower(), self.file_pattern.lower())


class MappingFileError(ValueError):
    """A mapping file that cannot be used; the message says where and what to do (in the
    language in use when it is raised: the page's, or the command's --lang)."""


def parse_mapping(text: str, source: str = "mapping file") -> FileMapping:
    """A mapping file's JSON -> FileMapping, checking roles and units (errors say what to fix)."""
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MappingFileError(
            _(
                "{source}: not JSON ({error} at line {line}): export it again from the Upload "
                "page or fix the syntax"
            ).format(source=source, error=exc.msg, line=exc.lineno)
        ) from exc
    if not isinstance(body, dict) or body.get("format") != MAPPING_FORMAT:
        raise MappingFileError(
            _("{source}: 'format' must be {format}").format(
                source=source, format=repr(MAPPING_FORMAT)
            )
        )
    columns = body.get("columns") or {}
    if not isinstance(columns, dict):
        raise MappingFileError(
            _("{source}: 'columns' must be an object header -> {{role, labels}}").format(
                source=source
            )
        )
    for header, col in columns.items():
        role = (col or {}).get("role")
        if role is not None and role not in ROLES:
            raise MappingFileError(
                _("{source}: column {header} has role {role}; use one of {roles}").format(
                    source=source, header=repr(header), role=repr(role), roles=", ".join(ROLES)
                )
            )
        if not isinstance((col or {}).get("labels", {}), dict):
            raise MappingFileError(
                _("{source}: column {header}: 'labels' must map label -> code").format(
                    source=source, header=repr(header)
                )
            )
    units = {s: u for s, u in (body.get("units") or {}).items() if u}  # "": not chosen yet
    bad = {s: u for s, u in units.items() if u not in INDICATOR_UNITS}
    if bad:
        raise MappingFileError(
            _("{source}: units {units} not known; use one of {known}").format(
                source=source, units=bad, known=", ".join(INDICATOR_UNITS)
            )
        )
    return FileMapping(
        indicator=str(body.get("indicator") or ""),
        file_pattern=str(body.get("file_pattern") or "*"),
        columns={str(h): dict(c or {}) for h, c in columns.items()},
        units={str(s): str(u) for s, u in units.items()},
    )


def file_pattern(file_name: str) -> str:
    """A round-independent pattern of a file name: years and dates become '*'."""
    base = file_name.rsplit("/", 1)[-1]
    return re.sub(r"(?<!\d)(?:19|20)\d{2}(?:[-_]?(?:Q[1-4]|\d{2}))*(?!\d)", "*", base)

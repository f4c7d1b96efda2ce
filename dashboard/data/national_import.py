"""Data behind the Upload page's national-file preview: convert with a mapping, edit, store it.

Which mapping is used, in order: the one the officer edited on the page in this session, a
mapping file uploaded with the data, the newest mapping stored for this file name pattern and
indicator (etl/uploads/open_sdg/stored.py), else the mapping table alone. Submitting the file confirms
the mapping shown: it is stored for the next round of the same file.
"""

from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from core.i18n import _
from dashboard.language import session_language
from etl.uploads.open_sdg import breakdowns as b
from etl.uploads.open_sdg.convert import OpenSdgConversion, convert_open_sdg
from etl.uploads.open_sdg.mapping import INDICATOR_UNITS, ROLES, FileMapping, parse_mapping
from etl.uploads.open_sdg.stored import latest_mapping, save_mapping
from etl.uploads.prepare import UploadResult, prepare_table
from store.submissions import Store, User

EDITED = "national_mapping_edited"  # session_state: key -> FileMapping edited on the page
PENDING = "national_mapping_pending"  # session_state: sha256 -> mapping to store on submit
ROLE_OPTIONS = ["", *ROLES]  # "" = not placed: only blank/total rows are kept
UNIT_OPTIONS = ["", *INDICATOR_UNITS]


def key_of(data: bytes, iso3: str, indicator: str) -> str:
    """Session key of one file converted for one country and indicator."""
    return f"{hashlib.sha256(data).hexdigest()}:{iso3}:{indicator}"


def choose_mapping(
    store: Store, key: str, file_name: str, indicator: str, uploaded: bytes | None
) -> tuple[FileMapping | None, str]:
    """(mapping, where it comes from) for this file; MappingFileError if the upload is bad.

    Where it comes from is said in the session's language."""
    edited: dict[str, FileMapping] = st.session_state.get(EDITED, {})
    if key in edited:
        return edited[key], _("your changes on this page")
    if uploaded is not None:
        return parse_mapping(uploaded.decode("utf-8", "replace"), "the mapping file"), _(
            "the uploaded mapping file"
        )
    saved = latest_mapping(store, file_name, indicator)
    if saved is not None:
        when = f"{saved.saved_at:%Y-%m-%d}"
        return saved.mapping, _("the mapping {name} confirmed on {date} (stored)").format(
            name=saved.saved_by, date=when
        )
    return None, _("the mapping table (etl/uploads/open_sdg/labels.csv)")


def convert(
    data: bytes, file_name: str, iso3: str, indicator: str, mapping: FileMapping | None
) -> OpenSdgConversion:
    """The file converted to indicator_long rows (UploadError when it cannot be)."""
    return convert_open_sdg(
        data,
        file_name,
        ref_area=iso3,
        indicator=indicator,
        mapping=mapping,
        lang=session_language(),  # the reader's messages (too large, not a table ...)
    )


def check(conv: OpenSdgConversion, data: bytes, store: Store) -> UploadResult:
    """The converted rows through the upload checks, compared with the approved data."""
    sha = hashlib.sha256(data).hexdigest()
    return prepare_table(
        conv.table,
        sha,
        current=store.current_rows,
        template="indicator_long",
        lang=session_language(),  # the check's messages in the officer's language
    )


def column_frame(conv: OpenSdgConversion) -> pl.DataFrame:
    """One row per breakdown column: its role (editable), how it was found, a suggestion."""
    return pl.DataFrame(
        [
            {
                "column": c.header,
                "role": c.role or "",
                "how": b.how_word(c.how),
                "suggestion (not applied)": c.suggestion,
            }
            for c in conv.columns
        ],
        schema={k: pl.String for k in ("column", "role", "how", "suggestion (not applied)")},
    )


def label_frame(conv: OpenSdgConversion) -> pl.DataFrame:
    """One row per (column, label): its code (editable; '-' = leave out), how, rows."""
    recs = [
        {
            "column": c.header,
            "label": lab.label,
            "code": lab.code or "",
            "how": b.how_word(lab.how),
            "suggestion (not applied)": lab.suggestion,
            "rows": len(lab.rows),
        }
        for c in conv.columns
        for lab in c.labels
    ]
    schema: dict[str, pl.DataType] = {
        k: pl.String() for k in ("column", "label", "code", "how", "suggestion (not applied)")
    }
    return pl.DataFrame(recs, schema={**schema, "rows": pl.Int64()})


def unit_frame(conv: OpenSdgConversion) -> pl.DataFrame:
    """One row per series: its unit (editable; blank = still to choose)."""
    units = conv.mapping.units if conv.mapping else {}
    return pl.DataFrame(
        {"series": list(units), "unit": list(units.values())},
        schema={"series": pl.String, "unit": pl.String},
    )


def mapping_from(
    conv: OpenSdgConversion, cols: pl.DataFrame, labels: pl.DataFrame, units: pl.DataFrame
) -> FileMapping:
    """The officer's edits as a mapping file (roles, label codes, units)."""
    base = conv.mapping or FileMapping(conv.indicator_code)
    columns: dict[str, dict[str, object]] = {}
    for row in cols.iter_rows(named=True):
        picked = labels.filter(pl.col("column") == row["column"])
        codes = {r["label"]: r["code"] for r in picked.iter_rows(named=True) if r["code"]}
        columns[row["column"]] = {"role": row["role"] or None, "labels": codes}
    unit_map = {r["series"]: r["unit"] or "" for r in units.iter_rows(named=True)}
    return FileMapping(base.indicator, base.file_pattern, columns, unit_map)


def remember_edit(key: str, mapping: FileMapping) -> None:
    """Use the edited mapping for this file from now on in this session."""
    st.session_state.setdefault(EDITED, {})[key] = mapping


def remember_pending(result: UploadResult, mapping: FileMapping | None) -> None:
    """The mapping to store once this file is submitted."""
    if mapping is not None:
        st.session_state.setdefault(PENDING, {})[result.sha256] = mapping


def store_confirmed(store: Store, result: UploadResult, user: User) -> int | None:
    """Store the mapping of a submitted national file for its next round; the new id."""
    mapping = st.session_state.get(PENDING, {}).pop(result.sha256, None)
    return None if mapping is None else save_mapping(store, mapping, user)

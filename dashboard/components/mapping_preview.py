"""Upload page: the preview of how a national platform file maps to the §5 contract.

The officer sees each breakdown column with its role, each label with its code, how each was
found (table, mapping file, fuzzy suggestion not applied), the units and every left-out row with
why; edits them; exports the mapping as JSON (for `import-survey --mapping`). Submitting the
file stores the mapping for the next round of the same file.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from core.i18n import N_, _
from dashboard.components import widgets
from dashboard.data import national_import as data
from dashboard.errors import show_error
from etl.exports import safe_write
from etl.uploads.open_sdg.convert import indicator_id
from etl.uploads.open_sdg.mapping import MappingFileError
from etl.uploads.prepare import UploadResult
from etl.uploads.read import UploadError
from store.submissions import Store

# The two kinds of upload (the radio's options; shown translated with _()).
NATIONAL_KIND = N_("National platform file (Open SDG CSV or a wide table)")
TEMPLATE_KIND = N_("Filled template")
# Headers of the editors' columns (the frames keep their English names: mapping_from reads them).
HEADERS: dict[str, str] = {
    "column": N_("column"),
    "role": N_("role"),
    "how": N_("how"),
    "suggestion (not applied)": N_("suggestion (not applied)"),
    "label": N_("label"),
    "code": N_("code"),
    "rows": N_("rows"),
    "series": N_("series"),
    "unit": N_("unit"),
}


def _config(df: pl.DataFrame, **special: object) -> dict[str, object]:
    """column_config of an editor: every column headed in the session's language."""
    out: dict[str, object] = {c: _(HEADERS[c]) for c in df.columns if c in HEADERS}
    return out | special


def _editors(conv_key: str, conv: data.OpenSdgConversion) -> None:
    """Editable roles, codes and units; 'Apply' reruns the conversion with them."""
    st.markdown(
        _(
            "**Proposed mapping.** Check each column's role (the template column it fills) and "
            "each label's code. A suggestion from the fuzzy match is only shown: copy it into "
            "*code* to use it. Code `-` leaves a label's rows out on purpose."
        )
    )
    frame = data.column_frame(conv)
    cols = st.data_editor(
        frame,
        hide_index=True,
        disabled=["column", "how", "suggestion (not applied)"],
        column_config=_config(  # type: ignore[arg-type]
            frame,
            role=st.column_config.SelectboxColumn(_(HEADERS["role"]), options=data.ROLE_OPTIONS),
        ),
        key=f"mapping_columns_{conv_key}",
    )
    frame = data.label_frame(conv)
    labels = st.data_editor(
        frame,
        hide_index=True,
        disabled=["column", "label", "how", "suggestion (not applied)", "rows"],
        column_config=_config(frame),  # type: ignore[arg-type]
        key=f"mapping_labels_{conv_key}",
    )
    frame = data.unit_frame(conv)
    units = st.data_editor(
        frame,
        hide_index=True,
        disabled=["series"],
        column_config=_config(  # type: ignore[arg-type]
            frame,
            unit=st.column_config.SelectboxColumn(_(HEADERS["unit"]), options=data.UNIT_OPTIONS),
        ),
        key=f"mapping_units_{conv_key}",
    )
    if st.button(_("Apply the mapping"), key="apply_mapping"):
        edited = data.mapping_from(
            conv, pl.DataFrame(cols), pl.DataFrame(labels), pl.DataFrame(units)
        )
        data.remember_edit(conv_key, edited)
        st.rerun()


def render_national(content: bytes, file_name: str, store: Store) -> UploadResult | None:
    """Country, indicator, mapping file; the preview and the converted rows' check (or None)."""
    left, right = st.columns(2)
    iso3 = left.text_input(_("Reporting country (ISO3 code)"), max_chars=3, key="national_iso3")
    indicator = right.text_input(
        _("Indicator"), value=indicator_id(file_name), key="national_indicator"
    ).strip()
    mapping_file = st.file_uploader(
        _("Mapping file (optional): the JSON exported here or by the CLI for an earlier round"),
        type=["json"],
        key="national_mapping_file",
    )
    iso3 = iso3.strip().upper()
    if len(iso3) != 3 or not iso3.isalpha():
        st.info(_("Give the reporting country's three-letter code (e.g. KEN) to map the file."))
        return None
    conv_key = data.key_of(content, iso3, indicator)
    try:
        raw_map = mapping_file.getvalue() if mapping_file is not None else None
        mapping, origin = data.choose_mapping(store, conv_key, file_name, indicator, raw_map)
        conv = data.convert(content, file_name, iso3, indicator, mapping)
    except MappingFileError as exc:
        st.error(str(exc))
        return None
    except UploadError as exc:
        show_error(exc)
        return None
    st.caption(_("Mapping used: {origin}.").format(origin=origin))
    _editors(conv_key, conv)
    if conv.mapping is not None:
        st.download_button(
            _("Export the mapping (JSON)"),
            data=safe_write.json_bytes(conv.mapping.to_json()),
            file_name=f"mapping_{conv.indicator_code}.json",
            mime="application/json",
            key="export_mapping",
            on_click="ignore",
        )
    notes = pl.DataFrame({"note": conv.notes}, schema={"note": pl.String})
    if notes.height:
        widgets.render_table(
            notes,
            caption=_(
                "What the import did: headers read, shapes turned long, units inferred, and "
                "every row left out with why and what would keep it."
            ),
            key="mapping_notes",
        )
    result = data.check(conv, content, store)
    data.remember_pending(result, conv.mapping)
    return result

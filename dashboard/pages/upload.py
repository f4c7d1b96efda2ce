"""Upload national data: download a template, upload it filled (or a national platform file,
mapped in a preview first), read the check, submit it."""

from __future__ import annotations

from functools import partial

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.questions import question_rows
from core.templates import TEMPLATES
from dashboard import auth
from dashboard.components import indicator_preview, mapping_preview, widgets
from dashboard.data import loaders as data
from dashboard.data import national_import as national_import_data
from dashboard.data import uploads as uploads_data
from dashboard.errors import show_error
from dashboard.language import session_language
from dashboard.plain_text import as_code, code_spans, md
from etl.uploads.template_files import template_csv, template_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title("Upload national data")
# No DEMO DATA banner: this page shows no published figure (issue 10)
store = uploads_data.get_store()
user = uploads_data.render_account(store)
if not data.has_data():
    widgets.render_no_data()  # uploads still work; approved ones are published at the next build

# 1. Templates: everyone may download them.
st.header("1. Download a template")
st.markdown(
    "Each file kind has a template: keep its header row as downloaded, replace the example "
    "rows with your data, and save it as CSV (UTF-8) or Excel. The Excel file also lists the "
    "allowed codes and the rules on its other sheets."
)
for name, tpl in TEMPLATES.items():
    with st.container(key=f"template_{name}", border=True):
        st.markdown(f"**{tpl.title}** (`{name}`)")
        optional = [c.name for c in tpl.columns if not c.required]
        st.caption(
            f"Required columns: {as_code(tpl.required)}. "
            + (f"Optional: {as_code(optional)}. " if optional else "")
            + f"One row is identified by {as_code(tpl.key)}."
        )
        with st.expander("What goes in each column"):
            st.markdown("\n".join(f"- `{c.name}`: {code_spans(c.help)}" for c in tpl.columns))
        questions = question_rows(name)
        if questions:
            with st.expander("Questions (what each code asks)"):
                st.dataframe(
                    pl.DataFrame(questions, schema=["code", "domain / level", "question"],
                                 orient="row"),
                    hide_index=True, key=f"template_questions_{name}",
                )  # fmt: skip
        left, right = st.columns(2)
        left.download_button(
            "CSV",
            data=partial(template_csv, name, session_language()),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"template_csv_{name}",
            on_click="ignore",
        )
        right.download_button(
            "XLSX",
            data=partial(template_xlsx, name, session_language()),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"template_xlsx_{name}",
            on_click="ignore",
        )

# 2. Upload and check: contributors and above.
st.header("2. Upload and check")
if store is None:
    st.markdown(uploads_data.NO_ACCOUNTS)
    st.stop()
if not auth.can(user, "upload"):
    who = (
        f"{md(user.name)} ({user.role}) may not upload: ask an admin for the contributor role."
        if user
        else ""
    )
    st.markdown(who or "**Sign in** in the sidebar as a contributor to upload a file.")
    st.stop()
assert user is not None  # can(None, "upload") is False
limit = uploads_data.limit_text()
kind = st.radio(
    "Kind of file",
    [mapping_preview.TEMPLATE_KIND, mapping_preview.NATIONAL_KIND],
    horizontal=True,
    key="upload_kind",
    help="A national platform file (Open SDG indicator CSV, or a table with years as rows or "
    "columns, headers in English, French or Spanish) is mapped to the template first: you "
    "check the proposed mapping before anything is stored.",
)
uploaded = st.file_uploader(
    f"Filled template or national platform file, CSV or Excel, at most {limit}",
    type=uploads_data.UPLOAD_TYPES,
    key="upload_file",
    max_upload_size=uploads_data.uploader_limit_mb(),
    help=f"Files over {limit} are refused (M_E_MAX_UPLOAD_MB), as are files with more than "
    f"{uploads_data.bounds_text()}. Split bigger files by country.",
)
if uploaded is None:
    st.caption(
        f"Files up to {limit}. The file is checked first; nothing is stored until you submit it."
    )
    st.stop()
content = uploaded.getvalue()
national = kind == mapping_preview.NATIONAL_KIND
if national:
    st.subheader("Map the national file")
    mapped = mapping_preview.render_national(content, uploaded.name, store)
    if mapped is None:
        st.stop()
    result = mapped
else:
    cached = uploads_data.cached_report(content)
    if cached is None:
        with st.status(f"Checking {md(uploaded.name)} ({len(content):,} bytes)…") as box:
            cached = uploads_data.check_file(content, uploaded.name, store)
            box.update(label=f"Checked {md(uploaded.name)}", state="complete", expanded=False)
    result = cached

st.subheader("Validation report")
found = TEMPLATES.get(result.template or "")
if found is None:
    st.markdown(f"**{md(result.file_name)}**: not recognised as any template.")
else:
    st.markdown(
        f"**{md(result.file_name)}**: template **{found.title}** (`{found.name}`), read as "
        f"{result.read_as}."
    )
summary = result.summary
labels = ("rows", "errors", "warnings", "new", "changed", "unchanged")
for col, label in zip(st.columns(len(labels)), labels, strict=True):
    col.metric(label.capitalize(), f"{summary.get(label, 0):,}")
issues = uploads_data.issues_frame(result)
if issues.is_empty():
    st.success("No problem found: 0 errors, 0 warnings.")
else:
    widgets.render_table(
        issues,
        caption=(
            "Every problem found. Row = the row as a spreadsheet shows it (the header is row 1); "
            "message = what is wrong and what to do. Errors block storing; warnings need your "
            "confirmation below."
        ),
        key="upload_issues",
    )
if found is not None:
    st.subheader("What would change")
    widgets.render_table(
        result.diff,
        caption=(
            "Each uploaded row against the current approved data of the same template and key: "
            "new, changed (which columns, old and new values) or unchanged. Nothing changes "
            "until an approver approves the submission."
        ),
        key="upload_diff",
    )

if found is not None and not result.errors:  # checks passed: what the indicator would be
    indicator_preview.render_indicator_preview(result.template, result.rows, "upload_preview")

# 3. Submit.
st.subheader("3. Submit for approval")
stored = uploads_data.stored_of(result)
if stored is None:
    if result.errors:
        st.error(
            f"{len(result.errors)} error(s): nothing can be stored. Correct the rows listed "
            "above and upload the file again."
        )
        st.stop()
    confirmed = True
    if result.warnings:
        confirmed = st.checkbox(
            f"I have read the {len(result.warnings)} warning(s) and submit the file as it is",
            key=f"confirm_warnings_{result.sha256[:12]}",
        )
    note = st.text_input("Note for the approver (optional)", key="upload_note")
    if not st.button(
        "Submit for approval", key="submit_upload", type="primary", disabled=not confirmed
    ):
        st.stop()
    with st.status(f"Storing {result.summary.get('rows', 0):,} rows…") as box:
        try:
            stored = uploads_data.submit(store, result, user, note)
            if national:  # submitting confirms the mapping shown: kept for the next round
                national_import_data.store_confirmed(store, result, user)
        except EtlError as exc:
            box.update(label="Nothing was stored", state="error")
            show_error(exc)
            st.stop()
        box.update(label=f"Stored {len(stored)} submission(s)", state="complete")
parts = "; ".join(f"#{i} ({area} {period}, {n:,} rows)" for i, area, period, n in stored)
st.success(
    f"Submitted for approval: {parts}. An approver reviews it on the Submissions page; only "
    "approved data reaches the indicators."
)

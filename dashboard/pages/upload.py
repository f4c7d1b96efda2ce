"""Upload national data: download a template, upload it filled (or a national platform file,
mapped in a preview first), read the check, submit it."""

from __future__ import annotations

from functools import partial

import polars as pl
import streamlit as st

from core.errors import EtlError
from core.i18n import N_, _, translator
from core.questions import question_rows
from core.template_words import header
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
# The report's counts (summary keys) and their labels, translated where shown.
COUNTS: dict[str, str] = {
    "rows": N_("Rows"),
    "errors": N_("Errors"),
    "warnings": N_("Warnings"),
    "new": N_("New"),
    "changed": N_("Changed"),
    "unchanged": N_("Unchanged"),
}

lang = session_language()
num = translator(lang).number
st.title(_("Upload national data"))
# No DEMO DATA banner: this page shows no published figure (issue 10)
store = uploads_data.get_store()
user = uploads_data.render_account(store)
if not data.has_data():
    widgets.render_no_data()  # uploads still work; approved ones are published at the next build

# 1. Templates: everyone may download them.
st.header(_("1. Download a template"))
st.markdown(
    _(
        "Each file kind has a template: keep its header row as downloaded, replace the example "
        "rows with your data, and save it as CSV (UTF-8) or Excel. The Excel file also lists "
        "the allowed codes and the rules on its other sheets."
    )
)
for name, tpl in TEMPLATES.items():
    with st.container(key=f"template_{name}", border=True):
        st.markdown(f"**{_(tpl.title)}** (`{name}`)")
        # column names as the template downloaded in this language heads them
        required = [header(tpl, c, lang) for c in tpl.required]
        optional = [header(tpl, c.name, lang) for c in tpl.columns if not c.required]
        key_cols = as_code([header(tpl, c, lang) for c in tpl.key])
        st.caption(
            _(
                "Required columns: {required}. Optional: {optional}. One row is identified by "
                "{key}."
            ).format(required=as_code(required), optional=as_code(optional), key=key_cols)
            if optional
            else _("Required columns: {required}. One row is identified by {key}.").format(
                required=as_code(required), key=key_cols
            )
        )
        with st.expander(_("What goes in each column")):
            st.markdown(
                "\n".join(
                    f"- `{header(tpl, c.name, lang)}`: "
                    + code_spans(_(c.help).format(column=c.name))
                    for c in tpl.columns
                )
            )
        questions = question_rows(name, lang)
        if questions:
            with st.expander(_("Questions (what each code asks)")):
                st.dataframe(
                    pl.DataFrame(questions, schema=[_("code"), _("domain / level"), _("question")],
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
st.header(_("2. Upload and check"))
if store is None:
    st.markdown(_(uploads_data.NO_ACCOUNTS))
    st.stop()
if not auth.can(user, "upload"):
    st.markdown(
        _("{name} ({role}) may not upload: ask an admin for the contributor role.").format(
            name=md(user.name), role=auth.role_label(user)
        )
        if user
        else _("**Sign in** in the sidebar as a contributor to upload a file.")
    )
    st.stop()
assert user is not None  # can(None, "upload") is False
limit = uploads_data.limit_text()
# The options are the words of the session's language (a widget may format its value after
# the run, outside this run's language): the chosen label is matched back to its kind.
kinds = {_(mapping_preview.TEMPLATE_KIND): False, _(mapping_preview.NATIONAL_KIND): True}
kind = st.radio(
    _("Kind of file"),
    list(kinds),
    horizontal=True,
    key="upload_kind",
    help=_(
        "A national platform file (Open SDG indicator CSV, or a table with years as rows or "
        "columns, headers in English, French or Spanish) is mapped to the template first: you "
        "check the proposed mapping before anything is stored."
    ),
)
uploaded = st.file_uploader(
    _("Filled template or national platform file, CSV or Excel, at most {limit}").format(
        limit=limit
    ),
    type=uploads_data.UPLOAD_TYPES,
    key="upload_file",
    max_upload_size=uploads_data.uploader_limit_mb(),
    help=_(
        "Files over {limit} are refused (M_E_MAX_UPLOAD_MB), as are files with more than "
        "{bounds}. Split bigger files by country."
    ).format(limit=limit, bounds=uploads_data.bounds_text()),
)
if uploaded is None:
    st.caption(
        _(
            "Files up to {limit}. The file is checked first; nothing is stored until you submit it."
        ).format(limit=limit)
    )
    st.stop()
content = uploaded.getvalue()
national = kinds.get(kind, False)
if national:
    st.subheader(_("Map the national file"))
    mapped = mapping_preview.render_national(content, uploaded.name, store)
    if mapped is None:
        st.stop()
    result = mapped
else:
    cached = uploads_data.cached_report(content)
    if cached is None:
        checking = _("Checking {file} ({size} bytes)…").format(
            file=md(uploaded.name), size=num(len(content))
        )
        with st.status(checking) as box:
            cached = uploads_data.check_file(content, uploaded.name, store)
            done = _("Checked {file}").format(file=md(uploaded.name))
            box.update(label=done, state="complete", expanded=False)
    result = cached

st.subheader(_("Validation report"))
found = TEMPLATES.get(result.template or "")
if found is None:
    st.markdown(_("**{file}**: not recognised as any template.").format(file=md(result.file_name)))
else:
    st.markdown(
        _("**{file}**: template **{title}** (`{template}`), read as {read_as}.").format(
            file=md(result.file_name),
            title=_(found.title),
            template=found.name,
            read_as=result.read_as,
        )
    )
summary = result.summary
for col, (key, label) in zip(st.columns(len(COUNTS)), COUNTS.items(), strict=True):
    col.metric(_(label), num(summary.get(key, 0)))
issues = uploads_data.issues_frame(result)
if issues.is_empty():
    st.success(_("No problem found: 0 errors, 0 warnings."))
else:
    widgets.render_table(
        issues,
        caption=_(
            "Every problem found. Row = the row as a spreadsheet shows it (the header is row "
            "1); message = what is wrong and what to do. Errors block storing; warnings need "
            "your confirmation below."
        ),
        key="upload_issues",
    )
if found is not None:
    st.subheader(_("What would change"))
    widgets.render_table(
        result.diff,
        caption=_(
            "Each uploaded row against the current approved data of the same template and "
            "key: new, changed (which columns, old and new values) or unchanged. Nothing "
            "changes until an approver approves the submission."
        ),
        key="upload_diff",
    )

if found is not None and not result.errors:  # checks passed: what the indicator would be
    indicator_preview.render_indicator_preview(result.template, result.rows, "upload_preview")

# 3. Submit.
st.subheader(_("3. Submit for approval"))
stored = uploads_data.stored_of(result)
if stored is None:
    if result.errors:
        st.error(
            _(
                "{count} error(s): nothing can be stored. Correct the rows listed above and "
                "upload the file again."
            ).format(count=num(len(result.errors)))
        )
        st.stop()
    confirmed = True
    if result.warnings:
        confirmed = st.checkbox(
            _("I have read the {count} warning(s) and submit the file as it is").format(
                count=num(len(result.warnings))
            ),
            key=f"confirm_warnings_{result.sha256[:12]}",
        )
    note = st.text_input(_("Note for the approver (optional)"), key="upload_note")
    if not st.button(
        _("Submit for approval"), key="submit_upload", type="primary", disabled=not confirmed
    ):
        st.stop()
    storing = _("Storing {count} rows…").format(count=num(result.summary.get("rows", 0)))
    with st.status(storing) as box:
        try:
            stored = uploads_data.submit(store, result, user, note)
            if national:  # submitting confirms the mapping shown: kept for the next round
                national_import_data.store_confirmed(store, result, user)
        except EtlError as exc:
            box.update(label=_("Nothing was stored"), state="error")
            show_error(exc)
            st.stop()
        done = _("Stored {count} submission(s)").format(count=len(stored))
        box.update(label=done, state="complete")
parts = "; ".join(
    _("#{id} ({area} {period}, {count} rows)").format(id=i, area=area, period=period, count=num(n))
    for i, area, period, n in stored
)
st.success(
    _(
        "Submitted for approval: {parts}. An approver reviews it on the Submissions page; only "
        "approved data reaches the indicators."
    ).format(parts=parts)
)

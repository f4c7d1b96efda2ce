"""The upload workflow in French and Spanish (issue 12): Upload, Submissions, Settings and Report
pages run in the chosen language, the validation messages are in it and still name the row,
column and value, and none of the English texts marked in a page's modules is left on screen.

Two guards against a text left out of the catalogs: `test_no_page_text_is_left_unwrapped`
reads the modules and fails on a literal sentence passed to a Streamlit call or an error without
_(); the AppTest runs fail when an English message of the page's modules is shown verbatim.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.config import PROJECT_ROOT
from core.i18n import translator
from core.i18n.catalogs import extract
from core.template_words import header
from core.templates import TEMPLATES
from etl.uploads.prepare import prepare_upload, store_upload
from store.submissions import Store, User
from streamlit_app import PAGE_SPECS
from tests.dashboard.test_plain_words import visible_texts
from tests.dashboard.upload_fixture import (
    APPROVER,
    CONTRIBUTOR,
    PASSWORDS,
    broken_file,
    filled_files,
)
from tests.etl.uploads.test_message_languages import english_left

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = {s["url_path"]: s["page"] for s in PAGE_SPECS}
TIMEOUT = 120
LANGS = ("fr", "es")
SHARED = (
    "dashboard/data/uploads.py",
    "dashboard/auth.py",
    "dashboard/errors.py",
    "store/users/roles.py",  # role names shown in the sidebar and the refusals
    "store/users/accounts.py",
)
# The modules whose texts each page shows (the sidebar sign-in: data/uploads.py and auth.py).
MODULES: dict[str, tuple[str, ...]] = {
    "upload": (
        "dashboard/pages/upload.py",
        "dashboard/components/mapping_preview.py",
        "dashboard/components/indicator_preview.py",
        *SHARED,
    ),
    "submissions": (
        "dashboard/pages/submissions.py",
        "dashboard/components/indicator_preview.py",
        "etl/review.py",
        *SHARED,
    ),
    "settings": ("dashboard/pages/settings.py", *SHARED),
    "report": ("dashboard/pages/report.py", "dashboard/data/report.py", *SHARED),
}
WRAPPED = sorted({m for mods in MODULES.values() for m in mods} | {
    "dashboard/data/national_import.py",
})  # fmt: skip


# --- static guard: no sentence reaches the screen without _() ------------------------------------
# Streamlit calls that show their first argument (or these keywords) as text.
ST_TEXT = {
    "title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
    "success", "button", "download_button", "form_submit_button", "text_input", "text_area",
    "number_input", "selectbox", "multiselect", "radio", "checkbox", "file_uploader", "status",
    "expander", "metric", "toast", "form",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "caption", "placeholder"}
ERRORS = {"EtlError": (0,), "UploadError": (2, 3), "StoreError": (0,)}
NOT_WORDS = {"CSV", "XLSX"}  # format names, the same in every language
_WORD = re.compile(r"[A-Za-z]{3,}")


def _literal_text(node: ast.AST) -> str | None:
    """The visible words of a literal (str, f-string, concatenation) not passed through _()."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        words = [w for w in _WORD.findall(node.value) if w not in NOT_WORDS]
        return node.value if words else None
    if isinstance(node, ast.JoinedStr):
        parts = [_literal_text(v) for v in node.values if isinstance(v, ast.Constant)]
        return next((p for p in parts if p), None)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) or _literal_text(node.orelse)
    return None


def _unwrapped(path: str, source: str | None = None) -> Iterator[str]:
    """'file:line: text' of every literal text shown or raised without _()."""
    tree = ast.parse(source or (PROJECT_ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args: list[ast.AST] = []
        receiver = getattr(func, "value", None)
        if isinstance(receiver, ast.Name) and receiver.id in {"log", "logger", "logging"}:
            continue  # the server log is for the administrator, in English
        if isinstance(func, ast.Attribute) and name in ST_TEXT | {"update"}:
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg in TEXT_KEYWORDS)]
            if name in {"form", "update"}:  # st.form(key), box.update(label=...)
                args = [k.value for k in node.keywords if k.arg == "label"]
        elif name in ERRORS:
            args = [a for i, a in enumerate(node.args) if i in ERRORS[name]]
        for arg in args:
            text = _literal_text(arg)
            if text is not None:
                yield f"{path}:{node.lineno}: {text!r}"


def test_no_page_text_is_left_unwrapped() -> None:
    found = [hit for path in WRAPPED for hit in _unwrapped(path)]
    assert found == []


def test_the_guard_finds_an_unwrapped_text() -> None:
    src = (
        'st.header("Validation report")\n'
        'st.header(_("Validation report"))\n'
        'box.update(label=f"Stored {n} rows", state="complete")\n'
        'left.download_button("CSV", data=b"")\n'
        'st.caption(_("Files up to {limit}.").format(limit=limit))\n'
        'raise UploadError(name, "empty", "the file is empty", _(HINT))\n'
    )
    assert list(_unwrapped("page.py", src)) == [
        "page.py:1: 'Validation report'",
        "page.py:3: 'Stored '",
        "page.py:6: 'the file is empty'",
    ]


# --- helpers for the page runs -------------------------------------------------------------------
@cache
def _marked() -> list[tuple[str | None, str, frozenset[str]]]:
    """(context, msgid, files) of every message marked in the code."""
    out = []
    for m in extract():
        if m.id and isinstance(m.id, str):
            out.append((m.context, m.id, frozenset(loc[0] for loc in m.locations)))
    return out


def english_chunks(page: str, lang: str) -> list[str]:
    """The English sentences of a page's modules that must not be shown in `lang`: every marked
    message (split at its {placeholders}) whose translation differs, pieces over 12 chars."""
    t = translator(lang)
    chunks = []
    for ctx, msgid, files in _marked():
        if not files & set(MODULES[page]):
            continue
        translated = t.pgettext(ctx, msgid) if ctx else t.gettext(msgid)
        if translated == msgid:
            continue
        for piece in re.split(r"\{[^{}]*\}", msgid):
            piece = piece.strip(" .,:;()*_`#")
            if len(piece) > 12 and piece not in translated:
                chunks.append(piece)
    return chunks


def shown(at: AppTest) -> list[str]:
    """Every text on the page: titles, alerts, labels, options, help, tables' text cells."""
    texts = [text for _, text in visible_texts(at)]
    for kind in ("number_input", "text_area", "form_submit_button", "file_uploader", "expander"):
        for el in at.get(kind):
            proto = getattr(el, "proto", None)
            texts += [str(getattr(proto, "label", "")), str(getattr(proto, "help", ""))]
    for kind in ("selectbox", "radio", "button", "text_input", "checkbox", "download_button"):
        for el in at.get(kind):
            texts.append(str(getattr(el.proto, "help", "")))
    for el in at.dataframe:
        frame = el.value
        for col in frame.columns:
            texts += [v for v in frame[col].dropna().unique() if isinstance(v, str)]
    return [t for t in texts if t]


def assert_no_english(at: AppTest, page: str, lang: str) -> None:
    text = "\n".join(shown(at))
    left = [c for c in english_chunks(page, lang) if c in text]
    assert left == [], f"{page} in {lang}: English left on screen: {left}"


def open_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.sidebar.selectbox(key="language").set_value(lang).run()
    at = at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str, lang: str) -> AppTest:
    at.sidebar.text_input[0].input(name)
    at.sidebar.text_input[1].input(PASSWORDS[name])
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    said = translator(lang)("Signed in as **{name}** ({role})")
    assert said.split("**")[0] in at.sidebar.markdown[0].value  # Connecté en tant que / Sesión
    return at


def _t(lang: str, text: str) -> str:
    return translator(lang)(text)


# --- Upload --------------------------------------------------------------------------------------
EXPECTED = {
    "fr": {
        "title": "Envoyer des données nationales",
        "report": "Rapport de validation",
        "metrics": ["Lignes", "Erreurs", "Avertissements", "Nouvelles", "Modifiées", "Inchangées"],
        "where": "ligne {row}, colonne « {column} »",
        "severity": "erreur",
        "blocked": "2 erreur(s) : rien ne peut être enregistré.",
    },
    "es": {
        "title": "Cargar datos nacionales",
        "report": "Informe de validación",
        "metrics": ["Filas", "Errores", "Advertencias", "Nuevas", "Modificadas", "Sin cambios"],
        "where": "fila {row}, columna «{column}»",
        "severity": "error",
        "blocked": "2 error(es): no se puede guardar nada.",
    },
}


@pytest.mark.parametrize("lang", LANGS)
def test_upload_page_checks_a_file_in_the_chosen_language(
    root: Path, store: Store, lang: str
) -> None:
    want = EXPECTED[lang]
    at = open_page("upload", lang)
    assert at.title[0].value == want["title"]
    assert_no_english(at, "upload", lang)  # signed out: templates, sign-in prompt
    at = sign_in(at, CONTRIBUTOR, lang)
    name, content = broken_file()
    at.get("file_uploader")[0].set_value((name, content, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert want["report"] in [s.value for s in at.subheader]
    assert [m.label for m in at.metric] == want["metrics"]
    block = at.get_by_key("block_upload_issues")
    issues = pl.from_pandas(block.dataframe[0].value)
    errors = issues.filter(pl.col("severity") == want["severity"])
    assert errors.select("row", "column", "value").rows() == [
        (2, "answer", "yes"),
        (9, "ref_area", "KENYA"),
    ]
    tpl = TEMPLATES["inquiry_1072"]
    for (row, column, value), message in zip(
        errors.select("row", "column", "value").rows(), errors["message"], strict=True
    ):
        where = want["where"].format(row=row, column=header(tpl, column, lang))
        assert message.startswith(f"{name} {where}"), message  # file, row, column
        assert repr(value) in message, message  # the value as written
        assert english_left(message) == [], message
    assert at.error[0].value.startswith(want["blocked"])
    assert_no_english(at, "upload", lang)


# --- Submissions ---------------------------------------------------------------------------------
def _submitted(store: Store) -> int:
    """One inquiry file submitted by the contributor (stored as the page would)."""
    name, content = filled_files()["inquiry_1072"]
    result = prepare_upload(content, name, current=store.current_rows)
    ((sub_id, *_),) = store_upload(store, result, User(CONTRIBUTOR, "contributor"))
    return sub_id


@pytest.mark.parametrize("lang", LANGS)
def test_submissions_page_reviews_in_the_chosen_language(
    root: Path, store: Store, lang: str
) -> None:
    sub_id = _submitted(store)
    at = sign_in(open_page("submissions", lang), APPROVER, lang)
    assert (
        at.title[0].value == _t(lang, "Submissions") == {"fr": "Soumissions", "es": "Envíos"}[lang]
    )
    assert at.header[0].value == _t(lang, "Submission {id}").format(id=sub_id)
    subheaders = [s.value for s in at.subheader]
    for text in ("History", "Rows", "Decide"):
        assert _t(lang, text) in subheaders and text not in subheaders
    listed = pl.from_pandas(at.get_by_key("block_submissions").dataframe[0].value)
    assert listed["status"].to_list() == [{"fr": "soumise", "es": "enviado"}[lang]]
    assert at.button(key="approve").label == {"fr": "Approuver", "es": "Aprobar"}[lang]
    assert_no_english(at, "submissions", lang)
    at.button(key="approve").click().run()
    assert not at.exception, at.exception
    said = at.success[0].value
    assert said.startswith(
        {
            "fr": f"La soumission {sub_id} est maintenant approuvée. Indicateurs recalculés",
            "es": f"El envío {sub_id} está ahora aprobado. Indicadores recalculados",
        }[lang]
    ), said
    assert_no_english(at, "submissions", lang)


# --- Settings and Report -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_settings_page_in_the_chosen_language(root: Path, store: Store, lang: str) -> None:
    at = open_page("settings", lang)
    assert at.title[0].value == {"fr": "Paramètres", "es": "Configuración"}[lang]
    assert _t(lang, "Current settings") in [h.value for h in at.header]
    viewers = _t(
        lang, "Viewers see the settings read-only; approvers sign in (sidebar) to edit them."
    )
    assert viewers in [c.value for c in at.caption]
    assert_no_english(at, "settings", lang)
    at = sign_in(at, APPROVER, lang)
    buttons = [b.label for b in at.get("form_submit_button")]
    assert {"fr": "Enregistrer la cible", "es": "Guardar la meta"}[lang] in buttons
    assert "Save target" not in buttons
    assert_no_english(at, "settings", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_report_page_texts_in_the_chosen_language(root: Path, lang: str) -> None:
    at = open_page("report", lang)
    assert (
        at.title[0].value
        == {
            "fr": "Rapport d'avancement (FMMD)",
            "es": "Informe de progreso (FMMD)",
        }[lang]
    )
    assert _t(lang, "Generate the report") in [h.value for h in at.header]
    assert_no_english(at, "report", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_national_file_is_mapped_in_the_chosen_language(
    root: Path, store: Store, lang: str
) -> None:
    at = sign_in(open_page("upload", lang), CONTRIBUTOR, lang)
    at.radio(key="upload_kind").set_value(
        _t(lang, "National platform file (Open SDG CSV or a wide table)")
    )
    at.run()
    path = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "national"
        / "corridors"
        / "indicator_10-c-1.csv"
    )
    at.get("file_uploader")[0].set_value((path.name, path.read_bytes(), "text/csv"))
    at.run()
    at.text_input(key="national_iso3").input("JAM").run()
    assert not at.exception, at.exception
    used = _t(lang, "Mapping used: {origin}.").split("{origin}")[0]
    assert any(c.value.startswith(used) for c in at.caption)
    notes = pl.from_pandas(at.get_by_key("block_mapping_notes").dataframe[0].value)["note"]
    first = {
        "fr": "colonne « Value » lignes 6-8 (série SI_RMT_COST_FEE) : aucune unité",
        "es": "columna «Value» filas 6-8 (serie SI_RMT_COST_FEE): no se indica ninguna unidad",
    }
    assert notes[0].startswith(first[lang]), notes[0]
    assert [m.label for m in at.metric] == EXPECTED[lang]["metrics"]
    assert_no_english(at, "upload", lang)

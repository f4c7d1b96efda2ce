"""Extract the marked messages from the code and keep the .po catalogs in step (Babel).

`python -m core.i18n update` rewrites each language's messages.po: new messages are added with
an empty translation, kept translations stay, messages no longer in the code are dropped (so a
translator never works on dead text). The catalog meta-test uses `extract()` and `load()`.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

from core.config import PROJECT_ROOT
from core.i18n import LANGUAGES, LOCALES_DIR

# Where user-facing text lives; tests/ and benchmarks/ are not shown to users.
SOURCE_DIRS: tuple[str, ...] = ("core", "indicators", "store", "etl", "dashboard")
SOURCE_FILES: tuple[str, ...] = ("streamlit_app.py",)
Key = tuple[str, str | None]  # (msgid, msgctxt)
KEYWORDS = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2)}


def po_path(lang: str) -> Path:
    """The catalog file of a language."""
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def extract(root: Path = PROJECT_ROOT) -> Catalog:
    """Every message marked in the code, with the files and lines that use it."""
    catalog = Catalog(project="migration-me-dashboard", charset="utf-8")
    method_map = [("**.py", "python")]
    found: list[tuple[str, int, str | tuple[str, ...], list[str], str | None]] = []
    for folder in SOURCE_DIRS:
        for fname, line, msg, comments, ctx in extract_from_dir(
            root / folder, method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            found.append((f"{folder}/{fname}", line, msg, comments, ctx))
    for fname in SOURCE_FILES:
        for line, msg, comments, ctx in extract_from_file(
            "python", root / fname, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            found.append((fname, line, msg, comments, ctx))
    for fname, line, msg, comments, ctx in found:
        catalog.add(msg, locations=[(fname, line)], auto_comments=comments, context=ctx)
    return catalog


def load(lang: str) -> Catalog:
    """The .po catalog of a language as Babel reads it."""
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def keys(catalog: Catalog) -> set[Key]:
    """The (context-qualified) message ids of a catalog, header excluded."""
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}


def update(root: Path = PROJECT_ROOT) -> dict[str, tuple[int, int]]:
    """Bring every catalog in step with the code; returns lang -> (added, dropped)."""
    template = extract(root)
    counts: dict[str, tuple[int, int]] = {}
    for lang in LANGUAGES:
        if lang == "en":
            continue
        path = po_path(lang)
        catalog = load(lang) if path.exists() else Catalog(locale=lang)
        catalog.project, catalog.version = "migration-me-dashboard", "0.1.0"
        catalog.copyright_holder = "the migration-me-dashboard contributors"
        catalog.fuzzy = False  # the header is not a translation awaiting review
        before = keys(catalog)
        # no fuzzy matching: a guessed translation of a changed message could publish a wrong
        # text; a changed message simply becomes untranslated (the meta-test then says so).
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        after = keys(catalog)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".po.tmp")
        with tmp.open("wb") as fh:
            write_po(fh, catalog, width=100, sort_output=False, include_previous=False)
        tmp.replace(path)
        counts[lang] = (len(after - before), len(before - after))
    return counts

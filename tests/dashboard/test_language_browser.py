"""Every page of the navigation in Chromium (Playwright), in French and in Spanish: no English left.

The language is chosen the way a visitor's browser chooses it: a browser context whose language
is fr-FR (es-ES) sends it as navigator.language and Accept-Language, and the dashboard opens in
that language (dashboard/language.py); the sidebar selector must then read Français (Español).

On each page, once Streamlit has stopped and every chart has drawn, everything the page shows is
collected: each text node of the main area and the sidebar (tabs that are not open and collapsed
expanders included: one click shows them), each paragraph, cell and label as one text, the texts
Vega draws in SVG, and the texts drawn on canvases (Vega charts, the data grid of st.dataframe's
cells and headers), read by wrapping fillText before the page loads (RECORD_TEXT_JS), the value of
each picker, and the help text of every visible "?" icon (hovered).

English left over = a shown text equal to an English message of the catalogs whose translation
in that language differs (a message with {placeholders} matches any values; a long message also
counts when it is part of a longer text). Not counted: fuzzy drafts (shown in English on
purpose), messages the same in both languages ("Source", "SmaRT"), messages whose words also
appear in a translation of the language (names kept in English inside a French sentence), and
names, codes and numbers (no lowercase word of three letters), and the registry's long metadata
texts (definition, computation, source, caveats), which README's Languages section lists as still
in English.

A text of the code that is no message at all (its `_()` forgotten) is English in every language:
a shown text equal to such a string literal (words, not a key or code; the publishers' dataset
names of etl/registry.py and etl/sources/ excepted) counts too.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from string import Formatter
from typing import Any

import pytest

from core.config import PROJECT_ROOT
from core.contract import COLUMNS
from core.i18n import LANGUAGE_NAMES
from core.i18n.catalogs import load
from streamlit_app import PAGE_SPECS
from tests.dashboard.report_fixture import approve_surveys
from tests.dashboard.streamlit_server import CHROMIUM, CHROMIUM_ARGS, serve
from tests.dashboard.test_responsive_browser import BUSY_WHY_JS, RECORD_TEXT_JS, settle

pytestmark = pytest.mark.browser
LOCALES = {"fr": "fr-FR", "es": "es-ES"}
CONTAINS_MIN = 30  # a message this long counts inside a longer text too
SETTLE_MS = 60_000
# Messages that are also data: a template's example values ("GFMD policy-coherence survey 2022"
# typed as a source), and the answer words whose English is the stored code (yes, draft), shown
# as stored in a submission's rows (the Survey rounds page shows them translated:
# test_page_language_fixes.py checks it).
DATA_CONTEXTS = frozenset({"example value", "answer word"})
PLACEHOLDER = ".{1,60}?"  # a value in a message: a number, a name, a date (not a paragraph)
# Where the code's own texts are; etl/registry.py and etl/sources/ hold the publishers' names of
# their files (proper names, shown as published).
SOURCES = [
    *sorted(
        p
        for folder in ("dashboard", "indicators", "core", "etl", "store")
        for p in (PROJECT_ROOT / folder).rglob("*.py")
        if p.relative_to(PROJECT_ROOT).parts[:2] not in {("etl", "registry.py"), ("etl", "sources")}
    ),
    PROJECT_ROOT / "streamlit_app.py",
]

# Every text a visitor can reach on the page without typing: text nodes and whole blocks of the
# main area and sidebar (hidden tabs and expanders included), SVG texts, canvas texts.
TEXTS_JS = """() => {
  const out = new Set();
  const add = s => { s = (s || '').replace(/\\s+/g, ' ').trim(); if (s) out.add(s); };
  const roots = document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]');
  for (const root of roots) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
      const parent = walk.currentNode.parentElement;
      if (parent && !parent.closest('style, script')) add(walk.currentNode.data);
    }
    for (const el of root.querySelectorAll(
        'p, li, h1, h2, h3, h4, h5, h6, td, th, label, summary, button, [role="tab"], ' +
        '[data-testid="stMetricLabel"], [data-testid="stMetricValue"], ' +
        '[data-testid="stCaptionContainer"]'))
      add(el.textContent);
    // a picker shows its choice as the value of its input box
    for (const el of root.querySelectorAll('input[type="text"], input:not([type]), textarea'))
      add(el.value);
  }
  for (const c of document.querySelectorAll('canvas')) {
    for (const t of c.__texts || []) add(t.text);
    add((c.__texts || []).map(t => t.text).join(' '));  // a title wrapped onto lines, whole
  }
  for (const svg of document.querySelectorAll('.vega-embed svg'))
    add([...svg.querySelectorAll('text')].map(t => t.textContent).join(' '));
  add(document.title);
  return [...out];
}"""

# Ours, not Streamlit's own toolbar buttons over tables and charts ("Download as CSV": its UI)
TOOLTIP_ICONS = ", ".join(
    f'[data-testid="{area}"] [data-testid="stTooltipHoverTarget"]'
    ':not([data-testid="stElementToolbar"] *)'
    for area in ("stMain", "stSidebar")
)
TOOLTIP_JS = """() => [...document.querySelectorAll('[data-testid="stTooltipContent"]')]
  .map(e => e.textContent.replace(/\\s+/g, ' ').trim())"""
MAX_TOOLTIPS = 12  # per page: the overview's cards have six

SELECTED_LANGUAGE_JS = """() => {
  const box = document.querySelector('[data-testid="stSidebar"] input[aria-label*="Idioma"]');
  return box ? box.value : null;
}"""


def _plain(text: str, strip: bool = True) -> str:
    """A message as the page shows it: Markdown marks and links dropped, one space per blank."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip() if strip else text


def _pattern(message: str) -> re.Pattern[str] | None:
    """A regular expression for a message with {placeholders} (None when it has none)."""
    try:
        parts = list(Formatter().parse(message))
    except ValueError:  # a lone brace: not a format string
        return None
    if all(field is None for _lit, field, _spec, _conv in parts):
        return None
    body = "".join(
        re.escape(_plain(lit, strip=False)) + (PLACEHOLDER if field is not None else "")
        for lit, field, _spec, _conv in parts
    )
    return re.compile(body)


def _is_words(message: str) -> bool:
    """Whether a message has a lowercase word of 3+ letters (else: a name, code or number)."""
    try:
        fixed = " ".join(lit for lit, *_ in Formatter().parse(message))
    except ValueError:
        fixed = message
    return re.search(r"\b[^\W\d_]*[a-zà-ÿ]{3,}", fixed) is not None


@functools.cache
def english_messages(lang: str) -> tuple[tuple[str, re.Pattern[str] | None, str], ...]:
    """The English messages that read differently in `lang`: (plain text, placeholder pattern,
    longest fixed part)."""
    catalog = load(lang)
    translations = [
        _plain(s)
        for m in catalog
        if m.id
        for s in ([m.string] if isinstance(m.string, str) else m.string)
        if s
    ]
    every = "\0".join(translations)
    found: dict[str, tuple[re.Pattern[str] | None, str]] = {}
    data = {m.id for m in catalog if m.context in DATA_CONTEXTS}  # "yes" is a code too
    for m in catalog:
        if not m.id or m.fuzzy or m.context in DATA_CONTEXTS or m.id in data:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if not any(strings):
            continue  # untranslated: tests/test_catalogs.py says so
        for english in ids:
            plain = _plain(english)
            if not _is_words(english) or _is_code(english) or plain in {_plain(s) for s in strings}:
                continue
            pattern = _pattern(english)
            probe = plain if pattern is None else max(_fixed_parts(english), key=len)
            if probe and probe in every:  # kept in English inside a translation (a name)
                continue
            found[plain] = (pattern, probe)
    return tuple((plain, *rest) for plain, rest in found.items())


def _fixed_parts(message: str) -> list[str]:
    return [_plain(lit) for lit, *_ in Formatter().parse(message)]


def _is_code(message: str) -> bool:
    """A column or field code shown as is (`time_period`, `occupation`): not a sentence."""
    return message in COLUMNS or re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", message) is not None


# A literal that reads like words shown to a person (not a key, code, path, CSS or Vega expression).
WORDS = re.compile(r"(?!.*datum)[A-Za-z][^<>\[\]{}=\\_/|#]*")


@functools.cache
def unmarked_literals() -> frozenset[str]:
    """String literals of the code that read like words but are no message of the catalogs: shown
    as they are, they are English in every language (a label whose `_()` is missing)."""
    marked = {m.id if isinstance(m.id, str) else m.id[0] for m in load("fr") if m.id}
    marked |= {m.id[1] for m in load("fr") if m.id and not isinstance(m.id, str)}
    found: set[str] = set()
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words = " ".join(node.value.split())
                if (
                    node.value not in marked
                    and " " in words
                    and WORDS.fullmatch(words)
                    and re.search(r"\b[a-z]{3,}\b", words)
                ):
                    found.add(words)
    return frozenset(found)


@functools.cache
def registry_texts() -> frozenset[str]:
    """The registry's long metadata texts (definition, computation, source, caveats): English
    in every language for now (README, Languages), so not looked in."""
    from indicators.registry_meta import entries

    texts = {v for e in entries() for v in e.metadata_text().values()}
    return frozenset(_plain(t) for t in texts if t)


def english_left(shown: list[str], lang: str) -> list[str]:
    """The English messages (as written in the catalog) and unmarked literals `shown` contains."""
    shown = [s for s in shown if s not in registry_texts()]
    left = set()
    texts = set(shown)
    joined = "\0".join(shown)
    for plain, pattern, probe in english_messages(lang):
        if probe not in joined:  # cheap first: the message's longest fixed part is not there
            continue
        if pattern is not None:
            if any(probe in s and pattern.fullmatch(s) for s in shown):
                left.add(plain)
        elif plain in texts or len(plain) >= CONTAINS_MIN:
            left.add(plain)
    left |= {s for s in shown if s in unmarked_literals()}
    return sorted(left)


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` over the pipeline's demo output (home country Kenya), with Kenya's survey
    rounds approved: the Survey rounds page and the report's survey sections show their texts."""
    from etl import pipeline

    root = tmp_path_factory.mktemp("language_browser") / "data"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("M_E_DATA_DIR", str(root))
        mp.delenv("DATABASE_URL", raising=False)
        pipeline.run(offline=True, fallback_demo=True)
        approve_surveys(root)
    with serve(root, M_E_HOME_COUNTRY="KEN") as url:
        yield url


def _tooltips(page: Any) -> list[str]:
    """The help texts of the visible "?" icons (metric and widget help), hovered one by one."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    texts: list[str] = []
    icons = page.locator(TOOLTIP_ICONS)
    for i in range(min(icons.count(), MAX_TOOLTIPS)):
        icon = icons.nth(i)
        if not icon.is_visible():
            continue  # in a tab that is not open
        icon.evaluate("e => e.scrollIntoView({block: 'center'})")  # not under the header
        try:
            icon.hover(timeout=1_000)
            page.wait_for_selector('[data-testid="stTooltipContent"]', timeout=700)
        except PlaywrightTimeout:
            continue
        texts += page.evaluate(TOOLTIP_JS)
        page.mouse.move(0, 0)
    return texts


def test_every_page_in_french_and_spanish_leaves_no_english(
    demo_server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    tooltips = 0
    dump = os.environ.get("LANGUAGE_BROWSER_DUMP")  # a folder: keep what was read, to look at
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for lang, locale in LOCALES.items():
                # the browser's language: navigator.language and the Accept-Language header
                context = browser.new_context(
                    locale=locale, viewport={"width": 1440, "height": 900}
                )
                context.add_init_script(RECORD_TEXT_JS)
                page = context.new_page()
                for spec in PAGE_SPECS:
                    where = f"{spec['url_path']} [{lang}]"
                    page.goto(f"{demo_server}/{spec['url_path']}", wait_until="domcontentloaded")
                    if not settle(page, SETTLE_MS, quiet_ms=1000):
                        problems.append(f"{where}: not settled {page.evaluate(BUSY_WHY_JS)}")
                    chosen = page.evaluate(SELECTED_LANGUAGE_JS)
                    if chosen != LANGUAGE_NAMES[lang]:
                        problems.append(f"{where}: the language selector reads {chosen!r}")
                    helps = _tooltips(page)
                    tooltips += len(helps)
                    shown = page.evaluate(TEXTS_JS) + helps
                    if dump:
                        text = json.dumps(shown, ensure_ascii=False, indent=0)
                        (Path(dump) / f"{spec['url_path']}_{lang}.json").write_text(text, "utf-8")
                    left = english_left(shown, lang)
                    if left:
                        problems.append(f"{where}: English left {left}")
                        page.screenshot(path=str(tmp_path / f"{spec['url_path']}_{lang}.png"))
                context.close()
        finally:
            browser.close()
    assert problems == [], "\n".join(problems)
    # a hover may miss on a busy machine; at least one help text per language proves the reading
    assert tooltips >= 2, f"only {tooltips} help texts read: do the overview's cards have one?"


def test_the_check_finds_english_messages_and_spares_names() -> None:
    shown_fr = ["Indicator explorer", "Explorateur d'indicateurs", "SmaRT", "KEN", "2024-Q2"]
    assert english_left(shown_fr, "fr") == ["Indicator explorer"]

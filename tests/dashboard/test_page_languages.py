"""The page texts follow the language (issue 12): each page of this set, run with AppTest in French
and Spanish, shows its title and headings in that language and no English sentence of its code.

"No English left": every message marked in the page's modules (the page, the components and data
captions it draws) that is long enough to be a sentence and whose translation differs from the
English is looked for, verbatim, in everything the page shows (titles, markdown, captions, alerts,
widget labels and options, tab and expander labels, metric labels, table headers) and in its
charts (titles, axis and legend titles, tooltips, labels drawn on the plot). A message with
{placeholders} is looked for by its longest fixed part. Text that comes from the data or from the
indicators layer (series, unit and statistic names, explanations: translated in another step) is
taken out of the page's text first, so that only the messages of these modules are looked for.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_file
from streamlit.testing.v1 import AppTest

import streamlit_app
from core.config import PROJECT_ROOT
from core.i18n import Translator, translator, use_language
from core.i18n.catalogs import KEYWORDS
from indicators.registry_meta import DIRECTION_NAMES, LEVEL_NAMES, THEME_NAMES, entry
from indicators.titles import indicator_name, sdg_title
from streamlit_app import PAGE_SPECS
from tests.dashboard.report_fixture import approve_surveys
from tests.dashboard.test_plain_words import visible_texts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = {s["url_path"]: s["page"] for s in PAGE_SPECS}
LANGS = ("fr", "es")
MIN_CHARS = 12  # shorter messages ("Source", "Chart") may rightly be the same word in a language

# Shared by every page: the app shell and the building blocks every page draws.
COMMON = (
    "streamlit_app.py",
    "dashboard/components/widgets.py",
    "dashboard/components/links.py",
    "dashboard/components/status_line.py",
    "dashboard/data/freshness.py",
    "dashboard/errors.py",
)
CHARTS = (
    "dashboard/components/charts.py",
    "dashboard/components/chart_layout.py",
)
MODULES: dict[str, tuple[str, ...]] = {
    "overview": ("dashboard/pages/overview.py", "dashboard/components/scorecard.py"),
    "explorer": (
        "dashboard/pages/explorer.py",
        "dashboard/components/scorecard.py",
        "dashboard/components/progress_charts.py",
        "dashboard/data/compare.py",
        "dashboard/data/progress.py",
        *CHARTS,
    ),
    "remittance-costs": ("dashboard/pages/remittance_costs.py", *CHARTS),
    "migration": (
        "dashboard/pages/migration.py",
        "dashboard/components/migration_charts.py",
        "dashboard/components/world_map.py",
        "dashboard/data/migration.py",
        *CHARTS,
    ),
    "data-quality": ("dashboard/pages/data_quality.py", "dashboard/data/crosscheck.py"),
    "help": ("dashboard/pages/help.py",),
    "rounds": ("dashboard/pages/rounds.py", "dashboard/components/chart_layout.py"),
}
# Title and headings (English source) each page must show translated.
HEADINGS: dict[str, tuple[str, ...]] = {
    "overview": ("Results framework overview", "Summary"),
    "explorer": ("Indicator explorer",),
    "remittance-costs": (
        "Remittance costs: SDG 10.c.1",
        "Global average cost of sending USD 200",
        "SmaRT: the three cheapest eligible services per corridor",
    ),
    "migration": ("Migration", "Origins and destinations", "SDG 10.7.3: migrants dead and missing"),
    "data-quality": (
        "Data quality",
        "Datasets",
        "Last pipeline run",
        "Validation issues",
        "Cross-checks against custodians",
    ),
    "help": ("Help and glossary", "The indicators", "Terms you will meet"),
    "rounds": ("Survey rounds side by side", "Open-ended answers", "Scores over all rounds"),
}


def messages(modules: tuple[str, ...], root: Path = PROJECT_ROOT) -> set[str]:
    """The English messages marked in `modules` (as `python -m core.i18n update` finds them)."""
    found: set[str] = set()
    for module in modules:
        for _line, msg, _comments, _ctx in extract_from_file(
            "python", root / module, keywords=KEYWORDS
        ):
            found.add(msg if isinstance(msg, str) else msg[0])
    return found


# A literal that reads like words shown to a person (not a key, code, path, CSS or Vega expression).
WORDS = re.compile(r"(?!.*datum)[{A-Za-z*“][^<>\[\]=\\_/|#]*")


def english_texts(
    modules: tuple[str, ...], root: Path = PROJECT_ROOT, common: tuple[str, ...] = COMMON
) -> dict[str, bool]:
    """The texts of `modules` to look for on the page -> whether they are marked messages.

    The marked messages, and every other string literal that reads like words: a sentence whose
    `_()` was removed is no longer a message, but it is still a literal of the module."""
    texts = dict.fromkeys(messages((*common, *modules), root), True)
    for module in (*common, *modules):
        tree = ast.parse((root / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                words = value.strip()
                if value not in texts and " " in words and WORDS.fullmatch(words):
                    texts[value] = False
    return texts


@functools.cache
def indicator_layer_texts() -> tuple[str, ...]:
    """The long string literals of indicators/ (names, units, notes; another step translates
    them), longest first. They are taken out of the page's text before the search: a series name
    such as "... (RPW, this platform)" is that layer's text, not an untranslated message here.
    Short ones ("the country") are kept: taking them out would cut words out of the page's own
    sentences and hide them."""
    literals: set[str] = set()
    for path in sorted((PROJECT_ROOT / "indicators").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        literals |= {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= 25
        }
    literals = {" ".join(v.split()) for v in literals}
    return tuple(sorted(literals, key=len, reverse=True))


@functools.cache
def indicator_names() -> frozenset[str]:
    """The names indicators/names.py gives to columns and codes ("Provider type", "Share of
    corridors above 5 %"): the explorer shows them as table headers and picker options through
    that layer, which translates them; where a page message has the same words, the two cannot be
    told apart on the page, so these few messages are not looked for."""
    tree = ast.parse((PROJECT_ROOT / "indicators" / "names.py").read_text(encoding="utf-8"))
    return frozenset(
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


def _longest_fixed_part(message: str) -> str:
    """The longest text between {placeholders} (the message itself when it has none)."""
    try:
        parts = [literal for literal, *_ in Formatter().parse(message)]
    except ValueError:  # a lone brace: not a format string
        parts = [message]
    return " ".join(max(parts, key=len).split())


def english_left(shown: list[str], english: dict[str, bool], lang: str) -> list[str]:
    """The English texts (or their longest fixed part) found verbatim in `shown`."""
    t = translator(lang)
    # one space for any run of blanks: legends and titles are wrapped onto lines for a phone
    text = "\0".join(" ".join(s.split()) for s in shown)
    mine = {" ".join(m.split()) for m in english}
    for literal in indicator_layer_texts():
        if literal not in mine:  # the same words in both layers: the page's text counts
            text = text.replace(literal, "\0")
    left = []
    for message, marked in sorted(english.items()):
        probe = _longest_fixed_part(message)
        if len(probe) <= MIN_CHARS or message in indicator_names():
            continue
        if marked and t.gettext(message) == message:  # the same in this language ("SmaRT")
            continue
        # a translation may keep a name in English ("SmaRT: ..."); an unmarked text has none
        if probe in text and not (marked and probe in t.gettext(message)):
            left.append(message)
    return left


def _strings(node: object) -> Iterator[str]:
    """Every string in a Vega-Lite spec (titles, tooltips, labels; the data rows too)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list) and node and all(isinstance(v, str) for v in node):
        yield " ".join(node)  # a title wrapped into lines (chart_layout.title)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def shown_texts(at: AppTest) -> list[str]:
    """Everything the page shows, charts included."""
    texts = [text for _where, text in visible_texts(at)]
    for chart in at.get("vega_lite_chart"):
        texts += list(_strings(json.loads(chart.proto.spec)))
    return texts


def run_in(lang: str, url_path: str) -> AppTest:
    """The page opened in a session whose language is `lang` (the selector's session key)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["language"] = lang
    return at.run().switch_page(PAGES[url_path]).run()


def headings(at: AppTest) -> list[str]:
    return [str(el.value) for kind in ("title", "header", "subheader") for el in at.get(kind)]


def check_page(at: AppTest, url_path: str, lang: str) -> None:
    """No exception, translated title and headings, no English message left."""
    assert not at.exception, at.exception
    t = translator(lang)
    assert at.title[0].value == t.gettext(HEADINGS[url_path][0])
    shown = headings(at)
    for heading in HEADINGS[url_path]:
        assert t.gettext(heading) != heading, heading  # a heading that is not translated yet
        assert t.gettext(heading) in shown, (heading, shown)
        assert heading not in shown
    assert english_left(shown_texts(at), english_texts(MODULES[url_path]), lang) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url_path", [p for p in MODULES if p != "rounds"])
def test_page_follows_the_language(url_path: str, lang: str, dash_data: Path) -> None:
    at = run_in(lang, url_path)
    check_page(at, url_path, lang)
    # Leaving the page reads its widgets' labels again (format_func, outside the page's run):
    # they must have been made in the page's language, not looked up later in English.
    at = at.switch_page(PAGES["help"]).run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("lang", LANGS)
def test_rounds_page_with_two_rounds_follows_the_language(lang: str, root: Path) -> None:
    approve_surveys(root)  # Kenya's GFMD rounds 2020 and 2022: every block of the page shows
    at = run_in(lang, "rounds")
    check_page(at, "rounds", lang)
    t = translator(lang)
    items = at.get_by_key("block_rounds_items").dataframe[0].value
    assert t.gettext("Answer {round}").format(round="2020") in items.columns
    assert t.pgettext("survey item", "changed") in set(items[t.gettext("Change")])


def test_explorer_in_french_formats_and_names_in_french(dash_data: Path) -> None:
    at = run_in("fr", "explorer")
    assert not at.exception, at.exception
    assert [tab.label for tab in at.tabs] == [
        "Graphique",
        "Tableau",
        "Métadonnées",
        "National et organisme dépositaire",
        "Région et pays de comparaison",
    ]
    assert at.sidebar.selectbox(key="explorer_code").label == "Indicateur"


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_metadata_tab_in_the_language(lang: str, dash_data: Path) -> None:
    """The registry's definition, computation, source and caveats, the facts (level, direction,
    themes) and the indicator's name are shown in the language, not in English or as codes."""
    at = run_in(lang, "explorer")
    assert not at.exception, at.exception
    code = str(at.sidebar.selectbox(key="explorer_code").value)
    ent = entry(code)
    assert at.header[0].value == f"{code}: {indicator_name(ent.spec.name, lang)}"
    written = [str(m.value) for m in at.markdown]
    for field in ("definition", "computation", "source", "caveat"):
        english, shown = ent.text(field, "en"), ent.text(field, lang)
        assert shown != english, field
        assert shown in written, field
        assert english not in written, field
    facts = at.table[0].value
    values = set(facts.iloc[:, 1].astype(str))
    t = translator(lang)
    assert t.gettext(LEVEL_NAMES.source(ent.spec.level)) in values
    assert t.gettext(DIRECTION_NAMES.source(ent.spec.direction)) in values
    assert ent.spec.level not in values and ent.spec.direction not in values  # no raw codes
    themes = next(v for v in values if t.gettext(THEME_NAMES.source(ent.meta.themes[0])) in v)
    assert ent.meta.themes[0] not in themes


def test_explorer_shows_the_french_definition(dash_data: Path) -> None:
    """Spelled out once: the French words of 10.c.1's definition are on the metadata tab."""
    at = run_in("fr", "explorer")
    at.sidebar.selectbox(key="explorer_code").set_value("10.c.1").run()
    written = "\n".join(str(m.value) for m in at.markdown)
    assert "Cible 10.c : « D’ici à 2030, faire baisser au-dessous de 3 pour cent" in written
    assert "**Définition**" in written and "**Mises en garde**" in written


def test_overview_in_french_names_levels_and_uses_the_un_titles(dash_data: Path) -> None:
    at = run_in("fr", "overview")
    assert not at.exception, at.exception
    summary = next(
        m.value for m in at.get_by_key("block_summary_level").markdown if m.value.startswith("|")
    )
    rows = summary.splitlines()
    assert rows[0].startswith("| niveau |"), rows[0]  # the header in French too
    levels = [row.strip("| ").split(" | ")[0] for row in rows[2:]]
    assert levels[:3] == ["Processus", "Résultat", "Impact"], levels  # words, not codes
    card = at.get_by_key("card_10_c_1")
    title = card.markdown[0].value
    assert title == "**10.c.1**: " + sdg_title("10.c.1", "fr"), title
    assert title.startswith("**10.c.1**: Coûts "), title
    assert any("données récupérées le 20" in c.value for c in card.caption)


def test_remittance_headline_numbers_use_the_language(dash_data: Path) -> None:
    at = run_in("fr", "remittance-costs")
    metric = next(m for m in at.metric if m.label.startswith("Moyenne mondiale (200 USD)"))
    assert re.fullmatch(r"\d+,\d\d %", metric.value), metric.value  # 6,23 %, not 6.23 %


def test_navigation_titles_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    # st.Page needs a running app; record what pages() asks it to build instead.
    monkeypatch.setattr(streamlit_app.st, "Page", lambda **spec: spec)
    for lang, overview in (("en", "Overview"), ("fr", "Vue d'ensemble"), ("es", "Panorama")):
        with use_language(lang):
            built = streamlit_app.pages()
        assert built[0]["title"] == overview
        assert [p["url_path"] for p in built][: len(PAGE_SPECS)] == list(PAGES)
        t = translator(lang)
        assert [p["title"] for p in built] == [
            t.gettext(s["title"]) for s in (*PAGE_SPECS, *streamlit_app.HIDDEN_SPECS)
        ]


def test_an_unwrapped_string_is_caught(dash_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is real: a sentence left in English (as if `_()` were removed) is reported."""
    unwrapped = "Global average cost of sending USD 200"
    real = Translator.gettext

    def leave_english(self: Translator, message: str) -> str:
        return message if message == unwrapped else real(self, message)

    monkeypatch.setattr(Translator, "gettext", leave_english)
    monkeypatch.setattr(Translator, "__call__", leave_english)
    at = run_in("fr", "remittance-costs")
    assert not at.exception, at.exception
    monkeypatch.setattr(Translator, "gettext", real)  # the checker compares with the catalog
    found = english_left(shown_texts(at), english_texts(MODULES["remittance-costs"]), "fr")
    assert found == [unwrapped]


def test_the_check_finds_marked_and_unwrapped_english(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "from core.i18n import _\n"
        "st.header(_('Remittance inflows'))\n"  # marked: its English must not show
        "st.header('Migration profile of the country')\n"  # `_()` removed: still looked for
        "st.caption(_('Latest value, {period}').format(period=p))\n"  # by its fixed part
        "KEY = 'remittance_inflows'\n",  # a key, not words: never looked for
        encoding="utf-8",
    )
    texts = english_texts(("page.py",), root=tmp_path, common=())
    assert texts == {
        "Remittance inflows": True,
        "Migration profile of the country": False,
        "Latest value, {period}": True,
    }
    french = ["Entrées d'envois de fonds", "Dernière valeur, 2024"]
    assert english_left(french, texts, "fr") == []
    shown = [*french, "Remittance inflows", "Migration profile of the country"]
    shown.append("Latest value, 2024")
    assert english_left(shown, texts, "fr") == [
        "Latest value, {period}",
        "Migration profile of the country",
        "Remittance inflows",
    ]

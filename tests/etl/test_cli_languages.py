"""`python -m etl run|status|review --lang fr|es`: what the commands print follows the language.

Each command is run in French and Spanish and its output searched for every English message
marked in the modules that print it (the CLI, the pipeline's progress and outcome notes, the
integrity and demo rules, the review): none may be left, and the translated lines must be there.
A message whose translation is the same word ("demo" in Spanish) is not looked for.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.extract import extract_from_file

from core.config import PROJECT_ROOT
from core.i18n import current_language, translator
from core.i18n.catalogs import KEYWORDS
from etl.__main__ import DEMO_HINT, main
from etl.demo.synthetic_rpw import write_rpw_workbook
from store.submissions import open_store
from tests.etl.test_review import run_etl
from tests.etl.uploads.helpers import csv_bytes

LANGS = ("fr", "es")
MODULES = (
    "etl/__main__.py",
    "etl/review.py",
    "etl/integrity.py",
    "etl/demo/rule.py",
    *(
        str(p.relative_to(PROJECT_ROOT))
        for p in sorted((PROJECT_ROOT / "etl/pipeline").glob("*.py"))
    ),
)


def marked(modules: tuple[str, ...] = MODULES) -> set[tuple[str, str | None]]:
    """Every English message marked in `modules`: (singular, plural or None)."""
    found: set[tuple[str, str | None]] = set()
    for module in modules:
        for _line, msg, _c, _ctx in extract_from_file("python", PROJECT_ROOT / module, KEYWORDS):
            if isinstance(msg, str):
                found.add((msg, None))
            elif len(msg) == 2 and msg[1] and "{" in msg[0] + msg[1]:  # ngettext(sg, pl, n)
                found.add((msg[0], msg[1]))
            else:  # pgettext(context, message)
                found.add((msg[1] or msg[0], None))
    return found


def fixed_part(message: str) -> str:
    """The longest text between {placeholders}, trimmed."""
    return max((lit for lit, *_ in Formatter().parse(message)), key=len).strip()


def _as_words(probe: str) -> re.Pattern[str]:
    """`probe` where it is not part of a longer word or name ('dataset' not in 'rpw_dataset')."""
    head = r"(?<!\w)" if re.match(r"\w", probe) else ""
    tail = r"(?!\w)" if re.match(r"\w", probe[-1]) else ""
    return re.compile(head + re.escape(probe) + tail)


def english_left(output: str, lang: str, modules: tuple[str, ...] = MODULES) -> list[str]:
    """The marked English messages of `modules` (their longest fixed part, as words) found in
    `output`."""
    t = translator(lang)
    left = []
    for singular, plural in sorted(marked(modules), key=str):
        forms = [singular] if plural is None else [singular, plural]
        shown = (
            {t.gettext(singular)}
            if plural is None
            else {t.ngettext(singular, plural, n) for n in (1, 2)}
        )
        for form in forms:
            probe = fixed_part(form)
            same = form in shown or any(probe in s for s in shown)
            if len(probe) >= 4 and not same and _as_words(probe).search(output):
                left.append(form)
    return left


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small RPW workbook in the published format (as test_rpw_pipeline.py)."""
    folder = tmp_path_factory.mktemp("downloads_lang")
    write_rpw_workbook(folder / "rpw_dataset_2011_2025_q3.xlsx", 300)
    return folder


@pytest.mark.parametrize("lang", LANGS)
def test_run_and_status_print_in_the_language(
    lang: str, workbook: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = translator(lang)
    run = ["run", "--offline", "--raw-dir", str(workbook), "--source", "rpw", "--lang", lang]
    assert main(run) == 0
    first = capsys.readouterr().out
    assert main(run) == 0  # the same files again: nothing recomputed
    again = capsys.readouterr().out
    assert main(["run", "--offline", "--fallback-demo", "--lang", lang]) == 0
    demo = capsys.readouterr().out
    assert main(["status", "--lang", lang]) == 0
    status = capsys.readouterr().out
    assert current_language() == "en"  # --lang held for the command only

    assert t.gettext("indicators: computing") in first
    assert (
        t.ngettext("{n} file from {dir}", "{n} files from {dir}", 1).format(n=1, dir=workbook)
        in first
    )
    published = t.pgettext("run outcome", "published")
    assert any(line.split()[:2] == ["rpw", published] for line in first.splitlines()), first
    assert t.gettext("errors={errors} warnings={warnings}").split("=")[0] in first
    assert t.gettext("same files as the published data; nothing recomputed") in again
    assert t.pgettext("run outcome", "unchanged") in again
    assert t.gettext("official data is published: no DEMO DATA (demo is all or nothing)") in demo
    assert status.startswith(t.pgettext("status column", "dataset"))
    assert t.pgettext("status column", "retrieved") in status.splitlines()[0]
    assert t.gettext("never published") in status
    for output in (first, again, demo, status):
        assert english_left(output, lang) == [], output


@pytest.mark.parametrize("lang", LANGS)
def test_demo_fallback_hint_and_errors_in_the_language(
    lang: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = translator(lang)
    assert main(["run", "--offline", "--raw-dir", str(data_dir / "nowhere"), "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith(t.gettext("--raw-dir {dir}: not a folder.").split("{dir}")[0])
    assert main(["run", "--offline", "--source", "nope", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert "nope" in err and english_left(err, lang) == [], err
    assert main(["run", "--offline", "--fallback-demo", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert (
        t.gettext("{dataset}: no official data available, publishing DEMO DATA").format(
            dataset="rpw_quotes"
        )
        in out
    )
    assert t.gettext(DEMO_HINT) in out
    assert english_left(out, lang) == [], out


@pytest.mark.parametrize("lang", LANGS)
def test_review_prints_the_rebuild_and_outcome_in_the_language(
    lang: str, tmp_path: Path, data_dir: Path
) -> None:
    t = translator(lang)
    store = open_store()
    store.add_user("officer", "contributor", "a-long-password-1")
    store.add_user("chief", "approver", "a-long-password-2")
    f = tmp_path / "gfmd.csv"
    f.write_bytes(csv_bytes("gfmd_coherence", [{"time_period": "2020"}]))
    del store  # release the DuckDB file for the subprocess
    assert run_etl("import-survey", str(f), "--user", "officer", data_dir=data_dir).returncode == 0
    (sub_id,) = open_store().submissions()["id"].to_list()

    refused = run_etl("review", str(sub_id), "approve", "--user", "officer", "--lang", lang,
                   data_dir=data_dir)  # fmt: skip
    assert refused.returncode == 1
    assert t.pgettext("review action", "approve") in refused.stderr
    assert "may not" not in refused.stderr and english_left(refused.stderr, lang) == []

    done = run_etl("review", str(sub_id), "approve", "--user", "chief", "--lang", lang,
                data_dir=data_dir)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    status = t.pgettext("status", "approved")
    lead = t.gettext("Submission {id} is now {status}. The published data does not change.")
    assert lead.split(".")[0].format(id=sub_id, status=status) in done.stdout
    assert "  " + t.gettext("indicators: computing").split(":")[0] in done.stdout  # its steps
    assert "is now approved" not in done.stdout
    assert english_left(done.stdout, lang) == [], done.stdout


def test_the_check_finds_english_lines() -> None:
    """The search itself works: the English summary and progress lines are found."""
    english = "indicators: computing\n  rpw   published   302 rows  errors=0 warnings=17\n"
    left = english_left(english, "fr")
    assert {"indicators: computing", "{n} rows", "errors={errors} warnings={warnings}"} <= set(left)
    assert english_left("rpw_dataset_2011_2025_q3.xlsx", "fr") == []  # words, not parts of names

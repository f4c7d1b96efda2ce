"""`python -m etl export|backup|restore --lang fr|es`: what they print follows the language.

Each command runs on a small data folder (the labelled demo table, a DuckDB store) in French and
Spanish: its printed lines and a refusal are in the language, and no English message marked in
its modules is left in the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import current_language, translator
from etl.__main__ import main
from etl.exports.guard import DEMO_REFUSAL
from store.submissions import open_store
from tests.etl.test_cli_languages import LANGS, english_left

EXPORT_MODULES = ("etl/exports/cli.py", "etl/exports/guard.py", "etl/exports/sdmx.py")
BACKUP_MODULES = ("etl/backup/cli.py", "etl/backup/run.py")


@pytest.mark.parametrize("lang", LANGS)
def test_export_prints_in_the_language(
    lang: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = translator(lang)
    assert main(["run", "--offline", "--fallback-demo", "--lang", lang]) == 0
    capsys.readouterr()
    out_file = tmp_path / "sdmx.csv"
    export = ["export", "--format", "sdmx", "--out", str(out_file), "--lang", lang]

    assert main(export) == 2  # DEMO DATA is refused without --allow-demo
    refused = capsys.readouterr().err
    assert refused.startswith(t.gettext("error: {message}").split("{")[0])
    lead = t.gettext(DEMO_REFUSAL).split("{n}")[1].split("(")[0].strip()
    assert lead and lead in refused, refused
    assert "are DEMO DATA" not in refused and english_left(refused, lang, EXPORT_MODULES) == []

    assert main([*export, "--allow-demo"]) == 0
    out = capsys.readouterr().out
    size = out_file.stat().st_size
    wrote = t.ngettext("wrote {path} ({n} byte)", "wrote {path} ({n} bytes)", size)
    assert wrote.format(path=out_file, n=t.number(size)) in out, out
    note = t.gettext("note: {note}").format(note="")
    assert ("  " + note + "DEMO DATA") in out  # the DEMO DATA count is the first note
    written = t.ngettext("{n} observation written.", "{n} observations written.", 2)
    assert written.split("{n}")[1] in out
    left_out = (
        t.ngettext(
            "{series}: {n} row left out, {reason}", "{series}: {n} rows left out, {reason}", 2
        )
        .split("{n}")[1]
        .split("{reason}")[0]
    )  # the project series are left out of SDMX
    reason = t.gettext("no SDG series code in indicators.md §1.8 (project series)")
    assert left_out + reason in out, out
    assert "observation(s)" not in out and "wrote " not in out
    assert english_left(out, lang, EXPORT_MODULES) == [], out
    assert current_language() == "en"  # --lang held for the command only


@pytest.mark.parametrize("lang", LANGS)
def test_backup_and_restore_print_in_the_language(
    lang: str, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t = translator(lang)
    store = open_store()
    store.add_user("alice", "contributor", "alice's long password")
    del store
    (data_dir / "clean" / "indicators.parquet").write_bytes(b"PAR1 not really")
    dest = tmp_path / "backups"
    backup = ["backup", "--dest", str(dest), "--keep", "1", "--lang", lang]
    assert main(backup) == 0
    first = capsys.readouterr().out
    assert main(backup) == 0
    second = capsys.readouterr().out
    (made,) = sorted(dest.iterdir())
    assert t.gettext("backup written: {path}").format(path=made) in second
    assert t.gettext("older backup removed: {name}").split("{")[0] in second
    assert t.gettext("backup written: {path}").split("{")[0] in first

    assert main(["restore", str(made), "--lang", lang]) == 0
    restored = capsys.readouterr().out
    files = t.ngettext(
        "published data: {n} file restored into {folder}",
        "published data: {n} files restored into {folder}",
        1,
    )
    assert files.format(n=1, folder=data_dir / "clean") in restored, restored
    users = t.ngettext("{n} user", "{n} users", 1).format(n=1)
    assert t.gettext("store: restored from {name} ({rows})").split("{")[0] in restored
    assert users in restored

    empty = tmp_path / "not_a_backup"
    empty.mkdir()
    assert main(["restore", str(empty), "--lang", lang]) == 1
    refused = capsys.readouterr().err
    assert t.gettext("error: {message}").split("{")[0] in refused
    assert "is not a backup folder" not in refused and "not_a_backup" in refused
    assert main(["restore", str(tmp_path / "nowhere"), "--lang", lang]) == 2
    missing = capsys.readouterr().err
    assert "is not a folder" not in missing and "nowhere" in missing
    for output in (first, second, restored, refused, missing):
        assert english_left(output, lang, BACKUP_MODULES) == [], output

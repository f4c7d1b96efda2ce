"""National settings file (etl/national_settings.py): validation, atomic save, audit log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl import national_settings as ns
from etl.errors import EtlError


def test_defaults_when_nothing_was_saved(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("M_E_HOME_COUNTRY", "UGA")
    s = ns.load()
    assert s == ns.NationalSettings() and s.home() == "UGA"
    assert s.target_for("KEN", "10.c.1") is None and ns.audit_log() == []


def test_save_round_trips_and_audits_each_change(data_dir: Path) -> None:
    s = ns.with_home(ns.NationalSettings(), "KEN")
    s = ns.with_target(s, "KEN", "10.c.1", ns.Target(4.0, 2028))
    s = ns.with_milestones(s, "KEN", "10.c.1", (ns.Milestone(2026, 6.0), ns.Milestone(2024, 7.0)))
    lines = ns.save(s, user="amina")
    assert [line["key"] for line in lines] == [
        "home_country", "milestones.KEN.10.c.1", "targets.KEN.10.c.1",
    ]  # fmt: skip
    loaded = ns.load()
    assert loaded == s
    assert [m.year for m in loaded.milestones_for("KEN", "10.c.1")] == [2024, 2026]
    assert json.loads((data_dir / "settings" / ns.FILE_NAME).read_text())["home_country"] == "KEN"
    # a second save changes one key: one more audit line with old and new
    ns.save(ns.with_target(loaded, "KEN", "10.c.1", None), user="ben", expected=loaded)
    log = ns.audit_log()
    assert len(log) == 4
    assert log[-1] | {"at": "-"} == {
        "at": "-", "user": "ben", "key": "targets.KEN.10.c.1",
        "old": {"target": 4.0, "target_year": 2028}, "new": None,
    }  # fmt: skip
    assert ns.save(ns.load(), user="ben") == []  # nothing changed, nothing logged
    assert len(ns.audit_log()) == 4
    assert not list((data_dir / "settings").glob(".national_settings.*.tmp"))


def test_a_stale_editor_is_refused(data_dir: Path) -> None:
    start = ns.load()
    ns.save(ns.with_home(start, "KEN"), user="a", expected=start)
    with pytest.raises(EtlError, match="changed by someone else"):
        ns.save(ns.with_home(start, "UGA"), user="b", expected=start)
    assert ns.load().home_country == "KEN"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"home_country": "kenya"}, "home_country = 'kenya': expected an ISO 3166 alpha-3"),
        ({"targets": {"KEN": {"10.9.9": {}}}}, "targets.KEN.10.9.9 = '10.9.9': unknown indicator"),
        (
            {"targets": {"KEN": {"10.c.1": {"target": "low", "target_year": 2030}}}},
            "targets.KEN.10.c.1.target = 'low': expected a finite number",
        ),
        (
            {"milestones": {"KEN": {"10.c.1": [{"year": 1990, "value": 1}]}}},
            r"milestones.KEN.10.c.1\[0\].year = 1990: expected a year from 2000 to 2100",
        ),
        ({"colour": "red"}, r"\(top level\) = \['colour'\]: unknown keys"),
    ],
)
def test_invalid_files_name_key_and_value(data_dir: Path, raw: dict, message: str) -> None:
    path = data_dir / "settings" / ns.FILE_NAME
    path.parent.mkdir()
    path.write_text(json.dumps(raw))
    with pytest.raises(EtlError, match=message) as exc:
        ns.load()
    assert str(path) in str(exc.value)

"""National settings in the store's database (store/settings/storage.py), on DuckDB and PostgreSQL.

Round trip, national target applied by the scorecard, milestones, audit rows, stale editors and
racing saves refused, roles, reading without a database, one-time import of the old JSON file.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from core.errors import EtlError
from indicators.progress.scorecard import TargetChoice, card_from_rows
from indicators.registry_meta import entries
from store.settings import storage as ns
from store.submissions import Store, StoreError, User, open_store
from store.users import check_role
from tests.store.fixtures import pg_schema

AMINA = User("amina", "approver")
BEN = User("ben", "admin")
KEN_10C1 = {"target": 4.0, "target_year": 2028}


@pytest.fixture(autouse=True)
def _isolated(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: an empty data dir (no old settings file) and no DATABASE_URL."""
    monkeypatch.delenv("DATABASE_URL", raising=False)


def _settings_audit(store: Store) -> pl.DataFrame:
    return store.audit_log().filter(pl.col("action").str.starts_with("settings"))


def _versions(store: Store) -> int:
    with store.backend.transaction() as tx:
        got = tx.one(f"SELECT COUNT(*) FROM {ns.TABLE}")
    assert got is not None
    return int(got[0])


def test_reading_without_a_database_creates_nothing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_HOME_COUNTRY", "UGA")
    before = sorted(data_dir.rglob("*"))
    s = ns.load()
    assert s == ns.NationalSettings() and s.home() == "UGA"
    assert s.target_for("KEN", "10.c.1") is None and ns.audit_log() == []
    assert ns.deployment_store() is None
    assert sorted(data_dir.rglob("*")) == before  # no app.duckdb, no settings folder


def test_save_round_trips_and_audits_who_old_and_new(store: Store) -> None:
    s = ns.with_home(ns.NationalSettings(), "KEN")
    s = ns.with_target(s, "KEN", "10.c.1", ns.Target(4.0, 2028))
    s = ns.with_milestones(s, "KEN", "10.c.1", (ns.Milestone(2026, 6.0), ns.Milestone(2024, 7.0)))
    lines = ns.save(s, user=AMINA, expected=ns.load(store), store=store)
    assert [(x["user"], x["key"], x["old"]) for x in lines] == [
        ("amina", "home_country", None),
        ("amina", "milestones.KEN.10.c.1", None),
        ("amina", "targets.KEN.10.c.1", None),
    ]
    loaded = ns.load(store)
    assert loaded == s and loaded.home() == "KEN"
    assert loaded.target_for("KEN", "10.c.1") == ns.Target(4.0, 2028)
    assert loaded.milestones_for("KEN", "10.c.1") == (
        ns.Milestone(2024, 7.0), ns.Milestone(2026, 6.0),
    )  # fmt: skip
    # a second save changes two keys: one audit row each, with the old and new values
    edited = ns.with_target(loaded, "KEN", "10.c.1", None)
    edited = ns.with_milestones(edited, "KEN", "10.c.1", (ns.Milestone(2027, 5.0),))
    ns.save(edited, user=BEN, expected=loaded, store=store)
    assert ns.load(store).milestones_for("KEN", "10.c.1") == (ns.Milestone(2027, 5.0),)
    log = ns.audit_log(store)
    assert [(x["user"], x["key"]) for x in log[3:]] == [
        ("ben", "milestones.KEN.10.c.1"), ("ben", "targets.KEN.10.c.1"),
    ]  # fmt: skip
    assert log[3]["old"] == [{"year": 2024, "value": 7.0}, {"year": 2026, "value": 6.0}]
    assert log[3]["new"] == [{"year": 2027, "value": 5.0}]
    assert (log[4]["old"], log[4]["new"]) == (KEN_10C1, None)
    # the store's own audit log: action "settings", subject = the key, reason = old/new JSON
    rows = _settings_audit(store)
    assert rows["action"].to_list() == ["settings"] * 5
    assert rows["user_name"].to_list() == ["amina"] * 3 + ["ben"] * 2
    assert rows["subject"][4] == "targets.KEN.10.c.1" and rows["submission_id"][4] is None
    assert json.loads(rows["reason"][4]) == {"old": KEN_10C1, "new": None, "version": 2}
    # nothing changed: no version, no audit row; every version stays (append-only)
    assert ns.save(ns.load(store), user=BEN, store=store) == []
    assert _versions(store) == 2 and _settings_audit(store).height == 5


def test_versions_are_append_only_on_postgresql() -> None:
    # PostgreSQL only: DuckDB has no triggers (and the module never updates or deletes versions).
    with pg_schema() as pg:
        store = open_store(pg)
        ns.save(ns.with_home(ns.NationalSettings(), "KEN"), user=AMINA, store=store)
        refused = pytest.raises(Exception, match="national_settings is append-only")
        with refused, store.backend.transaction() as tx:
            tx.execute(f"UPDATE {ns.TABLE} SET saved_by = 'x'")


def test_national_target_replaces_the_global_one_in_the_scorecard(store: Store) -> None:
    s = ns.with_target(ns.NationalSettings(), "KEN", "10.c.1", ns.Target(4.0, 2028))
    ns.save(s, user=AMINA, store=store)
    saved = ns.load(store).target_for("KEN", "10.c.1")
    assert saved is not None
    entry = next(e for e in entries() if e.code == "10.c.1")
    sub = pl.DataFrame(
        {"time_period": ["2015", "2020"], "value": [10.0, 8.0], "source": ["WB", "WB"],
         "retrieved_at": ["2025-01-01", "2025-01-01"]}
    )  # fmt: skip
    head = entry.meta.headlines[0]
    national = card_from_rows(
        entry, sub, headline=head, availability="computed",
        national_target=(saved.target, saved.target_year),
    )  # fmt: skip
    world = card_from_rows(entry, sub, headline=head, availability="computed")
    assert national.target == TargetChoice(4.0, 2028, "national")
    assert world.target == TargetChoice(3.0, 2030, "global")
    # cost 10 % (2015) -> 8 % (2020): CAGR (8/10)^(1/5) - 1 = -0.04365; required to reach
    # 4 % by 2028: (4/10)^(1/13) - 1 = -0.06806, R = 0.6413 (>= 0.60: moderate progress);
    # the global 3 % by 2030 needs (3/10)^(1/15) - 1 = -0.07713, R = 0.5659 (limited)
    assert national.progress.cagr_required == pytest.approx(-0.06806, abs=1e-5)
    assert national.progress.progress_value == pytest.approx(0.6413, abs=1e-4)
    assert world.progress.cagr_required == pytest.approx(-0.07713, abs=1e-5)
    assert world.progress.progress_value == pytest.approx(0.5659, abs=1e-4)
    assert (national.progress.status, world.progress.status) == (
        "moderate_progress", "limited_progress",
    )  # fmt: skip


def test_a_stale_editor_is_refused(store: Store) -> None:
    start = ns.load(store)
    ns.save(ns.with_home(start, "KEN"), user=AMINA, expected=start, store=store)
    with pytest.raises(EtlError, match="changed by someone else since you opened them; reload"):
        ns.save(ns.with_home(start, "UGA"), user=BEN, expected=start, store=store)
    assert ns.load(store).home_country == "KEN"
    assert _settings_audit(store)["user_name"].to_list() == ["amina"]


def test_two_saves_over_the_same_version_cannot_both_win(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    start = ns.with_home(ns.NationalSettings(), "KEN")
    ns.save(start, user=AMINA, store=store)
    ns.save(ns.with_home(start, "UGA"), user=AMINA, store=store)  # version 2 replaces 1
    # Ben's transaction read version 1 before Amina's save committed (the race the UNIQUE
    # `replaces` column closes): his insert over version 1 must fail, not fork the history.
    monkeypatch.setattr(ns, "_latest", lambda tx, where: (1, start))
    with pytest.raises(EtlError, match="changed by someone else"):
        ns.save(ns.with_home(start, "TZA"), user=BEN, expected=start, store=store)
    monkeypatch.undo()
    assert ns.load(store).home_country == "UGA" and _versions(store) == 2
    assert "ben" not in _settings_audit(store)["user_name"].to_list()


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_approvers_and_admins_save(store: Store, role: str) -> None:
    new = ns.with_home(ns.NationalSettings(), "KEN")
    with pytest.raises(StoreError, match=f"carl \\({role}\\) may not edit the national settings"):
        ns.save(new, user=User("carl", check_role(role)), store=store)
    assert ns.load(store) == ns.NationalSettings() and _settings_audit(store).is_empty()
    assert len(ns.save(new, user=BEN, store=store)) == 1  # admin


def _old_file(data_dir: Path) -> Path:
    path = data_dir / "settings" / ns.FILE_NAME
    path.parent.mkdir()
    raw = {"home_country": "KEN", "targets": {"KEN": {"10.c.1": KEN_10C1}}, "milestones": {}}
    path.write_text(json.dumps(raw))
    lines = [
        {"at": "2025-03-01T09:00:00+00:00", "user": "zoe", "key": "home_country",
         "old": None, "new": "KEN"},
        {"at": "2025-03-02T10:00:00+00:00", "user": "zoe", "key": "targets.KEN.10.c.1",
         "old": None, "new": KEN_10C1},
    ]  # fmt: skip
    ns.audit_path(path).write_text("".join(json.dumps(x) + "\n" for x in lines))
    return path


def test_the_old_settings_file_is_imported_once(store: Store, data_dir: Path) -> None:
    path = _old_file(data_dir)
    expected = ns.from_dict(json.loads(path.read_text()))
    assert ns.load(store) == expected  # first read imports it
    log = ns.audit_log(store)
    assert [(x["at"], x["user"], x["key"]) for x in log] == [
        ("2025-03-01T09:00:00+00:00", "zoe", "home_country"),
        ("2025-03-02T10:00:00+00:00", "zoe", "targets.KEN.10.c.1"),
        (log[2]["at"], "migration", f"{ns.IMPORT_PREFIX}{path}"),
    ]
    assert log[2]["new"] == ns.to_dict(expected)
    rows = _settings_audit(store)
    assert rows["action"].to_list() == ["settings", "settings", "settings.import"]
    assert json.loads(rows["reason"][2])["audit_lines"] == 2
    # once: a later edit of the file is ignored, a save audits against the database
    path.write_text(json.dumps({"home_country": "UGA"}))
    assert ns.load(store).home_country == "KEN" and _versions(store) == 1
    ns.save(ns.with_home(ns.load(store), "TZA"), user=AMINA, store=store)
    assert ns.audit_log(store)[-1] | {"at": "-"} == {
        "at": "-", "user": "amina", "key": "home_country", "old": "KEN", "new": "TZA",
    }  # fmt: skip
    assert _settings_audit(store).height == 4 and path.exists()


def test_first_save_creates_the_database_and_imports_the_file(data_dir: Path) -> None:
    path = _old_file(data_dir)
    assert ns.load().target_for("KEN", "10.c.1") == ns.Target(4.0, 2028)  # read, not imported
    assert len(ns.audit_log()) == 2 and not (data_dir / "app.duckdb").exists()
    ns.save(ns.with_home(ns.load(), "UGA"), user=AMINA, expected=ns.load())
    assert (data_dir / "app.duckdb").exists()
    saved = ns.load()
    assert (saved.home_country, saved.target_for("KEN", "10.c.1")) == ("UGA", ns.Target(4.0, 2028))
    keys = [(x["user"], x["key"]) for x in ns.audit_log()]
    assert keys == [
        ("zoe", "home_country"), ("zoe", "targets.KEN.10.c.1"),
        ("amina", f"{ns.IMPORT_PREFIX}{path}"), ("amina", "home_country"),
    ]  # fmt: skip


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
def test_an_invalid_old_file_names_key_and_value(data_dir: Path, raw: dict, message: str) -> None:
    path = data_dir / "settings" / ns.FILE_NAME
    path.parent.mkdir()
    path.write_text(json.dumps(raw))
    with pytest.raises(EtlError, match=message) as exc:
        ns.load()
    assert str(path) in str(exc.value)


def test_ministry_and_logo_for_the_report_cover_round_trip_and_are_checked(store: Store) -> None:
    s = ns.with_ministry(ns.NationalSettings(), "  Ministry of Foreign and Diaspora Affairs ",
                         "/srv/branding/logo.png")  # fmt: skip
    lines = ns.save(s, user=AMINA, expected=ns.load(store), store=store)
    assert [(x["key"], x["new"]) for x in lines] == [
        ("logo_path", "/srv/branding/logo.png"),
        ("ministry_name", "Ministry of Foreign and Diaspora Affairs"),
    ]
    assert ns.load(store).ministry_name == "Ministry of Foreign and Diaspora Affairs"
    with pytest.raises(EtlError, match=r"logo_path = 'logo\.gif': expected the path of a PNG"):
        ns.with_ministry(s, "Ministry", "logo.gif")
    with pytest.raises(EtlError, match="ministry_name"):
        ns.from_dict({"ministry_name": "x" * 201})

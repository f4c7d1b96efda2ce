"""The server-side run log the load benchmark reads (dashboard/run_log.py)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard import run_log


def test_each_run_appends_its_start_and_duration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "runs.tsv"
    monkeypatch.setenv(run_log.ENV, str(log))
    with run_log.timed_run():
        time.sleep(0.05)
    between = time.time()
    time.sleep(0.01)  # the log keeps milliseconds
    with pytest.raises(RuntimeError), run_log.timed_run():  # a run that fails is logged too
        raise RuntimeError("page failed")
    first, second = run_log.read_runs(str(log))
    assert 0.05 <= first < 1.0 and 0 <= second < 0.05
    assert run_log.read_runs(str(log), since=between) == [second]


def test_nothing_is_written_unless_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(run_log.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with run_log.timed_run():
        pass
    assert list(tmp_path.iterdir()) == []

"""The background import never meets a page run half-way: it waits for runs to end, and a run
that starts meanwhile waits for it (altair looks pandas up in sys.modules without importing)."""

from __future__ import annotations

import gc
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.data import warmup

SLOW_MODULE = """
import time
time.sleep(0.6)
READY = True  # set last: a half-imported module lacks it
"""


@pytest.fixture
def slow_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A module whose import takes 0.6 s, as LATER, with the warm-up not yet started."""
    name = "slow_warm_module_for_test"
    (tmp_path / f"{name}.py").write_text(SLOW_MODULE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(warmup, "LATER", (name,))
    monkeypatch.setattr(warmup, "_started", False)
    monkeypatch.setenv("M_E_DATA_DIR", str(tmp_path / "data"))  # no upload store: no GX worker
    yield name
    for thread in threading.enumerate():  # one warm-up per process: finish this test's first
        if thread.name == "warm-imports":
            thread.join(timeout=30)
    sys.modules.pop(name, None)


def _wait_for(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_the_import_waits_until_no_page_run_is_in_progress(slow_module: str) -> None:
    with warmup.page_run():
        warmup.start()
        time.sleep(0.3)
        assert slow_module not in sys.modules, "import began while a page was being drawn"
    assert _wait_for(lambda: getattr(sys.modules.get(slow_module), "READY", False))


def test_a_run_that_starts_during_the_import_sees_the_module_whole(slow_module: str) -> None:
    warmup.start()
    assert _wait_for(lambda: slow_module in sys.modules), "the import never started"
    seen: list[bool] = []

    def run() -> None:
        with warmup.page_run():
            seen.append(getattr(sys.modules[slow_module], "READY", False))

    t = threading.Thread(target=run)
    t.start()
    t.join(timeout=10)
    assert seen == [True]


class _Node:
    """A weak-referenceable object to build a reference cycle from."""

    def __init__(self) -> None:
        self.other: object = None


def test_a_run_freezes_the_imported_heap_once_and_cycles_from_runs_are_still_freed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warmup, "_frozen_modules", 0)
    monkeypatch.setattr(warmup, "_in_server", lambda: True)  # AppTest and pytest: never frozen
    monkeypatch.setattr(warmup, "LATER", ())
    monkeypatch.setattr(warmup, "_started", False)
    monkeypatch.setattr(warmup, "FREEZE_DELAY_S", 0.0)
    monkeypatch.setenv("M_E_DATA_DIR", str(tmp_path / "data"))  # no upload store: no GX worker
    monkeypatch.syspath_prepend(str(tmp_path))
    name = "module_imported_between_runs_for_test"
    (tmp_path / f"{name}.py").write_text("TABLE = {'a': [1, 2]}\n", encoding="utf-8")
    before = gc.get_freeze_count()
    try:
        with warmup.page_run():  # the first page: no collection before it
            pass
        assert gc.get_freeze_count() == before
        warmup._import_later()  # what start() runs in its thread once that page is drawn
        frozen = gc.get_freeze_count()
        assert frozen > before
        with warmup.page_run():  # nothing new imported: not frozen again
            a, b = _Node(), _Node()
            a.other, b.other = b, a
            dead = weakref.ref(a)
            del a, b
        assert gc.get_freeze_count() == frozen
        gc.collect()  # what Streamlit does after a run (runner.postScriptGC)
        assert dead() is None, "a cycle made by a run was frozen: it would never be freed"
        __import__(name)
        with warmup.page_run():  # a module imported since: frozen with the rest
            pass
        assert gc.get_freeze_count() > frozen
    finally:
        sys.modules.pop(name, None)
        gc.unfreeze()


def test_no_freeze_outside_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warmup, "_frozen_modules", 0)
    before = gc.get_freeze_count()
    with warmup.page_run():
        pass
    assert gc.get_freeze_count() == before

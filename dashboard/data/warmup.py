"""After a page is drawn: import, in the background, the heavy library later pages need.

Every st.dataframe converts its frame with pandas (Streamlit 1.67, elements/arrow.py), and
importing pandas costs about half a second of CPU (over a second on a busy machine). The first
page (the Overview) needs no pandas, so the first visitor after a start does not wait for it;
once that page is drawn, a daemon thread imports it while the visitor reads, so the next page
with a table does not pay for it either (issue 14). Where the deployment has an upload store,
the same thread then starts the validation worker of approval rebuilds (at low priority, on the
other core: Great Expectations takes seconds to import, which an approver must not wait for).
Once per process.

The import waits until no page run is in progress, and page runs wait while it is under way:
altair (through narwhals) looks pandas up in sys.modules without importing it, so a chart built
while another thread is half-way through `import pandas` would meet a module without its
attributes ("partially initialized module 'pandas' has no attribute ...").

The imported heap is frozen (`gc.freeze`): Streamlit runs a full garbage collection after every
script run (`runner.postScriptGC`), and with streamlit, polars, altair, Babel and pandas loaded
that collection walked about 160,000 long-lived objects each time: 0.08-0.10 CPU s per run, a
third of the server's share of a warm run, holding the interpreter lock (issue "speed users
feel"). The warm-up thread freezes first, once the first page is drawn; after that, a run that
starts with no other run in progress and finds modules imported since the last freeze collects
once and freezes what is left (modules, caches, open sessions); later
collections walk only what runs create, cycles from runs are still freed. Frozen objects are
never collected as cycles (refcounting still frees them), so a session open at a freeze and
closed later may keep a little memory: bounded, freezes happen only when sys.modules has grown.
Only in a `streamlit run` server: AppTest collects nothing after a run, and a test process imports
modules test after test (each freeze would keep that test's cycles).
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

LATER: tuple[str, ...] = ("pandas",)
# A run waits at most this long for the import (seconds; about one on a busy machine).
RUN_WAIT_S = 30.0
# The first heap freeze waits this long after the first page (seconds; the visitor is reading).
FREEZE_DELAY_S = 3.0
_lock = threading.Lock()
_started = False
_gate = threading.Condition()
_active_runs = 0
_importing = False
_frozen_modules = 0  # len(sys.modules) at the last gc.freeze()


@contextmanager
def page_run() -> Iterator[None]:
    """Around a script run: wait while the background import is under way, and hold it off
    until this run has finished (see the module's docstring)."""
    global _active_runs
    with _gate:
        _gate.wait_for(lambda: not _importing, timeout=RUN_WAIT_S)
        alone = _active_runs == 0 and not _importing
        _active_runs += 1
    try:
        # Not before the first page: its visitor would wait for the collection (+0.4 s after a
        # start, measured); the warm-up thread makes the first freeze once that page is drawn.
        if alone and _frozen_modules and _in_server():  # outside the lock: gc may run finalizers
            freeze_imported()
        yield
    finally:
        with _gate:
            _active_runs -= 1
            _gate.notify_all()


def _in_server() -> bool:
    """True in a real `streamlit run` (AppTest puts a mock in place of the runtime)."""
    from streamlit import runtime

    return runtime.exists() and type(runtime.get_instance()) is runtime.Runtime


def freeze_imported() -> bool:
    """Collect once and freeze the heap if modules were imported since the last freeze (see the
    module's docstring); True if it froze. Called by the warm-up thread, then by a run that
    started with no other in progress. A run that starts meanwhile only pauses (gc holds the
    interpreter lock); what it made before the freeze is frozen with the rest (refcounting still
    frees it, the cycle collector no longer does: the bounded cost the module's docstring
    describes)."""
    global _frozen_modules
    if len(sys.modules) == _frozen_modules:
        return False
    gc.collect()
    gc.freeze()
    _frozen_modules = len(sys.modules)
    return True


def start() -> None:
    """Import LATER in a daemon thread, the first time a page has been drawn in this process."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_import_later, name="warm-imports", daemon=True).start()


def _import_later() -> None:
    """Import every module of LATER (an import error surfaces where the page needs it); where
    uploads are in use, start the validation worker of approval rebuilds."""
    global _importing
    with _gate:
        _gate.wait_for(lambda: _active_runs == 0)
        _importing = True
    try:
        for name in LATER:
            with suppress(ImportError):
                importlib.import_module(name)
    finally:
        with _gate:
            _importing = False
            _gate.notify_all()
    from etl import approved
    from etl.pipeline import validator

    if approved.has_store():  # approvals can happen here: GX loads now, at low priority
        validator.prewarm()
    if _in_server():
        # The first freeze, once the first page's browser has had time to draw it: collecting
        # right after the run competed with the end of that page (+0.5 s, measured).
        time.sleep(FREEZE_DELAY_S)
        freeze_imported()

"""After a page is drawn: import, in the background, the heavy library later pages need.

Every st.dataframe converts its frame with pandas (Streamlit 1.67, elements/arrow.py), and
importing pandas costs about half a second of CPU (over a second on a busy machine). The first
page (the Overview) needs no pandas, so the first visitor after a start does not wait for it;
once that page is drawn, a daemon thread imports it while the visitor reads, so the next page
with a table does not pay for it either (issue 14). Where the deployment has an upload store,
the same thread then starts the validation worker of approval rebuilds (at low priority, on the
other core: Great Expectations takes seconds to import, which an approver must not wait for).
Once per process.
"""

from __future__ import annotations

import importlib
import threading

LATER: tuple[str, ...] = ("pandas",)
_lock = threading.Lock()
_started = False
_thread: threading.Thread | None = None


def start() -> None:
    """Import LATER in a daemon thread, the first time a page has been drawn in this process."""
    global _started, _thread
    with _lock:
        if _started:
            return
        _started = True
        thread = _thread = threading.Thread(
            target=_import_later, name="warm-imports", daemon=True
        )
    thread.start()


def wait() -> None:
    """Block until the background import, if one was started, is finished."""
    thread = _thread
    if thread is not None and thread.is_alive() and thread is not threading.current_thread():
        thread.join()


def _import_later() -> None:
    """Import every module of LATER (an import error surfaces where the page needs it); where
    uploads are in use, start the validation worker of approval rebuilds."""
    for name in LATER:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    from etl import approved
    from etl.pipeline import validator

    if approved.has_store():  # approvals can happen here: GX loads now, at low priority
        validator.prewarm()

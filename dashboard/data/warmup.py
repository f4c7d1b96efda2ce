"""Fill the caches of the main pages once per process and data version, off the visitor's run.

Without this, the first visitor of each page after a restart pays for its imports (pandas and
openpyxl through etl.registry, altair, the report writers: seconds on 2 cores) and, after a
restart or an ETL run, for scanning the published Parquet files (bench_browser.py). The first
script run of a process (and the first after a dataset is republished) starts one background
thread that calls the same cached loaders the pages call for their default view (the home
country); a page opened meanwhile waits on the import lock or computes its own slice, so the
worst case is the cold time without warm-up. Loaders only: no element is drawn from the thread.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from dashboard.data.cache import version

THREAD_NAME = "cache-warm-up"
PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
OUR_PACKAGES = frozenset({"core", "indicators", "store", "etl", "dashboard"})
_lock = threading.Lock()
_warmed: set[tuple[tuple[str, int], ...]] = set()
_log = logging.getLogger(__name__)


class _QuietWarmUp(logging.Filter):
    """Drop Streamlit's 'missing ScriptRunContext' warning for the warm-up thread only."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.threadName == THREAD_NAME and "ScriptRunContext" in record.getMessage())


# Streamlit logs it on this logger (a filter on a parent logger would not see the record).
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    _QuietWarmUp()
)


def _steps() -> list[Callable[[], object]]:
    """The loaders of the Overview, explorer, Remittance costs, Migration and Data quality."""
    from dashboard.data import crosscheck, migration, progress
    from dashboard.data import loaders as data

    home = progress.national_settings().home()
    return [
        progress.country_options,
        lambda: progress.scorecards(home),
        lambda: progress.series_codes("10.c.1"),
        data.area_options,
        data.global_series,
        lambda: data.country_series(home),
        lambda: data.remittance_gdp_series(home),
        migration.series_present,
        migration.country_options,
        lambda: migration.country_profile(home),
        migration.deaths,
        data.dataset_status,
        data.run_report,
        crosscheck.crosschecks,
    ]


def page_imports(pages_dir: Path = PAGES_DIR) -> list[str]:
    """Every module the pages import at their top level (read from their source, not run)."""
    found: set[str] = set()
    for page in sorted(pages_dir.glob("*.py")):
        for node in ast.parse(page.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)  # `from package import module` imports a submodule:
                found.update(  # keep the names that are modules of a package of ours
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if node.module.split(".")[0] in OUR_PACKAGES
                    and (pages_dir.parents[1] / node.module.replace(".", "/") / alias.name)
                    .with_suffix(".py")
                    .exists()
                )
    return sorted(found)


def _warm() -> None:
    """Import what the pages import (most of a cold page is imports: pandas and openpyxl via
    etl.registry, altair, the report writers), then run each loader; a failure is the page's
    to show, not the warm-up's."""
    for module in page_imports():
        try:
            importlib.import_module(module)
        except Exception:  # the page importing it shows the error to its visitor
            _log.debug("warm-up import of %s failed", module, exc_info=True)
    for step in _steps():
        try:
            step()
        except Exception:  # the page that needs it reports the error to its visitor
            _log.debug("warm-up step failed", exc_info=True)


def start() -> bool:
    """Start the warm-up thread unless one ran for this version of every published file."""
    from streamlit.runtime import Runtime

    from dashboard.data.loaders import DATASETS

    # Only under `streamlit run`: a bare run has no Runtime, AppTest a MagicMock(spec=Runtime)
    # (isinstance would pass it); neither has later visitors to gain from a warm-up.
    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:
        return False
    key = tuple(version(d) for d in DATASETS)  # every published file: republished, warm again
    with _lock:
        if key in _warmed:
            return False
        _warmed.add(key)
    threading.Thread(target=_warm, name=THREAD_NAME, daemon=True).start()
    return True

"""The first page after a server start loads no heavy library it does not need (issue 14).

pandas, openpyxl, Great Expectations, python-docx, reportlab and scipy each take a large part
of a second (GX several seconds) to import, and the first visitor after a start waits for
every import of the page path. Each check runs in a fresh interpreter, where nothing is loaded
yet: what it finds in sys.modules is what the page path itself pulled in.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.config import PROJECT_ROOT

HEAVY = ("pandas", "openpyxl", "great_expectations", "docx", "reportlab", "scipy")

# The entry point's own imports (streamlit_app.py under `streamlit run`) and the Overview's.
IMPORTS = """
import streamlit_app
from dashboard.auth import keep_session
from dashboard.components.language import render_language_selector
from dashboard.components.status_line import render_last_updated
from dashboard.components.widgets import render_accessible_css
from dashboard.data.uploads import get_store
from dashboard.errors import run_page, warn_store_unreadable
from dashboard.components import links, scorecard, widgets
from dashboard.data import loaders, progress
from indicators.registry_meta import LEVELS, THEMES
"""

# The Overview drawn end to end by Streamlit's AppTest on the published data. The background
# import that follows a drawn page (dashboard/data/warmup.py) is switched off: this checks
# what drawing the page itself needs.
RENDER = """
from streamlit.testing.v1 import AppTest
from dashboard.data import warmup
warmup.start = lambda: None
at = AppTest.from_file("streamlit_app.py", default_timeout=120)
at.run()
assert not at.exception, [e.message for e in at.exception]
assert [t.value for t in at.title] == ["Results framework overview"]
"""


def _heavy_after(code: str, data_dir: Path | None = None) -> list[str]:
    """Heavy modules in sys.modules after running `code` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    if data_dir is not None:
        env["M_E_DATA_DIR"] = str(data_dir)
    script = f"import sys\nHEAVY = {HEAVY!r}\n{code}\n"
    script += "print(json.dumps([m for m in HEAVY if m in sys.modules]))"
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + script],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_overview_page_path_imports_no_heavy_library() -> None:
    assert _heavy_after(IMPORTS) == []


def test_after_a_drawn_page_pandas_is_imported_in_the_background() -> None:
    code = """
from dashboard.data import warmup
import threading
assert "pandas" not in sys.modules
warmup.start()
warmup.start()  # once per process: one thread
threads = [t for t in threading.enumerate() if t.name == "warm-imports"]
assert len(threads) == 1
threads[0].join(120)
"""
    assert _heavy_after(code) == ["pandas"]


def test_drawing_the_overview_imports_no_heavy_library(built_data_dir: Path) -> None:
    # not even pandas: st.table imports it on every call (Streamlit 1.67), so the Overview's
    # status summaries are Markdown tables (dashboard/components/scorecard.py)
    assert _heavy_after(RENDER, built_data_dir) == []

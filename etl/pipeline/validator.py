"""Validation for a run: Great Expectations in a worker process, or here when already loaded.

The worker (etl/validation/worker.py) is started when the first source needs work, so that its
seconds-long GX import overlaps parsing on the second core (a thread would not: the parser holds
the GIL for much of the time). A process that has GX loaded already (the dashboard, tests)
validates in place. Either way the same `validate_dataset` runs on the same frame; a dataset
with an error is never published, and a worker that dies fails that dataset only.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

import polars as pl

from core.errors import EtlError, ValidationIssue
from core.i18n import _, current_language

ROOT = Path(__file__).resolve().parents[2]
GX_MODULE = "etl.validation.gx"


class Validator:
    """Validates datasets for one run; use as a context manager (stops the worker)."""

    def __init__(self, in_process: bool | None = None, *, nice: int = 0) -> None:
        # None: in place when this process has imported GX already, else in a worker
        self.in_process = GX_MODULE in sys.modules if in_process is None else in_process
        self.nice = nice  # the worker's niceness: a kept background worker yields to pages
        self._proc: subprocess.Popen[str] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._stderr: IO[str] | None = None
        self._lock = threading.Lock()  # one request at a time on the worker's pipes

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker now (its GX import runs while this process parses)."""
        if self.in_process or self._proc is not None:
            return
        self._tmp = tempfile.TemporaryDirectory(prefix="etl_validate_")
        self._stderr = open(Path(self._tmp.name) / "stderr.txt", "w+", encoding="utf-8")  # noqa: SIM115
        path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "etl.validation.worker"],
            cwd=ROOT,
            # the worker lowers its own priority (preexec_fn is unsafe in a threaded server)
            env={**os.environ, "PYTHONPATH": path, "M_E_WORKER_NICE": str(self.nice)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )

    def warm(self) -> None:
        """Start the worker unless it runs (thread-safe: the dashboard serves many sessions)."""
        with self._lock:
            self.start()

    def validate(self, dataset: str, df: pl.DataFrame, *, cap: int | None = None) -> list:
        """Issues of `df` against the dataset's suite, as `validate_dataset` returns them."""
        if self.in_process:
            from etl.validation import gx  # looked up at call time (tests replace it)

            return (
                gx.validate_dataset(dataset, df)
                if cap is None
                else gx.validate_dataset(dataset, df, cap=cap)
            )
        with self._lock:
            self.start()
            assert self._proc is not None and self._tmp is not None
            path = Path(self._tmp.name) / f"{dataset}.arrow"
            df.write_ipc(path, compression="uncompressed")
            request = {"dataset": dataset, "path": str(path), "cap": cap or 200}
            # the worker writes the issues in this run's language (a process has no ContextVar)
            answer = self._ask({**request, "lang": current_language()})
            path.unlink(missing_ok=True)
        if "error" in answer:  # the same exception class as in place, where it is a builtin
            kind = getattr(builtins, str(answer["error"]), None)
            exc_class = kind if isinstance(kind, type) and issubclass(kind, Exception) else None
            raise (exc_class or RuntimeError)(answer["message"])
        return [ValidationIssue(**issue) for issue in answer["issues"]]

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request and wait for its answer; EtlError if the worker is gone."""
        assert self._proc is not None and self._proc.stdin and self._proc.stdout
        try:
            self._proc.stdin.write(json.dumps(request) + "\n")
            self._proc.stdin.flush()
            line = self._proc.stdout.readline()
        except OSError:
            line = ""
        if not line:
            raise EtlError(
                _(
                    "{dataset}: the validation process stopped before checking the data "
                    "({detail}). Nothing was published; the previous version keeps serving. "
                    "Run again, and report the message if it repeats."
                ).format(dataset=request["dataset"], detail=self._stderr_tail())
            )
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _stderr_tail(self) -> str:
        """Last line the worker wrote to stderr, or its exit status."""
        if self._proc is not None:
            self._proc.poll()
        if self._stderr is not None:
            self._stderr.seek(0)
            lines = [ln for ln in self._stderr.read().splitlines() if ln.strip()]
            if lines:
                return lines[-1][-300:]
        code = self._proc.returncode if self._proc is not None else None
        return f"exit status {code}"

    def close(self) -> None:
        """Stop the worker and remove its temporary files."""
        if self._proc is not None:
            if self._proc.stdin:
                with contextlib.suppress(OSError):  # the worker is gone already
                    self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout:
                self._proc.stdout.close()
            self._proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


_shared: Validator | None = None
_shared_lock = threading.Lock()


def shared() -> Validator:
    """This process's long-lived validator, for rebuilds after approvals (the dashboard).

    In place when GX is loaded already; else one worker process, kept for the process's life,
    so that GX's seconds-long import is paid once, on the other core, and not by the approver's
    click (`prewarm` starts it when an approval becomes likely).
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Validator(nice=10)
        with _shared._lock:
            if _shared._proc is not None and _shared._proc.poll() is not None:
                _shared.close()  # the kept worker died since its last request: start anew
        return _shared


def prewarm() -> None:
    """Start the shared worker now (its GX import runs while the approver reads the page)."""
    shared().warm()

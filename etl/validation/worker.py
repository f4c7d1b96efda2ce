"""Great Expectations in a worker process: `python -m etl.validation.worker` (issue 14).

Importing GX takes seconds of one core. The pipeline starts this worker as soon as a source
needs work, so the import runs on the second core while the workbook is parsed; the datasets
then come over as Arrow IPC files and go through the very same `validate_dataset`. Protocol: one
JSON line per request on stdin ({"dataset", "path", "cap", "lang"}: lang is the language of the
messages), one JSON line per answer on stdout ({"issues": [...]} or {"error": type, "message":
...}); stdin closed = stop.
"""

from __future__ import annotations

import json
import os
import sys


def serve() -> int:
    """Answer validation requests until stdin closes."""
    import polars as pl

    os.nice(int(os.environ.get("M_E_WORKER_NICE") or 0))  # a kept dashboard worker yields

    from core.contract import empty
    from etl.validation.gx import validate_dataset  # the slow import, done before any request

    # GX builds its context and the indicator suite on first use: do it before any request
    validate_dataset("indicators", empty())
    for line in sys.stdin:
        request = json.loads(line)
        try:
            df = pl.read_ipc(request["path"])
            # the messages in the language of the run that asks (the pipeline's ContextVar)
            lang = request.get("lang")
            issues = validate_dataset(request["dataset"], df, cap=request["cap"], lang=lang)
            answer: dict[str, object] = {"issues": [i.as_dict() for i in issues]}
        except Exception as exc:  # reported to the pipeline, which fails this dataset only
            # args[0], not str(exc): str() of a KeyError quotes its message
            text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
            answer = {"error": type(exc).__name__, "message": text}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(serve())

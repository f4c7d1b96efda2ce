"""What happened to each source in a run, and the JSON report of the run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core import config
from core.errors import ValidationIssue
from etl import io

# Bump when parse/clean/indicator code changes what it writes: forces a rebuild of clean data.
PIPELINE_VERSION = "2"  # 2: data_origin column, publisher URLs (issue 10)
INDICATORS = "indicators"

Progress = Callable[[str], None]


@dataclass
class SourceOutcome:
    """What happened to one source in one run."""

    source: str
    status: str  # published | unchanged | failed | no-input | demo
    message: str = ""
    rows: int | None = None
    files: list[str] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def write_run_report(outcomes: list[SourceOutcome]) -> Path:
    """Write the JSON validation report of this run: outcome and every issue per dataset."""
    stamp = io.now_iso().replace(":", "").replace("+0000", "Z")
    report = {
        "run_at": io.now_iso(),
        "outcomes": [
            {
                "source": o.source,
                "status": o.status,
                "message": o.message,
                "rows": o.rows,
                "files": o.files,
                "seconds": o.seconds,
                "issues": [i.as_dict() for i in o.issues],
            }
            for o in outcomes
        ],
    }
    dest = config.reports_dir() / f"validation_{stamp}.json"
    io.write_json(report, dest)
    io.write_json(report, config.reports_dir() / "latest.json")
    return dest

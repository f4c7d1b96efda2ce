"""What happened to each source in a run, and the JSON report of the run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core import config
from core.errors import ValidationIssue
from core.i18n import NP_, pgettext
from etl import io

# Bump when parse/clean/indicator code changes what it writes: forces a rebuild of clean data.
PIPELINE_VERSION = "2"  # 2: data_origin column, publisher URLs (issue 10)
INDICATORS = "indicators"

Progress = Callable[[str], None]
# A run's outcome per source in words (codes stay in the JSON run report): the CLI's summary
# line and the Data quality page's last-run table.
OUTCOME_WORDS: dict[str, str] = {
    "published": NP_("run outcome", "published"),
    "unchanged": NP_("run outcome", "unchanged"),
    "failed": NP_("run outcome", "failed"),
    "no-input": NP_("run outcome", "no input"),
    "demo": NP_("run outcome", "demo"),
}


def outcome_word(status: str) -> str:
    """A run outcome code ('no-input') in words of the language in use; unknown codes as is."""
    return pgettext("run outcome", OUTCOME_WORDS[status]) if status in OUTCOME_WORDS else status


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

"""Paths and settings in one place; imports nothing from this project."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Root of data/ (override with M_E_DATA_DIR so tests can point at tmp_path)."""
    return Path(os.environ.get("M_E_DATA_DIR", PROJECT_ROOT / "data"))


def raw_dir() -> Path:
    """Immutable snapshots: data/raw/<source>/<yyyy-mm-dd>/<file> + <file>.meta.json."""
    return data_dir() / "raw"


def clean_dir() -> Path:
    """Published Parquet datasets and their sidecars."""
    return data_dir() / "clean"


def reports_dir() -> Path:
    """JSON validation reports, one per ETL run."""
    return data_dir() / "reports"


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Setting:
    """One documented setting: its environment variable, default and help text."""

    env: str
    default: object
    help: str


@dataclass(frozen=True)
class Settings:
    """Runtime settings; every field is overridable by the environment variable in its help."""

    connect_timeout_s: float = field(
        default_factory=lambda: _env_float("M_E_CONNECT_TIMEOUT", 10.0),
        metadata={"env": "M_E_CONNECT_TIMEOUT", "help": "Seconds to wait for a TCP connection."},
    )
    read_timeout_s: float = field(
        default_factory=lambda: _env_float("M_E_READ_TIMEOUT", 120.0),
        metadata={"env": "M_E_READ_TIMEOUT", "help": "Seconds to wait between bytes of a reply."},
    )
    retries: int = field(
        default_factory=lambda: _env_int("M_E_RETRIES", 4),
        metadata={
            "env": "M_E_RETRIES",
            "help": "Retries on connection errors, HTTP 429 and 5xx (exponential backoff).",
        },
    )
    backoff_s: float = field(
        default_factory=lambda: _env_float("M_E_BACKOFF", 1.0),
        metadata={"env": "M_E_BACKOFF", "help": "Base backoff in seconds: waits b, 2b, 4b, ..."},
    )
    home_country: str = field(
        default_factory=lambda: os.environ.get("M_E_HOME_COUNTRY", "KEN"),
        metadata={
            "env": "M_E_HOME_COUNTRY",
            "help": "ISO3 code of the country the dashboard opens on.",
        },
    )
    language: str = field(
        default_factory=lambda: os.environ.get("M_E_LANGUAGE", "en"),
        metadata={
            "env": "M_E_LANGUAGE",
            "help": "Default language of the dashboard, templates and reports: en, fr or es "
            "(a visitor's browser language is used when this is not set).",
        },
    )
    exclude_rpw_sending: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            c.strip()
            for c in os.environ.get("M_E_GA_EXCLUDE_SENDING", "RUS").split(",")
            if c.strip()
        ),
        metadata={
            "env": "M_E_GA_EXCLUDE_SENDING",
            "help": (
                "Comma-separated ISO3 sending countries left out of the global averages. "
                "Default RUS: the World Bank's published Global Average leaves out the "
                "corridors sending from the Russian Federation (RPW Methodology sheet), so the "
                "default reproduces the published figures; the all-corridor mean is kept as "
                "series SI_RMT_COST_ALLCORR. Empty = keep all."
            ),
        },
    )
    min_platform_countries: int = field(
        default_factory=lambda: _env_int("M_E_MIN_PLATFORM_COUNTRIES", 3),
        metadata={
            "env": "M_E_MIN_PLATFORM_COUNTRIES",
            "help": (
                "Fewest responding countries for a cross-country share computed from national "
                "uploads (10.7.2, GFMD items) to be published, under the area PLATFORM "
                "('countries reporting on this platform, n = K'), never as World."
            ),
        },
    )
    max_upload_mb: float = field(
        default_factory=lambda: _env_float("M_E_MAX_UPLOAD_MB", 50.0),
        metadata={"env": "M_E_MAX_UPLOAD_MB", "help": "Largest file accepted for upload (MB)."},
    )
    # Upload bounds (etl/uploads/limits.py): checked before a file is parsed in full, so a
    # hostile file is refused in seconds instead of filling the memory of the server.
    max_upload_rows: int = field(
        default_factory=lambda: _env_int("M_E_MAX_UPLOAD_ROWS", 200_000),
        metadata={"env": "M_E_MAX_UPLOAD_ROWS", "help": "Most data rows in one uploaded file."},
    )
    max_upload_columns: int = field(
        default_factory=lambda: _env_int("M_E_MAX_UPLOAD_COLUMNS", 100),
        metadata={"env": "M_E_MAX_UPLOAD_COLUMNS", "help": "Most columns in an uploaded sheet."},
    )
    max_upload_cells: int = field(
        default_factory=lambda: _env_int("M_E_MAX_UPLOAD_CELLS", 8_000_000),
        metadata={
            "env": "M_E_MAX_UPLOAD_CELLS",
            "help": "Most cells (last row x last column) in an uploaded sheet.",
        },
    )
    max_cell_chars: int = field(
        default_factory=lambda: _env_int("M_E_MAX_CELL_CHARS", 10_000),
        metadata={"env": "M_E_MAX_CELL_CHARS", "help": "Longest text in one uploaded cell."},
    )
    max_xlsx_unzipped_mb: float = field(
        default_factory=lambda: _env_float("M_E_MAX_XLSX_UNZIPPED_MB", 250.0),
        metadata={
            "env": "M_E_MAX_XLSX_UNZIPPED_MB",
            "help": "Largest total size of an uploaded workbook once unzipped (MB).",
        },
    )
    max_xlsx_ratio: float = field(
        default_factory=lambda: _env_float("M_E_MAX_XLSX_RATIO", 100.0),
        metadata={
            "env": "M_E_MAX_XLSX_RATIO",
            "help": "Largest unzipped/zipped size ratio of a workbook part over 1 MB (zip bomb).",
        },
    )
    # Download bounds (etl/net/http.py): a slow, stalling or oversized reply cannot hold a run.
    max_retry_after_s: float = field(
        default_factory=lambda: _env_float("M_E_MAX_RETRY_AFTER", 60.0),
        metadata={
            "env": "M_E_MAX_RETRY_AFTER",
            "help": "Longest wait honoured from a server's Retry-After header (seconds).",
        },
    )
    download_deadline_s: float = field(
        default_factory=lambda: _env_float("M_E_DOWNLOAD_DEADLINE", 900.0),
        metadata={
            "env": "M_E_DOWNLOAD_DEADLINE",
            "help": "Total seconds one download may take, however slowly bytes arrive.",
        },
    )
    max_download_mb: float = field(
        default_factory=lambda: _env_float("M_E_MAX_DOWNLOAD_MB", 500.0),
        metadata={
            "env": "M_E_MAX_DOWNLOAD_MB",
            "help": "Largest body accepted from a source, as sent and once decompressed (MB).",
        },
    )
    allow_self_approval: bool = field(
        default_factory=lambda: os.environ.get("M_E_ALLOW_SELF_APPROVAL", "") == "1",
        metadata={
            "env": "M_E_ALLOW_SELF_APPROVAL",
            "help": (
                "1 = an approver may approve their own upload (one-person offices); each such "
                "approval is audited as `approve.self`. Default: another approver must approve."
            ),
        },
    )
    lockout_attempts: int = field(
        default_factory=lambda: _env_int("M_E_LOCKOUT_ATTEMPTS", 5),
        metadata={
            "env": "M_E_LOCKOUT_ATTEMPTS",
            "help": "Failed sign-ins in a row after which an account is locked for a while.",
        },
    )
    lockout_minutes: float = field(
        default_factory=lambda: _env_float("M_E_LOCKOUT_MINUTES", 15.0),
        metadata={
            "env": "M_E_LOCKOUT_MINUTES",
            "help": "Minutes a locked account refuses every sign-in (then one more try each time).",
        },
    )
    session_hours: float = field(
        default_factory=lambda: _env_float("M_E_SESSION_HOURS", 8.0),
        metadata={
            "env": "M_E_SESSION_HOURS",
            "help": (
                "Hours a dashboard sign-in survives page refreshes (signed token); 0 = a refresh "
                "signs out."
            ),
        },
    )


# Where each source is downloaded from. The source modules read these variables themselves (the
# defaults live beside the code that uses them); they are listed here so that every variable the
# project reads is documented in one place and checked against the README by tests/test_docs.py.
ENDPOINT_SETTINGS: tuple[Setting, ...] = (
    Setting("M_E_RPW_CATALOG_URL", "World Bank Data Catalog, dataset 0037898", "RPW catalog."),
    Setting("M_E_WB_API_URL", "https://api.worldbank.org/v2/", "World Bank API v2 root."),
    Setting("M_E_UNDESA_BASE_URL", "un.org UN DESA files folder", "UN DESA workbooks folder."),
    Setting("M_E_UNHCR_API_BASE", "https://api.unhcr.org/population/v1", "UNHCR API root."),
    Setting("M_E_KNOMAD_INFLOWS_URL", "(none)", "KNOMAD inflows workbook address."),
    Setting("M_E_KNOMAD_OUTFLOWS_URL", "(none)", "KNOMAD outflows workbook address."),
    Setting("M_E_WB_BILATERAL_MIGRATION_URL", "(none)", "Bilateral migration matrix address."),
    Setting("M_E_WB_BILATERAL_REMITTANCES_URL", "(none)", "Bilateral remittance matrix address."),
    Setting("M_E_IOM_MMP_URL", "(none)", "IOM Missing Migrants export address."),
    Setting("DATABASE_URL", "(unset: DuckDB data/app.duckdb)", "PostgreSQL URL of the store."),
    Setting(
        "M_E_SESSION_SECRET",
        "(unset: random per server process)",
        "Key signing dashboard sign-in tokens; set it (32+ random characters) when several "
        "server processes share users or sign-ins must survive a restart.",
    ),
    Setting("M_E_SDG_API_URL", "https://unstats.un.org/sdgapi", "UN SDG Global Database API v1."),
)


def settings() -> Settings:
    """Current settings, read from the environment each call (cheap; keeps tests isolated)."""
    return Settings()


def describe_settings() -> list[Setting]:
    """Every setting with its environment variable, default and help (for README and CLI)."""
    s = Settings()
    runtime = [
        Setting(env=f.metadata["env"], default=getattr(s, f.name), help=f.metadata["help"])
        for f in fields(Settings)
    ]
    return runtime + list(ENDPOINT_SETTINGS)

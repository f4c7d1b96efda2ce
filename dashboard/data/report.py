"""Cached loaders and actions of the Report builder page (the page itself only renders).

The assembled Report is cached per (indicator table version, national settings, store version,
country, period, comparison period, sections); the store version is the newest audit-log id,
which moves on every approval and every saved draft, so a save shows at the next rerun.
"""

from __future__ import annotations

import io as io_
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import streamlit as st
from PIL import Image

from core import config
from core.errors import EtlError
from core.i18n import _
from dashboard.data.cache import TTL, version
from dashboard.data.progress import national_settings
from dashboard.data.uploads import get_store
from dashboard.language import session_language
from dashboard.report.content import build_report
from dashboard.report.docx_writer import write_docx
from dashboard.report.inputs import load_inputs
from dashboard.report.model import Report
from dashboard.report.pdf_writer import write_pdf
from etl import io
from store.drafts import Draft, latest_drafts, save_draft
from store.settings import storage as ns
from store.submissions import Store, User

FILES = "report_files"  # session_state: format -> (file name, bytes) of the last generated file
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FIRST_YEAR = 2015  # the SDG base year: no report period before it
LOGO_MAX_BYTES = 2 * 1024 * 1024  # a cover logo is small; bigger files are refused


def save_logo(data: bytes, name: str) -> str:
    """Store an uploaded cover logo (PNG or JPEG, checked by Pillow) under <data dir>/branding/;
    returns its path for the national settings. EtlError names the file and what to do."""
    suffix = Path(name).suffix.lower()
    if len(data) > LOGO_MAX_BYTES or suffix not in (".png", ".jpg", ".jpeg"):
        raise EtlError(
            _(
                "{file}: the logo must be a PNG or JPEG file of at most 2 MB. Export a smaller "
                "PNG and upload it again."
            ).format(file=name)
        )
    try:
        with Image.open(io_.BytesIO(data)) as img:
            img.verify()
    except Exception as exc:  # Pillow raises several error types for damaged files
        raise EtlError(
            _("{file}: not a readable image ({detail}). Upload a PNG or JPEG.").format(
                file=name, detail=exc
            )
        ) from exc
    dest = config.data_dir() / "branding" / f"logo{suffix}"
    with io.atomic_path(dest) as tmp:
        tmp.write_bytes(data)
    return str(dest)


def store_version(store: Store | None) -> int:
    """Newest audit-log id (0 without a store): changes with every approval or saved draft."""
    if store is None:
        return 0
    return store.audit_version()


@st.cache_data(ttl=TTL, show_spinner=False)
def _latest_year(path: str, mtime: int) -> int:
    years = (
        pl.scan_parquet(path)
        .select(pl.col("time_period").str.slice(0, 4).cast(pl.Int32, strict=False).max())
        .collect()
        .item()
    )
    return int(years) if years else FIRST_YEAR


def period_options() -> list[str]:
    """Reporting years, newest first: from the latest year in the data back to 2015."""
    last = max(_latest_year(*version("indicators")), FIRST_YEAR)
    return [str(y) for y in range(last, FIRST_YEAR - 1, -1)]


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def _report(
    path: str,
    mtime: int,
    settings: str,
    store_at: int,
    country: str,
    period: str,
    previous: str,
    sections: tuple[str, ...],
    with_drafts: bool,
    lang: str,
) -> Report:
    inputs = load_inputs(country, period, store=get_store(), with_drafts=with_drafts)
    return build_report(
        inputs,
        period,
        previous=previous,
        sections=sections,
        lang=lang,
    )


def report(
    country: str,
    period: str,
    previous: str,
    sections: tuple[str, ...],
    *,
    with_drafts: bool,
    lang: str | None = None,
) -> Report:
    """The report model for the page's choices (saved drafts only when `with_drafts`), in
    `lang` (default: the session's language, dashboard/language.py)."""
    settings = ns.canonical(national_settings())
    store_at = store_version(get_store())
    return _report(
        *version("indicators"),
        settings,
        store_at,
        country,
        period,
        previous,
        sections,
        with_drafts,
        lang or session_language(),
    )


def drafts(store: Store | None, country: str, period: str) -> dict[str, Draft]:
    """The current draft of each section (empty without a store)."""
    return latest_drafts(store, country, period) if store is not None else {}


def save(store: Store, user: User, country: str, period: str, section: str, text: str) -> int:
    """Save one section's narrative as a new draft; returns its id."""
    return save_draft(store, country=country, period=period, section=section, text=text, user=user)


# At most this many DOCX/PDF builds at once in this server process (each takes seconds of CPU):
# more requests are refused with a message instead of queuing up behind each other.
BUILD_SLOTS = threading.BoundedSemaphore(2)


@contextmanager
def build_slot() -> Iterator[None]:
    """Hold one of BUILD_SLOTS for a build; EtlError when all are busy."""
    if not BUILD_SLOTS.acquire(blocking=False):
        raise EtlError(_("Other reports are being built right now: try again in a minute."))
    try:
        yield
    finally:
        BUILD_SLOTS.release()


def generate(report: Report, fmt: str) -> tuple[str, bytes]:
    """(file name, bytes) of the report in `fmt` ("docx" or "pdf"), kept for the download."""
    with build_slot():
        data = write_docx(report) if fmt == "docx" else write_pdf(report)
    files = st.session_state.setdefault(FILES, {})
    files[fmt] = (report.file_name(fmt), data)
    return files[fmt]


def generated(report: Report, fmt: str) -> tuple[str, bytes] | None:
    """The file generated in this session for exactly this report's name, if any."""
    got = st.session_state.get(FILES, {}).get(fmt)
    return got if got and got[0] == report.file_name(fmt) else None

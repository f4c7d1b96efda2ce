"""The one HTTP session: timeouts, retries with backoff, and complete-or-nothing downloads.

Every body is read under the bounds of etl/net/limits.py (total deadline, size cap after
decompression, Retry-After cap), JSON replies as well as files.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

from core.config import Settings, settings
from core.errors import SourceFetchError
from core.i18n import _
from etl.net.limits import BodyLimits, capped_retry, read_body

USER_AGENT = "migration-me-dashboard/0.1 (+https://github.com/; M&E indicator ETL)"
RETRY_STATUSES = (429, 500, 502, 503, 504)
_NOISE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class TimeoutSession(requests.Session):
    """A requests.Session that applies (connect, read) timeouts to every request."""

    def __init__(self, timeout: tuple[float, float], limits: BodyLimits | None = None) -> None:
        super().__init__()
        self.timeout = timeout
        self.body_limits = limits or BodyLimits.from_settings()

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        """Send a request with the session's default timeouts."""
        kwargs.setdefault("timeout", self.timeout)
        return super().request(method, url, *args, **kwargs)


def make_session(cfg: Settings | None = None) -> requests.Session:
    """Session with connect/read timeouts and retries on connection errors, 429 and 5xx."""
    cfg = cfg or settings()
    session = TimeoutSession(
        (cfg.connect_timeout_s, cfg.read_timeout_s), BodyLimits.from_settings(cfg)
    )
    retry = capped_retry(
        cfg,
        total=cfg.retries,
        connect=cfg.retries,
        read=cfg.retries,
        status=cfg.retries,
        backoff_factor=cfg.backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def readable_body(resp: requests.Response, limit: int = 300) -> str:
    """The start of a reply as plain text: HTML error pages lose their tags, styles and scripts.

    Servers answer errors with whole HTML pages (the World Bank API sends an XHTML "Request
    Error" page with a 1 kB style block); quoting that raw would bury the one useful sentence.
    """
    text = resp.content[:20000].decode(resp.encoding or "utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    content_type = resp.headers.get("Content-Type", "").lower()
    if "html" in content_type or text.lstrip().startswith("<"):
        text = html.unescape(_TAG.sub(" ", _NOISE.sub(" ", text)))
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _limits(session: requests.Session) -> BodyLimits:
    """The session's body limits (a plain requests.Session gets the settings' ones)."""
    limits = getattr(session, "body_limits", None)
    return limits if isinstance(limits, BodyLimits) else BodyLimits.from_settings()


def get_checked(
    session: requests.Session, url: str, source: str, **kwargs: object
) -> requests.Response:
    """GET and raise SourceFetchError on network failure or a non-2xx status after retries.

    The body is read within the download bounds (deadline, size cap) before it is returned.
    """
    started = time.monotonic()
    try:
        resp = session.get(url, stream=True, **kwargs)  # type: ignore[arg-type]
    except requests.RequestException as exc:
        raise SourceFetchError(source, url, f"{type(exc).__name__}: {exc}") from exc
    with resp:
        buf = io.BytesIO()
        read_body(
            resp, buf, url=resp.url or url, source=source, started=started,
            limits=_limits(session),
        )  # fmt: skip
        resp._content = buf.getvalue()  # what `resp.content` returns from now on
    if not resp.ok:
        reason = _("server answered: {body}").format(body=repr(readable_body(resp)))
        raise SourceFetchError(source, url, reason, status=resp.status_code)
    return resp


def get_json(
    session: requests.Session, url: str, source: str, **kwargs: object
) -> tuple[object, str]:
    """GET a JSON reply: (parsed body, full URL); network, status and non-JSON errors raise.

    A BOM is accepted (some APIs send one); a body that is not JSON (an HTML error page sent
    with HTTP 200) becomes a SourceFetchError quoting its start.
    """
    resp = get_checked(session, url, source, **kwargs)
    full_url = resp.url or url
    try:
        return json.loads(resp.content.decode("utf-8-sig")), full_url
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = _("the reply is not JSON ({detail}); it starts: {start}").format(
            detail=exc, start=repr(readable_body(resp, 120))
        )
        raise SourceFetchError(source, full_url, reason, status=resp.status_code) from exc


def download(
    session: requests.Session,
    url: str,
    source: str,
    dest_dir: Path,
    *,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    """Stream `url` to a temporary file in `dest_dir`; return it only if the body is complete.

    A body shorter than its Content-Length (a dropped connection), slower than the deadline or
    larger than the size cap raises SourceFetchError and leaves nothing behind, so a partial or
    hostile download can never reach the raw layer.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        resp = session.get(url, stream=True)
    except requests.RequestException as exc:
        raise SourceFetchError(source, url, f"{type(exc).__name__}: {exc}") from exc
    with resp:
        limits = _limits(session)
        if not resp.ok:
            _read_error_page(resp, url, source, started, limits)
            reason = _("download refused: {body}").format(body=repr(readable_body(resp)))
            raise SourceFetchError(source, url, reason, status=resp.status_code)
        return _stream_to_temp(resp, url, source, dest_dir, progress, started, limits)


def _read_error_page(
    resp: requests.Response, url: str, source: str, started: float, limits: BodyLimits
) -> None:
    """Read an error reply's body for the message, within the deadline and at most 1 MB."""
    buf = io.BytesIO()
    small = BodyLimits(limits.deadline_s, min(limits.max_bytes, 1 << 20))
    with contextlib.suppress(SourceFetchError):  # too long, slow or cut: quote what came
        read_body(resp, buf, url=url, source=source, started=started, limits=small)
    resp._content = buf.getvalue()[:20000]


def _stream_to_temp(
    resp: requests.Response,
    url: str,
    source: str,
    dest_dir: Path,
    progress: Callable[[int, int | None], None] | None,
    started: float,
    limits: BodyLimits,
) -> Path:
    """Write the body to a temp file in `dest_dir`; delete it and raise if it fails a check."""
    fd, tmp = tempfile.mkstemp(prefix=".download.", dir=dest_dir)
    tmp_path = Path(tmp)
    try:
        with os.fdopen(fd, "wb") as out:
            read_body(
                resp, out, url=url, source=source, started=started,
                limits=limits, progress=progress,
            )  # fmt: skip
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return tmp_path

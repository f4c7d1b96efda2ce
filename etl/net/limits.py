"""Bounds on every download (issue 11): Retry-After capped, a total deadline, a size cap.

The per-read timeout (M_E_READ_TIMEOUT) only bounds the gap between two bytes, so a server
that drips one byte a second never trips it; and a gzip body of 10 MB can decode to 10 GB.
So each body is read under:

- a total deadline (M_E_DOWNLOAD_DEADLINE) from the request until the last byte: a watchdog
  thread shuts the socket down when it passes, which ends a read blocked on a drip;
- a size cap (M_E_MAX_DOWNLOAD_MB) on the bytes on the wire and on the decoded bytes: a
  declared Content-Length over it is refused before reading, and the count is checked per
  64 kB chunk, so a gzip bomb stops at the cap having held one chunk in memory;
- Retry-After waits capped at M_E_MAX_RETRY_AFTER (a server asking for an hour gets the cap).

A body that fails a check raises SourceFetchError; the caller's temporary file is removed, so
nothing reaches data/raw and no sidecar is written.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

import requests
from urllib3.util.retry import Retry

from core.config import Settings, settings
from core.errors import SourceFetchError
from core.i18n import _, ngettext

MB = 1024 * 1024
CHUNK = 1 << 16


class CappedRetry(Retry):
    """urllib3 Retry whose Retry-After waits never exceed `max_retry_after` seconds."""

    max_retry_after: float = 60.0

    def get_retry_after(self, response):  # type: ignore[no-untyped-def]
        """The server's Retry-After in seconds, capped (None when it sent none)."""
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.max_retry_after)

    def new(self, **kw):  # type: ignore[no-untyped-def]
        """The next Retry state, keeping the cap (urllib3 builds a new object per retry)."""
        nxt = super().new(**kw)
        nxt.max_retry_after = self.max_retry_after
        return nxt


def capped_retry(cfg: Settings, **kwargs: object) -> CappedRetry:
    """A CappedRetry with the cap from M_E_MAX_RETRY_AFTER."""
    retry = CappedRetry(**kwargs)  # type: ignore[arg-type]
    retry.max_retry_after = cfg.max_retry_after_s
    return retry


@dataclass(frozen=True)
class BodyLimits:
    """Total seconds and bytes allowed for one reply body."""

    deadline_s: float
    max_bytes: int

    @classmethod
    def from_settings(cls, cfg: Settings | None = None) -> BodyLimits:
        """Limits from M_E_DOWNLOAD_DEADLINE and M_E_MAX_DOWNLOAD_MB."""
        cfg = cfg or settings()
        return cls(cfg.download_deadline_s, int(cfg.max_download_mb * MB))


def _socket_of(resp: requests.Response) -> socket.socket | None:
    """The socket a streamed reply is read from (urllib3 keeps its connection until closed)."""
    conn = getattr(resp.raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        return sock
    fp = getattr(getattr(resp.raw, "_fp", None), "fp", None)
    sock = getattr(getattr(fp, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class _Watchdog:
    """Shuts the reply's socket down when the deadline passes (ends a blocked read)."""

    def __init__(self, resp: requests.Response, seconds: float) -> None:
        self.fired = threading.Event()
        self._sock = _socket_of(resp)
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired.set()
        if self._sock is not None:
            with contextlib.suppress(OSError):  # already closed: the read has ended anyway
                self._sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def _wire_bytes(resp: requests.Response, decoded: int) -> int:
    """Bytes read from the socket: Content-Length counts these, not the decoded bytes.

    With `Content-Encoding: gzip` the decoded body is longer than Content-Length, so comparing
    decoded bytes would reject every complete compressed download.
    """
    tell = getattr(resp.raw, "tell", None)
    return int(tell()) if callable(tell) else decoded


def read_body(
    resp: requests.Response,
    out: BinaryIO,
    *,
    url: str,
    source: str,
    started: float,
    limits: BodyLimits,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """Copy the decoded body into `out` within the deadline and size cap; return its bytes.

    `started` is the time.monotonic() of the request, so the deadline covers the retries and
    waits before the body too. Raises SourceFetchError on a cap, the deadline, a lost
    connection or a body shorter than its Content-Length.
    """
    expected = resp.headers.get("Content-Length")
    total = int(expected) if expected and expected.isdigit() else None
    cap_mb = f"{limits.max_bytes / MB:g} MB (M_E_MAX_DOWNLOAD_MB)"
    if total is not None and total > limits.max_bytes:
        raise SourceFetchError(
            source,
            url,
            _("the server announces {size} MB, above the limit of {cap}").format(
                size=f"{total / MB:.1f}", cap=cap_mb
            ),
        )
    remaining = started + limits.deadline_s - time.monotonic()
    too_slow = _(
        "the download took longer than {seconds} s ({variable}); the server may be overloaded: "
        "try later, or download the file by hand and use {option}"
    ).format(seconds=f"{limits.deadline_s:g}", variable="M_E_DOWNLOAD_DEADLINE", option="--raw-dir")
    if remaining <= 0:
        raise SourceFetchError(source, url, too_slow)
    received = 0
    with _Watchdog(resp, remaining) as dog:
        try:
            for chunk in resp.iter_content(chunk_size=CHUNK):
                if dog.fired.is_set():
                    break
                received += len(chunk)
                if received > limits.max_bytes or _wire_bytes(resp, 0) > limits.max_bytes:
                    raise SourceFetchError(
                        source,
                        url,
                        _(
                            "the body passed {cap} after decompression; refused (a file this "
                            "large is not a published statistics file)"
                        ).format(cap=cap_mb),
                    )
                out.write(chunk)
                if progress:
                    progress(received, total)
        except requests.RequestException as exc:
            if dog.fired.is_set():
                raise SourceFetchError(source, url, too_slow) from exc
            reason = ngettext(
                "connection lost after {n} byte: {detail}",
                "connection lost after {n} bytes: {detail}",
                received,
            ).format(n=received, detail=exc)
            raise SourceFetchError(source, url, reason) from exc
    if dog.fired.is_set():
        raise SourceFetchError(source, url, too_slow)
    on_wire = _wire_bytes(resp, received)
    if total is not None and on_wire != total:
        raise SourceFetchError(
            source,
            url,
            ngettext(
                "truncated body: received {n} of {total} byte",
                "truncated body: received {n} of {total} bytes",
                total,
            ).format(n=on_wire, total=total),
        )
    return received

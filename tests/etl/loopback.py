"""A scripted HTTP server on 127.0.0.1 for network tests: real sockets, no internet.

Usage:

    routes = {"/v2/x": Reply(body=b"[]"), "/flaky": [Reply(status=429), Reply(body=b"ok")]}
    with serve(routes) as srv:
        session.get(srv.url + "/v2/x")
        assert srv.count("/flaky") == 2

A route key is a path, optionally followed by "?k=v&..."; a request matches when its path is
equal and every query parameter of the key is present with that value (the key with the most
parameters wins). A list of replies is played in order, one per request, the last one repeating.
A callable route receives the `Seen` request and returns the Reply. Unmatched paths get a 404.

Each connection serves one request (HTTP/1.0 style), so a truncated body is simply the server
closing the socket early: the client sees fewer bytes than Content-Length announced.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "application/json;charset=utf-8"
    delay_s: float = 0.0  # sleep before the status line: provokes client read timeouts
    truncate_to: int | None = None  # send only this many body bytes, announce the full length
    gzip: bool = False  # Content-Encoding: gzip; Content-Length is the compressed size


@dataclass(frozen=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


Route = Reply | Sequence[Reply] | Callable[[Seen], Reply]


def _key_parts(key: str) -> tuple[str, dict[str, str]]:
    """Route key -> (path, required query parameters)."""
    parts = urlsplit(key)
    return parts.path, dict(parse_qsl(parts.query, keep_blank_values=True))


class LoopbackServer:
    """The running server: its base URL, the requests it saw, and the routes it plays."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes = dict(routes)
        self.seen: list[Seen] = []
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        # Do not wait for handler threads still sleeping in a delay when the test ends.
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # type: ignore[attr-defined]
        # A short poll interval: shutdown() waits for it, and tests stop many servers.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL, e.g. http://127.0.0.1:54321 (no trailing slash)."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def count(self, path: str | None = None) -> int:
        """Requests received (for one path, or in total)."""
        with self._lock:
            return sum(1 for s in self.seen if path is None or s.path == path)

    def reply_for(self, seen: Seen) -> Reply:
        """Record the request and pick its scripted reply."""
        with self._lock:
            self.seen.append(seen)
            best: tuple[int, str] | None = None
            for key in self.routes:
                path, params = _key_parts(key)
                matches = path == seen.path and all(
                    seen.query.get(k) == v for k, v in params.items()
                )
                if matches and (best is None or len(params) > best[0]):
                    best = (len(params), key)
            if best is None:
                return Reply(status=404, body=b"no route", content_type="text/plain")
            key = best[1]
            route = self.routes[key]
            n = self._served.get(key, 0)
            self._served[key] = n + 1
        if callable(route):
            return route(seen)
        if isinstance(route, Reply):
            return route
        return route[min(n, len(route) - 1)]

    def start(self) -> None:
        """Serve in a daemon thread."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to `server`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            seen = Seen(
                method="GET",
                path=parts.path,
                query=dict(parse_qsl(parts.query, keep_blank_values=True)),
                headers={k.lower(): v for k, v in self.headers.items()},
            )
            reply = server.reply_for(seen)
            # The client may have given up (read timeout): then there is nothing left to tell it.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                _send(self, reply)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest output clean

    return Handler


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    """Write one scripted reply, honouring delay, gzip and truncation."""
    if reply.delay_s:
        time.sleep(reply.delay_s)
    body = gzip.compress(reply.body) if reply.gzip else reply.body
    handler.send_response(reply.status)
    handler.send_header("Content-Type", reply.content_type)
    handler.send_header("Content-Length", str(len(body)))
    if reply.gzip:
        handler.send_header("Content-Encoding", "gzip")
    for name, value in reply.headers.items():
        handler.send_header(name, value)
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body if reply.truncate_to is None else body[: reply.truncate_to])
    handler.wfile.flush()
    handler.close_connection = True


@contextmanager
def serve(routes: Mapping[str, Route]) -> Iterator[LoopbackServer]:
    """Run a LoopbackServer for the duration of the block."""
    server = LoopbackServer(routes)
    server.start()
    try:
        yield server
    finally:
        server.stop()

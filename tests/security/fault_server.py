"""A hostile HTTP server on 127.0.0.1: drips a body one byte at a time, forever.

tests/etl/loopback.py scripts whole replies; a drip needs a handler that keeps writing, which
is all this adds. Every byte arrives well within any read timeout, so only a total deadline
can end the download.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import BaseRequestHandler, ThreadingTCPServer


class _Drip(BaseRequestHandler):
    interval_s = 0.05
    length: bytes = b"Content-Length: 1000000\r\n"  # b"": no length, the body ends at close
    limit_s = 30.0  # the server gives up on its own after this, so a broken test cannot hang

    def handle(self) -> None:
        self.request.recv(65536)  # the request: its content does not matter
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\n" + self.length + b"\r\n"
        end = time.monotonic() + self.limit_s
        try:
            self.request.sendall(head)
            while time.monotonic() < end:
                self.request.sendall(b"x")
                time.sleep(self.interval_s)
        except OSError:
            return  # the client hung up: what the test wants


@contextmanager
def drip_server(*, content_length: bool = True) -> Iterator[str]:
    """Serve the drip (with or without a Content-Length); yields its base URL (any path)."""
    handler = type("Drip", (_Drip,), {} if content_length else {"length": b""})
    srv = ThreadingTCPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.01})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


def port_is_open(host: str, port: int) -> bool:
    """True if a TCP connection to host:port succeeds (used to check probe targets)."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False

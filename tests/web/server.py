"""Real HTTP servers on 127.0.0.1 for the web tests, from the standard library only.

A :class:`Farm` runs several ``ThreadingHTTPServer`` instances (one per port;
the fetcher treats each port as a host) that share one table of routes, an
injected latency and :class:`Stats`: the requests seen and the most requests
in flight at once, per port and overall. A route is a :class:`Page`: a body
with a status and headers, optionally delayed, gzipped, or streamed without
end (an oversized body).
"""
from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Page:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer, on top of the farm's latency
    gzip: bool = False
    stream: int = 0  # bytes sent with no Content-Length (the client should stop reading)


def redirect(location: str, status: int = 302) -> Page:
    return Page(status=status, headers={"Location": location}, content_type=None)


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: Counter[int] = field(default_factory=Counter)
    peak: Counter[int] = field(default_factory=Counter)  # per port
    peak_total: int = 0
    requests: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    first: float = 0.0  # time.monotonic() of the first request
    last: float = 0.0  # and of the last answer

    @property
    def span(self) -> float:
        return self.last - self.first

    def enter(self, port: int, path: str, headers: dict[str, str]) -> None:
        with self.lock:
            self.first = self.first or time.monotonic()
            self.requests.append((port, path, headers))
            self.active[port] += 1
            self.peak[port] = max(self.peak[port], self.active[port])
            self.peak_total = max(self.peak_total, sum(self.active.values()))

    def leave(self, port: int) -> None:
        with self.lock:
            self.active[port] -= 1
            self.last = time.monotonic()

    def paths(self) -> list[str]:
        return [path for _, path, _ in self.requests]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        farm = self.server.farm
        port = self.server.server_address[1]
        farm.stats.enter(port, self.path, dict(self.headers))
        try:
            page = farm.routes.get(urlsplit(self.path).path) or Page(b"<p>not here</p>", status=404)
            time.sleep(farm.latency + page.delay)
        finally:
            # Before answering: once the client has the answer it may send the next
            # request, which must not overlap this one in the counts.
            farm.stats.leave(port)
        try:
            self._answer(page)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away (stopped reading, or killed)

    def _answer(self, page: Page) -> None:
        body = gzip.compress(page.body) if page.gzip else page.body
        self.send_response(page.status)
        if page.content_type:
            self.send_header("Content-Type", page.content_type)
        if page.gzip:
            self.send_header("Content-Encoding", "gzip")
        for name, value in page.headers.items():
            self.send_header(name, value)
        if not page.stream:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"<p>" + b"tietosuoja " * 6000 + b"</p>\n"
        for _ in range(page.stream // len(chunk) + 1):
            self.wfile.write(chunk)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a batch opens dozens of connections at once
    farm: Farm

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client killed mid-request (the resumption tests do that)


class Farm:
    """``hosts`` servers on 127.0.0.1 sharing routes, latency and stats."""

    def __init__(self, hosts: int = 1) -> None:
        self.routes: dict[str, Page] = {}
        self.latency = 0.0
        self.stats = Stats()
        self.servers = [_Server(("127.0.0.1", 0), _Handler) for _ in range(hosts)]
        for server in self.servers:
            server.farm = self
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str, host: int = 0) -> str:
        return f"http://127.0.0.1:{self.servers[host].server_address[1]}{path}"

    def reset(self) -> None:
        self.latency = 0.0
        self.stats = Stats()

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

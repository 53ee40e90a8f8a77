"""Fetch a URL source over HTTP(S) into a :class:`~noticeaudit.sources.Loaded` record.

One asynchronous implementation serves ``check URL`` (through
:func:`run_with_client`) and ``batch`` (many fetches in flight, bounded by a
:class:`Gate`). Redirects are followed by hand so that loops and long chains
get a plain reason; the body is streamed and reading stops past the size cap;
gzip and deflate (stacked too) are undone here, layer by layer with every
layer bounded by the size cap (``inflate.py``), not by httpx, whose decoders
inflate a whole chunk at once. Every way a fetch can fail becomes a :class:`SourceError`
whose message is one line for the user.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, nullcontext
from pathlib import PurePosixPath
from typing import TypeVar

import httpx

from . import __version__
from .errors import SourceError
from .hostmap import resolving_transport
from .inflate import Decoder, TooLarge
from .sources import NOTICE_SUFFIXES, FetchOptions, Loaded, redact, scrub, size_text

USER_AGENT = f"noticeaudit/{__version__} (+https://github.com/noticeaudit/noticeaudit)"
_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    "Accept-Language": "fi,sv;q=0.8,en;q=0.6",
    "Accept-Encoding": "gzip, deflate",  # the codings inflate.py bounds
}
_SUFFIX_BY_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
    "text/markdown": ".md", "text/x-markdown": ".md", "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_PASSWORD_INPUT = re.compile(rb"<input\b[^>]*\btype\s*=\s*[\"']?password", re.I)
_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
LOGIN_MAX_WORDS = 300  # a page with a password form and fewer words is a login page
T = TypeVar("T")


class Gate:
    """Bounds requests in flight: ``total`` overall and ``per_host`` per host.

    A host is the URL's authority (name and port), as in the HTTP Host header
    and httpx's connection pools.
    """

    def __init__(self, total: int, per_host: int) -> None:
        self._total = asyncio.Semaphore(total)
        self._per_host = per_host
        self._hosts: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def slot(self, url: httpx.URL) -> AsyncIterator[None]:
        host = url.netloc.decode("ascii", "replace").lower()
        # The host first: a request waiting for its host must not hold a global slot.
        async with self._hosts.setdefault(host, asyncio.Semaphore(self._per_host)), self._total:
            yield


def new_client(options: FetchOptions, connections: int = 10) -> httpx.AsyncClient:
    """An HTTP client with noticeaudit's headers and timeouts (redirects are followed by hand)."""
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    # With --resolve the transport carries the limits (httpx ignores them next to a transport).
    transport = resolving_transport(options.resolve, limits=limits) if options.resolve else None
    return httpx.AsyncClient(
        headers=_HEADERS, follow_redirects=False,
        timeout=httpx.Timeout(options.timeout, connect=min(options.connect_timeout, options.timeout)),
        limits=limits, transport=transport)


def run_with_client(options: FetchOptions, job: Callable[[httpx.AsyncClient], Awaitable[T]]) -> T:
    """Run ``job(client)`` to completion from synchronous code."""
    async def run() -> T:
        async with new_client(options) as client:
            return await job(client)

    return asyncio.run(run())


async def fetch(client: httpx.AsyncClient, url: str, options: FetchOptions, *,
                source: str | None = None, gate: Gate | None = None) -> Loaded:
    """GET ``url`` and return its body; ``source`` (default ``url``) names it in results.

    ``options.timeout`` counts the time spent holding a slot of the gate, not the
    time waiting for one: a busy host must not make its queued URLs time out.
    """
    try:
        async with asyncio.timeout(None) as deadline:
            clock = _Clock(deadline, options.timeout)
            return await _follow(client, checked_url(url), options, source or url, gate, clock)
    except SourceError as exc:
        raise SourceError(scrub(str(exc), url)) from None
    except TimeoutError:
        raise SourceError(f"timed out after {options.timeout:g} s") from None
    except httpx.TimeoutException as exc:
        step = "connecting" if isinstance(exc, httpx.ConnectTimeout) else "waiting for the server"
        raise SourceError(f"timed out {step}") from None
    except httpx.ConnectError as exc:
        raise SourceError(f"cannot connect: {exc or type(exc).__name__}") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise SourceError(f"invalid URL ({scrub(str(exc), url)})") from None
    except UnicodeError:  # idna: a host name that is not a valid internationalised name
        raise SourceError("invalid host name in the URL") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"{type(exc).__name__}: {scrub(str(exc), url)}") from None


def checked_url(url: str | httpx.URL) -> httpx.URL:
    """``url`` as an httpx URL, or SourceError for one that no request could be sent to."""
    try:
        parsed = httpx.URL(url)
        port = parsed.port
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise SourceError(f"invalid URL ({exc})") from None
    if parsed.scheme not in ("http", "https"):
        raise SourceError(f"not an http(s) URL: {parsed.scheme}:...")
    if port is not None and not 0 < port < 65536:
        raise SourceError(f"invalid URL (port {port} is out of range)")
    if not parsed.host:
        raise SourceError("invalid URL (no host name)")
    try:
        parsed.host.encode("idna")
    except UnicodeError:
        raise SourceError("invalid host name in the URL") from None
    return parsed


class _Clock:
    """The fetch's time limit, running only while it holds a slot."""

    def __init__(self, deadline: asyncio.Timeout, seconds: float) -> None:
        self.deadline, self.left = deadline, seconds
        self.started = 0.0

    def start(self) -> None:
        self.started = asyncio.get_running_loop().time()
        self.deadline.reschedule(self.started + self.left)

    def stop(self) -> None:
        self.left -= asyncio.get_running_loop().time() - self.started
        if not self.deadline.expired():  # an expired one is raising TimeoutError already
            self.deadline.reschedule(None)


async def _follow(client: httpx.AsyncClient, url: httpx.URL, options: FetchOptions,
                  source: str, gate: Gate | None, clock: _Clock) -> Loaded:
    request = client.build_request("GET", url)
    chain = [str(url)]
    for _ in range(options.max_redirects + 1):
        async with gate.slot(request.url) if gate else nullcontext():
            clock.start()
            try:
                response = await client.send(request, stream=True)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                # The URL was checked: httpx could not build the redirect it was sent to.
                clock.stop()
                raise SourceError(f"redirected to an unusable URL ({exc})") from None
            try:
                if not (response.is_redirect and response.next_request):
                    return await _read(response, source, options)
                request = response.next_request
                try:
                    checked_url(request.url)
                except SourceError as exc:
                    raise SourceError(f"redirected to an unusable URL: {exc}") from None
            finally:
                await response.aclose()
                clock.stop()
        target = str(request.url)
        if target in chain:
            raise SourceError(f"redirect loop: {' -> '.join([*chain[chain.index(target):], target])}")
        chain.append(target)
    raise SourceError(f"too many redirects (more than {options.max_redirects}): "
                      f"{chain[0]} -> ... -> {chain[-1]}")


async def _read(response: httpx.Response, source: str, options: FetchOptions) -> Loaded:
    if not response.is_success:
        raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
    limit = options.max_bytes
    too_large = SourceError(f"response too large (more than {size_text(limit)}; see --max-bytes)")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    decoder = Decoder(response.headers.get("content-encoding", ""), limit)
    chunks: list[bytes] = []
    size = 0
    try:
        async for raw in response.aiter_raw():
            for chunk in decoder.decode(raw):
                size += len(chunk)
                if size > limit:
                    raise too_large
                chunks.append(chunk)
            await asyncio.sleep(0)  # let the timeout fire between network chunks
    except TooLarge:
        raise too_large from None
    data = b"".join(chunks)
    if not data.strip():
        raise SourceError("empty response")
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower() or None
    if media_type in (None, "text/html", "application/xhtml+xml") and _login_page(data):
        raise SourceError("a login page (password form), not a notice")
    path_suffix = PurePosixPath(response.url.path).suffix.lower()
    suffix = path_suffix if path_suffix in NOTICE_SUFFIXES else _SUFFIX_BY_TYPE.get(media_type or "", "")
    return Loaded(source, data, suffix, media_type, charset=response.charset_encoding,
                  url=redact(str(response.url)), status=response.status_code)


def _login_page(data: bytes) -> bool:
    """A password form on a page with little text: a login wall, not a notice."""
    if not _PASSWORD_INPUT.search(data):
        return False
    text = _TAG.sub(" ", _INVISIBLE.sub(" ", data.decode("utf-8", "replace")))
    return len(text.split()) < LOGIN_MAX_WORDS

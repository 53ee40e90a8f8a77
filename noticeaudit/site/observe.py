"""Three visits to a site in fresh browser profiles, and what each records.

Visit ``none`` loads the pages without touching anything; ``accept`` and
``reject`` load the home page, click the consent banner's button, wait for
the network to go quiet, then load the other pages. Every request (URL,
resource type, frame, page) and every cookie and local-storage key is
recorded with its phase: ``before-consent`` until the click, then
``after-accept`` or ``after-reject``. A cookie's phase is the phase in which
it was first seen in the browser's cookie store.
"""
from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

from . import banners
from .browser import BrowserOptions, is_local, open_context

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Page, Playwright
    from playwright.async_api import Request as PwRequest

Phase = Literal["before-consent", "after-accept", "after-reject"]
VISITS: tuple[tuple[str, Phase | None], ...] = (
    ("none", None), ("accept", "after-accept"), ("reject", "after-reject"))
PHASES: tuple[Phase, ...] = ("before-consent", "after-accept", "after-reject")
# Second-level public suffixes common enough to matter for first/third party.
_SECOND_LEVEL = frozenset({"co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "co.jp", "com.br",
                           "co.nz", "com.tr", "co.za", "ahvenanmaa.fi", "aland.fi"})
_SKIP_SUFFIXES = (".pdf", ".zip", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".png", ".mp4")


class SiteError(Exception):
    """The site could not be observed at all (its home page never loaded)."""


def site_of(host: str) -> str:
    """The registrable part of a host, near enough for first/third party."""
    host = host.lower().strip(".[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    keep = 3 if ".".join(labels[-2:]) in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


@dataclass
class Request:
    url: str
    host: str
    type: str
    frame: str | None
    visit: str
    phase: Phase
    page: str
    initiator: str | None = None  # the script (or document) that started it, when Chromium says


@dataclass
class Cookie:
    name: str
    domain: str
    party: Literal["first", "third"]
    expires: str | None  # ISO date-time; None for a session cookie
    visit: str
    phase: Phase


@dataclass
class StorageKey:
    origin: str
    key: str
    visit: str
    phase: Phase


@dataclass
class Visit:
    name: str
    pages: list[str] = field(default_factory=list)
    banner: str | None = None  # the consent platform recognised, or "generic"
    clicked: bool = False
    note: str | None = None  # why the visit stopped or was skipped
    seconds: dict[str, float] = field(default_factory=dict)  # launch, each page, click, total

    def timed(self, step: str, since: float) -> None:
        self.seconds[step] = round(time.monotonic() - since, 3)


@dataclass
class Observation:
    url: str
    site: str
    visits: list[Visit] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    cookies: list[Cookie] = field(default_factory=list)
    storage: list[StorageKey] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the pages every visit loads

    def party(self, host: str) -> Literal["first", "third"]:
        return "first" if site_of(host) == self.site else "third"


@dataclass(frozen=True)
class ObserveOptions:
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    max_pages: int = 3  # the home page, the notice page, one more same-site page
    site_timeout: float = 90.0  # seconds for all three visits
    quiet: float = 0.3  # a click or a load is settled after this long without a new request
    settle_max: float = 4.0  # ... or after this long at most


class _Recorder:
    """Collects one visit's observations into the shared :class:`Observation`."""

    def __init__(self, obs: Observation, visit: Visit) -> None:
        self.obs = obs
        self.visit = visit
        self.phase: Phase = "before-consent"
        self.page = obs.url
        self.last = time.monotonic()
        self.cookies_seen: set[tuple[str, str, str]] = set()
        self.storage_seen: set[tuple[str, str]] = set()
        self.mine: list[Request] = []
        # (request URL, document URL) -> initiator, from the DevTools protocol
        self.initiators: dict[tuple[str, str | None], str] = {}

    def on_request(self, request: PwRequest) -> None:
        self.last = time.monotonic()
        url = request.url
        if not url.startswith(("http://", "https://")):
            return
        try:
            frame: str | None = request.frame.url
        except Exception:  # service-worker requests have no frame
            frame = None
        self.mine.append(Request(url, (urlsplit(url).hostname or "").lower(),
                                 request.resource_type, frame, self.visit.name, self.phase,
                                 self.page))
        self.obs.requests.append(self.mine[-1])

    def on_will_be_sent(self, params: dict[str, Any]) -> None:
        """``Network.requestWillBeSent``: Playwright does not expose the initiator."""
        initiator = params.get("initiator") or {}
        frames = (initiator.get("stack") or {}).get("callFrames") or []
        who = next((f.get("url") for f in frames if f.get("url")), None) or initiator.get("url")
        url = (params.get("request") or {}).get("url")
        if who and url:
            self.initiators.setdefault((url, params.get("documentURL")), who)

    def attribute(self) -> None:
        for r in self.mine:
            if r.initiator is None:
                r.initiator = self.initiators.get((r.url, r.frame))

    async def settle(self, options: ObserveOptions) -> None:
        """Wait for a quiet window (``networkidle`` only covers navigations), bounded."""
        start = time.monotonic()
        while time.monotonic() - start < options.settle_max:
            if time.monotonic() - self.last >= options.quiet:
                return
            await asyncio.sleep(0.05)

    async def snapshot(self, context: BrowserContext, page: Page) -> None:
        for c in await context.cookies():
            key = (c.get("name", ""), c.get("domain", ""), c.get("path", "/"))
            if key in self.cookies_seen:
                continue
            self.cookies_seen.add(key)
            expires = c.get("expires", -1)
            when = (datetime.fromtimestamp(expires, UTC).isoformat(timespec="seconds")
                    if expires and expires > 0 else None)
            domain = key[1].lstrip(".")
            self.obs.cookies.append(Cookie(key[0], key[1], self.obs.party(domain), when,
                                           self.visit.name, self.phase))
        try:
            keys: list[str] = await page.evaluate("() => Object.keys(window.localStorage)")
        except Exception:  # opaque origins and pages that went away have no storage to read
            keys = []
        origin = _origin(page.url)
        for k in keys:
            if (origin, k) not in self.storage_seen:
                self.storage_seen.add((origin, k))
                self.obs.storage.append(StorageKey(origin, k, self.visit.name, self.phase))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _same_site_links(hrefs: list[str], base: str, site: str, skip: set[str]) -> list[str]:
    found = []
    for href in hrefs:
        url = urljoin(base, href).split("#")[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or site_of(parts.hostname or "") != site:
            continue
        if url.rstrip("/") in skip or parts.path.lower().endswith(_SKIP_SUFFIXES) or \
                any(w in url.lower() for w in ("logout", "kirjaudu-ulos", "logga-ut")):
            continue
        found.append(url)
        skip.add(url.rstrip("/"))
    return found


async def _load(page: Page, url: str, rec: _Recorder, options: ObserveOptions) -> str | None:
    """Load a page and let it settle; the reason when it did not load."""
    rec.page = url
    started = time.monotonic()
    try:
        await page.goto(url, wait_until="load", timeout=options.browser.page_timeout * 1000)
    except Exception as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return f"{url} did not load: {first.removeprefix('Page.goto: ')}"
    await rec.settle(options)
    rec.visit.pages.append(url)
    rec.visit.timed(f"page {len(rec.visit.pages)}", started)
    return None


async def _visit(pw: Playwright, obs: Observation, visit: Visit, after: Phase | None,
                 notice: str | None, options: ObserveOptions, allow_private: bool) -> None:
    started = time.monotonic()
    async with open_context(pw, options.browser, allow_private) as context:
        visit.timed("launch", started)
        rec = _Recorder(obs, visit)
        context.on("request", rec.on_request)
        page = await context.new_page()
        try:
            devtools = await context.new_cdp_session(page)
            devtools.on("Network.requestWillBeSent", rec.on_will_be_sent)
            await devtools.send("Network.enable")
        except Exception:  # initiators are a nicety: the requests are recorded anyway
            pass
        try:
            await _steps(context, page, rec, obs, visit, after, notice, options)
        finally:
            rec.attribute()


async def _steps(context: BrowserContext, page: Page, rec: _Recorder, obs: Observation,
                 visit: Visit, after: Phase | None, notice: str | None,
                 options: ObserveOptions) -> None:
    """Home page, banner click (accept and reject visits), then the other pages."""
    problem = await _load(page, obs.url, rec, options)
    if problem:
        visit.note = problem
        return
    visit.banner = await banners.platform_of(page)
    if not obs.pages:  # the first visit picks the pages every visit loads
        obs.pages = _pick_pages(obs, await _hrefs(page), notice, options.max_pages)
    await rec.snapshot(context, page)
    if after is not None:
        action: banners.Action = "accept" if after == "after-accept" else "reject"
        found = await banners.find(page, action)
        if found is None:
            visit.note = (f"no {action} button found on the consent banner: "
                          f"the {visit.name} visit was skipped")
            return
        visit.banner = found.platform
        rec.phase = after
        try:
            await found.locator.click(timeout=5000)
        except Exception as exc:
            visit.note = f"the {action} button could not be clicked: {str(exc).splitlines()[0]}"
            return
        visit.clicked = True
        rec.last = clicked = time.monotonic()
        await rec.settle(options)
        visit.timed("click", clicked)
        await rec.snapshot(context, page)
    for url in obs.pages[1:]:
        problem = await _load(page, url, rec, options)
        if problem:
            visit.note = problem
            continue
        await rec.snapshot(context, page)


async def _hrefs(page: Page) -> list[str]:
    try:
        found: list[str] = await page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))")
        return found
    except Exception:
        return []


def _pick_pages(obs: Observation, hrefs: list[str], notice: str | None, cap: int) -> list[str]:
    pages = [obs.url]
    skip = {obs.url.rstrip("/")}
    if notice and cap > 1:
        pages += _same_site_links([notice], obs.url, obs.site, skip)
    pages += _same_site_links(hrefs, obs.url, obs.site, skip)
    return pages[:max(1, cap)]


async def _timed_visit(pw: Playwright, obs: Observation, visit: Visit, after: Phase | None,
                       notice: str | None, options: ObserveOptions, allow_private: bool,
                       deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        visit.note = f"not made: the site's time limit ({options.site_timeout:g} s) ran out"
        return
    started = time.monotonic()
    try:
        async with asyncio.timeout(remaining):
            await _visit(pw, obs, visit, after, notice, options, allow_private)
    except TimeoutError:
        visit.note = f"stopped: the site's time limit ({options.site_timeout:g} s) ran out"
    visit.timed("total", started)


async def observe(pw: Playwright, url: str, notice: str | None,
                  options: ObserveOptions) -> Observation:
    """The three visits to ``url`` (``notice``: the notice page, visited when on the same site).

    One after the other: the first picks the pages. Running the accept and
    reject visits side by side saves about 3 s but holds two browsers at once
    (about 170 MB more; scripts/bench_site.py), so a site audit stays one browser.
    """
    obs = Observation(url, site_of(urlsplit(url).hostname or ""))
    allow_private = is_local(url, options.browser.resolve)
    deadline = time.monotonic() + options.site_timeout
    obs.visits = [Visit(name) for name, _ in VISITS]
    first = obs.visits[0]
    await _timed_visit(pw, obs, first, None, notice, options, allow_private, deadline)
    if not first.pages:
        if first.note and "time limit" not in first.note:
            raise SiteError(first.note.removeprefix(f"{url} "))
        raise SiteError(first.note or "the home page did not load")
    for visit, (_, after) in zip(obs.visits[1:], VISITS[1:]):
        await _timed_visit(pw, obs, visit, after, notice, options, allow_private, deadline)
    return obs

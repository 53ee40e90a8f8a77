"""Find a site's privacy notice from its home page (``--discover``).

Visitors look for the notice in the footer, then in the menus, then anywhere
on the page; :func:`scan` scores every link by its text and its URL in
Finnish, Swedish and English (tietosuojaseloste, dataskyddsbeskrivning,
privacy notice ...) and by where it sits. :func:`discover` follows the best
links (a PDF is fine), and one more step when the page it lands on is a hub
listing several notices. No link at all is rule S001 (notice-not-findable),
reported for the site by :func:`not_findable`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

import httpx

from .catalogue import Rule
from .errors import SourceError
from .fetch import Gate, fetch
from .model import Document, Finding
from .nlp import detect_language
from .parse import sniff
from .sources import FetchOptions, Loaded, decode

# Link text naming the notice itself, or only the topic.
_NOTICE_TEXT = re.compile(
    r"tietosuojaselost|rekisteriselost|tietosuojaselvity|tietosuojailmoitu|tietosuojakäytän|"
    r"tietosuojalauseke|dataskyddsbeskrivning|dataskyddsmeddelande|dataskyddspolicy|"
    r"registerbeskrivning|integritetspolicy|integritetsmeddelande|"
    r"privacy\s+(?:policy|notice|statement)|data\s+protection\s+(?:policy|notice|statement)")
_TOPIC_TEXT = re.compile(
    r"tietosuoja|henkilötietojen\s+käsittely|dataskydd|integritet|behandling\s+av\s+personuppg|"
    r"personuppgiftsbehandling|privacy|data\s+protection|processing\s+of\s+personal|gdpr")
_NOTICE_URL = re.compile(
    r"tietosuojaselost|rekisteriselost|dataskyddsbeskrivning|registerbeskrivning|"
    r"integritetspolicy|privacy[-_]?(?:policy|notice|statement)")
_TOPIC_URL = re.compile(
    r"tietosuoja|henkilotietojen-kasittely|dataskydd|integritet|personuppgiftsbehandling|"
    r"privacy|data-protection|gdpr")
# Cookie settings buttons and cookie-only policies are not the notice.
_NOT_NOTICE = re.compile(r"asetuks|asetukset|settings|inställningar|preferences|hallinnoi|manage")
_COOKIES_ONLY = re.compile(r"eväste|cookie|kakor|kakpolicy")
_PLACE_BONUS = {"footer": 3, "navigation": 2, "page": 0}
_FOOTER = re.compile(r"footer|foot\b|bottom|site-?info|colophon", re.I)
_NAVIGATION = re.compile(r"\bnav|menu|header|masthead|topbar", re.I)
_SKIP_CONTENT = {"script", "style", "noscript", "template", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
FOLLOW = 3  # links tried before giving up on a site whose best links are broken
HUB_MAX_WORDS = 250  # fewer words in the body, and links to notices: a list of notices


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    place: str  # "footer", "navigation" or "page"
    score: int


@dataclass
class Scan:
    """What a page offers: candidate notice links (best first) and how much it says."""

    links: list[Link]
    anchors: dict[str, int]  # links seen, per place
    words: int  # words outside navigation and footer
    sample: str  # some visible text, to tell the page's language
    title: str


@dataclass
class Discovery:
    home: Loaded
    scan: Scan
    notice: Loaded | None = None
    via: list[Link] = field(default_factory=list)  # the links followed


def score(text: str, url: str, place: str) -> int:
    """How surely a link with this text and URL leads to a privacy notice (0: not at all)."""
    text = " ".join(text.lower().split())
    path = url.lower().split("://", 1)[-1].partition("/")[2]
    if _NOT_NOTICE.search(text) or (_COOKIES_ONLY.search(text) and not _TOPIC_TEXT.search(text)):
        return 0
    points = 10 if _NOTICE_TEXT.search(text) else 6 if _TOPIC_TEXT.search(text) else 0
    points += 5 if _NOTICE_URL.search(path) else 3 if _TOPIC_URL.search(path) else 0
    return points + _PLACE_BONUS[place] if points else 0


class _LinkParser(HTMLParser):
    """Collects links with their text and place; a single pass of the standard parser."""

    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.stack: list[tuple[str, str]] = []  # open elements: (tag, place)
        self.skip = 0
        self.link: tuple[str, str, str, list[str]] | None = None  # href, label, place, text
        self.found: list[tuple[str, str, str]] = []
        self.words = 0
        self.sample: list[str] = []
        self.sampled = 0  # characters in sample
        self.title: list[str] = []
        self.in_title = False

    def place(self) -> str:
        return self.stack[-1][1] if self.stack else "page"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        if tag in _VOID:
            return
        names = f"{a.get('class', '')} {a.get('id', '')}"
        role = a.get("role", "")
        place = self.place()
        if place != "footer":
            if tag == "footer" or role == "contentinfo" or _FOOTER.search(names):
                place = "footer"
            elif place == "page" and (tag in ("nav", "header") or role in ("navigation", "banner")
                                      or _NAVIGATION.search(names)):
                place = "navigation"
        self.stack.append((tag, place))
        self.skip += tag in _SKIP_CONTENT
        self.in_title |= tag == "title"
        if tag == "a":
            self.link = (a.get("href", ""), a.get("aria-label") or a.get("title", ""), place, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.link:
            href, label, place, text = self.link
            self.found.append((href, " ".join(text) or label, place))
            self.link = None
        if tag == "title":
            self.in_title = False
        for i in range(len(self.stack) - 1, -1, -1):  # close unclosed children (<li>, <p>) too
            if self.stack[i][0] == tag:
                self.skip -= sum(t in _SKIP_CONTENT for t, _ in self.stack[i:])
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if self.skip or not data.strip():
            return
        if self.link:
            self.link[3].append(data.strip())
        if self.place() == "page":
            self.words += len(data.split())
            if self.sampled < 20000:
                self.sample.append(data)
                self.sampled += len(data)


def scan(html: str, url: str) -> Scan:
    """Candidate notice links of the page at ``url``, best first (ties in page order)."""
    parser = _LinkParser(url)
    parser.feed(html)
    parser.close()
    home = urldefrag(url).url
    best: dict[str, Link] = {}
    anchors = dict.fromkeys(_PLACE_BONUS, 0)
    for href, text, place in parser.found:
        anchors[place] += 1
        target = urldefrag(urljoin(parser.base, href.strip())).url
        if not target.startswith(("http://", "https://")) or target == home:
            continue
        points = score(text, target, place)
        if points and (target not in best or points > best[target].score):
            best[target] = Link(target, " ".join(text.split()), place, points)
    order = {u: i for i, u in enumerate(best)}
    links = sorted(best.values(), key=lambda k: (-k.score, order[k.url]))
    return Scan(links, anchors, parser.words, " ".join(parser.sample),
                " ".join("".join(parser.title).split()))


def _html(loaded: Loaded) -> str | None:
    """The page's text when it is HTML, else None."""
    if sniff(loaded) != "text":
        return None
    text = decode(loaded.data, loaded.charset)
    return text if sniff(loaded, text) == "html" else None


async def discover(client: httpx.AsyncClient, home: str, options: FetchOptions,
                   gate: Gate | None = None) -> Discovery:
    """Fetch the home page, find its notice link and fetch the notice (``source`` stays ``home``)."""
    page = await fetch(client, home, options, gate=gate)
    html = _html(page)
    if html is None:
        raise SourceError("the page to discover from is not an HTML page")
    found = Discovery(page, scan(html, page.url or home))
    failures: list[str] = []
    for link in found.scan.links[:FOLLOW]:
        try:
            notice = await fetch(client, link.url, options, source=home, gate=gate)
        except SourceError as exc:
            failures.append(f"{link.url}: {exc}")
            continue
        found.notice, found.via = notice, [link]
        await _through_hub(client, found, options, gate)
        return found
    if failures:
        raise SourceError(f"the privacy notice link is broken ({failures[0]})")
    return found


async def _through_hub(client: httpx.AsyncClient, found: Discovery, options: FetchOptions,
                       gate: Gate | None) -> None:
    """When the page found only lists notices ("Tietosuojaselosteet"), take the first one."""
    assert found.notice is not None
    html = _html(found.notice)
    if html is None:
        return
    hub = scan(html, found.notice.url or found.via[0].url)
    seen = {found.home.url, found.via[0].url, found.notice.url}
    listed = [k for k in hub.links if k.place == "page" and k.score >= 10 and k.url not in seen]
    if hub.words >= HUB_MAX_WORDS or not listed:
        return
    try:
        notice = await fetch(client, listed[0].url, options, source=found.home.source, gate=gate)
    except SourceError:
        return  # the hub page itself is the best there is
    found.notice = notice
    found.via.append(listed[0])


def not_findable(rule: Rule, found: Discovery, messages: str = "auto") -> tuple[Document, Finding, str]:
    """The site-level S001 finding, a stand-in Document for the home page, and its language."""
    lang = detect_language(found.scan.sample)
    seen = found.scan.anchors
    doc = Document(source=found.home.source, format="html", sections=[],
                   title=found.scan.title or None)
    finding: Finding = rule.finding(
        messages=lang if messages == "auto" else messages, notice_lang=lang,
        details=[f"searched {sum(seen.values())} links on {found.home.url or found.home.source} "
                 f"(footer {seen['footer']}, navigation {seen['navigation']}, "
                 f"elsewhere {seen['page']})"])
    return doc, finding, lang

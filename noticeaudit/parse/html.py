"""Parse an HTML privacy notice into a Document.

A published notice sits inside navigation, banners and footers, and its
sections are marked up in many ways: h1-h6, bold-only paragraphs, two-column
field | value tables, definition lists, numbered list items and accordions.
This module keeps the main content, turns each of those layouts into heading
and text Blocks anchored to lines and columns of the HTML source, and hands
them to :func:`noticeaudit.sections.build_document`.
"""
from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Callable, Iterable
from functools import partial
from typing import Literal, TypeGuard, cast

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

from ..errors import SourceError
from ..model import Anchor, Block, Document
from ..sections import build_document

_DROP = {"title", "script", "style", "noscript", "template", "svg", "nav", "iframe",
         "object", "embed", "canvas", "select", "textarea", "audio", "video"}
MAX_TAGS = 200_000  # a long notice page has a few thousand
_TAG_START = re.compile(r"<[a-zA-Z]")
_OUTSIDE_CONTENT = {"header", "footer", "aside"}  # dropped unless inside main/article
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
           "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
           "footer", "form", "header", "hr", "html", "li", "main", "ol", "p", "pre",
           "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
           *_HEADINGS}
# A bold value in a table cell or <dd> is emphasis, not a heading.
_NO_BOLD_HEADINGS = {"td", "th", "dd", "caption", "figcaption", "pre"}
_LAYOUT_CELL = {"table", "dl", *_HEADINGS}  # a cell holding these is page layout, not a field
# Never dropped for their class or id: a WordPress heading is often <h2 id="cookies">.
_KEEP_TAGS = {"p", "td", "th", "tr", "dt", "dd", *_HEADINGS}
_BOILER_NAME = re.compile(
    r"sidenav|sidebar|related|breadcrumb|share(?!d)|menu|navbar|skip-?link|"
    r"cc-window|cc-banner|onetrust|cookiebot|cmplz|gdpr-banner", re.I)
_CONSENT = re.compile(r"cookie|consent|gdpr", re.I)
_BANNERISH = re.compile(r"banner|notice|consent|bar|popup|dialog|modal|overlay|law|"
                        r"box|alert|notif|message|info|container|wrapper|manager", re.I)
_TOGGLE_CLASS = re.compile(r"(accordion|collaps|toggle|expand)[\w-]*(head|title|trigger|button|btn|label|toggle)", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.I)
_TEMPLATE_COMMENT = re.compile(r"\{\*.*?\*\}", re.S)
_WORD = re.compile(r"\S+")
_FIRST_WORD = re.compile(r"[^\s&<>]+")
_SKIP_END_TAGS = re.compile(r"(?:\s*</[^>]*>)*\s*")


def parse_html(text: str, source: str) -> Document:
    """Parse an HTML page or fragment into a Document of sections."""
    # A tree of a million elements takes gigabytes: count the tags before building one.
    tags = len(_TAG_START.findall(text))
    if tags > MAX_TAGS:
        raise SourceError(f"not a notice: more than {MAX_TAGS:,} HTML tags ({tags:,})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Blank template comments ({* ... *}) in place so source positions stay exact.
    text = _TEMPLATE_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    soup = _soup(text)
    positions = _string_positions(soup, text)
    title_tag = soup.find("title")
    page_title = " ".join(title_tag.get_text().split()) if title_tag else ""
    _strip_boilerplate(soup)
    root = _content_root(soup)

    walker = _Walker(positions)
    walker.walk(root.contents)
    if not any(b.text.strip() for b in walker.blocks):
        raise SourceError("no text found in the HTML")
    h1 = root.find("h1")
    title = " ".join(h1.get_text().split()) if h1 else page_title
    return build_document(walker.blocks, source, "html", title=title or None)


def _soup(text: str) -> BeautifulSoup:
    # bs4 warns about XHTML prologs and text that looks like a URL; neither matters here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return BeautifulSoup(text, "html.parser")
        except Exception:
            # html.parser rejects some broken <!...> declarations; blank them (same length), retry.
            blanked = re.sub(r"<![^>]*>", lambda m: " " * len(m.group()), text)
            try:
                return BeautifulSoup(blanked, "html.parser")
            except Exception as exc:
                raise SourceError(f"could not parse the HTML: {exc}") from exc


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _is_text(node: PageElement) -> TypeGuard[NavigableString]:
    return type(node) is NavigableString  # not comments, doctypes, script bodies


def _string_positions(soup: BeautifulSoup, src: str) -> dict[int, tuple[int, int]]:
    """Map id(text node) -> (line, column) where its text starts in ``src``.

    bs4 records positions of tags only; a text node lies between the previous
    tag's start and the next tag's start, so look for its first word there.
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", src)]

    def offset(tag: Tag) -> int:
        return line_starts[(tag.sourceline or 1) - 1] + (tag.sourcepos or 0)

    nodes = list(soup.descendants)
    limits: list[int] = []
    nxt = len(src)
    for node in reversed(nodes):
        limits.append(nxt)
        if isinstance(node, Tag) and node.sourceline is not None:
            nxt = offset(node)
    limits.reverse()

    out: dict[int, tuple[int, int]] = {}
    cursor = 0
    for node, limit in zip(nodes, limits):
        if isinstance(node, Tag):
            if node.sourceline is not None:
                start = offset(node)
                end = src.find(">", start, limit)
                cursor = max(cursor, end + 1 if end >= 0 else start)
            continue
        if isinstance(node, Comment):
            start = src.find("<!--", cursor, limit)
            end = src.find("-->", start) if start >= 0 else -1
            cursor = end + 3 if end >= 0 else cursor
            continue
        if not _is_text(node) or not node.strip():
            continue
        stripped = node.lstrip()
        word = _FIRST_WORD.match(stripped)
        at = _find_outside_tags(src, word.group(), cursor, limit) if word else -1
        if at < 0:  # first word entity-encoded: the text follows the end tags after the cursor
            skipped = _SKIP_END_TAGS.match(src, cursor)
            at = skipped.end() if skipped else cursor
        cursor = at + 1
        start = max(0, at - (len(node) - len(stripped)))
        line = bisect.bisect_right(line_starts, start)
        out[id(node)] = (line, start - line_starts[line - 1] + 1)
    return out


def _find_outside_tags(src: str, word: str, start: int, end: int) -> int:
    at = src.find(word, start, end)
    while at >= 0 and src.rfind("<", start, at) > src.rfind(">", start, at):
        at = src.find(word, at + 1, end)
    return at


def _text_len(el: Tag) -> int:
    return sum(len(s) for s in el.get_text().split())


def _strip_boilerplate(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_DROP):
        tag.decompose()
    total = _text_len(soup)
    doomed = [t for t in soup.find_all(True) if _is_boilerplate(t)]
    for tag in doomed:
        # A class like "has-sidebar" on the content wrapper must not drop the notice.
        if tag.name in _OUTSIDE_CONTENT or _text_len(tag) <= total / 2:
            tag.extract()


def _is_content(tag: Tag) -> bool:
    return tag.name in ("main", "article") or tag.get("role") == "main"


def _is_boilerplate(tag: Tag) -> bool:
    if tag.name in _OUTSIDE_CONTENT or tag.get("role") in ("banner", "contentinfo"):
        return tag.find_parent(_is_content) is None
    if tag.get("role") in ("navigation", "search"):
        return True
    if tag.name in _KEEP_TAGS:
        return False
    dialog = tag.get("role") in ("dialog", "alertdialog") or tag.has_attr("aria-modal")
    for token in [*_classes(tag), str(tag.get("id") or "")]:
        if _BOILER_NAME.search(token):
            return True
        m = _CONSENT.search(token)
        # "cookie-banner" is chrome, but id="cookies" may be the notice's own cookie section.
        if m and "polic" not in token.lower() and (
                dialog or _BANNERISH.search(token[:m.start()] + token[m.end():])):
            return True
    return False


def _content_root(soup: BeautifulSoup) -> Tag:
    """The main content: <main>/role=main, then its largest <article>, if they hold most text."""
    root: Tag = soup
    for names in (_is_content_main, "article"):
        found = root.find_all(names)
        if found:
            best = max(found, key=_text_len)
            if _text_len(best) >= _text_len(root) / 2:
                root = best
    return root


def _is_content_main(tag: Tag) -> bool:
    return tag.name == "main" or tag.get("role") == "main"


def _tag_anchor(tag: Tag | None) -> Anchor:
    if tag is None or tag.sourceline is None:
        return Anchor(0, None, None)
    return Anchor(0, tag.sourceline, (tag.sourcepos or 0) + 1)


def _title_like(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 12 and len(text) <= 150 and not text.rstrip().endswith(".")
            and any(ch.isalpha() for ch in text))


def _is_bold(tag: Tag) -> bool:
    return tag.name in ("b", "strong") or bool(_BOLD_STYLE.search(str(tag.get("style") or "")))


def _is_toggle(tag: Tag) -> bool:
    """An accordion or disclosure title: summary, or a button/aria toggle followed by its panel."""
    if tag.name == "summary":
        return True
    if not (tag.name == "button" or tag.has_attr("aria-controls") or tag.has_attr("aria-expanded")
            or any(_TOGGLE_CLASS.search(c) for c in _classes(tag))):
        return False
    text = tag.get_text().strip()
    if not _title_like(text):
        return False
    panel = tag.find_next_sibling()
    if panel is None and tag.parent is not None and tag.parent.get_text().strip() == text:
        panel = tag.parent.find_next_sibling()  # <div class=head><button>..</button></div><div panel>
    # The panel must be a block: a "read more" link inside a sentence is not a title.
    return panel is not None and panel.name in _BLOCKS and bool(panel.get_text().strip())


def _table_items(table: Tag) -> list[PageElement]:
    """The children of a table, with thead/tbody/tfoot unwrapped."""
    items: list[PageElement] = []
    for child in table.children:
        if isinstance(child, Tag) and child.name in ("thead", "tbody", "tfoot"):
            items.extend(child.children)
        else:
            items.append(child)
    return items


def _has(tag: Tag, names: set[str]) -> bool:
    """Whether a descendant of ``tag`` is one of ``names`` (faster than bs4's find)."""
    return any(isinstance(d, Tag) and d.name in names for d in tag.descendants)


def _cells(tr: Tag) -> list[Tag]:
    return tr.find_all(["td", "th"], recursive=False)


def _split_lead(li: Tag) -> tuple[list[PageElement], list[PageElement]] | None:
    """Split a numbered-section item, <li><p>Title</p><p>Body</p></li>, into title and body."""
    if li.parent is None or li.parent.name != "ol":
        return None
    kids: list[PageElement] = [k for k in li.children if isinstance(k, Tag) or (_is_text(k) and k.strip())]
    lead: list[PageElement] = []
    for i, kid in enumerate(kids):
        if isinstance(kid, Tag) and kid.name in _BLOCKS:
            if lead:
                rest = kids[i:]
            elif kid.name in ("p", "div") and not _has(kid, _BLOCKS):
                lead, rest = [kid], kids[i + 1:]
            else:
                return None
            break
        lead.append(kid)
    else:
        return None
    title = " ".join(k.get_text() if isinstance(k, Tag) else str(k) for k in lead)
    has_para = any(isinstance(k, Tag) and (k.name == "p" or _has(k, {"p"})) for k in rest)
    return (lead, rest) if _title_like(title) and has_para else None


class _Run:
    """Inline text being collected for one block, with anchors and boldness."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.anchors: list[Anchor] = []
        self.space = False
        self.plain_at: int | None = None  # offset of the first non-bold word

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.size += len(s)

    def _ends(self, s: str) -> bool:
        return "".join(self.parts[-2:]).endswith(s)

    def add(self, text: str, at: tuple[int, int] | None, bold: bool = False) -> None:
        for k, seg in enumerate(text.split("\n")):
            if k:
                self.space = True
            prev_end = None
            for m in _WORD.finditer(seg):
                if self.size and (self.space or m.start()) and not self._ends("\n"):
                    self._put(" ")
                # Re-anchor at each source line and wherever collapsed whitespace shifts columns.
                if at is not None and (prev_end is None or seg[prev_end:m.start()] != " "):
                    col = (at[1] if k == 0 else 1) + m.start()
                    self.anchors.append(Anchor(self.size, at[0] + k, col))
                prev_end = m.end()
                if not bold and self.plain_at is None and any(c.isalnum() for c in m.group()):
                    self.plain_at = self.size
                self._put(m.group())
                self.space = False
            if seg and seg[-1].isspace():
                self.space = True

    def newline(self) -> None:
        if self.size and not self._ends("\n\n"):
            self._put("\n")
        self.space = False

    def literal(self, s: str) -> None:
        self._put(s)
        self.space = False

    def text(self) -> str:
        return "".join(self.parts).rstrip("\n")


class _Walker:
    """Walks the content tree (iteratively: unclosed <p> tags nest deeply) and emits Blocks."""

    def __init__(self, positions: dict[int, tuple[int, int]]) -> None:
        self.positions = positions
        self.blocks: list[Block] = []
        self.run = _Run()
        self.deepest = 0  # deepest h1-h6 level seen so far
        self.bold = 0  # depth of <b>/<strong> around the current text
        self.pre = 0  # depth of <pre>, where line breaks are kept
        self.where = Anchor(0, None, None)  # the enclosing block tag, for text without a position
        self.container = ""  # its tag name
        self.prefix: tuple[str, Anchor] | None = None
        self.stack: list[PageElement | Callable[[], None]] = []

    def walk(self, nodes: Iterable[PageElement]) -> None:
        self._push(nodes)
        while self.stack:
            item = self.stack.pop()
            if isinstance(item, PageElement):  # Tags are callable too: test this first
                self._visit(item)
            else:
                item()
        self._flush()

    def _push(self, nodes: Iterable[PageElement | Callable[[], None]], *after: Callable[[], None]) -> None:
        self.stack.extend(reversed(after))
        self.stack.extend(reversed(list(nodes)))

    def _pseudo_level(self) -> int:
        return min(6, self.deepest + 1) if self.deepest else 3

    def _visit(self, node: PageElement) -> None:
        if not isinstance(node, Tag):
            if _is_text(node):
                self._text(str(node), self.positions.get(id(node)))
            return
        name = node.name
        if name == "br":
            self.run.newline()
        elif name in _HEADINGS:
            self.deepest = max(self.deepest, _HEADINGS[name])
            self._heading([node], _HEADINGS[name], node)
        elif name == "dt":
            self._heading([node], self._pseudo_level(), node, label=True)
        elif _is_toggle(node):
            self._heading([node], self._pseudo_level(), node)
        elif name == "table":
            self._table(node)
        elif name == "li":
            self._li(node)
        elif name == "pre":
            self.pre += 1
            self._open(node, node.contents, self._unpre)
        elif name in _BLOCKS:
            self._open(node, node.contents)
        elif _is_bold(node):
            self.bold += 1
            self._push(node.contents, self._unbold)
        else:
            self._push(node.contents)

    def _open(self, tag: Tag, nodes: Iterable[PageElement], *after: Callable[[], None]) -> None:
        """Start a block: flush the text before it, and flush again when its content ends."""
        self._flush()
        saved = self.where, self.container
        self.where, self.container = _tag_anchor(tag), tag.name

        def close() -> None:
            self._flush()
            self.where, self.container = saved

        self._push(nodes, close, *after)

    def _text(self, text: str, at: tuple[int, int] | None) -> None:
        if not self.pre:
            self.run.add(text, at, self.bold > 0)
            return
        for k, line in enumerate(text.split("\n")):
            if k:
                self.run.newline()
            self.run.add(line, at and (at[0] + k, at[1] if k == 0 else 1), self.bold > 0)

    def _unbold(self) -> None:
        self.bold -= 1

    def _unpre(self) -> None:
        self.pre -= 1

    def _heading(self, nodes: list[PageElement], level: int, tag: Tag, label: bool = False) -> None:
        self._flush()
        run = _Run()
        for node in nodes:
            for item in node.descendants if isinstance(node, Tag) else [node]:
                if _is_text(item):
                    run.add(str(item), self.positions.get(id(item)))
                elif isinstance(item, Tag) and item.name in _BLOCKS | {"br"}:
                    run.space = True
        self._emit(run.text(), run.anchors, _tag_anchor(tag), "heading", level, label)

    def _emit(self, text: str, anchors: list[Anchor], fallback: Anchor,
              kind: Literal["heading", "text"] = "text", level: int = 0, label: bool = False) -> None:
        if not text.strip():
            return
        if not anchors or anchors[0].offset:
            anchors = [fallback, *anchors]
        self.blocks.append(Block(text, kind, level, anchors, label))

    def _flush(self) -> None:
        run, self.run = self.run, _Run()
        text = run.text()
        if not text.strip():
            return
        anchors = run.anchors
        if (run.plain_at is None and "\n" not in text and _title_like(text)
                and self.container not in _NO_BOLD_HEADINGS):
            self.prefix = None
            self._emit(text, anchors, self.where, "heading", self._pseudo_level())
            return
        nl = text.find("\n")
        # "<p><b>2. Yhteyshenkilö</b><br>Matti ..." : a bold first line heads the rest,
        # unless a heading was just emitted (then the bold line is a name in its body).
        if (nl > 0 and (run.plain_at or 0) > nl and _title_like(text[:nl])
                and self.blocks and self.blocks[-1].kind == "text"):
            self.prefix = None
            self._emit(text[:nl], [a for a in anchors if a.offset < nl], self.where,
                       "heading", self._pseudo_level())
            rest = text[nl:].lstrip("\n")
            shift = len(text) - len(rest)
            anchors = [Anchor(a.offset - shift, a.line, a.column) for a in anchors if a.offset >= shift]
            text = rest
        if self.prefix:
            prefix, where = self.prefix
            self.prefix = None
            anchors = [where, *(Anchor(a.offset + len(prefix), a.line, a.column) for a in anchors)]
            text = prefix + text
        self._emit(text, anchors, self.where)

    def _li(self, li: Tag) -> None:
        self._flush()
        split = _split_lead(li)
        if split:
            lead, rest = split
            self._heading(lead, self._pseudo_level(), li)
            self._open(li, rest)
            return
        depth = 0
        for _, parent in zip(range(30), li.parents):  # bounded: broken markup nests deeply
            depth += parent.name in ("ul", "ol")
        self._open(li, li.contents, self._end_li)
        self.prefix = ("  " * max(0, depth - 1) + "- ", self.where)

    def _end_li(self) -> None:
        self.prefix = None

    def _table(self, table: Tag) -> None:
        self._flush()
        items = _table_items(table)
        rows = [(it, _cells(it)) for it in items if isinstance(it, Tag) and it.name == "tr" and _cells(it)]
        if not rows or any(_has(c, _LAYOUT_CELL) for _, row in rows for c in row):
            self._open(table, table.contents)  # a layout table: rows and cells are just containers
            return
        two_column = len(rows) >= 2 and all(len(row) == 2 for _, row in rows) and all(
            _title_like(row[0].get_text()) or not row[0].get_text().strip() for _, row in rows)
        first = rows[0][0]
        actions: list[PageElement | Callable[[], None]] = []
        for item in items:  # in order, so content outside rows (broken markup) is kept too
            cells = _cells(item) if isinstance(item, Tag) and item.name == "tr" else []
            if not cells:
                actions.append(item)
            elif two_column and not (item is first and cells[0].name == cells[1].name == "th"):
                label, value = cells
                actions.append(partial(self._heading, [label], self._pseudo_level(), label, label=True))
                actions.append(value)
            else:  # column headers of a field table, or a row of a data table
                actions.append(partial(self._row, cast(Tag, item)))
        self._push(actions)

    def _row(self, tr: Tag) -> None:
        """A table row as one text block, cells joined with " | "."""
        self._flush()
        run = _Run()
        seen_cell = False
        for item in tr.descendants:
            if _is_text(item):
                run.add(str(item), self.positions.get(id(item)))
            elif isinstance(item, Tag) and item.parent is tr and item.name in ("td", "th"):
                if seen_cell:
                    run.literal(" | ")
                seen_cell = True
            elif isinstance(item, Tag) and item.name in _BLOCKS | {"br"}:
                run.space = True
        if run.text().replace("|", "").strip():
            self._emit(run.text(), run.anchors, _tag_anchor(tr))

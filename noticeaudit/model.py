"""The document model every parser produces and every rule reads.

A parser turns a loaded source into a flat list of :class:`Block` objects
(headings and text, each anchored to the source), and
:func:`noticeaudit.sections.build_document` turns blocks into a
:class:`Document` of :class:`Section` objects. Nothing downstream knows which
format a notice came in.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Literal

from .jurisdiction import Jurisdiction

# Most severe first: one definition of the severities and their order.
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Anchor:
    """Text at ``offset`` (in the owning string) starts at this source position.

    Between two anchors the text is assumed to follow the source character by
    character, a newline advancing the line (exact for text, close for HTML).
    """

    offset: int
    line: int | None
    column: int | None = 1
    page: int | None = None


@dataclass
class Block:
    """One heading or one run of text, as a parser found it."""

    text: str
    kind: Literal["heading", "text"] = "text"
    level: int = 0  # headings: 1 (top) .. 6; text: 0
    anchors: list[Anchor] = field(default_factory=list)
    label: bool = False  # a "field: value" label or table-row label (template field)


@dataclass(frozen=True)
class Location:
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    section: str | None = None


def newline_index(text: str) -> list[int]:
    """Offsets of every newline in ``text``, in order (for :func:`locate`)."""
    out: list[int] = []
    at = text.find("\n")
    while at >= 0:
        out.append(at)
        at = text.find("\n", at + 1)
    return out


def locate(text: str, anchors: list[Anchor], offset: int,
           keys: list[int] | None = None,
           newlines: list[int] | None = None) -> tuple[int | None, int | None, int | None]:
    """Map an offset in ``text`` to (line, column, page) through ``anchors``
    (``keys``: the anchors' offsets and ``newlines``: :func:`newline_index` of
    ``text``, when the caller keeps them: then a lookup costs no copy of the text)."""
    if not anchors:
        return None, None, None
    if keys is None:
        keys = [a.offset for a in anchors]
    i = max(0, bisect.bisect_right(keys, offset) - 1)
    a = anchors[i]
    if a.line is None:
        return None, None, a.page
    start = min(a.offset, offset)
    if newlines is None:
        newlines = newline_index(text[start:offset])
        first, last = 0, len(newlines)
        base = start
    else:
        first, last = bisect.bisect_left(newlines, start), bisect.bisect_left(newlines, offset)
        base = 0
    nl = last - first
    if nl:
        return a.line + nl, offset - (base + newlines[last - 1]), a.page
    return a.line, (a.column or 1) + (offset - start), a.page


@dataclass
class Section:
    """A heading (possibly empty) and the body text under it."""

    heading: str
    level: int
    body: str
    heading_anchor: Anchor | None = None
    body_anchors: list[Anchor] = field(default_factory=list)
    label: bool = False
    index: int = 0
    # Offsets of heading and body inside Document.text (set by build_document).
    heading_start: int = 0
    body_start: int = 0
    _anchor_offsets: list[int] = field(default_factory=list, repr=False, compare=False)
    _newlines: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def line(self) -> int | None:
        a = self.heading_anchor or (self.body_anchors[0] if self.body_anchors else None)
        return a.line if a else None

    @property
    def page(self) -> int | None:
        a = self.heading_anchor or (self.body_anchors[0] if self.body_anchors else None)
        return a.page if a else None

    @property
    def is_empty(self) -> bool:
        return not self.body.strip()


@dataclass
class Document:
    """A parsed notice: metadata plus ordered sections.

    ``text`` is the whole notice as one string (each section's heading, then
    its body, separated by blank lines); rules search it and map hits back
    through :meth:`section_at` and :meth:`location`.
    """

    source: str
    format: str
    sections: list[Section]
    title: str | None = None
    text: str = ""
    replaced_characters: int = 0  # bytes that decoding had to replace with U+FFFD
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def section_at(self, offset: int) -> Section | None:
        if len(self._starts) != len(self.sections):
            self._starts = [s.heading_start for s in self.sections]
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.sections[i] if i >= 0 else None

    def location(self, start: int, end: int | None = None) -> Location:
        """Source location of the span ``text[start:end]``."""
        sec = self.section_at(start)
        if sec is None:
            return Location()
        line, col, page = self._point(sec, start)
        end_line = end_col = None
        if end is not None:
            esec = self.section_at(max(start, end - 1))
            if esec is sec:
                end_line, end_col, _ = self._point(sec, end)
        return Location(line, col, end_line, end_col, page, sec.heading or None)

    @staticmethod
    def _point(sec: Section, offset: int) -> tuple[int | None, int | None, int | None]:
        if offset < sec.body_start or not sec.body:
            if sec.heading_anchor is None:
                return None, None, None
            rel = max(0, min(offset - sec.heading_start, len(sec.heading)))
            return locate(sec.heading, [sec.heading_anchor], rel)
        if len(sec._anchor_offsets) != len(sec.body_anchors):
            sec._anchor_offsets = [a.offset for a in sec.body_anchors]
        if sec._newlines is None:
            sec._newlines = newline_index(sec.body)
        return locate(sec.body, sec.body_anchors, offset - sec.body_start, sec._anchor_offsets,
                      sec._newlines)


@dataclass
class Finding:
    """One defect: what rule, where, the evidence, and how to fix it."""

    rule: str
    name: str
    severity: str
    message: str
    gdpr: str | None
    location: Location = field(default_factory=Location)
    excerpt: str | None = None
    suggestion: str | None = None
    # Extra context for reports: sections searched, near misses, the other side
    # of a contradiction.
    details: list[str] = field(default_factory=list)
    related: list[tuple[str, Location]] = field(default_factory=list)
    # Where the excerpt sits in Document.text (for highlighting and fingerprints).
    span: tuple[int, int] | None = None


@dataclass
class Result:
    """One source's outcome: its document and findings, or the reason it failed."""

    source: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    url: str | None = None  # for a URL: the page audited (after redirects and --discover)
    language: str | None = None  # the notice's language (fi/sv/en), from the analysis
    date: str | None = None  # the notice's own latest date (ISO), from the analysis
    jurisdiction: Jurisdiction | None = None  # the controller's, from the analysis
    # Site audits (noticeaudit site): what the browser observed, JSON-ready
    # (noticeaudit/site/classify.py: observed_dict); None for notice audits.
    observed: dict[str, Any] | None = None

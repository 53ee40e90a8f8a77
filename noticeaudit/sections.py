"""Turn a parser's blocks into a Document of sections.

Every parser ends here, so the section model (what a heading owns, where the
whole-notice text comes from) is decided once for all formats.
"""
from __future__ import annotations

import re

from .model import Anchor, Block, Document, Section

_WS = re.compile(r"[ \t\u00a0]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–+▹]|\d{1,2}[.)])\s+")
_CLAUSE_END = re.compile(r"[.!?:;]\s*$")


def line_separator(prev: str, nxt: str, soft_wrapped: bool) -> str:
    """How to join two lines of one paragraph: ' ' when ``nxt`` continues a wrapped sentence.

    Sentences never cross a newline (lists and addresses have no final
    punctuation), so a wrapped line must be joined with a space. A line that
    starts in lower case continues the previous one; in soft-wrapped formats
    (Markdown, PDF) so does any line after one that did not end a clause.
    """
    if not prev.strip() or _LIST_ITEM.match(nxt):
        return "\n"
    if re.search(r"[A-ZÄÖÅ0-9]-$", prev) and nxt[:1].islower():
        return ""  # "EU-" + "alueen": a compound broken after its hyphen
    if nxt.lstrip()[:1].islower():
        return " "
    if soft_wrapped and not _CLAUSE_END.search(prev) and not prev.endswith("  "):
        return " "
    return "\n"


def clean_heading(text: str) -> str:
    """Collapse whitespace and drop trailing colons/markup from a heading."""
    text = _WS.sub(" ", text.replace("\n", " ")).strip()
    return text.rstrip(":").strip()


def build_document(blocks: list[Block], source: str, fmt: str, title: str | None = None) -> Document:
    """Group blocks into sections: a heading owns the text blocks after it."""
    sections: list[Section] = []
    current: Section | None = None
    parts: list[tuple[str, list[Anchor]]] = []

    def close() -> None:
        nonlocal current, parts
        if current is None and not parts:
            return
        if current is None:
            current = Section(heading="", level=0, body="")
        body, anchors = _join(parts)
        current.body = body
        current.body_anchors = anchors
        sections.append(current)
        current, parts = None, []

    for block in blocks:
        if block.kind == "heading":
            close()
            anchor = block.anchors[0] if block.anchors else None
            current = Section(heading=clean_heading(block.text), level=max(1, block.level),
                              body="", heading_anchor=anchor, label=block.label)
        elif block.text.strip():
            parts.append((block.text, block.anchors))
    close()

    if title is None:
        title = next((s.heading for s in sections if s.heading and s.level == 1), None) or \
            next((s.heading for s in sections if s.heading and not s.label), None)
    doc = Document(source=source, format=fmt, sections=sections, title=title)
    _assign_text(doc)
    return doc


def _join(parts: list[tuple[str, list[Anchor]]]) -> tuple[str, list[Anchor]]:
    """Join text blocks with blank lines, shifting their anchors."""
    out: list[str] = []
    anchors: list[Anchor] = []
    pos = 0
    for i, (text, block_anchors) in enumerate(parts):
        if i:
            out.append("\n\n")
            pos += 2
        for a in block_anchors:
            anchors.append(Anchor(pos + a.offset, a.line, a.column, a.page))
        out.append(text)
        pos += len(text)
    return "".join(out), anchors


def _assign_text(doc: Document) -> None:
    """Build Document.text and record where each section starts in it."""
    chunks: list[str] = []
    pos = 0
    for i, sec in enumerate(doc.sections):
        sec.index = i
        sec.heading_start = pos
        head = sec.heading + "\n" if sec.heading else ""
        sec.body_start = pos + len(head)
        chunk = head + sec.body + "\n\n"
        chunks.append(chunk)
        pos += len(chunk)
    doc.text = "".join(chunks)

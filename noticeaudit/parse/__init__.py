"""Parsers: one per input format, each producing a Document via build_document.

:func:`parse` is the dispatch: it recognises the format of a loaded source
from its content (:func:`sniff`), decodes text, and hands it to the parser
of that format; nothing downstream knows which format a notice came in.
"""
from __future__ import annotations

from ..errors import SourceError
from ..model import Document
from ..sources import MAX_BYTES, Loaded, decode, replaced
from ..textnorm import normalise


def sniff(loaded: Loaded, text: str | None = None) -> str:
    """Return 'pdf', 'docx', 'html', 'markdown' or 'text'."""
    data = loaded.data
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or (loaded.media_type or "").startswith("application/pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if loaded.suffix == ".docx" or b"word/" in data[:4096]:
            return "docx"
        raise SourceError("a ZIP archive, not a notice")
    if text is None:
        return "text"
    start = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) or \
            (start.startswith("<") and any(t in start for t in ("<div", "<p>", "<p ", "<h1", "<h2",
                                                                  "<h3", "<section", "<article",
                                                                  "<dl", "<table", "<!--"))):
        return "html"
    if "html" in (loaded.media_type or ""):
        return "html"
    if loaded.suffix in (".html", ".htm"):
        return "html"
    if loaded.suffix in (".md", ".markdown"):
        return "markdown"
    return "text"



def parse(loaded: Loaded, max_bytes: int = MAX_BYTES) -> Document:
    """Parse a loaded source into a Document, whatever its format.

    ``max_bytes`` also bounds what a compressed part (a .docx's XML, a PDF
    stream) may inflate to.
    """
    text: str | None = None
    replacements = 0
    if not loaded.data.strip():
        raise SourceError("empty file")
    fmt = sniff(loaded)
    if fmt == "text":
        decoded = decode(loaded.data, loaded.charset)
        replacements = replaced(decoded, loaded.data)
        text = normalise(decoded)
        fmt = sniff(loaded, text)
    if fmt == "pdf":
        from .pdf import parse_pdf

        return parse_pdf(loaded.data, loaded.source, max_bytes)
    if fmt == "docx":
        from .docx import parse_docx

        return parse_docx(loaded.data, loaded.source, max_bytes)
    assert text is not None
    if fmt == "html":
        from .html import parse_html

        doc = parse_html(text, loaded.source)
    else:
        from .text import parse_text

        doc = parse_text(text, loaded.source, markdown=fmt == "markdown")
    if not doc.text.strip():
        raise SourceError("no text found")
    doc.replaced_characters = replacements
    return doc

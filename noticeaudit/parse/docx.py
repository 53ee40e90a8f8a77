"""Parse Word (.docx) notices: heading styles, bold-only paragraphs, two-column tables.

A .docx has no source lines; a location's ``line`` is the paragraph number
(tables count one per row), which is what Word users can find.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from ..errors import SourceError
from ..model import Anchor, Block, Document
from ..sections import build_document


def parse_docx(data: bytes, source: str) -> Document:
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a broken file
        raise SourceError(f"not a readable .docx file ({type(exc).__name__})") from None

    body = list(_body_elements(document.element.body))
    paragraphs = [Paragraph(el, document) for tag, el in body if tag == "p"]
    # Bold-only paragraphs and table-row labels are subheadings of the deepest
    # heading style used (level 2 in a document without heading styles).
    sub_level = min(6, max((_style_level(p) for p in paragraphs), default=1) + 1)
    blocks: list[Block] = []
    title = None
    number = 0
    for tag, el in body:
        if tag == "p":
            number += 1
            para = Paragraph(el, document)
            text = para.text.strip()
            if not text:
                continue
            level = _style_level(para) or (sub_level if _bold_only(para) else 0)
            if level:
                blocks.append(Block(text, "heading", level, [Anchor(0, number, 1)]))
                if level == 1 and title is None:
                    title = text
            else:
                blocks.append(Block(text, "text", 0, _anchors(text, number)))
        else:
            for row in Table(el, document).rows:
                number += 1
                cells = [c.text.strip() for c in row.cells]
                if len(cells) == 2 and cells[0] and cells[0] != cells[1]:
                    blocks.append(Block(cells[0], "heading", sub_level, [Anchor(0, number, 1)],
                                        label=True))
                    if cells[1]:
                        blocks.append(Block(cells[1], "text", 0, _anchors(cells[1], number)))
                elif any(cells):
                    text = " | ".join(c for c in cells if c)
                    blocks.append(Block(text, "text", 0, _anchors(text, number)))
    if not blocks:
        raise SourceError("no text found in the .docx file")
    return build_document(blocks, source, "docx", title=title)


def _body_elements(parent: Any) -> Iterator[tuple[str, Any]]:
    """("p" | "tbl", element) in document order, looking inside content controls."""
    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield tag, child
        elif tag in ("sdt", "sdtContent"):
            yield from _body_elements(child)


def _anchors(text: str, number: int) -> list[Anchor]:
    """Every line of a paragraph (split by line breaks) is in paragraph ``number``."""
    anchors = [Anchor(0, number, 1)]
    anchors += [Anchor(m.end(), number, 1) for m in re.finditer("\n", text)]
    return anchors


def _style_level(para: Any) -> int:
    style = (para.style.name if para.style is not None else "") or ""
    if style == "Title":
        return 1
    m = re.match(r"(?:Heading|Otsikko)\s*(\d)", style)
    return min(6, int(m.group(1)) + 1) if m else 0


def _bold_only(para: Any) -> bool:
    runs = [r for r in para.runs if r.text.strip()]
    text = para.text.strip()
    return bool(runs) and all(r.bold for r in runs) and len(text.split()) <= 12 \
        and not text.endswith(".")

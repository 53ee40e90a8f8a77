"""Parse Word (.docx) notices: heading styles, bold-only paragraphs, two-column tables.

A .docx has no source lines; a location's ``line`` is the paragraph number
(tables count one per row), which is what Word users can find.
"""
from __future__ import annotations

import io
import re

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

    blocks: list[Block] = []
    title = None
    number = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            para = Paragraph(child, document)
            text = para.text.strip()
            if not text:
                continue
            level = _heading_level(para)
            anchor = [Anchor(0, number, 1)]
            if level:
                blocks.append(Block(text, "heading", level, anchor))
                if level == 1 and title is None:
                    title = text
            else:
                blocks.append(Block(text, "text", 0, anchor))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                number += 1
                cells = [c.text.strip() for c in row.cells]
                anchor = [Anchor(0, number, 1)]
                if len(cells) == 2 and cells[0] and cells[0] != cells[1]:
                    blocks.append(Block(cells[0], "heading", 2, anchor, label=True))
                    if cells[1]:
                        blocks.append(Block(cells[1], "text", 0, anchor))
                elif any(cells):
                    blocks.append(Block(" | ".join(c for c in cells if c), "text", 0, anchor))
    if not blocks:
        raise SourceError("no text found in the .docx file")
    return build_document(blocks, source, "docx", title=title)


def _heading_level(para) -> int:
    style = (para.style.name if para.style is not None else "") or ""
    if style == "Title":
        return 1
    m = re.match(r"(?:Heading|Otsikko)\s*(\d)", style)
    if m:
        return min(6, int(m.group(1)) + 1)
    runs = [r for r in para.runs if r.text.strip()]
    text = para.text.strip()
    if runs and all(r.bold for r in runs) and len(text.split()) <= 12 and not text.endswith("."):
        return 3
    return 0

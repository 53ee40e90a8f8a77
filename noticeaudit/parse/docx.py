"""Parse Word (.docx) notices: heading styles, bold-only paragraphs, two-column tables.

A .docx has no source lines; a location's ``line`` is the paragraph number
(tables count one per row), which is what Word users can find.

The package is read here, not with python-docx: a .docx is a ZIP whose
``word/document.xml`` may inflate to gigabytes, and python-docx builds the
whole tree and looks each paragraph's style up again and again. So the
declared and the actual inflated size are held to ``max_bytes``, the XML is
streamed (lxml ``iterparse``, each paragraph and table dropped once read),
and paragraphs and the elements held at once are capped.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

from ..errors import SourceError
from ..model import Anchor, Block, Document
from ..sections import build_document
from ..sources import MAX_BYTES, size_text
from ..textnorm import normalise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_PARAGRAPHS = 50_000  # paragraphs and table rows; a long notice has a few thousand
MAX_HELD = 200_000  # XML elements inside one paragraph or table
_MAIN_PART = "word/document.xml"
_STYLES_PART = "word/styles.xml"
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
             W + "noBreakHyphen": "-"}
_FALSE = {"0", "false", "off"}


def parse_docx(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> Document:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(f"not a readable .docx file ({type(exc).__name__})") from None
    if _MAIN_PART not in names:
        raise SourceError("not a readable .docx file (no word/document.xml)")
    styles = _styles(package, max_bytes) if _STYLES_PART in names else _Styles({}, "")
    try:
        with _open(package, _MAIN_PART, max_bytes) as xml:
            blocks, title = _blocks(_body(xml), styles)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise SourceError(f"not a readable .docx file ({type(exc).__name__})") from None
    if not blocks:
        raise SourceError("no text found in the .docx file")
    return build_document(blocks, source, "docx", title=title)


class _Capped(io.RawIOBase):
    """A member of the ZIP, refused once more than ``limit`` bytes have inflated."""

    def __init__(self, raw: IO[bytes], limit: int) -> None:
        self.raw, self.limit, self.size = raw, limit, 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(min(n, 1 << 20) if n and n > 0 else 1 << 20)
        self.size += len(data)
        if self.size > self.limit:
            raise SourceError(f".docx text too large (more than {size_text(self.limit)} "
                              "unpacked)")
        return data

    def close(self) -> None:
        self.raw.close()
        super().close()


def _open(package: zipfile.ZipFile, name: str, limit: int) -> _Capped:
    declared = package.getinfo(name).file_size
    if declared > limit:
        raise SourceError(f".docx text too large ({size_text(declared)} unpacked; "
                          f"the limit is {size_text(limit)})")
    return _Capped(package.open(name), limit)


class _Styles:
    """Paragraph style names by ID, and the default paragraph style's name."""

    def __init__(self, names: dict[str, str], default: str) -> None:
        self.names, self.default = names, default

    def name(self, style_id: str | None) -> str:
        return self.names.get(style_id or "", self.default)


def _styles(package: zipfile.ZipFile, limit: int) -> _Styles:
    names: dict[str, str] = {}
    default = ""
    try:
        with _open(package, _STYLES_PART, limit) as xml:
            for _, el in etree.iterparse(xml, tag=W + "style", resolve_entities=False,
                                         no_network=True):
                if el.get(W + "type") == "paragraph":
                    name_el = el.find(W + "name")
                    name = _ui_name(name_el.get(W + "val", "") if name_el is not None else "")
                    names[el.get(W + "styleId", "")] = name
                    if el.get(W + "default") in ("1", "true", "on"):
                        default = name
                el.clear()
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return _Styles({}, "")  # unreadable styles: no heading styles, as in Word itself
    return _Styles(names, default)


def _ui_name(name: str) -> str:
    """Word stores built-in style names in lower case ('heading 1'); it shows 'Heading 1'."""
    low = name.lower()
    if low == "title" or re.fullmatch(r"heading \d", low):
        return name[:1].upper() + name[1:]
    return name


def _body(xml: io.RawIOBase) -> Iterator[tuple[str, Any]]:
    """("p" | "tbl", element) for the body's paragraphs and tables, content controls included.

    Each element is cleared after the caller has read it, so memory holds one
    paragraph or table at a time.
    """
    path: list[str] = []
    held = paragraphs = 0
    for event, el in etree.iterparse(xml, events=("start", "end"), resolve_entities=False,
                                     no_network=True, huge_tree=False):
        tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
        if event == "start":
            path.append(tag)
            held += 1
            if held > MAX_HELD:
                raise SourceError(f"not a notice: a .docx paragraph or table of more than "
                                  f"{MAX_HELD:,} XML elements")
            continue
        path.pop()
        if tag in ("p", "tr"):
            paragraphs += 1
            if paragraphs > MAX_PARAGRAPHS:
                raise SourceError(f"not a notice: more than {MAX_PARAGRAPHS:,} paragraphs "
                                  "and table rows in the .docx file")
        if tag in ("p", "tbl") and "body" in path and \
                all(t in ("sdt", "sdtContent") for t in path[path.index("body") + 1:]):
            yield tag, el
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
            held = 0


def _run_text(run: Any) -> str:
    parts = []
    for child in run:
        if child.tag == W + "t":
            parts.append(child.text or "")
        elif child.tag == W + "br" and child.get(W + "type") not in (None, "textWrapping"):
            continue  # a page or column break
        else:
            parts.append(_RUN_TEXT.get(child.tag, ""))
    return "".join(parts)


def _runs(p: Any) -> Iterator[Any]:
    """The paragraph's runs, those inside hyperlinks too."""
    for child in p:
        if child.tag == W + "r":
            yield child
        elif child.tag == W + "hyperlink":
            yield from child.iterchildren(W + "r")


def _text(p: Any) -> str:
    return normalise("".join(_run_text(r) for r in _runs(p)))


def _bold(run: Any) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and b.get(W + "val", "true").lower() not in _FALSE


def _style_level(p: Any, styles: _Styles) -> int:
    style_el = p.find(f"{W}pPr/{W}pStyle")
    style = styles.name(style_el.get(W + "val") if style_el is not None else None)
    if style == "Title":
        return 1
    m = re.match(r"(?:Heading|Otsikko)\s*(\d)", style)
    return min(6, int(m.group(1)) + 1) if m else 0


def _bold_only(p: Any, text: str) -> bool:
    # Direct children only, as Word's own "runs" of a paragraph.
    runs = [r for r in p.iterchildren(W + "r") if _run_text(r).strip()]
    return bool(runs) and all(_bold(r) for r in runs) and len(text.split()) <= 12 \
        and not text.endswith(".")


def _rows(tbl: Any) -> Iterator[list[str]]:
    """Cell texts of each row, one per grid column: a merged cell repeats its text."""
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        column = int(before.get(W + "val", "0")) if before is not None and \
            before.get(W + "val", "0").isdigit() else 0
        for tc in tr.iterchildren(W + "tc"):
            props = tc.find(W + "tcPr")
            span_el = props.find(W + "gridSpan") if props is not None else None
            span = int(span_el.get(W + "val", "1")) if span_el is not None and \
                span_el.get(W + "val", "1").isdigit() else 1
            merge = props.find(W + "vMerge") if props is not None else None
            if merge is not None and merge.get(W + "val", "continue") == "continue":
                text = above.get(column, "")
            else:
                text = "\n".join(_text(p) for p in tc.iterchildren(W + "p"))
            for _ in range(max(1, min(span, 64))):
                above[column] = text
                cells.append(text)
                column += 1
        yield cells


def _blocks(body: Iterator[tuple[str, Any]], styles: _Styles) -> tuple[list[Block], str | None]:
    # Bold-only paragraphs and table-row labels are subheadings of the deepest
    # heading style used (level 2 in a document without paragraphs); that is
    # known only at the end, so such blocks get a placeholder level first.
    blocks: list[Block] = []
    subheadings: list[Block] = []
    deepest: int | None = None  # the deepest heading style level of any paragraph
    title = None
    number = 0
    for tag, el in body:
        if tag == "p":
            number += 1
            level = _style_level(el, styles)
            deepest = max(deepest or 0, level)
            text = _text(el).strip()
            if not text:
                continue
            if level:
                blocks.append(Block(text, "heading", level, [Anchor(0, number, 1)]))
                if level == 1 and title is None:
                    title = text
            elif _bold_only(el, text):
                blocks.append(Block(text, "heading", 0, [Anchor(0, number, 1)]))
                subheadings.append(blocks[-1])
            else:
                blocks.append(Block(text, "text", 0, _anchors(text, number)))
        else:
            for row in _rows(el):
                number += 1
                cells = [c.strip() for c in row]
                if len(cells) == 2 and cells[0] and cells[0] != cells[1]:
                    blocks.append(Block(cells[0], "heading", 0, [Anchor(0, number, 1)],
                                        label=True))
                    subheadings.append(blocks[-1])
                    if cells[1]:
                        blocks.append(Block(cells[1], "text", 0, _anchors(cells[1], number)))
                elif any(cells):
                    text = " | ".join(c for c in cells if c)
                    blocks.append(Block(text, "text", 0, _anchors(text, number)))
    sub_level = min(6, (1 if deepest is None else deepest) + 1)
    for block in subheadings:
        block.level = sub_level
    return blocks, title


def _anchors(text: str, number: int) -> list[Anchor]:
    """Every line of a paragraph (split by line breaks) is in paragraph ``number``."""
    anchors = [Anchor(0, number, 1)]
    anchors += [Anchor(m.end(), number, 1) for m in re.finditer("\n", text)]
    return anchors

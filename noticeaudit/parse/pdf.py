"""Parse PDF notices (with a text layer) into sections, using pdfplumber.

A PDF has no markup, so structure is read from typography:

- the body size is the font size most characters use;
- a short line (at most 14 words, not ending like a sentence) is a heading when
  it is larger than the body (level by size rank, largest = 1) or bold at the
  body size (one level below the sized headings);
- consecutive body lines form one paragraph until a vertical gap noticeably
  bigger than the usual line pitch; a paragraph that breaks mid-sentence at a
  page end continues on the next page;
- running headers and footers (lines in the top or bottom 8% of the page that
  repeat, digits aside, on at least half of the pages) and bare page numbers
  are dropped, except that a running line with a date is kept once (a header
  on its first page, a footer on its last): it may be the notice's only date
  ("Last updated: 14 December 2022" in every footer).

Anchors give the page and the line's 1-based number among the page's
extracted lines (running headers and footers included), so a reader can count
down the page to find it.
"""
from __future__ import annotations

import io
import logging
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..dates import DATE
from ..errors import SourceError
from ..inflate import inflated_size
from ..model import Anchor, Block, Document
from ..sections import build_document, clean_heading, line_separator
from ..sources import MAX_BYTES, size_text
from ..textnorm import INVISIBLE, normalise

if TYPE_CHECKING:
    from pdfplumber.page import Page

_MAX_HEADING_WORDS = 14
TOTAL_STREAMS = 5  # all streams together may inflate to this many times --max-bytes
_MARGIN = 0.08  # share of the page height where running headers/footers live
_PARAGRAPH_GAP = 1.4  # a line pitch this many times the usual one starts a paragraph

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_SENTENCE_END = re.compile(r"[.!;,]$")
_BULLET = re.compile(r"^[•·▪◦‣∙*\-–—]\s")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+\S")
# "Email: dpo@example.lu", "Data Controller: Example Asbl": a field with its value
# (a bold label in a form-like layout), not a heading.
_FIELD = re.compile(r"^[^:]{1,40}:\s+\S")
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—(\[]*(?:(?:sivu|page|sida|s\.)\s*)?\d{1,4}"
    r"(?:\s*(?:/|of|av|\(|\|)\s*\d{1,4}\)?)?[\s\-–—)\]]*$", re.I)
# A hyphen after a lowercase letter at line end splits a word ("henkilö-" +
# "tiedot"); "EU-" + "alueella" keeps its hyphen.
_SPLIT_WORD = re.compile(r"[a-zåäöüß]-$")
# "henkilö-" + "ja yhteystiedot" is a suspended compound, not a split word.
_CONJUNCTIONS = {"ja", "tai", "sekä", "eli", "och", "eller", "and", "or"}


@dataclass
class _Line:
    text: str
    page: int
    number: int  # 1-based among the page's extracted lines
    top: float
    bottom: float
    page_height: float
    size: float  # dominant font size, rounded to 0.5pt
    bold: bool
    chars: int


def parse_pdf(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> Document:
    """Parse a PDF notice; raise SourceError when it cannot be read as text."""
    _check_streams(data, max_bytes)
    lines, pages, meta_title = _read(data)
    lines = _drop_running(lines, pages)
    if not lines:
        raise SourceError("no text layer (scanned PDF?)")
    blocks = _blocks(lines)
    title = next((clean_heading(b.text) for b in blocks if b.kind == "heading" and b.level == 1),
                 None) or meta_title
    return build_document(blocks, source, "pdf", title=title)


# --- reading -----------------------------------------------------------------

@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs warnings about harmless font quirks; keep them off the user's terminal."""
    log = logging.getLogger("pdfminer")
    old = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(old)


def _check_streams(data: bytes, limit: int) -> None:
    """Refuse a PDF whose compressed streams inflate past ``limit`` (one) or
    ``TOTAL_STREAMS * limit`` (all): pdfminer inflates a stream whole, in memory."""
    total = 0
    for m in _STREAM.finditer(data):
        end = data.find(b"endstream", m.end())
        size = inflated_size(data[m.end():end if end >= 0 else len(data)], limit)
        if size is None:
            raise SourceError(f"not a notice: a PDF stream inflates to more than "
                              f"{size_text(limit)}")
        total += size
        if total > TOTAL_STREAMS * limit:
            raise SourceError(f"not a notice: the PDF's streams inflate to more than "
                              f"{size_text(TOTAL_STREAMS * limit)}")


def _read(data: bytes) -> tuple[list[_Line], int, str | None]:
    """Extract the lines of every page, the page count and the metadata title."""
    if b"%PDF-" not in data[:1024]:
        raise SourceError("not a readable PDF (no PDF header)")
    # pdfminer quietly recovers what it can from a cut-off file; a partial
    # notice would then be audited as if whole, so refuse it up front.
    if b"%%EOF" not in data[-4096:]:
        raise SourceError("not a readable PDF (truncated: no end-of-file marker)")
    try:
        import pdfplumber

        with _quiet_pdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            meta = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
            lines: list[_Line] = []
            count = 0
            for count, page in enumerate(pdf.pages, 1):
                lines.extend(_page_lines(page, count))
                page.close()
    except SourceError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a broken file
        raise SourceError(_reason(exc)) from None
    title = meta.strip() if isinstance(meta, str) and meta.strip() else None
    return lines, count, title


def _page_lines(page: Page, number: int) -> list[_Line]:
    out: list[_Line] = []
    for raw in page.extract_text_lines(return_chars=True, strip=True):
        text = raw["text"].rstrip()
        if text.endswith("\u00ad"):  # a soft hyphen that broke the line: the word goes on
            text = text[:-1] + "-"
        text = normalise(text).strip()
        chars = [c for c in raw["chars"] if c["text"].strip() and not INVISIBLE.match(c["text"])]
        if not text or not chars:
            continue
        sizes = Counter(round(float(c["size"]) * 2) / 2 for c in chars)
        bold = sum(1 for c in chars if _BOLD_FONT.search(c.get("fontname") or ""))
        out.append(_Line(text, number, len(out) + 1, float(raw["top"]), float(raw["bottom"]),
                         float(page.height), sizes.most_common(1)[0][0],
                         bold >= 0.9 * len(chars), len(chars)))
    return out


def _reason(exc: BaseException) -> str:
    """A short, user-facing reason for a pdfminer/pdfplumber failure."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 5:
        chain.append(e)
        chain.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        e = e.__cause__ or e.__context__
    names = " ".join(type(x).__name__ for x in chain)
    if "Password" in names or "Encrypt" in names:
        return "encrypted PDF"
    inner = chain[-1]
    if type(inner).__name__ == "PSEOF":
        return "not a readable PDF (file ends unexpectedly)"
    detail = str(inner).strip().splitlines()[0][:80] if str(inner).strip() else ""
    cause = f"{type(inner).__name__}: {detail}" if detail else type(inner).__name__
    return f"not a readable PDF ({cause})"


# --- running headers and footers --------------------------------------------

def _in_margin(ln: _Line) -> bool:
    return ln.top < _MARGIN * ln.page_height or ln.bottom > (1 - _MARGIN) * ln.page_height


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_running(lines: list[_Line], pages: int) -> list[_Line]:
    seen: dict[str, set[int]] = defaultdict(set)
    for ln in lines:
        if _in_margin(ln):
            seen[_running_key(ln.text)].add(ln.page)
    need = max(2, math.ceil(pages / 2))
    running = [ln for ln in lines
               if _in_margin(ln) and not _PAGE_NUMBER.match(ln.text)
               and pages >= 2 and len(seen[_running_key(ln.text)]) >= need]
    keep: dict[str, _Line] = {}  # one dated line per running text
    for ln in running:
        if DATE.search(ln.text):
            key = _running_key(ln.text)
            header = ln.top < _MARGIN * ln.page_height
            if key not in keep or not header:  # a header's first page, a footer's last
                keep[key] = ln
    dropped = {id(ln) for ln in running} - {id(ln) for ln in keep.values()}
    return [ln for ln in lines
            if not (id(ln) in dropped or (_in_margin(ln) and _PAGE_NUMBER.match(ln.text)))]


# --- headings and paragraphs ---------------------------------------------------

def _short(text: str) -> bool:
    """Could this line be a heading by its wording alone?"""
    words = text.split()
    return (0 < len(words) <= _MAX_HEADING_WORDS and not _SENTENCE_END.search(text)
            and (text[0].isupper() or text[0].isdigit()) and not _BULLET.match(text)
            and any(ch.isalpha() for ch in text) and "http" not in text
            and "@" not in text and not _FIELD.match(text))


def _levels(lines: list[_Line]) -> tuple[float, dict[float, int], int]:
    """Body size, heading level per larger size, and the level of bold body-size headings."""
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[ln.size] += ln.chars
    body = weights.most_common(1)[0][0]
    sizes = sorted({ln.size for ln in lines if ln.size > body and _short(ln.text)}, reverse=True)
    by_size = {s: min(i + 1, 5) for i, s in enumerate(sizes)}
    return body, by_size, min(len(by_size) + 1, 6)


def _heading_level(ln: _Line, body: float, by_size: dict[float, int], bold_level: int) -> int:
    if not _short(ln.text):
        return 0
    if ln.size in by_size:
        return by_size[ln.size]
    if ln.bold and (ln.size == body or (_NUMBERED.match(ln.text) and ln.size >= body - 1)):
        return bold_level
    return 0


def _usual_pitch(lines: list[_Line], body: float, is_heading: list[bool]) -> float:
    """Median distance between consecutive body-size text lines on a page."""
    pitches = [b.top - a.top for a, b, ha, hb in zip(lines, lines[1:], is_heading, is_heading[1:])
               if not ha and not hb and a.page == b.page and a.size == b.size == body
               and 0 < b.top - a.top < 4 * body]
    return statistics.median(pitches) if pitches else 1.5 * body


def _blocks(lines: list[_Line]) -> list[Block]:
    body, by_size, bold_level = _levels(lines)
    levels = [_heading_level(ln, body, by_size, bold_level) for ln in lines]
    limit = _PARAGRAPH_GAP * _usual_pitch(lines, body, [lv > 0 for lv in levels])

    blocks: list[Block] = []
    para: list[_Line] = []
    heading_line: _Line | None = None  # the last line of the heading just emitted

    def flush() -> None:
        nonlocal para
        if para:
            blocks.append(_text_block(para))
        para = []

    for ln, level in zip(lines, levels):
        if heading_line is not None and _continues_heading(heading_line, ln):
            blocks[-1].text += " " + ln.text
            heading_line = ln
            continue
        if level:
            flush()
            blocks.append(Block(ln.text, "heading", level, [Anchor(0, ln.number, 1, ln.page)]))
            heading_line = ln
            continue
        heading_line = None
        if para and not _same_paragraph(para[-1], ln, limit * ln.size / body):
            flush()
        para.append(ln)
    flush()
    return blocks


def _continues_heading(prev: _Line, ln: _Line) -> bool:
    """A heading wrapped onto a second line: same style, close below, starts lowercase."""
    return (ln.page == prev.page and ln.size == prev.size and ln.bold == prev.bold
            and 0 < ln.top - prev.top <= 1.6 * ln.size and ln.text[:1].islower()
            and not _SENTENCE_END.search(ln.text) and len(ln.text.split()) <= _MAX_HEADING_WORDS)


def _same_paragraph(prev: _Line, ln: _Line, limit: float) -> bool:
    if ln.size != prev.size:
        return False
    if ln.page != prev.page:
        # Carried over a page break mid-sentence.
        return ln.page == prev.page + 1 and ln.text[:1].islower()
    return 0 < ln.top - prev.top <= limit


def _text_block(lines: list[_Line]) -> Block:
    """Join lines (one anchor per line), mending words split by a hyphen."""
    text = ""
    anchors: list[Anchor] = []
    for ln in lines:
        rest, column = ln.text, 1
        if _SPLIT_WORD.search(text) and rest[:1].islower():
            word, _, tail = rest.partition(" ")
            if word.rstrip(",.;:").lower() not in _CONJUNCTIONS:
                # Move the word's second half up to its first half.
                text = text[:-1] + word
                rest = tail.lstrip()
                column = len(ln.text) - len(rest) + 1
                if not rest:
                    continue
        if text:
            text += line_separator(text[text.rfind("\n") + 1:], rest, soft_wrapped=True)
        anchors.append(Anchor(len(text), ln.number, column, ln.page))
        text += rest
    return Block(text, "text", 0, anchors)

"""Parse plain-text and Markdown notices into sections.

Real notices use one of a few layouts, and the parser first decides which one
a document uses, because a line that is a heading in one layout is body text
in another (a lone "Kalvokeskus.fi asiakasrekisteri" line under "3. Rekisterin
nimi" is a value, not a heading):

- tab-separated exports: ``Label<TAB>value`` rows, continuation lines that
  start with a tab, HTML fragments inside the values;
- numbered headings: ``1. Rekisterinpitäjä``, ``3.1 Evästeet``;
- Markdown: ``#`` headings, setext underlines, bold-only lines, front matter;
- inline labels: paragraphs that open with ``Otsikko: teksti``;
- capitals: headings are lines in capitals without numbers (``REKISTERINPITÄJÄ``).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import Anchor, Block, Document
from ..sections import build_document, line_separator

_TAGS = re.compile(r"<[^>\n]{1,200}>")
_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*$")
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+(\S.*?)\s*$")
_LABEL = re.compile(r"^([A-ZÄÖÅ][^:\n]{1,80}?):(?:\s+(\S.*))?\s*$")
_TAB_ROW = re.compile(r"^([^\t]{2,300})\t(.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"[.!;,]\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)")
_BR = re.compile(r"<br\s*/?>", re.I)
# Hidden in Markdown: inline HTML, emphasis, entities, and a link's brackets and
# target ("[text](url)" reads as "text": the address is not notice text; an
# e-mail or phone target stays, as a contact detail the reader can use).
_MD_HIDDEN = re.compile(r"<[^>\n]{1,200}>|\*\*|__|&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"
                        r"|!?\[(?=[^\[\]\n]{0,300}\]\((?!mailto:|tel:)[^()\s]{0,500}"
                        r"(?:\s+\"[^\"\n]{0,200}\")?\))"
                        r"|\]\((?!mailto:|tel:)[^()\s]{0,500}(?:\s+\"[^\"\n]{0,200}\")?\)")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
# A table of contents: a list item that is only a link to an anchor of the page.
_MD_TOC_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+\[[^\[\]\n]{1,300}\]\(#[^()\s]{0,300}\)\s*$")


@dataclass
class _Line:
    text: str
    number: int  # 1-based line in the source


def parse_text(text: str, source: str, markdown: bool = False) -> Document:
    """Parse a text or Markdown notice."""
    lines = [_Line(t, i + 1) for i, t in enumerate(text.splitlines())]
    title, lines = _front_matter(lines)
    if markdown:
        # The page's table of contents repeats its headings: navigation, not notice text.
        lines = [ln for ln in lines if not _MD_TOC_ITEM.match(ln.text)]
    blocks = _tab_blocks(lines, markdown) if _count_tab_rows(lines) >= 3 else _line_blocks(lines, markdown)
    return build_document(blocks, source, "markdown" if markdown else "text", title=title)


def _front_matter(lines: list[_Line]) -> tuple[str | None, list[_Line]]:
    """Drop YAML front matter, keeping its title."""
    i = 0
    while i < len(lines) and not lines[i].text.strip():
        i += 1
    if i >= len(lines) or lines[i].text.strip() != "---":
        return None, lines
    for j in range(i + 1, min(len(lines), i + 80)):
        if lines[j].text.strip() in ("---", "..."):
            title = None
            for ln in lines[i + 1:j]:
                m = re.match(r"^\s*title\s*:\s*(.+?)\s*$", ln.text)
                if m:
                    title = m.group(1).strip("\"' ")
            return title, lines[j + 1:]
    return None, lines


def _visible_runs(text: str, markdown: bool) -> list[tuple[int, str]]:
    """(offset in ``text``, visible text) runs of one line.

    Markdown renders inline HTML, entities and emphasis, so tags and emphasis are
    dropped (``<br>`` reads as a space) and entities decoded; plain text shows
    them as typed. Each run keeps its offset so
    that locations stay exact after the hidden markup.
    """
    if not markdown:
        return [(0, text)] if text else []
    runs: list[tuple[int, str]] = []
    pos = 0
    for m in _MD_HIDDEN.finditer(text):
        runs.append((pos, text[pos:m.start()]))
        if _BR.fullmatch(m.group()):
            runs.append((m.start(), " "))
        elif m.group().startswith("&"):
            runs.append((m.start(), html.unescape(m.group())))
        pos = m.end()
    runs.append((pos, text[pos:]))
    return [(offset, run) for offset, run in runs if run]


def _text_block(lines: list[_Line], markdown: bool, column: int = 1) -> Block:
    """One text block; a wrapped line joins the previous one with a space."""
    parts: list[str] = []
    anchors: list[Anchor] = []
    pos = 0
    prev = ""
    for k, ln in enumerate(lines):
        runs = _visible_runs(ln.text.rstrip(), markdown)
        line_text = "".join(run for _, run in runs)
        base = column if k == 0 else 1
        if k:
            sep = line_separator(prev, line_text, soft_wrapped=markdown)
            parts.append(sep)
            pos += len(sep)
            if sep == " " and runs:
                offset, run = runs[0]
                stripped = run.lstrip()
                runs[0] = (offset + len(run) - len(stripped), stripped)
        for offset, run in runs:
            if not run:
                continue
            anchors.append(Anchor(pos, ln.number, base + offset))
            parts.append(run)
            pos += len(run)
        prev = line_text
    return Block("".join(parts), "text", 0, anchors)


def _code_block(lines: list[_Line]) -> Block:
    """A fenced code block: its lines as typed, one per line, nothing hidden or joined."""
    parts: list[str] = []
    anchors: list[Anchor] = []
    pos = 0
    for ln in lines:
        anchors.append(Anchor(pos, ln.number, 1))
        parts.append(ln.text.rstrip())
        pos += len(parts[-1]) + 1
    return Block("\n".join(parts), "text", 0, anchors)


def _heading(text: str, level: int, ln: _Line, label: bool = False, column: int = 1) -> Block:
    clean = _MD_EMPHASIS.sub("", _TAGS.sub("", text))
    clean = re.sub(r"\\\s?([.()\[\]#*_-])", r"\1", clean).strip().rstrip(":").strip()
    return Block(clean, "heading", level, [Anchor(0, ln.number, column)], label=label)


# --- tab-separated exports -------------------------------------------------

def _count_tab_rows(lines: list[_Line]) -> int:
    return sum(1 for ln in lines if _TAB_ROW.match(ln.text) and ln.text[:1] not in "\t ")


def _tab_blocks(lines: list[_Line], markdown: bool) -> list[Block]:
    blocks: list[Block] = []
    seen_row = False
    for ln in lines:
        m = _TAB_ROW.match(ln.text)
        if m and ln.text[:1] not in "\t ":
            seen_row = True
            blocks.append(_heading(m.group(1), 2, ln, label=True))
            value = m.group(2)
            if value.strip():
                blocks.append(_text_block([_Line(value, ln.number)], markdown,
                                          column=len(m.group(1)) + 2))
        elif not seen_row and ln.text.strip():
            # Above the table: title lines, and perhaps an introduction.
            atx = _ATX.match(ln.text)
            if atx or _is_heading_text(ln.text):
                blocks.append(_heading(atx.group(2) if atx else ln.text, 1, ln))
            else:
                blocks.append(_text_block([ln], markdown))
        elif ln.text.strip():
            # A continuation of the row above (often indented with a tab).
            stripped = ln.text.lstrip("\t ")
            blocks.append(_text_block([_Line(stripped, ln.number)], markdown,
                                      column=len(ln.text) - len(stripped) + 1))
    return blocks


# --- line layouts ----------------------------------------------------------

def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Split on blank lines; a fenced code block is one paragraph of its own."""
    paras: list[list[_Line]] = []
    cur: list[_Line] = []
    in_fence = False
    for ln in lines:
        if _FENCE.match(ln.text):
            in_fence = not in_fence
            if cur:
                paras.append(cur)
                cur = []
            continue
        if not in_fence and not ln.text.strip():
            if cur:
                paras.append(cur)
                cur = []
            continue
        cur.append(ln)
    if cur:
        paras.append(cur)
    return paras


def _is_heading_text(t: str, max_words: int = 14) -> bool:
    t = _MD_EMPHASIS.sub("", t).strip()
    return (0 < len(t.split()) <= max_words and not _SENTENCE_END.search(t.rstrip(":"))
            and t[:1].isupper() and "http" not in t)


def _code_lines(lines: list[_Line]) -> set[int]:
    """Numbers of the lines inside fenced code blocks: examples, never headings."""
    code: set[int] = set()
    in_fence = False
    for ln in lines:
        if _FENCE.match(ln.text):
            in_fence = not in_fence
        elif in_fence:
            code.add(ln.number)
    return code


def _numbered_candidates(lines: list[_Line], code: set[int]) -> dict[int, tuple[int, str]]:
    """Line number -> (level, heading) for numbered headings that form a sequence."""
    found: dict[int, tuple[int, str]] = {}
    last_top = 0
    for ln in lines:
        if ln.number in code or _ATX.match(ln.text):
            continue
        m = _NUMBERED.match(_MD_EMPHASIS.sub("", ln.text))
        if not m or not _is_heading_text(m.group(2)):
            continue
        nums = [int(n) for n in m.group(1).split(".")]
        if len(nums) == 1:
            if last_top < nums[0] <= last_top + 2:  # tolerate one skipped number
                last_top = nums[0]
                found[ln.number] = (2, _MD_EMPHASIS.sub("", ln.text).strip())
        elif nums[0] == last_top:
            found[ln.number] = (1 + len(nums), _MD_EMPHASIS.sub("", ln.text).strip())
    return found if sum(1 for lv, _ in found.values() if lv == 2) >= 3 else {}


def _is_caps_heading(t: str) -> bool:
    """A line in capitals that reads as a heading: no digits, no address or e-mail."""
    t = _MD_EMPHASIS.sub("", t).strip().rstrip(":").strip()
    letters = sum(c.isalpha() for c in t)
    return (letters >= 4 and t.isupper() and not re.search(r"[\d@/]", t)
            and _is_heading_text(t, 12) and not _MD_LIST.match(t))


def _line_blocks(lines: list[_Line], markdown: bool) -> list[Block]:
    code = _code_lines(lines)
    paras = _paragraphs(lines)
    atx_levels = [len(m.group(1)) for ln in lines
                  if ln.number not in code and (m := _ATX.match(ln.text))]
    has_atx = bool(atx_levels)
    # When the Markdown headings carry the numbering ("## 3 Tarkoitus"), numbered
    # lines are an ordered list, not headings.
    numbered_atx = sum(1 for ln in lines if ln.number not in code and (m := _ATX.match(ln.text))
                       and _NUMBERED.match(m.group(2)))
    numbered = _numbered_candidates(lines, code) if numbered_atx < 2 else {}
    # Bold-only lines and "Label: value" fields are subheadings of the deepest
    # Markdown heading level (level 2 without Markdown headings).
    sub_level = min(6, max(atx_levels, default=1) + 1)
    label_starts = 0
    if not numbered:
        label_starts = sum(1 for p in paras if p[0].number not in code and _label(p[0].text))
    use_labels = label_starts >= 3
    # Plain-text notices whose only headings are lines in capitals (a title in
    # Markdown does not count as a heading layout).
    caps = set()
    if not numbered and len(atx_levels) <= 1:
        caps = {ln.number for ln in lines if ln.number not in code and _is_caps_heading(ln.text)}
        if len(caps) < 3:
            caps = set()

    blocks: list[Block] = []
    first = True
    for para in paras:
        if para[0].number in code:
            blocks.append(_code_block(para))
            first = False
            continue
        run: list[_Line] = []

        def flush_run() -> None:
            nonlocal run
            if run:
                blocks.append(_text_block(run, markdown))
            run = []

        for idx, ln in enumerate(para):
            t = ln.text
            atx = _ATX.match(t)
            nxt = para[idx + 1].text if idx + 1 < len(para) else ""
            if atx:
                flush_run()
                blocks.append(_heading(atx.group(2), len(atx.group(1)), ln))
            elif idx + 1 < len(para) and _SETEXT.match(nxt) and not run and _is_heading_text(t):
                blocks.append(_heading(t, 1 if nxt.strip()[0] == "=" else 2, ln))
            elif _SETEXT.match(t) and blocks and blocks[-1].kind == "heading" and not run:
                continue
            elif ln.number in numbered:
                flush_run()
                level, head = numbered[ln.number]
                blocks.append(_heading(head, level, ln))
            elif ln.number in caps and not (first and idx == 0):
                flush_run()
                blocks.append(_heading(_MD_EMPHASIS.sub("", t).strip().rstrip(":").strip(),
                                       sub_level, ln))
            elif (bold := _BOLD_LINE.match(t)) and _is_heading_text(bold.group(1)):
                flush_run()
                blocks.append(_heading(bold.group(1), sub_level, ln))
            elif use_labels and idx == 0 and (labelled := _label(t)):
                label, value = labelled
                blocks.append(_heading(label, sub_level, ln, label=True))
                # The rest of the paragraph continues the value, in one block so
                # that a sentence running over the line break stays whole.
                rest = para[idx + 1:]
                col = 1
                if value:
                    rest = [_Line(value, ln.number), *rest]
                    col = t.find(value) + 1 or 1
                if rest:
                    blocks.append(_text_block(rest, markdown, column=col))
                break
            elif (first and (numbered or not has_atx) and idx == 0
                  and (t.isupper() or not nxt.lstrip()[:1].islower())
                  and _is_heading_text(t, 12) and not _label(t) and not _MD_LIST.match(t)):
                # A title line, perhaps with a date or the organisation's name on
                # the lines below it (a lower-case next line continues a sentence,
                # unless the title is in capitals).
                blocks.append(_heading(t, 1, ln))
            else:
                run.append(ln)
            first = False
        flush_run()
        first = False
    return blocks


def _label(line: str) -> tuple[str, str] | None:
    """'Otsikko: teksti' -> (label, value) when the label looks like a field name."""
    m = _LABEL.match(_MD_EMPHASIS.sub("", line).strip())
    if not m:
        return None
    label = m.group(1).strip()
    if len(label.split()) > 9 or "http" in label or re.search(r"[.!?]", label):
        return None
    return label, (m.group(2) or "").strip()

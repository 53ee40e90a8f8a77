"""Sections of two versions of a notice matched by content, and word-level diffs.

Sections are matched in three passes: the same heading (numbering aside) and
the same words; then the same heading; then the most similar body among the
rest (at least half the words in common). What is left was added or removed.
A matched section is *renumbered* when only its heading's numbering changed,
*renamed* when the heading's words did, *modified* when its body did, and
*moved* when it left the order of the others (the pairs outside the longest
run that kept their order). Words are compared whole: Finnish inflects, so
"vuotta" -> "vuoden" is one changed word, and re-wrapped lines change nothing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..fingerprint import heading_key
from ..model import Document

SIMILAR = 0.5  # share of words in common for two differently headed sections to match
# A word (with inner dots, colons, hyphens, @: dates, e-mail addresses, "EU:n") or one mark.
_TOKEN = re.compile(r"[-–]?\w[\w@'’./:-]*\w|[-–]?\w|[^\w\s]")
_NO_SPACE_BEFORE = set(".,;:!?)]}»”’%")
_NO_SPACE_AFTER = set("([{«“‘")

# (tag, old words, new words, space before): tag is 'equal', 'delete', 'insert' or 'replace';
# the words keep the spacing they had in the notice.
WordOp = tuple[str, str, str, bool]


@dataclass(frozen=True)
class SectionText:
    """One section as the comparison sees it."""

    heading: str
    body: str
    key: str  # heading words without numbering
    tokens: tuple[str, ...]  # body words and punctuation marks
    spaces: tuple[bool, ...]  # whether whitespace comes before each token in the body
    content: str  # heading key and body words with the notice's own date masked


@dataclass
class SectionChange:
    """A section of either version and what happened to it."""

    old: SectionText | None
    new: SectionText | None
    old_index: int | None = None
    new_index: int | None = None
    modified: bool = False
    renumbered: bool = False
    renamed: bool = False
    moved: bool = False
    ops: list[WordOp] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """'added', 'removed', or what changed: modified, renumbered, renamed, moved; else 'unchanged'."""
        if self.old is None:
            return ["added"]
        if self.new is None:
            return ["removed"]
        kinds = [k for k, on in (("modified", self.modified), ("renumbered", self.renumbered),
                                 ("renamed", self.renamed), ("moved", self.moved)) if on]
        return kinds or ["unchanged"]

    @property
    def heading(self) -> str:
        side = self.new or self.old
        assert side is not None
        return side.heading


def section_texts(doc: Document, masked: list[tuple[int, int]] | None = None) -> list[SectionText]:
    """The sections of ``doc``; spans of ``masked`` (offsets in doc.text) leave ``content``."""
    out = []
    masked = sorted(masked or [])
    for sec in doc.sections:
        body = sec.body
        for start, end in reversed(masked):
            lo, hi = start - sec.body_start, end - sec.body_start
            if lo >= 0 and hi <= len(body):
                body = body[:lo] + " \x00 " + body[hi:]
        key = heading_key(sec.heading)
        found = list(_TOKEN.finditer(sec.body))
        out.append(SectionText(sec.heading, sec.body, key, tuple(m.group() for m in found),
                               tuple(m.start() > 0 and sec.body[m.start() - 1].isspace()
                                     for m in found),
                               key + "\x1f" + " ".join(body.split())))
    return out


def joined(tokens: tuple[str, ...] | list[str], spaces: tuple[bool, ...] | list[bool]) -> str:
    """Tokens as text again, with a space where the notice had whitespace."""
    return "".join((" " if space and i else "") + token
                   for i, (token, space) in enumerate(zip(tokens, spaces)))


def spaced(pieces: list[tuple[bool, str]]) -> str:
    """Rendered pieces of a word diff, each preceded by a space if it had one."""
    return "".join((" " if space and i else "") + shown
                   for i, (space, shown) in enumerate(p for p in pieces if p[1]))


def word_diff(old: SectionText, new: SectionText) -> list[WordOp]:
    """Word-level differences between two versions of a section's body."""
    a, b = old.tokens, new.tokens
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(tag, joined(a[i1:i2], old.spaces[i1:i2]), joined(b[j1:j2], new.spaces[j1:j2]),
             new.spaces[j1] if j2 > j1 else old.spaces[i1])
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def _similarity(a: tuple[str, ...], b: tuple[str, ...], floor: float = SIMILAR) -> float:
    """Share of words in common (difflib's ratio); 0 when surely below ``floor``."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def _in_order(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of (old, new) index pairs whose new indices rise with the old ones."""
    pairs = sorted(pairs)
    tails: list[int] = []  # smallest tail new-index of a rising run of each length
    tail_at: list[int] = []  # index into pairs of that tail
    back: list[int] = [-1] * len(pairs)
    for i, (_, new) in enumerate(pairs):
        k = bisect.bisect_left(tails, new)
        if k == len(tails):
            tails.append(new)
            tail_at.append(i)
        else:
            tails[k], tail_at[k] = new, i
        back[i] = tail_at[k - 1] if k else -1
    keep: set[tuple[int, int]] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        keep.add(pairs[i])
        i = back[i]
    return keep


def compare_sections(old: list[SectionText], new: list[SectionText]) -> list[SectionChange]:
    """Every section of both versions, in the new version's order (removed ones where they were)."""
    pairs: dict[int, int] = {}  # old index -> new index
    free_new = set(range(len(new)))

    def take(i: int, j: int) -> None:
        pairs[i] = j
        free_new.discard(j)

    # 1. Same heading and words: each old section takes the first such new one still free.
    exact: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for j, n in enumerate(new):
        exact.setdefault((n.key, n.tokens), []).append(j)
    for i, o in enumerate(old):
        candidates = exact.get((o.key, o.tokens))
        if candidates:
            take(i, candidates.pop(0))
    # 2. Same heading: the most similar body among the free ones (nearest on a tie).
    for i, o in enumerate(old):
        if i in pairs:
            continue
        same = [j for j in sorted(free_new) if new[j].key == o.key]
        if len(same) > 1:
            same.sort(key=lambda j: (-_similarity(o.tokens, new[j].tokens, 0.0), abs(j - i)))
        if same:
            take(i, same[0])
    # 3. The rest: the most similar bodies, at least SIMILAR alike.
    rest = [(i, o) for i, o in enumerate(old) if i not in pairs]
    scored = sorted(((_similarity(o.tokens, new[j].tokens), i, j) for i, o in rest
                     for j in sorted(free_new)), key=lambda t: (-t[0], t[1], t[2]))
    for score, i, j in scored:
        if score >= SIMILAR and i not in pairs and j in free_new:
            take(i, j)

    steady = _in_order(list(pairs.items()))
    changes: list[tuple[float, int, SectionChange]] = []
    for i, j in pairs.items():
        o, n = old[i], new[j]
        change = SectionChange(o, n, i, j, modified=o.tokens != n.tokens,
                               renumbered=o.key == n.key and o.heading.split() != n.heading.split(),
                               renamed=o.key != n.key, moved=(i, j) not in steady)
        if change.modified:
            change.ops = word_diff(o, n)
        changes.append((j, 0, change))
    for j in sorted(free_new):
        changes.append((j, 0, SectionChange(None, new[j], new_index=j)))
    for i, o in enumerate(old):
        if i not in pairs:
            before = [pairs[k] for k in range(i) if k in pairs]
            changes.append(((before[-1] if before else -1) + 0.5, i,
                            SectionChange(o, None, old_index=i)))
    return [c for _, _, c in sorted(changes, key=lambda t: (t[0], t[1]))]

"""Where rule patterns can match: candidate lines and sentences, found cheaply.

Every regex source of the rule files is split into the parts its matches
come from (:func:`parts`: a top-level alternation whose branches do not all
carry a literal is searched branch by branch). Each part either has literals
one of which every match contains (:func:`noticeaudit.patterns.required_literals`
of its looser form, :func:`noticeaudit.patterns.relaxed`) or is scanned with
that looser form. :class:`LiteralIndex` finds the literals of all sources of
a catalogue in one pass over the lower-cased notice with an Aho-Corasick
automaton (pyahocorasick: a C extension with wheels for Linux, macOS and
Windows); :class:`Prefilter` turns the hits into candidate lines and
sentences, confirmed with the looser form on the line or sentence alone.
Nothing here knows any rule: it works on whatever regex sources it is given.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import lru_cache

from .patterns import relaxed, relaxed_source, required_literals

try:
    import ahocorasick
except ImportError:  # pragma: no cover - the dependency has wheels everywhere
    ahocorasick = None


Parts = tuple[tuple[str, frozenset[str] | None], ...]

# parts() of sources already analysed in an earlier run (from the catalogue cache)
_KNOWN: dict[str, Parts] = {}


def remember(known: dict[str, Parts]) -> None:
    """Take :func:`parts` of these sources as known (a table from :func:`table`)."""
    _KNOWN.update(known)


def table(sources: Iterable[str]) -> dict[str, Parts]:
    """:func:`parts` of each source, to keep for a later run."""
    return {source: parts(source) for source in sources}


def parts(source: str) -> Parts:
    """(part, its required literals or None) for the parts of ``source``'s matches.

    A source whose matches all contain one of a set of literals is one part;
    otherwise a top-level alternation (also inside one enclosing group) is
    split into its branches, so that one branch without literals does not
    make the whole alternation a full scan.
    """
    known = _KNOWN.get(source)
    if known is None:
        known = _KNOWN[source] = _parts(source)
    return known


def _parts(source: str) -> Parts:
    literals = required_literals(relaxed_source(source))
    if literals is not None:
        return ((source, literals),)
    branches = _branches(_unwrap(source))
    if len(branches) < 2:
        return ((source, None),)
    return tuple(p for branch in branches for p in parts(branch))


def _unwrap(source: str) -> str:
    """The content of a group that spans all of ``source`` (else ``source``)."""
    if not source.startswith("(") or _close(source, 0) != len(source) - 1:
        return source
    if source.startswith("(?:"):
        return source[3:-1]
    if source.startswith("(?P<"):
        return source[source.index(">") + 1:-1]
    if source.startswith("(?"):
        return source  # a lookaround or an inline flag group: leave it whole
    return source[1:-1]


def _structure(source: str) -> Iterable[tuple[int, str]]:
    """(index, character) of the parentheses and ``|`` of ``source`` that are
    syntax: not escaped and not inside a character class."""
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # skip the class; a ] right after [ or [^ is a literal
            i += 1 + (source[i + 1:i + 2] == "^")
            i += source[i:i + 1] == "]"
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch in "()|":
            yield i, ch
        i += 1


def _branches(source: str) -> list[str]:
    """``source`` split at its top-level ``|``."""
    out, depth, start = [], 0, 0
    for i, ch in _structure(source):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(source[start:i])
            start = i + 1
    out.append(source[start:])
    return out


def _close(source: str, at: int) -> int:
    """Index of the parenthesis closing the one at ``source[at]`` (-1 if none)."""
    depth = 0
    for i, ch in _structure(source):
        if i < at or ch == "|":
            continue
        depth += 1 if ch == "(" else -1
        if depth == 0:
            return i
    return -1


class LiteralIndex:
    """The required literals of many regex sources, found in a text in one pass."""

    def __init__(self, sources: Iterable[str]) -> None:
        literals = {lit for source in sources for _, lits in parts(source) if lits for lit in lits}
        self.literals = frozenset(literals)
        self._automaton = None
        if ahocorasick is not None and literals:
            automaton = ahocorasick.Automaton()
            for lit in literals:
                automaton.add_word(lit, lit)
            automaton.make_automaton()
            self._automaton = automaton

    def scan(self, lower: str) -> dict[str, list[int]]:
        """Start offsets of every occurrence of each indexed literal in ``lower``."""
        found: dict[str, list[int]] = {}
        if self._automaton is None:
            return {lit: _find_all(lower, lit) for lit in self.literals}
        for end, lit in self._automaton.iter(lower):
            found.setdefault(lit, []).append(end - len(lit) + 1)
        return found


def _find_all(text: str, literal: str) -> list[int]:
    out = []
    at = text.find(literal)
    while at >= 0:
        out.append(at)
        at = text.find(literal, at + 1)
    return out


class Prefilter:
    """Candidate lines and sentences of one notice for any regex source.

    ``lower`` is the notice lower-cased (same offsets), ``line_starts`` and
    ``sentences`` its line and sentence index (a sentence lies within a line).
    """

    def __init__(self, index: LiteralIndex, lower: str, lower_lines: list[str],
                 line_starts: list[int], sentences: list[tuple[int, int]]) -> None:
        self._index = index
        self._lower = lower
        self._lower_lines = lower_lines
        self._line_starts = line_starts
        self._sentences = sentences
        self._sentence_starts = [s for s, _ in sentences]
        self._hits = index.scan(lower)
        self._lines: dict[str, set[int]] = {}
        self._sents: dict[str, set[int]] = {}
        self._scanned: dict[str, set[int]] = {}
        self._sentence_lines: list[int] | None = None

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _literal_hits(self, literal: str) -> list[int]:
        hits = self._hits.get(literal)
        if hits is None:
            hits = [] if literal in self._index.literals else _find_all(self._lower, literal)
            self._hits[literal] = hits
        return hits

    def _scan_lines(self, part: str) -> set[int]:
        """Lines touched by a match of ``part``'s looser form in the whole text."""
        lines = self._scanned.get(part)
        if lines is None:
            lines = self._scanned[part] = set()
            for m in relaxed(part).finditer(self._lower):
                lines.update(range(self._line_of(m.start()),
                                   self._line_of(max(m.start(), m.end() - 1)) + 1))
        return lines

    def lines(self, source: str) -> set[int]:
        """Lines (indices) where ``source`` can match (a superset)."""
        found = self._lines.get(source)
        if found is not None:
            return found
        found = set()
        for part, literals in parts(source):
            if literals is None:
                found |= self._scan_lines(part)
                continue
            candidates = {self._line_of(at) for lit in literals for at in self._literal_hits(lit)}
            if candidates:  # compiled only when needed: most parts find no literal in a notice
                loose = relaxed(part)
                found |= {i for i in candidates if loose.search(self._lower_lines[i])}
        self._lines[source] = found
        return found

    def sentences(self, source: str) -> set[int]:
        """Sentences (indices) in which ``source`` can match (a superset)."""
        found = self._sents.get(source)
        if found is not None:
            return found
        found = set()
        starts, spans = self._sentence_starts, self._sentences
        for part, literals in parts(source):
            if literals is None:
                lines = self._scan_lines(part)
                found |= {i for i, line in enumerate(self._sentence_line_index()) if line in lines}
                continue
            candidates = set()
            for lit in literals:
                for at in self._literal_hits(lit):
                    i = bisect.bisect_right(starts, at) - 1
                    if i >= 0 and at + len(lit) <= spans[i][1]:
                        candidates.add(i)
            if candidates:
                loose = relaxed(part)
                found |= {i for i in candidates if loose.search(self._lower[spans[i][0]:spans[i][1]])}
        self._sents[source] = found
        return found

    def _sentence_line_index(self) -> list[int]:
        if self._sentence_lines is None:
            self._sentence_lines = [self._line_of(s) for s in self._sentence_starts]
        return self._sentence_lines


@lru_cache(maxsize=16)
def literal_index(sources: frozenset[str]) -> LiteralIndex:
    """The literal index of a set of sources (built once per rule catalogue)."""
    return LiteralIndex(sources)

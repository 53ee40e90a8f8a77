"""Rule patterns: compiling them, and cheap tests of where they can match.

Patterns in rule files are Python regular expressions, matched
case-insensitively. To avoid running every pattern at every position of a
notice, :func:`relaxed` makes a looser pattern for lower-cased text (no
lookarounds or anchors, so it matches wherever the original can), and
:func:`required_literals` reads from the parsed pattern strings one of which
every match must contain, so plain substring search finds the lines worth
searching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

FLAGS = re.IGNORECASE | re.MULTILINE


@dataclass(frozen=True)
class Vocab:
    """Compiled rule vocabulary: one regular expression per entry, and their alternation."""

    sources: tuple[str, ...]
    langs: tuple[str, ...] = ()  # per entry: fi/sv/en (words) or 'regex'

    @cached_property
    def rx(self) -> re.Pattern[str]:
        # Compiled on first use: a run that never needs a pattern never pays for it.
        return _compile(self.sources)

    def __bool__(self) -> bool:
        return bool(self.sources)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.rx.search(text, pos, len(text) if endpos is None else endpos)


@lru_cache(maxsize=2048)
def relaxed(pattern: str) -> re.Pattern[str]:
    """A looser ``pattern`` for lower-cased text: it matches wherever ``pattern`` does.

    Lookarounds and anchors are dropped and literals lower-cased, so the result
    runs without IGNORECASE (several times faster) on the lower-cased text.
    """
    out: list[str] = []
    i, n, in_class = 0, len(pattern), False
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]":  # a literal ] first in a class
                out.append("[]")
                i += 2
                continue
        elif pattern.startswith("(?P<", i):  # a group name keeps its case
            j = pattern.index(">", i) + 1
            out.append(pattern[i:j])
            i = j
            continue
        elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _group_end(pattern, i)
            continue
        elif ch in "^$":
            i += 1
            continue
        out.append(ch.lower())
        i += 1
    return re.compile("".join(out), re.MULTILINE)


@lru_cache(maxsize=2048)
def required_literals(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` contains one, or None if unknown."""
    try:
        found = _required(_sre_parser.parse(pattern))
    except Exception:  # an unusual construct: no shortcut, scan with the pattern
        return None
    return frozenset(found) if found else None


def _required(seq: Any) -> set[str] | None:
    """The most selective set of literals one of which every match of ``seq`` contains."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= 3:
            candidates.append({"".join(run)})
        run.clear()

    for op, av in seq:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _sre.SUBPATTERN:
            sub = _required(av[3])
            if sub:
                candidates.append(sub)
        elif op is _sre.BRANCH:
            branches = [_required(b) for b in av[1]]
            if all(branches):
                candidates.append(set().union(*branches))  # type: ignore[arg-type]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] >= 1:
            sub = _required(av[2])
            if sub:
                candidates.append(sub)
    flush()
    return max(candidates, key=lambda c: min(map(len, c))) if candidates else None


def _group_end(pattern: str, i: int) -> int:
    """Index just past the group that opens at ``pattern[i]``."""
    depth, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


@lru_cache(maxsize=4096)
def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), FLAGS)


def compile_regex(source: str) -> re.Pattern[str]:
    """One pattern as the rules match it (case-insensitive, multi-line)."""
    return _compile((source,))



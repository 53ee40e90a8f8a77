"""Stable finding fingerprints, for SARIF partialFingerprints, baselines and ``diff``.

Version 2 (the current one) depends on the rule, the words of the section
heading without its numbering ("3. Säilytysaika" and "4 Säilytysaika" are one
heading) and the words of the matched text: case, punctuation, whitespace and
line wrapping play no part, nor do line numbers or the order of sections. So
a finding keeps its fingerprint when text above it is added, when sections
are renumbered or moved, when lines are re-wrapped, and when the same text is
published in another format (PDF, HTML). The n-th identical finding in a
document gets ``:n`` appended so repeated occurrences stay distinct.

Version 1 (rule, heading as written, matched text with its punctuation) is
kept so that baselines written by earlier releases still apply.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter

from .model import Document, Finding

VERSION = 2

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# "3.", "3.1", "§ 4", "IV.", "b)", "(2)" before a heading's words.
_NUMBERING = re.compile(
    r"^\s*(?:§\s*)?\(?(?:\d+(?:[.,]\d+)*|[ivxlcIVXLC]+(?=[.)])|[a-zA-Z](?=\)))[.):]?\s*(?=\w)")


def _norm(text: str | None) -> str:
    return _WS.sub(" ", (text or "").strip().lower())


def words(text: str | None) -> str:
    """The lower-cased words of ``text``, one space apart: no punctuation, no wrapping."""
    return " ".join(_WORD.findall((text or "").lower()))


def heading_key(heading: str | None) -> str:
    """A heading's words without its numbering: the same for '3. Säilytysaika' and '4) Säilytysaika'."""
    return words(_NUMBERING.sub("", heading or "", count=1))


def _matched(f: Finding, document: Document | None) -> str:
    text = document.text[f.span[0]:f.span[1]] if f.span and document is not None else ""
    return text or f.excerpt or ""


def _numbered(bases: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for basis in bases:
        digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        out.append(digest if seen[digest] == 1 else f"{digest}:{seen[digest]}")
    return out


def fingerprints(findings: list[Finding], document: Document | None) -> list[str]:
    """One version-2 fingerprint per finding, in the same order."""
    return _numbered(["\x1f".join(("v2", f.rule, heading_key(f.location.section),
                                   words(_matched(f, document))))
                      for f in findings])


def fingerprints_v1(findings: list[Finding], document: Document | None) -> list[str]:
    """Version-1 fingerprints (heading and matched text as written), for old baselines."""
    return _numbered(["\x1f".join((f.rule, _norm(f.location.section),
                                   _norm(_matched(f, document))))
                      for f in findings])

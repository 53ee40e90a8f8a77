"""Stable finding fingerprints, for SARIF partialFingerprints and baselines.

A fingerprint depends on the rule, the section heading and the matched text
(normalised: case, whitespace), never on line numbers, so a finding keeps its
fingerprint when text above it is added or removed. The n-th identical match
in a document gets ``:n`` appended so repeated occurrences stay distinct.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter

from .model import Document, Finding

_WS = re.compile(r"\s+")


def _norm(text: str | None) -> str:
    return _WS.sub(" ", (text or "").strip().lower())


def fingerprints(findings: list[Finding], document: Document | None) -> list[str]:
    """One fingerprint per finding, in the same order."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        matched = ""
        if f.span and document is not None:
            matched = document.text[f.span[0]:f.span[1]]
        basis = "\x1f".join((f.rule, _norm(f.location.section), _norm(matched or f.excerpt)))
        digest = hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]
        seen[digest] += 1
        out.append(digest if seen[digest] == 1 else f"{digest}:{seen[digest]}")
    return out

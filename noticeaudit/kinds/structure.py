"""Structural kinds: ``empty-section`` (a heading with nothing under it) and
``duplicated-passage`` (the same sentence-long passage twice or more)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding, Location
from ..registry import Rule, kind
from ..ruleschema import INT, param
from .base import AuditContext

_TAGS = re.compile(r"<[^>]{1,200}>|&[a-z]+;|&#\d+;")
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class EmptySectionParams:
    """No parameters."""


@dataclass(frozen=True)
class DuplicatedPassageParams:
    min_words: int = param(INT, 15, "passages of at least this many words")


@kind("empty-section", EmptySectionParams)
def empty_section(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """A heading whose body is empty, and whose next heading is not a subheading."""
    findings = []
    secs = ctx.doc.sections
    started = False  # a masthead of top-level headings above the first text is a title block
    for i, sec in enumerate(secs):
        if not sec.heading or re.search(r"\w", _TAGS.sub("", sec.body)):
            started = True
            continue  # (a body of placeholders only is T001, not T002)
        if not started and not sec.label:
            continue
        started = True
        nxt = secs[i + 1] if i + 1 < len(secs) else None
        if nxt is not None and nxt.level > sec.level:
            continue  # its content is the subsections
        span = (sec.heading_start, sec.heading_start + len(sec.heading))
        findings.append(ctx.finding(rule, span, heading=sec.heading))
    return findings


@kind("duplicated-passage", DuplicatedPassageParams)
def duplicated_passage(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """Sentences of at least `min_words` words that occur more than once."""
    min_words = rule.params.min_words
    first: dict[str, tuple[int, int]] = {}
    findings = []
    for span in ctx.sentences:
        words = _NON_WORD.sub(" ", _TAGS.sub(" ", ctx.sentence_text(span))).lower().split()
        if len(words) < min_words:
            continue
        key = " ".join(words)
        if key not in first:
            first[key] = span
            continue
        earlier = first[key]
        loc: Location = ctx.doc.location(*earlier)
        where = ctx.where(loc)
        findings.append(ctx.finding(rule, span, related=[(ctx.excerpt(earlier, 120), loc)],
                                    where=where))
    return findings

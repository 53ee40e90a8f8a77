"""Kind ``density``: hedging words dense enough to hide what is actually done.

Counts matches of ``patterns`` per 100 words in each section (only sections
whose heading matches ``scope``, when given). A section with at least
``min_hits`` matches and more than ``per_100_words`` per 100 words is reported,
the densest first, at most one finding per document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding
from ..patterns import Vocab
from ..registry import Rule, kind
from ..ruleschema import FLOAT, INT, VOCAB, param
from .base import AuditContext

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DensityParams:
    patterns: Vocab = param(VOCAB, doc="the words counted (hedges)", required=True)
    scope: Vocab | None = param(VOCAB, doc="count only in sections whose heading matches")
    min_hits: int = param(INT, 5, "at least this many matches in the section")
    per_100_words: float = param(FLOAT, 4.0, "and more than this many per 100 words")


@kind("density", DensityParams)
def density(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """Words of a kind dense enough in one section."""
    p: DensityParams = rule.params
    best: tuple[float, int, object] | None = None
    for sec in ctx.doc.sections:
        if p.scope is not None and not (sec.heading and p.scope.search(sec.heading)):
            continue
        start, end = sec.body_start, ctx.section_end(sec)
        words = len(_WORD.findall(ctx.text, start, end))
        hits = list(p.patterns.rx.finditer(ctx.text, start, end))
        if len(hits) < p.min_hits or not words:
            continue
        rate = 100 * len(hits) / words
        if rate > p.per_100_words and (best is None or rate > best[0]):
            best = (rate, len(hits), (sec, hits))
    if best is None:
        return []
    rate, count, (sec, hits) = best  # type: ignore[misc]
    hedges = sorted({" ".join(m.group(0).lower().split()) for m in hits})
    first = hits[0]
    return [ctx.finding(rule, (first.start(), first.end()),
                        details=[", ".join(hedges)],
                        count=str(count), rate=f"{rate:.1f}", section=sec.heading or "")]

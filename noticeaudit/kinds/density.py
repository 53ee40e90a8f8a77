"""Kind ``density``: hedging words dense enough to hide what is actually done.

Counts matches of ``patterns`` per 100 words in each section (only sections
whose heading matches ``scope``, when given). A section with at least
``min_hits`` matches and more than ``per_100_words`` per 100 words is reported,
the densest first, at most one finding per document.
"""
from __future__ import annotations

import re

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding
from ..patterns import compile_patterns

_WORD = re.compile(r"\w+")


def density(ctx: Context, rule: Rule) -> list[Finding]:
    rx = compile_patterns(rule.params.get("patterns"))
    scope = compile_patterns(rule.params.get("scope"))
    min_hits = int(rule.params.get("min_hits", 5))
    limit = float(rule.params.get("per_100_words", 4.0))
    best: tuple[float, int, object] | None = None
    for sec in ctx.doc.sections:
        if rx is None or (scope is not None and not (sec.heading and scope.search(sec.heading))):
            continue
        start, end = sec.body_start, ctx.section_end(sec)
        words = len(_WORD.findall(ctx.text, start, end))
        hits = list(rx.finditer(ctx.text, start, end))
        if len(hits) < min_hits or not words:
            continue
        rate = 100 * len(hits) / words
        if rate > limit and (best is None or rate > best[0]):
            best = (rate, len(hits), (sec, hits))
    if best is None:
        return []
    rate, count, (sec, hits) = best  # type: ignore[misc]
    hedges = sorted({" ".join(m.group(0).lower().split()) for m in hits})
    first = hits[0]
    return [ctx.finding(rule, (first.start(), first.end()),
                        details=[", ".join(hedges)],
                        count=str(count), rate=f"{rate:.1f}", section=sec.heading or "")]

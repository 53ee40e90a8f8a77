"""Kind ``phrase``: a forbidden, outdated or placeholder phrase, one finding per occurrence.

``unless`` cancels a match whose sentence also matches (the act mentioned
*as repealed*); ``context`` requires another pattern within ``window``
characters (an address given *for the ombudsman*); ``per_line`` makes the
occurrences on one line one finding (markup that repeats on every line);
``current_in`` names references that are current in one jurisdiction
(Datainspektionen is Åland's authority today), which are no finding there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding
from ..patterns import Vocab
from ..registry import Rule, kind
from ..ruleschema import BOOL, FACT, INT, JURISDICTION_VOCABS, VOCAB, Problem, param
from .base import AuditContext

_SENTENCE_BREAK = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class PhraseParams:
    patterns: Vocab | None = param(VOCAB, doc="the phrase (one finding per occurrence)")
    fact: str | None = param(FACT, doc="use the patterns of this fact instead of 'patterns'")
    unless: Vocab | None = param(VOCAB, doc="not a finding when the sentence around the match matches")
    context: Vocab | None = param(VOCAB, doc="a finding only with one of these within 'window' characters")
    window: int = param(INT, 200, "how far (characters, either side) 'context' may be")
    per_line: bool = param(BOOL, False, "several occurrences on one line are one finding")
    current_in: dict[str, Vocab] | None = param(
        JURISDICTION_VOCABS, doc="jurisdiction -> matches that are current there (no finding "
        "in a notice of that jurisdiction)")

    def __post_init__(self) -> None:
        if (self.patterns is None) == (self.fact is None):
            raise Problem("give either 'patterns' or 'fact' (a fact whose patterns to use)")


@kind("phrase", PhraseParams)
def phrase(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """Each occurrence of an outdated, forbidden or placeholder phrase."""
    p: PhraseParams = rule.params
    vocab = p.patterns if p.patterns is not None else ctx.fact_spec(p.fact or "").patterns
    if vocab is None:
        return []
    current = (p.current_in or {}).get(ctx.jurisdiction)
    findings: list[Finding] = []
    seen_lines: set[int] = set()  # a match never spans lines: sentences do not
    last_end = -1
    for line, m in ctx.finditer(vocab.rx, vocab.sources):
        if m.end() == m.start():
            continue
        base = ctx.line_start(line)
        span = (base + m.start(), base + m.end())
        # "henkilötietolaki (523/1999)": two patterns, one reference, one finding.
        gap = ctx.text[last_end:span[0]] if last_end >= 0 else None
        last_end = span[1]
        if gap is not None and len(gap) <= 20 and not _SENTENCE_BREAK.search(gap):
            continue
        if p.unless is not None and p.unless.search(ctx.sentence_text(ctx.sentence_at(span[0]))):
            continue
        if current is not None and current.rx.match(
                ctx.text, span[0], ctx.sentence_at(span[0])[1]) is not None:
            continue  # the reference, read from here on, is a current one there
        if p.context is not None:
            around = ctx.text[max(0, span[0] - p.window):span[1] + p.window]
            if not p.context.search(around):
                continue
        if p.per_line:
            if line in seen_lines:
                continue
            seen_lines.add(line)
        findings.append(ctx.finding(rule, span, match=" ".join(m.group(0).split())))
    return findings

"""Kind ``phrase``: a forbidden, outdated or placeholder phrase, one finding per occurrence.

Parameters: ``patterns`` (or ``fact``: use a fact's patterns); ``unless`` (the sentence around the match also
matches: not a finding, e.g. the act mentioned *as repealed*); ``context``
and ``window`` (another pattern must occur within ``window`` characters, e.g.
an address given *for the ombudsman*); ``per_line`` (occurrences on one line
make one finding, for markup that repeats on every line).
"""
from __future__ import annotations

import re

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding
from ..patterns import compile_patterns


def phrase(ctx: Context, rule: Rule) -> list[Finding]:
    spec = rule.params.get("patterns")
    if "fact" in rule.params:
        spec = ctx.catalogue.facts[rule.params["fact"]].get("patterns")
    rx = compile_patterns(spec)
    if rx is None:
        return []
    unless = compile_patterns(rule.params.get("unless"))
    context = compile_patterns(rule.params.get("context"))
    window = int(rule.params.get("window", 200))
    per_line = bool(rule.params.get("per_line"))
    findings: list[Finding] = []
    seen_lines: set[int] = set()  # a match never spans lines: sentences do not
    last_end = -1
    for line, m in ctx.finditer(rx):
        if m.end() == m.start():
            continue
        base = ctx.line_start(line)
        span = (base + m.start(), base + m.end())
        # "henkilötietolaki (523/1999)": two patterns, one reference, one finding.
        gap = ctx.text[last_end:span[0]] if last_end >= 0 else None
        last_end = span[1]
        if gap is not None and len(gap) <= 20 and not re.search(r"[.!?\n]", gap):
            continue
        if unless is not None and unless.search(ctx.sentence_text(ctx.sentence_at(span[0]))):
            continue
        if context is not None:
            around = ctx.text[max(0, span[0] - window):span[1] + window]
            if not context.search(around):
                continue
        if per_line:
            if line in seen_lines:
                continue
            seen_lines.add(line)
        findings.append(ctx.finding(rule, span, match=" ".join(m.group(0).split())))
    return findings

"""Kind ``required``: an item the notice must contain (GDPR Art. 13/14).

The rule itself is an evidence spec (``headings``, ``heading_suffices``,
``patterns``, ``counter`` ...; see the README), optionally with ``when``:
facts that must hold for the item to be required (M017 only when consent is
a basis). A missing item is one finding per document that says which
sections were searched and quotes the near misses with why they do not
count.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..evidence import EvidenceSpec
from ..model import Finding, Location
from ..registry import Rule, kind
from ..ruleschema import FACTS, Problem, param
from .base import AuditContext


@dataclass(frozen=True)
class RequiredParams(EvidenceSpec):
    when: tuple[str, ...] = param(FACTS, (), "facts that must hold for the item to be required")

    def __post_init__(self) -> None:
        if self.is_empty:
            raise Problem("says nothing to look for: give 'headings', 'patterns', 'any', "
                          "'fact' or 'services'")


@kind("required", RequiredParams, texts=("searched", "whole-notice", "sections-searched",
                                         "required-because", "near-miss"))
def required(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """An item the notice must contain, decided from evidence and counter-evidence."""
    p: RequiredParams = rule.params
    if not all(ctx.fact(name) for name in p.when):
        return []
    ev = ctx.evaluate(p)
    if ev:
        return []
    searched = list(dict.fromkeys(ev.searched))
    where = (ctx.say("sections-searched", s=", ".join(f"'{h}'" for h in searched))
             if searched else ctx.say("whole-notice"))
    details = [ctx.say("searched", where=where)]
    for name in p.when:
        hits = ctx.fact(name).hits
        if hits:
            where_hit = ctx.where(ctx.doc.location(*hits[0]))
            details.append(ctx.say("required-because", q=ctx.excerpt(hits[0], 120), where=where_hit))
    seen: set[str] = set()
    for span, why in ev.near[:3]:
        quote = ctx.excerpt(span, 120)
        if quote in seen:
            continue
        seen.add(quote)
        details.append(ctx.say("near-miss", q=quote, why=why))
    location = Location()
    if searched:
        sec = next(s for s in ctx.doc.sections if s.heading == searched[0])
        location = ctx.doc.location(sec.heading_start, sec.heading_start + len(sec.heading))
    return [ctx.finding(rule, None, details=details, location=location)]

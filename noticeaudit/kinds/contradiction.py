"""Kind ``contradiction``: a claim and a fact of the same notice that conflict.

``claim`` and ``fact`` are evidence specs; ``unless`` (an evidence spec, e.g.
``{fact: consent-tool}``) found anywhere in the notice resolves the conflict
(a consent banner for cookies). One finding per document, located at the
claim, citing the conflicting fact with its location.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..evidence import EVIDENCE, EvidenceSpec
from ..model import Finding
from ..registry import Rule, kind
from ..ruleschema import param
from .base import AuditContext


@dataclass(frozen=True)
class ContradictionParams:
    claim: EvidenceSpec = param(EVIDENCE, doc="what the notice says (e.g. no transfers outside the EU)",
                                required=True)
    fact: EvidenceSpec = param(EVIDENCE, doc="what conflicts with it (e.g. a US service named)",
                               required=True)
    unless: EvidenceSpec | None = param(EVIDENCE, doc="found anywhere, it resolves the conflict")


@kind("contradiction", ContradictionParams, texts=("conflicts-with",))
def contradiction(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """A claim of the notice and a fact of the same notice that conflict."""
    p: ContradictionParams = rule.params
    if p.unless is not None and ctx.evaluate(p.unless):
        return []
    claim = ctx.evaluate(p.claim)
    if not claim:
        return []
    fact = ctx.evaluate(p.fact)
    if not fact:
        return []
    claim_span, fact_span = claim.hits[0], fact.hits[0]
    fact_loc = ctx.doc.location(*fact_span)
    where = ctx.where(fact_loc)
    if fact_loc.section:
        where = f"{where}, '{fact_loc.section}'"
    quote = ctx.excerpt(fact_span, 120)
    return [ctx.finding(rule, claim_span,
                        details=[ctx.say("conflicts-with", q=quote, where=where)],
                        related=[(quote, fact_loc)],
                        fact=ctx.text[fact_span[0]:fact_span[1]])]

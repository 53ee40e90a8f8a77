"""Kind ``contradiction``: a claim and a fact of the same notice that conflict.

Parameters: ``claim`` and ``fact`` (evidence specs, see the README) and
``unless`` (patterns, or an evidence spec such as ``{fact: consent-tool}``:
found anywhere in the notice, it resolves the conflict, e.g. a consent banner
for cookies). One finding per document,
located at the claim, citing the conflicting fact with its location.
"""
from __future__ import annotations

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding
from ..patterns import compile_patterns

_CONFLICT = {"en": "Conflicts with: '{q}' ({where}).", "fi": "Ristiriidassa: '{q}' ({where}).",
             "sv": "Motsägs av: '{q}' ({where})."}


def contradiction(ctx: Context, rule: Rule) -> list[Finding]:
    unless = rule.params.get("unless")
    if isinstance(unless, dict):
        if ctx.evaluate(unless):
            return []
    elif unless:
        rx = compile_patterns(unless)
        if rx is not None and rx.search(ctx.text):
            return []
    claim = ctx.evaluate(rule.params["claim"])
    if not claim:
        return []
    fact = ctx.evaluate(rule.params["fact"])
    if not fact:
        return []
    claim_span, fact_span = claim.hits[0], fact.hits[0]
    fact_loc = ctx.doc.location(*fact_span)
    where = ctx.where(fact_loc)
    if fact_loc.section:
        where = f"{where}, '{fact_loc.section}'"
    lang = ctx.messages if ctx.messages in _CONFLICT else "en"
    quote = ctx.excerpt(fact_span, 120)
    return [ctx.finding(rule, claim_span,
                        details=[_CONFLICT[lang].format(q=quote, where=where)],
                        related=[(quote, fact_loc)],
                        fact=ctx.text[fact_span[0]:fact_span[1]])]

"""Kind ``required``: an item the notice must contain (GDPR Art. 13/14).

The rule itself is an evidence spec (``headings``, ``heading_suffices``,
``patterns``, ``counter``, ``scope``; see the README), optionally with
``when``: facts that must hold for the item to be required (M017 only when
consent is a basis). A missing item is one finding per document that says
which sections were searched and quotes the near misses with why they do not
count.
"""
from __future__ import annotations

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding, Location

_SEARCHED = {
    "en": "Searched: {where}.",
    "fi": "Etsitty: {where}.",
    "sv": "Genomsökt: {where}.",
}
_WHOLE = {"en": "the whole notice", "fi": "koko seloste", "sv": "hela beskrivningen"}
_SECTIONS = {"en": "sections {s} and the whole notice", "fi": "osiot {s} sekä koko seloste",
             "sv": "avsnitten {s} och hela beskrivningen"}
_BECAUSE = {"en": "Required because: '{q}' ({where}).", "fi": "Vaaditaan, koska: '{q}' ({where}).",
            "sv": "Krävs eftersom: '{q}' ({where})."}
_NEAR = {"en": "Came close but does not count: '{q}' ({why}).",
         "fi": "Lähellä, mutta ei riitä: '{q}' ({why}).",
         "sv": "Nära, men räcker inte: '{q}' ({why})."}


def _names(when: object) -> list[str]:
    if not when:
        return []
    return [when] if isinstance(when, str) else list(when)  # type: ignore[call-overload]


def _facts_hold(ctx: Context, when: object) -> bool:
    return all(bool(ctx.fact(n)) for n in _names(when))


def required(ctx: Context, rule: Rule) -> list[Finding]:
    if not _facts_hold(ctx, rule.params.get("when")):
        return []
    ev = ctx.evaluate(rule.params)
    if ev:
        return []
    lang = ctx.messages if ctx.messages in _SEARCHED else "en"
    searched = list(dict.fromkeys(ev.searched))
    where = (_SECTIONS[lang].format(s=", ".join(f"'{h}'" for h in searched))
             if searched else _WHOLE[lang])
    details = [_SEARCHED[lang].format(where=where)]
    for name in _names(rule.params.get("when")):
        hits = ctx.fact(name).hits
        if hits:
            where_hit = ctx.where(ctx.doc.location(*hits[0]))
            details.append(_BECAUSE[lang].format(q=ctx.excerpt(hits[0], 120), where=where_hit))
    seen: set[str] = set()
    for span, why in ev.near[:3]:
        quote = ctx.excerpt(span, 120)
        if quote in seen:
            continue
        seen.add(quote)
        details.append(_NEAR[lang].format(q=quote, why=why))
    location = Location()
    if searched:
        sec = next(s for s in ctx.doc.sections if s.heading == searched[0])
        location = ctx.doc.location(sec.heading_start, sec.heading_start + len(sec.heading))
    return [ctx.finding(rule, None, details=details, location=location)]

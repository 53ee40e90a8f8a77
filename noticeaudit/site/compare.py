"""S002-S006: what the browser observed against what the notice says.

The notice side reuses the catalogue: a service is named when its name, an
alias or (for S002) its company appears in a sentence that does not say it is
not used (the engine's service matching); "nothing leaves the EU/EEA" is
C001's claim, and "says something about transfers" is M008's evidence. S004
and S005 need no notice; S002, S003 and S006 need an audited notice.
"""
from __future__ import annotations

from ..catalogue import Catalogue, Rule
from ..engine import Context, _service_pattern
from ..evidence import EvidenceSpec
from ..model import Finding, Location
from .classify import PHASE_WORDS, Classified, Seen, Sighting
from .services import DISCLOSABLE, TRACKING, Service, Services

_EVIDENCE = {
    "en": {"request": "request {what}", "cookie": "cookie {what}", "storage": "storage key {what}"},
    "fi": {"request": "pyyntö {what}", "cookie": "eväste {what}", "storage": "tallennusavain {what}"},
    "sv": {"request": "anrop {what}", "cookie": "kaka {what}", "storage": "lagringsnyckel {what}"},
}
_ALSO = {"en": "Also observed: {e}", "fi": "Havaittu myös: {e}", "sv": "Observerat också: {e}"}
_SILENT = {"en": "The notice says nothing about transfers outside the EU/EEA.",
           "fi": "Seloste ei kerro mitään siirroista EU:n/ETA:n ulkopuolelle.",
           "sv": "Beskrivningen säger inget om överföringar utanför EU/EES."}
_UNVISITED = {"en": "Pages visited: {p}. It may load only on pages that were not visited.",
              "fi": "Vieraillut sivut: {p}. Palvelu voi latautua vain sivuilla, joilla ei käyty.",
              "sv": "Besökta sidor: {p}. Tjänsten kan laddas bara på sidor som inte besöktes."}


def _lang(lang: str) -> str:
    return lang if lang in _EVIDENCE else "en"


def evidence(s: Sighting, lang: str) -> str:
    lang = _lang(lang)
    text = _EVIDENCE[lang][s.kind].format(what=s.what)
    return f"{text}, {PHASE_WORDS[lang][s.phase]}"


class Notice:
    """Where the audited notice names services and what it says about transfers."""

    def __init__(self, ctx: Context, catalogue: Catalogue, services: Services) -> None:
        self.ctx = ctx
        self.catalogue = catalogue
        self.services = services

    def names(self, service: Service, with_company: bool) -> tuple[int, int] | None:
        """The first span naming ``service`` as in use, or None."""
        aliases = service.aliases
        if with_company and service.company_short:
            aliases = (*aliases, service.company_short)
        rx = _service_pattern(((service.name, aliases),))
        if rx is None:
            return None
        not_used = self.catalogue.facts.get("service-not-used")
        for m in rx.finditer(self.ctx.text):
            sentence = self.ctx.sentence_text(self.ctx.sentence_at(m.start()))
            if not (not_used is not None and not_used.patterns is not None
                    and not_used.patterns.search(sentence)):
                return m.start(), m.end()
        return None

    def _evidence(self, rule_id: str, key: str | None) -> list[tuple[int, int]]:
        rule = self.catalogue.rules.get(rule_id)
        if rule is None:
            return []
        spec = getattr(rule.params, key, None) if key else rule.params
        return self.ctx.evaluate(spec).hits if isinstance(spec, EvidenceSpec) else []

    def no_transfer_claim(self) -> tuple[int, int] | None:
        hits = self._evidence("C001", "claim")
        return hits[0] if hits else None

    def says_transfers(self) -> bool:
        return bool(self._evidence("M008", None))

    def quote(self, span: tuple[int, int]) -> tuple[str, Location]:
        """The notice's sentence around ``span`` and its location."""
        return self.ctx.excerpt(span, 160), self.ctx.doc.location(*span)


def _finding(rule: Rule, lang: str, msg_lang: str, *, service: Service, first: Sighting | None,
             others: list[Sighting], location: Location | None = None, quote: str | None = None,
             related: list[tuple[str, Location]] | None = None,
             details: list[str] | None = None) -> Finding:
    """A site finding: the observation in the message, the notice's sentence (if any) as excerpt."""
    ev = evidence(first, msg_lang) if first else ""
    more = [_ALSO[_lang(msg_lang)].format(e=evidence(s, msg_lang)) for s in others[:4]]
    finding: Finding = rule.finding(
        messages=msg_lang, notice_lang=lang, location=location, excerpt=quote,
        details=[*(details or []), *more], related=related, service=service.name, evidence=ev)
    if finding.suggestion:
        finding.suggestion = finding.suggestion.format(service=service.name)
    return finding


def compare(found: Classified, notice: Notice | None, rules: list[Rule], lang: str,
            messages: str) -> list[Finding]:
    """S002-S006 findings, for the rules among ``rules`` (``lang``: the notice's language)."""
    chosen = {r.id: r for r in rules if r.id in ("S002", "S003", "S004", "S005", "S006")}
    msg = lang if messages == "auto" else messages
    out: list[Finding] = []
    seen = list(found.seen.values())

    for s in seen:
        if s.service.category not in TRACKING:
            continue
        for rid, phase in (("S004", "before-consent"), ("S005", "after-reject")):
            hits = [x for x in s.sightings if x.phase == phase]
            if rid in chosen and hits:
                first = s.first(hits[0].phase)
                out.append(_finding(chosen[rid], lang, msg, service=s.service, first=first,
                                    others=[h for h in hits if h is not first]))
    if notice is not None:
        out += _notice_findings(seen, notice, chosen, found, lang, msg)
    return out


def _notice_findings(seen: list[Seen], notice: Notice, chosen: dict[str, Rule],
                     found: Classified, lang: str, msg: str) -> list[Finding]:
    out: list[Finding] = []
    if "S002" in chosen:
        for s in seen:
            if s.service.category in DISCLOSABLE and notice.names(s.service, True) is None:
                first = s.first()
                out.append(_finding(chosen["S002"], lang, msg, service=s.service, first=first,
                                    others=[x for x in s.sightings if x is not first]))
    us = [s for s in seen if s.service.us_processing]
    if "S003" in chosen and us:
        claim = notice.no_transfer_claim()
        silent = claim is None and not notice.says_transfers()
        if claim is not None or silent:
            related: list[tuple[str, Location]] = []
            location = None
            if claim is not None:
                quote, location = notice.quote(claim)
                related = [(quote, location)]
                details: list[str] = []
            else:
                details = [_SILENT[_lang(msg)]]
            for s in us:
                first = s.first()
                out.append(_finding(chosen["S003"], lang, msg, service=s.service, first=first,
                                    others=[], location=location, related=related,
                                    quote=related[0][0] if related else None, details=details))
    if "S006" in chosen:
        observed = {s.service.name for s in seen}
        loaded = dict.fromkeys(p for v in found.observation.visits for p in v.pages)
        pages = ", ".join(loaded) or "-"
        for service in notice_services(notice):
            if service.name in observed:
                continue
            span = notice.names(service, False)
            if span is None:
                continue
            quote, location = notice.quote(span)
            out.append(_finding(chosen["S006"], lang, msg, service=service, first=None, others=[],
                                location=location, related=[(quote, location)], quote=quote,
                                details=[_UNVISITED[_lang(msg)].format(p=pages)]))
    return out


def notice_services(notice: Notice) -> list[Service]:
    """Services a browser could observe (hosts listed, loaded by pages): S006 candidates."""
    unique = {s.name: s for s in reversed(notice.services.all)}  # the user's entry wins
    return [s for s in unique.values() if s.hosts and s.category in DISCLOSABLE]

"""Map what the browser recorded to services, and summarise it for the reports.

Only third-party requests are classified by host; cookies and
local-storage keys by their domain (third-party cookies) or their name
(``_ga``, ``_fbp`` ... set on the site's own domain by a service's script).
What matches no service stays an unclassified third party.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .observe import PHASES, Observation, Phase
from .services import Service, Services

PHASE_WORDS = {
    "en": {"before-consent": "before consent", "after-accept": "after accept",
           "after-reject": "after reject"},
    "fi": {"before-consent": "ennen suostumusta", "after-accept": "hyväksymisen jälkeen",
           "after-reject": "kieltäytymisen jälkeen"},
    "sv": {"before-consent": "före samtycke", "after-accept": "efter godkännande",
           "after-reject": "efter avvisande"},
}


@dataclass
class Sighting:
    """One piece of evidence that a service ran: a request, a cookie or a storage key."""

    kind: str  # "request" | "cookie" | "storage"
    what: str  # the request URL, the cookie "name (domain)", the storage "key (origin)"
    phase: Phase
    visit: str


@dataclass
class Seen:
    service: Service
    sightings: list[Sighting] = field(default_factory=list)

    def phases(self) -> list[Phase]:
        return [p for p in PHASES if any(s.phase == p for s in self.sightings)]

    def first(self, phase: Phase | None = None) -> Sighting | None:
        """The first evidence (in ``phase``), a request before a cookie."""
        chosen = [s for s in self.sightings if phase is None or s.phase == phase]
        return next((s for s in chosen if s.kind == "request"), chosen[0] if chosen else None)


@dataclass
class Classified:
    observation: Observation
    seen: dict[str, Seen] = field(default_factory=dict)  # by service name, in order of first sight
    unclassified: dict[str, set[Phase]] = field(default_factory=dict)  # third-party host -> phases
    cookie_services: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, service: Service, sighting: Sighting) -> None:
        seen = self.seen.setdefault(service.name, Seen(service))
        if not any(s.what == sighting.what and s.phase == sighting.phase for s in seen.sightings):
            seen.sightings.append(sighting)


def classify(obs: Observation, services: Services) -> Classified:
    out = Classified(obs)
    for r in obs.requests:
        if obs.party(r.host) == "first":
            continue
        service = services.by_host(r.host)
        if service is None:
            out.unclassified.setdefault(r.host, set()).add(r.phase)
        else:
            # "← initiator": the script that started the request (language-neutral in messages)
            started = f" ← {r.initiator}" if r.initiator and r.initiator != r.page else ""
            out.add(service, Sighting("request", f"{r.url} ({r.type}{started})", r.phase, r.visit))
    for c in obs.cookies:
        domain = c.domain.lstrip(".")
        service = (services.by_host(domain) if c.party == "third" else None) or services.by_cookie(c.name)
        if service is not None:
            out.cookie_services[(c.name, c.domain)] = service.name
            out.add(service, Sighting("cookie", f"{c.name} ({c.domain})", c.phase, c.visit))
    for k in obs.storage:
        service = services.by_cookie(k.key)
        if service is not None:
            out.add(service, Sighting("storage", f"{k.key} ({k.origin})", k.phase, k.visit))
    return out


def observed_dict(found: Classified) -> dict[str, Any]:
    """The ``observed`` object of the reports (JSON-ready)."""
    obs = found.observation
    cookies: dict[tuple[str, str], dict[str, Any]] = {}
    for c in obs.cookies:
        row = cookies.setdefault((c.name, c.domain), {
            "name": c.name, "domain": c.domain, "party": c.party, "expires": c.expires,
            "service": found.cookie_services.get((c.name, c.domain)), "phases": []})
        if c.phase not in row["phases"]:
            row["phases"].append(c.phase)
    return {
        "url": obs.url,
        "pages": obs.pages,
        "visits": [{"visit": v.name, "pages": v.pages, "banner": v.banner, "clicked": v.clicked,
                    "note": v.note, "seconds": v.seconds} for v in obs.visits],
        "services": [{
            "name": s.service.name, "company": s.service.company, "country": s.service.country,
            "category": s.service.category, "us_processing": s.service.us_processing,
            "phases": {p: [x.what for x in s.sightings if x.phase == p][:5] for p in s.phases()},
        } for s in found.seen.values()],
        "unclassified": [{"host": h, "phases": [p for p in PHASES if p in phases]}
                         for h, phases in sorted(found.unclassified.items())],
        "cookies": [{**row, "phases": sorted(row["phases"], key=PHASES.index)}
                    for row in cookies.values()],
        "storage": [{"origin": o, "key": k} for o, k in sorted({(s.origin, s.key) for s in obs.storage})],
        "requests": len(obs.requests),
    }

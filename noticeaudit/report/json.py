"""``--format json``: the contract of spec/interface.md, version 1."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .. import __version__
from ..catalogue import Rule
from ..fingerprint import fingerprints
from ..model import Finding, Result
from . import summary


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "name": f.name,
        "severity": f.severity,
        "message": f.message,
        "gdpr": f.gdpr,
        "location": asdict(f.location),
        "excerpt": f.excerpt,
        "suggestion": f.suggestion,
        "details": f.details,
        "related": [{"excerpt": text, "location": asdict(loc)} for text, loc in f.related],
    }


def jurisdiction_dict(r: Result) -> dict[str, Any] | None:
    """The controller's jurisdiction with the evidence it was decided from."""
    j, doc = r.jurisdiction, r.document
    if j is None:
        return None
    return {
        "code": j.code,
        "region": j.region,
        "source": j.source,
        "evidence": [{"kind": s.kind, "country": s.country, "text": s.text,
                      "line": doc.location(s.offset).line if doc and s.offset is not None else None}
                     for s in j.evidence],
    }


def document_dict(r: Result) -> dict[str, Any]:
    doc = r.document
    return {
        "source": r.source,
        **({"url": r.url} if r.url else {}),  # URL sources: the page audited
        "format": doc.format if doc else None,
        "language": r.language,
        "title": doc.title if doc else None,
        "date": r.date,
        # Only when decoding had to replace undecodable bytes (U+FFFD in the text).
        **({"replaced_characters": doc.replaced_characters}
           if doc and doc.replaced_characters else {}),
        "sections": [{"title": s.heading, "line": s.line, "page": s.page}
                     for s in doc.sections if s.heading] if doc else [],
        "findings": [{**finding_dict(f), "fingerprint": fp}
                     for f, fp in zip(r.findings, fingerprints(r.findings, doc))],
        "error": r.error,
        "jurisdiction": jurisdiction_dict(r),
        **observed_dict(r),
    }


def observed_dict(r: Result) -> dict[str, Any]:
    """Site audits only: ``observed``, what the browser saw (absent for notice audits)."""
    return {"observed": r.observed} if r.observed is not None else {}


def render(results: list[Result], rules: list[Rule] | None = None, **_: object) -> str:
    return json.dumps({
        "noticeaudit": __version__,
        "documents": [document_dict(r) for r in results],
        "summary": summary(results),
    }, ensure_ascii=False, indent=2) + "\n"

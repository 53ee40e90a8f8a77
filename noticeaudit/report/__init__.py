"""Reports: pure functions from audit results to text, one module per format.

Each formatter takes the list of :class:`Result` (one per source) and returns
a string; none re-analyses anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document, Finding

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass
class Result:
    """One source's outcome: its document and findings, or the reason it failed."""

    source: str
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


def summary(results: list[Result]) -> dict[str, int]:
    counts = {"documents": len(results), "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return counts

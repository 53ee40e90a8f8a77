"""Reports: pure functions from audit results to text, one module per format.

Each format is a module here with ``render(results, rules, **options) -> str``:
``results`` is one :class:`Result` per source, ``rules`` the rules that ran
(for formats that describe them: SARIF, HTML). No formatter re-analyses
anything.
"""
from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from typing import Any

from ..catalogue import Rule
from ..model import Finding, Location, Result
from ..visible import one_line, visible

# format name -> module in this package
FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github",
           "markdown": "markdown", "html": "html"}
# Formats people read (in a terminal, a CI log, a browser): control characters made visible.
HUMAN = {"text", "github", "markdown", "html"}


def summary(results: list[Result]) -> dict[str, int]:
    counts = {"documents": len(results), "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return counts


def render(fmt: str, results: list[Result], rules: list[Rule], **options: Any) -> str:
    """Render ``results`` in format ``fmt``."""
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    if fmt in HUMAN:
        results = [_visible(r) for r in results]
    return module.render(results, rules, **options)


def _visible(r: Result) -> Result:
    """A copy of ``r`` whose strings show control characters visibly (``visible.py``);
    lengths are kept, so spans into the document's text stay right."""
    def opt(s: str | None) -> str | None:
        return None if s is None else visible(s)

    def loc(x: Location) -> Location:
        return replace(x, section=opt(x.section))

    def finding(f: Finding) -> Finding:
        return replace(f, message=visible(f.message), excerpt=opt(f.excerpt),
                       suggestion=opt(f.suggestion), details=[visible(d) for d in f.details],
                       location=loc(f.location), related=[(visible(t), loc(x)) for t, x in f.related])

    doc = r.document
    if doc is not None:
        doc = replace(doc, title=opt(doc.title), text=visible(doc.text), sections=[
            replace(s, heading=visible(s.heading), body=visible(s.body)) for s in doc.sections])
    return replace(r, source=one_line(r.source), url=r.url and one_line(r.url), error=opt(r.error),
                   document=doc, findings=[finding(f) for f in r.findings])

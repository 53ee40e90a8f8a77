"""``--format html``: one self-contained HTML report to hand to a client.

The page is rendered with Jinja2 from ``templates/report.html.j2`` with
autoescape on: every string that comes from a notice (its text, title,
headings, excerpts) is untrusted web content and reaches the page only as
escaped text. The stylesheet is inlined and the page loads nothing else (no
fonts, no scripts; a Content-Security-Policy forbids both in case a string
ever slipped through).

This module only arranges the results for the template: findings grouped by
family and numbered, and the notice text cut into pieces so that each
finding's span becomes a ``<mark id="f-N">`` linked to and from its finding.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..catalogue import Rule
from ..locations import describe
from ..model import SEVERITIES, Document, Finding, Location, Result
from ..registry import FAMILIES
from . import summary
from .observed import COOKIE_HEAD, SERVICE_HEAD, cookie_rows, service_rows, summary_line, visit_lines


@dataclass(frozen=True)
class Highlight:
    """A finding's span (or the other side of a contradiction) to mark in the text."""

    number: int
    start: int
    end: int
    severity: str
    rule: str
    related: int = 0  # 0: the finding's own span; k: its k-th related passage


@dataclass
class Piece:
    """A run of notice text and the highlights covering it, outermost first."""

    text: str
    marks: list[Highlight] = field(default_factory=list)
    first: set[Highlight] = field(default_factory=set)  # marks that start here (carry the id)
    ends: list[Highlight] = field(default_factory=list)  # marks that end here (back-links)


@dataclass
class SectionView:
    id: str
    level: int  # 1 (top) .. 6; 0 for text before the first heading
    heading: list[Piece]
    body: list[Piece]


@dataclass
class RelatedView:
    excerpt: str
    where: str
    href: str | None


@dataclass
class FindingView:
    number: int
    finding: Finding
    anchor: str | None
    explanation: str
    explanation_lang: str
    suggestion: str | None
    where: str
    href: str
    link_label: str
    excerpt: tuple[str, str, str] | None  # before, evidence, after
    related: list[RelatedView]


@dataclass
class SourceView:
    id: str
    result: Result
    title: str
    families_named: dict[str, str]  # the six families and any custom one, in report order
    counts: dict[str, dict[str, int]]  # family -> severity -> n, plus "total"
    families: list[tuple[str, str, list[FindingView]]]
    sections: list[SectionView]


def highlight(text: str, lo: int, hi: int, marks: list[Highlight],
              seen: set[Highlight]) -> list[Piece]:
    """Cut ``text[lo:hi]`` into pieces at every mark boundary.

    A mark that crosses pieces is repeated (nested inside or around the
    others); only its first piece, recorded in ``seen``, carries its id.
    """
    inside = [m for m in marks if m.start < hi and m.end > lo and m.start < m.end]
    cuts = sorted({lo, hi} | {min(max(x, lo), hi) for m in inside for x in (m.start, m.end)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        active = sorted((m for m in inside if m.start <= a and m.end >= b),
                        key=lambda m: (m.start, -m.end, m.number, m.related))
        piece = Piece(text[a:b], active)
        for m in active:
            if m not in seen:
                seen.add(m)
                piece.first.add(m)
        pieces.append(piece)
    return pieces


def _close_marks(pieces: list[Piece]) -> None:
    """Put each mark's back-link after its last piece."""
    done: set[Highlight] = set()
    for piece in reversed(pieces):
        for m in reversed(piece.marks):
            if m not in done:
                done.add(m)
                piece.ends.insert(0, m)


def _where(loc: Location) -> str:
    return describe(loc, sep=" · ") or "whole notice"


def _find_passage(doc: Document, excerpt: str, near: Location) -> tuple[int, int] | None:
    """Where a related excerpt (maybe cut with '…', whitespace collapsed) is in the text.

    Prefers a hit in the section the location names.
    """
    words = excerpt.strip().strip("…").split()
    if len(words) < 2:
        return None
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    hits = [(m.start(), m.end()) for m in pattern.finditer(doc.text)]
    same = [h for h in hits if (sec := doc.section_at(h[0])) and sec.heading == near.section]
    found = same or hits
    return found[0] if found else None


def _excerpt(f: Finding, doc: Document) -> tuple[str, str, str] | None:
    if not f.excerpt:
        return None
    needle = " ".join(doc.text[f.span[0]:f.span[1]].split()) if f.span else ""
    i = f.excerpt.find(needle) if needle else -1
    if i < 0:
        return f.excerpt, "", ""
    return f.excerpt[:i], needle, f.excerpt[i + len(needle):]


def _order(f: Finding) -> tuple[int, str, int]:
    sev = SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9
    return sev, f.rule, f.span[0] if f.span else -1


def _finding_view(number: int, f: Finding, rule: Rule | None, doc: Document, lang: str,
                  marks: list[Highlight]) -> FindingView:
    """Finding ``number`` for the template; its highlights are added to ``marks``."""
    explanation = rule.text("explanation", lang) if rule else ""
    if f.span and f.span[0] < f.span[1]:
        marks.append(Highlight(number, f.span[0], f.span[1], f.severity, f.rule))
    related = []
    for k, (text, loc) in enumerate(f.related, start=1):
        hit = _find_passage(doc, text, loc)
        if hit:
            marks.append(Highlight(number, hit[0], hit[1], f.severity, f.rule, k))
        related.append(RelatedView(text, _where(loc), f"#f-{number}-r{k}" if hit else None))
    return FindingView(
        number, f, f.gdpr or (rule.anchor if rule else None), explanation,
        lang if rule and lang in rule.explanation else "en",
        f.suggestion or (rule.text("suggestion", lang) if rule else None) or None,
        _where(f.location), "", "", _excerpt(f, doc), related)


def _source_view(index: int, result: Result, rules: dict[str, Rule], number: int) -> SourceView:
    """Arrange one source; its findings are numbered from ``number + 1``."""
    sid = f"src-{index}"
    doc = result.document
    named = dict(FAMILIES)
    for f in result.findings:
        named.setdefault(f.rule[:1], f"{f.rule[:1]} rules")
    counts = {fam: dict.fromkeys((*SEVERITIES, "total"), 0) for fam in (*named, "total")}
    view = SourceView(sid, result, (doc.title if doc else None) or result.source, named, counts,
                      [], [])
    if doc is None:
        return view
    marks: list[Highlight] = []
    views: list[FindingView] = []
    for fam, label in named.items():
        group: list[FindingView] = []
        for f in sorted((f for f in result.findings if f.rule[:1] == fam), key=_order):
            number += 1
            for key in (fam, "total"):
                counts[key][f.severity] = counts[key].get(f.severity, 0) + 1
                counts[key]["total"] += 1
            group.append(_finding_view(number, f, rules.get(f.rule), doc, result.language or "en", marks))
        if group:
            view.families.append((fam, label, group))
            views.extend(group)

    seen: set[Highlight] = set()
    pieces: list[Piece] = []
    for sec in doc.sections:
        head_end = sec.heading_start + len(sec.heading)
        heading = highlight(doc.text, sec.heading_start, head_end, marks, seen) \
            if sec.heading else []
        body = highlight(doc.text, sec.body_start, sec.body_start + len(sec.body), marks, seen)
        view.sections.append(SectionView(f"{sid}-s{sec.index}", sec.level if sec.heading else 0,
                                         heading, body))
        pieces += heading + body
    _close_marks(pieces)

    marked = {m.number for m in seen if not m.related}
    by_heading = {s.heading: s for s in reversed(doc.sections) if s.heading}
    for fv in views:
        section = by_heading.get(fv.finding.location.section or "")
        if fv.number in marked:
            fv.href, fv.link_label = f"#f-{fv.number}", "Show in the notice"
        elif section is not None:
            fv.href, fv.link_label = f"#{sid}-s{section.index}", "Go to the section"
        else:
            fv.href, fv.link_label = f"#{sid}-notice", "Go to the notice"
    return view


def observed_view(observed: dict[str, Any]) -> dict[str, Any]:
    """Site audits: the observed section's rows for the template."""
    return {"summary": summary_line(observed), "visits": visit_lines(observed),
            "service_head": SERVICE_HEAD, "services": service_rows(observed),
            "cookie_head": COOKIE_HEAD, "cookies": cookie_rows(observed)}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("noticeaudit.report", "templates"),
                      autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(SEVERITIES=SEVERITIES)
    env.globals.update(observed_view=observed_view)
    return env


def render(results: list[Result], rules: list[Rule] | None = None,
           audited: datetime.date | str | None = None, **_: object) -> str:
    """The whole report as one HTML page."""
    by_id = {r.id: r for r in rules or []}
    sources, number = [], 0
    for i, result in enumerate(results, start=1):
        view = _source_view(i, result, by_id, number)
        number += view.counts["total"]["total"]
        sources.append(view)
    day = audited or datetime.date.today()
    return _environment().get_template("report.html.j2").render(
        sources=sources, summary=summary(results), version=__version__,
        audited=day.isoformat() if isinstance(day, datetime.date) else str(day),
        failed=sum(1 for r in results if r.error))

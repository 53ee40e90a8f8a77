"""``--format markdown``: a report for a pull-request comment or a client email.

A summary table (findings per source by severity and by rule family), then
each source's findings grouped by severity. Notice text is untrusted: every
piece of it goes through :func:`escape`, so it cannot break the layout (table
cells, headings, lists) or inject HTML.
"""
from __future__ import annotations

import re
from typing import Any

from .. import __version__
from ..catalogue import Rule
from ..locations import describe
from ..model import SEVERITIES, Finding, Location, Result
from ..registry import FAMILIES
from . import summary
from .observed import COOKIE_HEAD, SERVICE_HEAD, cookie_rows, service_rows, summary_line, visit_lines

_HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Info"}

_WS = re.compile(r"\s+")
_INLINE = re.compile(r"([\\`*_\[\]|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?:([#+=-])|(\d+)([.)]))")


def escape(text: str) -> str:
    """Notice text as inert inline Markdown: one line, no markup, no HTML."""
    text = _WS.sub(" ", text).strip()
    text = _INLINE.sub(r"\\\1", text)
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def escape_block(text: str) -> str:
    """Notice text that starts a line: also no heading, quote or list marker."""
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}",
                            escape(text))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 and word != 'info' else ''}"


def where(loc: Location) -> str:
    """A location in words: page, line and column, section."""
    return describe(loc, quote=escape) or "the whole document"


def _summary_table(results: list[Result]) -> list[str]:
    head = ["Source", *(_HEADINGS[s] for s in SEVERITIES),
            *(f"{name} ({letter})" for letter, name in FAMILIES.items())]
    rows = [head, ["---"] + ["---:"] * (len(head) - 1)]
    totals = [0] * (len(head) - 1)
    for r in results:
        if r.error:
            rows.append([f"{escape(r.source)} (could not be audited)"] + ["–"] * len(totals))
            continue
        counts = [sum(f.severity == s for f in r.findings) for s in SEVERITIES]
        counts += [sum(f.rule.startswith(letter) for f in r.findings) for letter in FAMILIES]
        totals = [t + c for t, c in zip(totals, counts)]
        rows.append([escape(r.source), *map(str, counts)])
    rows.append(["**Total**", *(f"**{t}**" for t in totals)])
    return ["| " + " | ".join(row) + " |" for row in rows]


def _finding(f: Finding) -> list[str]:
    lines = [f"#### {f.rule} {escape(f.name)}", "",
             f"- **Where:** {where(f.location)}"]
    if f.gdpr:
        lines.append(f"- **Legal anchor:** {escape(f.gdpr)}")
    lines += ["", escape_block(f.message), ""]
    if f.details:
        lines += [f"- {escape_block(d)}" for d in f.details] + [""]
    if f.excerpt:
        lines += [f"> {escape_block(f.excerpt)}", ""]
    if f.suggestion:
        lines += [f"**Fix:** {escape(f.suggestion)}", ""]
    return lines


def _source(r: Result) -> list[str]:
    lines = [f"## {escape_block(r.source)}", ""]
    if r.error:
        return [*lines, f"**Could not be audited:** {escape(r.error)}", ""]
    doc = r.document
    if doc is not None:
        meta = [f"format {doc.format}", f"language {r.language}"]
        if r.date:
            meta.append(f"dated {r.date}")
        if r.jurisdiction is not None:
            meta.append(f"jurisdiction {r.jurisdiction.describe()}")
        title = f"“{escape(doc.title)}”, " if doc.title else ""
        lines += [f"{title}{escape(', '.join(meta))}", ""]
    if not r.findings:
        lines += ["No findings.", ""]
    for sev in SEVERITIES:
        group = [f for f in r.findings if f.severity == sev]
        if group:
            lines += [f"### {_HEADINGS[sev]} ({len(group)})", ""]
            for f in group:
                lines += _finding(f)
    if r.observed is not None:
        lines += _observed(r.observed)
    return lines


def _md_table(head: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(escape(str(x)) for x in row) + " |" for row in rows]
    return [*out, ""]


def _observed(observed: dict[str, Any]) -> list[str]:
    """Site audits: what the browser observed, services and cookies by phase."""
    lines = ["### Observed in the browser", "", escape(summary_line(observed)) + ".", ""]
    lines += [f"- {escape_block(line)}" for line in visit_lines(observed)] + [""]
    if observed.get("services") or observed.get("unclassified"):
        lines += _md_table(SERVICE_HEAD, service_rows(observed))
    if observed.get("cookies"):
        lines += _md_table(COOKIE_HEAD, cookie_rows(observed))
    return lines


def render(results: list[Result], rules: list[Rule] | None = None, **_: object) -> str:
    s = summary(results)
    failed = sum(1 for r in results if r.error)
    line = (f"{_count(s['documents'], 'source')}: {_count(s['error'], 'error')}, "
            f"{_count(s['warning'], 'warning')}, {_count(s['info'], 'info')}")
    if failed:
        line += f" ({failed} could not be audited)"
    lines = ["# Privacy notice audit", "", f"{line}.", "", *_summary_table(results), "",
             f"Generated by noticeaudit {__version__}.", ""]
    for r in results:
        lines += _source(r)
    return "\n".join(lines).rstrip("\n") + "\n"

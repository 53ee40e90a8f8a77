"""``--format text``: findings for people at a terminal, grouped by severity.

Rendered with rich; colour only when asked (the CLI passes ``color=False``
when output is not a terminal, when NO_COLOR is set, or with --output).
"""
from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ..catalogue import Rule
from ..locations import describe
from ..model import SEVERITIES, Finding, Location, Result
from . import summary
from .observed import COOKIE_HEAD, SERVICE_HEAD, cookie_rows, service_rows, summary_line, visit_lines

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def where(loc: Location) -> str:
    return describe(loc, sep=" · ", compact=True, section_width=60) or "document"


def _excerpt(f: Finding, result: Result) -> Text:
    text = Text("    │ ", style="dim")
    excerpt = f.excerpt or ""
    needle = ""
    if f.span and result.document:
        needle = " ".join(result.document.text[f.span[0]:f.span[1]].split())
    i = excerpt.find(needle) if needle else -1
    if i >= 0:
        text.append(excerpt[:i])
        text.append(excerpt[i:i + len(needle)], style="bold reverse")
        text.append(excerpt[i + len(needle):])
    else:
        text.append(excerpt)
    return text


def _table(console: Console, head: tuple[str, ...], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    for row in (list(head), *rows):
        console.print("    " + "  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip(),
                      style="dim" if row == list(head) else None, markup=False)


def _observed(console: Console, observed: dict[str, Any]) -> None:
    """Site audits: what the browser observed, services and cookies by phase."""
    console.print("  [bold]observed[/bold]  [dim]" + escape(summary_line(observed)) + "[/dim]")
    for line in visit_lines(observed):
        console.print(f"    {escape(line)}")
    if observed.get("services") or observed.get("unclassified"):
        _table(console, SERVICE_HEAD, service_rows(observed))
    if observed.get("cookies"):
        _table(console, COOKIE_HEAD, cookie_rows(observed))


def render(results: list[Result], rules: list[Rule] | None = None, color: bool = False,
           width: int = 100, suppressed: int = 0, **_: object) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width,
                      highlight=False, soft_wrap=not color)
    for r in results:
        if r.error:
            console.print(f"[bold]{escape(r.source)}[/bold]: [red]could not be audited:[/red] "
                          f"{escape(r.error)}")
            console.print()
            continue
        doc = r.document
        head = f"[bold]{escape(r.source)}[/bold]"
        if r.url and r.url != r.source:
            head += f" -> [bold]{escape(r.url)}[/bold]"
        if doc is not None:
            meta = ", ".join(x for x in (doc.format, r.language, r.date) if x)
            head += f"  [dim]({escape(meta)})[/dim]"
            if doc.title:
                head += f"  [dim]“{escape(doc.title[:70])}”[/dim]"
        console.print(head)
        if r.jurisdiction is not None:
            console.print(f"  [dim]jurisdiction {escape(r.jurisdiction.describe())}[/dim]")
        if not r.findings:
            console.print("  [green]no findings[/green]")
        for sev in SEVERITIES:
            group = [f for f in r.findings if f.severity == sev]
            if not group:
                continue
            console.print(f"  [{_STYLE[sev]}]{sev} ({len(group)})[/{_STYLE[sev]}]")
            for f in group:
                console.print(f"  [{_STYLE[sev]}]{f.rule}[/{_STYLE[sev]}] [bold]{f.name}[/bold]"
                              f"  [dim]{escape(where(f.location))}[/dim]")
                console.print(f"    {escape(f.message)}")
                if f.excerpt:
                    console.print(_excerpt(f, r))
                for d in f.details:
                    console.print(f"    [dim]{escape(d)}[/dim]")
                if f.suggestion:
                    console.print(f"    [green]→ {escape(f.suggestion)}[/green]")
        if r.observed is not None:
            _observed(console, r.observed)
        console.print()
    s = summary(results)
    failed = sum(1 for r in results if r.error)
    line = (f"{s['error']} errors, {s['warning']} warnings, {s['info']} info "
            f"in {s['documents']} document{'s' if s['documents'] != 1 else ''}")
    if failed:
        line += f" ({failed} could not be audited)"
    if suppressed:
        line += f"; {suppressed} known finding{'s' if suppressed != 1 else ''} suppressed by the baseline"
    console.print(f"[bold]{line}[/bold]")
    return buf.getvalue()

"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=ID name::message``
(warning: ``::warning``, info: ``::notice``), escaped by GitHub's rules. Lines
and columns are left out when they would not point into the file: for a
finding about the whole document, and for PDF, whose lines count within a
page (the page and line then open the message). GitHub puts columns only on
one-line annotations, so a span over several lines gets no columns. A URL is
no file in the repository: its annotation has no ``file`` and names the URL.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..catalogue import Rule
from ..locations import describe
from ..model import Finding, Location, Result
from ..sources import is_url
from .sarif import source_path

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A message: ``%``, CR and LF escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _position(loc: Location) -> list[tuple[str, int]]:
    if loc.line is None or loc.page is not None:
        return []
    end_line = loc.end_line if loc.end_line is not None and loc.end_line >= loc.line else None
    col = loc.column if end_line in (None, loc.line) else None
    props = [("line", loc.line)]
    if col is not None:
        props.append(("col", col))
    if end_line is not None:
        props.append(("endLine", end_line))
    if col is not None and loc.end_column is not None and loc.end_column >= col:
        props.append(("endColumn", loc.end_column))
    return props


def command(kind: str, source: str, message: str,
            position: Sequence[tuple[str, int]] = (), title: str | None = None) -> str:
    """One workflow command line."""
    props: list[tuple[str, object]] = []
    if is_url(source):
        message = f"{source}: {message}"
    else:
        props.append(("file", source_path(source)))
    props += position
    if title:
        props.append(("title", title))
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{kind}{' ' + head if head else ''}::{escape_data(message)}"


def _annotation(f: Finding, source: str) -> str:
    loc = f.location
    text = "\n".join([f.message, *f.details])
    if loc.page is not None:
        where = describe(loc, column=False, section=False)
        text = f"{where.capitalize()}: {text}"
    return command(COMMANDS[f.severity], source, text, _position(loc), f"{f.rule} {f.name}")


def render(results: list[Result], rules: list[Rule] | None = None, **_: object) -> str:
    lines = []
    for r in results:
        if r.error:
            lines.append(command("error", r.source, f"could not be audited: {r.error}"))
        lines += [_annotation(f, r.source) for f in r.findings]
    return "".join(f"{line}\n" for line in lines)

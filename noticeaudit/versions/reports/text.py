"""``diff --format text``: the comparison at a terminal, with a coloured word diff.

Without colour (not a terminal, ``NO_COLOR``, ``--output``) deletions read
``[-old-]`` and insertions ``{+new+}``, as in ``git diff --word-diff``.
"""
from __future__ import annotations

from ...catalogue import Rule
from ...report.text import where
from ..diff import STATES, FindingChange, VersionDiff
from ..textdiff import SectionChange, spaced
from . import headline, pieces

_SGR = {"new": "1;31", "fixed": "32", "changed": "33", "unchanged": "2", "del": "31;9",
        "ins": "32;4", "head": "1"}
_SHOWN = ("new", "changed", "fixed")  # unchanged findings are counted, not listed


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if self.color and text else text

    def deleted(self, text: str) -> str:
        return self(text, "del") if self.color else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        return self(text, "ins") if self.color else f"{{+{text}+}}"


def _finding(c: FindingChange, paint: _Paint) -> list[str]:
    f = c.finding
    lines = [f"  {paint(c.state.ljust(9), c.state)} {f.rule} {f.name} ({f.severity})  "
             f"{where(f.location)}", f"      {f.message}"]
    if f.excerpt:
        lines.append(f"      │ {f.excerpt}")
    if c.state == "changed" and c.before is not None and c.before.message != f.message:
        lines.append(f"      was: {c.before.message}")
    return lines


def _section(s: SectionChange, paint: _Paint) -> list[str]:
    names = ", ".join(s.kinds)
    if s.old is not None and s.new is not None and s.old.heading != s.new.heading:
        title = f"“{s.old.heading}” -> “{s.new.heading}”"
    else:
        title = f"“{s.heading}”"
    lines = [f"  {names.ljust(22)} {title}"]
    if s.ops:
        lines.append(f"      {spaced(pieces(s.ops, paint.deleted, paint.inserted))}")
    return lines


def render(diff: VersionDiff, rules: list[Rule] | None = None, *, color: bool = False,
           **_: object) -> str:
    paint = _Paint(color)
    out = [paint(f"{diff.old.label} -> {diff.new.label}", "head")]
    out += [f"  {line}" for line in headline(diff)]
    shown = [c for state in _SHOWN for c in diff.by_state(state)]
    if shown:
        out += ["", paint("findings", "head")]
        for c in shown:
            out += _finding(c, paint)
    changed = [s for s in diff.sections if s.kinds != ["unchanged"]]
    if changed:
        out += ["", paint("sections", "head")]
        for s in changed:
            out += _section(s, paint)
    counts = diff.counts()
    out += ["", ", ".join(f"{counts[s]} {s}" for s in STATES) + " findings"]
    return "\n".join(out) + "\n"

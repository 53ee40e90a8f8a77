"""``diff --format markdown``: the comparison as a pull-request comment.

A summary table, the new, changed and fixed findings, then the changed
sections with a word diff (``<del>``/``<ins>``, which GitHub renders).
Notice text goes through the check report's escaping, so it cannot inject
markup or HTML.
"""
from __future__ import annotations

from ...catalogue import Rule
from ...locations import describe
from ...report.markdown import escape
from ..diff import SECTION_KINDS, STATES, FindingChange, VersionDiff
from ..textdiff import spaced
from . import headline, pieces

_TITLES = {"new": "New findings", "changed": "Changed findings", "fixed": "Fixed findings"}


def _finding(c: FindingChange) -> str:
    f = c.finding
    where = describe(f.location, quote=escape)
    line = f"- **{f.rule}** `{f.name}` ({f.severity}){f' — {where}' if where else ''}: {escape(f.message)}"
    if f.excerpt:
        line += f"\n  > {escape(f.excerpt)}"
    if c.state == "changed" and c.before is not None and c.before.message != f.message:
        line += f"\n  was: {escape(c.before.message)}"
    return line


def render(diff: VersionDiff, rules: list[Rule] | None = None, **_: object) -> str:
    counts = diff.counts()
    out = [f"## Privacy notice changes: {escape(diff.old.label)} → {escape(diff.new.label)}", ""]
    out += [" ".join(escape(line) for line in headline(diff)), ""]
    out += ["| " + " | ".join(STATES) + " |", "|" + "---:|" * len(STATES),
            "| " + " | ".join(str(counts[s]) for s in STATES) + " |", ""]
    for state in ("new", "changed", "fixed"):
        shown = diff.by_state(state)
        if shown:
            out += [f"### {_TITLES[state]} ({len(shown)})", "", *(_finding(c) for c in shown), ""]
    changed = [s for s in diff.sections if s.kinds != ["unchanged"]]
    if changed:
        out += ["### Sections", ""]
        for s in changed:
            title = escape(s.heading) or "(untitled)"
            if s.old is not None and s.new is not None and s.old.heading != s.new.heading:
                title = f"{escape(s.old.heading)} → {escape(s.new.heading)}"
            out.append(f"- *{', '.join(k for k in s.kinds if k in SECTION_KINDS)}*: {title}")
            if s.ops:
                words = pieces(s.ops, lambda t: f"<del>{escape(t)}</del>",
                               lambda t: f"<ins>{escape(t)}</ins>", escape)
                out.append(f"  > {spaced(words)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

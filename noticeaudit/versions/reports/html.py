"""``diff --format html``: the comparison as one self-contained page.

Inline CSS, no scripts, no outside requests (a Content-Security-Policy
forbids them), every piece of notice text escaped by the template engine, as
in the check report. Findings by state, then the changed sections with an
inline word diff (``<del>``/``<ins>``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ... import __version__
from ...catalogue import Rule
from ...locations import describe
from ..diff import STATES, VersionDiff
from . import headline, trimmed


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("noticeaudit.versions.reports", "templates"),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True)


def render(diff: VersionDiff, rules: list[Rule] | None = None, **_: object) -> str:
    groups = []
    for state in ("new", "changed", "fixed"):
        changes = [{"finding": c.finding, "where": describe(c.finding.location),
                    "was": c.before.message if c.before is not None
                    and c.before.message != c.finding.message else ""}
                   for c in diff.by_state(state)]
        if changes:
            groups.append((state, changes))
    sections: list[dict[str, Any]] = []
    for s in diff.sections:
        if s.kinds == ["unchanged"]:
            continue
        title = s.heading or "(untitled)"
        if s.old is not None and s.new is not None and s.old.heading != s.new.heading:
            title = f"“{s.old.heading}” → “{s.new.heading}”"
        sections.append({"kinds": s.kinds, "title": title, "words": trimmed(s.ops)})
    sides = [{"name": name, "label": v.label, "date": v.date, "fetched": v.fetched}
             for name, v in (("old", diff.old), ("new", diff.new))]
    return _environment().get_template("diff.html.j2").render(
        version=__version__, new_label=diff.new.label, sides=sides, headline=headline(diff),
        states=STATES, counts=diff.counts(), groups=groups, sections=sections)

"""Reports of a version comparison: pure functions from a :class:`~..diff.VersionDiff` to text.

Each format is a module here with ``render(diff, rules, **options) -> str``.
Shared here: the sentences that sum a comparison up, and word diffs trimmed
to the changes with a little context.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ...catalogue import Rule
from ..diff import SECTION_KINDS, VersionDiff
from ..textdiff import WordOp

FORMATS = {"text": "text", "json": "json", "markdown": "markdown", "html": "html",
           "sarif": "sarif"}
CONTEXT = 6  # unchanged words shown on each side of a change


def render(fmt: str, diff: VersionDiff, rules: list[Rule], **options: Any) -> str:
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    return str(module.render(diff, rules, **options))


def pieces(ops: list[WordOp], deleted: Callable[[str], str], inserted: Callable[[str], str],
           equal: Callable[[str], str] = str) -> list[tuple[bool, str]]:
    """A word diff as rendered pieces for :func:`~..textdiff.spaced` (trimmed to the changes)."""
    out: list[tuple[bool, str]] = []
    for tag, old, new, space in trimmed(ops):
        if tag == "equal":
            out.append((space, equal(old)))
        if tag in ("delete", "replace"):
            out.append((space, deleted(old)))
        if tag in ("insert", "replace"):
            out.append((space or tag == "replace", inserted(new)))
    return out


def trimmed(ops: list[WordOp], context: int = CONTEXT) -> list[WordOp]:
    """``ops`` with long unchanged runs cut to ``context`` words around each change ('…')."""
    out: list[WordOp] = []
    for i, (tag, old, new, space) in enumerate(ops):
        if tag != "equal":
            out.append((tag, old, new, space))
            continue
        words = old.split()
        first, last = i == 0, i == len(ops) - 1
        keep_head = [] if first else words[:context]
        keep_tail = [] if last else words[-context:]
        if len(words) <= len(keep_head) + len(keep_tail) + 1:
            out.append((tag, old, new, space))
            continue
        text = " ".join([*keep_head, "…", *keep_tail]).strip()
        out.append(("equal", text, text, space or not first))
    return out


def headline(diff: VersionDiff) -> list[str]:
    """The comparison in a few sentences, most important first."""
    c = diff.counts()
    lines = [f"{c['new']} new, {c['fixed']} fixed, {c['changed']} changed and "
             f"{c['unchanged']} unchanged findings."]
    kinds = [f"{len(diff.sections_of(k))} {k}" for k in SECTION_KINDS if diff.sections_of(k)]
    lines.append(f"Sections: {', '.join(kinds)}." if kinds else "Sections: no change.")
    old, new = diff.old.date or "none", diff.new.date or "none"
    if diff.text_changed is None:
        lines.append("The text itself was not compared (a saved report holds only findings "
                     "and headings).")
    elif diff.only_date_changed:
        lines.append(f"Only the notice's date changed ({old} → {new}); the text is the same.")
    elif diff.text_changed and diff.date_changed:
        lines.append(f"The text changed and the notice's date moved ({old} → {new}).")
    elif diff.text_changed:
        lines.append(f"The text changed but the notice's date did not ({new}).")
    else:
        lines.append("The text did not change" + (" (renumbering or layout only)."
                                                  if diff.sections_of("renumbered") else "."))
    return lines

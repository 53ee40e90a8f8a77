"""Locations in words, in one place: every report and every finding's details use this.

``describe(loc)`` gives 'page 2, line 5, column 3, section “Säilytysaika”' in
English, Finnish or Swedish, with the parts, separator and quoting each
format needs.
"""
from __future__ import annotations

from collections.abc import Callable

from .model import Location

WORDS = {
    "en": {"page": "page", "line": "line", "column": "column", "section": "section"},
    "fi": {"page": "sivu", "line": "rivi", "column": "sarake", "section": "osio"},
    "sv": {"page": "sida", "line": "rad", "column": "kolumn", "section": "avsnitt"},
}


def describe(loc: Location, lang: str = "en", *, sep: str = ", ", column: bool = True,
             compact: bool = False, section: bool = True, section_width: int = 0,
             quote: Callable[[str], str] = str) -> str:
    """A location in words, '' if it has none.

    ``compact`` writes 'line 5:3' and '§ Säilytysaika' (terminal); ``section_width``
    shortens a long section heading.
    """
    w = WORDS.get(lang, WORDS["en"])
    parts = []
    if loc.page is not None:
        parts.append(f"{w['page']} {loc.page}")
    if loc.line is not None:
        col = ""
        if column and loc.column:
            col = f":{loc.column}" if compact else f", {w['column']} {loc.column}"
        parts.append(f"{w['line']} {loc.line}{col}")
    if section and loc.section:
        heading = loc.section[:section_width] if section_width else loc.section
        parts.append(f"§ {quote(heading)}" if compact else f"{w['section']} “{quote(heading)}”")
    return sep.join(parts)

"""Reports: pure functions from audit results to text, one module per format.

Each format is a module here with ``render(results, rules, **options) -> str``:
``results`` is one :class:`Result` per source, ``rules`` the rules that ran
(for formats that describe them: SARIF, HTML). No formatter re-analyses
anything.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from ..catalogue import Rule
from ..model import Location, Result

# format name -> module in this package
FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github",
           "markdown": "markdown", "html": "html"}


def summary(results: list[Result]) -> dict[str, int]:
    counts = {"documents": len(results), "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return counts


def location_words(loc: Location, sep: str = ", ", quote: Callable[[str], str] = str) -> str:
    """A location in words ('page 2, line 5, column 3, section “Säilytysaika”'), '' if none."""
    parts = []
    if loc.page is not None:
        parts.append(f"page {loc.page}")
    if loc.line is not None:
        parts.append(f"line {loc.line}" + (f", column {loc.column}" if loc.column else ""))
    if loc.section:
        parts.append(f"section “{quote(loc.section)}”")
    return sep.join(parts)


def render(fmt: str, results: list[Result], rules: list[Rule], **options: Any) -> str:
    """Render ``results`` in format ``fmt``."""
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(results, rules, **options)

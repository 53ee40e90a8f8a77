"""Reports: pure functions from audit results to text, one module per format.

Each format is a module here with ``render(results, rules, **options) -> str``:
``results`` is one :class:`Result` per source, ``rules`` the rules that ran
(for formats that describe them: SARIF, HTML). No formatter re-analyses
anything.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from ..catalogue import Rule
from ..model import Result

# format name -> module in this package
FORMATS = {"text": "text", "json": "json", "sarif": "sarif", "github": "github",
           "markdown": "markdown", "html": "html"}


def summary(results: list[Result]) -> dict[str, int]:
    counts = {"documents": len(results), "error": 0, "warning": 0, "info": 0}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return counts


def render(fmt: str, results: list[Result], rules: list[Rule], **options: Any) -> str:
    """Render ``results`` in format ``fmt``."""
    module = import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(results, rules, **options)

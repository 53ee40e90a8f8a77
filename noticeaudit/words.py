"""Word notation for rule vocabulary (placeholder until the full compiler lands).

``compile_words(expr, lang)`` turns words into a case-insensitive regex
source: each word is word-bounded; ``stem*`` is a prefix.
"""
from __future__ import annotations

import re


class WordSyntaxError(ValueError):
    """A word expression a rule author must fix."""


def compile_words(expr: str, lang: str) -> str:
    if "\\" in expr or "(?" in expr:
        raise WordSyntaxError("looks like a regular expression; put it under `regex:`")
    parts = []
    for word in expr.split():
        if word.endswith("*"):
            parts.append(r"\b" + re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(r"\b" + re.escape(word) + r"\b")
    if not parts:
        raise WordSyntaxError("empty expression")
    return r"\s+".join(parts)

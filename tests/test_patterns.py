"""The match prefilters are sound: wherever a rule pattern matches a line, its
relaxed form matches the lower-cased line and one of its required literals is
in it. Checked for every pattern of the catalogue on every line of the corpus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.parse import parse
from noticeaudit.patterns import FLAGS, relaxed, required_literals
from noticeaudit.sources import load_path

ROOT = Path(__file__).resolve().parents[1]


def _all_patterns() -> list[str]:
    return sorted({source for vocab in load_catalogue().vocabularies() for source in vocab.sources})


def _lines() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "corpus" / "notices").iterdir()):
        out.extend(parse(load_path(str(path))).text.split("\n"))
    return [line for line in out if line.strip()]


LINES = _lines()


def test_relaxed_drops_lookarounds_and_lowercases_literals() -> None:
    assert relaxed(r"(?<![@./])\bGoogle(?!\s+Analytics)\w*").pattern == r"\bgoogle\w*"
    assert relaxed(r"(?P<s0>\bEU)x$").pattern == r"(?P<s0>\beu)x"
    assert required_literals(relaxed(r"\bhenkilötietola(?:ki|i)\w*").pattern) == {"henkilötietola"}
    assert required_literals(r"\b\d{5}\s+[a-z]+") is None


@pytest.mark.parametrize("pattern", _all_patterns())
def test_prefilters_never_hide_a_match(pattern: str) -> None:
    exact = re.compile(pattern, FLAGS)
    loose = relaxed(pattern)
    literals = required_literals(loose.pattern)
    for line in LINES:
        if exact.search(line):
            lower = line.lower()
            assert loose.search(lower), (pattern, line)
            assert literals is None or any(lit in lower for lit in literals), (pattern, line)

"""Every pair of versions in corpus/versions/ gives exactly its expected findings and sections.

Each case directory holds old.* and new.* (invented notices) and
expected.json, written by reading the two versions: which rules are new,
fixed, changed and unchanged, which sections were added, removed, modified,
renumbered or moved, and whether the text and the notice's date changed.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options
from noticeaudit.versions.diff import SECTION_KINDS, VersionDiff, compare
from noticeaudit.versions.sides import load_side

PAIRS = Path(__file__).resolve().parents[2] / "corpus" / "versions"
CASES = sorted(p.name for p in PAIRS.iterdir() if (p / "expected.json").is_file())
CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)


def diff_of(case: str) -> VersionDiff:
    (old,) = (PAIRS / case).glob("old.*")
    (new,) = (PAIRS / case).glob("new.*")
    return compare(load_side(str(old), CATALOGUE, RULES, Options()),
                   load_side(str(new), CATALOGUE, RULES, Options()), RULES)


def test_the_corpus_has_the_cases_of_the_issue() -> None:
    assert {"renumbered", "section_added", "retention_added", "privacy_shield", "placeholder",
            "pdf_html", "date_only", "date_not_updated", "moved", "changed_detail"} <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_pair_gives_the_expected_changes(case: str) -> None:
    expected: dict[str, Any] = json.loads((PAIRS / case / "expected.json").read_text("utf-8"))
    diff = diff_of(case)
    got = {state: sorted(c.finding.rule for c in diff.by_state(state)) for state in expected["findings"]}
    assert got == {k: sorted(v) for k, v in expected["findings"].items()}
    sections = {kind: [s.heading for s in diff.sections_of(kind)] for kind in expected["sections"]}
    assert sections == expected["sections"]
    assert set(expected["sections"]) | {"renamed"} == set(SECTION_KINDS)
    assert diff.sections_of("renamed") == []
    assert diff.text_changed is expected["text_changed"]
    assert diff.date_changed is expected["date_changed"]

"""Every rule documents examples that count and that do not; for rules whose
examples are notice text (phrase rules, Q002) the examples run through the
whole pipeline: each 'counts' example raises the rule, each trap does not."""
from __future__ import annotations

from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source

CATALOGUE = load_catalogue()
PHRASE_RULES = [r for r in CATALOGUE.rules.values() if r.kind == "phrase"]


@pytest.mark.parametrize("rule", sorted(CATALOGUE.rules.values(), key=lambda r: r.id), ids=lambda r: r.id)
def test_every_rule_documents_both_kinds_of_example(rule) -> None:
    assert rule.examples.get("counts"), f"{rule.id} has no example that counts"
    assert rule.examples.get("does_not_count"), f"{rule.id} has no example that does not count"
    assert rule.text("message", "en") and rule.text("suggestion", "fi") and rule.text("explanation", "en")


def _rules_raised(tmp_path: Path, text: str, rule_id: str) -> set[str]:
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    result = audit_source(str(notice), CATALOGUE, CATALOGUE.select([rule_id], None), Options())
    assert result.error is None
    return {f.rule for f in result.findings}


def _cases(kind: str):
    for rule in sorted(PHRASE_RULES, key=lambda r: r.id):
        for example in rule.examples.get(kind, []):
            yield pytest.param(rule.id, example, id=f"{rule.id}:{example[:30]}")


@pytest.mark.parametrize("rule_id,example", list(_cases("counts")))
def test_phrase_example_counts(tmp_path: Path, rule_id: str, example: str) -> None:
    assert rule_id in _rules_raised(tmp_path, f"Tietosuojaseloste\n\n{example}\n", rule_id)


@pytest.mark.parametrize("rule_id,example", list(_cases("does_not_count")))
def test_phrase_example_does_not_count(tmp_path: Path, rule_id: str, example: str) -> None:
    assert rule_id not in _rules_raised(tmp_path, f"Tietosuojaseloste\n\n{example}\n", rule_id)


@pytest.mark.parametrize("kind,expected", [("counts", True), ("does_not_count", False)])
def test_vague_language_examples(tmp_path: Path, kind: str, expected: bool) -> None:
    rule = CATALOGUE.rules["Q002"]
    for example in rule.examples[kind]:
        text = f"# Tietosuojaseloste\n\n## Käsittelyn tarkoitus\n\n{example}\n"
        assert ("Q002" in _rules_raised(tmp_path, text, "Q002")) is expected

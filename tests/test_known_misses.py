"""Known detection gaps (tests/data/known_misses.yaml), each a strict expected failure.

They are correct examples by the spec that the rules still get wrong; a rule change
that fixes one makes its test pass unexpectedly, which fails the run: then move the
example into the rule's own examples (it is now guarded there).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source

CATALOGUE = load_catalogue()
MISSES = yaml.safe_load((Path(__file__).parent / "data" / "known_misses.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("miss", MISSES, ids=lambda m: f"{m['rule']}-{m['kind']}")
def test_known_miss(tmp_path: Path, miss: dict[str, str]) -> None:
    rule = CATALOGUE.rules[miss["rule"]]
    fires = (miss["kind"] == "counts") != (rule.kind == "required")
    notice = tmp_path / "notice.txt"
    notice.write_text(miss["text"], encoding="utf-8")
    result = audit_source(str(notice), CATALOGUE, [rule], Options())
    if (rule.id in {f.rule for f in result.findings}) is not fires:
        pytest.xfail(miss["why"])
    pytest.fail(f"fixed: move this example into {rule.id}'s examples: {miss['text']!r}")

"""``noticeaudit rules`` and ``noticeaudit explain``: docs generated from the rule files."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli

from noticeaudit.catalogue import load_catalogue

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CATALOGUE = load_catalogue()


def test_rules_json_lists_every_rule_with_its_documented_fields() -> None:
    run = run_cli("rules", "--format", "json", "--isolated")
    assert run.code == 0, run.stderr
    listed = {r["id"]: r for r in run.json["rules"]}
    assert list(listed) == sorted(CATALOGUE.rules)
    for rule in CATALOGUE.rules.values():
        doc = listed[rule.id]
        assert (doc["name"], doc["severity"], doc["anchor"], doc["kind"], doc["tags"]) == \
            (rule.name, rule.severity, rule.anchor, rule.kind, rule.tags)
        assert (doc["message"], doc["explanation"], doc["suggestion"]) == \
            (rule.message, rule.explanation, rule.suggestion)
        assert doc["examples"] == {"counts": rule.examples.get("counts", []),
                                   "does_not_count": rule.examples.get("does_not_count", [])}
        assert doc["message"]["en"] and doc["examples"]["counts"]


def test_rules_table_is_plain_columns_when_not_a_terminal() -> None:
    run = run_cli("rules", "--isolated")
    assert run.code == 0, run.stderr
    assert not ANSI.search(run.stdout) and "─" not in run.stdout
    header, *rows = run.stdout.splitlines()
    assert header.split() == ["ID", "name", "severity", "anchor"]
    assert [row.split()[0] for row in rows] == sorted(CATALOGUE.rules)
    m010 = next(row for row in rows if row.startswith("M010"))
    assert m010.split(None, 3) == ["M010", "missing-retention-period", "error", "GDPR Art. 13(2)(a)"]


def test_explain_shows_what_why_examples_and_fix() -> None:
    run = run_cli("explain", "M010", "--isolated")
    assert run.code == 0, run.stderr
    rule = CATALOGUE.rules["M010"]
    out = run.stdout
    assert out.startswith("M010 missing-retention-period\nseverity: error · GDPR Art. 13(2)(a)")
    headings = ["What it checks", "Why", "Examples that count", "Examples that do not count",
                "How to fix"]
    assert [line for line in out.splitlines() if line in headings] == headings
    flat = " ".join(out.split())
    assert rule.message["en"] in flat
    assert " ".join(rule.explanation["en"].split()) in flat
    for mark, key in (("+", "counts"), ("-", "does_not_count")):
        for example in rule.examples[key]:
            assert f"{mark} " + " ".join(example.split()) in flat
    assert " ".join(rule.suggestion["en"].split()) in flat
    first_counts = rule.examples["counts"][0].strip().splitlines()[0]
    first_trap = rule.examples["does_not_count"][0].strip().splitlines()[0]
    assert out.index(first_counts) < out.index("Examples that do not count") < out.index(first_trap)


def test_explain_in_finnish_by_name_and_any_case() -> None:
    run = run_cli("explain", "missing-retention-period", "--lang", "fi", "--isolated")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("M010 missing-retention-period\nvakavuus: error")
    assert "Mitä tarkistetaan" in run.stdout and "Näin korjaat" in run.stdout
    assert CATALOGUE.rules["M010"].message["fi"] in " ".join(run.stdout.split())
    assert run_cli("explain", "m010", "--isolated").stdout.startswith("M010 ")


@pytest.mark.parametrize(("query", "suggested"), [
    ("M100", "M010 (missing-retention-period)"),
    ("retention", "M010 (missing-retention-period)"),
    ("Q0O5", "Q005"),
    ("zzzzzz", "see 'noticeaudit rules'"),
])
def test_unknown_rule_exits_2_with_close_ids(query: str, suggested: str) -> None:
    run = run_cli("explain", query, "--isolated")
    assert run.code == 2
    assert run.stdout == "" and "Traceback" not in run.stderr
    assert len(run.stderr_lines) == 1
    assert run.stderr.startswith(f"noticeaudit: no rule '{query}'") and suggested in run.stderr


def test_readme_rule_format_reference_is_generated_from_the_declared_parameters() -> None:
    """The README's rule-format tables are the kinds' declared parameters; regenerate
    them with ``python3 scripts/rule_format.py --write`` after changing a kind."""
    from noticeaudit.ruledocs import format_reference

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- rule-format:start -->\n", "<!-- rule-format:end -->"
    assert start in readme and end in readme
    assert readme.split(start, 1)[1].split(end, 1)[0] == format_reference()

"""Rule files are validated at load: every broken rule is one line naming the file,
the line and the rule, exit status 2 (``check`` and ``rules --check``)."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import run_cli

from noticeaudit.catalogue import CatalogueError, check_rules, load_catalogue
from noticeaudit.kinds.phrase import PhraseParams
from noticeaudit.patterns import Vocab

GOOD = """\
rules:
  - id: Q106
    name: fax-only-requests
    severity: info
    kind: phrase
    patterns:
      fi: ['faksi*', 'telefaksi*']
      en: ['fax']
    message:
      fi: "Pyyntöjen lähettämiseen neuvotaan faksia: '{match}'."
      en: "Requests are to be sent by fax: '{match}'."
    suggestion:
      fi: "Kerro sähköpostiosoite."
      en: "Give an email address."
"""


def _write(tmp_path: Path, text: str, name: str = "local.yaml") -> Path:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return d


def _problem(tmp_path: Path, text: str) -> str:
    """The one stderr line of ``rules --check`` on a rule file."""
    d = _write(tmp_path, text)
    run = run_cli("rules", "--check", d)
    assert run.code == 2, run.stdout
    lines = [ln for ln in run.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    return lines[0]


def test_a_good_rule_file_is_built_into_typed_parameters(tmp_path: Path) -> None:
    d = _write(tmp_path, GOOD)
    run = run_cli("rules", "--check", d)
    assert run.code == 0, run.stderr
    assert "1 rule(s)" in run.stdout
    rule = load_catalogue((str(d),)).rules["Q106"]
    assert isinstance(rule.params, PhraseParams)
    assert isinstance(rule.params.patterns, Vocab)
    assert rule.params.patterns.search("Lähetä pyyntö faksilla numeroon 09 000 000.")
    assert not rule.params.patterns.search("Faksaus")  # 'faksi*' is a stem: faksi-, not faks-
    assert rule.params.window == 200  # the declared default


@pytest.mark.parametrize("text,line,expected", [
    (GOOD.replace("    patterns:", "    patern:"), 6,
     "Q106: unknown key 'patern' (did you mean 'patterns'?)"),
    (GOOD.replace("      en: ['fax']", "      regex: ['fax(']"), 8,
     "Q106: 'patterns': invalid regular expression 'fax(': missing ), unterminated subpattern"),
    (GOOD.replace("      en: ['fax']", "      regex: ['(a+)+$']"), 8,
     "Q106: 'patterns': regular expression '(a+)+$' nests unbounded repetitions"),
    (GOOD.replace("    kind: phrase", "    kind: phrase\n    window: lots"), 6,
     "Q106: 'window': expected a whole number, got a string 'lots'"),
    (GOOD.replace("    kind: phrase", "    kind: phrase\n    per_line: 3"), 6,
     "Q106: 'per_line': expected true or false, got 3"),
    (GOOD.replace("    kind: phrase", "    kind: required\n    when: no-such-fact"), 6,
     "unknown fact 'no-such-fact'"),
    (GOOD.replace("    kind: phrase", "    kind: phrase\n    fact: placeholder"), 2,
     "Q106: give either 'patterns' or 'fact'"),
    (GOOD.replace("      en: \"Requests are to be sent by fax: '{match}'.\"\n", ""), 9,
     "Q106: 'message' has no 'en' text, but the rule has en patterns"),
    (GOOD.replace("    kind: phrase", "    kind: phrasse"), 5,
     "Q106: unknown kind 'phrasse' (did you mean 'phrase'?)"),
    (GOOD.replace("severity: info", "severity: critical"), 4,
     "Q106: 'severity' must be one of error, warning, info"),
    (GOOD.replace("      fi: ['faksi*', 'telefaksi*']", "      fi: ['\\\\bfaksi\\\\w*']"), 7,
     "looks like a regular expression; write words (see docs/word-notation.md) or put it under `regex:`"),
    (GOOD + GOOD.replace("rules:\n", ""), 15, "Q106: duplicate ID: already defined at"),
    (GOOD.replace("Q106", "M010"), 2, "M010: duplicate ID: already defined at"),
    ("rules:\n  - just a string\n", 2, "a rule must be a mapping"),
    (GOOD.replace("      fi: \"Pyyntöjen", "      - fi: \"Pyyntöjen"), 11, "not valid YAML"),
    ("rules: [\n", 2, "not valid YAML"),
    ("rulez: []\n", 1, "unknown key 'rulez' (did you mean 'rules'?)"),
])
def test_each_broken_rule_is_one_line_with_file_line_and_rule(
        tmp_path: Path, text: str, line: int, expected: str) -> None:
    problem = _problem(tmp_path, text)
    assert problem.startswith(f"noticeaudit: {tmp_path / 'rules' / 'local.yaml'}:{line}: "), problem
    assert expected in problem


def test_non_utf8_rule_file_is_one_line(tmp_path: Path) -> None:
    d = tmp_path / "rules"
    d.mkdir()
    (d / "local.yaml").write_bytes(GOOD.replace("Pyyntöjen", "Pyynt\xf6jen").encode("cp1252"))
    run = run_cli("rules", "--check", d)
    assert run.code == 2
    assert run.stderr.strip().endswith("not UTF-8 text; save the rule file as UTF-8")


def test_check_with_a_broken_rule_dir_exits_2_before_auditing(tmp_path: Path) -> None:
    d = _write(tmp_path, GOOD.replace("    patterns:", "    pattern:"))
    (tmp_path / ".noticeaudit.toml").write_text('rule-dirs = ["rules"]\n', encoding="utf-8")
    notice = tmp_path / "seloste.txt"
    notice.write_text("Tietosuojaseloste\n\nTarkastuspyynnöt faksilla.\n", encoding="utf-8")
    run = run_cli("check", notice, cwd=tmp_path)
    assert run.code == 2
    assert [ln for ln in run.stderr.splitlines() if ln] == [
        f"noticeaudit: {Path('rules') / 'local.yaml'}:6: Q106: unknown key 'pattern' "
        "(did you mean 'patterns'?)"]
    assert d.is_dir()


def test_every_problem_is_listed_by_check_rules(tmp_path: Path) -> None:
    text = GOOD.replace("    patterns:", "    patern:") + GOOD.replace("rules:\n", "").replace(
        "Q106", "Q107").replace("severity: info", "severity: bad")
    _, problems = check_rules((str(_write(tmp_path, text)),))
    assert [(p.line, p.rule) for p in problems] == [(6, "Q106"), (17, "Q107")]


def test_the_builtin_catalogue_has_no_problem() -> None:
    catalogue, problems = check_rules()
    assert problems == []
    assert len(catalogue.rules) >= 43


def test_load_catalogue_raises_the_first_problem(tmp_path: Path) -> None:
    d = _write(tmp_path, GOOD.replace("    patterns:", "    patern:"))
    with pytest.raises(CatalogueError, match="unknown key 'patern'"):
        load_catalogue((str(d),))

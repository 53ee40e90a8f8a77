"""Configuration files: discovery, precedence, severity overrides, own rules, errors.

Every test runs the real CLI in a fresh process with the notice of
conftest.NOTICE (T001 and O001 errors, T002 warning, O007 info) and
configuration files written into tmp_path.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_cli

TALOYHTIO = REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _rules(run_json: dict) -> list[str]:
    return [f["rule"] for f in run_json["documents"][0]["findings"]]


# --- discovery --------------------------------------------------------------------

def test_config_is_found_by_walking_up_from_a_nested_directory(tmp_path: Path,
                                                               notice: Path) -> None:
    _write(tmp_path / "projekti" / ".noticeaudit.toml", 'select = ["O001"]\nformat = "json"\n')
    nested = tmp_path / "projekti" / "selosteet" / "2024"
    nested.mkdir(parents=True)
    run = run_cli("check", notice, cwd=nested)
    assert run.code == 1, run.stderr
    assert _rules(run.json) == ["O001"]


def test_nearest_file_with_settings_wins(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _write(root / "pyproject.toml", '[project]\nname = "x"\n\n[tool.noticeaudit]\nselect = ["T001"]\n')
    _write(root / "docs" / ".noticeaudit.toml", 'select = ["O007"]\n')
    # A pyproject.toml without [tool.noticeaudit] is not a noticeaudit configuration.
    _write(root / "web" / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    (root / "web" / "static").mkdir()

    def used(cwd: Path) -> str:
        run = run_cli("check", "--show-config", cwd=cwd)
        assert run.code == 0, run.stderr
        return run.stdout.splitlines()[0]

    assert used(root / "docs") == f"# configuration file: {root / 'docs' / '.noticeaudit.toml'}"
    assert used(root / "web" / "static") == f"# configuration file: {root / 'pyproject.toml'}"
    assert used(root) == f"# configuration file: {root / 'pyproject.toml'}"


def test_noticeaudit_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.noticeaudit]\nfail-on = "info"\n')
    _write(tmp_path / ".noticeaudit.toml", '[tool.noticeaudit]\nfail-on = "warning"\n')
    run = run_cli("check", "--show-config", cwd=tmp_path)
    assert f'fail-on = "warning"  # {tmp_path / ".noticeaudit.toml"}' in run.stdout


def test_isolated_and_explicit_config(tmp_path: Path) -> None:
    _write(tmp_path / ".noticeaudit.toml", 'fail-on = "info"\n')
    elsewhere = _write(tmp_path / "ci" / "strict.toml", 'fail-on = "warning"\n')
    isolated = run_cli("check", "--show-config", "--isolated", cwd=tmp_path)
    assert 'fail-on = "error"  # default' in isolated.stdout
    assert "configuration file: none" in isolated.stdout
    explicit = run_cli("check", "--show-config", "--config", elsewhere, cwd=tmp_path)
    assert f'fail-on = "warning"  # {elsewhere}' in explicit.stdout


# --- precedence and effect ------------------------------------------------------------

def test_command_line_overrides_config(tmp_path: Path, notice: Path) -> None:
    _write(tmp_path / ".noticeaudit.toml",
           'select = ["O001"]\nfail-on = "never"\nformat = "json"\nextend-ignore = ["T002"]\n')
    from_config = run_cli("check", notice, cwd=tmp_path)
    assert from_config.code == 0  # fail-on never
    assert _rules(from_config.json) == ["O001"]

    run = run_cli("check", notice, "--select", "T", "--fail-on", "warning", cwd=tmp_path)
    assert run.code == 1
    assert _rules(run.json) == ["T001"]  # --select replaced O001; extend-ignore still applies

    shown = run_cli("check", "--show-config", "--select", "T", cwd=tmp_path)
    assert 'select = ["T"]  # command line' in shown.stdout
    assert f'fail-on = "never"  # {tmp_path / ".noticeaudit.toml"}' in shown.stdout
    assert 'messages = "auto"  # default' in shown.stdout


@pytest.mark.parametrize(("override", "code", "severity"), [
    ("", 0, "info"),              # O007 is info: the default --fail-on error passes
    ('O007 = "error"', 1, "error"),
    ('O = "warning"', 0, "warning"),
])
def test_severity_override_applies_to_findings_and_exit_status(
        tmp_path: Path, notice: Path, override: str, code: int, severity: str) -> None:
    _write(tmp_path / "pyproject.toml",
           f'[tool.noticeaudit]\nselect = ["O007"]\nformat = "json"\n\n'
           f'[tool.noticeaudit.severity]\n{override}\n')
    run = run_cli("check", notice, cwd=tmp_path)
    assert run.code == code, run.stderr
    (finding,) = run.json["documents"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("O007", severity)
    assert run.json["summary"][severity] == 1


def test_rule_dirs_load_a_consultants_own_rule(tmp_path: Path) -> None:
    _write(tmp_path / "omat-saannot" / "kulunvalvonta.yaml", """\
rules:
  - id: P001
    name: access-control-logging
    severity: warning
    anchor: GDPR Art. 5(1)(c)
    kind: phrase
    patterns: {fi: ['kulunvalvon*']}
    message:
      fi: "Kulunvalvonta mainitaan: '{match}'. Tarkista lokien säilytysaika."
      en: "Access control is mentioned: '{match}'. Check how long its logs are kept."
    explanation:
      en: "Access control logs are personal data; their retention needs its own period."
    examples:
      counts: ["kulunvalvonnan tapahtumat"]
      does_not_count: ["avainten numerot"]
""")
    _write(tmp_path / "asiakas" / ".noticeaudit.toml",
           'rule-dirs = ["../omat-saannot"]\nselect = ["P"]\nfail-on = "warning"\n')
    cwd = tmp_path / "asiakas"
    run = run_cli("check", TALOYHTIO, "--format", "json", cwd=cwd)
    assert run.code == 1, run.stderr
    found = [(f["rule"], f["location"]["line"], f["severity"])
             for f in run.json["documents"][0]["findings"]]
    assert found == [("P001", 18, "warning"), ("P001", 28, "warning")]
    assert "kulunvalvonnan" in run.json["documents"][0]["findings"][0]["message"]

    explained = run_cli("explain", "p001", cwd=cwd)
    assert explained.code == 0, explained.stderr
    assert "P001 access-control-logging" in explained.stdout
    assert "kulunvalvonnan tapahtumat" in explained.stdout


# --- errors: one clear line, exit 2 -------------------------------------------------------

@pytest.mark.parametrize(("name", "text", "expected"), [
    (".noticeaudit.toml", 'select = ["O001"\n', "invalid TOML"),
    (".noticeaudit.toml", 'fail-on = "fatal"\n', "fail-on: expected one of error, warning, info, never"),
    (".noticeaudit.toml", 'selct = ["O001"]\n', "unknown setting 'selct'"),
    (".noticeaudit.toml", 'ignore = ["X999"]\n', "ignore: no rule matches X999"),
    (".noticeaudit.toml", '[severity]\nM003 = "fatal"\n', "severity: M003: expected one of"),
    (".noticeaudit.toml", 'rule-dirs = ["ei-ole"]\n', "rule-dirs: not a directory"),
    ("pyproject.toml", '[tool.noticeaudit]\nformat = "pdf"\n', "format: expected one of"),
])
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, notice: Path, name: str, text: str,
                                           expected: str) -> None:
    config = _write(tmp_path / name, text)
    run = run_cli("check", notice, cwd=tmp_path)
    assert run.code == 2
    assert run.stdout == ""
    assert len(run.stderr_lines) == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"noticeaudit: {config}") and expected in run.stderr


def test_missing_explicit_config_is_an_error(tmp_path: Path, notice: Path) -> None:
    run = run_cli("check", notice, "--config", tmp_path / "ei-ole.toml")
    assert run.code == 2 and len(run.stderr_lines) == 1
    assert "ei-ole.toml" in run.stderr and "Traceback" not in run.stderr


def test_show_config_needs_no_source_and_lists_every_setting(tmp_path: Path) -> None:
    config = _write(tmp_path / ".noticeaudit.toml",
                    'select = "m, o"\nlang = "fi"\n\n[severity]\nM003 = "warning"\n')
    run = run_cli("check", "--show-config", "--fail-on", "info", cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert run.stdout.splitlines() == [
        f"# configuration file: {config}",
        'format = "text"  # default',
        'fail-on = "info"  # command line',
        f'lang = "fi"  # {config}',
        'messages = "auto"  # default',
        'jurisdiction = "auto"  # default',
        f'select = ["M", "O"]  # {config}',
        'ignore = []  # default',
        'extend-select = []  # default',
        'extend-ignore = []  # default',
        f'severity = {{M003 = "warning"}}  # {config}',
        'rule-dirs = []  # default',
    ]

"""Baselines through the real CLI: record today's findings, then see only new ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_cli

TALOYHTIO = REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt"


@pytest.fixture
def seloste(tmp_path: Path) -> Path:
    path = tmp_path / "seloste.txt"
    path.write_text(TALOYHTIO.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_write_then_check_reports_nothing(tmp_path: Path, seloste: Path) -> None:
    before = run_cli("check", seloste.name, "--format", "json", cwd=tmp_path)
    assert before.code == 1
    expected = [(f["rule"], f["excerpt"]) for f in before.json["documents"][0]["findings"]]

    written = run_cli("check", seloste.name, "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.code == 0, written.stderr
    assert written.stdout == ""
    assert f"recorded {len(expected)} findings in 1 source to baseline.json" in written.stderr
    data = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["created"]
    assert list(data["sources"]) == ["seloste.txt"]
    entries = data["sources"]["seloste.txt"]
    assert [(e["rule"], e["excerpt"]) for e in entries] == expected
    assert all(len(e["fingerprint"]) >= 32 for e in entries)

    run = run_cli("check", seloste.name, "--baseline", "baseline.json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert "no findings" in run.stdout
    assert (f"0 errors, 0 warnings, 0 info in 1 document; {len(expected)} known findings "
            "suppressed by the baseline") in run.stdout


def test_only_new_findings_are_reported_after_lines_move(tmp_path: Path, seloste: Path) -> None:
    assert run_cli("check", seloste, "--write-baseline", tmp_path / "baseline.json").code == 0
    lines = seloste.read_text(encoding="utf-8").splitlines()
    # Lines inserted near the top shift every finding; a new defect is added in section 4.
    lines[2:2] = ["", "Seloste koskee taloyhtiön osakkaita ja asukkaita.", ""]
    text = "\n".join(lines).replace(
        "perustuu taloyhtiön oikeutettuun etuun.",
        "perustuu taloyhtiön oikeutettuun etuun ja henkilötietolakiin.")
    seloste.write_text("\n\n" + text + "\n", encoding="utf-8")

    # From another directory: the baseline stores paths relative to itself.
    elsewhere = tmp_path / "ci"
    elsewhere.mkdir()
    run = run_cli("check", "../seloste.txt", "--baseline", "../baseline.json",
                  "--format", "json", cwd=elsewhere)
    assert run.code == 1, run.stderr
    (finding,) = run.json["documents"][0]["findings"]
    assert finding["rule"] == "O001"
    assert finding["location"]["line"] == 23 + 5  # two blank lines and three inserted
    assert "henkilötietolakiin" in finding["excerpt"]


@pytest.mark.parametrize(("content", "expected"), [
    (None, "cannot read the baseline"),
    ("{not json", "not a noticeaudit baseline (invalid JSON"),
    ('{"version": 1, "findings": []}', "not a noticeaudit baseline"),
    ('{"version": 1, "sources": {"a.txt": [{"rule": "M010"}]}}', "needs 'rule' and 'fingerprint'"),
])
def test_missing_or_corrupt_baseline_is_one_line_and_exit_2(
        tmp_path: Path, seloste: Path, content: str | None, expected: str) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    run = run_cli("check", seloste, "--baseline", baseline)
    assert run.code == 2
    assert run.stdout == "" and "Traceback" not in run.stderr
    assert len(run.stderr_lines) == 1
    assert run.stderr.startswith(f"noticeaudit: {baseline}: ") and expected in run.stderr


def test_no_baseline_is_written_when_a_source_fails(tmp_path: Path, seloste: Path) -> None:
    baseline = tmp_path / "baseline.json"
    run = run_cli("check", seloste, tmp_path / "puuttuu.txt", "--write-baseline", baseline)
    assert run.code == 2
    assert "puuttuu.txt" in run.stderr and "baseline not written" in run.stderr
    assert not baseline.exists()


def test_baseline_and_write_baseline_together_is_a_usage_error(tmp_path: Path,
                                                               seloste: Path) -> None:
    run = run_cli("check", seloste, "--baseline", "a.json", "--write-baseline", "b.json",
                  cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "--baseline and --write-baseline" in run.stderr

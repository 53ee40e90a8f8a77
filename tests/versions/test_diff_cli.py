"""``noticeaudit diff`` through the real CLI: formats, exit status, bad input, saved reports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SHARED, run_cli

PAIRS = Path(__file__).resolve().parents[2] / "corpus" / "versions"
SCHEMA = SHARED / "spec" / "sarif-schema-2.1.0.json"


def pair(case: str) -> tuple[Path, Path]:
    (old,) = (PAIRS / case).glob("old.*")
    (new,) = (PAIRS / case).glob("new.*")
    return old, new


def test_json_lists_states_sections_and_words() -> None:
    run = run_cli("diff", *pair("placeholder"), "--format", "json")
    assert run.code == 1, run.stderr  # T001 is an error, the default --fail-on
    data = run.json
    assert data["text_changed"] is True and data["date_changed"] is True
    assert data["only_date_changed"] is False
    assert data["old"]["date"] == "2024-03-14" and data["new"]["date"] == "2024-09-02"
    assert data["summary"]["new"] == 1 and data["summary"]["unchanged"] == 6
    (new,) = [f for f in data["findings"] if f["state"] == "new"]
    assert new["rule"] == "T001" and new["location"]["line"] == 13 and new["fingerprint"]
    (contact,) = [s for s in data["sections"] if s["new"] and s["new"]["heading"] == "2. Yhteyshenkilö"]
    assert contact["kinds"] == ["modified"]
    changes = [w for w in contact["words"] if w["op"] != "equal"]
    assert changes == [{"op": "replace", "old": "aino.esimerkki@vaahteranlehti.invalid",
                        "new": "(s-postiosoite)"}]


def test_fail_on_counts_only_new_findings() -> None:
    old, new = pair("placeholder")
    assert run_cli("diff", old, new, "--fail-on", "never").code == 0
    # The old version has errors of its own (M010, O004): unchanged ones never fail a diff.
    assert run_cli("diff", old, old).code == 0
    assert run_cli("diff", *pair("date_not_updated"), "--fail-on", "info").code == 1
    assert run_cli("diff", *pair("date_not_updated"), "--fail-on", "warning").code == 0


def test_a_finnish_inflection_is_one_changed_word(tmp_path: Path) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    text = "Tietosuojaseloste\n\nSäilytysaika\n\nTiedot säilytetään kaksi vuotta ostosta.\n"
    old.write_text(text, encoding="utf-8")
    new.write_text(text.replace("vuotta ostosta", "vuotta ostoksesta"), encoding="utf-8")
    data = run_cli("diff", old, new, "--format", "json").json
    words = [w for s in data["sections"] for w in s["words"] if w["op"] != "equal"]
    assert words == [{"op": "replace", "old": "ostosta", "new": "ostoksesta"}]


def test_text_shows_the_word_diff_without_colour_when_piped() -> None:
    run = run_cli("diff", *pair("date_only"))
    assert run.code == 0
    assert "Päivitetty [-14.3.2024-] {+2.9.2024+}" in run.stdout
    assert "Only the notice's date changed (2024-03-14 → 2024-09-02)" in run.stdout
    assert "\x1b[" not in run.stdout


def test_markdown_escapes_notice_text(tmp_path: Path) -> None:
    old, new = tmp_path / "a.txt", tmp_path / "b.txt"
    old.write_text("Tietosuojaseloste\n\nRekisterinpitäjä\n\nEsimerkki Oy.\n", encoding="utf-8")
    new.write_text("Tietosuojaseloste\n\nRekisterinpitäjä\n\nEsimerkki Oy <img src=x onerror=alert(1)> "
                   "| *tähti* [linkki](https://evil.invalid).\n", encoding="utf-8")
    md = run_cli("diff", old, new, "--format", "markdown").stdout
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "\\*tähti\\*" in md and "\\[linkki\\]" in md and "\\|" in md
    assert "<ins>" in md


def test_saved_json_reports_compare_findings_and_headings(tmp_path: Path) -> None:
    old, new = pair("retention_added")
    for name, path in (("old.json", old), ("new.json", new)):
        run = run_cli("check", path, "--format", "json", "-o", tmp_path / name)
        assert run.code == 1, run.stderr
    data = run_cli("diff", tmp_path / "old.json", tmp_path / "new.json", "--format", "json").json
    assert [f["rule"] for f in data["findings"] if f["state"] == "fixed"] == ["M010"]
    assert data["summary"]["unchanged"] == 5
    assert data["text_changed"] is None  # a report does not hold the text
    # A saved report against the notice itself: the same fingerprints.
    data = run_cli("diff", tmp_path / "new.json", new, "--format", "json").json
    assert data["summary"]["unchanged"] == 5 and data["summary"]["new"] == 0


def test_unusable_versions_are_one_line_each_and_exit_2(tmp_path: Path) -> None:
    report = tmp_path / "two.json"
    run = run_cli("check", *pair("date_only"), "--format", "json", "-o", report)
    assert run.code == 1
    missing = tmp_path / "missing.txt"
    run = run_cli("diff", missing, report)
    assert run.code == 2 and run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr_lines == [
        f"noticeaudit: {missing}: no such file or directory",
        f"noticeaudit: {report}: the report holds 2 documents; diff compares one notice"]
    store = tmp_path / "none.sqlite"
    run = run_cli("diff", f"{store}#https://example.invalid/x@1", pair("date_only")[0])
    assert run.code == 2 and run.stderr_lines == [
        f"noticeaudit: {store}#https://example.invalid/x@1: {store}: no such version store"]


def test_sarif_marks_baseline_states() -> None:
    run = run_cli("diff", *pair("privacy_shield"), "--format", "sarif")
    assert run.code == 0, run.stderr
    log = json.loads(run.stdout)
    (sarif_run,) = log["runs"]
    states = sorted((r["ruleId"], r["baselineState"]) for r in sarif_run["results"])
    assert states == [("M003", "unchanged"), ("M008", "absent"), ("M010", "unchanged"),
                      ("M019", "unchanged"), ("M020", "unchanged"), ("O004", "absent")]
    uris = [a["location"]["uri"] for a in sarif_run["artifacts"]]
    absent = [r for r in sarif_run["results"] if r["baselineState"] == "absent"]
    assert {uris[r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]]
            for r in absent} == {"corpus/versions/privacy_shield/old.txt"}
    changed = json.loads(run_cli("diff", *pair("changed_detail"), "--format", "sarif").stdout)
    assert [r["baselineState"] for r in changed["runs"][0]["results"]
            if r["ruleId"] == "O004"] == ["updated"]
    if SCHEMA.is_file():
        jsonschema = pytest.importorskip("jsonschema")
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_a_file_that_is_not_a_store_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database\n", encoding="utf-8")
    expected = f"noticeaudit: {bogus}: cannot use as a version store: file is not a database"
    for args in (("history", "https://example.invalid/x", "--store", bogus),
                 ("watch", "http://127.0.0.1:9/x", "--store", bogus)):
        run = run_cli(*args)
        assert (run.code, run.stdout, run.stderr_lines) == (2, "", [expected]), args

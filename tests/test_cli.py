"""The command line as users and CI pipelines see it (spec/interface.md).

Every test runs ``python -m noticeaudit`` in a fresh process. The notice in
conftest.NOTICE has one finding per severity whose place was counted by hand:
T001 at 5:40, O001 at 7:48 (errors), T002 at 11:1 (warning), O007 at 9:26 (info).
Rule selection keeps the other families out, so these tests do not depend on
how the missing-item rules judge this tiny notice.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOTICE, run_cli

from noticeaudit import __version__

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
DOCUMENT_KEYS = {"source", "format", "language", "title", "date", "sections", "findings", "error",
                 "jurisdiction"}
FINDING_KEYS = {"rule", "name", "severity", "message", "gdpr", "location", "excerpt", "suggestion"}
LOCATION_KEYS = {"line", "column", "end_line", "end_column", "page", "section"}


def _found(run_json: dict, doc: int = 0) -> list[tuple[str, int | None, int | None]]:
    return [(f["rule"], f["location"]["line"], f["location"]["column"])
            for f in run_json["documents"][doc]["findings"]]


# --- findings and where they are --------------------------------------------

def test_findings_name_the_rule_the_text_and_the_place(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "T,O", "--format", "json")
    assert run.code == 1, run.stderr
    by_rule = {f["rule"]: f for f in run.json["documents"][0]["findings"]}
    assert set(by_rule) == {"T001", "O001", "O007", "T002"}

    t001 = by_rule["T001"]
    assert (t001["severity"], t001["name"]) == ("error", "template-placeholder")
    assert "(s-postiosoite)" in t001["message"]
    assert t001["location"] == {"line": 5, "column": 40, "end_line": 5, "end_column": 55,
                                "page": None, "section": "Yhteyshenkilö"}
    assert "(s-postiosoite)" in t001["excerpt"]

    o001 = by_rule["O001"]
    assert o001["location"]["line"] == 7 and o001["location"]["column"] == 48
    assert o001["location"]["end_column"] == 48 + len("henkilötietolain")
    assert o001["location"]["section"] == "Käsittelyn peruste"
    assert o001["excerpt"] == "Henkilötietoja käsitellään henkilötietolain mukaisesti."
    assert o001["gdpr"] and o001["suggestion"]

    assert (by_rule["O007"]["severity"], by_rule["O007"]["location"]["line"],
            by_rule["O007"]["location"]["column"]) == ("info", 9, 26)
    assert (by_rule["T002"]["severity"], by_rule["T002"]["location"]["line"]) == ("warning", 11)
    assert "Automaattinen päätöksenteko" in by_rule["T002"]["message"]


def test_text_report_shows_rule_line_and_excerpt(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "O001")
    assert run.code == 1
    assert "O001 repealed-personal-data-act" in run.stdout
    assert "line 7:48" in run.stdout
    assert "Henkilötietoja käsitellään henkilötietolain mukaisesti." in run.stdout
    assert "1 errors, 0 warnings, 0 info in 1 document" in run.stdout


# --- exit status and --fail-on ------------------------------------------------

@pytest.mark.parametrize(("select", "fail_on", "code"), [
    ("O001", None, 1),            # default --fail-on error
    ("O001", "error", 1),
    ("O001", "never", 0),
    ("T002", "error", 0),         # a warning does not fail the default threshold
    ("T002", "warning", 1),
    ("T002", "info", 1),
    ("O007", "warning", 0),       # an info finding fails only --fail-on info
    ("O007", "info", 1),
    ("O002", "info", 0),          # no finding at all
])
def test_exit_status_follows_fail_on(notice: Path, select: str, fail_on: str | None,
                                     code: int) -> None:
    args = ["check", notice, "--select", select] + (["--fail-on", fail_on] if fail_on else [])
    run = run_cli(*args, subprocess_=True)  # the real process's exit status
    assert run.code == code, run.stdout + run.stderr
    assert run.stderr == ""


def test_unreadable_source_exits_2_even_with_findings(notice: Path, tmp_path: Path) -> None:
    run = run_cli("check", notice, tmp_path / "puuttuu.txt", "--select", "O001",
                  "--fail-on", "never", "--format", "json", subprocess_=True)
    assert run.code == 2
    assert _found(run.json) == [("O001", 7, 48)]


# --- --select / --ignore --------------------------------------------------------

def test_select_by_prefix(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "O", "--format", "json", "--fail-on", "never")
    assert run.code == 0
    assert _found(run.json) == [("O001", 7, 48), ("O007", 9, 26)]


def test_select_is_case_insensitive_and_takes_a_list(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "t001, o007", "--format", "json")
    assert sorted(r for r, _, _ in _found(run.json)) == ["O007", "T001"]


def test_ignore_by_id_removes_only_that_rule(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "O,T", "--ignore", "O001", "--format", "json")
    rules = {r for r, _, _ in _found(run.json)}
    assert "O001" not in rules
    assert {"O007", "T001", "T002"} <= rules


def test_ignore_by_prefix(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "O,T", "--ignore", "T", "--format", "json")
    assert [r for r, _, _ in _found(run.json)] == ["O001", "O007"]


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_id_is_a_usage_error(notice: Path, option: str) -> None:
    run = run_cli("check", notice, option, "O001,X999")
    assert run.code == 2
    assert "X999" in run.stderr and "O001" not in run.stderr  # names only the unknown ID
    assert "Traceback" not in run.stderr
    assert run.stdout == ""


# --- JSON contract ------------------------------------------------------------

def test_json_matches_the_interface_contract(notice: Path, tmp_path: Path) -> None:
    missing = tmp_path / "ei-ole.txt"
    run = run_cli("check", notice, missing, "--select", "O,T", "--format", "json")
    data = run.json
    assert set(data) == {"noticeaudit", "documents", "summary"}
    assert data["noticeaudit"] == __version__
    assert set(data["summary"]) == {"documents", "error", "warning", "info"}
    assert data["summary"] == {"documents": 2, "error": 2, "warning": 1, "info": 1}

    good, bad = data["documents"]
    for doc in (good, bad):
        assert set(doc) == DOCUMENT_KEYS
    assert good["source"] == str(notice)
    assert (good["format"], good["language"], good["title"], good["error"]) == \
        ("text", "fi", "Tietosuojaseloste", None)
    assert [(s["title"], s["line"]) for s in good["sections"]] == [
        ("Tietosuojaseloste", 1), ("Rekisterinpitäjä", 3), ("Yhteyshenkilö", 5),
        ("Käsittelyn peruste", 7), ("Automaattinen päätöksenteko", 11), ("Säilytysaika", 13)]
    for f in good["findings"]:
        assert set(f) >= FINDING_KEYS
        assert set(f["location"]) == LOCATION_KEYS
        assert f["severity"] in ("error", "warning", "info")

    # The controller's jurisdiction, with the evidence it was decided from; none for a failure.
    assert set(good["jurisdiction"]) == {"code", "region", "source", "evidence"}
    assert good["jurisdiction"]["code"] in ("FI", "SE", "UK", "EU", "unknown")
    assert bad["jurisdiction"] is None

    assert bad["source"] == str(missing)
    assert bad["findings"] == [] and bad["sections"] == []
    assert bad["error"] == "no such file or directory"


def test_date_is_reported_as_iso(tmp_path: Path) -> None:
    path = tmp_path / "paivatty.txt"
    path.write_text("Tietosuojaseloste\n\nPäivitetty 12.3.2024.\n\nRekisterinpitäjä: Kuusikko ry\n",
                    encoding="utf-8")
    run = run_cli("check", path, "--select", "O001", "--format", "json")
    assert run.json["documents"][0]["date"] == "2024-03-12"


# --- output -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_file_is_written_and_stdout_stays_empty(notice: Path, tmp_path: Path,
                                                         fmt: str) -> None:
    out = tmp_path / f"raportti.{fmt}"
    run = run_cli("check", notice, "--select", "O001", "--format", fmt, "--output", out)
    assert run.code == 1
    assert run.stdout == ""
    written = out.read_text(encoding="utf-8")
    assert "henkilötietolain" in written
    assert not ANSI.search(written)


def test_unwritable_output_is_one_line_and_exit_2(notice: Path, tmp_path: Path) -> None:
    out = tmp_path / "ei-hakemistoa" / "raportti.json"
    run = run_cli("check", notice, "--select", "O001", "--format", "json", "--output", out)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert len(run.stderr_lines) == 1 and str(out) in run.stderr
    assert not out.exists()


def test_text_output_to_a_pipe_has_no_ansi(notice: Path) -> None:
    run = run_cli("check", notice, "--select", "O,T")
    assert "T001" in run.stdout
    assert not ANSI.search(run.stdout)


def _run_in_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the CLI with stdout on a pseudo-terminal; return what it printed."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "noticeaudit", *args], stdout=slave,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.communicate(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_disables_ansi_on_a_terminal(notice: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["TERM"] = "xterm-256color"
    args = ["check", str(notice), "--select", "O001"]
    colored = _run_in_terminal(args, env)
    assert "O001" in colored
    assert ANSI.search(colored), "a terminal without NO_COLOR gets colour"
    plain = _run_in_terminal(args, {**env, "NO_COLOR": "1"})
    assert "O001" in plain
    assert not ANSI.search(plain)


# --- sources as given on the command line -----------------------------------------

def test_directory_reports_each_file_as_dir_slash_name(tmp_path: Path) -> None:
    folder = tmp_path / "selosteet"
    (folder / "vanhat").mkdir(parents=True)
    (folder / "b.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "a.md").write_text("# Tietosuojaseloste\n\nKäsittely perustuu henkilötietolakiin.\n",
                                 encoding="utf-8")
    (folder / "vanhat" / "c.txt").write_text(NOTICE, encoding="utf-8")
    (folder / ".piilo.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "tiedot.csv").write_text("a;b\n", encoding="utf-8")
    for given in ("selosteet", "selosteet/"):
        run = run_cli("check", given, "--select", "O001", "--format", "json", cwd=tmp_path)
        assert run.code == 1, run.stderr
        docs = run.json["documents"]
        assert [d["source"] for d in docs] == [
            "selosteet/a.md", "selosteet/b.txt", "selosteet/vanhat/c.txt"]
        assert docs[0]["format"] == "markdown"
        assert _found(run.json, 0) == [("O001", 3, 20)]
        assert _found(run.json, 1) == [("O001", 7, 48)]


def test_standard_input(notice: Path) -> None:
    run = run_cli("check", "-", "--select", "O001", "--format", "json",
                  stdin=NOTICE.encode("utf-8"), subprocess_=True)
    assert run.code == 1, run.stderr
    doc = run.json["documents"][0]
    assert (doc["source"], doc["format"]) == ("-", "text")
    assert _found(run.json) == [("O001", 7, 48)]


def test_help_and_version() -> None:
    assert run_cli("--version").stdout.strip().endswith(__version__)
    run = run_cli("check", "--help")
    assert run.code == 0 and "--fail-on" in run.stdout


def test_no_source_is_a_usage_error() -> None:
    run = run_cli("check")
    assert run.code == 2
    assert "Traceback" not in run.stderr

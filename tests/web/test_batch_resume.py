"""Batch runs that must stay right over reruns (issue 11): honest timeouts, retried
transient failures, large and torn CSV rows, a locked output, a foreign SQLite table."""
from __future__ import annotations

import fcntl
from pathlib import Path

import pytest
from conftest import run_cli

from noticeaudit.model import Finding, Result
from noticeaudit.survey import COLUMNS, open_store, row

from .server import Farm, Page
from .test_batch import read_rows, url_list


def sources(output: Path) -> list[str]:
    return sorted(r["source"] for r in read_rows(output))


def test_waiting_for_a_busy_host_is_not_a_timeout(web: Farm, tmp_path: Path) -> None:
    # 16 URLs on one host, 2 at a time, 0.5 s each: the last waits ~3.5 s for a slot,
    # longer than --timeout, but its own fetch takes 0.5 s.
    web.latency = 0.5
    urls = [web.url(f"/short/{i}") for i in range(16)]
    output = tmp_path / "s.jsonl"
    run = run_cli("batch", url_list(tmp_path, urls), "--output", output, "--per-host", "2",
                  "--timeout", "3", "--jobs", "1")
    assert run.code == 0, run.stderr
    rows = read_rows(output)
    assert [r["error"] for r in rows if r["status"] != "ok"] == []
    assert sorted(r["source"] for r in rows) == sorted(urls)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".sqlite"])
def test_transient_failures_are_retried_and_keep_one_row(web: Farm, tmp_path: Path,
                                                         suffix: str) -> None:
    short = web.routes["/short/0"]
    flaky = [f"/flaky{suffix}/{i}" for i in range(3)]
    for path in flaky[:2]:
        web.routes[path] = Page(b"<h1>busy</h1>", status=503)
    web.routes[flaky[2]] = Page(b"<h1>gone</h1>", status=404)  # not transient
    urls = [web.url(p) for p in flaky] + [web.url("/short/1")]
    output = tmp_path / f"s{suffix}"
    args = ["batch", url_list(tmp_path, urls), "--output", output, "--jobs", "1"]
    first = run_cli(*args)
    assert first.code == 0, first.stderr
    assert [r["status"] for r in read_rows(output)].count("failed") == 3
    for path in flaky:
        web.routes[path] = short
    second = run_cli(*args)
    assert second.code == 0, second.stderr
    assert "2 sources in " in second.stderr_lines[0]
    assert "(0 failed, 2 retried)" in second.stderr_lines[0]
    assert "4 in the survey: 3 audited, 1 failed" in second.stderr_lines[0]
    rows = {r["source"]: r for r in read_rows(output)}
    assert sources(output) == sorted(urls)  # one row each
    assert rows[urls[2]]["error"] == "HTTP 404 Not Found"
    third = run_cli(*args, "--retry-failed")
    assert "(0 failed, 1 retried)" in third.stderr_lines[0]
    assert sources(output) == sorted(urls)
    assert {r["status"] for r in read_rows(output)} == {"ok"}


def test_a_row_with_thousands_of_findings_does_not_stop_a_resume(web: Farm,
                                                                tmp_path: Path) -> None:
    output = tmp_path / "s.csv"
    store = open_store(str(output))
    many = [Finding("M010", "name", "error", "x" * 100, None) for _ in range(2000)]
    store.write(row(Result(web.url("/short/2"), findings=many)))
    store.close()
    assert output.stat().st_size > 200_000  # past csv's default field limit of 131,072
    urls = [web.url("/short/2"), web.url("/short/3")]
    run = run_cli("batch", url_list(tmp_path, urls), "--output", output, "--jobs", "1")
    assert run.code == 0, run.stderr
    assert "1 already in" in run.stderr_lines[0]
    assert sources(output) == sorted(urls)


def test_a_torn_csv_row_whose_source_has_a_line_break_is_cut(tmp_path: Path) -> None:
    notices = tmp_path / "notices"
    notices.mkdir()
    short = (Path(__file__).resolve().parents[2] / "corpus" / "notices" /
             "fi_15_fysioterapia_lyhyt.txt").read_bytes()
    (notices / "a.txt").write_bytes(short)
    (notices / "rivi\nvaihto.txt").write_bytes(short)
    output = tmp_path / "s.csv"
    first = run_cli("batch", notices, "--output", output, "--jobs", "1")
    assert first.code == 0, first.stderr
    whole = output.read_bytes()
    torn_at = whole.index(b'"' + str(notices / "rivi").encode() + b"\n")
    output.write_bytes(whole[:torn_at + len(str(notices / "rivi")) + 3])  # ends inside the quotes
    second = run_cli("batch", notices, "--output", output, "--jobs", "1")
    assert second.code == 0, second.stderr
    assert "1 already in" in second.stderr_lines[0]
    assert sources(output) == sorted(str(p) for p in notices.iterdir())
    assert output.read_bytes().count(b"\n") == whole.count(b"\n")


def test_two_runs_on_one_output_do_not_both_write(tmp_path: Path) -> None:
    output = tmp_path / "s.jsonl"
    with output.open("ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        run = run_cli("batch", Path(__file__).resolve().parents[2] / "corpus" / "notices" /
                      "fi_15_fysioterapia_lyhyt.txt", "--output", output, "--jobs", "1")
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {output}: in use by another noticeaudit batch "
                                "(the file is locked); wait for it to finish or choose another "
                                "--output"]
    assert output.read_bytes() == b""


def test_a_sqlite_file_with_another_results_table_is_refused(tmp_path: Path) -> None:
    import sqlite3

    output = tmp_path / "old.sqlite"
    with sqlite3.connect(output) as db:
        db.execute("CREATE TABLE results (id INTEGER, value TEXT)")
    run = run_cli("batch", Path(__file__).resolve().parents[2] / "corpus" / "notices" /
                  "fi_15_fysioterapia_lyhyt.txt", "--output", output, "--jobs", "1")
    assert run.code == 2
    assert len(run.stderr_lines) == 1
    assert run.stderr_lines[0].startswith(f"noticeaudit: {output}: cannot use as survey output: "
                                          "its results table is not a noticeaudit survey's")
    assert ", ".join(COLUMNS) in run.stderr_lines[0]  # the expected columns are named


def test_a_source_over_its_time_budget_is_a_failed_row(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    notices = tmp_path / "notices"
    notices.mkdir()
    (notices / "lyhyt.txt").write_bytes((Path(__file__).resolve().parents[2] / "corpus" /
                                         "notices" / "fi_15_fysioterapia_lyhyt.txt").read_bytes())
    slow = canvas.Canvas(str(notices / "pitka.pdf"))  # far longer than 5 s to parse anywhere
    for page in range(400):
        for line in range(50):
            slow.drawString(72, 800 - 15 * line, f"Sivu {page} rivi {line}: tietoja käsitellään")
        slow.showPage()
    slow.save()
    output = tmp_path / "s.csv"
    run = run_cli("batch", notices, "--output", output, "--jobs", "1", "--source-timeout", "5")
    assert run.code == 0, run.stderr
    rows = {Path(r["source"]).name: r for r in read_rows(output)}
    assert rows["pitka.pdf"]["error"] == "not audited within 5 s (see --source-timeout)"
    assert rows["lyhyt.txt"]["status"] == "ok"
    # Not transient: a rerun keeps the row and does not try again.
    again = run_cli("batch", notices, "--output", output, "--jobs", "1", "--source-timeout", "5")
    assert "0 sources in " in again.stderr_lines[0] and "2 already in" in again.stderr_lines[0]

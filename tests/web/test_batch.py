"""``noticeaudit batch`` against local servers: concurrency, limits, outputs, resumption.

Every run is a real ``python -m noticeaudit batch`` process. Rows are read
back as a consumer would: JSON lines, the csv module, sqlite3.
"""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from .server import Farm

LATENCY = 0.1


def url_list(tmp_path: Path, urls: list[str], name: str = "urls.txt") -> Path:
    path = tmp_path / name
    path.write_text("# a survey\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict]:
    """Rows of any output format, with rules and findings as lists."""
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        with sqlite3.connect(path) as db:
            db.row_factory = sqlite3.Row
            rows = [dict(r) for r in db.execute("SELECT * FROM results")]
    for r in rows:
        r["rules"] = r["rules"].split()
        r["findings"] = json.loads(r["findings"])
        for key in ("error_count", "warning_count", "info_count"):
            r[key] = int(r[key])
        r["error"] = r["error"] or None
    return rows


def test_fetches_run_concurrently_within_both_limits(web: Farm, tmp_path: Path) -> None:
    web.latency = LATENCY
    urls = [web.url(f"/short/{i}", host=i % len(web.servers)) for i in range(200)]
    run = run_cli("batch", url_list(tmp_path, sorted(urls)), "--output", tmp_path / "s.jsonl",
                  "--concurrency", "12", "--per-host", "2", "--jobs", "1")
    assert run.code == 0, run.stderr
    # Concurrency is shown by the requests in flight at once, not by the time taken.
    assert max(web.stats.peak.values()) == 2  # the per-host limit, reached and kept
    assert web.stats.peak_total == 12  # the global limit, reached and kept
    rows = read_rows(tmp_path / "s.jsonl")
    assert sorted(r["source"] for r in rows) == sorted(urls)
    assert {r["status"] for r in rows} == {"ok"}
    # No progress bar when standard error is not a terminal: the summary only.
    assert run.stderr_lines[0].startswith("noticeaudit: 200 sources in ")
    assert "200 in the survey: 200 audited, 0 failed" in run.stderr_lines[0]
    assert "\r" not in run.stderr and "\x1b[" not in run.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".sqlite"])
def test_each_output_format_has_one_row_per_source(web: Farm, tmp_path: Path, suffix: str) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    for name in ("fi_12_kuntosali_pohja.txt", "sv_18_idrottsforening.md"):
        (folder / name).write_bytes((REPO / "corpus" / "notices" / name).read_bytes())
    urls = [web.url(f"/n/{i}") for i in range(4)] + [web.url("/missing"), web.url("/login")]
    output, table = tmp_path / f"survey{suffix}", tmp_path / "table.csv"
    run = run_cli("batch", url_list(tmp_path, urls), folder, "--output", output,
                  "--summary", table, "--jobs", "1")
    assert run.code == 0, run.stderr
    rows = {r["source"]: r for r in read_rows(output)}
    files = [str(folder / "fi_12_kuntosali_pohja.txt"), str(folder / "sv_18_idrottsforening.md")]
    assert sorted(rows) == sorted(urls + files)
    assert rows[web.url("/missing")]["status"] == "failed"
    assert rows[web.url("/missing")]["error"] == "HTTP 404 Not Found"
    assert rows[web.url("/login")]["error"] == "a login page (password form), not a notice"
    for source in urls[:4] + files:
        r = rows[source]
        assert (r["status"], r["error"]) == ("ok", None)
        assert r["rules"] == sorted({f["rule"] for f in r["findings"]})
        assert r["error_count"] == sum(f["severity"] == "error" for f in r["findings"])
        assert r["warning_count"] == sum(f["severity"] == "warning" for f in r["findings"])
    assert rows[urls[0]]["url"] == urls[0] and rows[urls[0]]["format"]
    gym = rows[files[0]]  # fi_12: a template left half-filled
    assert {"M010", "T001", "T002"} <= set(gym["rules"]) and gym["language"] == "fi"
    with table.open(encoding="utf-8", newline="") as fh:
        survey = {line["rule"]: line for line in csv.DictReader(fh)}
    assert set(survey["M010"]) == {"rule", "name", "severity", "notices", "audited", "percent"}
    with_t001 = sum("T001" in r["rules"] for r in rows.values())
    assert (int(survey["T001"]["notices"]), int(survey["T001"]["audited"])) == (with_t001, 6)
    assert float(survey["T001"]["percent"]) == round(100 * with_t001 / 6, 1)
    assert "audited, 2 failed" in run.stderr_lines[0]
    assert any(line.startswith("T001  template-placeholder") for line in run.stderr_lines)


def _kill_after(args: list[str], output: Path, rows: int, sig: int) -> subprocess.Popen[bytes]:
    """Start a batch and send ``sig`` once ``output`` holds at least ``rows`` rows."""
    proc = subprocess.Popen([sys.executable, "-m", "noticeaudit", "batch", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if output.exists() and _count(output) >= rows:
            proc.send_signal(sig)
            break
        time.sleep(0.02)
    proc.wait(timeout=30)
    return proc


def _count(output: Path) -> int:
    if output.suffix == ".sqlite":
        try:
            with sqlite3.connect(output) as db:
                return db.execute("SELECT count(*) FROM results").fetchone()[0]
        except sqlite3.OperationalError:  # the table is not there yet
            return 0
    return output.read_bytes().count(b"\n") - (output.suffix == ".csv")


@pytest.mark.parametrize(("suffix", "sig"), [(".jsonl", signal.SIGKILL), (".csv", signal.SIGINT)])
def test_an_interrupted_run_resumes_and_loses_nothing(web: Farm, tmp_path: Path, suffix: str,
                                                      sig: int) -> None:
    web.latency = 0.05
    urls = [web.url(f"/short/{i}", host=i % 2) for i in range(40)]
    output = tmp_path / f"survey{suffix}"
    args = [str(url_list(tmp_path, urls)), "--output", str(output), "--concurrency", "2",
            "--jobs", "1"]
    first = _kill_after(args, output, 5, sig)
    if sig == signal.SIGKILL:
        assert first.returncode == -sig
        with output.open("ab") as fh:  # what a kill in mid-write leaves: half a row
            fh.write(b'{"source": "' + urls[-1].encode() + b'", "sta')
    else:  # Ctrl-C: a clean stop that says how to go on
        assert first.returncode == 130
        assert b"rerun the same command to resume" in first.stderr.read()
    written = _count(output)
    assert 5 <= written < 40
    web.latency = 0
    run = run_cli("batch", *args)
    assert run.code == 0, run.stderr
    assert f"{written} already in {output}" in run.stderr_lines[0]
    sources = [r["source"] for r in read_rows(output)]
    assert sorted(sources) == sorted(urls)  # every source exactly once


def test_discover_works_in_batch(web: Farm, tmp_path: Path) -> None:
    homes = [web.url("/a/"), web.url("/pdf/"), web.url("/none/"), web.url("/broken/")]
    output = tmp_path / "sites.jsonl"
    run = run_cli("batch", url_list(tmp_path, homes), "--discover", "--output", output,
                  "--jobs", "1")
    assert run.code == 0, run.stderr
    rows = {r["source"]: r for r in read_rows(output)}
    assert rows[homes[0]]["url"] == web.url("/a/tietosuojaseloste")
    assert rows[homes[1]]["url"] == web.url("/pdf/files/rekisteriseloste.pdf")
    assert rows[homes[1]]["format"] == "pdf"
    assert (rows[homes[2]]["status"], rows[homes[2]]["rules"]) == ("ok", ["S001"])
    assert rows[homes[3]]["status"] == "failed"


def test_bad_arguments_stop_before_any_work(tmp_path: Path) -> None:
    urls = url_list(tmp_path, ["https://a.example/", "www.b.example"])
    run = run_cli("batch", urls, "--output", tmp_path / "s.csv")
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {urls}, line 4: 'www.b.example' is not an "
                                "http(s) URL"]
    good = url_list(tmp_path, ["https://a.example/"], "good.txt")
    run = run_cli("batch", good, "--output", tmp_path / "s.xlsx")
    assert run.code == 2 and "name it .jsonl, .csv or .sqlite" in run.stderr
    run = run_cli("batch", tmp_path / "missing.txt", "--output", tmp_path / "s.csv")
    assert run.code == 2 and "no such file" in run.stderr
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    run = run_cli("batch", good, "--output", tmp_path / "other.csv")
    assert run.code == 2 and "columns are not those of a noticeaudit survey" in run.stderr
    assert not os.path.exists(tmp_path / "s.csv")

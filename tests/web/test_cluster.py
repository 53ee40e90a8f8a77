"""``noticeaudit batch --scheduler`` on a real Dask cluster against the local servers.

The module starts one ``distributed.LocalCluster`` (two worker processes) and
closes it at the end; every run is a real ``python -m noticeaudit batch``
process that connects to it as a client, except where noticeaudit starts its
own cluster (``local:1``). Rows are compared with those of local batch.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from .server import Farm
from .test_batch import _count, read_rows, url_list

distributed = pytest.importorskip("distributed", reason="Dask is not installed (extra 'dask')")


@pytest.fixture(scope="module")
def cluster(farm: Farm) -> Iterator[distributed.Client]:
    """Two worker processes, two threads each; a client of it for looking inside."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True,
                                  dashboard_address=":0", silence_logs=logging.ERROR) as local, \
            distributed.Client(local) as client:
        yield client


def _workers(client: distributed.Client) -> dict[str, int]:
    """Worker address -> process id, as the cluster reports them."""
    return client.run(os.getpid)


def _ours(client: distributed.Client) -> dict[str, list[str]]:
    """Workers holding noticeaudit tasks, with the tasks."""
    held = {worker: [str(k) for k in keys if str(k).startswith("noticeaudit-")]
            for worker, keys in client.processing().items()}
    return {worker: keys for worker, keys in held.items() if keys}


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "noticeaudit", "batch", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "gave up waiting"
        time.sleep(0.02)


def test_same_rows_with_and_without_the_cluster(web: Farm, cluster: distributed.Client,
                                                tmp_path: Path) -> None:
    web.latency = 0.02
    hosts = len(web.servers)
    urls = [web.url(f"/short/{i}", host=i % hosts) for i in range(266)]
    urls += [web.url(f"/n/{i}", host=i % hosts) for i in range(26)]  # every corpus notice
    urls += [web.url(path, host=3) for path in ("/missing", "/login", "/error", "/empty",
                                                "/cp1252-as-utf8", "/gzip", "/moved", "/loop/a")]
    assert len(urls) == 300
    listing = url_list(tmp_path, urls)
    local = run_cli("batch", listing, "--output", tmp_path / "local.jsonl", "--jobs", "1")
    assert local.code == 0, local.stderr
    web.reset()
    web.latency = 0.02
    remote = run_cli("batch", listing, "--output", tmp_path / "cluster.jsonl", "--per-host", "2",
                     "--scheduler", cluster.scheduler.address)
    assert remote.code == 0, remote.stderr
    assert remote.stderr_lines[0].startswith(f"noticeaudit: Dask scheduler {cluster.scheduler.address}")
    assert "300 in the survey: 295 audited, 5 failed" in remote.stderr_lines[1]
    # One task at a time per site: the per-host limit held across both workers.
    assert max(web.stats.peak.values()) <= 2, web.stats.peak
    rows = read_rows(tmp_path / "cluster.jsonl")
    assert len(rows) == 300

    def as_set(found: list[dict]) -> set[str]:
        return {json.dumps(r, sort_keys=True) for r in found}

    assert as_set(rows) == as_set(read_rows(tmp_path / "local.jsonl"))
    failed = {r["source"]: r["error"] for r in rows if r["status"] == "failed"}
    assert len(failed) == 5  # /missing, /login, /error, /empty, /loop/a
    assert failed[web.url("/missing", host=3)] == "HTTP 404 Not Found"
    assert failed[web.url("/login", host=3)] == "a login page (password form), not a notice"


def test_a_worker_killed_mid_task_loses_and_repeats_nothing(web: Farm, cluster: distributed.Client,
                                                            tmp_path: Path) -> None:
    web.latency = 0.1
    urls = [web.url(f"/short/{i}", host=i % len(web.servers)) for i in range(160)]
    output = tmp_path / "survey.csv"
    before = _workers(cluster)
    run = _start([str(url_list(tmp_path, urls)), "--output", str(output), "--per-host", "1",
                  "--scheduler", cluster.scheduler.address])
    _wait_for(lambda: _ours(cluster) and len(web.stats.requests) >= 4)  # tasks fetching
    victim = next(iter(_ours(cluster)))
    written = _count(output) if output.exists() else 0
    os.kill(before[victim], signal.SIGKILL)
    assert run.wait(timeout=120) == 0, run.stderr.read().decode()  # type: ignore[union-attr]
    assert written < len(urls)  # the kill came while the survey was running
    rows = read_rows(output)
    assert sorted(r["source"] for r in rows) == sorted(urls)  # every source exactly once
    assert {r["status"] for r in rows} == {"ok"}  # the killed tasks ran again elsewhere
    cluster.wait_for_workers(2, timeout=60)
    assert before[victim] not in _workers(cluster).values()  # it was killed and replaced


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid``."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_a_killed_client_resumes_from_the_output(web: Farm, cluster: distributed.Client,
                                                 tmp_path: Path) -> None:
    web.latency = 0.05
    urls = [web.url(f"/short/{i}", host=i % 4) for i in range(120)]
    output = tmp_path / "survey.jsonl"
    args = [str(url_list(tmp_path, urls)), "--output", str(output), "--per-host", "1"]
    # noticeaudit's own cluster this time: its worker must not outlive a client killed with -9.
    first = _start([*args, "--scheduler", "local:1"])
    _wait_for(lambda: output.exists() and _count(output) >= 5)
    spawned = _children(first.pid)
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL
    assert spawned  # its worker process (and the spawn helper)
    _wait_for(lambda: not any(Path(f"/proc/{pid}").exists() and
                              "Z" not in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]
                              for pid in spawned), seconds=30)
    written = _count(output)
    assert 5 <= written < len(urls)
    web.latency = 0
    run = run_cli("batch", *args, "--scheduler", cluster.scheduler.address)
    assert run.code == 0, run.stderr
    assert f"{written} already in {output}" in run.stderr_lines[1]
    assert sorted(r["source"] for r in read_rows(output)) == sorted(urls)  # each exactly once


def test_local_batch_never_imports_dask(notice: Path, tmp_path: Path) -> None:
    code = ("import sys\n"
            "from noticeaudit.cli import main\n"
            f"try:\n    main(['batch', {str(notice)!r}, '--output', {str(tmp_path / 's.jsonl')!r},"
            " '--jobs', '1'])\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert len(read_rows(tmp_path / "s.jsonl")) == 1


def test_an_unusable_scheduler_is_one_line_and_status_2(tmp_path: Path) -> None:
    listing = url_list(tmp_path, ["http://127.0.0.1:9/"])
    run = run_cli("batch", listing, "--output", tmp_path / "s.jsonl", "--scheduler", "local:0")
    assert run.code == 2 and "local:N needs a number of workers" in run.stderr
    run = run_cli("batch", listing, "--output", tmp_path / "s.jsonl",
                  "--scheduler", "tcp://127.0.0.1:9")
    assert run.code == 2, run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    assert run.stderr_lines[0].startswith("noticeaudit: cannot reach the Dask scheduler at "
                                          "tcp://127.0.0.1:9: ")
    assert "Traceback" not in run.stderr

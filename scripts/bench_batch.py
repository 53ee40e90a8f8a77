"""Benchmark ``noticeaudit batch`` over URLs: throughput and peak memory.

Serves corpus notices from local servers on 127.0.0.1 (the test helper
``tests/web/server.py``; eight ports, so eight hosts) and runs
``python -m noticeaudit batch URLS --output FILE.jsonl`` as a child process,
N URLs per run, with 100 ms of latency injected into every response, then
the same batch with no latency as the baseline. Prints the median of the
runs: wall time, notices per second, and peak memory of the whole process
tree (the batch, its fork server and audit processes; RSS and PSS summed,
sampled from /proc every 20 ms) and of its largest process.

This is a measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench_batch.py [--urls 600] [--runs 3] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from web.pages import survey_notices  # noqa: E402  (the test site's notices)
from web.server import Farm  # noqa: E402

HOSTS = 8


def _kib(path: str, field: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def process_tree(root: int) -> set[int]:
    """``root`` and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    family = {root}
    for pid in sorted(parents):  # children have larger PIDs than their parents, mostly
        if parents[pid] in family:
            family.add(pid)
    return family


def tree_memory(root: int) -> tuple[int, int, int]:
    """(RSS summed, PSS summed, largest RSS) of ``root`` and its descendants, in KiB.

    The RSS sum counts pages the audit processes share with their fork server
    once per process (an upper bound); PSS splits shared pages among them.
    """
    family = process_tree(root)
    rss = [_kib(f"/proc/{pid}/status", "VmRSS:") for pid in family]
    pss = [_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in family]
    return sum(rss), sum(pss), max(rss)



def run_sampled(cmd: list[str], cwd: Path | str, env: dict[str, str] | None = None
                ) -> tuple[float, tuple[int, int, int], int, str, str]:
    """Run ``cmd``; (wall seconds, peak tree_memory, exit status, stdout, stderr)."""
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = (0, 0, 0)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = tuple(map(max, peak, tree_memory(proc.pid)))  # type: ignore[assignment]

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = proc.communicate()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    return wall, peak, proc.returncode, out, err

def run_once(urls: Path, jobs: int | None) -> tuple[float, tuple[int, int, int]]:
    """(wall seconds, peak memory as in tree_memory) of one batch run."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "noticeaudit", "batch", str(urls),
               "--output", str(Path(tmp) / "survey.jsonl")]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        wall, peak, status, _, err = run_sampled(cmd, REPO)
        if status != 0:
            sys.exit(f"bench: batch failed ({status}): {err}")
        if " 0 failed" not in err.splitlines()[0]:
            sys.exit(f"bench: some fetches failed: {err.splitlines()[0]}")
        return wall, peak


def measure(farm: Farm, latency: float, urls: Path, n: int, runs: int,
            jobs: int | None) -> str:
    farm.latency = latency
    results = [run_once(urls, jobs) for _ in range(runs)]
    walls = [w for w, _ in results]
    wall = statistics.median(walls)
    rss, pss, largest = (max(p[i] for _, p in results) / 1024 for i in range(3))
    return (f"{latency * 1000:>5.0f} ms latency: {wall:6.2f} s median wall "
            f"(runs {', '.join(f'{w:.2f}' for w in walls)}), {n / wall:6.1f} notices/s; "
            f"peak memory: process tree {rss:.0f} MB RSS / {pss:.0f} MB PSS, "
            f"largest process {largest:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=600, help="URLs per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, help="audit processes (default: batch's)")
    args = parser.parse_args()

    farm = Farm(hosts=HOSTS)
    farm.routes.update(survey_notices(args.urls))
    with tempfile.TemporaryDirectory() as tmp:
        urls = Path(tmp) / "urls.txt"
        urls.write_text("".join(f"{farm.url(f'/n/{i}', i % HOSTS)}\n" for i in range(args.urls)),
                        encoding="utf-8")
        print(f"noticeaudit batch: {args.urls} URLs on {HOSTS} local hosts, {os.cpu_count()} CPUs, "
              f"median of {args.runs} runs")
        print(measure(farm, 0.1, urls, args.urls, args.runs, args.jobs))
        print(measure(farm, 0.0, urls, args.urls, args.runs, args.jobs) + "  <- baseline")
    farm.close()


if __name__ == "__main__":
    main()

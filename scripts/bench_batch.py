"""Benchmark ``noticeaudit batch`` over URLs: throughput and peak memory.

Serves corpus notices from local servers on 127.0.0.1 (the test helper
``tests/web/server.py``; eight ports, so eight hosts) and runs
``python -m noticeaudit batch URLS --output FILE.jsonl`` as a child process,
N URLs per run, with 100 ms of latency injected into every response, then
the same batch with no latency as the baseline. Prints the median of the
runs: wall time, notices per second, and peak memory, both of the whole
process tree (main process plus audit processes, RSS summed, sampled from
/proc every 20 ms) and of its largest process (getrusage of the children).

This is a measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench_batch.py [--urls 600] [--runs 3] [--jobs N]
"""
from __future__ import annotations

import argparse
import os
import resource
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


def tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in bytes."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    family, total = {root}, 0
    for pid in sorted(parents):  # children have larger PIDs than their parents, mostly
        if parents[pid] in family:
            family.add(pid)
    for pid in family:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def run_once(urls: Path, jobs: int | None) -> tuple[float, int]:
    """(wall seconds, peak tree RSS in bytes) of one batch run."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "noticeaudit", "batch", str(urls),
               "--output", str(Path(tmp) / "survey.jsonl")]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.02):
                peak = max(peak, tree_rss(proc.pid))

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, err = proc.communicate()
        wall = time.monotonic() - started
        done.set()
        sampler.join()
        if proc.returncode != 0:
            sys.exit(f"bench: batch failed ({proc.returncode}): {err}")
        if " 0 failed" not in err.splitlines()[0]:
            sys.exit(f"bench: some fetches failed: {err.splitlines()[0]}")
        return wall, peak


def measure(farm: Farm, latency: float, urls: Path, n: int, runs: int,
            jobs: int | None) -> str:
    farm.latency = latency
    results = [run_once(urls, jobs) for _ in range(runs)]
    walls = [w for w, _ in results]
    wall = statistics.median(walls)
    peak = max(p for _, p in results)
    return (f"{latency * 1000:>5.0f} ms latency: {wall:6.2f} s median wall "
            f"(runs {', '.join(f'{w:.2f}' for w in walls)}), {n / wall:6.1f} notices/s, "
            f"peak memory {peak / 2**20:.0f} MB (process tree)")


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
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest single process: {largest:.0f} MB (getrusage of the children)")
    farm.close()


if __name__ == "__main__":
    main()

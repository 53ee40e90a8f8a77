"""Benchmark ``noticeaudit batch --scheduler local:N`` against local batch: rate and memory.

Serves corpus notices from local servers on 127.0.0.1 (the test helper
``tests/web/server.py``; eight ports, so eight hosts) and runs ``python -m
noticeaudit batch URLS --output FILE.jsonl`` as a child process:

1. ``--urls`` URLs (default 10,000: the corpus notices in turn, each URL made
   unique by a query string) with 100 ms of latency injected into every
   response, by local batch (``--jobs`` audit processes) and by ``--scheduler
   local:N`` (N worker processes): wall time, notices per second, peak memory
   of the client (the batch process itself, which for ``local:N`` also runs the
   Dask scheduler) and of its workers (the audit processes or Dask workers:
   largest one and sum, RSS sampled from /proc every 100 ms);
2. flat client memory: ``--scheduler local:N`` over ``--urls`` and over
   ``--big`` (default 100,000) URLs of the shortest notice with no latency;
   the big run stops after ``--max-seconds`` (Ctrl-C, as a user would) and
   reports how far it got, with the client's peak in both runs.

This is a measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench_cluster.py [--urls 10000] [--big 100000] [--workers 2]
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_batch import _kib, process_tree  # same directory: bench_batch's /proc sampling

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from web.pages import survey_notices  # noqa: E402  (the test site's notices)
from web.server import Farm  # noqa: E402

HOSTS = 8
NOTICES = 26  # /n/0 ... /n/25: every corpus notice once


@dataclass
class Run:
    wall: float
    done: int
    failed: int
    client: int  # peak RSS of the batch process, KiB
    workers: int  # peak RSS summed over its descendants, KiB
    largest_worker: int
    client_at: dict[int, int]  # rows written -> client RSS then, KiB

    def line(self, label: str) -> str:
        return (f"{label:34} {self.done:>7} sources in {self.wall:7.1f} s = "
                f"{self.done / self.wall:6.1f}/s ({self.failed} failed); peak RSS: client "
                f"{self.client / 1024:5.0f} MB, workers {self.workers / 1024:5.0f} MB "
                f"(largest {self.largest_worker / 1024:4.0f} MB)")


def url_file(farm: Farm, path: Path, n: int, page: str) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f"{farm.url(page.format(i % NOTICES), i % HOSTS)}?i={i}\n")
    return path


class Rows:
    """Rows (and failed rows) written so far, read incrementally from the JSONL output."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = self.count = self.failed = 0
        self.tail = b""

    def update(self) -> int:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except OSError:
            return self.count
        self.offset += len(data)
        *lines, self.tail = (self.tail + data).split(b"\n")
        self.count += len(lines)
        self.failed += sum(b'"status":"failed"' in line for line in lines)
        return self.count


def run_batch(urls: Path, args: list[str], max_seconds: float | None = None,
              marks: tuple[int, ...] = ()) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "survey.jsonl"
        cmd = [sys.executable, "-m", "noticeaudit", "batch", str(urls), "--output", str(output),
               *args]
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
        peak = [0, 0, 0]
        rows = Rows(output)
        client_at: dict[int, int] = {}
        stop, interrupted = threading.Event(), threading.Event()

        def sample() -> None:
            pending, ticks = sorted(marks), 0
            while not stop.wait(0.1):
                ticks += 1
                memory = {pid: _kib(f"/proc/{pid}/status", "VmRSS:") for pid in process_tree(proc.pid)}
                client = memory.pop(proc.pid, 0)
                peak[0] = max(peak[0], client)
                peak[1] = max(peak[1], sum(memory.values()))
                peak[2] = max(peak[2], max(memory.values(), default=0))
                if pending and ticks % 10 == 0 and rows.update() >= pending[0]:
                    while pending and rows.count >= pending[0]:
                        client_at[pending.pop(0)] = client
                if max_seconds and time.monotonic() - started > max_seconds and \
                        not interrupted.is_set():
                    proc.send_signal(signal.SIGINT)  # Ctrl-C: the batch stops and says how far
                    interrupted.set()

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, err = proc.communicate()
        wall = time.monotonic() - started
        stop.set()
        sampler.join()
        if proc.returncode != 0 and not (proc.returncode == 130 and interrupted.is_set()):
            sys.exit(f"bench: batch failed ({proc.returncode}): {err}")
        rows.update()
        done, failed = rows.count, rows.failed
        return Run(wall, done, failed, peak[0], peak[1], peak[2], client_at)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="N of --scheduler local:N")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="audit processes of local batch")
    parser.add_argument("--max-seconds", type=float, default=1800,
                        help="stop the big run (Ctrl-C) after this long")
    parser.add_argument("--skip", choices=("compare", "flat"), help="leave out one part")
    args = parser.parse_args()

    farm = Farm(hosts=HOSTS)
    farm.routes.update(survey_notices(NOTICES))
    cluster = ["--scheduler", f"local:{args.workers}"]
    print(f"noticeaudit batch --scheduler: {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the start", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        if args.skip != "compare":
            farm.latency = 0.1
            urls = url_file(farm, Path(tmp) / "n.txt", args.urls, "/n/{}")
            print(f"1. {args.urls} URLs (corpus notices) on {HOSTS} hosts, 100 ms latency",
                  flush=True)
            print("  " + run_batch(urls, ["--jobs", str(args.jobs)])
                  .line(f"local batch --jobs {args.jobs}"), flush=True)
            print("  " + run_batch(urls, cluster).line(" ".join(cluster)), flush=True)
        if args.skip != "flat":
            farm.latency = 0.0
            print(f"2. client memory, {' '.join(cluster)}: the shortest notice, no latency",
                  flush=True)
            marks = (1_000, args.urls // 2, args.urls, args.big // 2, args.big)
            for n, limit in ((args.urls, None), (args.big, args.max_seconds)):
                urls = url_file(farm, Path(tmp) / f"short{n}.txt", n, "/short/{}")
                run = run_batch(urls, cluster, limit, marks)
                print("  " + run.line(f"{n} sources"), flush=True)
                print("    client RSS after " + ", ".join(
                    f"{k} rows: {v / 1024:.0f} MB" for k, v in sorted(run.client_at.items())),
                    flush=True)
    farm.close()


if __name__ == "__main__":
    main()

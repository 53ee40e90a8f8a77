"""Benchmark ``noticeaudit site``: browser launch, per page, the three visits, peak memory.

Serves the test site of ``tests/siteaudit/sitefarm.py`` (a home page with a
Cookiebot-markup banner, trackers under their real names over TLS, a notice
page) on 127.0.0.1 and runs ``python -m noticeaudit site URL --format json``
as a child process, RUNS times. The visits' own timings come from the JSON
report (``observed.visits[].seconds``); wall time and peak memory of the
whole process tree (Python, the Playwright driver, every Chromium process;
RSS and PSS summed, sampled from /proc every 20 ms) are measured here. The
baseline is ``noticeaudit check --discover`` on the same site: the notice
side alone, no browser.

This is a measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench_site.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import run_sampled  # noqa: E402  (process-tree memory from /proc)

from tests.siteaudit.sitefarm import SiteFarm  # noqa: E402


def run_once(cmd: list[str]) -> tuple[float, tuple[int, int, int], str]:
    """(wall seconds, peak memory as in tree_memory, stdout) of one run."""
    wall, peak, status, out, err = run_sampled(cmd, REPO)
    if status not in (0, 1):
        sys.exit(f"bench: {cmd[3]} failed ({status}): {err}")
    return wall, peak, out


def median(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f} s" if values else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    farm = SiteFarm()
    python = [sys.executable, "-m", "noticeaudit"]
    site = [*python, "site", farm.url, "--insecure", *farm.resolve_args(), "--format", "json"]
    base = [*python, "check", "--discover", farm.url, "--format", "json"]

    steps: dict[str, list[float]] = {}
    walls, peaks = [], []
    for _ in range(args.runs):
        wall, peak, out = run_once(site)
        walls.append(wall)
        peaks.append(peak)
        visits: list[dict[str, Any]] = json.loads(out)["documents"][0]["observed"]["visits"]
        for v in visits:
            for step, seconds in v["seconds"].items():
                kind = "page" if step.startswith("page") else step
                steps.setdefault(f"{v['visit']} {kind}", []).append(seconds)
                steps.setdefault(kind, []).append(seconds)
        steps.setdefault("three visits", []).append(sum(v["seconds"]["total"] for v in visits))
    base_runs = [run_once(base) for _ in range(args.runs)]

    print(f"noticeaudit site on the test site ({len(visits[0]['pages'])} pages per visit), "
          f"{os.cpu_count()} CPUs, median of {args.runs} runs")
    print(f"  browser launch      {median(steps['launch'])}   (each visit starts its own)")
    print(f"  one page            {median(steps['page'])}   (load, then a quiet window)")
    print(f"  banner click        {median(steps['click'])}   (click, then a quiet window)")
    for visit in ("none", "accept", "reject"):
        print(f"  visit {visit:<13} {median(steps[f'{visit} total'])}")
    print(f"  three visits        {median(steps['three visits'])}")
    rss, pss, largest = (max(p[i] for p in peaks) / 1024 for i in range(3))
    print(f"  whole command       {median(walls)}   peak memory: process tree {rss:.0f} MB RSS / "
          f"{pss:.0f} MB PSS, largest process {largest:.0f} MB")
    b_rss, b_pss = (max(r[1][i] for r in base_runs) / 1024 for i in range(2))
    print(f"  check --discover    {median([r[0] for r in base_runs])}   peak memory: process tree "
          f"{b_rss:.0f} MB RSS / {b_pss:.0f} MB PSS  <- baseline (the notice side, no browser)")
    farm.close()


if __name__ == "__main__":
    main()

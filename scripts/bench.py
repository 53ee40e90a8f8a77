"""Benchmark noticeaudit: cold start of the CLI and warm audits per second.

(a) Cold start: ``python -m noticeaudit check FILE --format json`` as a fresh
    process, median and minimum of N runs, next to two baselines measured in
    the same run: ``python -c "pass"`` (the interpreter) and
    ``python -c "import spacy"`` (the NLP layer alone).
(b) Warm: the catalogue is loaded once, then one notice is parsed and audited
    repeatedly in this process; the median time per audit (split into parse
    and audit) and audits per second, for a seed notice and for the largest
    notice in corpus/.

Uses ../shared/corpus/seeds when present, otherwise files in corpus/. This is a
measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench.py [--cold-runs 7] [--warm-runs 50]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
NOTICE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def notices(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)


def pick_files() -> tuple[Path, Path]:
    """(a seed-like notice, the largest corpus notice)."""
    corpus = notices(REPO / "corpus")
    seeds = notices(SEEDS)
    if not corpus and not seeds:
        sys.exit("bench: no notices found in corpus/ or ../shared/corpus/seeds")
    text_like = [p for p in corpus if p.suffix in (".txt", ".md")] or corpus
    seed = max(seeds, key=lambda p: p.stat().st_size) if seeds else \
        max(text_like, key=lambda p: p.stat().st_size)
    return seed, largest_readable(corpus or seeds)


def largest_readable(files: list[Path]) -> Path:
    """The largest notice that parses (the corpus also holds broken ones on purpose)."""
    from noticeaudit.errors import SourceError
    from noticeaudit.sources import load_path, parse

    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True):
        try:
            parse(load_path(str(path)))
        except SourceError:
            continue
        return path
    sys.exit("bench: no readable notice in corpus/")


def time_process(cmd: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``cmd`` (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): "
                     f"{proc.stderr.decode(errors='replace').strip()}")
    return times


def cold(file: Path, runs: int) -> list[tuple[str, list[float]]]:
    py = sys.executable
    rows = [('python -c "pass"', time_process([py, "-c", "pass"], runs))]
    try:
        rows.append(('python -c "import spacy"', time_process([py, "-c", "import spacy"], runs)))
    except SystemExit as exc:
        print(f"(baseline 'import spacy' skipped: {exc})")
    rows.append((f"noticeaudit check {rel(file)} --format json",
                 time_process([py, "-m", "noticeaudit", "check", str(file), "--format", "json"],
                              runs)))
    return rows


def warm(file: Path, runs: int) -> tuple[float, float]:
    """Median seconds of (parse, audit) over ``runs`` runs, after one warm-up run."""
    from noticeaudit.catalogue import load_catalogue
    from noticeaudit.engine import audit
    from noticeaudit.sources import load_path, parse

    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    loaded = load_path(str(file))
    audit(parse(loaded), catalogue, rules)  # warm-up: models, compiled patterns
    parse_times, audit_times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        doc = parse(loaded)
        t1 = time.perf_counter()
        audit(doc, catalogue, rules)
        t2 = time.perf_counter()
        parse_times.append(t1 - t0)
        audit_times.append(t2 - t1)
    return statistics.median(parse_times), statistics.median(audit_times)


def rel(path: Path) -> str:
    for base in (REPO, REPO.parent):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return str(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cold-runs", type=int, default=7)
    ap.add_argument("--warm-runs", type=int, default=50)
    args = ap.parse_args()
    seed, largest = pick_files()

    print(f"python {sys.version.split()[0]} on {sys.platform}; "
          f"cold: {args.cold_runs} runs, warm: {args.warm_runs} runs\n")
    rows = cold(seed, args.cold_runs)
    width = max(len(label) for label, _ in rows)
    print(f"{'cold start (fresh process)':<{width}} {'median':>9} {'min':>9}")
    for label, times in rows:
        print(f"{label:<{width}} {statistics.median(times) * 1000:>7.0f}ms "
              f"{min(times) * 1000:>7.0f}ms")

    files = list(dict.fromkeys((seed, largest)))
    width = max(len("warm audit (in process)"), *(len(rel(f)) for f in files))
    print(f"\n{'warm audit (in process)':<{width}} {'size':>8} {'parse':>9} {'audit':>9} "
          f"{'total':>9} {'audits/s':>9}")
    for file in files:
        p, a = warm(file, args.warm_runs)
        print(f"{rel(file):<{width}} {file.stat().st_size / 1024:>6.1f}KB {p * 1000:>7.2f}ms "
              f"{a * 1000:>7.2f}ms {(p + a) * 1000:>7.2f}ms {1 / (p + a):>9.0f}")


if __name__ == "__main__":
    main()

"""Benchmark ``diff``: the work of comparing two 50 KB versions, beyond auditing both.

Builds two versions of a large Markdown notice from the Finnish text notices
of corpus/notices/ (their sections, each made unique, numbered 1..N, until
the text is about 50 KB): the new version changes a word in every fifth section, swaps two
sections, adds one and removes one. Then, in this process, with the
catalogue loaded once, it measures (median of N runs):

- the baseline: parsing and auditing both versions (what ``check`` would do);
- the diff's own work: fingerprints, section matching, word diffs, the text
  and date comparison (``versions.diff.compare``), and rendering the JSON and
  text reports.

A measuring tool, not a test: it asserts nothing. Run:

    python3 scripts/bench_diff.py [--runs 21] [--size 50000]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's noticeaudit, not an installed one

from noticeaudit.catalogue import load_catalogue  # noqa: E402
from noticeaudit.pipeline import Options, audit_source  # noqa: E402
from noticeaudit.versions.diff import Version, compare  # noqa: E402
from noticeaudit.versions.reports import render  # noqa: E402


def sections(size: int) -> list[tuple[str, str]]:
    """(heading, body) pairs from the corpus's Finnish text notices, about ``size`` bytes."""
    found: list[tuple[str, str]] = []
    total = 0
    unit = 0
    while total < size:
        unit += 1  # each pass over the corpus is another unit: no two sections alike
        for path in sorted((REPO / "corpus" / "notices").glob("fi_*.txt")):
            text = path.read_text(encoding="utf-8")
            for m in re.finditer(r"(?m)^\d+\.\s+(.+)\n\n((?:(?!\d+\.\s).+\n?)+)", text):
                heading, body = m.group(1).strip(), m.group(2).strip()
                found.append((f"{heading} ({path.stem[:5]}/{unit})",
                              f"{body} Koskee yksikköä {path.stem[:5]}/{unit}."))
                total += len(m.group(0).encode("utf-8"))
                if total >= size:
                    return found
    return found


def notice(parts: list[tuple[str, str]], date: str) -> str:
    lines = ["# Tietosuojaseloste – Esimerkkikonserni Oy:n asiakasrekisterit", "",
             f"Päivitetty {date}", ""]
    for i, (heading, body) in enumerate(parts, 1):
        lines += [f"## {i}. {heading}", "", body, ""]
    return "\n".join(lines)


def versions(size: int) -> tuple[str, str]:
    old = sections(size)
    new = list(old)
    for i in range(0, len(new), 5):
        heading, body = new[i]
        new[i] = (heading, body.replace("tiedot", "tietoja", 1).replace(".", ", ja muuta.", 1))
    new[3], new[7] = new[7], new[3]
    new.insert(len(new) // 2, ("Evästeet", "Sivustolla käytetään vain välttämättömiä evästeitä."))
    del new[-2]
    return notice(old, "14.3.2024"), notice(new, "2.9.2024")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--size", type=int, default=41_000,
                        help="bytes of corpus sections to use (the notice is about 50 KB)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/noticeaudit-bench-diff"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    old_text, new_text = versions(args.size)
    old_path, new_path = args.workdir / "old.md", args.workdir / "new.md"
    old_path.write_text(old_text, encoding="utf-8")
    new_path.write_text(new_text, encoding="utf-8")
    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    options = Options()

    audits, diffs, reports = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        old = audit_source(str(old_path), catalogue, rules, options)
        new = audit_source(str(new_path), catalogue, rules, options)
        audited = time.perf_counter()
        result = compare(Version.of(str(old_path), old), Version.of(str(new_path), new), rules)
        compared = time.perf_counter()
        render("json", result, rules)
        render("text", result, rules)
        rendered = time.perf_counter()
        audits.append(audited - start)
        diffs.append(compared - audited)
        reports.append(rendered - compared)
    sizes = (len(old_text.encode()), len(new_text.encode()))
    counts = result.counts()
    kinds = {k: len(result.sections_of(k)) for k in ("added", "removed", "modified", "moved")}
    print(f"versions: {sizes[0] / 1000:.1f} KB and {sizes[1] / 1000:.1f} KB, "
          f"{len(old.document.sections if old.document else [])} sections; "
          f"findings {counts}; sections {kinds}")
    print(f"median of {args.runs} runs:")
    print(f"  parse + audit both versions (baseline)   {statistics.median(audits) * 1000:8.1f} ms")
    print(f"  compare (fingerprints, sections, words)  {statistics.median(diffs) * 1000:8.1f} ms")
    print(f"  render JSON + text reports               {statistics.median(reports) * 1000:8.1f} ms")
    beyond = [d + r for d, r in zip(diffs, reports)]
    print(f"  diff work beyond auditing both           {statistics.median(beyond) * 1000:8.1f} ms "
          f"(max {max(beyond) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()

"""Benchmark noticeaudit against the speed targets, with baselines run in the same process tree.

Each figure is a median of several runs, printed next to baselines measured
in the same run (the machine may be shared: absolute times move with its
load, ratios much less):

cold     ``python -m noticeaudit check NOTICE --format json`` as a fresh process
         (catalogue cache warm, and with ``NOTICEAUDIT_CACHE=off``), against
         ``python -c pass``, ``python -c "import spacy"`` and, if installed,
         ``proselint`` on the same file. NOTICE: the text notice of
         ../shared/realworld* or corpus/ closest to 8 KB.
warm     every non-PDF notice of ../shared/realworld and ../shared/realworld2
         (else corpus/notices) audited once each in one process, after a
         warm-up on the project's corpus notices (every language's pipeline
         loaded, the patterns those need compiled): CPU milliseconds per 8 KB
         of notice text (median over the notices, and in total).
many     1,000 distinct notices (the realworld and corpus notices, each varied
         so no two are identical) with ``check DIR --format json``: wall time
         and peak memory of the whole process tree (RSS summed; PSS).
linear   CPU time per KB of a ~2.5 MB notice against a ~10 KB one, for text,
         Markdown, HTML, one-line HTML and one-line text (built from the
         same notices, each copy varied), each audited in a fresh process.
batch    ``noticeaudit batch`` of 300 URLs on 8 loopback hosts with 100 ms of
         latency per response (scripts/bench_batch.py), against no latency.

``--against DIR`` also runs the cold, warm and many figures with the
noticeaudit package of another checkout (e.g. ``git worktree add /tmp/old
main``), in the same run. This is a measuring tool, not a test: it asserts
nothing. Run:

    python3 scripts/bench.py [--only cold,warm,many,linear,batch] [--runs 5] [--against DIR]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree one level deeper finds it further up)
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared").is_dir()), REPO.parent / "shared")
REALWORLD = [SHARED / "realworld", SHARED / "realworld2"]
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
PY = sys.executable

sys.path.insert(0, str(REPO / "scripts"))
from bench_batch import run_sampled  # noqa: E402


def notices(folders: list[Path]) -> list[Path]:
    """The non-PDF notice files of ``folders`` (that exist)."""
    return [p for d in folders if d.is_dir() for p in sorted(d.iterdir())
            if p.suffix.lower() in TEXT_SUFFIXES]


def real_notices() -> list[Path]:
    return notices(REALWORLD) or notices([REPO / "corpus" / "notices"])


def env_for(tree: Path, **extra: str) -> dict[str, str]:
    """The environment that runs the noticeaudit package of checkout ``tree``."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(tree)
    env.update(extra)
    return env


def tree_of(env: dict[str, str] | None) -> Path:
    """The checkout an environment runs (``python -m``/``-c`` import from the working
    directory first, so processes run there)."""
    return Path(env["PYTHONPATH"]) if env and "PYTHONPATH" in env else REPO


# --- cold -------------------------------------------------------------------------

def time_process(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of ``cmd`` (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                              cwd=tree_of(env))
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}): "
                     f"{proc.stderr.decode(errors='replace').strip()}")
    return times


def cold(runs: int, against: Path | None) -> None:
    candidates = [p for p in real_notices() + notices([REPO / "corpus" / "notices"])
                  if p.suffix in (".txt", ".md")]
    notice = min(candidates, key=lambda p: abs(p.stat().st_size - 8192))
    check = ["-m", "noticeaudit", "check", str(notice), "--format", "json"]
    rows: list[tuple[str, list[str], dict[str, str] | None]] = [
        ('python -c "pass"', [PY, "-c", "pass"], None),
        ('python -c "import spacy"', [PY, "-c", "import spacy"], None)]
    if shutil.which("proselint"):
        rows.append((f"proselint {notice.name}", ["proselint", str(notice)], None))
    cache = tempfile.mkdtemp(prefix="bench-cache-")
    rows.append(("noticeaudit check (cache warm)", [PY, *check],
                 env_for(REPO, NOTICEAUDIT_CACHE_DIR=cache)))
    rows.append(("noticeaudit check (NOTICEAUDIT_CACHE=off)", [PY, *check],
                 env_for(REPO, NOTICEAUDIT_CACHE="off")))
    if against:
        rows.append((f"noticeaudit check ({against})", [PY, *check], env_for(against)))
    subprocess.run([PY, *check], env=env_for(REPO, NOTICEAUDIT_CACHE_DIR=cache),
                   stdout=subprocess.DEVNULL, cwd=REPO)  # fill the cache
    print(f"\ncold start: {notice.relative_to(notice.parents[1])} "
          f"({notice.stat().st_size / 1024:.1f} KB), median of {runs} runs, interleaved")
    times: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    for _ in range(runs):  # interleaved, so that a burst of load hits every row alike
        for label, cmd, env in rows:
            times[label] += time_process(cmd, 1, env)
    spacy = statistics.median(times['python -c "import spacy"'])
    for label, _, _ in rows:
        t = statistics.median(times[label])
        print(f"  {label:<48} {t * 1000:7.0f} ms  {t / spacy:5.2f}x import spacy")
    shutil.rmtree(cache, ignore_errors=True)


# --- warm -------------------------------------------------------------------------

WARM_PROBE = r"""
import json, statistics, sys, time
from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_loaded
from noticeaudit.sources import load_path
paths, warmups = json.loads(sys.argv[1]), json.loads(sys.argv[2])
catalogue = load_catalogue(); rules = catalogue.select(None, None)
for path in warmups:  # every language's pipeline loaded, patterns compiled
    audit_loaded(load_path(path), catalogue, rules, Options())
loaded = [load_path(p) for p in paths]
per8k, total_cpu, total_kb = [], 0.0, 0.0
for item in loaded:
    start = time.process_time()
    result = audit_loaded(item, catalogue, rules, Options())
    cpu = time.process_time() - start
    kb = len(result.document.text.encode("utf-8")) / 1024 if result.document else 0
    if kb:
        per8k.append(cpu * 1000 / (kb / 8)); total_cpu += cpu; total_kb += kb
print(json.dumps([statistics.median(per8k), total_cpu * 1000 / (total_kb / 8), len(per8k), total_kb]))
"""


def warm_figures(tree: Path, paths: list[Path]) -> tuple[float, float, int, float]:
    import json

    warmups = [str(p) for p in notices([REPO / "corpus" / "notices"])]
    out = subprocess.run([PY, "-c", WARM_PROBE, json.dumps([str(p) for p in paths]),
                          json.dumps(warmups)], capture_output=True, text=True,
                         env=env_for(tree), check=True, cwd=tree).stdout
    median, total, n, kb = json.loads(out)
    return median, total, n, kb


def warm(runs: int, against: Path | None) -> None:
    paths = real_notices()
    trees = [("this checkout", REPO)] + ([(str(against), against)] if against else [])
    print(f"\nwarm audit: {len(paths)} real notices, each audited once per run (fresh process "
          f"per run), CPU ms per 8 KB of notice text, median of {runs} runs")
    for label, tree in trees:
        figures = [warm_figures(tree, paths) for _ in range(runs)]
        n, kb = figures[0][2], figures[0][3]
        print(f"  {label:<30} median notice {statistics.median(f[0] for f in figures):6.1f} ms/8KB   "
              f"all {kb:.0f} KB together {statistics.median(f[1] for f in figures):6.1f} ms/8KB "
              f"({n} notices)")


# --- many -------------------------------------------------------------------------

def vary(text: str, k: int, suffix: str) -> str:
    """``text`` made distinct by ``k``: a changed date or number, and a line that names k."""
    marker = f"Versio {k} / version {k}: päivitetty {1 + k % 28}.{1 + k % 12}.20{10 + k % 15}."
    text = re.sub(r"\b(19|20)\d\d\b", lambda m: str(1990 + (int(m.group(0)) + k) % 35), text, count=3)
    if suffix in (".html", ".htm"):
        return text.replace("</body>", f"<p>{marker}</p></body>", 1) if "</body>" in text \
            else text + f"\n<p>{marker}</p>\n"
    return text + f"\n\n{marker}\n"


def build_many(folder: Path, count: int) -> None:
    sources = real_notices() + notices([REPO / "corpus" / "notices"])
    texts = [(p, p.read_bytes().decode("utf-8", errors="replace")) for p in sources]
    seen = set()
    for k in range(count):
        path, text = texts[k % len(texts)]
        varied = vary(text, k, path.suffix.lower())
        assert varied not in seen
        seen.add(varied)
        (folder / f"{k:04d}_{path.stem[:40]}{path.suffix}").write_text(varied, encoding="utf-8")


def run_tree(cmd: list[str], env: dict[str, str]) -> tuple[float, tuple[int, int, int]]:
    """(wall seconds, peak (RSS sum, PSS sum, largest RSS) KiB) of one process tree."""
    wall, peak, status, _, err = run_sampled(cmd, tree_of(env), env)
    if status not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed ({status}): {err[-500:]}")
    return wall, peak


def many(runs: int, against: Path | None, count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notices"
        folder.mkdir()
        build_many(folder, count)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1024 / 1024
        print(f"\n{count} distinct notices ({size:.1f} MB), check DIR --format json, "
              f"{os.cpu_count()} CPUs, median of {runs} runs")
        rows = [("this checkout", REPO, [])]
        if against:
            rows.append((str(against), against, []))
        for label, tree, extra in rows:
            results = [run_tree([PY, "-m", "noticeaudit", "check", str(folder), "--format", "json",
                                 "-o", str(Path(tmp) / "report.json"), *extra], env_for(tree))
                       for _ in range(runs)]
            wall = statistics.median(w for w, _ in results)
            rss, pss, largest = (max(p[i] for _, p in results) / 1024 for i in range(3))
            print(f"  {label:<30} {wall:6.1f} s wall ({count / wall:5.0f} notices/s); peak "
                  f"process tree {rss:.0f} MB RSS / {pss:.0f} MB PSS, largest process {largest:.0f} MB")


# --- linear -----------------------------------------------------------------------

LINEAR_PROBE = r"""
import sys, time
from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_loaded
from noticeaudit.sources import load_path
catalogue = load_catalogue(); rules = catalogue.select(None, None)
audit_loaded(load_path(sys.argv[2]), catalogue, rules, Options())  # warm-up: another notice
item = load_path(sys.argv[1], 1 << 30)
start = time.process_time()
result = audit_loaded(item, catalogue, rules, Options())
assert result.error is None, result.error
print(time.process_time() - start)
"""


def build_layout(kind: str, size: int, path: Path) -> Path:
    """A notice of about ``size`` bytes in layout ``kind``, from varied copies of real notices."""
    plain = [p for p in real_notices() if p.suffix == ".md"] or \
        notices([REPO / "corpus" / "notices"])
    html = [p for p in real_notices() + notices([REPO / "corpus" / "notices"])
            if p.suffix in (".html", ".htm")]
    parts, total, k = [], 0, 0
    while total < size:
        source = (html if kind.startswith("html") else plain)[k % len(html if kind.startswith("html") else plain)]
        text = vary(source.read_text(encoding="utf-8", errors="replace"), k, source.suffix)
        if kind.startswith("html"):
            text = re.sub(r"(?is).*?<body[^>]*>|</body>.*", "", text)
        elif kind != "md":
            text = re.sub(r"(?m)^#+\s*", f"{k}. ", text)
        parts.append(text)
        total += len(text.encode("utf-8"))
        k += 1
    text = "\n\n".join(parts)
    if kind.startswith("html"):
        text = f"<html><head><title>Tietosuojaseloste</title></head><body>{text}</body></html>"
    if kind.endswith("1"):  # one line: line breaks become spaces
        text = re.sub(r"\s*\n\s*", " ", text)
    path.write_text(text, encoding="utf-8")
    return path


def linear(runs: int) -> None:
    kinds = {"txt": ".txt", "md": ".md", "html": ".html", "html1": ".html", "txt1": ".txt"}
    names = {"txt": "text", "md": "Markdown", "html": "HTML", "html1": "HTML, one line",
             "txt1": "text, one line"}
    warmup = str(REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt")
    print(f"\nlinear in size: CPU ms per KB, ~10 KB against ~2.5 MB, fresh process each, "
          f"median of {runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        for kind, suffix in kinds.items():
            per_kb = []
            for size in (10_000, 2_500_000):
                path = build_layout(kind, size, Path(tmp) / f"{kind}_{size}{suffix}")
                kb = path.stat().st_size / 1024
                times = [float(subprocess.run([PY, "-c", LINEAR_PROBE, str(path), warmup],
                                              capture_output=True, text=True, check=True,
                                              env=env_for(REPO), cwd=REPO).stdout)
                         for _ in range(runs)]
                per_kb.append((kb, statistics.median(times) * 1000 / kb))
            (small_kb, small), (big_kb, big) = per_kb
            print(f"  {names[kind]:<16} {small_kb:6.0f} KB {small:6.2f} ms/KB   {big_kb:6.0f} KB "
                  f"{big:6.2f} ms/KB   ratio {big / small:4.2f}")


# --- batch ------------------------------------------------------------------------

def batch(runs: int) -> None:
    print(f"\nbatch (scripts/bench_batch.py): 300 URLs, 8 loopback hosts, median of {runs} runs")
    subprocess.run([PY, str(REPO / "scripts" / "bench_batch.py"), "--urls", "300", "--runs",
                    str(runs)], check=True, env=env_for(REPO), cwd=REPO)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="cold,warm,many,linear,batch",
                    help="comma-separated: cold, warm, many, linear, batch")
    ap.add_argument("--runs", type=int, default=5, help="runs per figure (cold: per row)")
    ap.add_argument("--many", type=int, default=1000, help="notices for the 'many' figure")
    ap.add_argument("--against", type=Path, help="another checkout to measure alongside")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    if "cold" in only:
        cold(args.runs, args.against)
    if "warm" in only:
        warm(max(1, args.runs // 2), args.against)
    if "many" in only:
        many(max(1, args.runs // 3), args.against, args.many)
    if "linear" in only:
        linear(max(1, args.runs // 3))
    if "batch" in only:
        batch(max(1, args.runs // 3))
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()

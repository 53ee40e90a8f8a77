"""Peak memory and time of ``noticeaudit check`` on each hostile input of issue 11.

Every input is built here (tests/hostile.py) in a temporary directory; URL
bombs are served by the test suite's real local server. Each ``check`` runs
in its own process, measured with ``os.wait4`` (its own peak RSS and wall
time); the baseline is ``check`` on a small corpus notice in the same
process tree. Targets: peak under 300 MB and refusal in under 5 s.

    python3 scripts/bench_hostile.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from hostile import MiB, deflated, docx, gzip_stack, pdf_with_stream  # noqa: E402
from web.server import Farm, Page  # noqa: E402


def measure(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak MB, exit status) of one ``python -m noticeaudit`` run."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "noticeaudit", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - started, usage.ru_maxrss / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    tmp = Path(tempfile.mkdtemp(prefix="bench_hostile_"))
    farm = Farm()
    os.environ["NO_PROXY"] = "127.0.0.1"

    def file(name: str, data: Callable[[], bytes]) -> Callable[[], list[str]]:
        def make() -> list[str]:
            path = tmp / name
            path.write_bytes(data())
            return ["check", str(path)]
        return make

    def url(name: str, body: Callable[[], bytes], coding: str) -> Callable[[], list[str]]:
        def make() -> list[str]:
            farm.routes[f"/{name}"] = Page(body(), headers={"Content-Encoding": coding})
            return ["check", farm.url(f"/{name}")]
        return make

    def long_paragraphs() -> bytes:
        return ("\n\n".join(("henkilötietoja käsitellään rekisterissä " * 23_000)[:900_000]
                            for _ in range(6))).encode()

    cases: dict[str, Callable[[], list[str]]] = {
        "baseline: corpus notice": lambda: ["check", "corpus/notices/fi_07_taloyhtio.txt"],
        "gzip,gzip,gzip of 1 GiB (URL)": url("gz3", lambda: gzip_stack(1024 * MiB, 3),
                                             "gzip, gzip, gzip"),
        "gzip,gzip of 1 GiB (URL)": url("gz2", lambda: gzip_stack(1024 * MiB, 2), "gzip, gzip"),
        ".docx, 1 GiB document.xml": file("big.docx", lambda: docx(
            b"<w:p><w:r><w:t>tietosuoja tietosuoja tietosuoja</w:t></w:r></w:p>", 24_000_000)),
        ".docx, 110 MB of <w:p/>": file("empty.docx", lambda: docx(b"<w:p/>", 18_000_000)),
        ".docx, 100k empty paragraphs": file("100k.docx", lambda: docx(b"<w:p/>", 100_000)),
        "PDF, 1 GiB Flate stream": file("flate.pdf", lambda: pdf_with_stream(deflated(1024 * MiB))),
        "HTML, 1M <p>": file("p.html", lambda: b"<html><body>" + b"<p>x</p>" * 1_000_000),
        "text, 6 paragraphs of 900k chars": file("long.txt", long_paragraphs),
        "text, one 20 MB line": file("line.txt", lambda: b"tietosuoja " * 1_900_000),
    }
    print(f"{'input':36} {'on disk':>9} {'exit':>4} {'median s':>9} {'peak MB':>8}")
    for name, make in cases.items():
        args = make()
        size = Path(args[1]).stat().st_size if not args[1].startswith("http") else \
            len(farm.routes["/" + args[1].rsplit("/", 1)[1]].body)
        results = [measure(args) for _ in range(runs)]
        print(f"{name:36} {size / 1024:>7.0f}kB {results[0][2]:>4} "
              f"{statistics.median(r[0] for r in results):>9.2f} "
              f"{max(r[1] for r in results):>8.0f}", flush=True)
    farm.close()


if __name__ == "__main__":
    main()

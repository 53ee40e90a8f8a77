"""Render the HTML report of two corpus notices and screenshot it with headless Chromium.

Usage: python3 scripts/screenshot_report.py [OUTPUT.png] [--html REPORT.html]

Writes docs/html-report.png by default (the picture in the README). Needs
Chromium (Debian: ``apt-get install chromium``).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from noticeaudit.catalogue import load_catalogue  # noqa: E402
from noticeaudit.pipeline import Options, audit_source  # noqa: E402
from noticeaudit.report import render  # noqa: E402

NOTICES = ("corpus/notices/fi_07_taloyhtio.txt", "corpus/notices/fi_08_tapahtuma_taulukko.html")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or \
        shutil.which("google-chrome")
    if not found:
        sys.exit("screenshot_report: Chromium not found (apt-get install chromium)")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, default=ROOT / "docs" / "html-report.png")
    parser.add_argument("--html", type=Path, help="also keep the rendered report here")
    parser.add_argument("--size", default="1280,1600", help="window size, WIDTH,HEIGHT")
    args = parser.parse_args()

    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    results = [audit_source(str(ROOT / n), catalogue, rules, Options()) for n in NOTICES]
    for r in results:  # show the names a reader would see, not this machine's paths
        r.source = str(Path(r.source).relative_to(ROOT))
    page = render("html", results, rules)

    with tempfile.TemporaryDirectory() as tmp:
        html = Path(args.html or Path(tmp) / "report.html").resolve()
        html.write_text(page, encoding="utf-8")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/profile",
                        f"--screenshot={args.output.resolve()}", f"--window-size={args.size}",
                        html.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()

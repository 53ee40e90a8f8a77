"""--output FILE picks the report format from its extension unless --format is given."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTICE = ROOT / "corpus" / "notices" / "fi_07_taloyhtio.txt"


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "noticeaudit", "check", str(NOTICE), "--isolated", *args],
                          cwd=tmp_path, capture_output=True, text=True)


def test_extension_picks_the_format(tmp_path: Path) -> None:
    _run(tmp_path, "-o", "report.sarif")
    assert json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    _run(tmp_path, "-o", "report.html")
    assert (tmp_path / "report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    _run(tmp_path, "-o", "report.md")
    assert (tmp_path / "report.md").read_text(encoding="utf-8").startswith("#")


def test_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    _run(tmp_path, "-o", "report.html", "--format", "json")
    assert "documents" in json.loads((tmp_path / "report.html").read_text(encoding="utf-8"))

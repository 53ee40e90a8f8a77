"""A non-editable install carries the rule files and gives a working command.

The wheel is built and installed with the running interpreter's own pip and
setuptools (no build isolation, no download), into a directory of its own that
is put first on the path; the dependencies are those already installed for the
tests. Where this interpreter cannot build wheels, the test says so and skips.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_carries_rules(tmp_path: Path) -> None:
    if importlib.util.find_spec("setuptools") is None or importlib.util.find_spec("pip") is None:
        pytest.skip(f"{sys.executable} has no setuptools or pip to build the wheel with")
    # A copy without build leftovers, so the wheel holds what a clean checkout gives.
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", "build", "*.egg-info", "__pycache__", ".mypy_cache", ".ruff_cache",
        ".pytest_cache", "dist"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                            "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"),
                            str(src)], capture_output=True, text=True, cwd=tmp_path)
    if built.returncode != 0 and "invalid command 'bdist_wheel'" in built.stderr:
        pytest.skip("this interpreter's setuptools cannot build wheels (no 'wheel' package)")
    assert built.returncode == 0, built.stderr
    wheel, = (tmp_path / "dist").glob("noticeaudit-*.whl")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-index", "--target", str(site), str(wheel)], check=True, cwd=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}
    notice = tmp_path / "seloste.txt"
    notice.write_text("Rekisteriseloste\n\nHenkilötietoja käsitellään henkilötietolain mukaisesti.\n",
                      encoding="utf-8")
    # Run from elsewhere so the repository's own rules/ cannot be picked up.
    out = subprocess.run([str(site / "bin" / "noticeaudit"), "check", str(notice),
                          "--format", "json", "--select", "O001"],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 1, out.stderr
    assert '"rule": "O001"' in out.stdout
    rules = subprocess.run([sys.executable, "-c", "from noticeaudit.catalogue import "
                            "builtin_rules_dir; print(builtin_rules_dir())"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    assert Path(rules.stdout.strip()).is_relative_to(site)
    assert sorted(p.name for p in Path(rules.stdout.strip()).glob("*.yaml")) == \
        sorted(p.name for p in (ROOT / "rules").glob("*.yaml"))

"""A non-editable install carries the rule files and gives a working command."""
from __future__ import annotations

import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_carries_rules(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # System site-packages provide the dependencies; --no-deps installs only us.
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--no-build-isolation", str(ROOT)], check=True, cwd=tmp_path)
    notice = tmp_path / "seloste.txt"
    notice.write_text("Rekisteriseloste\n\nHenkilötietoja käsitellään henkilötietolain mukaisesti.\n",
                      encoding="utf-8")
    # Run from elsewhere so the repository's own rules/ cannot be picked up.
    out = subprocess.run([str(env_dir / "bin" / "noticeaudit"), "check", str(notice),
                          "--format", "json", "--select", "O001"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 1, out.stderr
    assert '"rule": "O001"' in out.stdout
    rules = subprocess.run([str(py), "-c", "from noticeaudit.catalogue import builtin_rules_dir;"
                            "print(builtin_rules_dir())"], capture_output=True, text=True,
                           cwd=tmp_path, check=True)
    assert "site-packages" in rules.stdout

"""Shared test helpers: repository paths, the shared seed corpus, and running the real CLI.

The seed notices live outside the repository (``../shared/corpus/seeds``);
tests that read them are skipped when that directory is absent.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
LAYOUTS = REPO / "corpus" / "layouts"

requires_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not present")


@dataclass
class Run:
    """A finished ``python -m noticeaudit`` process."""

    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)

    @property
    def stderr_lines(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.strip()]


def run_cli(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, subprocess_: bool = False) -> Run:
    """Run the CLI as a user would: in this process with Click's test runner (fast:
    spaCy is imported once), or with ``subprocess_=True`` in a fresh interpreter, for
    what needs a real process (exit codes of the entry point, stdin, signals)."""
    if subprocess_:
        return run_process(*args, stdin=stdin, cwd=cwd, env=env)
    from click.testing import CliRunner

    from noticeaudit.cli import main

    full_env: dict[str, str | None] = {"NO_COLOR": None, "FORCE_COLOR": None}
    full_env.update(env or {})
    old = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner(env=full_env).invoke(main, [str(a) for a in args],
                                                input=stdin if stdin is not None else b"",
                                                catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
                env: dict[str, str] | None = None) -> Run:
    """Run ``python -m noticeaudit`` in a fresh interpreter."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    # The checkout's package, not an installed copy, wherever the process runs.
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "noticeaudit", *map(str, args)],
                          input=stdin if stdin is not None else b"", capture_output=True,
                          cwd=cwd, env=full_env, timeout=300)
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def make_pdf(path: Path, lines: list[tuple[str, str, float]], encrypt: Any = None) -> Path:
    """A one-page PDF: (text, font, size) lines from the top, 24 pt apart."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    y = 780.0
    for text, font, size in lines:
        c.setFont(font, size)
        c.drawString(72, y, text)
        y -= 24
    c.showPage()
    c.save()
    return path


# A small notice whose findings are known by hand (see test_cli.py):
#   line 5  '(s-postiosoite)' at column 40     -> T001 (error)
#   line 7  'henkilötietolain' at column 48    -> O001 (error)
#   line 9  'Väestörekisterikeskuksen' col 26  -> O007 (info)
#   line 11 'Automaattinen päätöksenteko', empty -> T002 (warning)
NOTICE = """\
Tietosuojaseloste

Rekisterinpitäjä: Esimerkkiyhdistys Kuusikko ry, Kuusitie 1, 00000 Esimerkkilä

Yhteyshenkilö: Sihteeri, sähköpostitse (s-postiosoite)

Käsittelyn peruste: Henkilötietoja käsitellään henkilötietolain mukaisesti.

Osoitetiedot päivitetään Väestörekisterikeskuksen osoitepalvelusta.

Automaattinen päätöksenteko:

Säilytysaika: Tiedot poistetaan kahden vuoden kuluttua jäsenyyden päättymisestä.
"""


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "seloste.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path

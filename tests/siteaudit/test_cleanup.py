"""The browser never outlives a site audit: Ctrl-C, SIGTERM or a killed process.

The audit runs as a real ``python -m noticeaudit site`` process with its own
TMPDIR, so the browser's profile directory (and with it every Chromium
process's command line) names the test's directory; while the home page
takes a minute to answer, the audit is interrupted, and then no process may
still name that directory.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from .conftest import requires_browser
from .sitefarm import SiteFarm

pytestmark = requires_browser
NOTICE = REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt"


def processes_naming(text: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                cmdline = Path(entry.path, "cmdline").read_bytes()
            except OSError:
                continue
            if text.encode() in cmdline:
                found.append(int(entry.name))
    return found


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130),
                                           (signal.SIGKILL, -9)])
def test_no_browser_process_outlives_the_audit(sitefarm: SiteFarm, tmp_path: Path,
                                               sig: signal.Signals, code: int) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "noticeaudit", "site", sitefarm.url + "hidas", "--notice",
         str(NOTICE), "--insecure", *sitefarm.resolve_args()],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # The browser is up and waiting for the slow home page.
        assert wait_for(lambda: any("chromium" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
                                    for p in processes_naming(str(tmp_path))), 60)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code
    assert wait_for(lambda: not processes_naming(str(tmp_path)), 20), \
        f"left running: {processes_naming(str(tmp_path))}"
    if sig != signal.SIGKILL:
        assert "Traceback" not in err
        assert err.strip().splitlines()[-1].startswith("noticeaudit: ")
        assert not list(tmp_path.glob("noticeaudit-*"))  # the profiles are removed

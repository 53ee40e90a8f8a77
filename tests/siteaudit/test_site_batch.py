"""``batch --site``: site audits of a list of home pages, a bounded number of browsers at once."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from conftest import REPO, run_cli

from .conftest import requires_browser
from .sitefarm import SiteFarm

pytestmark = requires_browser
# Chromium's child processes rewrite their command line into one space-separated string.
PROFILE = re.compile(rb"--user-data-dir=([^\x00\s]*noticeaudit-chromium-[^\x00\s]*)")


def profiles_in_use(root: Path) -> set[bytes]:
    """The profile directories of the Chromium processes running under ``root``."""
    found = set()
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                m = PROFILE.search(Path(entry.path, "cmdline").read_bytes())
            except OSError:
                continue
            if m and str(root).encode() in m.group(1):
                found.add(m.group(1))
    return found


def test_rows_with_observed_services_and_one_browser_at_a_time(sitefarm: SiteFarm,
                                                               tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{sitefarm.url}\n{sitefarm.url}ilman-banneria\n", encoding="utf-8")
    out = tmp_path / "survey.jsonl"
    cmd = [sys.executable, "-m", "noticeaudit", "batch", str(urls), "--site", "--browsers", "1",
           "--insecure", *sitefarm.resolve_args(), "--output", str(out), "--select", "S"]
    most = 0
    proc = subprocess.Popen(cmd, cwd=REPO, env={**os.environ, "TMPDIR": str(tmp_path)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal most
        while not done.wait(0.05):
            most = max(most, len(profiles_in_use(tmp_path)))

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate(timeout=300)
    done.set()
    sampler.join()
    assert proc.returncode == 0, err
    assert most == 1  # seen running, and never two at once
    rows = {r["source"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    home, bare = rows[sitefarm.url], rows[f"{sitefarm.url}ilman-banneria"]
    assert home["status"] == "ok" and home["rules"] == ["S002", "S003", "S004", "S005", "S006"]
    assert "Facebook" in home["services_after_accept"]
    assert "Facebook" not in home["services_before_consent"] + home["services_after_reject"]
    assert "LinkedIn Insight" in home["services_after_reject"]
    assert home["unclassified_hosts"] == ["static.kuusisto-cdn.fi"]
    assert home["banner"] == "Cookiebot" and bare["banner"] is None
    assert bare["services_after_accept"] == bare["services_after_reject"] == []
    assert "S005" not in bare["rules"]

    again = run_cli("batch", urls, "--site", "--output", out, env={"TMPDIR": str(tmp_path)})
    assert again.code == 0 and "0 sources" in again.stderr_lines[0]
    assert "2 already in" in again.stderr_lines[0]


def test_site_needs_urls(tmp_path: Path) -> None:
    notice = REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt"
    run = run_cli("batch", notice, "--site", "--output", tmp_path / "s.jsonl")
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: --site needs http(s) URLs of home pages, "
                                f"not {str(notice)!r}"]

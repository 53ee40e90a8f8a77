"""The HTML diff report: self-contained, escaped, and complete in a real browser.

The browser test loads the page in headless Chromium (skipped when it is not
installed) and reads back the DOM it built: every new, changed and fixed
finding is there, the word diff shows the deleted and inserted words, and no
script from a notice ran.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options
from noticeaudit.versions.diff import VersionDiff, compare
from noticeaudit.versions.reports import render
from noticeaudit.versions.sides import load_side

PAIRS = Path(__file__).resolve().parents[2] / "corpus" / "versions"
CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)
EVIL_OLD = "Tietosuojaseloste\n\nPäivitetty 1.2.2024\n\nRekisterinpitäjä\n\nEsimerkki Oy, Esimerkkitie 1.\n"
EVIL_NEW = ("Tietosuojaseloste\n\nPäivitetty 1.2.2024\n\nRekisterinpitäjä\n\nEsimerkki Oy, "
            "<script>document.title='pwned'</script> (s-postiosoite) "
            "<img src=x onerror=\"document.title='pwned'\"> & <b>lihava</b>.\n")


def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _diff(old: Path, new: Path) -> VersionDiff:
    return compare(load_side(str(old), CATALOGUE, RULES, Options()),
                   load_side(str(new), CATALOGUE, RULES, Options()), RULES)


@pytest.fixture
def evil(tmp_path: Path) -> VersionDiff:
    (tmp_path / "old.txt").write_text(EVIL_OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(EVIL_NEW, encoding="utf-8")
    return _diff(tmp_path / "old.txt", tmp_path / "new.txt")


def test_page_is_self_contained_and_escaped(evil: VersionDiff) -> None:
    page = render("html", evil, RULES)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page
    soup = BeautifulSoup(page, "html.parser")
    assert {a["data-rule"] for a in soup.select("article.finding[data-state=new]")} >= {"T001", "Q006"}


def _browser_dom(page: str, tmp_path: Path) -> BeautifulSoup:
    report = tmp_path / "diff.html"
    report.write_text(page, encoding="utf-8")
    proc = subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=2000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return BeautifulSoup(proc.stdout, "html.parser")


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed")
@pytest.mark.parametrize("case", ["evil", "privacy_shield", "section_added", "changed_detail"])
def test_browser_shows_every_change(case: str, evil: VersionDiff, tmp_path: Path) -> None:
    diff = evil if case == "evil" else _diff(*(next((PAIRS / case).glob(f"{s}.*"))
                                              for s in ("old", "new")))
    page = render("html", diff, RULES)
    dom = _browser_dom(page, tmp_path)
    assert dom.title.get_text().startswith("Notice changes:")
    assert "pwned" not in dom.title.get_text() and not dom.find_all(["script", "img"])
    cards = sorted((a["data-state"], a["data-rule"]) for a in dom.select("article.finding"))
    assert cards == sorted((c.state, c.finding.rule) for c in diff.findings
                           if c.state != "unchanged")
    counts = {li["class"][0].removeprefix("state-"): int(li.select_one(".n").get_text())
              for li in dom.select("ul.counts li")}
    assert counts == diff.counts()
    modified = [s for s in diff.sections if s.modified]
    assert len(dom.select(".section .words")) == len(modified)
    deleted = " ".join(d.get_text() for d in dom.find_all("del"))
    inserted = " ".join(i.get_text() for i in dom.find_all("ins"))
    for s in modified:
        for tag, old, new, _ in s.ops:
            if tag in ("delete", "replace"):
                assert old in deleted
            if tag in ("insert", "replace"):
                assert new in inserted
    if case == "evil":
        assert "<script>document.title='pwned'</script>" in inserted

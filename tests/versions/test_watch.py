"""``watch`` against real HTTP servers on 127.0.0.1: a version only on real change,
concurrency, failures, ``history``, stored versions in ``diff``, ``--git``, and kill -9."""
from __future__ import annotations

import html
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, run_cli
from web.server import Farm, Page

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options
from noticeaudit.versions.store import VersionStore
from noticeaudit.versions.watch import Outcome, Watch

PAIRS = REPO / "corpus" / "versions"
# Four real versions of one notice, in the order the server publishes them.
TEXTS = [PAIRS / "date_only" / "old.txt", PAIRS / "date_not_updated" / "new.txt",
         PAIRS / "placeholder" / "new.txt", PAIRS / "retention_added" / "new.txt"]


def page(text: str, run: int) -> bytes:
    """The notice as a web page, with what changes on every request of a real site: a
    timestamp, tracking parameters in a link, the wrapping of the HTML, the page chrome."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    sep = "\n" if run % 2 else "\n   \n"
    body = sep.join(f"<h2>{html.escape(p)}</h2>" if re.match(r"\d+\. \w", p) and len(p) < 60
                    else f"<p>{html.escape(p)}</p>" for p in paras[1:])
    minute, second = divmod(run, 60)
    return f"""<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8">
<title>Tietosuojaseloste</title></head><body>
<nav><a href="/">Etusivu</a> <a href="/?utm_source=nav&amp;sid={run}">Kirjat</a></nav>
<main><h1>{html.escape(paras[0])}</h1>
<p>Sivu ladattu 3.12.2026 klo 20.{minute:02d}.{second:02d}</p>
{body}
<p>Lomake: https://vaahteranlehti.invalid/lomake?utm_campaign=run{run}&amp;fbclid=x{run * 7}</p>
</main>
<footer>© Kirjakahvila Vaahteranlehti Oy · päivitetty {run} kertaa · istunto {run * 31}</footer>
</body></html>""".encode()


@pytest.fixture
def farm(monkeypatch: pytest.MonkeyPatch) -> Iterator[Farm]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    served = Farm(hosts=2)
    yield served
    served.close()


def watcher() -> Watch:
    catalogue = load_catalogue()
    return Watch(catalogue, catalogue.select(None, None), Options(), concurrency=4, per_host=2)


def test_hundred_runs_with_three_real_changes_store_four_versions(farm: Farm, tmp_path: Path) -> None:
    url = farm.url("/tietosuojaseloste")
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    changes_at = {0: 0, 30: 1, 55: 2, 80: 3}  # run -> the version published from then on
    store = VersionStore.open(str(tmp_path / "versions.sqlite"))
    watch = watcher()
    stored: list[tuple[int, int | None, bool]] = []
    current = 0
    for run in range(100):
        current = changes_at.get(run, current)
        farm.routes["/tietosuojaseloste"] = Page(page(texts[current], run))
        outcomes: list[Outcome] = watch.run([url], store, "watch", lambda o: None)
        (outcome,) = outcomes
        assert outcome.error is None, outcome.error
        if outcome.stored:
            stored.append((run, outcome.version, outcome.stale_date))
    # Versions 2 and 4 changed the text but kept the date of the version before: Q006.
    assert stored == [(0, 1, False), (30, 2, True), (55, 3, False), (80, 4, True)]
    versions = store.history(url)
    assert [v.n for v in versions] == [1, 2, 3, 4]
    assert [v.date for v in versions] == ["2024-03-14", "2024-03-14", "2024-09-02", "2024-09-02"]
    assert [("T001" in v.rules, "M010" in v.rules, "Q006" in v.rules) for v in versions] == [
        (False, True, False), (False, True, True), (True, True, False), (False, False, True)]
    assert all(v.status == 200 and v.final_url == url for v in versions)
    assert len({v.text_hash for v in versions}) == 4
    assert len({v.content_hash for v in versions}) == 4
    checks = store.db.execute("SELECT COUNT(*), SUM(changed) FROM checks").fetchone()
    assert tuple(checks) == (100, 4)
    store.close()


def test_watch_history_and_diff_of_stored_versions_through_the_cli(farm: Farm, tmp_path: Path) -> None:
    store = tmp_path / "v.sqlite"
    url, gone = farm.url("/seloste"), farm.url("/vanha", host=1)
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    farm.routes["/seloste"] = Page(page(texts[0], 1))
    first = run_cli("watch", url, gone, "--store", store, "--git", tmp_path / "repo")
    assert first.code == 2  # one URL could not be fetched
    assert first.stdout == f"{url}: version 1 stored\n"
    assert first.stderr_lines == [f"noticeaudit: {gone}: HTTP 404 Not Found"]
    farm.routes["/seloste"] = Page(page(texts[0], 2))
    again = run_cli("watch", url, "--store", store, "--git", tmp_path / "repo")
    assert (again.code, again.stdout) == (0, f"{url}: unchanged (version 1)\n")
    farm.routes["/seloste"] = Page(page(texts[2], 3))
    changed = run_cli("watch", url, "--store", store, "--git", tmp_path / "repo")
    assert (changed.code, changed.stdout) == (0, f"{url}: version 2 stored\n")

    history = run_cli("history", url, "--store", store)
    assert history.code == 0
    rows = history.stdout.splitlines()
    assert rows[0].split() == ["#", "fetched", "date", "errors", "warnings", "info", "text"]
    assert [r.split()[0] for r in rows[1:]] == ["1", "2"]
    assert [r.split()[2] for r in rows[1:]] == ["2024-03-14", "2024-09-02"]
    assert [int(r.split()[3]) for r in rows[1:]] == [2, 3]  # M010, O004 (+ T001)

    diff = run_cli("diff", f"{store}#{url}@previous", f"{store}#{url}@latest", "--format", "json")
    assert diff.code == 1, diff.stderr  # T001 is new
    assert [f["rule"] for f in diff.json["findings"] if f["state"] == "new"] == ["T001"]
    assert diff.json["old"]["fetched"] and diff.json["new"]["date"] == "2024-09-02"
    same = run_cli("diff", f"{store}#{url}@1", f"{store}#{url}", "--format", "json")
    assert same.json["findings"] and all(f["state"] in ("new", "unchanged")
                                         for f in same.json["findings"])
    live = run_cli("diff", f"{store}#{url}@1", url, "--format", "json")
    assert live.code == 1 and live.json["new"]["url"] == url
    assert [f["rule"] for f in live.json["findings"] if f["state"] == "new"] == ["T001"]
    missing = run_cli("diff", f"{store}#{url}@7", f"{store}#{url}@latest")
    assert missing.code == 2 and missing.stderr_lines == [
        f"noticeaudit: {store}#{url}@7: {store}: no version 7 of {url} (it has 2 versions)"]
    unknown = run_cli("history", farm.url("/muu"), "--store", store)
    assert unknown.code == 2 and f"no versions of {farm.url('/muu')}; it holds {url}" in unknown.stderr

    subjects = subprocess.run(["git", "-C", str(tmp_path / "repo"), "log", "--format=%s"],
                              capture_output=True, text=True, check=True).stdout.splitlines()
    assert subjects == [f"{url}: version 2", f"{url}: version 1"]
    (notice,) = (tmp_path / "repo").glob("127.0.0.1_*/seloste.md")
    written = notice.read_text(encoding="utf-8")
    assert "(s-postiosoite)" in written and "utm_" not in written and "klo 20" not in written


def test_kill_9_during_watch_loses_nothing_stored(farm: Farm, tmp_path: Path) -> None:
    store = tmp_path / "v.sqlite"
    text = TEXTS[0].read_text(encoding="utf-8")
    urls = []
    for i in range(40):
        path = f"/seloste-{i}"
        farm.routes[path] = Page(page(text.replace("Vaahterakuja 3", f"Vaahterakuja {i + 10}"), i),
                                 delay=0.15)
        urls.append(farm.url(path, host=i % 2))
    proc = subprocess.Popen([sys.executable, "-m", "noticeaudit", "watch", *urls, "--store",
                             str(store), "--concurrency", "2", "--per-host", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        for _ in range(600):
            if store.is_file():
                try:
                    with sqlite3.connect(store, timeout=5) as db:
                        if db.execute("SELECT COUNT(*) FROM versions").fetchone()[0] >= 5:
                            break
                except sqlite3.OperationalError:
                    pass  # the schema is being created
            assert proc.poll() is None, "watch ended before it could be killed"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    # The batch limits held: one request per host, two in all.
    assert max(farm.stats.peak.values()) == 1 and farm.stats.peak_total == 2
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = db.execute("SELECT url, n, content_hash, length(content) FROM versions").fetchall()
    assert 5 <= len(before) < 40
    assert all(n == 1 and size > 0 for _, n, _, size in before)
    # Run again: the rest is stored, nothing stored before is stored twice or changed.
    rerun = run_cli("watch", *urls, "--store", store, env={"PYTHONPATH": str(REPO)})
    assert rerun.code == 0, rerun.stderr
    assert rerun.stdout.count("version 1 stored") == 40 - len(before)
    assert rerun.stdout.count("unchanged (version 1)") == len(before)
    with sqlite3.connect(store) as db:
        after = db.execute("SELECT url, n, content_hash, length(content) FROM versions").fetchall()
    assert set(before) <= set(after) and len(after) == 40
    assert sorted(u for u, *_ in after) == sorted(urls)


def test_batch_store_turns_repeated_surveys_into_a_history(farm: Farm, tmp_path: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    urls = [farm.url(f"/kunta-{i}", host=i % 2) for i in range(4)]
    for i in range(4):
        farm.routes[f"/kunta-{i}"] = Page(page(texts[0].replace("Vaahterakuja 3", f"Vaahterakuja {i}"), i))
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "oma.txt").write_text(texts[0], encoding="utf-8")
    store = tmp_path / "history.sqlite"
    env = {"PYTHONPATH": str(REPO)}

    first = run_cli("batch", *urls, folder, "--output", tmp_path / "run1.csv", "--store", store,
                    "--jobs", "2", env=env)
    assert first.code == 0, first.stderr
    assert f"{store}: 0 of 5 notices changed since the last run, 5 stored for the first time" \
        in first.stderr

    # Next run: one notice gains a placeholder (T001), one gains a retention period (M010
    # gone) and a new date, one only changes its page chrome; the file is as it was.
    farm.routes["/kunta-0"] = Page(page(texts[2].replace("Vaahterakuja 3", "Vaahterakuja 0"), 50))
    farm.routes["/kunta-1"] = Page(page(texts[3].replace("Vaahterakuja 3", "Vaahterakuja 1"), 51))
    farm.routes["/kunta-2"] = Page(page(texts[0].replace("Vaahterakuja 3", "Vaahterakuja 2"), 52))
    second = run_cli("batch", *urls, folder, "--output", tmp_path / "run2.csv", "--store", store,
                     "--jobs", "2", env=env)
    assert second.code == 0, second.stderr
    lines = second.stderr.splitlines()
    assert f"noticeaudit: {store}: 2 of 5 notices changed since the last run" in lines
    assert "  rules appeared: T001 +1" in lines
    assert "  rules disappeared: M010 -1" in lines
    with VersionStore.open(str(store)) as versions:
        assert [v.n for v in versions.history(urls[0])] == [1, 2]
        assert [v.n for v in versions.history(urls[2])] == [1]
        assert [v.n for v in versions.history(str(folder / "oma.txt"))] == [1]


def test_two_runs_at_once_store_one_version(farm: Farm, tmp_path: Path) -> None:
    import threading

    url = farm.url("/yhteinen")
    farm.routes["/yhteinen"] = Page(page(TEXTS[0].read_text(encoding="utf-8"), 1), delay=0.05)
    path = str(tmp_path / "v.sqlite")
    VersionStore.open(path).close()
    errors: list[BaseException] = []

    def runs() -> None:
        try:
            with VersionStore.open(path) as store:
                for _ in range(5):
                    watcher().run([url], store, "watch", lambda o: None)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=runs) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with VersionStore.open(path) as store:
        assert [v.n for v in store.history(url)] == [1]
        assert tuple(store.db.execute("SELECT COUNT(*), SUM(changed) FROM checks")
                     .fetchone()) == (15, 1)

"""How ``batch --scheduler`` cuts a survey into Dask tasks: sites, packing, failed groups."""
from __future__ import annotations

import pytest

pytest.importorskip("distributed", reason="Dask is not installed (extra 'dask')")

from noticeaudit.cluster import Planner, Task, _once, site_key


@pytest.mark.parametrize(("url", "site"), [
    ("https://www.kunta.fi/tietosuoja", "kunta.fi"),
    ("https://kunta.fi/", "kunta.fi"),
    ("http://palvelut.www.kunta.fi/a", "kunta.fi"),
    ("https://shop.example.co.uk/privacy", "example.co.uk"),
    ("https://WWW.Kunta.FI./", "kunta.fi"),
    ("http://127.0.0.1:8080/n/1", "127.0.0.1:8080"),
    ("http://127.0.0.1:8081/n/1", "127.0.0.1:8081"),
    ("http://[::1]:8080/", "::1:8080"),
    ("https://localhost/", "localhost"),
])
def test_sources_of_one_site_share_a_key(url: str, site: str) -> None:
    assert site_key(url) == site


def test_files_share_one_key() -> None:
    assert site_key("notices/a.txt") == site_key("/tmp/b.pdf") == ""


def _drain(planner: Planner) -> list[Task]:
    tasks = []
    while task := planner.take():
        tasks.append(task)
    return tasks


def test_a_site_is_never_in_two_tasks_at_once() -> None:
    big = [f"https://www.big.fi/{i}" for i in range(10)]
    small = [f"https://s{i}.fi/" for i in range(5)]
    planner = Planner(size=4)
    planner.add(big[:5] + small + big[5:])
    first = _drain(planner)
    # big.fi: 4 sources, the rest waits for that task; the small sites are packed 4 and 1.
    assert [t.sources for t in first] == [big[:4], small[:4], small[4:]]
    assert planner.take() is None  # the rest of big.fi waits while its task runs
    planner.finish(first[1])
    planner.finish(first[2])
    assert planner.take() is None
    planner.finish(first[0])
    second = planner.take()
    assert second is not None and second.sources == big[4:8]
    assert planner.take() is None
    planner.finish(second)
    third = planner.take()
    assert third is not None and third.sources == big[8:]
    planner.finish(third)
    assert not planner  # every source handed out exactly once


def test_a_failed_group_comes_back_one_source_per_task() -> None:
    sources = ["https://a.fi/1", "https://a.fi/2", "https://b.fi/", "https://c.fi/"]
    planner = Planner(size=8)
    planner.add(sources)
    task = planner.take()
    assert task is not None and task.sources == sources
    planner.finish(task, again=task.sources)
    singles = _drain(planner)
    # a.fi's two sources are never in flight together; b.fi and c.fi go beside a.fi/1.
    assert [t.sources for t in singles] == [["https://a.fi/1"], ["https://b.fi/"], ["https://c.fi/"]]
    for t in singles:
        planner.finish(t)
    last = planner.take()
    assert last is not None and last.sources == ["https://a.fi/2"]
    planner.finish(last)
    assert not planner


def test_each_source_of_the_task_is_written_once_and_nothing_else() -> None:
    rows = [{"source": "a", "n": 1}, {"source": "b"}, {"source": "a", "n": 2}, {"source": "z"}]
    kept = _once(rows, ["a", "b", "c"])
    assert [r["source"] for r in kept] == ["a", "b", "c"]
    assert kept[0] == {"source": "a", "n": 1}
    assert (kept[2]["status"], kept[2]["error"]) == ("failed", "internal error (no result from the worker)")

"""``batch --store FILE.sqlite``: every survey run adds to a version history.

The batch opens a run in the store (:func:`start`); each audit process
records each notice it audited as :mod:`.watch` does (:func:`record`: a new
version only when the normalised text changed), through its own connection
(SQLite serialises the writers). At the end :func:`changes` sums the run up
against the previous one: how many notices changed, and which rules appeared
or disappeared across the population.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..catalogue import Rule
from ..model import Result
from ..report.json import document_dict
from ..sources import Loaded, is_url
from .diff import check_stored_date
from .normalise import notice_text
from .store import VersionStore, sha256

_OPEN: dict[str, VersionStore] = {}  # per process: the store of this run


def start(path: str) -> tuple[str, int]:
    """Open (or create) the store and a run in it; (path, run id) for the audit processes."""
    with VersionStore.open(path) as store:
        return path, store.start_run("batch")


def record(versions: tuple[str, int], result: Result, loaded: Loaded | None,
           rules: list[Rule]) -> None:
    """Store ``result`` of this run as a version of its source, when its text changed
    (with Q006 when its date did not)."""
    path, run = versions
    store = _OPEN.get(path) or _OPEN.setdefault(path, VersionStore.open(path))
    if result.error or result.document is None:
        store.failed(run, result.source, result.error or "nothing to audit")
        return
    if loaded is None:  # a notice file: audited from its path
        if is_url(result.source):
            return
        loaded = Loaded(result.source, Path(result.source).read_bytes(),
                        Path(result.source).suffix.lower())
    text_hash = sha256(notice_text(result.document))
    before = store.latest(result.source)
    if before is not None and before.text_hash != text_hash:
        # Q006 joins the result the survey row is made from too.
        check_stored_date(rules, result, before.date)
    store.add(run, result.source, loaded, text_hash, result, document_dict(result))


def changes(path: str, run: int) -> list[str]:
    """Lines for the end of the survey: notices changed since the last run, rules that came and went."""
    with VersionStore.open(path) as store:
        counts = store.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(changed AND version > 1), 0), "
            "COALESCE(SUM(changed AND version = 1), 0) FROM checks WHERE run = ? AND status = 'ok'",
            (run,)).fetchone()
        pairs = store.run_changes(run)
    checked, changed, first = counts
    lines = [f"noticeaudit: {path}: {changed} of {checked} notices changed since the last run"
             f"{f', {first} stored for the first time' if first else ''}"]
    appeared: Counter[str] = Counter()
    gone: Counter[str] = Counter()
    for before, after in pairs:
        appeared.update(set(after.rules) - set(before.rules))
        gone.update(set(before.rules) - set(after.rules))
    if appeared:
        lines.append("  rules appeared: " + ", ".join(f"{r} +{n}" for r, n in sorted(appeared.items())))
    if gone:
        lines.append("  rules disappeared: " + ", ".join(f"{r} -{n}" for r, n in sorted(gone.items())))
    return lines

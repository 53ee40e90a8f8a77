"""``noticeaudit watch``: fetch each URL, audit it, store a version when its text changed.

URLs are fetched concurrently within the batch limits (``--concurrency``
requests in flight, ``--per-host`` per host; the same :class:`~noticeaudit.fetch.Gate`
as ``batch``); parsing and auditing run in worker threads so fetching goes
on meanwhile; every store write happens in the event loop's thread, one
transaction per URL (:mod:`.store`). Run it as often as you like: an
unchanged notice adds nothing, and an interrupted run loses nothing stored.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..catalogue import Catalogue, Rule
from ..fetch import Gate, new_client
from ..model import Result
from ..pipeline import Options, audit_loaded, load_url
from ..report.json import document_dict
from ..sources import Loaded
from .diff import check_stored_date
from .gitrepo import GitError, commit_version
from .normalise import notice_text
from .store import VersionStore, sha256


@dataclass
class Outcome:
    url: str
    version: int | None = None  # the version now latest
    stored: bool = False  # this run stored it
    error: str | None = None
    result: Result | None = None
    stale_date: bool = False  # stored with Q006: the text changed, the notice's date did not


@dataclass
class Watch:
    catalogue: Catalogue
    rules: list[Rule]
    options: Options
    concurrency: int = 8
    per_host: int = 2
    git: Path | None = None

    def run(self, urls: list[str], store: VersionStore, command: str,
            report: Callable[[Outcome], None]) -> list[Outcome]:
        run = store.start_run(command)
        return asyncio.run(self._run(urls, store, run, report))

    async def _run(self, urls: list[str], store: VersionStore, run: int,
                   report: Callable[[Outcome], None]) -> list[Outcome]:
        gate = Gate(self.concurrency, self.per_host)
        async with new_client(self.options.fetch, self.concurrency) as client:
            async def one(url: str) -> Outcome:
                outcome = await self._one(client, gate, url, store, run)
                report(outcome)  # as each URL finishes, not at the end
                return outcome

            return list(await asyncio.gather(*(one(url) for url in urls)))

    async def _one(self, client: object, gate: Gate, url: str, store: VersionStore,
                   run: int) -> Outcome:
        got = await load_url(client, url, self.rules, self.options, gate)  # type: ignore[arg-type]
        if not isinstance(got, Loaded):
            error = got.error or "no privacy notice found from the home page (S001)"
            store.failed(run, url, error)
            return Outcome(url, error=error)
        result = await asyncio.to_thread(audit_loaded, got, self.catalogue, self.rules,
                                         self.options)
        if result.error or result.document is None:
            error = result.error or "nothing to audit"
            store.failed(run, url, error)
            return Outcome(url, error=error)
        text_hash = sha256(notice_text(result.document))
        before = store.latest(url)
        stale = before is not None and before.text_hash != text_hash and \
            check_stored_date(self.rules, result, before.date, self.options.messages)
        n = store.add(run, url, got, text_hash, result, document_dict(result))
        latest = n or store.history(url)[-1].n
        outcome = Outcome(url, latest, n is not None, result=result,
                          stale_date=stale and n is not None)
        if self.git is not None:
            try:
                commit_version(self.git, url, result.document, latest,
                               store.get(url, str(latest)).fetched)
            except GitError as exc:
                outcome.error = f"version {latest} stored, but not committed to {self.git}: {exc}"
        return outcome

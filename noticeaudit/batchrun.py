"""The engine of ``batch``: concurrent fetching and a pool of audit processes.

URLs are fetched in this process by one asyncio event loop (httpx, requests
bounded by a :class:`~noticeaudit.fetch.Gate`); parsing and auditing, the CPU
work, run in ``jobs`` spawned processes that each load the catalogue once.
Each finished source becomes a row (``survey.row``) that is written at once.
"""
from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, Callable

from .catalogue import Rule, load_catalogue
from .fetch import Gate, new_client
from .pipeline import Options, audit_loaded, audit_source, load_url
from .report import Result
from .sources import Loaded, is_url
from .survey import Store, Tally, row

if TYPE_CHECKING:
    from .batch import Progress


@dataclass
class Job:
    """What every source of a run shares."""

    rules: list[Rule]
    rule_dirs: list[str]
    options: Options
    concurrency: int
    per_host: int
    jobs: int

    async def run(self, todo: list[str], store: Store, tally: Tally, progress: Progress) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)  # type: ignore[union-attr]
        pool = _Pool(self)
        gate = Gate(self.concurrency, self.per_host)
        # Sources between their first request and their row; bounds the bodies held in memory.
        in_flight = asyncio.Semaphore(2 * self.concurrency + self.jobs)

        async def one(source: str) -> None:
            try:
                if is_url(source):
                    got = await load_url(client, source, self.rules, self.options, gate)
                    result = row(got) if not isinstance(got, Loaded) else \
                        await pool.call(_audit_loaded, got, source)
                else:
                    result = await pool.call(_audit_path, source, source)
                store.write(result)
                tally.add(result)
                progress.advance(result["status"] != "ok")
            finally:
                in_flight.release()

        try:
            async with new_client(self.options.fetch, self.concurrency) as client, \
                    asyncio.TaskGroup() as tasks:
                for source in todo:
                    await in_flight.acquire()
                    tasks.create_task(one(source))
        finally:
            pool.close()


class _Pool:
    """The audit processes; a pool broken by a crashed process is replaced once per crash."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn: forking a process that runs an event loop and threads is unsafe.
        return ProcessPoolExecutor(self.job.jobs, get_context("spawn"), initializer=_init_worker,
                                   initargs=(self.job.rules, self.job.rule_dirs, self.job.options,
                                             os.getpid()))

    async def call(self, fn: Callable[[Any], dict[str, Any]], arg: Any, source: str) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        for _ in range(2):
            executor = self.executor
            try:
                return await loop.run_in_executor(executor, fn, arg)
            except BrokenProcessPool:
                if self.executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.executor = self._start()
            except Exception as exc:  # e.g. a result that cannot be sent back
                return row(Result(source, error=f"internal error ({type(exc).__name__}: {exc})"))
        return row(Result(source, error="the audit process crashed (twice) on this source"))

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


# --- in the audit processes --------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(rules: list[Rule], rule_dirs: list[str], options: Options, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and shuts us down
    _WORKER.update(rules=rules, options=options,
                   catalogue=load_catalogue(tuple(rule_dirs)))

    def orphaned() -> None:  # the parent was killed (kill -9): do not linger
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()


def _audit_loaded(loaded: Loaded) -> dict[str, Any]:
    return row(audit_loaded(loaded, _WORKER["catalogue"], _WORKER["rules"], _WORKER["options"]))


def _audit_path(path: str) -> dict[str, Any]:
    return row(audit_source(path, _WORKER["catalogue"], _WORKER["rules"], _WORKER["options"]))

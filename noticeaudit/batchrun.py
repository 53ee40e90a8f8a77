"""The engine of ``batch``: concurrent fetching and a pool of audit processes.

URLs are fetched in this process by one asyncio event loop (httpx, requests
bounded by a :class:`~noticeaudit.fetch.Gate`); parsing and auditing, the CPU
work, run in ``jobs`` spawned processes that each load the catalogue once.
Each finished source becomes a row (``survey.row``) that is written at once.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING, Any

from .catalogue import Rule, load_catalogue
from .fetch import Gate, new_client
from .model import Result
from .pipeline import Options, audit_loaded, audit_source, load_url
from .sources import Loaded, is_url
from .survey import Store, SurveyError, Tally, row

if TYPE_CHECKING:
    import httpx

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
    versions: tuple[str, int] | None = None  # batch --store: (store, run); versions/batchstore.py

    async def run(self, todo: list[str], store: Store, tally: Tally, progress: Progress) -> None:
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGTERM, asyncio.current_task().cancel)  # type: ignore[union-attr]
        pool = _Pool(self)
        gate = Gate(self.concurrency, self.per_host)
        # Sources between their first request and their row; bounds the bodies held in memory.
        in_flight = asyncio.Semaphore(2 * self.concurrency + self.jobs)
        running = 0

        async def one(source: str) -> None:
            nonlocal running
            running += 1
            progress.in_flight(running)
            try:
                result = await source_row(source, client, gate, self.rules, self.options, pool.call)
                store.write(result)
                tally.add(result)
                progress.advance(result["status"] != "ok")
            finally:
                running -= 1
                in_flight.release()

        try:
            async with new_client(self.options.fetch, self.concurrency) as client, \
                    asyncio.TaskGroup() as tasks:
                for source in todo:
                    await in_flight.acquire()
                    tasks.create_task(one(source))
        except* SurveyError as failed:  # the output cannot be written: stop, say why
            raise failed.exceptions[0] from None
        finally:
            pool.close()


Audit = Callable[[Callable[[Any], dict[str, Any]], Any, str], Awaitable[dict[str, Any]]]


async def source_row(source: str, client: httpx.AsyncClient, gate: Gate, rules: list[Rule],
                     options: Options, audit: Audit) -> dict[str, Any]:
    """One source to its row: a URL is fetched here (with discovery when asked), and
    ``audit(fn, arg, source)`` runs ``_audit_loaded`` or ``_audit_path`` where the catalogue is
    loaded (the local pool's processes, or the thread of a Dask task: ``cluster.py``)."""
    if not is_url(source):
        return await audit(_audit_path, source, source)
    got = await load_url(client, source, rules, options, gate)
    if not isinstance(got, Loaded):
        return row(got)
    return await audit(_audit_loaded, got, source)


class _Pool:
    """The audit processes; a pool broken by a crashed process is replaced once per crash."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.context = _context()
        # The audit processes wait on the reading end; the writing end, held only here, closes
        # when this process ends, however it ends (kill -9 too), and they exit.
        self.lifeline, self._held = self.context.Pipe(duplex=False)
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.job.jobs, self.context, initializer=_init_worker,
                                   initargs=(self.job.rules, self.job.rule_dirs, self.job.options,
                                             self.lifeline, self.job.versions))

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


def _context() -> BaseContext:
    """How to start audit processes: never by forking this one, which runs an event loop and
    threads. A fork server imports the audit stack (spaCy, the parsers) once and forks each
    process from there, ready to work; where there is none (Windows), spawn."""
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn")
    context = get_context("forkserver")
    context.set_forkserver_preload(["noticeaudit.poolwarm"])
    return context


# --- in the audit processes --------------------------------------------------

_WORKER: dict[str, Any] = {}


def setup_worker(rules: list[Rule], rule_dirs: list[str], options: Options,
                 versions: tuple[str, int] | None = None) -> None:
    """What ``_audit_loaded`` and ``_audit_path`` use, in the process that runs them."""
    _WORKER.update(rules=rules, options=options, versions=versions,
                   catalogue=load_catalogue(tuple(rule_dirs)))


def _init_worker(rules: list[Rule], rule_dirs: list[str], options: Options,
                 lifeline: Connection, versions: tuple[str, int] | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch handles Ctrl-C and shuts us down
    setup_worker(rules, rule_dirs, options, versions)

    def orphaned() -> None:  # nothing is ever sent: recv() returns when the batch is gone
        try:
            lifeline.recv()
        finally:
            os._exit(0)

    threading.Thread(target=orphaned, daemon=True).start()


def _audit_loaded(loaded: Loaded) -> dict[str, Any]:
    result = audit_loaded(loaded, _WORKER["catalogue"], _WORKER["rules"], _WORKER["options"])
    _keep_version(result, loaded)
    return row(result)


def _audit_path(path: str) -> dict[str, Any]:
    result = audit_source(path, _WORKER["catalogue"], _WORKER["rules"], _WORKER["options"])
    _keep_version(result, None)
    return row(result)


def _keep_version(result: Result, loaded: Loaded | None) -> None:
    """batch --store: the notice's version goes to the version store too."""
    if _WORKER.get("versions"):
        from .versions.batchstore import record

        record(_WORKER["versions"], result, loaded, _WORKER["rules"])

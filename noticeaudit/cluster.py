"""``batch --scheduler``: the survey's sources fetched, parsed and audited on a Dask cluster.

The client (this process) groups the sources by site (:func:`site_key`) and
submits tasks of at most ``GROUP`` sources, never two tasks holding the same
site at once, so ``--per-host`` holds across the whole cluster. A task runs on
a worker with its own fetcher and :class:`~noticeaudit.fetch.Gate` and returns
the rows of its sources (the same :func:`~noticeaudit.batchrun.source_row` as
local batch), which the client writes when the task ends. Tasks are submitted
in a window bounded by the cluster's threads, so the client holds only the
futures in flight and the rows not yet written; the rules and options go to
each worker once, in a worker plugin, not with every task.

Faults: a task whose worker dies is rerun by Dask elsewhere (up to the
scheduler's ``allowed-failures``; set from ``--retries`` for ``local:N``), a
task that raises is retried ``--retries`` times; a group that still fails is
split and its sources retried one per task, and a source that fails alone is a
failed row with the reason. Rows come only from a finished task, whose sources
are written once each, so a rerun task never writes a row twice.

This module is imported only when ``--scheduler`` is given: local batch never
imports Dask.
"""
from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import logging
import pickle
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import click
import dask
import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from .batchrun import Job, setup_worker, source_row
from .catalogue import load_catalogue
from .fetch import Gate, new_client
from .model import Result
from .sources import is_url
from .survey import Store, SurveyError, Tally, row

if TYPE_CHECKING:
    from .batch import Progress

GROUP = 32  # sources per task at most: small enough to lose little when a worker dies
LOCAL_THREADS = 4  # tasks at once per local worker process: they mostly wait for the network
# Second-level labels under which a country's domains are registered (www.x.co.uk: x.co.uk).
_SECOND_LEVEL = {"ac", "co", "com", "edu", "gov", "govt", "net", "or", "org", "ne", "go", "mil"}


class ClusterError(SurveyError):
    """The cluster cannot be started or reached: one line and exit status 2, like an unusable
    output (``batch`` already reports a SurveyError so)."""


def site_key(source: str) -> str:
    """The site of a source: its registrable domain, approximated (the last two labels, three
    under a country's second level such as co.uk), with the port when one is given. Sources
    of one site are never in two tasks at once. Files share the key ''."""
    if not is_url(source):
        return ""
    parts = urlsplit(source)
    host = (parts.hostname or "").rstrip(".")
    try:
        ipaddress.ip_address(host)
        domain = host
    except ValueError:
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
        domain = ".".join(labels[-keep:])
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{domain}:{port}" if port else domain


@dataclass
class Task:
    sources: list[str]
    sites: list[str]


@dataclass
class Planner:
    """Sources by site, handed out as tasks; a site in a running task is not handed out."""

    size: int
    queues: dict[str, deque[str]] = field(default_factory=dict)
    ready: deque[str] = field(default_factory=deque)  # sites with sources and no task
    alone: set[str] = field(default_factory=set)  # sources of a failed group: one per task

    def add(self, sources: list[str]) -> None:
        for source in sources:
            key = site_key(source)
            if key not in self.queues:
                self.queues[key] = deque()
                self.ready.append(key)
            self.queues[key].append(source)

    def take(self) -> Task | None:
        """The next task: whole small sites packed together, or a part of a big one."""
        task = Task([], [])
        skipped: list[str] = []
        while self.ready and len(task.sources) < self.size:
            key = self.ready.popleft()
            queue = self.queues[key]
            if queue[0] in self.alone:
                if task.sources:
                    skipped.append(key)
                    continue
                task.sources.append(queue.popleft())
                task.sites.append(key)
                break
            while queue and len(task.sources) < self.size and queue[0] not in self.alone:
                task.sources.append(queue.popleft())
            task.sites.append(key)
        self.ready.extendleft(reversed(skipped))
        return task if task.sources else None

    def finish(self, task: Task, again: list[str] | None = None) -> None:
        """The task is over; ``again`` (its sources, when it failed) go back, one per task."""
        for source in reversed(again or []):
            self.queues[site_key(source)].appendleft(source)
            self.alone.add(source)
        for key in task.sites:
            if self.queues[key]:
                self.ready.append(key)
            else:
                del self.queues[key]

    def __bool__(self) -> bool:
        return bool(self.queues)


@dataclass
class ClusterRun:
    """``batch`` on Dask: the same arguments as :meth:`Job.run`, plus where to run."""

    job: Job
    scheduler: str  # 'local:N' or a scheduler address such as tcp://host:8786
    retries: int

    async def run(self, todo: list[str], store: Store, tally: Tally, progress: Progress) -> None:
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGTERM, asyncio.current_task().cancel)  # type: ignore[union-attr]
        planner = Planner(GROUP)
        planner.add(todo)
        spec = pickle.dumps((self.job.rules, self.job.rule_dirs, self.job.options,
                             self.job.concurrency, self.job.per_host))
        name = f"noticeaudit-{uuid.uuid4().hex}"  # this run's tasks and settings on the workers
        async with self._client() as client, _installed(client, _Setup(name, spec)):
            await _announce(client)
            threads = _Threads(client)
            in_flight: dict[Any, Task] = {}  # by future key
            numbers = itertools.count()
            pending = distributed.as_completed()

            async def refill() -> None:
                window = 2 * await threads.total()
                while len(in_flight) < window and (task := planner.take()):
                    future = client.submit(audit_group, name, task.sources,
                                           retries=self.retries, pure=False,
                                           key=f"{name}-{next(numbers)}")
                    in_flight[future.key] = task
                    pending.add(future)
                progress.in_flight(sum(len(t.sources) for t in in_flight.values()))

            await refill()
            async for future in pending:
                task = in_flight.pop(future.key)
                reason = ""
                try:
                    rows: list[dict[str, Any]] | None = await future
                except Exception as exc:
                    rows = None
                    reason = _reason(exc, self.retries)
                future.release()
                if rows is None and len(task.sources) > 1:
                    planner.finish(task, again=task.sources)
                else:
                    planner.finish(task)
                    if rows is None:
                        rows = [row(Result(task.sources[0], error=reason))]
                    for found in _once(rows, task.sources):
                        store.write(found)
                        tally.add(found)
                        progress.advance(found["status"] != "ok")
                await refill()

    @contextlib.asynccontextmanager
    async def _client(self) -> AsyncIterator[distributed.Client]:
        try:
            if self.scheduler.startswith("local:"):
                workers = int(self.scheduler.split(":", 1)[1])
                # The scheduler runs in this process: its diagnostic logs are kept short.
                with dask.config.set({"distributed.scheduler.allowed-failures": self.retries,
                                      "distributed.admin.low-level-log-length": 1000}):
                    cluster = await distributed.LocalCluster(
                        n_workers=workers, threads_per_worker=LOCAL_THREADS, processes=True,
                        dashboard_address=":0",  # any free port, never a fixed one
                        silence_logs=logging.ERROR, asynchronous=True)
                client = await distributed.Client(cluster, asynchronous=True)
            else:
                cluster = None
                client = await distributed.Client(self.scheduler, asynchronous=True, timeout=10)
        except Exception as exc:  # refused, timed out, a bad address, workers that do not start
            what = "start a local Dask cluster" if self.scheduler.startswith("local:") else \
                f"reach the Dask scheduler at {self.scheduler}"
            raise ClusterError(f"cannot {what}: {exc or type(exc).__name__}") from None
        try:
            yield client
        finally:
            await client.close()
            if cluster is not None:
                await cluster.close()  # type: ignore[misc]


@contextlib.asynccontextmanager
async def _installed(client: distributed.Client, setup: _Setup) -> AsyncIterator[None]:
    """The run's settings on every worker while the run lasts (workers that join later too)."""
    try:
        await client.register_plugin(setup, name=setup.name)
    except Exception as exc:  # e.g. noticeaudit not installed on the workers
        raise ClusterError(f"the Dask workers cannot audit: {type(exc).__name__}: {exc}") from None
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # the cluster may be gone already
            await client.unregister_worker_plugin(setup.name)


async def _announce(client: distributed.Client) -> None:
    """The scheduler's address, and its dashboard's when it has one (the dashboard needs bokeh
    where the scheduler runs; without it the scheduler serves only health and metrics)."""
    try:
        bokeh = await client.run_on_scheduler(
            lambda: __import__("importlib.util").util.find_spec("bokeh") is not None)
        link = client.dashboard_link if bokeh else None
    except Exception:  # a scheduler that runs no client code, or no HTTP server
        link = None
    click.echo(f"noticeaudit: Dask scheduler {client.scheduler.address}; "
               + (f"dashboard {link}" if link else "no dashboard (it needs bokeh on the scheduler)"),
               err=True)


class _Threads:
    """The cluster's worker threads, asked again every few seconds (workers come and go)."""

    def __init__(self, client: distributed.Client) -> None:
        self.client = client
        self.known = 0
        self.asked = 0.0

    async def total(self) -> int:
        if time.monotonic() - self.asked > 2:
            self.known = sum((await self.client.nthreads()).values())
            self.asked = time.monotonic()
        return max(self.known, 1)


def _reason(exc: BaseException, retries: int) -> str:
    if isinstance(exc, distributed.KilledWorker):
        return "a Dask worker died on every try while auditing this source"
    return f"the Dask task failed after {retries} retr{'y' if retries == 1 else 'ies'} " \
           f"({type(exc).__name__}: {exc})"


def _once(rows: list[dict[str, Any]], sources: list[str]) -> list[dict[str, Any]]:
    """One row for each source of the task, and nothing else (a source the worker left out,
    which should not happen, is a failed row rather than a row lost)."""
    by_source: dict[str, dict[str, Any]] = {}
    for found in rows:
        by_source.setdefault(found.get("source", ""), found)
    return [by_source.get(s) or row(Result(s, error="internal error (no result from the worker)"))
            for s in sources]


# --- on the workers ------------------------------------------------------------

_LOADED: dict[str, tuple[Any, ...]] = {}  # each run's settings by its name, unpickled once
_AUDIT = threading.Lock()  # one audit at a time per process: the tasks' threads share the GIL


class _Setup(WorkerPlugin):
    """Sent once to each worker (not with every task): rules, options and limits of the run."""

    def __init__(self, name: str, spec: bytes) -> None:
        self.name, self.spec = name, spec

    def setup(self, worker: distributed.Worker) -> None:
        settings = pickle.loads(self.spec)
        load_catalogue(tuple(settings[1]))  # loaded (and cached) before the first task
        _LOADED[self.name] = settings

    def teardown(self, worker: distributed.Worker) -> None:
        _LOADED.pop(self.name, None)


def audit_group(name: str, sources: list[str]) -> list[dict[str, Any]]:
    """A Dask task: the rows of ``sources``, fetched with the run's limits and audited here."""
    if name not in _LOADED:  # Dask tries the task again (on another worker)
        raise RuntimeError("this worker has not received the run's settings")
    return asyncio.run(_group(sources, _LOADED[name]))


async def _group(sources: list[str], settings: tuple[Any, ...]) -> list[dict[str, Any]]:
    rules, _, options, concurrency, per_host = settings

    async def audit(fn: Callable[[Any], dict[str, Any]], arg: Any, source: str) -> dict[str, Any]:
        def locked() -> dict[str, Any]:
            with _AUDIT:  # runs of other clients may share this worker: their own settings
                setup_worker(*settings[:3])
                return fn(arg)

        try:
            return await asyncio.to_thread(locked)
        except Exception as exc:  # a bug must not fail the other sources of the group
            return row(Result(source, error=f"internal error ({type(exc).__name__}: {exc})"))

    gate = Gate(concurrency, per_host)
    async with new_client(options.fetch, concurrency) as client:
        return list(await asyncio.gather(*(source_row(s, client, gate, rules, options, audit)
                                           for s in sources)))

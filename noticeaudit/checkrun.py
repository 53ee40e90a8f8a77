"""The engine of ``check`` over many sources: a pool of audit processes, results in input order.

One source (or ``--jobs 1``) is audited in this process. Several are
audited by ``jobs`` processes started and initialised as ``batch`` starts
its own (:mod:`noticeaudit.batchrun`: a fork server with the audit stack
imported, each process loading the catalogue once), at most ``AHEAD * jobs``
sources ahead of the report, so results are yielded in input order as soon
as each is ready and memory does not grow with the number of sources.
Standard input is always read in this process.
"""
from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

import click

from . import __version__
from .baseline import Baseline
from .catalogue import Catalogue, Rule
from .errors import SourceError
from .model import SEVERITIES, Result
from .pipeline import Options, audit_source
from .report import render, summary
from .report.json import document_dict
from .visible import warn
from .webopts import discovery_note

if TYPE_CHECKING:  # the pool's modules are imported only when there is a pool
    from concurrent.futures import Future, ProcessPoolExecutor

Source = tuple[str, SourceError | None]

# Sources submitted ahead of the one the report waits for, per process: enough that a
# slow source does not leave the other processes idle, few enough to keep memory flat.
AHEAD = 8


def audit_all(sources: Iterable[Source], catalogue: Catalogue, rules: list[Rule],
              rule_dirs: list[str], options: Options, jobs: int) -> Iterator[Result]:
    """One Result per source, in the order of ``sources``."""
    todo = list(sources)
    pooled = [s for s, error in todo if error is None and s != "-"]
    if jobs <= 1 or len(pooled) <= 1:
        for source, error in todo:
            yield _audit_here(source, error, catalogue, rules, options)
        return
    pool = _Pool(rules, rule_dirs, options, min(jobs, len(pooled)))
    try:
        ahead: deque[tuple[str, SourceError | None, Future[Result] | None]] = deque()
        for source, error in todo:
            pooled_here = error is None and source != "-"
            ahead.append((source, error, pool.submit(source) if pooled_here else None))
            while len(ahead) > AHEAD * pool.jobs or (ahead and ahead[0][2] is None):
                yield _take(ahead.popleft(), pool, catalogue, rules, options)
        while ahead:
            yield _take(ahead.popleft(), pool, catalogue, rules, options)
    finally:
        pool.close()


def _take(item: tuple[str, SourceError | None, Future[Result] | None], pool: _Pool,
          catalogue: Catalogue, rules: list[Rule], options: Options) -> Result:
    source, error, future = item
    if future is None:
        return _audit_here(source, error, catalogue, rules, options)
    return pool.result(source, future)


def _audit_here(source: str, error: SourceError | None, catalogue: Catalogue,
                rules: list[Rule], options: Options) -> Result:
    return Result(source, error=str(error)) if error else audit_source(source, catalogue, rules,
                                                                      options)


class _Pool:
    """``batch``'s audit processes, used synchronously; replaced once per crash."""

    def __init__(self, rules: list[Rule], rule_dirs: list[str], options: Options,
                 jobs: int) -> None:
        from .batchrun import _context

        self.jobs = jobs
        self._args = (rules, rule_dirs, options)
        self._context = _context()
        # The processes exit when the reading end's writer (held here) closes (see batchrun).
        self._lifeline, self._held = self._context.Pipe(duplex=False)
        self._executor = self._start()
        self._submitted_to: dict[Future[Result], ProcessPoolExecutor] = {}

    def _start(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        from .batchrun import _init_worker

        return ProcessPoolExecutor(self.jobs, self._context, initializer=_init_worker,
                                   initargs=(*self._args, self._lifeline))

    def submit(self, source: str) -> Future[Result]:
        future = self._executor.submit(_audit, source)
        self._submitted_to[future] = self._executor
        return future

    def result(self, source: str, future: Future[Result]) -> Result:
        from concurrent.futures.process import BrokenProcessPool

        for attempt in range(2):
            executor = self._submitted_to.pop(future, None)
            try:
                return future.result()
            except BrokenProcessPool:
                if attempt:
                    break
                if executor is self._executor:  # the first to notice replaces the pool
                    self._executor.shutdown(wait=False, cancel_futures=True)
                    self._executor = self._start()
                future = self.submit(source)
            except Exception as exc:  # e.g. a result that cannot be sent back
                return Result(source, error=f"internal error ({type(exc).__name__}: {exc})")
        self._submitted_to.pop(future, None)
        return Result(source, error="the audit process crashed (twice) on this source")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _audit(source: str) -> Any:
    """In an audit process: one source's Result."""
    from .batchrun import _WORKER

    return audit_source(source, _WORKER["catalogue"], _WORKER["rules"], _WORKER["options"])


# --- the report ---------------------------------------------------------------

# Formats written source by source as results arrive (memory flat in the number of
# sources); the others need every result before they can be rendered.
STREAMING = ("json", "github")


def fails(results: Iterable[Result], fail_on: str) -> bool:
    """Whether a finding of severity ``fail_on`` or worse is among ``results``."""
    if fail_on == "never":
        return False
    limit = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f.severity) <= limit for r in results for f in r.findings)


def announce(results: Iterable[Result], discover: bool) -> Iterator[Result]:
    """``results``, saying on standard error, as each comes, why a source failed
    (and, with ``discover``, where the notice was found)."""
    for result in results:
        if result.error:
            warn(f"{result.source}: {result.error}")
        elif discover and (note := discovery_note(result)):
            click.echo(note, err=True)
        yield result


def run(results: Iterable[Result], fmt: str, rules: list[Rule], out: TextIO, *,
        known: Baseline | None, fail_on: str, color: bool) -> int:
    """Report ``results`` (as they come, for the streaming formats) to ``out``;
    the exit status: 2 a source failed, 1 a finding at or above ``fail_on``, else 0."""
    status = {"failed": False, "fails": False, "suppressed": 0}

    def seen(stream: Iterable[Result]) -> Iterator[Result]:
        for result in stream:
            status["failed"] = status["failed"] or result.error is not None
            if known is not None:
                [result], suppressed = known.apply([result])
                status["suppressed"] += suppressed
            status["fails"] = status["fails"] or fails([result], fail_on)
            yield result

    if fmt in STREAMING:
        for chunk in _STREAMERS[fmt](seen(results)):
            out.write(chunk)
    else:
        done = list(seen(results))
        out.write(render(fmt, done, rules, color=color, suppressed=status["suppressed"]))
    return 2 if status["failed"] else 1 if status["fails"] else 0


def _json_stream(results: Iterable[Result]) -> Iterator[str]:
    """The JSON report (as ``report.json.render`` writes it), one document at a time."""
    counts = {"documents": 0, "error": 0, "warning": 0, "info": 0}
    yield '{\n  "noticeaudit": ' + json.dumps(__version__) + ',\n  "documents": ['
    for result in results:
        text = json.dumps(document_dict(result), ensure_ascii=False, indent=2)
        yield ("," if counts["documents"] else "") + "\n    " + text.replace("\n", "\n    ")
        for key, value in summary([result]).items():
            counts[key] += value
    yield ("\n  ]" if counts["documents"] else "]") + ',\n  "summary": ' + \
        json.dumps(counts, indent=2).replace("\n", "\n  ") + "\n}\n"


def _github_stream(results: Iterable[Result]) -> Iterator[str]:
    for result in results:
        yield render("github", [result], [])


_STREAMERS = {"json": _json_stream, "github": _github_stream}

"""``noticeaudit batch``: audit many notices for a survey, one output row per source.

SOURCES are files listing URLs (one per line; blank lines and ``#`` comments
are skipped; ``-`` reads the list from standard input), directories of
notice files, URLs and notice files. URLs are fetched concurrently (asyncio
and httpx: at most ``--concurrency`` requests in flight, ``--per-host`` per
host); parsing and auditing run in a pool of ``--jobs`` processes, so the
fetching never waits for the CPU work. Rows are written as they come
(``survey.py``), a rerun skips sources already in the output (except those
that failed for a transient reason, or any failed one with
``--retry-failed``, which it audits again), and the survey table (the share
of notices with each rule) ends the run. With ``--scheduler``
the same per-source work runs on a Dask cluster instead (``cluster.py``).
"""
from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine, Iterator
from itertools import chain, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

import click

from .catalogue import CatalogueError, load_catalogue
from .cliopts import languages, rule_selection
from .config import ConfigError, ids, resolve
from .errors import SourceError
from .pipeline import Options
from .site.command import batch_site_options, batch_site_runner
from .sources import expand, is_url, redact
from .visible import warn
from .webopts import fetch_options, fetch_settings, require_urls, source_timeout_option

if TYPE_CHECKING:
    from .batchrun import Job

if TYPE_CHECKING:
    pass

SURVEY_COLUMNS = ("rule", "name", "severity", "notices", "audited", "percent")


@click.command(short_help="Survey many notices (URL lists, folders) into JSONL, CSV or SQLite.")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCES...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Survey file, one row per source: .jsonl, .csv or .sqlite. "
              "Rerunning with the same file skips the sources already in it.")
@click.option("--concurrency", type=click.IntRange(min=1), default=32, show_default=True,
              help="Requests in flight at once.")
@click.option("--per-host", type=click.IntRange(min=1), default=4, show_default=True,
              help="Requests in flight at once to one host.")
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the number of CPUs", help="Processes that parse and audit.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False),
              help="Also write the survey table (share of notices with each rule) to FILE.csv.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False),
              help="Also keep each notice's versions in this SQLite store (as watch does) and "
              "say what changed since the last run.")
@rule_selection
@languages(many=True)
@click.option("--retry-failed", is_flag=True,
              help="Audit again every source whose row in --output failed (by default only "
              "timeouts, refused connections and 5xx answers are retried).")
@fetch_options
@click.option("--scheduler", metavar="ADDRESS", callback=lambda _c, _p, v: _scheduler(v),
              help="Run on a Dask cluster: a scheduler address (tcp://host:8786) or local:N "
              "(N worker processes started and stopped here); needs 'pip install "
              "noticeaudit[dask]'. The sources of one site (registrable domain) are in one task "
              "at a time, so --per-host holds across the whole cluster (pages on other sites "
              "that discovery or redirects lead to are not counted); --concurrency then applies "
              "to each task, and --jobs is not used.")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="With --scheduler: tries again of a task that failed or whose worker died "
              "(for a remote cluster the scheduler's allowed-failures counts the deaths); then "
              "its sources are tried one per task, and one that fails alone is a failed row.")
@batch_site_options
@source_timeout_option
def batch(sources: tuple[str, ...], output: str, concurrency: int, per_host: int, jobs: int,
          summary_path: str | None, store_path: str | None, select: str | None, ignore: str | None,
          language: str | None, messages: str | None, retry_failed: bool, discover: bool,
          timeout: float, max_bytes: int, source_timeout: float, scheduler: str | None = None,
          retries: int = 2, config: str | None = None, isolated: bool = False,
          **site_opts: Any) -> None:
    """Audit SOURCES... for a survey: one row per source in --output.

    SOURCES are files of URLs (one per line, '#' comments; '-' reads the list
    from standard input), directories of notices, URLs and notice files.
    With --discover the URLs are home pages and the notice is found from
    them. With --site each URL is a home page audited as by 'noticeaudit
    site' (headless Chromium, --browsers at once), and each row also lists
    the services observed per phase.

    \b
    Each row holds source, url, status (ok|failed), error, format, language,
    error_count, warning_count, info_count, rules (IDs found) and findings
    (JSON). The run ends with the survey table on standard error. Exit status:
    0 when the run completed (failed sources are rows with status 'failed'),
    2 a usage error or an unusable output, 130 or 143 interrupted by Ctrl-C
    or SIGTERM (rerun the same command to resume).

    \b
    Example:
      noticeaudit batch urls.txt --output survey.csv --summary table.csv
    """
    import asyncio

    from .batchrun import Job
    from .survey import SurveyError, Tally, open_store, transient

    try:
        settings = resolve({"lang": language, "messages": messages,
                            "select": None if select is None else ids(select, "--select"),
                            "ignore": None if ignore is None else ids(ignore, "--ignore")},
                           config=config, isolated=isolated)
        catalogue = load_catalogue(tuple(settings.rule_dirs))
        todo = read_sources(sources)
        require_urls(todo, discover)
        store = open_store(output)
    except (ConfigError, CatalogueError, SourceError, SurveyError) as exc:
        warn(str(exc))
        sys.exit(2)
    rules = settings.rules(catalogue)
    options = Options(language=settings.lang, messages=settings.messages,
                      jurisdiction=settings.jurisdiction,
                      jurisdiction_source=settings.jurisdiction_source,
                      fetch=fetch_settings(timeout, max_bytes), discover=discover,
                      source_timeout=source_timeout)
    tally = Tally()
    latest = {old["source"]: old for old in store.rows()}  # a later row of a source wins
    shown = {s: redact(s) for s in todo}  # rows name URLs without their password
    wanted = set(shown.values())
    retry = {source for source, old in latest.items() if source in wanted
             and old.get("status") != "ok" and (retry_failed or transient(old))}
    try:
        if retry:
            store.forget(retry)
    except SurveyError as exc:
        warn(str(exc))
        sys.exit(2)
    done = set(latest) - retry
    for source in done:
        tally.add(latest[source])
    todo = interleave([s for s in todo if shown[s] not in done])
    job = Job(rules, list(settings.rule_dirs), options, concurrency, per_host,
              max(1, min(jobs, len(todo))), versions=_open_versions(store_path))
    if site_opts.get("site"):  # batch --site: noticeaudit/site/survey.py runs the sources
        run = batch_site_runner(catalogue, rules, options, site_opts, todo)
    else:  # here, or on a Dask cluster with --scheduler (noticeaudit/cluster.py)
        run = _runner(job, scheduler, retries)
    started = time.monotonic()
    with Progress(len(todo), sys.stderr.isatty()) as progress:
        try:
            asyncio.run(run(todo, store, tally, progress))
        except (KeyboardInterrupt, asyncio.CancelledError) as exc:
            store.close()
            click.echo(f"\nnoticeaudit: interrupted after {progress.done} of {len(todo)} sources; "
                       f"rerun the same command to resume (rows so far are in {output})", err=True)
            sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 143)
        except SurveyError as exc:
            warn(str(exc))
            sys.exit(2)
    store.close()
    click.echo(f"noticeaudit: {progress.done} source{'s' * (progress.done != 1)} in "
               f"{time.monotonic() - started:.1f} s "
               f"({progress.failed} failed, {len(retry)} retried), "
               f"{len(done)} already in {output}; "
               f"{tally.ok + tally.failed} in the survey: {tally.ok} audited, "
               f"{tally.failed} failed", err=True)
    table = tally.table(rules, catalogue.rules)
    _print_table(table, sys.stderr)
    if summary_path:
        _write_table(table, summary_path)
    if job.versions:
        from .versions.batchstore import changes

        click.echo("\n".join(changes(*job.versions)), err=True)


def _open_versions(store_path: str | None) -> tuple[str, int] | None:
    """batch --store: a new run in the version store (noticeaudit/versions/batchstore.py)."""
    if not store_path:
        return None
    from .versions.batchstore import start
    from .versions.store import StoreError

    try:
        return start(store_path)
    except StoreError as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)


def _scheduler(value: str | None) -> str | None:
    workers = value[6:] if value and value.startswith("local:") else "1"
    if not workers.isdigit() or int(workers) < 1:
        raise click.BadParameter(f"{value!r}: local:N needs a number of workers, e.g. local:2")
    return value


def _runner(job: Job, scheduler: str | None, retries: int) -> Callable[..., Coroutine[Any, Any, None]]:
    """Local batch, or the Dask runner (imported only here: local batch never imports Dask)."""
    from .survey import SurveyError

    if scheduler is None:
        return job.run
    try:
        from .cluster import ClusterRun
    except ImportError as exc:
        raise SurveyError(f"--scheduler needs Dask: pip install 'noticeaudit[dask]' ({exc})") from None
    return ClusterRun(job, scheduler, retries).run


def read_sources(args: tuple[str, ...]) -> list[str]:
    """The sources named by the arguments, in order, without repeats."""
    found: list[str] = []
    for arg in args:
        if arg == "-":
            found.extend(url_lines(sys.stdin, "standard input"))
        elif not is_url(arg) and Path(arg).is_file() and _is_url_list(Path(arg)):
            with open(arg, encoding="utf-8", errors="replace") as fh:
                found.extend(url_lines(fh, arg))
        else:
            for source, error in expand([arg]):
                if error:
                    raise SourceError(f"{source}: {error}")
                if not is_url(source) and not Path(source).exists():
                    raise SourceError(f"{source}: no such file or directory")
                found.append(source)
    return list(dict.fromkeys(found))


def _lines(fh: TextIO) -> Iterator[tuple[int, str]]:
    """(line number, text) of the meaningful lines: no blanks, no '#' comments."""
    for number, line in enumerate(fh, 1):
        text = line.split(" #", 1)[0].strip()
        if text and not text.startswith("#"):
            yield number, text


def _is_url_list(path: Path) -> bool:
    """A file whose first meaningful line is a URL lists sources; any other file is a notice."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        return is_url(next(_lines(fh), (0, ""))[1])


def url_lines(fh: TextIO, name: str) -> list[str]:
    lines = list(_lines(fh))
    bad = [(n, text) for n, text in lines if not is_url(text)]
    if bad:
        n, text = bad[0]
        raise SourceError(f"{name}, line {n}: {text!r} is not an http(s) URL")
    return [text for _, text in lines]


def interleave(sources: list[str]) -> list[str]:
    """Round-robin over hosts, so that a list sorted by site does not queue on one host."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        by_host[urlsplit(s).netloc.lower() if is_url(s) else ""].append(s)
    return [s for s in chain.from_iterable(zip_longest(*by_host.values())) if s is not None]


class Progress:
    """Counts, and a rich progress bar on standard error when it is a terminal: done of
    all, failed, in flight (sources being fetched or audited), rate, elapsed, remaining."""

    def __init__(self, total: int, show: bool) -> None:
        self.done = self.failed = 0
        self.bar = None
        if show and total:
            from rich import progress as bar
            from rich.console import Console

            self.bar = bar.Progress(bar.TextColumn("auditing"), bar.BarColumn(),
                                    bar.MofNCompleteColumn(),
                                    bar.TextColumn("[red]{task.fields[failed]} failed"),
                                    bar.TextColumn("{task.fields[flight]} in flight"),
                                    bar.TextColumn("{task.fields[rate]}"),
                                    bar.TimeElapsedColumn(), bar.TimeRemainingColumn(),
                                    console=Console(stderr=True))
            self.task = self.bar.add_task("", total=total, failed=0, flight=0, rate="")

    def __enter__(self) -> Progress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def advance(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self.bar:
            speed = self.bar.tasks[0].speed
            self.bar.update(self.task, advance=1, failed=self.failed,
                            rate=f"{speed:.1f}/s" if speed else "")

    def in_flight(self, count: int) -> None:
        """How many sources are being fetched or audited now (shown on the bar)."""
        if self.bar:
            self.bar.update(self.task, flight=count)


def _print_table(table: list[dict[str, Any]], out: TextIO) -> None:
    found = [line for line in table if line["notices"]]
    if not found:
        return
    width = max(len(line["name"]) for line in found)
    out.write(f"{'rule':5} {'name':{width}} {'severity':8} {'notices':>7} {'share':>6}\n")
    for line in found:
        out.write(f"{line['rule']:5} {line['name']:{width}} {line['severity']:8} "
                  f"{line['notices']:>7} {line['percent']:>5.1f}%\n")


def _write_table(table: list[dict[str, Any]], path: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, SURVEY_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table)
    except OSError as exc:
        click.echo(f"noticeaudit: {path}: cannot write the survey table: "
                   f"{exc.strerror or exc}", err=True)
        sys.exit(2)

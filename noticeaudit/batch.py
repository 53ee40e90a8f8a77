"""``noticeaudit batch``: audit many notices for a survey, one output row per source.

SOURCES are files listing URLs (one per line; blank lines and ``#`` comments
are skipped; ``-`` reads the list from standard input), directories of
notice files, URLs and notice files. URLs are fetched concurrently (asyncio
and httpx: at most ``--concurrency`` requests in flight, ``--per-host`` per
host); parsing and auditing run in a pool of ``--jobs`` processes, so the
fetching never waits for the CPU work. Rows are written as they come
(``survey.py``), a rerun skips sources already in the output, and the survey
table (the share of notices with each rule) ends the run.
"""
from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import chain, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

import click

from .catalogue import CatalogueError, load_catalogue
from .config import LANGUAGES, ConfigError, resolve
from .errors import SourceError
from .pipeline import Options
from .site.command import batch_site_options, batch_site_runner
from .sources import expand, is_url
from .webopts import fetch_options, fetch_settings, require_urls

if TYPE_CHECKING:
    from .site.survey import Runner

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
@click.option("--select", metavar="IDS", help="Only these rules: IDs or prefixes, e.g. 'M,O001'.")
@click.option("--ignore", metavar="IDS", help="Skip these rules: IDs or prefixes, e.g. 'Q,T004'.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES),
              help="Language of the notices (auto: detected per notice).  [default: auto]")
@click.option("--messages", type=click.Choice(LANGUAGES),
              help="Language of messages (auto: each notice's language).  [default: auto]")
@fetch_options
@batch_site_options
def batch(sources: tuple[str, ...], output: str, concurrency: int, per_host: int, jobs: int,
          summary_path: str | None, select: str | None, ignore: str | None,
          language: str | None, messages: str | None, discover: bool, timeout: float,
          max_bytes: int, config: str | None = None, isolated: bool = False,
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
    from .survey import SurveyError, Tally, open_store

    try:
        settings = resolve({"lang": language, "messages": messages,
                            "select": None if select is None else _ids(select),
                            "ignore": None if ignore is None else _ids(ignore)},
                           config=config, isolated=isolated)
        catalogue = load_catalogue(tuple(settings.rule_dirs))
        todo = read_sources(sources)
        require_urls(todo, discover)
        store = open_store(output)
    except (ConfigError, CatalogueError, SourceError, SurveyError) as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    rules = settings.rules(catalogue)
    options = Options(language=settings.lang, messages=settings.messages,
                      fetch=fetch_settings(timeout, max_bytes), discover=discover)
    tally = Tally()
    done: set[str] = set()
    for old in store.rows():
        if old["source"] not in done:
            done.add(old["source"])
            tally.add(old)
    todo = interleave([s for s in todo if s not in done])
    job = Job(rules, list(settings.rule_dirs), options, concurrency, per_host,
              max(1, min(jobs, len(todo))))
    run: Runner = job.run
    if site_opts.get("site"):  # batch --site: noticeaudit/site/survey.py runs the sources
        run = batch_site_runner(catalogue, rules, options, site_opts, todo)
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
            click.echo(f"noticeaudit: {exc}", err=True)
            sys.exit(2)
    store.close()
    click.echo(f"noticeaudit: {progress.done} source{'s' * (progress.done != 1)} in "
               f"{time.monotonic() - started:.1f} s "
               f"({progress.failed} failed), {len(done)} already in {output}; "
               f"{tally.ok + tally.failed} in the survey: {tally.ok} audited, "
               f"{tally.failed} failed", err=True)
    table = tally.table(rules, catalogue.rules)
    _print_table(table, sys.stderr)
    if summary_path:
        _write_table(table, summary_path)


def _ids(value: str) -> list[str]:
    return [v.strip().upper() for v in value.split(",") if v.strip()]


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
    """Counts, and a rich progress bar on standard error when it is a terminal."""

    def __init__(self, total: int, show: bool) -> None:
        self.done = self.failed = 0
        self.bar = None
        if show and total:
            from rich import progress as bar
            from rich.console import Console

            self.bar = bar.Progress(bar.TextColumn("auditing"), bar.BarColumn(),
                                    bar.MofNCompleteColumn(),
                                    bar.TextColumn("[red]{task.fields[failed]} failed"),
                                    bar.TimeElapsedColumn(), bar.TimeRemainingColumn(),
                                    console=Console(stderr=True))
            self.task = self.bar.add_task("", total=total, failed=0)

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
            self.bar.update(self.task, advance=1, failed=self.failed)


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

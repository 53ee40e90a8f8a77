"""Commands ``diff``, ``watch`` and ``history`` (registered by :mod:`noticeaudit.cli`)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..catalogue import Catalogue, CatalogueError, Rule, load_catalogue
from ..cliopts import languages, report_options, rule_selection
from ..config import ConfigError, Settings, resolve
from ..model import SEVERITIES
from ..pipeline import Options
from ..sources import is_url
from ..webopts import fetch_options, fetch_settings

_FORMAT_BY_SUFFIX = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html",
                     ".md": "markdown", ".txt": "text"}


def _ids(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip().upper() for v in value.split(",") if v.strip()]


def _setup(overrides: dict[str, object], config: str | None,
           isolated: bool) -> tuple[Settings, Catalogue, list[Rule]]:
    try:
        settings = resolve(overrides, config=config, isolated=isolated)
        catalogue = load_catalogue(tuple(settings.rule_dirs))
    except (ConfigError, CatalogueError) as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    return settings, catalogue, settings.rules(catalogue)


def _write(report: str, output: str | None) -> None:
    if not output:
        click.echo(report, nl=False)
        return
    try:
        Path(output).write_text(report, encoding="utf-8")
    except OSError as exc:
        click.echo(f"noticeaudit: {output}: cannot write the report: {exc.strerror or exc}",
                   err=True)
        sys.exit(2)


@click.command(short_help="Compare two versions of a notice: findings, sections, words, date.")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@report_options(("text", "json", "markdown", "html", "sarif"),
                fails="a NEW finding of this severity or worse appears")
@rule_selection
@languages()
@fetch_options
def diff(old: str, new: str, fmt: str | None, output: str | None, fail_on: str | None,
         select: str | None, ignore: str | None, language: str | None, messages: str | None,
         discover: bool, timeout: float, max_bytes: int, config: str | None = None,
         isolated: bool = False) -> None:
    """Compare NEW with OLD: new, fixed, changed and unchanged findings; added,
    removed, modified, renumbered and moved sections with a word diff; whether
    the text and the notice's date changed (Q006 when the text did and the date
    did not).

    \b
    OLD and NEW are each a notice file, an http(s) URL, a JSON report saved
    by 'check --format json', or a stored version: STORE.sqlite#URL@N,
    STORE.sqlite#URL@latest, STORE.sqlite#URL@previous.

    \b
    Exit status: 0 no new finding at or above --fail-on; 1 at least one;
    2 a usage error or a version that cannot be read.

    \b
    Examples:
      noticeaudit diff seloste-2023.pdf seloste-2024.html
      noticeaudit diff versions.sqlite#https://example.fi/tietosuoja@previous \\
                       versions.sqlite#https://example.fi/tietosuoja@latest --format markdown
    """
    from .diff import compare
    from .reports import render
    from .sides import SideError, load_side

    if fmt is None and output:
        fmt = _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())
    settings, catalogue, rules = _setup(
        {"format": fmt if fmt in ("text", "json", "markdown", "html", "sarif") else None,
         "fail-on": fail_on, "lang": language, "messages": messages,
         "select": _ids(select), "ignore": _ids(ignore)}, config, isolated)
    fmt = fmt or (settings.format if settings.format in ("text", "json", "markdown", "html",
                                                         "sarif") else "text")
    options = Options(language=settings.lang, messages=settings.messages,
                      fetch=fetch_settings(timeout, max_bytes), discover=discover)
    sides = []
    for spec in (old, new):
        try:
            sides.append(load_side(spec, catalogue, rules, options))
        except SideError as exc:
            click.echo(f"noticeaudit: {spec}: {exc}", err=True)
    if len(sides) != 2:
        sys.exit(2)
    result = compare(sides[0], sides[1], rules, settings.messages)
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    _write(render(fmt, result, rules, color=color), output)
    limit = settings.fail_on
    if limit != "never" and any(SEVERITIES.index(c.finding.severity) <= SEVERITIES.index(limit)
                                for c in result.by_state("new")):
        sys.exit(1)
    sys.exit(0)


@click.command(short_help="Fetch URLs and store a version whenever a notice's text changes.")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False),
              help="The version store (SQLite), created when missing.")
@click.option("--git", "git_dir", type=click.Path(file_okay=False),
              help="Also commit each new version to the git repository DIR (one file per notice).")
@click.option("--concurrency", type=click.IntRange(min=1), default=32, show_default=True,
              help="Requests in flight at once.")
@click.option("--per-host", type=click.IntRange(min=1), default=4, show_default=True,
              help="Requests in flight at once to one host.")
@rule_selection
@languages(many=True, messages=False)
@fetch_options
def watch(urls: tuple[str, ...], store_path: str, git_dir: str | None, concurrency: int,
          per_host: int, select: str | None, ignore: str | None, language: str | None,
          discover: bool, timeout: float, max_bytes: int, config: str | None = None,
          isolated: bool = False) -> None:
    """Fetch each URL, audit the notice, and store a new version in --store when
    its normalised text changed (whitespace, tracking parameters and page
    timestamps do not count). Run it from cron or a CI schedule: an unchanged
    notice adds nothing, and an interrupted run loses nothing already stored.

    \b
    Exit status: 0 every URL checked; 2 a usage error or a URL that could not
    be fetched or audited (the others are still checked and stored).
    """
    from .store import StoreError, VersionStore
    from .watch import Outcome, Watch

    bad = [u for u in urls if not is_url(u)]
    if bad:
        raise click.BadParameter(f"needs http(s) URLs, not {bad[0]!r}", param_hint="URL")
    settings, catalogue, rules = _setup({"lang": language, "select": _ids(select),
                                         "ignore": _ids(ignore)}, config, isolated)
    options = Options(language=settings.lang, messages=settings.messages,
                      fetch=fetch_settings(timeout, max_bytes), discover=discover)

    def report(o: Outcome) -> None:
        if o.version is not None:
            what = f"version {o.version} stored" if o.stored else f"unchanged (version {o.version})"
            if o.stale_date:
                what += " (Q006: the text changed, the notice's date did not)"
            click.echo(f"{o.url}: {what}")
        if o.error:
            click.echo(f"noticeaudit: {o.url}: {o.error}", err=True)

    try:
        with VersionStore.open(store_path) as store:
            outcomes = Watch(catalogue, rules, options, concurrency, per_host,
                             Path(git_dir) if git_dir else None).run(
                list(dict.fromkeys(urls)), store, "watch", report)
    except StoreError as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    sys.exit(2 if any(o.error for o in outcomes) else 0)


@click.command(short_help="List the stored versions of a URL with their finding counts.")
@click.argument("url", metavar="URL")
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False),
              help="The version store written by watch or batch --store.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True)
def history(url: str, store_path: str, fmt: str) -> None:
    """List the versions of URL in --store: number, when fetched, the notice's
    date, finding counts and the hash of the text. Compare two of them with
    'noticeaudit diff STORE#URL@N STORE#URL@M'."""
    import json

    from .store import StoreError, VersionStore

    try:
        with VersionStore.open(store_path, create=False) as store:
            versions = store.history(url)
            known = store.urls()
    except StoreError as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    if not versions:
        hint = f"; it holds {', '.join(known[:5])}{' …' if len(known) > 5 else ''}" if known else ""
        click.echo(f"noticeaudit: {store_path}: no versions of {url}{hint}", err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps([{"n": v.n, "fetched": v.fetched, "status": v.status,
                                "final_url": v.final_url, "date": v.date, **v.counts,
                                "rules": v.rules, "content_hash": v.content_hash,
                                "text_hash": v.text_hash} for v in versions],
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{'#':>3}  {'fetched':25} {'date':10} {'errors':>6} {'warnings':>8} "
               f"{'info':>4}  text")
    for v in versions:
        click.echo(f"{v.n:>3}  {v.fetched:25} {v.date or '-':10} {v.counts['error']:>6} "
                   f"{v.counts['warning']:>8} {v.counts['info']:>4}  {v.text_hash[:12]}")

"""``noticeaudit site URL``: the command line of a site audit.

Only click is imported at start-up; the browser stack (Playwright) is
imported when the command runs, so ``check`` never pays for it.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..cliopts import languages, report_options, rule_selection
from ..report import FORMATS
from ..webopts import resolve_option

if TYPE_CHECKING:
    from ..catalogue import Catalogue, Rule
    from ..pipeline import Options
    from .survey import Runner

F = TypeVar("F", bound=Callable[..., Any])



def site_options(command: F) -> F:
    """Browser options shared by ``site`` and ``batch --site``."""
    for option in reversed((
        click.option("--services", "services_file", type=click.Path(dir_okay=False),
                     help="Add your own services (same format as rules/services.yaml); "
                     "they take precedence over the built-in ones."),
        click.option("--insecure", is_flag=True,
                     help="Accept any TLS certificate (staging servers, test fixtures)."),
        click.option("--page-timeout", type=click.FloatRange(min=0, min_open=True), default=15.0,
                     show_default=True, metavar="SECONDS", help="Time limit for loading one page."),
        click.option("--site-timeout", type=click.FloatRange(min=0, min_open=True), default=90.0,
                     show_default=True, metavar="SECONDS",
                     help="Time limit for the three visits to one site."),
        click.option("--max-pages", type=click.IntRange(min=1, max=10), default=3,
                     show_default=True,
                     help="Pages per visit: the home page, the notice page, then other "
                     "same-site links."),
    )):
        command = option(command)
    return command


@click.command("site", short_help="Compare what a site does in a real browser with its notice.")
@click.argument("url", metavar="URL")
@click.option("--notice", metavar="URL|FILE",
              help="The privacy notice (default: found from the home page, as check --discover).")
@report_options(tuple(FORMATS))
@rule_selection
@languages()
@resolve_option
@site_options
def site(url: str, notice: str | None, fmt: str | None, output: str | None,
         fail_on: str | None, select: str | None, ignore: str | None, language: str | None,
         messages: str | None, host_map: tuple[tuple[str, str], ...], services_file: str | None,
         insecure: bool, page_timeout: float, site_timeout: float, max_pages: int,
         config: str | None = None, isolated: bool = False) -> None:
    """Visit URL (a home page) in headless Chromium and compare with its notice.

    Three visits, each in a fresh browser profile: without touching
    anything, after accepting the consent banner, after rejecting it. Every
    request, cookie and local-storage key is recorded with its phase
    (before consent / after accept / after reject) on the home page, the
    notice page and another page of the site, mapped to services
    (rules/services.yaml), and compared with the notice: S002 service not
    named, S003 US service while the notice says data stays in the EU/EEA
    or says nothing, S004 tracking before consent, S005 tracking after
    refusal, S006 named service not observed. The notice's own findings
    are reported too (use --select S for the site findings only).

    \b
    Exit status: 0 no finding at or above --fail-on; 1 at least one;
    2 a usage error, no browser, a site that did not load, or a notice
    that could not be read.

    \b
    Examples:
      noticeaudit site https://www.example.fi/
      noticeaudit site https://www.example.fi/ --notice https://www.example.fi/tietosuoja
      noticeaudit site https://staging.example.fi/ --resolve staging.example.fi=10.0.0.5
      noticeaudit site https://www.example.fi/ --select S --format html -o site.html
    """
    import asyncio

    from ..catalogue import CatalogueError, load_catalogue
    from ..checkrun import fails
    from ..cli import _FORMAT_BY_SUFFIX, emit
    from ..config import ConfigError, ids, resolve
    from ..pipeline import Options
    from ..report import render
    from ..sources import FetchOptions, is_url
    from .audit import SiteOptions, run_site
    from .browser import BrowserError, BrowserOptions, chromium_path
    from .observe import ObserveOptions
    from .services import ServicesError, load

    if not is_url(url):
        raise click.BadParameter(f"needs the http(s) URL of a home page, not {url!r}",
                                 param_hint="URL")
    try:
        if fmt is None and output:
            fmt = _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())
        settings = resolve(
            {"format": fmt, "fail-on": fail_on, "lang": language, "messages": messages,
             "select": None if select is None else ids(select, "--select"),
             "ignore": None if ignore is None else ids(ignore, "--ignore")},
            config=config, isolated=isolated)
        catalogue = load_catalogue(tuple(settings.rule_dirs))
        rules = settings.rules(catalogue)
        services = load(catalogue.services, services_file)
        executable = chromium_path()
    except (ConfigError, CatalogueError, ServicesError, BrowserError) as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    options = Options(language=settings.lang, messages=settings.messages,
                      fetch=FetchOptions(resolve=host_map))
    site_opts = SiteOptions(
        ObserveOptions(BrowserOptions(host_map, insecure, page_timeout, executable),
                       max_pages=max_pages, site_timeout=site_timeout), notice)
    try:
        result = run_site(url, catalogue, rules, services, options, site_opts)
    except BrowserError as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("\nnoticeaudit: interrupted; the browser was closed", err=True)
        sys.exit(130)
    except asyncio.CancelledError:
        click.echo("noticeaudit: terminated; the browser was closed", err=True)
        sys.exit(143)
    failed = bool(result.error)
    if result.error:
        click.echo(f"noticeaudit: {url}: {result.error}", err=True)
    notice_error = (result.observed or {}).get("notice", {}).get("error")
    if notice_error:
        click.echo(f"noticeaudit: {notice or url}: notice not audited: {notice_error}", err=True)
        failed = True
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    emit(render(settings.format, [result], rules, color=color), output)
    if failed:
        sys.exit(2)
    sys.exit(1 if fails([result], settings.fail_on) else 0)



def batch_site_options(command: F) -> F:
    """``batch --site`` and its browser options (the batch passes them on as ``site_opts``)."""
    command = site_options(command)
    command = resolve_option(command)
    command = click.option("--browsers", type=click.IntRange(min=1, max=16), default=2,
                           show_default=True,
                           help="With --site: browsers running at once.")(command)
    return click.option("--site", is_flag=True,
                        help="Site audits: each URL is a home page, visited in headless Chromium "
                        "as by 'noticeaudit site'; rows get the observed services too "
                        "(.jsonl keeps them).")(command)


def batch_site_runner(catalogue: Catalogue, rules: list[Rule], options: Options,
                      site_opts: dict[str, Any], todo: list[str]) -> Runner:
    """The run function of ``batch --site``, or exit 2 with one line when it cannot run."""
    import importlib.util

    from ..errors import SourceError
    from .browser import NO_PLAYWRIGHT, BrowserError
    from .services import ServicesError
    from .survey import make_runner

    try:
        local = [s for s in todo if not s.lower().startswith(("http://", "https://"))]
        if local:
            raise SourceError(f"--site needs http(s) URLs of home pages, not {local[0]!r}")
        if importlib.util.find_spec("playwright") is None:
            raise BrowserError(NO_PLAYWRIGHT)
        return make_runner(catalogue, rules, options, site_opts)
    except (BrowserError, ServicesError, SourceError) as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)

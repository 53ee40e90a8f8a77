"""Command line: ``noticeaudit check|batch|site|rules|explain|diff|watch|history``."""
from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import cast

import click

from . import __version__
from . import baseline as baselines
from .baseline import BaselineError
from .batch import batch
from .catalogue import Catalogue, CatalogueError, load_catalogue
from .checkrun import announce, audit_all
from .checkrun import run as run_report
from .cliopts import languages, report_options, rule_selection
from .config import JURISDICTIONS, ConfigError, ids, resolve
from .model import Result
from .pipeline import Options
from .report import FORMATS
from .site.command import site as site_command
from .sources import expand
from .versions.cli import diff, history, watch
from .visible import emit as write_stdout
from .visible import give_up_stdout, warn
from .webopts import (
    fetch_options,
    fetch_settings,
    require_urls,
    resolve_option,
    source_timeout_option,
)

# --output FILE picks the format when --format (and the configuration) do not.
_FORMAT_BY_SUFFIX = {".json": "json", ".sarif": "sarif", ".html": "html", ".htm": "html",
                     ".md": "markdown", ".markdown": "markdown", ".txt": "text"}



@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="noticeaudit")
def main() -> None:
    """Audit published privacy notices (GDPR Art. 13/14) for missing items,
    outdated references, template leftovers and contradictions.

    \b
    Examples:
      noticeaudit check tietosuojaseloste.pdf
      noticeaudit check notices/ --format json --output report.json
      noticeaudit check seloste.txt --select M,O --fail-on warning
      noticeaudit check notices/ --write-baseline noticeaudit-baseline.json
      noticeaudit check notices/ --baseline noticeaudit-baseline.json
      noticeaudit check --show-config
      noticeaudit site https://www.esimerkki.fi/
      noticeaudit rules
      noticeaudit explain M010
      noticeaudit diff seloste-2023.pdf seloste-2024.html
      noticeaudit watch https://example.fi/tietosuoja --store versions.sqlite
    """


def config_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--config FILE`` and ``--isolated``, for every command that reads configuration."""
    command = click.option("--isolated", "--no-config", "isolated", is_flag=True,
                           help="Ignore configuration files.")(command)
    return click.option("--config", type=click.Path(dir_okay=False),
                        help="Read settings from FILE instead of the nearest .noticeaudit.toml "
                        "or pyproject.toml.")(command)


def _write_baseline(path: Path, results: list[Result]) -> None:
    failed = sum(1 for r in results if r.error)
    if failed:
        click.echo(f"noticeaudit: {path}: baseline not written: {failed} source"
                   f"{'s' if failed != 1 else ''} could not be audited", err=True)
        sys.exit(2)
    try:
        count = baselines.write(path, results)
    except BaselineError as exc:
        warn(str(exc))
        sys.exit(2)
    click.echo(f"noticeaudit: recorded {count} finding{'s' if count != 1 else ''} in "
               f"{len(results)} source{'s' if len(results) != 1 else ''} to {path}", err=True)
    sys.exit(0)


@main.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@report_options(tuple(FORMATS))
@rule_selection
@languages()
@click.option("--jurisdiction", type=click.Choice(JURISDICTIONS),
              help="The controller's jurisdiction (auto: detected from the notice; AX: Åland, "
              "Finland).  [default: auto]")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="Report only findings that are not in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False),
              help="Record the current findings in FILE (for --baseline) and exit 0.")
@config_options
@click.option("--show-config", is_flag=True,
              help="Print the effective settings and where they come from, and exit.")
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the number of CPUs",
              help="Processes that audit when there are several sources (as in batch).")
@fetch_options
@resolve_option
@source_timeout_option
def check(sources: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None,
          select: str | None, ignore: str | None, language: str | None, messages: str | None,
          jurisdiction: str | None, baseline: str | None, write_baseline: str | None,
          config: str | None, isolated: bool, show_config: bool, jobs: int, discover: bool,
          timeout: float,
          max_bytes: int, source_timeout: float, host_map: tuple[tuple[str, str], ...] = ()) -> None:
    """Audit SOURCE... and report every finding.

    SOURCE is a file (.txt, .md, .html, .pdf, .docx; the format is recognised
    from the content), a directory (every notice file in it), an http(s)
    URL (with --discover: a home page to find the notice from), or '-' for
    standard input.

    Settings come from the nearest .noticeaudit.toml or [tool.noticeaudit]
    in pyproject.toml above the working directory; options given here
    override them (see --show-config).

    \b
    Exit status: 0 no finding at or above --fail-on; 1 at least one;
    2 a usage error or a source that could not be read or parsed (the other
    sources are still audited and reported).
    """
    if baseline and write_baseline:
        raise click.UsageError("--baseline and --write-baseline cannot be used together")
    try:
        if fmt is None and output:
            fmt = _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())
        settings = resolve({"format": fmt, "fail-on": fail_on, "lang": language,
                            "messages": messages, "jurisdiction": jurisdiction,
                            "select": None if select is None else ids(select, "--select"),
                            "ignore": None if ignore is None else ids(ignore, "--ignore")},
                           config=config, isolated=isolated)
        if show_config:
            click.echo(settings.show(), nl=False)
            sys.exit(0)
        if not sources:
            raise click.UsageError("Missing argument 'SOURCE...'.")
        require_urls(list(sources), discover)
        catalogue = load_catalogue(tuple(settings.rule_dirs))
        rules = settings.rules(catalogue)
        known = baselines.load(Path(baseline)) if baseline else None
    except (ConfigError, CatalogueError, BaselineError) as exc:
        warn(str(exc))
        sys.exit(2)
    options = Options(language=settings.lang, messages=settings.messages,
                      jurisdiction=settings.jurisdiction,
                      jurisdiction_source=settings.jurisdiction_source,
                      fetch=fetch_settings(timeout, max_bytes, host_map), discover=discover,
                      source_timeout=source_timeout)
    results = announce(audit_all(expand(list(sources)), catalogue, rules, settings.rule_dirs,
                                 options, jobs), discover)
    if write_baseline:
        _write_baseline(Path(write_baseline), list(results))
    color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    try:
        with open(output, "w", encoding="utf-8") if output else nullcontext(sys.stdout) as out:
            sys.exit(run_report(results, settings.format, rules, out, known=known,
                                fail_on=settings.fail_on, color=color))
    except OSError as exc:
        if output is None:
            give_up_stdout(exc)
        warn(f"{output}: cannot write the report: {exc.strerror or exc}")
        sys.exit(2)


def emit(report: str, output: str | None) -> None:
    """Write the report to ``output`` (exit 2 when it cannot be written), else to stdout."""
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(report)
        except OSError as exc:
            click.echo(f"noticeaudit: {output}: cannot write the report: "
                       f"{exc.strerror or exc}", err=True)
            sys.exit(2)
    else:
        write_stdout(report)


def _builtin_origin_prefix() -> str:
    from .catalogue import builtin_rules_dir, shown_path

    return shown_path(builtin_rules_dir())


def _catalogue(config: str | None, isolated: bool) -> Catalogue:
    """The catalogue with the configuration's own rule directories."""
    try:
        settings = resolve({}, config=config, isolated=isolated)
        return load_catalogue(tuple(settings.rule_dirs))
    except (ConfigError, CatalogueError) as exc:
        warn(str(exc))
        sys.exit(2)


def _terminal() -> tuple[bool, bool, int]:
    """Whether stdout is a terminal, whether to colour, and the width to render for."""
    terminal = sys.stdout.isatty()
    width = shutil.get_terminal_size((100, 24)).columns if terminal else 100
    return terminal, terminal and not os.environ.get("NO_COLOR"), width


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="A table, or every documented field as JSON.")
@click.option("--check", "check_dirs", multiple=True, type=click.Path(file_okay=False),
              metavar="DIR", help="Validate the rule files in DIR (repeatable) with the built-in "
              "ones, print every problem as 'file:line: RULE: problem', and exit 2 if there is any.")
@config_options
def rules_command(fmt: str, check_dirs: tuple[str, ...], config: str | None, isolated: bool) -> None:
    """List the rule catalogue: ID, name, severity and legal anchor.

    Rules from the configuration's rule-dirs are listed too. With --check DIR,
    validate a directory of rule files instead (unknown keys, wrong types,
    invalid patterns, duplicate IDs, unknown facts, missing languages).

    \b
    noticeaudit rules --check my-rules/
    """
    # Imported here, not at the top: check should not pay for rich unless it renders text.
    from . import ruledocs

    if check_dirs:
        from .catalogue import check_rules

        catalogue, problems = check_rules(check_dirs)
        for problem in problems:
            click.echo(f"noticeaudit: {problem}", err=True)
        if problems:
            sys.exit(2)
        own = [r for r in catalogue.rules.values()
               if not r.origin.startswith(_builtin_origin_prefix())]
        click.echo(f"{len(own)} rule(s) in {', '.join(check_dirs)}: no problems "
                   f"({len(catalogue.rules)} with the built-in rules)")
        return
    rules = sorted(_catalogue(config, isolated).rules.values(), key=lambda r: r.id)
    if fmt == "json":
        write_stdout(ruledocs.rules_json(rules))
        return
    terminal, color, width = _terminal()
    write_stdout(ruledocs.rules_table(rules, terminal=terminal, color=color, width=width))


@main.command()
@click.argument("rule_id", metavar="ID")
@click.option("--lang", type=click.Choice(("en", "fi", "sv")), default="en",
              show_default=True, help="Language of the documentation.")
@config_options
def explain(rule_id: str, lang: str, config: str | None, isolated: bool) -> None:
    """Explain rule ID (or name): what it checks, why, examples, how to fix."""
    from . import ruledocs

    catalogue = _catalogue(config, isolated)
    rule = ruledocs.find(catalogue, rule_id)
    if rule is None:
        close = ruledocs.close_matches(catalogue, rule_id)
        hint = (f"did you mean {', '.join(f'{r.id} ({r.name})' for r in close)}?" if close
                else "see 'noticeaudit rules'")
        warn(f"no rule {rule_id!r}; {hint}")
        sys.exit(2)
    _, color, width = _terminal()
    write_stdout(ruledocs.explain(rule, lang, color=color, width=width))


main.add_command(cast(click.Command, config_options(batch)))  # click appends --config/--isolated to the built command
main.add_command(cast(click.Command, config_options(diff)))
main.add_command(cast(click.Command, config_options(watch)))
main.add_command(history)
main.add_command(cast(click.Command, config_options(site_command)))


if __name__ == "__main__":
    main()

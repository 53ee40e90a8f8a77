"""Command line: ``noticeaudit check|rules|explain``."""
from __future__ import annotations

import os
import sys

import click

from . import __version__
from .catalogue import CatalogueError, load_catalogue
from .pipeline import Options, audit_source
from .report import SEVERITY_ORDER, Result
from .sources import expand

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "info", "never")


def _ids(value: str | None) -> list[str]:
    return [v.strip().upper() for v in (value or "").split(",") if v.strip()]


def _fails(results: list[Result], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    limit = SEVERITY_ORDER.index(fail_on)
    return any(SEVERITY_ORDER.index(f.severity) <= limit for r in results for f in r.findings)


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
      noticeaudit rules
      noticeaudit explain M010
    """


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit with 1 when a finding of this severity or worse is reported.")
@click.option("--select", metavar="IDS", help="Only these rules: IDs or prefixes, e.g. 'M,O001'.")
@click.option("--ignore", metavar="IDS", help="Skip these rules: IDs or prefixes, e.g. 'Q,T004'.")
@click.option("--lang", "language", type=click.Choice(("auto", "fi", "sv", "en")), default="auto",
              show_default=True, help="Language of the notice (auto: detected).")
@click.option("--messages", type=click.Choice(("auto", "fi", "sv", "en")), default="auto",
              show_default=True, help="Language of messages (auto: the notice's language). "
              "Suggested fixes are always in the notice's language.")
def check(sources: tuple[str, ...], fmt: str, output: str | None, fail_on: str,
          select: str | None, ignore: str | None, language: str, messages: str) -> None:
    """Audit SOURCE... and report every finding.

    SOURCE is a file (.txt, .md, .html, .pdf, .docx; the format is recognised
    from the content), a directory (every notice file in it), or '-' for
    standard input.

    \b
    Exit status: 0 no finding at or above --fail-on; 1 at least one;
    2 a usage error or a source that could not be read or parsed (the other
    sources are still audited and reported).
    """
    try:
        catalogue = load_catalogue()
    except CatalogueError as exc:
        click.echo(f"noticeaudit: {exc}", err=True)
        sys.exit(2)
    rules = catalogue.select(_ids(select), _ids(ignore))
    unknown = [p for p in _ids(select) + _ids(ignore)
               if not any(r.startswith(p) for r in catalogue.rules)]
    if unknown:
        raise click.BadParameter(f"no rule matches {', '.join(unknown)}; see 'noticeaudit rules'",
                                 param_hint="--select/--ignore")
    options = Options(language=language, messages=messages)
    results: list[Result] = []
    for source, error in expand(list(sources)):
        result = Result(source, error=str(error)) if error else \
            audit_source(source, catalogue, rules, options)
        if result.error:
            click.echo(f"noticeaudit: {source}: {result.error}", err=True)
        results.append(result)

    if fmt == "json":
        from .report.json import render

        report = render(results)
    else:
        from .report.text import render as render_text

        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        report = render_text(results, color=color)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(report)
        except OSError as exc:
            click.echo(f"noticeaudit: {output}: cannot write the report: "
                       f"{exc.strerror or exc}", err=True)
            sys.exit(2)
    else:
        click.echo(report, nl=False)
    if any(r.error for r in results):
        sys.exit(2)
    sys.exit(1 if _fails(results, fail_on) else 0)


if __name__ == "__main__":
    main()

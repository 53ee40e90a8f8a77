"""Command-line options that several commands share: which rules run, and in which language.

``check``, ``batch``, ``site``, ``diff`` and ``watch`` take the same options
with the same meaning; one definition keeps their names, choices and help
in step.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from .config import FAIL_ON, LANGUAGES

F = TypeVar("F", bound=Callable[..., object])


def rule_selection(command: F) -> F:
    """``--select IDS`` and ``--ignore IDS`` (rule IDs or prefixes)."""
    command = click.option("--ignore", metavar="IDS",
                           help="Skip these rules: IDs or prefixes, e.g. 'Q,T004'.")(command)
    return click.option("--select", metavar="IDS",
                        help="Only these rules: IDs or prefixes, e.g. 'M,O001'.")(command)


def languages(*, many: bool = False, messages: bool = True) -> Callable[[F], F]:
    """``--lang`` (the notice's language) and, unless ``messages`` is false, ``--messages``."""
    what = "notices (auto: detected per notice)" if many else "notice (auto: detected)"

    def decorate(command: F) -> F:
        if messages:
            command = click.option(
                "--messages", type=click.Choice(LANGUAGES),
                help=f"Language of messages (auto: {'each' if many else 'the'} notice's "
                "language); suggested fixes are always in the notice's language.  "
                "[default: auto]")(command)
        return click.option("--lang", "language", type=click.Choice(LANGUAGES),
                            help=f"Language of the {what}.  [default: auto]")(command)
    return decorate


def report_options(formats: tuple[str, ...], *, fails: str = "a finding of this severity or worse "
                   "is reported") -> Callable[[F], F]:
    """``--format`` (one of ``formats``), ``-o/--output FILE`` and ``--fail-on``."""
    def decorate(command: F) -> F:
        command = click.option(
            "--fail-on", type=click.Choice(FAIL_ON),
            help=f"Exit with 1 when {fails}.  [default: error]")(command)
        command = click.option(
            "-o", "--output", type=click.Path(dir_okay=False, writable=True),
            help="Write the report to FILE instead of standard output.")(command)
        return click.option(
            "--format", "fmt", type=click.Choice(formats),
            help="Report format.  [default: text, or from the --output file's extension: "
            ".json .sarif .html .md]")(command)
    return decorate

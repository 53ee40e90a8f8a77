"""Command-line options for URL sources, shared by ``check`` and ``batch``.

Kept apart from ``fetch.py`` so that building the command line does not
import the HTTP stack: a check of local files never pays for it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import click

from .budget import DEFAULT_SECONDS
from .hostmap import HostMap, HostMapError, parse
from .model import Result
from .sources import FetchOptions, is_url

F = TypeVar("F", bound=Callable[..., Any])
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmg]?)i?b?", re.I)
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def _size(ctx: click.Context, param: click.Parameter, value: str) -> int:
    m = _SIZE.fullmatch(value.strip())
    if not m or float(m.group(1)) <= 0:
        raise click.BadParameter(f"{value!r} is not a size such as 5MB, 500k or 1000000")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def fetch_options(command: F) -> F:
    """``--discover``, ``--timeout`` and ``--max-bytes``."""
    defaults = FetchOptions()
    command = click.option(
        "--max-bytes", default=f"{defaults.max_bytes // 1024 ** 2}MB", show_default=True,
        callback=_size, metavar="SIZE",
        help="Largest response to download from a URL (e.g. 500k, 20MB).")(command)
    command = click.option(
        "--timeout", type=click.FloatRange(min=0, min_open=True), default=defaults.timeout,
        show_default=True, metavar="SECONDS",
        help=f"Time limit for fetching one URL, redirects included (connecting: at most "
        f"{defaults.connect_timeout:g} s).")(command)
    return click.option(
        "--discover", is_flag=True,
        help="URL sources are home pages: find the privacy notice link (footer, menus, "
        "then anywhere) and audit the notice it leads to.")(command)


def _host_map(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> HostMap:
    try:
        return parse(values)
    except HostMapError as exc:
        raise click.BadParameter(str(exc)) from None


def resolve_option(command: F) -> F:
    """``--resolve HOST=ADDRESS`` (repeatable), as curl's and Chromium's host-resolver rules."""
    return click.option(
        "--resolve", "host_map", multiple=True, callback=_host_map, metavar="HOST=ADDRESS",
        help="Connect to ADDRESS (an IP, optionally :PORT) for HOST ('*': every host), keeping "
        "the host name in the URL, Host header and TLS; repeatable. E.g. a staging "
        "server: --resolve www.example.fi=10.0.0.5")(command)


def fetch_settings(timeout: float, max_bytes: int, resolve: HostMap = ()) -> FetchOptions:
    return FetchOptions(timeout=timeout, max_bytes=max_bytes, resolve=resolve)


def source_timeout_option(command: F) -> F:
    """``--source-timeout``: the time to parse and audit one source (``budget.py``)."""
    return click.option(
        "--source-timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_SECONDS,
        show_default=True, metavar="SECONDS",
        help="Time limit for parsing and auditing one source; past it the source is "
        "reported as failed and the others go on.")(command)




def require_urls(sources: list[str], discover: bool) -> None:
    """``--discover`` starts from web pages: every source must be a URL (or a list of them)."""
    local = [s for s in sources if not is_url(s)]
    if discover and local:
        raise click.BadParameter(f"needs http(s) URLs of home pages, not {local[0]!r}",
                                 param_hint="--discover")


def discovery_note(result: Result) -> str | None:
    """The info line naming the page that discovery chose to audit."""
    if result.error or not result.url or any(f.rule == "S001" for f in result.findings):
        return None
    return f"noticeaudit: {result.source}: privacy notice found at {result.url}"

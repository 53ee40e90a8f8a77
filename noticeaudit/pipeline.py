"""One source through the whole pipeline: load, parse, analyse, audit.

This is the only place that turns any failure into a :class:`Result` with an
error reason, so a bad source never stops the others; parsing and auditing
one source get ``source_timeout`` seconds (``budget.py``). URL sources are
fetched (and, with ``discover``, found from a home page) by :func:`load_url`;
the HTTP modules are imported only when a URL is audited.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .analyse import analyse
from .budget import DEFAULT_SECONDS, OverBudget, reason, time_budget
from .catalogue import Catalogue, Rule
from .engine import audit
from .errors import SourceError
from .model import Result
from .parse import parse
from .sources import MAX_BYTES, FetchOptions, Loaded, is_url, load_path, redact, scrub

if TYPE_CHECKING:
    import httpx

    from .fetch import Gate


@dataclass
class Options:
    language: str = "auto"
    messages: str = "auto"
    jurisdiction: str = "auto"  # or a key of jurisdiction.RULE_KEYS
    jurisdiction_source: str = "option"  # where a fixed jurisdiction came from
    max_bytes: int = MAX_BYTES
    fetch: FetchOptions = field(default_factory=FetchOptions)
    discover: bool = False  # URL sources are home pages: find the notice from there
    source_timeout: float | None = DEFAULT_SECONDS  # seconds to parse and audit one source


def audit_loaded(loaded: Loaded, catalogue: Catalogue, rules: list[Rule], options: Options) -> Result:
    # What a compressed part may inflate to: the limit the bytes themselves were read under.
    limit = options.fetch.max_bytes if loaded.url else options.max_bytes
    try:
        with time_budget(options.source_timeout):
            doc = parse(loaded, limit)
            analysis = analyse(doc, options.language, options.jurisdiction, url=loaded.url,
                               jurisdiction_source=options.jurisdiction_source)
            findings = audit(doc, analysis, catalogue, rules, messages=options.messages)
        return Result(loaded.source, doc, findings, url=loaded.url, language=analysis.language,
                      date=analysis.date.date.isoformat() if analysis.date else None,
                      jurisdiction=analysis.jurisdiction)
    except OverBudget:
        return Result(loaded.source, error=reason(options.source_timeout or 0), url=loaded.url)
    except SourceError as exc:
        return Result(loaded.source, error=str(exc), url=loaded.url)
    except RecursionError:
        return Result(loaded.source, error="document nested too deeply to parse", url=loaded.url)
    except Exception as exc:  # a parser bug must not hide the other sources' results
        return Result(loaded.source, error=f"internal error while auditing "
                                           f"({type(exc).__name__}: {exc})", url=loaded.url)


async def load_url(client: httpx.AsyncClient, source: str, rules: list[Rule], options: Options,
                   gate: Gate | None = None) -> Loaded | Result:
    """Fetch a URL source: the notice to audit, or already a Result (a failure, or S001)."""
    from .discover import discover, not_findable
    from .fetch import fetch

    shown = redact(source)  # the name in results and messages: no password
    try:
        if not options.discover:
            return await fetch(client, source, options.fetch, source=shown, gate=gate)
        found = await discover(client, source, options.fetch, gate)
    except SourceError as exc:
        return Result(shown, error=scrub(str(exc), source))
    except Exception as exc:  # a bug must not stop a survey of thousands of sites
        return Result(shown, error=scrub(f"internal error while fetching "
                                         f"({type(exc).__name__}: {exc})", source))
    if found.notice is not None:
        found.notice.source = shown
        return found.notice
    s001 = next((r for r in rules if r.id == "S001"), None)
    if s001 is None:  # deselected: nothing to report about the site
        return Result(shown, url=found.home.url)
    doc, finding, lang = not_findable(s001, found, options.messages)
    return Result(shown, doc, [finding], url=found.home.url, language=lang)


def audit_source(source: str, catalogue: Catalogue, rules: list[Rule], options: Options) -> Result:
    if is_url(source):
        from .fetch import run_with_client

        got = run_with_client(options.fetch,
                              lambda client: load_url(client, source, rules, options))
        if isinstance(got, Result):
            return got
        return audit_loaded(got, catalogue, rules, options)
    try:
        loaded = load_path(source, options.max_bytes)
    except SourceError as exc:
        return Result(source, error=str(exc))
    return audit_loaded(loaded, catalogue, rules, options)

"""One source through the whole pipeline: load, parse, analyse, audit.

This is the only place that turns any failure into a :class:`Result` with an
error reason, so a bad source never stops the others.
"""
from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue, Rule
from .engine import audit
from .errors import SourceError
from .report import Result
from .sources import MAX_BYTES, Loaded, load_path, parse


@dataclass
class Options:
    language: str = "auto"
    messages: str = "auto"
    max_bytes: int = MAX_BYTES


def audit_loaded(loaded: Loaded, catalogue: Catalogue, rules: list[Rule], options: Options) -> Result:
    try:
        doc = parse(loaded)
        findings = audit(doc, catalogue, rules, language=options.language,
                         messages=options.messages)
        return Result(loaded.source, doc, findings)
    except SourceError as exc:
        return Result(loaded.source, error=str(exc))
    except RecursionError:
        return Result(loaded.source, error="document nested too deeply to parse")
    except Exception as exc:  # a parser bug must not hide the other sources' results
        return Result(loaded.source, error=f"internal error while auditing "
                                           f"({type(exc).__name__}: {exc})")


def audit_source(source: str, catalogue: Catalogue, rules: list[Rule], options: Options) -> Result:
    try:
        loaded = load_path(source, options.max_bytes)
    except SourceError as exc:
        return Result(source, error=str(exc))
    return audit_loaded(loaded, catalogue, rules, options)

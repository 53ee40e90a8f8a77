"""Compiled regular expressions kept from one run to the next (inside the catalogue cache).

A compiled ``re.Pattern`` pickles as its source and is compiled again when
loaded, and compiling the rule vocabulary (large alternations of inflected
forms) is a good part of a cold start. What the compiler produces, the
program of the regular-expression engine, is plain data: :func:`table`
records it for given patterns, checking that the pattern rebuilt from it is
equal to ``re.compile``'s (``re.Pattern`` equality compares flags, source and
program), and :func:`compile` rebuilds a pattern from a recorded program with
the engine's own constructor instead of parsing and compiling the source.
Programs are only valid for the Python that made them: the catalogue cache
is keyed by the exact Python version, and anything unexpected falls back to
``re.compile``.
"""
from __future__ import annotations

import _sre
import re
from array import array
from collections.abc import Iterable
from re import _compiler as _sre_compiler  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any

Key = tuple[str, int]  # (source, flags)
Program = tuple[int, Any, int, dict[str, int], tuple[str | None, ...]]

_PROGRAMS: dict[Key, Program] = {}


def compile(source: str, flags: int) -> re.Pattern[str]:
    """``re.compile(source, flags)``, from a recorded program when there is one."""
    program = _PROGRAMS.get((source, flags))
    if program is not None:
        try:
            return _build(source, program)
        except Exception:  # pragma: no cover - a program this Python cannot take
            _PROGRAMS.pop((source, flags), None)
    return re.compile(source, flags)


def remember(programs: dict[Key, Program]) -> None:
    """Use these recorded programs (a table from :func:`table`)."""
    _PROGRAMS.update(programs)


def table(keys: Iterable[Key]) -> dict[Key, Program]:
    """The programs of these patterns, each checked against ``re.compile``."""
    out: dict[Key, Program] = {}
    for source, flags in keys:
        try:
            program = _program(source, flags)
            if _build(source, program) == re.compile(source, flags):
                out[(source, flags)] = program
        except Exception:  # pragma: no cover - this Python's re works differently: no shortcut
            continue
    return out


def _program(source: str, flags: int) -> Program:
    """What ``re._compiler.compile`` hands to the engine's constructor."""
    parsed = _sre_parser.parse(source, flags)
    code = _sre_compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    packed = array("I", code)
    return (flags | parsed.state.flags, packed.tobytes() if packed.itemsize == 4 else list(code),
            parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _build(source: str, program: Program) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = program
    if isinstance(code, bytes):
        code = array("I", code).tolist()
    pattern: re.Pattern[str] = _sre.compile(source, flags, code, groups, groupindex, indexgroup)
    return pattern

"""The vocabulary of rule files: declared parameters, their types, and validation.

Every rule kind declares its parameters as a frozen dataclass whose fields are
made with :func:`param` (type, default, one-line doc). :func:`build` turns the
YAML mapping of a rule (or of a fact, or an evidence spec) into that
dataclass, refusing unknown keys (with "did you mean"), wrong types, invalid
patterns and unknown names, each as a :class:`Problem` that names the line.
The same declarations generate the README's rule-format table.
"""
from __future__ import annotations

import dataclasses
import datetime
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser as _sre_parser  # type: ignore[attr-defined]
from typing import Any, TypeVar

from .patterns import FLAGS, Vocab
from .words import WordSyntaxError, compile_words
from .yamlsource import line_of

LANGS = ("fi", "sv", "en")
T = TypeVar("T")


class Problem(Exception):
    """Something wrong in a rule file, at a line (0: the enclosing item's line)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Type:
    """A parameter type: its name in the docs and a converter from YAML."""

    name: str
    convert: Callable[[Any, Refs], Any]


@dataclass
class Refs:
    """Names a value refers to (facts, service tags), checked once every file is read."""

    facts: list[tuple[str, int]] = field(default_factory=list)
    service_tags: list[tuple[str, int]] = field(default_factory=list)
    langs: set[str] = field(default_factory=set)  # languages the patterns are written in
    line: int = 0  # line of the value being converted


def param(type_: Type, default: Any = None, doc: str = "", *, required: bool = False) -> Any:
    """A declared parameter of a rule kind (a dataclass field with its type and doc)."""
    meta = {"type": type_, "doc": doc, "required": required}
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable defaults: use a tuple")
    return field(default=default, metadata=meta)


def declared(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if "type" in f.metadata]


def vocabularies(value: Any) -> Iterator[Vocab]:
    """Every compiled vocabulary inside built parameters (dataclasses, tuples)."""
    if isinstance(value, Vocab):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from vocabularies(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from vocabularies(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from vocabularies(item)


def build(cls: type[T], raw: Any, refs: Refs, *, ignore: frozenset[str] = frozenset(),
          what: str = "") -> T:
    """``cls`` from a YAML mapping; every key must be one of its declared parameters."""
    if not isinstance(raw, dict):
        raise Problem(f"{what or 'this'} must be a mapping of keys, not {_kind_of(raw)}",
                      line_of(raw, default=refs.line))
    fields = {f.name: f for f in declared(cls)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ignore:
            continue
        line = line_of(raw, key, refs.line)
        if key not in fields:
            raise Problem(unknown_key(str(key), [*fields, *ignore]), line)
        f = fields[key]
        sub = Refs(refs.facts, refs.service_tags, refs.langs, line)
        try:
            values[key] = f.metadata["type"].convert(value, sub)
        except Problem as exc:
            exc.message = f"'{key}': {exc.message}"
            exc.line = exc.line or line
            raise
    for name, f in fields.items():
        if f.metadata["required"] and values.get(name) is None:
            raise Problem(f"missing '{name}' ({f.metadata['doc']})", line_of(raw, default=refs.line))
    return cls(**values)


def unknown_key(key: str, known: list[str] | tuple[str, ...]) -> str:
    """'unknown key ...' with the closest known key, or the list of known keys."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(sorted(known))})"
    return f"unknown key '{key}'{hint}"


def _kind_of(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__) \
        if value is not None else "nothing"


# -- basic types ---------------------------------------------------------------

def _int(value: Any, refs: Refs) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Problem(f"expected a whole number, got {_kind_of(value)} {value!r}")
    return value


def _float(value: Any, refs: Refs) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Problem(f"expected a number, got {_kind_of(value)} {value!r}")
    return float(value)


def _bool(value: Any, refs: Refs) -> bool:
    if not isinstance(value, bool):
        raise Problem(f"expected true or false, got {value!r}")
    return value


def _date(value: Any, refs: Refs) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise Problem(f"expected a date such as 2018-05-25, got {value!r}") from None


def _str(value: Any, refs: Refs) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem(f"expected a string, got {_kind_of(value)}")
    return value


def _texts(value: Any, refs: Refs) -> dict[str, str]:
    """A text in several languages: a mapping fi/sv/en -> string (a bare string is English)."""
    if isinstance(value, str):
        return {"en": value.strip()}
    if not isinstance(value, dict):
        raise Problem(f"expected a text or a mapping of fi/sv/en texts, got {_kind_of(value)}")
    out = {}
    for lang, text in value.items():
        if lang not in LANGS:
            raise Problem(unknown_key(str(lang), list(LANGS)), line_of(value, lang))
        if not isinstance(text, str):
            raise Problem(f"'{lang}': expected a text, got {_kind_of(text)}", line_of(value, lang))
        out[lang] = text.strip()
    return out


def _fact_name(value: Any, refs: Refs) -> str:
    name = _str(value, refs)
    refs.facts.append((name, refs.line))
    return name


def _fact_names(value: Any, refs: Refs) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise Problem("expected a fact name or a list of them")
    for n in names:
        refs.facts.append((n, refs.line))
    return tuple(names)


def _service_tag(value: Any, refs: Refs) -> str:
    tag = _str(value, refs)
    refs.service_tags.append((tag, refs.line))
    return tag


def _tags(value: Any, refs: Refs) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Problem("expected a list of tags")
    return tuple(value)


def choice(*options: str) -> Type:
    def convert(value: Any, refs: Refs) -> str:
        if value not in options:
            raise Problem(f"expected one of {', '.join(options)}, got {value!r}")
        return str(value)
    return Type(" or ".join(options), convert)


def _jurisdiction(value: Any, refs: Refs) -> str:
    from .jurisdiction import RULE_KEYS

    if value not in RULE_KEYS:
        raise Problem(f"unknown jurisdiction {value!r} (known: {', '.join(RULE_KEYS)}; "
                      "AX is Åland)", refs.line)
    return str(value)


def _jurisdictions(value: Any, refs: Refs) -> tuple[str, ...]:
    """A list of jurisdiction keys (FI, AX, SE, UK, EU, unknown)."""
    if not isinstance(value, list) or not value:
        raise Problem("expected a list of jurisdictions, e.g. [FI, AX, SE, UK, EU, unknown]",
                      refs.line)
    return tuple(_jurisdiction(v, refs) for v in value)


def _jurisdiction_texts(value: Any, refs: Refs) -> dict[str, dict[str, str]]:
    """A mapping jurisdiction -> text in fi/sv/en."""
    if not isinstance(value, dict) or not value:
        raise Problem("expected a mapping jurisdiction -> fi/sv/en texts, e.g. {SE: {sv: ...}}",
                      refs.line)
    out = {}
    for key, texts in value.items():
        line = line_of(value, key, refs.line)
        try:
            out[_jurisdiction(key, refs)] = _texts(texts, refs)
        except Problem as exc:
            raise Problem(f"{key}: {exc.message}", exc.line or line) from None
    return out


def _jurisdiction_vocabs(value: Any, refs: Refs) -> dict[str, Vocab]:
    """A mapping jurisdiction -> patterns."""
    if not isinstance(value, dict) or not value:
        raise Problem("expected a mapping jurisdiction -> patterns, e.g. {AX: {sv: [...]}}",
                      refs.line)
    out = {}
    for key, patterns in value.items():
        line = line_of(value, key, refs.line)
        try:
            out[_jurisdiction(key, refs)] = _vocab(patterns, Refs(refs.facts, refs.service_tags,
                                                                  refs.langs, line))
        except Problem as exc:
            raise Problem(f"{key}: {exc.message}", exc.line or line) from None
    return out


INT = Type("number", _int)
FLOAT = Type("number", _float)
BOOL = Type("true/false", _bool)
DATE = Type("date", _date)
TEXT = Type("text", _str)
TEXTS = Type("texts (fi/sv/en)", _texts)
FACT = Type("fact name", _fact_name)
FACTS = Type("fact name(s)", _fact_names)
SERVICE_TAG = Type("service tag", _service_tag)
TAGS = Type("list of tags", _tags)


# -- vocabulary ------------------------------------------------------------------

def _vocab(value: Any, refs: Refs) -> Vocab:
    """Words per language (``fi:``/``sv:``/``en:``) and raw regular expressions (``regex:``)."""
    if not isinstance(value, dict):
        raise Problem("give the patterns per language: fi:, sv: or en: lists of words "
                      "(or regex: for regular expressions)")
    entries: list[tuple[str, str, int]] = []  # (fi/sv/en or 'regex', text, line)
    for lang, items in value.items():
        if lang not in (*LANGS, "regex"):
            raise Problem(unknown_key(str(lang), [*LANGS, "regex"]), line_of(value, lang))
        for text, line in _strings(items, line_of(value, lang)):
            entries.append((lang, text, line))
    if not entries:
        raise Problem("no patterns given")
    sources = []
    for lang, text, line in entries:
        if lang == "regex":
            _check_regex(text, line)
            sources.append(text)
            continue
        try:
            sources.append(compile_words(text, lang))
        except WordSyntaxError as exc:
            raise Problem(str(exc), line) from None
        refs.langs.add(lang)
    return Vocab(tuple(sources), tuple(lang for lang, _, _ in entries))


def _strings(items: Any, line: int) -> Iterator[tuple[str, int]]:
    if isinstance(items, str):
        yield items, line
        return
    if not isinstance(items, list):
        raise Problem(f"expected a pattern or a list of patterns, got {_kind_of(items)}", line)
    for i, item in enumerate(items):
        if isinstance(item, list):  # a YAML alias of another list, e.g. [*historical, '...']
            yield from _strings(item, line_of(items, i, line))
            continue
        if not isinstance(item, str) or not item.strip():
            raise Problem(f"item {i + 1}: expected a pattern (text), got {_kind_of(item)}",
                          line_of(items, i, line))
        yield item, line_of(items, i, line)


def _check_regex(source: str, line: int) -> None:
    try:
        re.compile(source, FLAGS)
    except re.error as exc:
        raise Problem(f"invalid regular expression {source!r}: {exc}", line) from None
    if _backtracks(_sre_parser.parse(source)):
        raise Problem(f"regular expression {source!r} nests unbounded repetitions "
                      "(e.g. '(a+)+'), which can take exponential time; "
                      "rewrite it without a repeated group of repeats", line)


def _backtracks(seq: Any, inside_repeat: bool = False) -> bool:
    """An unbounded repeat inside a repeat that can run many times, with nothing that
    forces the repeated text apart ('(a+)+', '(\\w+\\s?)*'): catastrophic backtracking."""
    for op, av in seq:
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            _, hi, body = av
            if inside_repeat and hi == _sre.MAXREPEAT:
                return True
            many = hi > 10 and not _has_separator(body)
            if _backtracks(body, inside_repeat or many):
                return True
        elif op is _sre.SUBPATTERN:
            if _backtracks(av[3], inside_repeat):
                return True
        elif op is _sre.BRANCH:
            if any(_backtracks(b, inside_repeat) for b in av[1]):
                return True
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT) and _backtracks(av[1], inside_repeat):
            return True
    return False


def _has_separator(body: Any) -> bool:
    """A mandatory single literal character in a repeated body (the '.' of '(?:\\.\\w+)+')."""
    for op, av in body:
        if op is _sre.LITERAL:
            return True
        if op is _sre.SUBPATTERN and _has_separator(av[3]):
            return True
    return False


VOCAB = Type("patterns", _vocab)
JURISDICTIONS = Type("list of jurisdictions", _jurisdictions)
JURISDICTION_TEXTS = Type("jurisdiction -> texts (fi/sv/en)", _jurisdiction_texts)
JURISDICTION_VOCABS = Type("jurisdiction -> patterns", _jurisdiction_vocabs)

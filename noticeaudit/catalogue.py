"""Load and validate the rule catalogue (``rules/`` and the user's rule directories).

A rule file holds ``rules:`` (a list of rules) and may hold ``facts:`` (named
evidence specs that rules refer to), ``services:`` (third-party services with
aliases and tags) and ``texts:`` (shared message fragments in fi/sv/en). Every
key is declared (by the rule's kind, see :mod:`noticeaudit.registry`) and
validated at load: an unknown key, a wrong type, an invalid pattern, a
duplicate ID or an unknown fact is a :class:`CatalogueError` naming the file,
the line and the rule, never a silently different rule.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import kinds as _kinds  # noqa: F401 - registers the rule kinds
from .evidence import EvidenceSpec, evidence_spec
from .model import SEVERITIES
from .patterns import Vocab
from .registry import KINDS, Rule
from .ruleschema import (
    JURISDICTION_TEXTS,
    JURISDICTIONS,
    TEXTS,
    Problem,
    Refs,
    build,
    unknown_key,
    vocabularies,
)
from .yamlsource import Mapping, line_of
from .yamlsource import load as load_yaml

__all__ = ["Catalogue", "CatalogueError", "Rule", "check_rules", "load_catalogue"]

_ID = re.compile(r"^[A-Z]\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COMMON_KEYS = ("id", "name", "severity", "kind", "anchor", "message", "explanation", "suggestion",
               "suggestions", "jurisdictions", "examples", "tags")
SERVICE_KEYS = ("name", "aliases", "tags", "hosts", "cookies", "company", "country", "category",
                "source", "note")
FILE_KEYS = ("rules", "facts", "services", "texts")


class CatalogueError(Exception):
    """A rule file is malformed: ``file:line: RULE: problem``."""

    def __init__(self, path: str, line: int, rule: str | None, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {rule}: {message}" if rule else f"{where}: {message}")
        self.path, self.line, self.rule, self.problem = path, line, rule, message


@dataclass
class Catalogue:
    rules: dict[str, Rule]
    facts: dict[str, EvidenceSpec]
    services: list[dict[str, Any]]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)

    def select(self, select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
        """Rules whose ID starts with a selected prefix and with no ignored one."""
        chosen = []
        for rule in self.rules.values():
            if select and not any(rule.id.startswith(p) for p in select):
                continue
            if ignore and any(rule.id.startswith(p) for p in ignore):
                continue
            chosen.append(rule)
        return sorted(chosen, key=lambda r: r.id)

    def text(self, name: str, lang: str, **fmt: str) -> str:
        """A shared text (``texts:``) in ``lang`` (else English), formatted."""
        texts = self.texts.get(name, {})
        text = texts.get(lang) or texts.get("en") or ""
        return text.format(**fmt) if fmt else text

    def vocabularies(self) -> list[Vocab]:
        """Every compiled vocabulary of the rules and facts."""
        found = [v for r in self.rules.values() for v in vocabularies(r.params)]
        return found + [v for f in self.facts.values() for v in vocabularies(f)]

    def service_tags(self) -> set[str]:
        return {t for s in self.services for t in s.get("tags", [])}


def builtin_rules_dir() -> Path:
    """The shipped rules/ directory (package data when installed, the repo otherwise)."""
    try:
        path = Path(str(resources.files("noticeaudit.rulefiles")))
        if path.is_dir() and any(path.glob("*.yaml")):
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[1] / "rules"


def shown_path(path: Path) -> str:
    """A path as users should read it: relative to the working directory when below it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


class _Loader:
    """Reads rule files into a catalogue, collecting every problem."""

    def __init__(self) -> None:
        self.cat = Catalogue(rules={}, facts={}, services=[])
        self.problems: list[CatalogueError] = []
        self.refs: list[tuple[str, Refs]] = []  # (file, references to check at the end)
        self.fact_origin: dict[str, str] = {}

    def problem(self, path: str, line: int, rule: str | None, message: str) -> None:
        self.problems.append(CatalogueError(path, line, rule, message))

    def read_dir(self, directory: Path) -> None:
        if not directory.is_dir():
            self.problem(shown_path(directory), 0, None, "rule directory not found")
            return
        for path in sorted(directory.glob("*.y*ml")):
            self.read_file(path)

    def read_file(self, path: Path) -> None:
        shown = shown_path(path)
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            self.problem(shown, 0, None, "not UTF-8 text; save the rule file as UTF-8")
            return
        except OSError as exc:
            self.problem(shown, 0, None, f"cannot read: {exc.strerror or exc}")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.problem(shown, mark.line + 1 if mark else 0, None, f"not valid YAML: {reason}")
            return
        if data is None:
            return
        if not isinstance(data, Mapping):
            self.problem(shown, 1, None, "expected a mapping with 'rules:' (and 'facts:', "
                                         "'services:', 'texts:')")
            return
        for key in data:
            if key not in FILE_KEYS:
                self.problem(shown, data.line_of(key), None, _unknown_top(str(key)))
        self._facts(shown, data)
        self._services(shown, data)
        self._texts(shown, data)
        rules = data.get("rules") or []
        if not isinstance(rules, list):
            self.problem(shown, data.line_of("rules"), None, "'rules' must be a list of rules")
            return
        for i, raw in enumerate(rules):
            self._rule(shown, raw, line_of(rules, i))

    def _facts(self, shown: str, data: Mapping) -> None:
        facts = data.get("facts") or {}
        if not isinstance(facts, dict):
            self.problem(shown, data.line_of("facts"), None, "'facts' must be a mapping name -> spec")
            return
        for name, raw in facts.items():
            refs = Refs(line=line_of(facts, name))
            try:
                self.cat.facts[str(name)] = evidence_spec(raw, refs)
                self.fact_origin[str(name)] = f"{shown}:{line_of(facts, name)}"
                self.refs.append((shown, refs))
            except Problem as exc:
                self.problem(shown, exc.line or line_of(facts, name), f"fact {name}", exc.message)

    def _services(self, shown: str, data: Mapping) -> None:
        services = data.get("services") or []
        if not isinstance(services, list):
            self.problem(shown, data.line_of("services"), None, "'services' must be a list")
            return
        for i, svc in enumerate(services):
            line = line_of(services, i)
            if not isinstance(svc, dict) or not isinstance(svc.get("name"), str):
                self.problem(shown, line, None, "a service needs a 'name'")
                continue
            bad = [k for k in svc if k not in SERVICE_KEYS]
            aliases, tags = svc.get("aliases", []), svc.get("tags", [])
            if bad:
                self.problem(shown, line_of(svc, bad[0], line), f"service {svc['name']}",
                             unknown_key(str(bad[0]), SERVICE_KEYS))
            elif not (isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)):
                self.problem(shown, line_of(svc, "aliases", line), f"service {svc['name']}",
                             "'aliases' must be a list of names")
            elif not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
                self.problem(shown, line_of(svc, "tags", line), f"service {svc['name']}",
                             "'tags' must be a list")
            else:
                for alias in aliases:
                    if alias.startswith("re:"):
                        try:
                            re.compile(alias[3:])
                        except re.error as exc:
                            self.problem(shown, line_of(svc, "aliases", line), f"service {svc['name']}",
                                         f"invalid regular expression {alias[3:]!r}: {exc}")
                self.cat.services.append(dict(svc))

    def _texts(self, shown: str, data: Mapping) -> None:
        texts = data.get("texts") or {}
        if not isinstance(texts, dict):
            self.problem(shown, data.line_of("texts"), None, "'texts' must be a mapping name -> fi/sv/en")
            return
        for name, raw in texts.items():
            try:
                self.cat.texts[str(name)] = TEXTS.convert(raw, Refs(line=line_of(texts, name)))
            except Problem as exc:
                self.problem(shown, exc.line or line_of(texts, name), f"text {name}", exc.message)

    def _rule(self, shown: str, raw: Any, line: int) -> None:
        if not isinstance(raw, dict):
            self.problem(shown, line, None, "a rule must be a mapping with 'id', 'name', 'kind' ...")
            return
        rid = str(raw.get("id") or "?")
        where = line_of(raw, "id", line)

        def fail(message: str, key: str | None = None, at: int = 0) -> None:
            self.problem(shown, at or (line_of(raw, key, line) if key else where), rid, message)

        if not _ID.match(rid):
            return fail("'id' must be a letter and three digits, e.g. Q101", "id")
        if rid in self.cat.rules:
            return fail(f"duplicate ID: already defined at {self.cat.rules[rid].origin}", "id")
        for key in ("name", "severity", "kind", "message"):
            if raw.get(key) in (None, ""):
                return fail(f"missing '{key}'")
        if not isinstance(raw["name"], str) or not _NAME.match(raw["name"]):
            return fail("'name' must be kebab-case, e.g. fax-only-requests", "name")
        if raw["severity"] not in SEVERITIES:
            return fail(f"'severity' must be one of {', '.join(SEVERITIES)}", "severity")
        kind = KINDS.get(str(raw["kind"]))
        if kind is None:
            return fail(unknown_key(str(raw["kind"]), list(KINDS)).replace("unknown key", "unknown kind"),
                        "kind")
        refs = Refs(line=where)
        try:
            params: Any = build(kind.params, raw, refs, ignore=frozenset(COMMON_KEYS))
            texts = {k: TEXTS.convert(raw[k], Refs(line=line_of(raw, k, line))) if raw.get(k) else {}
                     for k in ("message", "suggestion", "explanation")}
            tags = raw.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise Problem("'tags' must be a list of words", line_of(raw, "tags", line))
            anchor = raw.get("anchor")
            if anchor is not None and not isinstance(anchor, str):
                raise Problem("'anchor' must be a text", line_of(raw, "anchor", line))
            examples = _examples(raw.get("examples"), line_of(raw, "examples", line))
            jurisdictions = JURISDICTIONS.convert(raw["jurisdictions"], Refs(
                line=line_of(raw, "jurisdictions", line))) if "jurisdictions" in raw else ()
            suggestions = JURISDICTION_TEXTS.convert(raw["suggestions"], Refs(
                line=line_of(raw, "suggestions", line))) if "suggestions" in raw else {}
            outside = [j for j in suggestions if jurisdictions and j not in jurisdictions]
            if outside:
                raise Problem(f"'suggestions': {outside[0]} is not one of the rule's "
                              f"jurisdictions ({', '.join(jurisdictions)})",
                              line_of(raw, "suggestions", line))
        except Problem as exc:
            return fail(exc.message, at=exc.line)
        for lang in sorted(refs.langs):
            for key in ("message", "suggestion"):
                if texts[key] and lang not in texts[key]:
                    return fail(f"'{key}' has no '{lang}' text, but the rule has {lang} patterns", key)
            for where, by_lang in suggestions.items():
                if lang not in by_lang:
                    return fail(f"'suggestions': {where} has no '{lang}' text, but the rule has "
                                f"{lang} patterns", "suggestions")
        self.refs.append((shown, refs))
        self.cat.rules[rid] = Rule(
            id=rid, name=raw["name"], severity=raw["severity"], kind=kind.name, anchor=anchor,
            message=texts["message"], suggestion=texts["suggestion"],
            explanation=texts["explanation"], params=params, examples=examples,
            tags=list(tags), origin=f"{shown}:{where}", jurisdictions=jurisdictions,
            suggestions=suggestions)

    def finish(self) -> None:
        """Check what rules refer to, now that every file is read."""
        tags = self.cat.service_tags()
        for shown, refs in self.refs:
            for name, line in refs.facts:
                if name not in self.cat.facts:
                    self.problem(shown, line, None, _unknown_name("fact", name, list(self.cat.facts)))
            for tag, line in refs.service_tags:
                if tag not in tags:
                    self.problem(shown, line, None, _unknown_name("service tag", tag, sorted(tags)))
        for rule in self.cat.rules.values():
            for name in KINDS[rule.kind].texts:
                if name not in self.cat.texts:
                    path, _, at = rule.origin.rpartition(":")
                    self.problem(path, int(at), rule.id, f"kind '{rule.kind}' needs the shared "
                                                          f"text '{name}' (texts:), which no rule file defines")
        # Problems of a rule are reported by the rule's file order.
        self.problems.sort(key=lambda p: (p.path, p.line))


def _examples(value: Any, line: int) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Problem("'examples' must be a mapping with 'counts' and 'does_not_count'", line)
    out = {}
    for key, items in value.items():
        if key not in ("counts", "does_not_count"):
            raise Problem(unknown_key(str(key), ("counts", "does_not_count")), line_of(value, key, line))
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise Problem(f"'examples.{key}' must be a list of texts", line_of(value, key, line))
        out[key] = list(items)
    return out


def _unknown_top(key: str) -> str:
    return unknown_key(key, FILE_KEYS)


def _unknown_name(what: str, name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f"unknown {what} '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")


def load_catalogue(extra_dirs: tuple[str, ...] = ()) -> Catalogue:
    """Built-in rules, then each extra directory; the first problem is a CatalogueError."""
    return _load(tuple(str(d) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[str, ...]) -> Catalogue:
    from . import catcache

    key = catcache.key([builtin_rules_dir(), *map(Path, extra_dirs)])
    cached = catcache.load(key) if key else None
    if cached is not None:
        return cached
    loader = _read(extra_dirs)
    if loader.problems:
        raise loader.problems[0]
    if key:
        catcache.store(key, loader.cat)
    return loader.cat


def _read(extra_dirs: tuple[str, ...]) -> _Loader:
    loader = _Loader()
    loader.read_dir(builtin_rules_dir())
    for directory in extra_dirs:
        loader.read_dir(Path(directory))
    loader.finish()
    return loader


def check_rules(extra_dirs: tuple[str, ...] = ()) -> tuple[Catalogue, list[CatalogueError]]:
    """Every problem of the built-in rules and ``extra_dirs`` (for ``rules --check``)."""
    loader = _read(tuple(str(d) for d in extra_dirs))
    return loader.cat, loader.problems


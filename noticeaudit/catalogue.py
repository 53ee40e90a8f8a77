"""Load the rule catalogue from YAML files (``rules/`` and extra directories).

A rule file holds ``rules:`` (a list of rules) and may hold ``facts:``
(named evidence specs that conditional rules refer to) and ``services:``
(third-party services, e.g. those that process data in the US). The format
is documented in the README; :func:`load_catalogue` validates the parts the
engine depends on and reports a file and rule by name when something is off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .model import SEVERITIES

_ID = re.compile(r"^[A-Z]\d{3}$")


class CatalogueError(Exception):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass
class Rule:
    id: str
    name: str
    severity: str
    kind: str
    anchor: str | None
    message: dict[str, str]
    suggestion: dict[str, str]
    explanation: dict[str, str]
    params: dict[str, Any]
    examples: dict[str, list[str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    origin: str = ""

    @property
    def family(self) -> str:
        return self.id[0]

    def text(self, field_name: str, lang: str) -> str:
        """A localised text: the language asked for, else English, else any."""
        texts: dict[str, str] = getattr(self, field_name)
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@dataclass
class Catalogue:
    rules: dict[str, Rule]
    facts: dict[str, dict[str, Any]]
    services: list[dict[str, Any]]

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


def builtin_rules_dir() -> Path:
    """The shipped rules/ directory (package data when installed, the repo otherwise)."""
    try:
        path = Path(str(resources.files("noticeaudit.rulefiles")))
        if path.is_dir() and any(path.glob("*.yaml")):
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[1] / "rules"


def _localised(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return {"en": value.strip()}
    return {k: str(v).strip() for k, v in value.items()}


def _load_file(path: Path, cat: Catalogue) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path}: cannot read rule file: {exc}") from None
    if not isinstance(data, dict):
        raise CatalogueError(f"{path}: expected a mapping with 'rules:'")
    for name, spec in (data.get("facts") or {}).items():
        cat.facts[name] = spec
    cat.services.extend(data.get("services") or [])
    for raw in data.get("rules") or []:
        rid = str(raw.get("id", ""))
        where = f"{path}: rule {rid or '?'}"
        if not _ID.match(rid):
            raise CatalogueError(f"{where}: id must be a letter and three digits")
        for key in ("name", "severity", "kind", "message"):
            if not raw.get(key):
                raise CatalogueError(f"{where}: missing '{key}'")
        if raw["severity"] not in SEVERITIES:
            raise CatalogueError(f"{where}: severity must be one of {', '.join(SEVERITIES)}")
        known = {"id", "name", "severity", "kind", "anchor", "message", "suggestion",
                 "explanation", "examples", "tags"}
        params = {k: v for k, v in raw.items() if k not in known}
        cat.rules[rid] = Rule(
            id=rid, name=raw["name"], severity=raw["severity"], kind=raw["kind"],
            anchor=raw.get("anchor"), message=_localised(raw["message"]),
            suggestion=_localised(raw.get("suggestion")),
            explanation=_localised(raw.get("explanation")), params=params,
            examples=raw.get("examples") or {}, tags=list(raw.get("tags") or []),
            origin=str(path))


def load_catalogue(extra_dirs: tuple[str, ...] = ()) -> Catalogue:
    """Built-in rules, then each extra directory (a later rule with the same ID wins)."""
    return _load(tuple(str(d) for d in extra_dirs))


@lru_cache(maxsize=8)
def _load(extra_dirs: tuple[str, ...]) -> Catalogue:
    cat = Catalogue(rules={}, facts={}, services=[])
    for directory in (builtin_rules_dir(), *map(Path, extra_dirs)):
        if not directory.is_dir():
            raise CatalogueError(f"{directory}: rule directory not found")
        for path in sorted(directory.glob("*.y*ml")):
            _load_file(path, cat)
    from .kinds import KINDS

    for rule in cat.rules.values():
        if rule.kind not in KINDS:
            raise CatalogueError(f"{rule.origin}: rule {rule.id}: unknown kind '{rule.kind}' "
                                 f"(known: {', '.join(sorted(KINDS))})")
    return cat

"""The services data (``services:`` in rules/*.yaml, plus ``--services FILE``) for site audits.

Each entry names a third-party service, how a notice may name it
(``name``, ``aliases``, ``company``), and how a browser sees it: ``hosts``
(a host or any subdomain of it) and ``cookies`` (names; a trailing ``*``
matches a prefix, e.g. ``_ga_*``). A host that matches no entry is an
unclassified third party, never a tracker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CATEGORIES = ("analytics", "advertising", "embedded", "chat", "consent", "functional")
TRACKING = frozenset({"analytics", "advertising"})  # S004/S005: needs consent
DISCLOSABLE = frozenset({"analytics", "advertising", "chat", "embedded"})  # S002
_LEGAL = re.compile(r",?\s+\b(?:Inc|LLC|Ltd|Limited|Oy|Oyj|AB|ApS|AS|A/S|GmbH|B\.V|BV|SE|SAS|S\.A|"
                    r"Corporation|Corp|Co|Ireland|Unlimited Company|Holdings?)\b\.?", re.I)


class ServicesError(Exception):
    """A services file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Service:
    name: str
    aliases: tuple[str, ...] = ()
    company: str | None = None
    country: str | None = None
    category: str = "functional"
    us_processing: bool = False
    hosts: tuple[str, ...] = ()
    cookies: tuple[str, ...] = ()
    source: str | None = None

    @property
    def company_short(self) -> str | None:
        """The company as a notice would name it: 'Google LLC' -> 'Google'."""
        if not self.company:
            return None
        short = _LEGAL.sub("", self.company).strip(" ,.")
        return short or None


def from_entry(entry: dict[str, Any], where: str) -> Service:
    if not isinstance(entry, dict) or not entry.get("name"):
        raise ServicesError(f"{where}: each service needs a 'name'")
    category = str(entry.get("category") or "functional")
    if category not in CATEGORIES:
        raise ServicesError(f"{where}: service {entry['name']!r}: category must be one of "
                            f"{', '.join(CATEGORIES)}")
    tags = entry.get("tags") or []
    return Service(
        name=str(entry["name"]), aliases=tuple(str(a) for a in entry.get("aliases") or []),
        company=entry.get("company"), country=entry.get("country"), category=category,
        us_processing="us-processing" in tags,
        hosts=tuple(str(h).lower().lstrip(".") for h in entry.get("hosts") or []),
        cookies=tuple(str(c) for c in entry.get("cookies") or []), source=entry.get("source"))


def load_file(path: str) -> list[Service]:
    """A user's own services list (same format as rules/services.yaml)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise ServicesError(f"{path}: cannot read services file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ServicesError(f"{path}: cannot read services file: {problem}{where}") from None
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise ServicesError(f"{path}: expected a mapping with 'services:' (a list)")
    return [from_entry(e, f"{path}: entry {i + 1}") for i, e in enumerate(data["services"])]


class Services:
    """Looks up the service of a host or a cookie name (the user's list first)."""

    def __init__(self, services: list[Service]) -> None:
        self.all = services
        self._hosts: dict[str, Service] = {}
        self._cookies: dict[str, Service] = {}
        self._prefixes: list[tuple[str, Service]] = []
        for s in services:
            for h in s.hosts:
                self._hosts.setdefault(h, s)
            for c in s.cookies:
                if c.endswith("*"):
                    self._prefixes.append((c[:-1], s))
                else:
                    self._cookies.setdefault(c, s)
        self._prefixes.sort(key=lambda p: -len(p[0]))

    def by_host(self, host: str) -> Service | None:
        """The service of ``host`` or of its nearest listed parent domain."""
        labels = host.lower().rstrip(".").split(".")
        for i in range(len(labels) - 1):
            found = self._hosts.get(".".join(labels[i:]))
            if found:
                return found
        return None

    def by_cookie(self, name: str) -> Service | None:
        found = self._cookies.get(name)
        if found:
            return found
        return next((s for prefix, s in self._prefixes if name.startswith(prefix)), None)


def load(catalogue_services: list[dict[str, Any]], extra: str | None = None) -> Services:
    """The built-in services (rules/*.yaml) and, first, the entries of ``extra``."""
    own = load_file(extra) if extra else []
    builtin = [from_entry(e, "services") for e in catalogue_services]
    return Services([*own, *builtin])

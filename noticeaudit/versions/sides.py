"""What ``diff`` accepts as a version, turned into a :class:`~.diff.Version`.

- a notice file or an http(s) URL: audited now (``pipeline.audit_source``);
- a JSON report saved by ``noticeaudit check --format json`` with one document:
  its findings and section headings (the text itself is not in a report, so
  section bodies, the text change and Q006 are not compared);
- ``STORE.sqlite#URL@N`` (version N), ``#URL@latest``, ``#URL@previous`` or
  ``#URL`` (latest): a version stored by ``watch`` or ``batch --store``, audited
  again from its stored bytes.

A side that cannot be used raises :class:`SideError` with the reason.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..catalogue import Catalogue, Rule
from ..model import Document, Finding, Location, Result, Section
from ..pipeline import Options, audit_loaded, audit_source
from ..sources import is_url
from .diff import Version
from .store import STORE_SUFFIXES, StoreError, VersionStore


class SideError(Exception):
    """The version cannot be read; the message says why (without the side's name)."""


def store_ref(spec: str) -> tuple[str, str, str] | None:
    """``FILE.sqlite#URL@N`` -> (file, url, 'N' | 'latest' | 'previous'); None if not a reference."""
    path, sep, ref = spec.partition("#")
    if not sep or Path(path).suffix.lower() not in STORE_SUFFIXES:
        return None
    url, at, which = ref.rpartition("@")
    if at and (which.isdigit() or which in ("latest", "previous")):
        return path, url, which
    return path, ref, "latest"


def _finding(d: dict[str, Any]) -> Finding:
    loc = d.get("location") or {}
    return Finding(
        rule=str(d["rule"]), name=str(d.get("name") or ""), severity=str(d["severity"]),
        message=str(d.get("message") or ""), gdpr=d.get("gdpr"),
        location=Location(**{k: loc.get(k) for k in Location.__dataclass_fields__}),
        excerpt=d.get("excerpt"), suggestion=d.get("suggestion"),
        details=list(d.get("details") or []))


def saved_report(path: str) -> Version | None:
    """A saved JSON report as a version; None when the file is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not (isinstance(data, dict) and "noticeaudit" in data and isinstance(data.get("documents"), list)):
        return None
    docs = data["documents"]
    if len(docs) != 1:
        raise SideError(f"the report holds {len(docs)} documents; diff compares one notice")
    d = docs[0]
    if d.get("error"):
        raise SideError(f"the report's document could not be audited: {d['error']}")
    try:
        findings = [_finding(f) for f in d.get("findings") or []]
        prints = [str(f["fingerprint"]) for f in d.get("findings") or []]
    except (KeyError, TypeError) as exc:
        raise SideError(f"not a noticeaudit report with fingerprints (missing {exc}); "
                        "save it again with this version's --format json") from None
    sections = [Section(heading=str(s.get("title") or ""), level=1, body="", index=i)
                for i, s in enumerate(d.get("sections") or [])]
    doc = Document(source=str(d.get("source")), format=str(d.get("format")), sections=sections,
                   title=d.get("title"))
    result = Result(str(d.get("source")), doc, findings, url=d.get("url"),
                    language=str(d.get("language") or "fi"), date=d.get("date"))
    return Version(path, result, prints, has_text=False)


def load_side(spec: str, catalogue: Catalogue, rules: list[Rule], options: Options) -> Version:
    """The version named by ``spec`` (see the module docstring), audited with ``rules``."""
    ref = store_ref(spec)
    if ref is not None:
        path, url, which = ref
        try:
            with VersionStore.open(path, create=False) as store:
                stored = store.get(url, which)
        except StoreError as exc:
            raise SideError(str(exc)) from None
        result = audit_loaded(stored.loaded(), catalogue, rules, options)
        if result.error:
            raise SideError(result.error)
        return Version.of(spec, result, fetched=stored.fetched)
    if not is_url(spec) and spec.lower().endswith(".json") and (saved := saved_report(spec)):
        return saved
    result = audit_source(spec, catalogue, rules, options)
    if result.error:
        raise SideError(result.error)
    return Version.of(spec, result)

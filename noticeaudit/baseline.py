"""Baselines: record today's findings once, then report only new ones.

A baseline file is JSON: ``version``, ``created`` and, per source, each
finding's rule, fingerprint (see :mod:`noticeaudit.fingerprint`: line numbers,
heading numbers, section order and line wrapping play no part, so text added
above a finding or renumbered sections do not make it new) and its excerpt
for the humans reviewing the file. Files of version 1 (fingerprints v1) are
still read and applied with v1 fingerprints. File paths are stored relative to
the baseline file, so a baseline works from any working directory.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import __version__
from .fingerprint import fingerprints, fingerprints_v1
from .model import Document, Finding, Result
from .sources import is_url

VERSION = 2
READABLE = (1, 2)
_FINGERPRINTS = {1: fingerprints_v1, 2: fingerprints}


class BaselineError(Exception):
    """The baseline file cannot be read or is not a noticeaudit baseline."""


def _key(source: str, base: Path) -> str:
    if source == "-" or is_url(source):
        return source
    return Path(os.path.relpath(os.path.abspath(source), base)).as_posix()


def _base(path: Path) -> Path:
    return Path(os.path.abspath(path)).parent


def write(path: Path, results: list[Result]) -> int:
    """Record every finding in ``results``; return how many were recorded."""
    base = _base(path)
    sources: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        sources[_key(r.source, base)] = [
            {"rule": f.rule, "name": f.name, "fingerprint": fp, "excerpt": f.excerpt}
            for f, fp in zip(r.findings, fingerprints(r.findings, r.document))]
    data = {"version": VERSION, "noticeaudit": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "sources": sources}
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return sum(len(v) for v in sources.values())


@dataclass(frozen=True)
class Baseline:
    """Known findings as (source, rule, fingerprint), sources relative to ``base``."""

    known: frozenset[tuple[str, str, str]]
    base: Path
    version: int = VERSION

    def _fingerprints(self, findings: list[Finding], document: Document | None) -> list[str]:
        return _FINGERPRINTS[self.version](findings, document)

    def apply(self, results: list[Result]) -> tuple[list[Result], int]:
        """``results`` without the known findings, and how many were left out."""
        kept: list[Result] = []
        suppressed = 0
        for r in results:
            key = _key(r.source, self.base)
            new = [f for f, fp in zip(r.findings, self._fingerprints(r.findings, r.document))
                   if (key, f.rule, fp) not in self.known]
            suppressed += len(r.findings) - len(new)
            kept.append(replace(r, findings=new))
        return kept, suppressed


def load(path: Path) -> Baseline:
    """Read a baseline written by :func:`write`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a noticeaudit baseline (invalid JSON: {exc})") from None
    sources = data.get("sources") if isinstance(data, dict) else None
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(sources, dict) or version not in READABLE:
        raise BaselineError(f"{path}: not a noticeaudit baseline (expected version "
                            f"{' or '.join(map(str, READABLE))} and 'sources'); "
                            "write one with --write-baseline")
    known: set[tuple[str, str, str]] = set()
    for source, entries in sources.items():
        for entry in entries if isinstance(entries, list) else [None]:
            if not (isinstance(entry, dict) and isinstance(entry.get("rule"), str)
                    and isinstance(entry.get("fingerprint"), str)):
                raise BaselineError(f"{path}: not a noticeaudit baseline (source {source!r}: "
                                    "each entry needs 'rule' and 'fingerprint')")
            known.add((source, entry["rule"], entry["fingerprint"]))
    return Baseline(frozenset(known), _base(path), version)

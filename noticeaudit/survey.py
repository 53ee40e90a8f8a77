"""Survey output of ``batch``: one row per source, in JSONL, CSV or SQLite.

The format follows the output's extension. Every row is flushed (JSONL, CSV)
or committed (SQLite) as soon as it is written, so an interrupted run (Ctrl-C,
SIGTERM, kill -9) loses nothing already written; a torn last line left by a
killed process is cut off when the file is opened again. Opening an existing
output lists the sources already there, which a rerun skips, and
:class:`Tally` turns the rows into the survey table: the share of audited
notices with each rule.
"""
from __future__ import annotations

import csv
import functools
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .catalogue import Rule
from .model import Result
from .report import summary
from .report.json import finding_dict

COLUMNS = ("source", "url", "status", "error", "format", "language",
           "error_count", "warning_count", "info_count", "rules", "findings")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
            ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}


class SurveyError(Exception):
    """The output cannot be opened, read or written; the message names it and says why."""


def row(result: Result) -> dict[str, Any]:
    """A result as one row (JSONL values; CSV and SQLite flatten the lists)."""
    counts = summary([result])
    doc = result.document
    return {
        "source": result.source,
        "url": result.url,
        "status": "failed" if result.error else "ok",
        "error": " ".join(result.error.split()) if result.error else None,
        "format": doc.format if doc else None,
        "language": result.language,
        "error_count": counts["error"],
        "warning_count": counts["warning"],
        "info_count": counts["info"],
        "rules": sorted({f.rule for f in result.findings}),
        "findings": [finding_dict(f) for f in result.findings],
    }


class Store(Protocol):
    def rows(self) -> Iterator[dict[str, Any]]:
        """Rows already in the output: source, status and rules (a list) at least."""

    def write(self, row: dict[str, Any]) -> None:
        """Append (and flush or commit) one row; a failure is a SurveyError."""

    def close(self) -> None: ...


def open_store(path: str) -> Store:
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise SurveyError(f"{path}: unknown output format; name it .jsonl, .csv or .sqlite")
    try:
        stores: dict[str, Callable[[Path], Store]] = {"jsonl": JsonlStore, "csv": CsvStore, "sqlite": SqliteStore}
        return stores[kind](Path(path))
    except (OSError, sqlite3.Error, csv.Error, ValueError) as exc:
        raise SurveyError(f"{path}: cannot use as survey output: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None


def _writes(write: Callable[[Any, dict[str, Any]], None]) -> Callable[[Any, dict[str, Any]], None]:
    """A full disk or a locked database stops the run with one plain reason."""
    @functools.wraps(write)
    def guarded(store: Any, row: dict[str, Any]) -> None:
        try:
            write(store, row)
        except (OSError, sqlite3.Error) as exc:
            raise SurveyError(f"{store.path}: cannot write: "
                              f"{getattr(exc, 'strerror', None) or exc}") from None
    return guarded


def _cut_torn_tail(path: Path) -> None:
    """Drop a last line without its newline: a row a killed process did not finish."""
    with path.open("r+b") as fh:
        end = fh.seek(0, os.SEEK_END)
        pos = end
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            block = fh.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                pos = pos - step + nl + 1
                break
            pos -= step
        if pos < end:
            fh.truncate(pos)


class JsonlStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            _cut_torn_tail(path)
        self.fh = path.open("a", encoding="utf-8")

    def rows(self) -> Iterator[dict[str, Any]]:
        with self.path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    data = json.loads(line)
                except ValueError:
                    continue  # damaged by hand: the source is audited again
                if isinstance(data, dict) and "source" in data:
                    yield data

    @_writes
    def write(self, row: dict[str, Any]) -> None:
        self.fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


class CsvStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        if path.exists():
            _cut_torn_tail(path)
        fresh = not path.exists() or path.stat().st_size == 0
        if not fresh:
            with path.open(encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
            if tuple(header) != COLUMNS:
                raise ValueError(f"its columns are not those of a noticeaudit survey "
                                 f"({', '.join(COLUMNS)})")
        self.fh = path.open("a", encoding="utf-8", newline="")
        self.writer = csv.writer(self.fh, lineterminator="\n")
        if fresh:
            self.writer.writerow(COLUMNS)
            self.fh.flush()

    def rows(self) -> Iterator[dict[str, Any]]:
        with self.path.open(encoding="utf-8", newline="") as fh:
            for data in csv.DictReader(fh):
                if data.get("source"):
                    yield {**data, "rules": (data.get("rules") or "").split()}

    @_writes
    def write(self, row: dict[str, Any]) -> None:
        self.writer.writerow(_flat(row)[k] for k in COLUMNS)
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


class SqliteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # safe against a killed process
        self.db.execute("CREATE TABLE IF NOT EXISTS results (source TEXT PRIMARY KEY, url TEXT, "
                        "status TEXT, error TEXT, format TEXT, language TEXT, "
                        "error_count INTEGER, warning_count INTEGER, info_count INTEGER, "
                        "rules TEXT, findings TEXT)")
        self.db.commit()

    def rows(self) -> Iterator[dict[str, Any]]:
        for source, status, rules in self.db.execute("SELECT source, status, rules FROM results"):
            yield {"source": source, "status": status, "rules": (rules or "").split()}

    @_writes
    def write(self, row: dict[str, Any]) -> None:
        flat = _flat(row)
        self.db.execute(f"INSERT OR REPLACE INTO results VALUES ({', '.join('?' * len(COLUMNS))})",
                        [flat[k] for k in COLUMNS])
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """CSV and SQLite cells: rule IDs space-separated, findings as a JSON array."""
    return {**row, "rules": " ".join(row["rules"]),
            "findings": json.dumps(row["findings"], ensure_ascii=False, separators=(",", ":"))}


@dataclass
class Tally:
    """Counts for the survey table, fed with every row of the output."""

    ok: int = 0
    failed: int = 0
    with_rule: Counter[str] = field(default_factory=Counter)

    def add(self, row: dict[str, Any]) -> None:
        if row.get("status") == "ok":
            self.ok += 1
            self.with_rule.update(set(row.get("rules") or []))
        else:
            self.failed += 1

    def table(self, ran: list[Rule], known: dict[str, Rule]) -> list[dict[str, Any]]:
        """One line per rule that ran or was found: notices with it and their share."""
        known = {**known, **{r.id: r for r in ran}}
        ids = {r.id for r in ran} | set(self.with_rule)
        lines = [{"rule": rid, "name": known[rid].name if rid in known else "",
                  "severity": known[rid].severity if rid in known else "",
                  "notices": self.with_rule[rid], "audited": self.ok,
                  "percent": round(100 * self.with_rule[rid] / self.ok, 1) if self.ok else 0.0}
                 for rid in ids]
        return sorted(lines, key=lambda x: (-x["notices"], x["rule"]))

"""Survey output of ``batch``: one row per source, in JSONL, CSV or SQLite.

The format follows the output's extension. Every row is flushed (JSONL, CSV)
or committed (SQLite) as soon as it is written, so an interrupted run (Ctrl-C,
SIGTERM, kill -9) loses nothing already written; a torn last row left by a
killed process (a CSV row may span lines: a source with a line break) is cut
off when the file is opened again. An output is held with an exclusive lock
while open, so two runs never write one file. Opening an existing output
lists the sources already there, which a rerun skips unless their row failed
for a transient reason (:func:`transient`): :meth:`Store.forget` drops those
rows first, so a source keeps one row. :class:`Tally` turns the rows into the
survey table: the share of audited notices with each rule.
"""
from __future__ import annotations

import csv
import functools
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from .catalogue import Rule
from .model import Result
from .report import summary
from .report.json import finding_dict

COLUMNS = ("source", "url", "status", "error", "format", "language",
           "error_count", "warning_count", "info_count", "rules", "findings")
# Failures worth another try on the next run: the messages of fetch.py for timeouts,
# refused connections and server errors.
_TRANSIENT = re.compile(r"(?:timed out|cannot connect|HTTP 5\d\d)\b")
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


def transient(row: dict[str, Any]) -> bool:
    """A failed row whose reason may pass: a timeout, a refused connection, a 5xx answer."""
    return row.get("status") != "ok" and bool(_TRANSIENT.match(row.get("error") or ""))


class Store(Protocol):
    def rows(self) -> Iterator[dict[str, Any]]:
        """Rows already in the output: source, status, error and rules (a list) at least."""

    def write(self, row: dict[str, Any]) -> None:
        """Append (and flush or commit) one row; a failure is a SurveyError."""

    def forget(self, sources: set[str]) -> None:
        """Remove the rows of ``sources`` (to audit them again)."""

    lock: IO[bytes] | None

    def close(self) -> None:
        """Close the output and release its lock."""


def open_store(path: str) -> Store:
    kind = SUFFIXES.get(Path(path).suffix.lower())
    if kind is None:
        raise SurveyError(f"{path}: unknown output format; name it .jsonl, .csv or .sqlite")
    lock = _lock(path)
    try:
        stores: dict[str, Callable[[Path], Store]] = {"jsonl": JsonlStore, "csv": CsvStore, "sqlite": SqliteStore}
        store = stores[kind](Path(path))
    except (OSError, sqlite3.Error, csv.Error, ValueError) as exc:
        lock.close()
        raise SurveyError(f"{path}: cannot use as survey output: "
                          f"{getattr(exc, 'strerror', None) or exc}") from None
    store.lock = lock  # released by close()
    return store


def _lock(path: str) -> IO[bytes]:
    """An exclusive lock on the output (created empty if need be), held while it is open."""
    try:
        fh = open(path, "ab")  # noqa: SIM115  # held open for the lock
    except OSError as exc:
        raise SurveyError(f"{path}: cannot use as survey output: {exc.strerror or exc}") from None
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here
        return fh
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise SurveyError(f"{path}: in use by another noticeaudit batch (the file is locked); "
                          "wait for it to finish or choose another --output") from None
    return fh


W = TypeVar("W")


def _writes(write: Callable[[Any, W], None]) -> Callable[[Any, W], None]:
    """A full disk or a locked database stops the run with one plain reason."""
    @functools.wraps(write)
    def guarded(store: Any, arg: W) -> None:
        try:
            write(store, arg)
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


def _compact(path: Path, records: Callable[[IO[bytes]], Iterator[tuple[int, int, str]]],
             drop: set[str]) -> None:
    """Rewrite the file in place (same inode: the lock stays) without the rows of ``drop``.

    ``records`` yields (start, end, source) byte ranges of the rows in order.
    """
    with path.open("rb") as reader, path.open("r+b") as writer:
        out = 0
        for start, end, source in records(reader):
            if source in drop:
                continue
            if start != out:
                # Kept rows only move towards the start: the reader is always ahead.
                with path.open("rb") as piece:
                    piece.seek(start)
                    data = piece.read(end - start)
                writer.seek(out)
                writer.write(data)
            out += end - start
        writer.truncate(out)


def _json_records(fh: IO[bytes]) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for line in fh:
        try:
            source = json.loads(line).get("source", "")
        except (ValueError, AttributeError):
            source = ""
        yield pos, pos + len(line), source
        pos += len(line)


def _csv_records(fh: IO[bytes]) -> Iterator[tuple[int, int, list[str] | None]]:
    """(start, end, fields) of every CSV record; fields None for a record torn at the end."""
    consumed = 0

    def lines() -> Iterator[str]:
        nonlocal consumed
        for raw in fh:
            consumed += len(raw)
            yield raw.decode("utf-8", "replace")

    reader = csv.reader(lines(), strict=True)
    start = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:  # the file ends inside a quoted field
            yield start, consumed, None
            return
        yield start, consumed, fields
        start = consumed


def _csv_rows(fh: IO[bytes]) -> Iterator[tuple[int, int, str]]:
    for start, end, fields in _csv_records(fh):
        yield start, end, fields[0] if fields else ""


def _cut_torn_record(path: Path) -> None:
    """Drop a last CSV record that a killed process did not finish (it may span lines)."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        ends_line = size == 0 or (fh.seek(size - 1) >= 0 and fh.read(1) == b"\n")
        fh.seek(0)
        good = 0
        for _, end, fields in _csv_records(fh):
            whole = fields is not None and len(fields) == len(COLUMNS) and (end < size or ends_line)
            if whole or end < size:  # only the last record can be torn
                good = end
        if good < size:
            fh.truncate(good)


class _Locked:
    lock: IO[bytes] | None = None  # set by open_store

    def release(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None


class JsonlStore(_Locked):
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

    @_writes
    def forget(self, sources: set[str]) -> None:
        self.fh.flush()
        _compact(self.path, _json_records, sources)

    def close(self) -> None:
        self.fh.close()
        self.release()


class CsvStore(_Locked):
    def __init__(self, path: Path) -> None:
        self.path = path
        csv.field_size_limit(2 ** 31 - 1)  # a row may hold thousands of findings
        fresh = not path.exists() or path.stat().st_size == 0
        if not fresh:
            with path.open(encoding="utf-8", newline="") as fh:
                header = next(csv.reader(fh), [])
            if tuple(header) != COLUMNS:
                raise ValueError(f"its columns are not those of a noticeaudit survey "
                                 f"({', '.join(COLUMNS)})")
            _cut_torn_record(path)
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

    @_writes
    def forget(self, sources: set[str]) -> None:
        self.fh.flush()
        _compact(self.path, _csv_rows, sources)

    def close(self) -> None:
        self.fh.close()
        self.release()


class SqliteStore(_Locked):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)
        columns = tuple(c[1] for c in self.db.execute("PRAGMA table_info(results)"))
        if columns and columns != COLUMNS:
            self.db.close()
            raise ValueError(f"its results table is not a noticeaudit survey's (columns "
                             f"{', '.join(columns)}; expected {', '.join(COLUMNS)})")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # safe against a killed process
        self.db.execute("CREATE TABLE IF NOT EXISTS results (source TEXT PRIMARY KEY, url TEXT, "
                        "status TEXT, error TEXT, format TEXT, language TEXT, "
                        "error_count INTEGER, warning_count INTEGER, info_count INTEGER, "
                        "rules TEXT, findings TEXT)")
        self.db.commit()

    def rows(self) -> Iterator[dict[str, Any]]:
        for source, status, error, rules in self.db.execute(
                "SELECT source, status, error, rules FROM results"):
            yield {"source": source, "status": status, "error": error,
                   "rules": (rules or "").split()}

    @_writes
    def forget(self, sources: set[str]) -> None:
        self.db.executemany("DELETE FROM results WHERE source = ?", [(s,) for s in sources])
        self.db.commit()

    @_writes
    def write(self, row: dict[str, Any]) -> None:
        flat = _flat(row)
        self.db.execute(f"INSERT OR REPLACE INTO results VALUES ({', '.join('?' * len(COLUMNS))})",
                        [flat[k] for k in COLUMNS])
        self.db.commit()

    def close(self) -> None:
        self.db.close()
        self.release()


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

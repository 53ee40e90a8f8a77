"""The SQLite version store of ``watch`` and ``batch --store``.

Table ``versions`` holds, per URL (as the user gave it), numbered versions
1, 2, 3 ... : when fetched, the HTTP status, the final URL, the bytes as
fetched (to audit again for ``diff``) with their hash, the hash of the
normalised notice text (:mod:`.normalise`), the notice's date, the finding
counts, the rules found and the audit result as JSON. Table ``checks`` logs
every fetch of every run (``runs``), changed or not, failed or not.

A version is added only when the normalised text differs from the URL's
latest version, decided and written in one ``BEGIN IMMEDIATE`` transaction:
two runs at once cannot both add the same version, and a run killed at any
point (kill -9 too) leaves every committed version intact and no half of one.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..model import Result
from ..report import summary
from ..sources import Loaded

STORE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
SCHEMA = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    url TEXT NOT NULL, n INTEGER NOT NULL, fetched TEXT NOT NULL, status INTEGER,
    final_url TEXT, suffix TEXT, media_type TEXT, charset TEXT,
    content BLOB NOT NULL, content_hash TEXT NOT NULL, text_hash TEXT NOT NULL,
    date TEXT, error_count INTEGER, warning_count INTEGER, info_count INTEGER,
    rules TEXT, result TEXT, PRIMARY KEY (url, n));
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, started TEXT NOT NULL, command TEXT);
CREATE TABLE IF NOT EXISTS checks (
    run INTEGER NOT NULL, url TEXT NOT NULL, fetched TEXT NOT NULL, status TEXT NOT NULL,
    error TEXT, version INTEGER, changed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS checks_run ON checks (run);
"""
_SUMMARY = ("url, n, fetched, status, final_url, content_hash, text_hash, date, "
            "error_count, warning_count, info_count, rules")


class StoreError(Exception):
    """The store cannot be opened or has no such version; the message names it and says why."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@dataclass
class StoredVersion:
    url: str
    n: int
    fetched: str
    status: int | None
    final_url: str | None
    content_hash: str
    text_hash: str
    date: str | None
    counts: dict[str, int]
    rules: list[str]
    content: bytes = b""
    suffix: str = ""
    media_type: str | None = None
    charset: str | None = None

    def loaded(self) -> Loaded:
        """The stored bytes, ready to parse and audit again."""
        return Loaded(self.url, self.content, self.suffix or "", self.media_type, self.charset,
                      url=self.final_url, status=self.status)

    @classmethod
    def _of(cls, row: sqlite3.Row) -> StoredVersion:
        keys = row.keys()
        return cls(row["url"], row["n"], row["fetched"], row["status"], row["final_url"],
                   row["content_hash"], row["text_hash"], row["date"],
                   {"error": row["error_count"], "warning": row["warning_count"],
                    "info": row["info_count"]},
                   (row["rules"] or "").split(),
                   **({"content": row["content"], "suffix": row["suffix"],
                       "media_type": row["media_type"], "charset": row["charset"]}
                      if "content" in keys else {}))


class VersionStore:
    """An open store; use as a context manager."""

    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: str, create: bool = True) -> VersionStore:
        if not create and not Path(path).is_file():
            raise StoreError(f"{path}: no such version store")
        try:
            db = sqlite3.connect(path, timeout=60, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_TABLES)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            schema = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot use as a version store: {exc}") from None
        if schema != str(SCHEMA):
            db.close()
            raise StoreError(f"{path}: version store schema {schema}, expected {SCHEMA}")
        return cls(db, path)

    def __enter__(self) -> VersionStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def start_run(self, command: str) -> int:
        try:
            cur = self.db.execute("INSERT INTO runs (started, command) VALUES (?, ?)",
                                  (now(), command))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot start a run: {exc}") from None
        return int(cur.lastrowid or 0)

    def add(self, run: int, url: str, loaded: Loaded, text_hash: str, result: Result,
            document: dict[str, Any]) -> int | None:
        """Store a new version of ``url`` unless its text is the latest one's; its number, or None."""
        fetched = now()
        counts = summary([result])
        rules = " ".join(sorted({f.rule for f in result.findings}))
        try:
            self.db.execute("BEGIN IMMEDIATE")
            latest = self.db.execute("SELECT n, text_hash FROM versions WHERE url = ? "
                                     "ORDER BY n DESC LIMIT 1", (url,)).fetchone()
            n = None
            if latest is None or latest["text_hash"] != text_hash:
                n = (latest["n"] if latest else 0) + 1
                self.db.execute(
                    "INSERT INTO versions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (url, n, fetched, loaded.status, loaded.url, loaded.suffix, loaded.media_type,
                     loaded.charset, loaded.data, sha256(loaded.data), text_hash,
                     result.date, counts["error"],
                     counts["warning"], counts["info"], rules,
                     json.dumps(document, ensure_ascii=False)))
            self.db.execute("INSERT INTO checks VALUES (?,?,?,?,?,?,?)",
                            (run, url, fetched, "ok", None,
                             n or (latest["n"] if latest else None), int(n is not None)))
            self.db.execute("COMMIT")
        except BaseException as exc:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: cannot store a version of {url}: {exc}") from None
            raise
        return n

    def failed(self, run: int, url: str, error: str) -> None:
        """Log a fetch or audit that failed (no version is stored)."""
        try:
            self.db.execute("INSERT INTO checks VALUES (?,?,?,?,?,?,?)",
                            (run, url, now(), "failed", error, None, 0))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot log the check of {url}: {exc}") from None

    def latest(self, url: str) -> StoredVersion | None:
        """The latest version of ``url`` (without its bytes), or None."""
        row = self.db.execute(f"SELECT {_SUMMARY} FROM versions WHERE url = ? ORDER BY n DESC "
                              "LIMIT 1", (url,)).fetchone()
        return StoredVersion._of(row) if row else None

    def history(self, url: str) -> list[StoredVersion]:
        rows = self.db.execute(f"SELECT {_SUMMARY} FROM versions WHERE url = ? ORDER BY n",
                               (url,)).fetchall()
        return [StoredVersion._of(r) for r in rows]

    def urls(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT url FROM versions ORDER BY url")]

    def get(self, url: str, which: str = "latest") -> StoredVersion:
        """Version N of ``url``, or its latest or previous one."""
        if which.isdigit():
            row = self.db.execute("SELECT * FROM versions WHERE url = ? AND n = ?",
                                  (url, int(which))).fetchone()
        else:
            offset = {"latest": 0, "previous": 1}[which]
            row = self.db.execute("SELECT * FROM versions WHERE url = ? ORDER BY n DESC "
                                  "LIMIT 1 OFFSET ?", (url, offset)).fetchone()
        if row is None:
            count = self.db.execute("SELECT COUNT(*) FROM versions WHERE url = ?", (url,)).fetchone()[0]
            have = f"it has {count} version{'s' * (count != 1)}" if count else "no versions of it"
            raise StoreError(f"{self.path}: no version {which} of {url} ({have})")
        return StoredVersion._of(row)

    def run_changes(self, run: int) -> list[tuple[StoredVersion, StoredVersion]]:
        """(previous, new) versions of the URLs that changed in ``run`` and had a version before."""
        rows = self.db.execute("SELECT url, version FROM checks WHERE run = ? AND changed = 1 "
                               "AND version > 1", (run,)).fetchall()
        return [(self.get(r["url"], str(r["version"] - 1)), self.get(r["url"], str(r["version"])))
                for r in rows]

"""A cache of the loaded rule catalogue, its prefilter data and compiled patterns.

Loading the catalogue reads and validates every rule file; the prefilter
reads the literals of every pattern; the first audit compiles the
vocabulary. All depend only on the rule files, noticeaudit's code and the
Python version, so the results are kept in one pickle per combination, in
``$NOTICEAUDIT_CACHE_DIR`` or else ``$XDG_CACHE_HOME/noticeaudit`` (default
``~/.cache/noticeaudit``). The key hashes: noticeaudit's version, the size
and modification time of each of its modules, the Python version, the
working directory (rule origins are shown relative to it), and the path and
full contents of every rule file read. Editing a rule file therefore makes a
new entry; a cache entry is never stale, only unused, and only the 8 most
recent entries are kept. Deleting the directory is always safe. The cache is
optional: an unreadable, unwritable (read-only home) or corrupt cache is
ignored, and ``NOTICEAUDIT_CACHE=off`` disables it. Compiled regular expressions would pickle as their source and be
compiled again, so the engine's programs of the patterns are kept instead
(:mod:`noticeaudit.rxcache`).
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, prefilter, rxcache
from .patterns import FLAGS, alternation, relaxed_source

if TYPE_CHECKING:
    from .catalogue import Catalogue

_PACKAGE = Path(__file__).resolve().parent
KEEP = 8  # entries kept (about 2.5 MB each)


def directory() -> Path | None:
    """Where cache entries live, or None when the cache is off."""
    if os.environ.get("NOTICEAUDIT_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("NOTICEAUDIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "noticeaudit"


def key(rule_dirs: Iterable[Path]) -> str | None:
    """The cache key of a catalogue read from ``rule_dirs`` (None: a file cannot be read)."""
    h = hashlib.sha256()
    for part in (__version__, sys.version, sys.implementation.cache_tag or "", os.getcwd()):
        h.update(part.encode() + b"\0")
    try:
        for module in sorted(_PACKAGE.rglob("*.py")):
            st = module.stat()
            h.update(f"{module.relative_to(_PACKAGE)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
        for folder in rule_dirs:
            h.update(f"dir:{folder.resolve()}\0".encode())
            for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else ():
                h.update(f"{path.name}\0".encode() + path.read_bytes() + b"\0")
    except OSError:
        return None
    return h.hexdigest()[:32]


def load(entry_key: str) -> Catalogue | None:
    """The cached catalogue for ``entry_key`` (its prefilter data and patterns put to
    use), or None."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(folder / f"catalogue-{entry_key}.pickle", "rb") as fh:
            catalogue, parts, programs = pickle.load(fh)
    except Exception:  # missing, unreadable, truncated, from an incompatible version
        return None
    prefilter.remember(parts)
    rxcache.remember(programs)
    return catalogue


def store(entry_key: str, catalogue: Catalogue) -> None:
    """Keep ``catalogue``, its prefilter data and compiled patterns under ``entry_key``
    if the cache directory is writable."""
    folder = directory()
    if folder is None:
        return
    from .engine import catalogue_sources

    sources = catalogue_sources(catalogue)
    parts = prefilter.table(sources)
    patterns = [(alternation(v.sources), FLAGS) for v in catalogue.vocabularies()]
    patterns += [(relaxed_source(part), re.MULTILINE) for s in sources for part, _ in parts[s]]
    value = (catalogue, parts, rxcache.table(dict.fromkeys(patterns)))
    with contextlib.suppress(Exception):  # read-only home, full disk, unpicklable value
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".catalogue-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"catalogue-{entry_key}.pickle")
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        _prune(folder)


def _prune(folder: Path) -> None:
    """Delete all but the most recent entries (a rule file edited often leaves old ones)."""
    entries = sorted(folder.glob("catalogue-*.pickle"), key=lambda p: p.stat().st_mtime,
                     reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()

"""Load sources: paths, directories and standard input, into bytes with a format.

Formats are recognised from the content first (an HTML page saved as .txt, a
PDF without an extension) and from the extension second. Text is decoded
robustly, by fixed rules rather than a charset detector whose guesses change
between its versions: UTF-8 (with or without BOM) or UTF-16, then
Windows-1252, which most older Finnish notices use, then UTF-8 with
Windows-1252 pieces pasted in, then Windows-1252 with a few unassigned bytes
replaced (counted in the JSON report as ``replaced_characters``). URLs are fetched by ``fetch.py`` into the same
:class:`Loaded` record, with the server's media type and charset.
"""
from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import SourceError

MAX_BYTES = 20 * 1024 * 1024
NOTICE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


@dataclass
class Loaded:
    source: str  # as given by the user
    data: bytes
    suffix: str = ""  # lower-case extension, "" when unknown
    media_type: str | None = None  # declared by a server, if any
    charset: str | None = None  # declared by a server, if any
    url: str | None = None  # the URL actually read (after redirects and discovery)
    status: int | None = None  # the HTTP status of a fetched source


@dataclass(frozen=True)
class FetchOptions:
    """Limits for fetching a URL source (``fetch.py``)."""

    timeout: float = 30.0  # seconds for the whole fetch, redirects included
    connect_timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024  # of the decompressed body
    max_redirects: int = 5
    resolve: tuple[tuple[str, str], ...] = ()  # --resolve HOST=ADDRESS pairs (hostmap.py)


def size_text(n: int) -> str:
    """A byte count as the size options write it (1 MB = 1024 kB = 1024 * 1024 bytes)."""
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.3g} {unit}" if value < 1000 else f"{value:,.0f} {unit}"
    return f"{n} bytes"


def _password(url: str) -> str:
    """The password in a URL's user information, as written ('' when none)."""
    netloc = urlsplit(url).netloc
    userinfo = netloc.rpartition("@")[0]
    return userinfo.partition(":")[2]


def redact(url: str) -> str:
    """``url`` with the password of ``user:password@`` replaced by ``***``."""
    return scrub(url, url)


def scrub(text: str, url: str) -> str:
    """``text`` (a message about ``url``) without the URL's password anywhere in it."""
    try:
        password = _password(url) if is_url(url) else ""
    except ValueError:
        return text
    return text.replace(f":{password}@", ":***@").replace(password, "***") if password else text


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand(sources: list[str]) -> Iterator[tuple[str, SourceError | None]]:
    """Yield each source to audit; a directory yields its notice files.

    A source that cannot be expanded yields (source, error).
    """
    for src in sources:
        if src == "-" or is_url(src):
            yield src, None
            continue
        path = Path(src)
        if path.is_dir():
            unreadable: list[OSError] = []
            files = sorted(p for p in _walk(path, unreadable)
                           if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES)
            if not files and not unreadable:
                yield src, SourceError("directory contains no notice files "
                                       f"({', '.join(sorted(NOTICE_SUFFIXES))})")
            for f in files:
                yield os.path.join(src, str(f.relative_to(path))), None
            for exc in unreadable:  # a folder skipped silently would shrink a survey unseen
                yield str(exc.filename), SourceError(f"cannot read directory: "
                                                     f"{exc.strerror or exc}")
        else:
            yield src, None


def _walk(root: Path, unreadable: list[OSError]) -> Iterator[Path]:
    """Files under ``root`` outside hidden folders; folders that cannot be read go to ``unreadable``."""
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                yield Path(folder) / name


def load_path(source: str, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read a file (or standard input for '-')."""
    if source == "-":
        try:
            if sys.stdin is None:  # started with standard input closed (<&-)
                raise OSError(9, "standard input is closed")
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read standard input: {getattr(exc, 'strerror', None) or exc}") \
                from None
        suffix = ""
    else:
        path = Path(source)
        if not path.exists():
            raise SourceError("no such file or directory")
        if not path.is_file():
            raise SourceError("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"file too large ({size_text(size)}; the limit is "
                              f"{size_text(max_bytes)})")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None
        suffix = path.suffix.lower()
    if len(data) > max_bytes:
        raise SourceError(f"input too large (more than {size_text(max_bytes)})")
    return Loaded(source, data, suffix)


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes; refuse binary data.

    A charset ``declared`` by a server is used when the bytes decode with it,
    except that valid UTF-8 beats a declared single-byte charset (servers
    often send a default ISO-8859-1 for UTF-8 pages). Otherwise the bytes are
    detected as for a file.
    """
    if not data.strip():
        raise SourceError("empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:8192]
    if b"\x00" in sample and (text := _utf16_without_bom(data)) is not None:
        return text
    if b"\x00" in sample or _control_ratio(sample) > 0.05:
        raise SourceError("binary data, not a text, HTML or PDF notice")
    if declared and (text := _declared(data, declared)) is not None:
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if _plausible(text):
            return text
    except UnicodeDecodeError:
        pass
    try:
        # UTF-8 with Windows-1252 pieces pasted in: each byte sequence that is
        # not UTF-8 is read as Windows-1252.
        text = data.decode("utf-8", errors=_CP1252_FALLBACK)
        if _plausible(text):
            return text
    except UnicodeDecodeError:
        pass
    # Windows-1252 with a few of its five unassigned bytes (0x81 0x8D 0x8F 0x90 0x9D), as
    # old editors leave them: those become U+FFFD, which the JSON report counts.
    unassigned = sum(data.count(b) for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
    if unassigned <= max(2, len(data) // 2000):
        text = data.decode("cp1252", errors="replace")
        if _plausible(text) and _latin(text):
            return text
    raise SourceError("undecodable bytes: not UTF-8, Windows-1252 or UTF-16")


def replaced(text: str, data: bytes) -> int:
    """How many characters decoding had to replace with U+FFFD (beyond those in the bytes)."""
    return max(0, text.count("\ufffd") - data.count("\ufffd".encode()))


def _declared(data: bytes, charset: str) -> str | None:
    """``data`` decoded with a declared charset, or None when the declaration is wrong."""
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding), ISO-8859-1 and ASCII labels mean Windows-1252.
    if codec in ("iso8859-1", "ascii"):
        codec = "cp1252"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if codec != "utf-8" and not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return text


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the offending bytes as Windows-1252 (strictly)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252"), exc.end


_CP1252_FALLBACK = "noticeaudit-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: Latin text has a NUL in every other byte."""
    sample = data[:8192]
    even, odd = sample[0::2], sample[1::2]
    for nuls, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls.count(0) >= 0.6 * len(nuls) and other.count(0) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if _control_ratio(text[:8192].encode("utf-8")) <= 0.05 else None
    return None


def _control_ratio(sample: bytes) -> float:
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(sample))


def _plausible(text: str) -> bool:
    """Windows-1252 decodes almost anything; accept it when the result reads like text."""
    odd = sum(1 for ch in text if ch in "ÃÂ\u0081\u008d\u008f\u0090\u009d" or "\x80" <= ch <= "\x9f")
    return odd <= max(2, len(text) // 500)


def _latin(text: str) -> bool:
    """Most letters are Latin (incl. accented Latin letters)."""
    letters = [ch for ch in text[:20000] if ch.isalpha()]
    return sum(1 for ch in letters if ch < "\u0250") >= 0.9 * len(letters)

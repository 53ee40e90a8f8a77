"""Load sources: paths, directories and standard input, into bytes with a format.

Formats are recognised from the content first (an HTML page saved as .txt, a
PDF without an extension) and from the extension second. Text is decoded
robustly: UTF-8 (with or without BOM) or UTF-16, then Windows-1252, which most
older Finnish notices use, then UTF-8 with Windows-1252 pieces pasted in, then
charset detection. URLs are fetched by ``fetch.py`` into the same
:class:`Loaded` record, with the server's media type and charset.
"""
from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .model import Document

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
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in NOTICE_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield src, SourceError("directory contains no notice files "
                                       f"({', '.join(sorted(NOTICE_SUFFIXES))})")
            for f in files:
                yield os.path.join(src, str(f.relative_to(path))), None
        else:
            yield src, None


def load_path(source: str, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read a file (or standard input for '-')."""
    if source == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        suffix = ""
    else:
        path = Path(source)
        if not path.exists():
            raise SourceError("no such file or directory")
        if not path.is_file():
            raise SourceError("not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"file too large ({size / 1e6:.1f} MB; the limit is "
                              f"{max_bytes / 1e6:.0f} MB)")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read: {exc.strerror or exc}") from None
        suffix = path.suffix.lower()
    if len(data) > max_bytes:
        raise SourceError(f"input too large (more than {max_bytes / 1e6:.0f} MB)")
    return Loaded(source, data, suffix)


def sniff(loaded: Loaded, text: str | None = None) -> str:
    """Return 'pdf', 'docx', 'html', 'markdown' or 'text'."""
    data = loaded.data
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or (loaded.media_type or "").startswith("application/pdf"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if loaded.suffix == ".docx" or b"word/" in data[:4096]:
            return "docx"
        raise SourceError("a ZIP archive, not a notice")
    if text is None:
        return "text"
    start = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<?xml")) or \
            (start.startswith("<") and any(t in start for t in ("<div", "<p>", "<p ", "<h1", "<h2",
                                                                  "<h3", "<section", "<article",
                                                                  "<dl", "<table", "<!--"))):
        return "html"
    if "html" in (loaded.media_type or ""):
        return "html"
    if loaded.suffix in (".html", ".htm"):
        return "html"
    if loaded.suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # Notices are in Finnish, Swedish or English: a guess that yields mostly
    # non-Latin letters (Cyrillic, CJK) is a guess on data that is not text.
    if best is None or not _latin(str(best)):
        raise SourceError("undecodable bytes: not UTF-8, Windows-1252 or any detectable encoding")
    return str(best)


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


def parse(loaded: Loaded) -> Document:
    """Parse a loaded source into a Document, whatever its format."""
    text: str | None = None
    if not loaded.data.strip():
        raise SourceError("empty file")
    fmt = sniff(loaded)
    if fmt == "text":
        text = decode(loaded.data, loaded.charset)
        fmt = sniff(loaded, text)
    if fmt == "pdf":
        from .parse.pdf import parse_pdf

        return parse_pdf(loaded.data, loaded.source)
    if fmt == "docx":
        from .parse.docx import parse_docx

        return parse_docx(loaded.data, loaded.source)
    assert text is not None
    if fmt == "html":
        from .parse.html import parse_html

        doc = parse_html(text, loaded.source)
    else:
        from .parse.text import parse_text

        doc = parse_text(text, loaded.source, markdown=fmt == "markdown")
    if not doc.text.strip():
        raise SourceError("no text found")
    return doc

"""Bounded decompression: no layer of a compressed body may grow past a byte limit.

A few hundred bytes of stacked gzip (``Content-Encoding: gzip, gzip, gzip``)
inflate to gigabytes in one call of a library decoder, so every layer here
is inflated in small steps (``zlib``'s ``max_length``) and counted: the HTTP
fetcher undoes Content-Encoding with :class:`Decoder`, and the PDF and .docx
parsers check a compressed stream's size with :func:`inflated_size` before
their libraries inflate it whole.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

from .errors import SourceError

STEP = 64 * 1024  # bytes of output per inflation step
# Content codings we undo ourselves; br and zstd are not requested (Accept-Encoding).
CODINGS = ("gzip", "x-gzip", "deflate", "identity")


class TooLarge(SourceError):
    """A layer inflated past the limit."""


class _Layer:
    """One Content-Encoding layer, inflated in steps of at most :data:`STEP` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        self.coding = coding
        self.limit = limit
        self.produced = 0
        self.first = True
        self.obj = self._new()

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(zlib.MAX_WBITS | 16 if "gzip" in self.coding else zlib.MAX_WBITS)

    def feed(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            data = chunk
            while data:
                try:
                    out = self.obj.decompress(data, STEP)
                except zlib.error as exc:
                    if self.coding == "deflate" and self.first:
                        # Some servers send raw deflate without the zlib header (as httpx allows).
                        self.obj = zlib.decompressobj(-zlib.MAX_WBITS)
                        self.first = False
                        continue
                    raise SourceError(f"could not decompress the response ({self.coding}: {exc})") \
                        from None
                self.first = False
                self.produced += len(out)
                if self.produced > self.limit:
                    raise TooLarge(f"{self.coding} layer inflates past the limit")
                if out:
                    yield out
                if self.obj.eof:
                    # Past the end of the stream, zlib keeps what follows in unused_data, or
                    # in unconsumed_tail when the last step stopped at STEP bytes of output.
                    rest = self.obj.unused_data or self.obj.unconsumed_tail
                    data = b""
                    if rest.strip(b"\0\r\n ") and "gzip" in self.coding:
                        data = rest  # the next member of a multi-member gzip
                        self.obj = self._new()
                else:
                    data = self.obj.unconsumed_tail


class Decoder:
    """Undo a Content-Encoding header's codings, each layer bounded by ``limit`` bytes.

    Raises :class:`SourceError` for a coding it does not know and :class:`TooLarge`
    when any layer would exceed ``limit``.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        unknown = [c for c in codings if c not in CODINGS]
        if unknown:
            raise SourceError(f"unsupported Content-Encoding {unknown[0]!r}")
        # The codings are listed in the order they were applied: undo the last first.
        self.layers = [_Layer(c, limit) for c in reversed(codings) if c != "identity"]

    def decode(self, raw: bytes) -> Iterator[bytes]:
        chunks: Iterable[bytes] = (raw,)
        for layer in self.layers:
            chunks = layer.feed(chunks)
        yield from chunks


def inflated_size(data: bytes, limit: int, wbits: int = zlib.MAX_WBITS) -> int | None:
    """The size ``data`` (one zlib stream) inflates to, or None when it is more than ``limit``.

    Corrupt data counts what inflated before the error: the caller's parser judges it.
    """
    obj = zlib.decompressobj(wbits)
    size = 0
    try:
        out = obj.decompress(data, STEP)
        size += len(out)
        # After the end of the stream the trailing bytes (a PDF's EOL before
        # 'endstream') can stay in unconsumed_tail: stop at eof, not when it empties.
        while obj.unconsumed_tail and not obj.eof and size <= limit:
            size += len(obj.decompress(obj.unconsumed_tail, STEP))
    except zlib.error:
        pass
    return size if size <= limit else None

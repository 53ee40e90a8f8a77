"""Bounded decompression ends at the end of a stream, whatever follows it."""
from __future__ import annotations

import gzip
import zlib

from noticeaudit.inflate import STEP, Decoder, inflated_size


def _zlib(data: bytes) -> bytes:
    c = zlib.compressobj()
    return c.compress(data) + c.flush()


def test_trailing_bytes_after_a_stream_that_fills_a_step_end_the_count() -> None:
    # A PDF stream: zlib data, then an end-of-line before 'endstream'. When the
    # output is exactly STEP bytes, zlib keeps the trailing bytes in unconsumed_tail.
    for size in (STEP, 2 * STEP, 10, STEP + 1):
        assert inflated_size(_zlib(b"x" * size) + b"\r\n", 10 * STEP) == size


def test_a_stream_over_the_limit_is_refused() -> None:
    assert inflated_size(_zlib(b"\0" * (3 * STEP)), STEP) is None


def test_content_encoding_with_trailing_bytes_after_the_end() -> None:
    for size in (STEP, 10):
        body = _zlib(b"y" * size) + b"\r\n"
        assert b"".join(Decoder("deflate", 10 * STEP).decode(body)) == b"y" * size


def test_multi_member_gzip_is_read_whole() -> None:
    body = gzip.compress(b"a" * STEP) + gzip.compress(b"b" * 10)
    assert b"".join(Decoder("gzip", 10 * STEP).decode(body)) == b"a" * STEP + b"b" * 10

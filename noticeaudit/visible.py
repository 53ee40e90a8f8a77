"""Make control characters visible before text reaches a terminal or a human-readable report.

Notice text, file names and server messages are untrusted: an ESC sequence
(``\\x1b[2J``, colours, OSC 8 hyperlinks), another C0 or C1 control, or a bidi
override (U+202E) in them must not act on the reader's terminal or reorder
what they read. Each such character is shown as one visible character of
its own, so that offsets into a text stay right: a C0 control as its
Unicode control picture (ESC as ``␛``), any other as ``�``; newline and
tab are kept, except in one-line messages
(:func:`one_line`), where they are escaped too. :func:`warn` writes such a
line to standard error, and :func:`emit` a report to standard output.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
from typing import NoReturn

import click

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control picture: ␛ for ESC, ␊ for a line feed
    return "\u2421" if code == 0x7f else "\ufffd"


def visible(text: str) -> str:
    """``text`` with every control character but newline and tab made visible (same length)."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` for a one-line message: newlines and tabs escaped too."""
    return _LINE_CONTROL.sub(_escape, text)


def warn(message: str) -> None:
    """One line on standard error: ``noticeaudit: message``, control characters escaped."""
    click.echo(f"noticeaudit: {one_line(message)}", err=True)


def emit(text: str) -> None:
    """Write ``text`` to standard output; a full disk or a closed pipe is one line and exit 2."""
    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except (OSError, ValueError) as exc:
        give_up_stdout(exc)


def give_up_stdout(exc: Exception) -> NoReturn:
    """Standard output cannot be written: one line, exit 2."""
    # Python would fail again flushing at exit, with a traceback: write there no more.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    warn(f"cannot write to standard output: {getattr(exc, 'strerror', None) or exc}")
    sys.exit(2)

"""A time budget for one source: past it, the audit is interrupted and the source fails.

CPython runs signal handlers between bytecodes, and the regular expression
engine checks for signals while it matches, so a ``SIGALRM`` timer
(``signal.setitimer``) interrupts even a catastrophically backtracking
pattern. ``check`` and each of ``batch``'s audit processes run the audit in
their main thread, where the timer can be armed; elsewhere (another thread,
Windows) the budget is not enforced.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_SECONDS = 120.0


class OverBudget(BaseException):
    """The source's time is up. A BaseException, so that the parsers'
    ``except Exception`` around library calls does not mistake it for a broken file."""


def reason(seconds: float) -> str:
    return f"not audited within {seconds:g} s (see --source-timeout)"


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in this block once ``seconds`` have passed."""
    if not seconds or not hasattr(signal, "setitimer") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

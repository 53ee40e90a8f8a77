"""The survey progress bar counts done, failed and in-flight sources and shows a rate."""
from __future__ import annotations

from noticeaudit.batch import Progress


def test_progress_counts_done_failed_and_in_flight() -> None:
    progress = Progress(10, show=True)
    with progress:
        progress.in_flight(4)
        progress.advance(False)
        progress.advance(True)
        assert progress.bar is not None
        fields = progress.bar.tasks[0].fields
        assert (fields["failed"], fields["flight"]) == (1, 4)
        assert progress.bar.tasks[0].completed == 2
    assert (progress.done, progress.failed) == (2, 1)


def test_progress_without_a_terminal_only_counts() -> None:
    progress = Progress(3, show=False)
    with progress:
        progress.in_flight(2)
        progress.advance(True)
    assert (progress.done, progress.failed, progress.bar) == (1, 1, None)

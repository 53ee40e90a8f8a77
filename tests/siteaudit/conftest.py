"""Fixtures for the site-audit tests: the loopback site and a browser check.

Browser tests need Debian's chromium (or ``NOTICEAUDIT_CHROMIUM``) and the
Playwright package; without them they skip with the reason.
"""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest

from noticeaudit.site.browser import BrowserError, chromium_path

from .sitefarm import SiteFarm


def _browser_missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "Playwright not installed (pip install 'noticeaudit[site]')"
    try:
        chromium_path()
    except BrowserError as exc:
        return str(exc)
    return None


MISSING = _browser_missing()
requires_browser = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


@pytest.fixture(scope="session")
def sitefarm() -> Iterator[SiteFarm]:
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                     "all_proxy"):
            mp.delenv(name, raising=False)
        mp.setenv("NO_PROXY", "127.0.0.1")
        farm = SiteFarm()
        yield farm
        farm.close()

"""Fixtures for the web tests: one farm of local servers for the session.

Everything is served from 127.0.0.1; proxies from the environment are
switched off so that no request leaves the machine.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from .pages import routes
from .server import Farm

HOSTS = 8


@pytest.fixture(scope="session")
def farm() -> Iterator[Farm]:
    with pytest.MonkeyPatch.context() as mp:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                     "all_proxy"):
            mp.delenv(name, raising=False)
        mp.setenv("NO_PROXY", "127.0.0.1")
        served = Farm(hosts=HOSTS)
        served.routes.update(routes())
        yield served
        served.close()


@pytest.fixture
def web(farm: Farm) -> Iterator[Farm]:
    """The farm with no latency and fresh statistics."""
    farm.reset()
    yield farm
    farm.reset()

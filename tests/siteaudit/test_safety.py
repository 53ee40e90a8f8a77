"""What the browser may not do: file: and private-network requests from a public site."""
from __future__ import annotations

import asyncio

import pytest

from noticeaudit.hostmap import HostMapError, chromium_rules, lookup, parse
from noticeaudit.site.browser import BrowserOptions, forbidden, is_local, open_context

from .conftest import requires_browser
from .sitefarm import SiteFarm


@pytest.mark.parametrize(("url", "allow_private", "blocked"), [
    ("file:///etc/passwd", True, True),
    ("file:///etc/passwd", False, True),
    ("http://192.168.1.1/admin", False, True),
    ("http://10.0.0.5/", False, True),
    ("http://[::1]:8080/", False, True),
    ("http://localhost:631/", False, True),
    ("http://169.254.169.254/latest/meta-data/", False, True),
    ("http://192.168.1.1/admin", True, False),
    ("https://www.example.fi/", False, False),
    ("data:text/plain,hello", False, False),
])
def test_forbidden_requests(url: str, allow_private: bool, blocked: bool) -> None:
    assert forbidden(url, allow_private) is blocked


def test_a_name_mapped_to_a_private_address_is_private() -> None:
    hosts = parse(["www.kuusisto.example=127.0.0.1:8443"])
    assert forbidden("https://www.kuusisto.example/", False, hosts)
    assert is_local("https://www.kuusisto.example/", hosts)
    assert not is_local("https://www.example.fi/", hosts)


def test_resolve_values() -> None:
    hosts = parse(["www.example.fi=10.0.0.5", "*=127.0.0.1:8443", "ip6.example=[::1]:9000"])
    assert lookup(hosts, "WWW.EXAMPLE.FI.") == ("10.0.0.5", None)
    assert lookup(hosts, "other.example") == ("127.0.0.1", 8443)
    assert lookup(hosts, "ip6.example") == ("::1", 9000)
    assert chromium_rules(hosts) == ("MAP www.example.fi 10.0.0.5, MAP ip6.example [::1]:9000, "
                                     "MAP * 127.0.0.1:8443")
    for bad in ("www.example.fi", "=1.2.3.4", "www.example.fi=server.local",
                "www.example.fi=1.2.3.4:99999", "bad host=1.2.3.4"):
        with pytest.raises(HostMapError):
            parse([bad])


@requires_browser
def test_the_browser_refuses_private_addresses_for_a_public_site(sitefarm: SiteFarm) -> None:
    async def visit() -> str:
        from playwright.async_api import async_playwright

        async with async_playwright() as pw, \
                open_context(pw, BrowserOptions(), allow_private=False) as context:
            page = await context.new_page()
            try:
                await page.goto(sitefarm.url)
            except Exception as exc:
                return str(exc)
            return "loaded"

    assert "ERR_BLOCKED_BY_CLIENT" in asyncio.run(visit())


"""Launch Debian's Chromium through Playwright, one fresh profile per visit.

Playwright is imported here and only here (``site`` command and
``batch --site``), so ``check`` never pays for it. The profile of each visit
is a new temporary directory whose preferences allow third-party cookies,
as a visitor's default browser stores them (Chromium started by automation
drops them otherwise). Downloads are refused, navigations to ``file:`` and
to private networks are blocked unless the audited site is itself local,
and the browser is closed however the visit ends.
"""
from __future__ import annotations

import ipaddress
import json
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..hostmap import HostMap, chromium_rules, lookup

if TYPE_CHECKING:
    from playwright.async_api import BrowserContext, Playwright, Route

MISSING = "site audit needs Chromium: apt-get install chromium, or set NOTICEAUDIT_CHROMIUM"
NO_PLAYWRIGHT = "site audit needs Playwright: pip install 'noticeaudit[site]'"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
# Allow third-party cookies, as a visitor's browser with default settings does.
PREFERENCES = {"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False,
                           "default_content_setting_values": {"cookies": 1}}}


class BrowserError(Exception):
    """No usable browser (Chromium or Playwright missing, or it failed to start)."""


def chromium_path() -> str:
    """``NOTICEAUDIT_CHROMIUM``, else Debian's chromium on PATH."""
    configured = os.environ.get("NOTICEAUDIT_CHROMIUM")
    if configured:
        if Path(configured).is_file() and os.access(configured, os.X_OK):
            return configured
        raise BrowserError(f"{MISSING} (NOTICEAUDIT_CHROMIUM={configured} is not an executable)")
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise BrowserError(MISSING)
    return found


@dataclass(frozen=True)
class BrowserOptions:
    resolve: HostMap = ()
    insecure: bool = False  # accept any TLS certificate (staging, test fixtures)
    page_timeout: float = 15.0  # seconds for one page to load
    executable: str | None = None  # default: chromium_path()
    # Where the profiles go: a directory the caller removes once the Playwright driver has
    # stopped, so that a profile survives no interruption (default: the system's temp dir).
    profiles: str | None = None


def _is_private(host: str, resolve: HostMap) -> bool:
    host = host.strip("[]").lower()
    target = lookup(resolve, host)
    if target is not None:
        host = target[0]
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: DNS decides (rebinding is not guarded against)
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved


def is_local(url: str, resolve: HostMap = ()) -> bool:
    """Whether ``url`` is on this machine or a private network (then private targets are allowed)."""
    return _is_private(urlsplit(url).hostname or "", resolve)


def forbidden(url: str, allow_private: bool, resolve: HostMap = ()) -> bool:
    """Requests the browser must not make: ``file:`` and, for a public site, private networks."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("file", "ftp", "chrome", "view-source"):
        return True
    if scheme not in ("http", "https", "ws", "wss"):
        return False  # data:, blob:, about: stay inside the page
    return not allow_private and _is_private(urlsplit(url).hostname or "", resolve)


@asynccontextmanager
async def open_context(pw: Playwright, options: BrowserOptions,
                       allow_private: bool) -> AsyncIterator[BrowserContext]:
    """A browser with a fresh profile; closed (and the profile removed) on any exit."""
    executable = options.executable or chromium_path()
    profile = Path(tempfile.mkdtemp(prefix="noticeaudit-chromium-", dir=options.profiles))
    try:
        (profile / "Default").mkdir()
        (profile / "Default" / "Preferences").write_text(json.dumps(PREFERENCES))
        args = list(FLAGS)
        if options.resolve:
            args.append(f"--host-resolver-rules={chromium_rules(options.resolve)}")
        try:
            context = await pw.chromium.launch_persistent_context(
                str(profile), executable_path=executable, headless=True, args=args,
                accept_downloads=False, ignore_https_errors=options.insecure,
                locale="fi-FI", timeout=options.page_timeout * 1000)
        except Exception as exc:
            raise BrowserError(f"Chromium did not start ({executable}): "
                               f"{str(exc).splitlines()[0]}") from None
        try:
            context.set_default_timeout(options.page_timeout * 1000)

            async def guard(route: Route) -> None:
                await route.abort("blockedbyclient")

            await context.route(lambda url: forbidden(url, allow_private, options.resolve), guard)
            yield context
        finally:
            await context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)

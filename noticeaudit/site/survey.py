"""``batch --site``: site audits of many home pages, a bounded number of browsers at once.

Each home page gets the audit of ``noticeaudit site`` (:func:`audit.audit_site`)
and one survey row (``survey.row``) plus the observed-service columns:
the services seen before consent, after accept and after reject, the
unclassified third-party hosts, and the consent platform. ``--browsers``
bounds the sites audited at once, and so the Chromium processes (a site's
three visits run one after the other, one browser each).
"""
from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
from collections.abc import Callable, Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..catalogue import Catalogue, Rule
from ..model import Result
from ..pipeline import Options
from ..survey import Store, Tally, row
from .audit import SiteOptions, audit_site
from .browser import NO_PLAYWRIGHT, BrowserError, BrowserOptions
from .observe import PHASES, ObserveOptions
from .services import Services

if TYPE_CHECKING:
    from ..batch import Progress

Runner = Callable[[list[str], Store, Tally, "Progress"], Coroutine[Any, Any, None]]


def site_row(result: Result) -> dict[str, Any]:
    """The survey row, plus what the browser observed (JSONL keeps every key)."""
    observed = result.observed or {}
    services = observed.get("services", [])
    extra: dict[str, Any] = {
        f"services_{phase.replace('-', '_')}": [s["name"] for s in services if phase in s["phases"]]
        for phase in PHASES}
    extra["unclassified_hosts"] = [u["host"] for u in observed.get("unclassified", [])]
    extra["banner"] = next((v["banner"] for v in observed.get("visits", []) if v.get("banner")),
                           None)
    return {**row(result), **extra}


def site_runner(catalogue: Catalogue, rules: list[Rule], services: Services, options: Options,
                site: SiteOptions, browsers: int) -> Runner:
    """The batch's run function for ``--site`` (same signature as ``Job.run``)."""
    async def run(todo: list[str], store: Store, tally: Tally, progress: Progress) -> None:
        try:
            from playwright.async_api import async_playwright
        except ImportError:
            raise BrowserError(NO_PLAYWRIGHT) from None
        with contextlib.suppress(NotImplementedError):
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGTERM, asyncio.current_task().cancel)  # type: ignore[union-attr]
        sites = asyncio.Semaphore(browsers)  # a site's visits run one after the other
        with tempfile.TemporaryDirectory(prefix="noticeaudit-", ignore_cleanup_errors=True) as root:
            browser = replace(site.observe.browser, profiles=root)
            each = replace(site, observe=replace(site.observe, browser=browser))

            async def one(url: str) -> None:
                async with sites:
                    try:
                        result = await audit_site(pw, url, catalogue, rules, services, options, each)
                    except BrowserError as exc:  # this site's browser did not start
                        result = Result(url, error=str(exc))
                    except Exception as exc:  # one site's bug must not stop the survey
                        result = Result(url, error=f"internal error ({type(exc).__name__}: {exc})")
                line = site_row(result)
                store.write(line)
                tally.add(line)
                progress.advance(line["status"] != "ok")

            async with async_playwright() as pw, asyncio.TaskGroup() as tasks:
                for url in todo:
                    tasks.create_task(one(url))

    return run


def make_runner(catalogue: Catalogue, rules: list[Rule], options: Options,
                site_opts: dict[str, Any]) -> Runner:
    """From ``batch``'s command-line values (see ``command.batch_site_options``)."""
    from .browser import chromium_path
    from .services import load

    host_map = site_opts["host_map"]
    services = load(catalogue.services, site_opts["services_file"])
    browser = BrowserOptions(host_map, site_opts["insecure"], site_opts["page_timeout"],
                             chromium_path())
    site = SiteOptions(ObserveOptions(browser, max_pages=site_opts["max_pages"],
                                      site_timeout=site_opts["site_timeout"]))
    options = replace(options, discover=True,
                      fetch=replace(options.fetch, resolve=host_map))
    return site_runner(catalogue, rules, services, options, site, site_opts["browsers"])

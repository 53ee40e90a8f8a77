"""One site audit: audit the notice, make the three visits, compare.

The notice goes through the ordinary pipeline (:func:`pipeline.audit_source`:
discovery from the home page, or ``--notice URL|FILE``), run in a thread
because it drives its own event loop; then the browser visits the site,
and :mod:`compare` raises S002-S006. The result is an ordinary
:class:`Result` whose ``observed`` holds the summary of what was seen.
"""
from __future__ import annotations

import asyncio
import signal
import tempfile
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..analyse import analyse
from ..catalogue import Catalogue, Rule
from ..engine import Context
from ..model import Document, Result
from ..pipeline import Options, audit_source
from .browser import NO_PLAYWRIGHT, BrowserError
from .classify import classify, observed_dict
from .compare import Notice, compare
from .observe import ObserveOptions, SiteError, observe
from .services import Services

if TYPE_CHECKING:
    from playwright.async_api import Playwright


@dataclass(frozen=True)
class SiteOptions:
    observe: ObserveOptions = field(default_factory=ObserveOptions)
    notice: str | None = None  # --notice URL|FILE; default: discovered from the home page


async def _notice(url: str, catalogue: Catalogue, rules: list[Rule], options: Options,
                  site: SiteOptions) -> Result:
    source = site.notice or url
    opts = replace(options, discover=site.notice is None)
    return await asyncio.to_thread(audit_source, source, catalogue, rules, opts)


async def audit_site(pw: Playwright, url: str, catalogue: Catalogue, rules: list[Rule],
                     services: Services, options: Options, site: SiteOptions) -> Result:
    """The notice's findings, the site findings and ``observed`` for the site at ``url``."""
    notice_result = await _notice(url, catalogue, rules, options, site)
    notice_ok = notice_result.document is not None and not notice_result.error and \
        not any(f.rule == "S001" for f in notice_result.findings)
    notice_url = notice_result.url if notice_ok else None
    try:
        obs = await observe(pw, url, notice_url, site.observe)
    except SiteError as exc:
        return Result(url, error=str(exc))
    found = classify(obs, services)
    doc = notice_result.document
    notice = None
    if notice_ok and doc is not None:
        analysis = analyse(doc, options.language)
        notice = Notice(Context(doc, analysis, catalogue, options.messages), catalogue, services)
    lang = notice_result.language if notice_ok and notice_result.language else \
        (options.language if options.language != "auto" else "en")
    if doc is None:  # no notice to show: a stand-in for the home page, as discovery's S001 has
        doc = Document(source=url, format="html", sections=[])
    site_findings = compare(found, notice, rules, lang, options.messages)
    observed = observed_dict(found)
    observed["notice"] = {"source": site.notice or notice_result.url,
                          "error": notice_result.error}
    return Result(url, doc, [*site_findings, *notice_result.findings],
                  url=notice_result.url, observed=observed, language=lang, date=notice_result.date)


def run_site(url: str, catalogue: Catalogue, rules: list[Rule], services: Services,
             options: Options, site: SiteOptions) -> Result:
    """:func:`audit_site` from synchronous code, with its own Playwright driver.

    SIGTERM cancels the audit like Ctrl-C does, so that the browser is closed
    on the way out (``asyncio.CancelledError`` or ``KeyboardInterrupt`` reach
    the caller afterwards).
    """
    async def main() -> Result:
        try:
            from playwright.async_api import async_playwright
        except ImportError:
            raise BrowserError(NO_PLAYWRIGHT) from None
        task = asyncio.current_task()
        if task is not None:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        # Removed after the driver stopped, when no browser can still be writing to it.
        with tempfile.TemporaryDirectory(prefix="noticeaudit-", ignore_cleanup_errors=True) as root:
            browser = replace(site.observe.browser, profiles=root)
            inside = replace(site, observe=replace(site.observe, browser=browser))
            async with async_playwright() as pw:
                return await audit_site(pw, url, catalogue, rules, services, options, inside)

    return asyncio.run(main())

"""Find the accept and reject buttons of a consent banner.

Our own selectors for the common consent platforms, then generic buttons
by their exact text in Finnish, Swedish and English. A button counts only
when it is visible; frames are searched too (some platforms put the banner
in an iframe). Nothing is guessed: no button found means the banner could
not be operated, and the caller says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from playwright.async_api import Frame, Locator, Page

Action = Literal["accept", "reject"]


@dataclass(frozen=True)
class Platform:
    name: str
    banner: str  # CSS of the banner's container (also pierces open shadow roots)
    accept: str
    reject: str


PLATFORMS = (
    Platform("Cookiebot", "#CybotCookiebotDialog",
             "#CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll, "
             "#CybotCookiebotDialogBodyButtonAccept",
             "#CybotCookiebotDialogBodyButtonDecline"),
    Platform("OneTrust", "#onetrust-banner-sdk, #onetrust-consent-sdk",
             "#onetrust-accept-btn-handler", "#onetrust-reject-all-handler"),
    Platform("CookieYes", ".cky-consent-container, #cookie-law-info-bar",
             ".cky-btn-accept, #cookie_action_close_header",
             ".cky-btn-reject, #cookie_action_close_header_reject"),
    Platform("Complianz", "#cmplz-cookiebanner-container, .cmplz-cookiebanner",
             ".cmplz-btn.cmplz-accept", ".cmplz-btn.cmplz-deny"),
    Platform("Didomi", "#didomi-notice, #didomi-host",
             "#didomi-notice-agree-button",
             "#didomi-notice-disagree-button, .didomi-continue-without-agreeing"),
    Platform("Usercentrics", "#usercentrics-root, #usercentrics-cmp-ui",
             "[data-testid='uc-accept-all-button'], #accept",
             "[data-testid='uc-deny-all-button'], #deny"),
    Platform("CookieScript", "#cookiescript_injected",
             "#cookiescript_accept", "#cookiescript_reject"),
    Platform("Cookie Information", "#coiOverlay, #cookie-information-template-wrapper",
             "#coiPage-1 .coi-banner__accept, button.coi-banner__accept",
             "#coiPage-1 .coi-banner__decline, button.coi-banner__decline"),
)

_WORDS: dict[Action, tuple[str, ...]] = {
    "accept": ("hyväksy kaikki", "hyväksy kaikki evästeet", "hyväksy evästeet", "hyväksy",
               "salli kaikki", "salli kaikki evästeet", "sallin", "ok, hyväksyn", "hyväksyn",
               "godkänn alla", "godkänn alla cookies", "acceptera alla", "acceptera",
               "tillåt alla", "tillåt alla cookies", "godkänn", "jag godkänner",
               "accept all", "accept all cookies", "accept cookies", "accept", "allow all",
               "allow all cookies", "i agree", "agree", "got it"),
    "reject": ("hylkää kaikki", "hylkää", "hylkää evästeet", "vain välttämättömät",
               "vain välttämättömät evästeet", "salli vain välttämättömät", "kiellä",
               "kiellä kaikki", "en hyväksy", "jatka hyväksymättä",
               "avvisa alla", "avvisa", "neka", "neka alla", "endast nödvändiga",
               "tillåt endast nödvändiga", "bara nödvändiga", "godkänn endast nödvändiga",
               "reject all", "reject", "reject all cookies", "decline", "decline all",
               "deny", "only necessary", "necessary only", "only essential",
               "use necessary cookies only", "continue without accepting"),
}


def _text_pattern(action: Action) -> re.Pattern[str]:
    words = sorted(_WORDS[action], key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(re.escape(w) for w in words) + r")\s*[.!]?\s*$", re.I)


_PATTERNS = {a: _text_pattern(a) for a in ("accept", "reject")}


@dataclass(frozen=True)
class Found:
    platform: str  # a platform's name, or "generic"
    locator: Locator


async def _first_visible(locator: Locator) -> Locator | None:
    for i in range(min(await locator.count(), 5)):
        candidate = locator.nth(i)
        try:
            if await candidate.is_visible():
                return candidate
        except Exception:  # detached while we looked
            continue
    return None


async def _in_frame(frame: Frame, action: Action) -> Found | None:
    for platform in PLATFORMS:
        if await frame.locator(platform.banner).count():
            hit = await _first_visible(frame.locator(getattr(platform, action)))
            if hit is not None:
                return Found(platform.name, hit)
    pattern = _PATTERNS[action]
    for role in ("button", "link"):
        hit = await _first_visible(frame.get_by_role(role, name=pattern))
        if hit is not None:
            return Found("generic", hit)
    return None


async def find(page: Page, action: Action) -> Found | None:
    """The visible button that gives (``accept``) or refuses (``reject``) consent."""
    for frame in page.frames:
        try:
            found = await _in_frame(frame, action)
        except Exception:  # a frame that went away while searched
            continue
        if found is not None:
            return found
    return None


async def platform_of(page: Page) -> str | None:
    """The consent platform whose banner is on the page, if one of ours."""
    for frame in page.frames:
        for platform in PLATFORMS:
            try:
                if await frame.locator(platform.banner).count():
                    return platform.name
            except Exception:
                continue
    return None

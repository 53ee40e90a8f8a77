"""The notice text that decides whether a fetched page is a new version.

The parser already leaves out the page around the notice (menus, banners,
footers). What is left is normalised so that only a change a reader would
see makes a new version: whitespace and line wrapping, tracking parameters
in links (utm_*, fbclid, gclid, session ids), and timestamps that pages put
next to the text ("Sivu ladattu 3.12.2026 klo 20.15", "generated 2026-12-03
20:15:33") are left out. The notice's own date ("Päivitetty 14.3.2024") is
kept: a moved date is a change worth keeping (``diff`` says when it is the
only one).
"""
from __future__ import annotations

import re

from ..dates import DATE
from ..model import Document

_TRACKING = re.compile(
    r"(?<=[?&])(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|_hs\w+|"
    r"sessionid|session_id|sid|phpsessid|jsessionid)=(?:[^&#\s.,;)]|[.,;](?=[^\s&#]))*&?",
    re.IGNORECASE)
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
# A date with a time of day is a timestamp; so is a time with seconds. Office hours
# ("klo 9.00–16.00") are neither and stay.
_TIMESTAMP = re.compile(
    r"\b(?:19|20)\d\d-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?"
    rf"|(?:{DATE.pattern})[ T,]*(?:klo\s*|kl\.?\s*|at\s*)?{_TIME}\b"
    rf"|\b\d{{1,2}}[:.]\d{{2}}[:.]\d{{2}}\b", re.IGNORECASE)
_EMPTY_QUERY = re.compile(r"[?&](?=[\s#)\]]|[.,;]?(?:\s|$))")


def normalise(text: str) -> str:
    """``text`` without timestamps, tracking parameters and layout whitespace."""
    text = _TIMESTAMP.sub(" ", text)
    text = _EMPTY_QUERY.sub("", _TRACKING.sub("", text))
    return " ".join(text.split())


def notice_text(doc: Document) -> str:
    """The normalised text of a parsed notice: each heading and body, one line each."""
    return "\n".join(normalise(part) for sec in doc.sections for part in (sec.heading, sec.body)
                     if part.strip())

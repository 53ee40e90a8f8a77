"""Kind ``site``: rules about a whole site (S001), raised outside any document.

Discovery (``noticeaudit/discover.py``) starts from a home page and reports
S001 itself when no notice link is found; inside one document there is
nothing for such a rule to check, so this kind finds nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Finding
from ..registry import Rule, kind
from .base import AuditContext


@dataclass(frozen=True)
class SiteParams:
    """No parameters."""


@kind("site", SiteParams, document_rule=False)
def site(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """A rule about the site around the notice; raised by discovery or site audits."""
    return []

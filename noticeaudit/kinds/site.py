"""Kind ``site``: rules about a whole site (S001), raised by discovery, not by a document.

Discovery (``noticeaudit/discover.py``) starts from a home page and reports
S001 itself when no notice link is found; inside one document there is
nothing for such a rule to check, so this kind finds nothing.
"""
from __future__ import annotations

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding


def site(ctx: Context, rule: Rule) -> list[Finding]:
    return []

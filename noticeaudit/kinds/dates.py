"""Kind ``notice-date``: the notice's own date is missing (``mode: missing``) or
earlier than ``before`` (``mode: before``, e.g. GDPR's 2018-05-25)."""
from __future__ import annotations

from datetime import date

from ..catalogue import Rule
from ..engine import Context
from ..model import Finding


def notice_date(ctx: Context, rule: Rule) -> list[Finding]:
    found = ctx.notice_date()
    mode = rule.params.get("mode", "missing")
    if mode == "missing":
        return [] if found else [ctx.finding(rule)]
    limit = date.fromisoformat(str(rule.params["before"]))
    if found and found.date < limit:
        return [ctx.finding(rule, (found.start, found.end), date=found.date.strftime("%d.%m.%Y"))]
    return []

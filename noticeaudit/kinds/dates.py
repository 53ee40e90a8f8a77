"""Kind ``notice-date``: the notice's own date is missing (``mode: missing``) or
earlier than ``before`` (``mode: before``, e.g. GDPR's 2018-05-25)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..model import Finding
from ..registry import Rule, kind
from ..ruleschema import DATE, Problem, choice, param
from .base import AuditContext


@dataclass(frozen=True)
class NoticeDateParams:
    mode: str = param(choice("missing", "before"), "missing",
                      "missing: the notice has no date of its own; before: its date is earlier than 'before'")
    before: datetime.date | None = param(DATE, doc="with mode 'before': the limit date, e.g. 2018-05-25")

    def __post_init__(self) -> None:
        if self.mode == "before" and self.before is None:
            raise Problem("mode 'before' needs 'before: YYYY-MM-DD'")


@kind("notice-date", NoticeDateParams)
def notice_date(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """The notice's own date: missing, or before a limit."""
    p: NoticeDateParams = rule.params
    found = ctx.notice_date()
    if p.mode == "missing":
        return [] if found else [ctx.finding(rule)]
    if found and p.before is not None and found.date < p.before:
        return [ctx.finding(rule, (found.start, found.end), date=found.date.strftime("%d.%m.%Y"))]
    return []

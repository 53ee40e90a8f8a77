"""Kind ``versions``: rules about two versions of a notice (Q006), raised by
``diff``, ``watch`` and ``batch --store`` (``noticeaudit/versions/diff.py``).

One document alone has nothing for such a rule to check, so the kind finds
nothing in a document; its examples are pairs of versions.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Finding
from ..registry import Rule, kind
from .base import AuditContext


@dataclass(frozen=True)
class VersionsParams:
    """No parameters."""


@kind("versions", VersionsParams, document_rule=False)
def versions(ctx: AuditContext, rule: Rule) -> list[Finding]:
    """A rule comparing two versions of a notice; raised by diff, watch and batch --store."""
    return []

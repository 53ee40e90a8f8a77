"""What a rule kind may use of the audit: a small protocol the engine implements.

Kinds depend on this protocol, not on the engine class, so the engine can
import the kinds without a cycle.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from ..evidence import Evidence, EvidenceSpec
from ..model import Document, Finding, Location
from ..registry import Rule


class NoticeDate(Protocol):
    date: date
    start: int
    end: int


class AuditContext(Protocol):
    doc: Document
    text: str
    sentences: list[tuple[int, int]]
    messages: str  # language of messages (fi/sv/en)
    jurisdiction: str  # the controller's jurisdiction key (FI, AX, SE, UK, EU, unknown)

    def evaluate(self, spec: EvidenceSpec) -> Evidence: ...
    def fact(self, name: str) -> Evidence: ...
    def fact_spec(self, name: str) -> EvidenceSpec: ...
    def say(self, name: str, **fmt: str) -> str: ...
    def sentence_at(self, offset: int) -> tuple[int, int]: ...
    def sentence_text(self, span: tuple[int, int]) -> str: ...
    def section_end(self, sec: Any) -> int: ...
    def finditer(self, rx: re.Pattern[str], sources: tuple[str, ...]) -> Iterable[tuple[int, re.Match[str]]]: ...
    def line_start(self, line: int) -> int: ...
    def notice_date(self) -> NoticeDate | None: ...
    def excerpt(self, span: tuple[int, int], width: int = 160) -> str: ...
    def where(self, loc: Location) -> str: ...
    def finding(self, rule: Rule, span: tuple[int, int] | None = None, *,
                details: list[str] | None = None,
                related: list[tuple[str, Location]] | None = None,
                location: Location | None = None, **fmt: str) -> Finding: ...

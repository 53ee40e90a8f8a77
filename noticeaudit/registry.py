"""The rule kinds and the compiled rule: what the catalogue builds and the engine runs.

This module depends on nothing else in noticeaudit, so the catalogue, the
kinds and the engine can all import it without a cycle. A kind registers
itself with :func:`kind`, declaring its parameters as a dataclass (see
:mod:`noticeaudit.ruleschema`); the catalogue builds each rule's ``params``
as an instance of that dataclass.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Kind:
    name: str
    params: type  # a frozen dataclass of declared parameters
    run: Callable[[Any, Rule], list[Any]]  # (audit context, rule) -> findings
    doc: str = ""
    texts: tuple[str, ...] = ()  # names of shared texts (texts:) the kind needs
    document_rule: bool = True  # false: raised outside a document (site, versions)


KINDS: dict[str, Kind] = {}

# Rule families by the ID's letter (spec/rules.md).
FAMILIES = {
    "M": "Missing information",
    "O": "Outdated references",
    "T": "Template leftovers",
    "C": "Contradictions",
    "Q": "Quality",
    "S": "Site",
}


def kind(name: str, params: type, *, texts: tuple[str, ...] = (),
         document_rule: bool = True) -> Callable[[Callable[[Any, Rule], list[Any]]], Callable[[Any, Rule], list[Any]]]:
    """Register a rule kind: ``@kind("phrase", PhraseParams)`` over ``def run(ctx, rule)``."""
    def register(run: Callable[[Any, Rule], list[Any]]) -> Callable[[Any, Rule], list[Any]]:
        KINDS[name] = Kind(name, params, run, (run.__doc__ or "").strip(), texts, document_rule)
        return run
    return register


@dataclass
class Rule:
    """One rule of the catalogue, compiled: its kind's parameters are typed."""

    id: str
    name: str
    severity: str
    kind: str
    anchor: str | None
    message: dict[str, str]
    suggestion: dict[str, str]
    explanation: dict[str, str]
    params: Any  # an instance of KINDS[kind].params
    examples: dict[str, list[str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    origin: str = ""  # file:line where the rule is defined
    # Jurisdiction keys (noticeaudit.jurisdiction.RULE_KEYS) the rule applies to; empty: all.
    jurisdictions: tuple[str, ...] = ()
    # Jurisdiction key -> fi/sv/en suggestion, in place of ``suggestion`` there.
    suggestions: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.id[0]

    def applies_in(self, jurisdiction: str) -> bool:
        """Whether the rule runs on a notice of this jurisdiction key."""
        return not self.jurisdictions or jurisdiction in self.jurisdictions

    def suggestion_for(self, jurisdiction: str | None, lang: str) -> str:
        """The suggestion for the notice's jurisdiction (else the general one) in ``lang``."""
        texts = self.suggestions.get(jurisdiction or "") or self.suggestion
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")

    def text(self, field_name: str, lang: str) -> str:
        """A localised text: the language asked for, else English, else any."""
        texts: dict[str, str] = getattr(self, field_name)
        return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")

    def finding(self, *, messages: str, notice_lang: str, location: Any = None,
                span: tuple[int, int] | None = None, excerpt: str | None = None,
                details: list[str] | None = None, related: list[Any] | None = None,
                jurisdiction: str | None = None, **fmt: str) -> Any:
        """This rule's Finding: the one factory for every finding (document or site).

        The message is in ``messages``, the suggestion in the notice's language
        (it is text to put into the notice) and for the controller's
        ``jurisdiction`` (a key of ``suggestions``, when the rule has one).
        """
        from .model import Finding, Location

        message = self.text("message", messages)
        return Finding(
            rule=self.id, name=self.name, severity=self.severity,
            message=message.format(**fmt) if fmt else message, gdpr=self.anchor,
            location=location or Location(), excerpt=excerpt,
            suggestion=self.suggestion_for(jurisdiction, notice_lang) or None,
            details=details or [], related=related or [], span=span)

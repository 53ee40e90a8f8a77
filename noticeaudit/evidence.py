"""Evidence specs: how a rule file describes an item to look for, and what a search finds.

An :class:`EvidenceSpec` is what `required` rules, the `claim` and `fact` of a
contradiction, and every named fact are made of (see README, "Rule format").
It is built from YAML by :func:`noticeaudit.ruleschema.build` at load time;
the engine searches a document for it and returns :class:`Evidence`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .patterns import Vocab
from .ruleschema import BOOL, FACT, INT, SERVICE_TAG, TEXTS, VOCAB, Problem, Refs, Type, build, param


@dataclass(frozen=True)
class Counter:
    """A look-alike: text that resembles the item but does not provide it."""

    pattern: Vocab = param(VOCAB, doc="the look-alike's patterns", required=True)
    why: dict[str, str] = param(TEXTS, doc="why it does not count (fi/sv/en), quoted in findings",
                                required=True)
    veto: bool = param(BOOL, True, "true: a sentence with it never counts; false: only quoted "
                                   "as a near miss")


def _counters(value: Any, refs: Refs) -> tuple[Counter, ...]:
    if not isinstance(value, list):
        raise Problem("expected a list of look-alikes (each with 'pattern' and 'why')")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):  # a bare pattern: a veto with no explanation
            raise Problem(f"item {i + 1}: a look-alike needs 'pattern' and 'why' "
                          "(why it does not count, quoted in findings)")
        out.append(build(Counter, item, refs, what="a look-alike"))
    return tuple(out)


@dataclass(frozen=True)
class EvidenceSpec:
    """Where and how an item is found in a notice."""

    headings: Vocab | None = param(VOCAB, doc="section headings where the item lives")
    heading_suffices: bool = param(BOOL, False, "a matching heading with a non-empty body is evidence")
    patterns: Vocab | None = param(VOCAB, doc="sentences (in any section body) that provide the item")
    section_patterns: Vocab | None = param(
        VOCAB, doc="sentences that count only under a matching heading ('10 vuotta' under 'Säilytysaika')")
    scope: Vocab | None = param(VOCAB, doc="search only under headings that match these")
    counter: tuple[Counter, ...] = param(Type("look-alikes", _counters), (),
                                         "look-alikes: 'pattern', 'why' (fi/sv/en), 'veto'")
    context: Vocab | None = param(VOCAB, doc="a hit counts only with one of these shortly before it")
    window: int = param(INT, 150, "how far before a hit 'context' may be, in characters")
    any: tuple[EvidenceSpec, ...] = param(Type("list of evidence specs", lambda v, r: _any(v, r)), (),
                                          "several specs, any of which gives evidence")
    fact: str | None = param(FACT, doc="the evidence of a named fact (facts:)")
    services: str | None = param(SERVICE_TAG, doc="mentions of services with this tag (services:)")

    @property
    def is_empty(self) -> bool:
        return not (self.headings or self.patterns or self.section_patterns or self.any
                    or self.fact or self.services)


def _any(value: Any, refs: Refs) -> tuple[EvidenceSpec, ...]:
    if not isinstance(value, list) or not value:
        raise Problem("expected a list of evidence specs")
    return tuple(evidence_spec(item, refs) for item in value)


def evidence_spec(value: Any, refs: Refs) -> EvidenceSpec:
    spec = build(EvidenceSpec, value, refs, what="an evidence spec")
    if spec.is_empty:
        raise Problem("says nothing to look for: give 'headings', 'patterns', 'any', "
                      "'fact' or 'services'")
    return spec


EVIDENCE = Type("evidence spec", evidence_spec)


@dataclass
class Evidence:
    """The outcome of searching a document for one item."""

    hits: list[tuple[int, int]] = field(default_factory=list)
    near: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.hits)

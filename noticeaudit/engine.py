"""The audit stage: run the rule catalogue over an analysed Document.

The engine owns what every rule kind shares: evidence search with the
compiled vocabulary and its prefilters, named facts (evaluated once per
document), service mentions, and turning a match into a located
:class:`Finding`. The kinds themselves live in ``noticeaudit/kinds`` and see
the engine through :class:`noticeaudit.kinds.base.AuditContext`.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from . import kinds as _kinds  # noqa: F401 - registers the rule kinds
from .analyse import Analysis
from .catalogue import Catalogue
from .dates import NoticeDate
from .evidence import Evidence, EvidenceSpec
from .filler import is_filler
from .locations import describe
from .model import SEVERITIES, Document, Finding, Location, Section
from .patterns import FLAGS, Vocab, relaxed_source, required_literals
from .prefilter import LiteralIndex, Prefilter, literal_index
from .registry import KINDS, Rule


@lru_cache(maxsize=1024)
def _service_pattern(services: tuple[tuple[str, tuple[str, ...]], ...]) -> re.Pattern[str] | None:
    """One pattern for many services; group ``s<i>`` names the i-th service."""
    parts = []
    for i, (name, aliases) in enumerate(services):
        alts = "|".join(r"(?<![@./])\b" + re.escape(a) if not a.startswith("re:") else a[3:]
                        for a in (name, *aliases))
        parts.append(f"(?P<s{i}>{alts})")
    return re.compile("|".join(parts), FLAGS) if parts else None


def _services(catalogue: Catalogue, tag: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((s["name"], tuple(s.get("aliases", []))) for s in catalogue.services
                 if tag in s.get("tags", []))


@lru_cache(maxsize=64)
def _service_literals(services: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[frozenset[str] | None, ...]:
    """Per service, lower-case strings one of which any mention contains (None: unknown)."""
    out: list[frozenset[str] | None] = []
    for name, aliases in services:
        found: set[str] = set()
        for alias in (name, *aliases):
            lits = required_literals(relaxed_source(alias[3:])) if alias.startswith("re:") \
                else frozenset({alias.lower()})
            if lits is None:
                break
            found |= lits
        else:
            out.append(frozenset(found))
            continue
        out.append(None)
    return tuple(out)


def _present(services: tuple[tuple[str, tuple[str, ...]], ...],
             lower: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The services the lower-cased text can mention (the combined pattern of all of them
    has no literal to search for, so each service is checked by its own)."""
    return tuple(s for s, lits in zip(services, _service_literals(services))
                 if lits is None or any(lit in lower for lit in lits))


_INDEXES: dict[int, tuple[Catalogue, LiteralIndex]] = {}


def _catalogue_index(catalogue: Catalogue) -> LiteralIndex:
    """The literal index of every regex source of a catalogue (its services too)."""
    got = _INDEXES.get(id(catalogue))
    if got is None or got[0] is not catalogue:
        got = _INDEXES[id(catalogue)] = (catalogue, literal_index(catalogue_sources(catalogue)))
    return got[1]


def catalogue_sources(catalogue: Catalogue) -> frozenset[str]:
    """Every regex source the engine searches with: the vocabularies' and the services'."""
    sources = {s for vocab in catalogue.vocabularies() for s in vocab.sources}
    for tag in catalogue.service_tags():
        rx = _service_pattern(_services(catalogue, tag))
        if rx is not None:
            sources.add(rx.pattern)
    return frozenset(sources)


class Context:
    """One document under audit, with what rules share (implements AuditContext)."""

    def __init__(self, doc: Document, analysis: Analysis, catalogue: Catalogue,
                 messages: str = "auto") -> None:
        self.doc = doc
        self.analysis = analysis
        self.text = doc.text
        self.catalogue = catalogue
        self.lang = analysis.language
        self.messages = self.lang if messages == "auto" else messages
        self.jurisdiction = analysis.jurisdiction.key
        self.sentences = analysis.sentences
        self._starts = analysis.sentence_starts
        self._heading_starts = {sec.heading_start for sec in doc.sections if sec.heading}
        self._facts: dict[str, Evidence] = {}
        self._lines = analysis.lines
        self._line_starts = analysis.line_starts
        self._prefilter = Prefilter(_catalogue_index(catalogue), analysis.lower, analysis.lower_lines,
                                    analysis.line_starts, analysis.sentences)
        self._headed_by: dict[Vocab, list[Section]] = {}
        self._ranges: dict[Vocab | None, list[tuple[int, int]]] = {}

    # -- text helpers ------------------------------------------------------
    def sentence_at(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.sentences[i][0] <= offset < self.sentences[i][1]:
            return self.sentences[i]
        line_start = self.text.rfind("\n", 0, offset) + 1
        line_end = self.text.find("\n", offset)
        return line_start, (line_end if line_end >= 0 else len(self.text))

    def sentence_text(self, span: tuple[int, int]) -> str:
        return self.text[span[0]:span[1]]

    def section_end(self, sec: Section) -> int:
        """End of a section's content in the text, its subsections included."""
        for later in self.doc.sections[sec.index + 1:]:
            if later.heading and later.level <= sec.level:
                return later.heading_start
        return len(self.text)

    def headed(self, heading_re: Vocab) -> list[Section]:
        """The sections whose heading matches ``heading_re`` (searched once per document)."""
        found = self._headed_by.get(heading_re)
        if found is None:
            found = self._headed_by[heading_re] = [
                sec for sec in self.doc.sections if sec.heading and heading_re.search(sec.heading)]
        return found

    def _scope_ranges(self, heading_re: Vocab | None) -> list[tuple[int, int]]:
        """Text ranges of the section bodies under headings that match (all when None),
        a matching section's subsections included; disjoint and in order."""
        cached = self._ranges.get(heading_re)
        if cached is not None:
            return cached
        ranges: list[tuple[int, int]] = []
        for sec in self.doc.sections if heading_re is None else self.headed(heading_re):
            end = self.section_end(sec) if heading_re is not None else sec.body_start + len(sec.body)
            if ranges and sec.body_start < ranges[-1][1]:
                continue  # already inside a matching ancestor
            ranges.append((sec.body_start, end))
        self._ranges[heading_re] = ranges
        return ranges

    def section_sentences(self, heading_re: Vocab | None,
                          among: set[int] | None = None) -> Iterable[tuple[int, int]]:
        """Body sentences under headings that match (of the whole notice when None),
        in order; ``among``: only these sentences (indices), the prefilter's candidates.

        A matching section's subsections are searched too. Heading lines are
        never body evidence: a heading counts only through an evidence spec's
        ``headings`` and only when something stands under it.
        """
        if among is not None and not among:
            return
        ranges = self._scope_ranges(heading_re)
        if among is not None:
            for i in sorted(among):
                start = self.sentences[i][0]
                r = bisect.bisect_right(ranges, (start, len(self.text) + 1)) - 1
                if r >= 0 and start < ranges[r][1] and start not in self._heading_starts:
                    yield self.sentences[i]
            return
        for start, end in ranges:
            i = bisect.bisect_left(self._starts, start)
            while i < len(self.sentences) and self.sentences[i][0] < end:
                if self.sentences[i][0] not in self._heading_starts:
                    yield self.sentences[i]
                i += 1

    # -- evidence ----------------------------------------------------------
    def evaluate(self, spec: EvidenceSpec) -> Evidence:
        """Search for an item described by an evidence spec (see README: rule format)."""
        if spec.fact is not None:
            return self.fact(spec.fact)
        if spec.services is not None:
            return self.service_mentions(spec.services)
        if spec.any:
            ev = Evidence()
            for part in spec.any:
                sub = self.evaluate(part)
                ev.hits += sub.hits
                ev.near += sub.near
                ev.searched += sub.searched
            ev.hits.sort()
            return ev
        ev = Evidence()
        headings = spec.headings
        if headings is not None:
            for sec in self.headed(headings):
                ev.searched.append(sec.heading)
                head_span = (sec.heading_start, sec.heading_start + len(sec.heading))
                body = self.text[sec.body_start:self.section_end(sec)]
                if self.is_blank(body):
                    ev.near.append((head_span, self.say("empty-section", h=sec.heading)))
                elif spec.heading_suffices:
                    veto = next((c.why for c in spec.counter if c.veto and c.pattern.search(body)), None)
                    if veto is None:
                        ev.hits.append(head_span)
                    else:
                        ev.near.append((head_span, self._why(veto)))
        searches: list[tuple[Vocab | None, Vocab | None]] = [(spec.patterns, spec.scope)]
        if headings is not None and spec.section_patterns is not None:
            searches.append((spec.section_patterns, headings))
        near_only = [c.pattern for c in spec.counter if not c.veto]
        for evidence, scope in searches:
            if evidence is None and not near_only:
                continue
            for span in self.section_sentences(scope, self._candidates([evidence, *near_only])):
                self._check_sentence(span, evidence, spec, ev)
        if spec.context is not None:
            # A hit counts only with the context shortly before it (a list's
            # intro "Keräämme seuraavat tiedot:" sits in an earlier sentence).
            ctx_rx = spec.context.rx
            ev.hits = [h for h in ev.hits
                       if ctx_rx.search(self.text, max(0, h[0] - spec.window), h[1])]
        return ev

    def _candidates(self, vocabs: list[Vocab | None]) -> set[int]:
        """Sentences (indices) where any of ``vocabs`` could match (a superset)."""
        found: set[int] = set()
        for vocab in vocabs:
            if vocab is not None:
                for source in vocab.sources:
                    found |= self._prefilter.sentences(source)
        return found

    def notice_date(self) -> NoticeDate | None:
        """The notice's own latest date."""
        return self.analysis.date

    def finditer(self, rx: re.Pattern[str], sources: tuple[str, ...]) -> Iterable[tuple[int, re.Match[str]]]:
        """(line index, match) for every match of ``rx`` within a line, scanning only
        lines where one of ``sources`` (the patterns ``rx`` alternates) can match;
        match offsets are relative to :meth:`line_start`."""
        lines: set[int] = set()
        for source in sources:
            lines |= self._prefilter.lines(source)
        for line in sorted(lines):
            for m in rx.finditer(self._lines[line]):
                yield line, m

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def is_blank(self, body: str) -> bool:
        """No content: nothing but whitespace, punctuation, markup, placeholders or
        filler text (lorem ipsum), which is never evidence (spec/rules.md)."""
        if is_filler(body):
            return True
        if len(body) > 300:
            return False  # long enough to hold more than a placeholder
        spec = self.catalogue.facts.get("placeholder")
        if spec is not None and spec.patterns is not None:
            body = spec.patterns.rx.sub(" ", body)
        return not re.search(r"\w", re.sub(r"<[^>]{1,200}>|&\w+;", " ", body))

    def _check_sentence(self, span: tuple[int, int], evidence: Vocab | None,
                        spec: EvidenceSpec, ev: Evidence) -> None:
        sent = self.sentence_text(span)
        m = evidence.search(sent) if evidence is not None else None
        for counter in spec.counter:
            if counter.pattern.search(sent):
                why = self._why(counter.why)
                # A veto look-alike came close only if it also looked like evidence.
                if (m is not None) == counter.veto and (span, why) not in ev.near:
                    ev.near.append((span, why))
                if counter.veto:
                    return
        if m is not None:
            ev.hits.append((span[0] + m.start(), span[0] + max(m.end(), m.start() + 1)))

    def _why(self, texts: dict[str, str]) -> str:
        return texts.get(self.messages) or texts.get("en") or next(iter(texts.values()), "")

    def say(self, name: str, **fmt: str) -> str:
        """A shared text of the rule files (``texts:``) in the message language."""
        return self.catalogue.text(name, self.messages, **fmt)

    def fact_spec(self, name: str) -> EvidenceSpec:
        return self.catalogue.facts[name]

    def fact(self, name: str) -> Evidence:
        if name not in self._facts:
            self._facts[name] = Evidence()  # guards against a fact that refers to itself
            self._facts[name] = self.evaluate(self.catalogue.facts[name])
        return self._facts[name]

    def service_mentions(self, tag: str) -> Evidence:
        """Mentions of catalogue services carrying ``tag`` (e.g. 'us-processing')."""
        key = f"services:{tag}"
        if key not in self._facts:
            ev = Evidence()
            rx = _service_pattern(_present(_services(self.catalogue, tag), self.analysis.lower))
            not_used = self.catalogue.facts.get("service-not-used")
            seen: set[str] = set()
            lines = self._prefilter.lines(rx.pattern) if rx is not None else set()
            for line in sorted(lines):
                start = self._line_starts[line]
                for m in rx.finditer(self._lines[line]):  # type: ignore[union-attr]
                    service = m.lastgroup or ""
                    at = start + m.start()
                    sentence = self.sentence_text(self.sentence_at(at))
                    if service not in seen and not (
                            not_used is not None and not_used.patterns is not None
                            and not_used.patterns.search(sentence)):
                        seen.add(service)
                        ev.hits.append((at, start + m.end()))
            ev.hits.sort()
            self._facts[key] = ev
        return self._facts[key]

    # -- findings ----------------------------------------------------------
    def where(self, loc: Location) -> str:
        """'line 12' / 'rivi 12' / 'sivu 2, rivi 3' in the message language."""
        return describe(loc, self.messages, column=False, section=False) or "?"

    def excerpt(self, span: tuple[int, int], width: int = 160) -> str:
        """The sentence around a span, trimmed to about ``width`` characters."""
        s, e = self.sentence_at(span[0])
        e = max(e, min(span[1], len(self.text)))
        if e - s > width:
            left = max(s, span[0] - width // 3)
            right = min(e, max(span[1], left + width))
            text = ("…" if left > s else "") + self.text[left:right].strip() + ("…" if right < e else "")
            return " ".join(text.split())
        return " ".join(self.text[s:e].split())

    def finding(self, rule: Rule, span: tuple[int, int] | None = None, *,
                details: list[str] | None = None,
                related: list[tuple[str, Location]] | None = None,
                location: Location | None = None, **fmt: str) -> Finding:
        loc = location or (self.doc.location(*span) if span else Location())
        finding: Finding = rule.finding(
            messages=self.messages, notice_lang=self.lang, location=loc, span=span,
            excerpt=self.excerpt(span) if span else None, details=details, related=related,
            jurisdiction=self.jurisdiction, **fmt)
        return finding


def audit(doc: Document, analysis: Analysis, catalogue: Catalogue, rules: list[Rule], *,
          messages: str = "auto") -> list[Finding]:
    """All findings of ``rules`` on an analysed ``doc``, in document order.

    A rule that declares jurisdictions runs only on notices of one of them.
    """
    ctx = Context(doc, analysis, catalogue, messages)
    findings: list[Finding] = []
    for rule in rules:
        if rule.applies_in(ctx.jurisdiction):
            findings.extend(KINDS[rule.kind].run(ctx, rule))
    findings.sort(key=lambda f: (f.span[0] if f.span else -1, SEVERITIES.index(f.severity), f.rule))
    return findings

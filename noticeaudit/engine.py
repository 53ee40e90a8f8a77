"""Run the rule catalogue over a Document.

The engine owns what every rule kind shares: compiled patterns, sentence
spans, named facts (evaluated once per document), and turning a match into a
located :class:`Finding`. The kinds themselves live in ``noticeaudit/kinds``.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .catalogue import Catalogue, Rule
from .model import SEVERITIES, Document, Finding, Location, Section
from .nlp import detect_language, sentences
from .patterns import FLAGS, compile_patterns, relaxed, required_literals, sources_of

_WHERE = {"en": ("page", "line"), "fi": ("sivu", "rivi"), "sv": ("sida", "rad")}
# A service named only to say it is not (or no longer) used is not a mention of use.
_NOT_USED = re.compile(
    r"\b(?:ei|emme|eivät|eikä)\s+(?:\w+\s+){0,3}(?:käytä|käytetä|hyödynnä|hyödynnetä|käytössä"
    r"|kerää|kerätä|siirrä|siirretä|luovuta|luovuteta|jaa|jaeta|lähetä|lähetetä)\b"
    r"|\b(?:aiemmin|aikaisemmin)\b|\blopetimme\b|\bluovuimme\b"
    r"|\banvänd(?:er|s)\s+inte\b|\binte\s+(?:\w+\s+)?använd\w*|\btidigare\b"
    r"|\b(?:do|does|did)\s+not\s+use\b|\bdon.t\s+use\b|\bnever\s+use\b|\bno\s+longer\b"
    r"|\b(?:earlier|previously|formerly)\b", re.IGNORECASE)


@lru_cache(maxsize=64)
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


@dataclass
class Evidence:
    """The outcome of searching a document for one item."""

    hits: list[tuple[int, int]] = field(default_factory=list)
    near: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    searched: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.hits)


class Context:
    """One document under audit, with what rules share."""

    def __init__(self, doc: Document, catalogue: Catalogue, messages: str = "auto") -> None:
        self.doc = doc
        self.text = doc.text
        self.catalogue = catalogue
        self.lang = doc.language
        self.messages = self.lang if messages == "auto" else messages
        self.sentences = sentences(self.text, self.lang if self.lang in ("fi", "sv", "en") else "fi")
        self._starts = [s for s, _ in self.sentences]
        self._heading_starts = {sec.heading_start for sec in doc.sections if sec.heading}
        self._facts: dict[str, Evidence] = {}
        self._lines = self.text.split("\n")
        self._line_starts = [0]
        for line in self._lines[:-1]:
            self._line_starts.append(self._line_starts[-1] + len(line) + 1)
        self._line_hits: dict[str, set[int]] = {}
        lower = self.text.lower()
        # Offsets must survive lower-casing ("İ" lower-cases to two characters).
        self._lower = lower if len(lower) == len(self.text) else \
            "".join(c.lower() if len(c.lower()) == 1 else c for c in self.text)
        self._lower_lines = self._lower.split("\n")
        self._notice_date: list[Any] = []

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

    def section_sentences(self, heading_re: re.Pattern[str] | None) -> Iterable[tuple[int, int]]:
        """Body sentences under headings that match (of the whole notice when None).

        A matching section's subsections are searched too. Heading lines are
        never body evidence: a heading counts only through an evidence spec's
        ``headings`` and only when something stands under it.
        """
        ranges: list[tuple[int, int]] = []
        for sec in self.doc.sections:
            if heading_re is not None and not (sec.heading and heading_re.search(sec.heading)):
                continue
            end = self.section_end(sec) if heading_re is not None else sec.body_start + len(sec.body)
            if ranges and sec.body_start < ranges[-1][1]:
                continue  # already inside a matching ancestor
            ranges.append((sec.body_start, end))
        for start, end in ranges:
            i = bisect.bisect_left(self._starts, start)
            while i < len(self.sentences) and self.sentences[i][0] < end:
                if self.sentences[i][0] not in self._heading_starts:
                    yield self.sentences[i]
                i += 1

    # -- evidence ----------------------------------------------------------
    def evaluate(self, spec: dict[str, Any]) -> Evidence:
        """Search for an item described by an evidence spec (see README: rule format)."""
        if "fact" in spec:
            return self.fact(spec["fact"])
        if "services" in spec:
            return self.service_mentions(spec["services"])
        if "any" in spec:
            ev = Evidence()
            for part in spec["any"]:
                sub = self.evaluate(part)
                ev.hits += sub.hits
                ev.near += sub.near
                ev.searched += sub.searched
            ev.hits.sort()
            return ev
        ev = Evidence()
        headings = compile_patterns(spec.get("headings"))
        counters = [(compile_patterns(c["pattern"] if isinstance(c, dict) else c),
                     c.get("why", {}) if isinstance(c, dict) else {},
                     c.get("veto", True) if isinstance(c, dict) else True)
                    for c in spec.get("counter") or []]
        if headings is not None:
            for sec in self.doc.sections:
                if not sec.heading or not headings.search(sec.heading):
                    continue
                ev.searched.append(sec.heading)
                head_span = (sec.heading_start, sec.heading_start + len(sec.heading))
                body = self.text[sec.body_start:self.section_end(sec)]
                if self.is_blank(body):
                    ev.near.append((head_span, self._why({
                        "en": "the section '{h}' is empty",
                        "fi": "osio '{h}' on tyhjä",
                        "sv": "avsnittet '{h}' är tomt"}, h=sec.heading)))
                elif spec.get("heading_suffices"):
                    veto = next((why for rx, why, v in counters if v and rx is not None
                                 and rx.search(body)), None)
                    if veto is None:
                        ev.hits.append(head_span)
                    else:
                        ev.near.append((head_span, self._why(veto)))
        context = compile_patterns(spec.get("context"))
        window = int(spec.get("window", 150))
        searches = [(compile_patterns(spec.get("patterns")), compile_patterns(spec.get("scope")))]
        if headings is not None and spec.get("section_patterns"):
            searches.append((compile_patterns(spec["section_patterns"]), headings))
        near_only = [rx for rx, _, veto in counters if not veto]
        for evidence, scope in searches:
            if evidence is None and not near_only:
                continue
            lines = self._candidate_lines([evidence, *near_only])
            for span in self.section_sentences(scope):
                if self._line_of(span[0]) in lines:
                    self._check_sentence(span, evidence, counters, ev)
        if context is not None:
            # A hit counts only with the context shortly before it (a list's
            # intro "Keräämme seuraavat tiedot:" sits in an earlier sentence).
            ev.hits = [h for h in ev.hits
                       if context.search(self.text, max(0, h[0] - window), h[1])]
        return ev

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def _candidate_lines(self, regexes: list[re.Pattern[str] | None]) -> set[int]:
        """Lines where any of ``regexes`` could match a sentence (a superset).

        A sentence lies within one line. For each pattern of the rule files,
        the lines holding one of the literals every match must contain are
        found by plain substring search and confirmed with the pattern's
        looser form on the lower-cased line; a pattern without such literals
        is scanned once, in its looser form, over the whole text.
        """
        found: set[int] = set()
        for rx in regexes:
            if rx is not None:
                for source in sources_of(rx):
                    found |= self._pattern_lines(source)
        return found

    def _pattern_lines(self, pattern: str) -> set[int]:
        hits = self._line_hits.get(pattern)
        if hits is not None:
            return hits
        loose = relaxed(pattern)
        literals = required_literals(loose.pattern)
        hits = set()
        if literals is None:
            for m in loose.finditer(self._lower):
                hits.update(range(self._line_of(m.start()),
                                  self._line_of(max(m.start(), m.end() - 1)) + 1))
        else:
            lines: set[int] = set()
            for lit in literals:
                at = self._lower.find(lit)
                while at >= 0:
                    line = self._line_of(at)
                    lines.add(line)
                    at = self._lower.find(lit, self._line_starts[line + 1]) \
                        if line + 1 < len(self._line_starts) else -1
            hits = {i for i in lines if loose.search(self._lower_lines[i])}
        self._line_hits[pattern] = hits
        return hits

    def notice_date(self):  # -> NoticeDate | None
        """The notice's own latest date (computed once)."""
        if not self._notice_date:
            from .dates import notice_date

            self._notice_date.append(notice_date(self.text))
        return self._notice_date[0]

    def finditer(self, rx: re.Pattern[str]) -> Iterable[tuple[int, re.Match[str]]]:
        """(line index, match) for every match of ``rx`` within a line, scanning only
        lines that can match; match offsets are relative to :meth:`line_start`."""
        for line in sorted(self._candidate_lines([rx])):
            for m in rx.finditer(self._lines[line]):
                yield line, m

    def line_start(self, line: int) -> int:
        return self._line_starts[line]

    def is_blank(self, body: str) -> bool:
        """No content: nothing but whitespace, punctuation, markup or placeholders."""
        if len(body) > 300:
            return False  # long enough to hold more than a placeholder
        placeholder = compile_patterns((self.catalogue.facts.get("placeholder") or {}).get("patterns"))
        if placeholder is not None:
            body = placeholder.sub(" ", body)
        return not re.search(r"\w", re.sub(r"<[^>]{1,200}>|&\w+;", " ", body))

    def _check_sentence(self, span: tuple[int, int], evidence: re.Pattern[str] | None,
                        counters: list, ev: Evidence) -> None:
        sent = self.sentence_text(span)
        m = evidence.search(sent) if evidence is not None else None
        for rx, why, veto in counters:
            if rx is not None and rx.search(sent):
                # A veto look-alike came close only if it also looked like evidence.
                if (m is not None) == veto and (span, self._why(why)) not in ev.near:
                    ev.near.append((span, self._why(why)))
                if veto:
                    return
        if m is not None:
            ev.hits.append((span[0] + m.start(), span[0] + max(m.end(), m.start() + 1)))

    def _why(self, texts: dict[str, str] | str, **fmt: str) -> str:
        if isinstance(texts, str):
            return texts
        text = texts.get(self.messages) or texts.get("en") or next(iter(texts.values()), "")
        return text.format(**fmt) if fmt else text

    def fact(self, name: str) -> Evidence:
        if name not in self._facts:
            spec = self.catalogue.facts.get(name)
            if spec is None:
                raise KeyError(f"unknown fact '{name}'")
            self._facts[name] = Evidence()  # guards against a fact that refers to itself
            self._facts[name] = self.evaluate(spec)
        return self._facts[name]

    def service_mentions(self, tag: str) -> Evidence:
        """Mentions of catalogue services carrying ``tag`` (e.g. 'us-processing')."""
        key = f"services:{tag}"
        if key not in self._facts:
            ev = Evidence()
            rx = _service_pattern(_services(self.catalogue, tag))
            seen: set[str] = set()
            for line in sorted(self._candidate_lines([rx])):
                start = self._line_starts[line]
                for m in rx.finditer(self._lines[line]):  # type: ignore[union-attr]
                    service = m.lastgroup or ""
                    at = start + m.start()
                    if service not in seen and \
                            not _NOT_USED.search(self.sentence_text(self.sentence_at(at))):
                        seen.add(service)
                        ev.hits.append((at, start + m.end()))
            ev.hits.sort()
            self._facts[key] = ev
        return self._facts[key]

    # -- findings ----------------------------------------------------------
    def where(self, loc: Location) -> str:
        """'line 12' / 'rivi 12' / 'sivu 2, rivi 3' in the message language."""
        words = _WHERE.get(self.messages, _WHERE["en"])
        parts = []
        if loc.page is not None:
            parts.append(f"{words[0]} {loc.page}")
        if loc.line is not None:
            parts.append(f"{words[1]} {loc.line}")
        return ", ".join(parts) or "?"

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
        msg = rule.text("message", self.messages)
        if fmt:
            msg = msg.format(**fmt)
        return Finding(
            rule=rule.id, name=rule.name, severity=rule.severity, message=msg,
            gdpr=rule.anchor, location=loc,
            excerpt=self.excerpt(span) if span else None,
            suggestion=rule.text("suggestion", self.lang) or None,
            details=details or [], related=related or [], span=span)


def audit(doc: Document, catalogue: Catalogue, rules: list[Rule], *, language: str = "auto",
          messages: str = "auto") -> list[Finding]:
    """All findings of ``rules`` on ``doc``, in document order."""
    from .kinds import KINDS

    doc.language = detect_language(doc.text) if language == "auto" else language
    ctx = Context(doc, catalogue, messages)
    if doc.date is None:
        found = ctx.notice_date()
        doc.date = found.date.isoformat() if found else None
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(KINDS[rule.kind](ctx, rule))
    findings.sort(key=lambda f: (f.span[0] if f.span else -1, SEVERITIES.index(f.severity), f.rule))
    return findings

"""One version of a notice against an earlier one: findings, sections, text and date.

Findings are matched by their version-2 fingerprint (rule, heading without
numbering, matched words: see :mod:`noticeaudit.fingerprint`). A matched pair
is *unchanged*, or *changed* when its message or excerpt differs; findings
left over with the same rule in the same section (numbering aside) pair up as
*changed* too (the same defect, different detail: another outdated address).
The rest are *new* or *fixed*.

The text counts as changed when a section's words (the notice's own date
masked) or the order of sections changed; renumbering alone is no change.
When the text changed and the notice's own date did not, the new version gets
finding Q006 date-not-updated (when the rule is selected).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalogue import Rule
from ..dates import notice_date, notice_dates
from ..fingerprint import fingerprints, heading_key, words
from ..model import Finding, Result
from .textdiff import SectionChange, SectionText, compare_sections, section_texts

STATES = ("new", "fixed", "changed", "unchanged")
SECTION_KINDS = ("added", "removed", "modified", "renumbered", "renamed", "moved")


@dataclass
class Version:
    """One side of a comparison: an audited notice (text known) or a saved report (not)."""

    label: str  # as given on the command line
    result: Result
    fingerprints: list[str]
    has_text: bool = True
    fetched: str | None = None  # stored versions: when fetched

    @classmethod
    def of(cls, label: str, result: Result, fetched: str | None = None) -> Version:
        return cls(label, result, fingerprints(result.findings, result.document), fetched=fetched)

    @property
    def date(self) -> str | None:
        return self.result.date

    def sections(self) -> list[SectionText]:
        doc = self.result.document
        if doc is None:
            return []
        if not self.has_text:  # a saved report: headings only
            return [SectionText(s.heading, "", heading_key(s.heading), (), (), heading_key(s.heading))
                    for s in doc.sections]
        return section_texts(doc, [(d.start, d.end) for d in notice_dates(doc.text)])


@dataclass
class FindingChange:
    state: str  # one of STATES
    finding: Finding  # the new version's finding (the old one's when fixed)
    before: Finding | None = None  # the old version's, for changed and unchanged
    fingerprint: str = ""


@dataclass
class VersionDiff:
    old: Version
    new: Version
    findings: list[FindingChange] = field(default_factory=list)
    sections: list[SectionChange] = field(default_factory=list)
    text_changed: bool | None = None  # None: a side is a saved report, its text unknown
    date_changed: bool = False

    def by_state(self, state: str) -> list[FindingChange]:
        return [c for c in self.findings if c.state == state]

    def sections_of(self, kind: str) -> list[SectionChange]:
        return [c for c in self.sections if kind in c.kinds]

    @property
    def only_date_changed(self) -> bool:
        return self.date_changed and self.text_changed is False

    def counts(self) -> dict[str, int]:
        return {state: len(self.by_state(state)) for state in STATES}


def _same_detail(a: Finding, b: Finding) -> bool:
    return a.message == b.message and words(a.excerpt) == words(b.excerpt)


def compare_findings(old: Version, new: Version) -> list[FindingChange]:
    """New findings (new/changed/unchanged) in the new version's order, then the fixed ones."""
    olds = dict(zip(old.fingerprints, old.result.findings))
    out: list[FindingChange | None] = []
    unmatched: list[tuple[int, Finding, str]] = []
    for f, fp in zip(new.result.findings, new.fingerprints):
        before = olds.pop(fp, None)
        if before is None:
            unmatched.append((len(out), f, fp))
            out.append(None)
        else:
            out.append(FindingChange("unchanged" if _same_detail(before, f) else "changed",
                                     f, before, fp))
    for at, f, fp in unmatched:
        place = (f.rule, heading_key(f.location.section))
        before_fp = next((ofp for ofp, o in olds.items()
                          if (o.rule, heading_key(o.location.section)) == place), None)
        if before_fp is None:
            out[at] = FindingChange("new", f, None, fp)
        else:
            out[at] = FindingChange("changed", f, olds.pop(before_fp), fp)
    return [c for c in out if c is not None] + \
        [FindingChange("fixed", o, None, ofp) for ofp, o in olds.items()]


def date_not_updated(rule: Rule, new: Result, messages: str = "auto") -> Finding:
    """Q006 on the new version, located at its date."""
    doc = new.document
    assert doc is not None
    found = notice_date(doc.text)
    notice_lang = new.language or "fi"
    day = found.date.strftime("%d.%m.%Y") if found else (new.date or "")
    span = (found.start, found.end) if found else None
    line_start = doc.text.rfind("\n", 0, span[0]) + 1 if span else 0
    line_end = doc.text.find("\n", span[1]) if span else -1
    finding: Finding = rule.finding(
        messages=notice_lang if messages == "auto" else messages, notice_lang=notice_lang,
        location=doc.location(*span) if span else doc.location(0), span=span,
        excerpt=" ".join(doc.text[line_start:line_end if line_end >= 0 else None].split())
        if span else None, date=day)
    return finding


def check_stored_date(rules: list[Rule], result: Result, earlier_date: str | None,
                      messages: str = "auto") -> bool:
    """For ``watch`` and ``batch --store``, whose new version's text differs from the stored
    one: add Q006 to ``result`` when its date is the earlier version's; whether it was added."""
    q006 = next((r for r in rules if r.id == "Q006"), None)
    doc = result.document
    if q006 is None or doc is None or result.date is None or result.date != earlier_date:
        return False
    result.findings.append(date_not_updated(q006, result, messages))
    return True


def compare(old: Version, new: Version, rules: list[Rule], messages: str = "auto") -> VersionDiff:
    """The whole comparison of ``new`` against ``old`` (both audited with ``rules``)."""
    diff = VersionDiff(old, new)
    old_sections, new_sections = old.sections(), new.sections()
    diff.sections = compare_sections(old_sections, new_sections)
    diff.date_changed = old.date != new.date
    if old.has_text and new.has_text:
        diff.text_changed = [s.content for s in old_sections] != [s.content for s in new_sections]
        q006 = next((r for r in rules if r.id == "Q006"), None)
        if q006 is not None and diff.text_changed and new.date is not None \
                and new.date == old.date:
            finding = date_not_updated(q006, new.result, messages)
            new.result.findings.append(finding)
            new.fingerprints = fingerprints(new.result.findings, new.result.document)
    diff.findings = compare_findings(old, new)
    return diff

"""The analyse stage: what every rule needs to know about a parsed notice, computed once.

``analyse(document) -> Analysis``: the notice's language, its sentences, an
index of its lines (original and lower-cased, for the pattern prefilters), its
own dates and the controller's jurisdiction (:mod:`noticeaudit.jurisdiction`).
The Document is never changed; rules read the Analysis.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .dates import NoticeDate, notice_date
from .jurisdiction import Jurisdiction, detect, fixed
from .model import Document
from .nlp import detect_language, sentences

LANGUAGES = ("fi", "sv", "en")


@dataclass
class Analysis:
    """Language, sentences, line index, dates and jurisdiction of one notice."""

    language: str
    sentences: list[tuple[int, int]]  # character spans in Document.text, in order
    lines: list[str]
    line_starts: list[int]
    lower: str  # the text lower-cased, with the same offsets
    date: NoticeDate | None  # the notice's own latest date
    sentence_starts: list[int] = field(default_factory=list)
    lower_lines: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction = field(default_factory=Jurisdiction)

    def __post_init__(self) -> None:
        self.sentence_starts = [s for s, _ in self.sentences]
        self.lower_lines = self.lower.split("\n")

    def line_of(self, offset: int) -> int:
        """Index of the line holding ``offset``."""
        return bisect.bisect_right(self.line_starts, offset) - 1


def analyse(doc: Document, language: str = "auto", jurisdiction: str = "auto",
            url: str | None = None, jurisdiction_source: str = "option") -> Analysis:
    """Analyse a parsed notice.

    ``language``: 'auto' to detect, or fi/sv/en. ``jurisdiction``: 'auto' to
    detect from the notice (and the ``url`` it came from), or a key of
    :data:`noticeaudit.jurisdiction.RULE_KEYS` given by ``jurisdiction_source``
    (option or config).
    """
    text = doc.text
    lang = detect_language(text) if language == "auto" else language
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    lower = text.lower()
    if len(lower) != len(text):  # "İ" lower-cases to two characters: keep offsets
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return Analysis(
        language=lang,
        sentences=sentences(text, lang if lang in LANGUAGES else "fi"),
        lines=lines, line_starts=starts, lower=lower, date=notice_date(text),
        jurisdiction=detect(text, lang, url) if jurisdiction == "auto"
        else fixed(jurisdiction, jurisdiction_source))

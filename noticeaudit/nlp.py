"""Language layer: language identification and sentences.

spaCy gives tokens and sentence boundaries (a blank pipeline with the
rule-based sentencizer: no model download, so a pip-only install works).
Sentences never cross a line break, because notices are full of lists,
addresses and table rows whose lines end without punctuation, and are at
most :data:`MAX_SENTENCE` characters: a longer run of text (a paragraph with
no final punctuation, a 20 MB line) is cut at a clause boundary, else a word
boundary, before spaCy sees it, so matching time grows with the text, not
with the square of a sentence, and spaCy never gets more than its limit.

Rule patterns are written as stems (``henkilötietola(?:ki|i)\\w*``), which
cover Finnish inflection with no morphology backend: on our rule vocabulary
stems recognise every form, Voikko (which needs Debian packages) misses
verbal nouns, and simplemma costs ~3.8 s of cold start
(``scripts/bench_morphology.py`` measures all three).
"""
from __future__ import annotations

import re
from functools import lru_cache

# Block-level tags left in a text notice end a sentence as a line break would.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|br|tr|td|th|h[1-6]|table|dd|dt)\b[^<>\n]{0,200}>", re.I)
MAX_SENTENCE = 2000
_SENTENCE_END = re.compile(r"[.!?]\s+")
_CLAUSE_END = re.compile(r"[,;:)]\s|\s[–—-]\s")
_WORDS = re.compile(r"[a-zA-ZåäöÅÄÖéü]+")
# Letter sequences common in Finnish words and rare in English ones.
_FINNISH_SHAPE = re.compile(r"(?:aa|ii|uu|yy|kk|tt|pp|uo|ie)\w*(?:n|a|ä|t|ssa|sta|lla|lle)\b")
_MARKERS = {
    "fi": {"ja", "on", "tai", "ei", "tietoja", "henkilötietojen", "rekisterin", "käsittelyn",
           "tiedot", "sekä", "oikeus", "voi", "mukaan", "että", "tietosuojaseloste", "rekisteröidyn",
           "ovat", "myös", "kun", "jotka", "joka", "tämä", "emme", "meille", "rekisterinpitäjä"},
    "sv": {"och", "att", "av", "för", "som", "till", "personuppgifter", "är", "med", "den",
           "vi", "dina", "rätt", "eller", "inte", "behandling", "om", "kan", "du", "oss", "på", "har",
           "ska", "vår", "våra", "din", "från", "hos", "senast", "uppgifter", "sparas"},
    "en": {"the", "and", "of", "to", "your", "we", "personal", "data", "is", "for", "with",
           "or", "you", "are", "right", "processing", "our", "have", "this", "that", "was", "on", "by",
           "will", "can", "may", "be", "us", "at", "if", "any", "their", "last", "notice"},
}


def detect_language(text: str) -> str:
    """'fi', 'sv' or 'en' by counting frequent function words.

    A short text may hold none of them ("Our staff have signed an agreement."):
    then letters decide (å is Swedish, ä/ö without å Finnish, plain ASCII English),
    and Finnish only when nothing else does.
    """
    sample = text[:20000].lower()
    counts = dict.fromkeys(_MARKERS, 0)
    for word in _WORDS.findall(sample):
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    best = max(counts, key=lambda k: (counts[k], k == "fi"))
    if sum(counts.values()) >= 3 or counts[best] >= 2 * max(1, sorted(counts.values())[-2]):
        return best
    letters = _WORDS.findall(sample)
    if any("å" in w for w in letters):
        return "sv"
    if any(("ä" in w or "ö" in w) for w in letters):
        return best if counts[best] else "fi"
    if letters and counts["fi"] == 0 and not _FINNISH_SHAPE.search(sample):
        return "en" if counts["sv"] <= counts["en"] else "sv"
    return best


@lru_cache(maxsize=4)
def _pipeline(lang: str):
    from .spacyload import sentence_pipeline

    return sentence_pipeline(lang if lang in ("fi", "sv", "en") else "xx")


def load_pipelines() -> None:
    """Build every language's pipeline now (a fork server does, once for all its processes)."""
    for lang in ("fi", "sv", "en"):
        _pipeline(lang)


def sentences(text: str, lang: str = "fi") -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, never crossing a line break."""
    nlp = _pipeline(lang)
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _BLOCK_TAG.finditer(line):
            if line[start:m.start()].strip():
                lines.extend(_bounded(pos + start, line[start:m.start()]))
            start = m.end()
        if line[start:].strip():
            lines.extend(_bounded(pos + start, line[start:]))
        pos += len(line) + 1
    spans: list[tuple[int, int]] = []
    rest: list[tuple[int, str]] = []
    for start, line in lines:
        if _one_sentence(line):
            spans.append((start, start + len(line.rstrip(" "))))
        else:
            rest.append((start, line))
    for (start, line), doc in zip(rest, nlp.pipe(line for _, line in rest)):
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            if line[s:e].strip():
                spans.append((start + s, start + e))
    return sorted(spans)


def _bounded(start: int, line: str) -> list[tuple[int, str]]:
    """``line`` (at ``start``) in pieces of at most MAX_SENTENCE characters."""
    pieces: list[tuple[int, str]] = []
    while len(line) > MAX_SENTENCE:
        window = line[:MAX_SENTENCE]
        # A sentence's end first (the pieces then give the sentences the whole would),
        # else a clause's, else a space.
        cut = max((m.end() for m in _SENTENCE_END.finditer(window, MAX_SENTENCE // 2)), default=0) \
            or max((m.end() for m in _CLAUSE_END.finditer(window, MAX_SENTENCE // 2)), default=0) \
            or window.rfind(" ", MAX_SENTENCE // 2) + 1 or MAX_SENTENCE
        pieces.append((start, line[:cut]))
        start, line = start + cut, line[cut:]
    pieces.append((start, line))
    return pieces


@lru_cache(maxsize=1)
def _punct_chars() -> tuple[frozenset[str], str]:
    """The sentencizer's sentence-ending characters, and those of them that may close a
    line without spaCy (all, when all are Unicode punctuation: see _one_sentence)."""
    import unicodedata

    from spacy.pipeline.sentencizer import Sentencizer

    chars = frozenset(Sentencizer.default_punct_chars)
    closing = all(unicodedata.category(c).startswith("P") for c in chars)
    return chars, "".join(sorted(chars)) if closing else ""


def _one_sentence(line: str) -> bool:
    """The sentencizer would make ``line`` one sentence from its start to its end
    (without a final space), so spaCy need not tokenize it.

    That is so when sentence-ending characters occur only in a run at the end
    of the line (a sentence ends after one of them only where a token that is
    not punctuation follows), and the only whitespace is single spaces between
    words (spaCy makes a token of other whitespace).
    """
    if line[:1] == " " or "  " in line:
        return False
    if not line.isprintable() and any(c.isspace() and c != " " for c in line):
        return False
    chars, closing = _punct_chars()
    return not chars.intersection(line.rstrip(" ").rstrip(closing))

"""Language layer: language identification, sentences, and lemmas.

spaCy gives tokens and sentence boundaries (a blank pipeline with the
rule-based sentencizer: no model download, so a pip-only install works).
Sentences never cross a line break, because notices are full of lists,
addresses and table rows whose lines end without punctuation.

Rule patterns are written as stems (``henkilötietola(?:ki|i)\\w*``) and so
cover Finnish inflection without a morphology backend. A ``lemmas`` pattern
in a rule file is matched through :class:`Lemmatizer`: Voikko when
libvoikko and its Finnish dictionary are installed, else simplemma (pure pip,
slower to load, so it is loaded only when such a rule meets a candidate word).
"""
from __future__ import annotations

import re
from functools import lru_cache

# Block-level tags left in a text notice end a sentence as a line break would.
_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|div|br|tr|td|th|h[1-6]|table|dd|dt)\b[^<>\n]{0,200}>", re.I)
_WORDS = re.compile(r"[a-zA-ZåäöÅÄÖéü]+")
_MARKERS = {
    "fi": {"ja", "on", "tai", "ei", "tietoja", "henkilötietojen", "rekisterin", "käsittelyn",
           "tiedot", "sekä", "oikeus", "voi", "mukaan", "että", "tietosuojaseloste", "rekisteröidyn"},
    "sv": {"och", "att", "av", "för", "som", "till", "personuppgifter", "är", "med", "den",
           "vi", "dina", "rätt", "eller", "inte", "behandling"},
    "en": {"the", "and", "of", "to", "your", "we", "personal", "data", "is", "for", "with",
           "or", "you", "are", "right", "processing"},
}


def detect_language(text: str) -> str:
    """'fi', 'sv' or 'en' by counting frequent function words."""
    counts = {lang: 0 for lang in _MARKERS}
    for word in _WORDS.findall(text[:20000].lower()):
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    return max(counts, key=lambda k: (counts[k], k == "fi"))


@lru_cache(maxsize=4)
def _pipeline(lang: str):
    import spacy

    nlp = spacy.blank(lang if lang in ("fi", "sv", "en") else "xx")
    nlp.add_pipe("sentencizer")
    return nlp


def sentences(text: str, lang: str = "fi") -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, never crossing a line break."""
    nlp = _pipeline(lang)
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start = 0
        for m in _BLOCK_TAG.finditer(line):
            if line[start:m.start()].strip():
                lines.append((pos + start, line[start:m.start()]))
            start = m.end()
        if line[start:].strip():
            lines.append((pos + start, line[start:]))
        pos += len(line) + 1
    spans: list[tuple[int, int]] = []
    for (start, line), doc in zip(lines, nlp.pipe(line for _, line in lines)):
        for sent in doc.sents:
            s, e = sent.start_char, sent.end_char
            if line[s:e].strip():
                spans.append((start + s, start + e))
    return spans


class Lemmatizer:
    """Base forms of words: Voikko if installed, else simplemma (loaded lazily)."""

    def __init__(self, lang: str = "fi", backend: str = "auto") -> None:
        self.lang = lang
        self.backend = backend
        self._voikko = None
        self._cache: dict[str, set[str]] = {}
        if backend in ("auto", "voikko") and lang == "fi":
            try:
                import libvoikko

                self._voikko = libvoikko.Voikko("fi")
                self.backend = "voikko"
            except Exception:  # libvoikko or its dictionary missing
                if backend == "voikko":
                    raise
        if self._voikko is None:
            self.backend = "simplemma"

    def lemmas(self, word: str) -> set[str]:
        word = word.lower()
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if self._voikko is not None:
            found = {a["BASEFORM"].lower() for a in self._voikko.analyze(word) if "BASEFORM" in a}
        else:
            import simplemma

            found = {simplemma.lemmatize(word, lang=self.lang).lower()}
        found = found or {word}
        self._cache[word] = found
        return found


@lru_cache(maxsize=4)
def lemmatizer(lang: str = "fi") -> Lemmatizer:
    return Lemmatizer(lang)

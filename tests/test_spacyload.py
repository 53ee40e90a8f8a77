"""Guards of the spaCy shortcuts (noticeaudit/spacyload.py, nlp.sentences).

If a spaCy upgrade defeats a shortcut, noticeaudit still works through the
fallback, and these tests fail loudly so that the shortcut is fixed or
removed: the short import must really be taken, and sentences must be the
ones plain spaCy (full import, every word attribute, every line tokenized)
finds.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SHARED

PROBE = """
import json, sys
from noticeaudit import spacyload
from noticeaudit.nlp import sentences
spans = sentences("Hei. Toinen lause!\\nOtsikko ilman pistettä", "fi")
print(json.dumps({"fast_import_failed": spacyload.fast_import_failed,
                  "trim_failed": spacyload.trim_failed, "spans": spans,
                  "cli_loaded": sorted(m for m in sys.modules
                                       if m.split(".")[0] in ("weasel", "typer") or m == "spacy.cli")}))
"""


def _probe(prelude: str = "") -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", prelude + PROBE], capture_output=True, text=True,
                         env=env, timeout=300, check=True).stdout
    return json.loads(out)


def test_spacy_is_imported_without_its_command_line_package() -> None:
    got = _probe()
    assert got["fast_import_failed"] is None, "the short spaCy import failed: " + str(got)
    assert got["trim_failed"] is None, "unused word attributes could not be skipped: " + str(got)
    assert got["cli_loaded"] == []
    assert got["spans"] == [[0, 4], [5, 18], [19, 41]]


BREAK_SHORT_IMPORT = """
from noticeaudit import spacyload
_short = spacyload._import_without_cli
def _needs_more_of_the_cli():  # as if a spaCy release used more of spacy.cli after import
    _short()
    raise ImportError("cannot import name 'something' from 'spacy.cli'")
spacyload._import_without_cli = _needs_more_of_the_cli
"""


def test_the_fallback_is_plain_spacy() -> None:
    got = _probe(BREAK_SHORT_IMPORT)
    assert got["fast_import_failed"] == "ImportError: cannot import name 'something' from 'spacy.cli'"
    assert "spacy.cli" in got["cli_loaded"]  # imported again, the plain way
    assert got["spans"] == [[0, 4], [5, 18], [19, 41]]


def _texts() -> list[str]:
    from noticeaudit.parse import parse
    from noticeaudit.sources import load_path

    folders = [REPO / "corpus" / "notices", REPO / "corpus" / "layouts",
               SHARED / "realworld", SHARED / "realworld2"]
    texts = []
    for folder in folders:
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix in (".txt", ".md", ".html"):
                texts.append(parse(load_path(str(path))).text)
    return texts


TRICKY = ["a  b", " leading", "trailing ", "two trailing  ", "tab\there", "nbsp\u00a0here",
          "e.g. abbreviations", "ends with ellipsis…", "question?", "¿qué", "x\u200by", "’quoted’",
          "Henkilötiedot (nimi, osoite)", "1) first item", "– dash item", "word", "ö",
          "Loppuu pisteeseen.", "Kaksi?!", "Piste. ", "...", "a . b", "vuotta.)", "esim. näin",
          "Jakso päättyy。", "Ja sitten。 toinen", "x.y.z.", "»Lainaus.«", "-.", "!"]


def test_sentences_are_plain_spacy_sentences() -> None:
    import spacy

    from noticeaudit.nlp import sentences

    texts = [*_texts(), "\n".join(TRICKY)]
    for lang in ("fi", "sv", "en"):
        nlp = spacy.blank(lang)
        nlp.add_pipe("sentencizer")
        nlp.max_length = 10**8
        for text in texts if lang == "fi" else texts[:5]:
            expected = []
            pos = 0
            for line in text.split("\n"):
                for segment_start, segment in _segments(line):
                    for sent in nlp(segment).sents:
                        if segment[sent.start_char:sent.end_char].strip():
                            expected.append((pos + segment_start + sent.start_char,
                                             pos + segment_start + sent.end_char))
                pos += len(line) + 1
            assert sentences(text, lang) == expected


def _segments(line: str) -> list[tuple[int, str]]:
    """The line split at block tags and into pieces of bounded length, as nlp.sentences
    splits it (its own regex; a sentence longer than MAX_SENTENCE is cut on purpose)."""
    from noticeaudit.nlp import _BLOCK_TAG, _bounded

    out, start = [], 0
    for m in _BLOCK_TAG.finditer(line):
        if line[start:m.start()].strip():
            out += _bounded(start, line[start:m.start()])
        start = m.end()
    if line[start:].strip():
        out += _bounded(start, line[start:])
    return out


def test_a_notice_of_one_long_line_is_split_into_sentences(tmp_path: Path) -> None:
    from noticeaudit.nlp import sentences

    text = " ".join(["Tiedot säilytetään kaksi vuotta."] * 40_000)  # 1.3 M characters
    spans = sentences(text, "fi")
    assert len(spans) == 40_000 and spans[-1][1] == len(text)

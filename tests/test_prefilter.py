"""The prefilter: candidate lines and sentences are a superset of where each pattern matches.

Checked for every regex source of the built-in catalogue on every notice of
the project corpus and on the same notices flattened to one line each (the
layout where a line-based prefilter has nothing to skip): wherever a source
matches within a line or a sentence, that line or sentence is a candidate.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from noticeaudit import prefilter
from noticeaudit.analyse import analyse
from noticeaudit.catalogue import load_catalogue
from noticeaudit.engine import catalogue_sources
from noticeaudit.parse import parse
from noticeaudit.patterns import FLAGS
from noticeaudit.prefilter import LiteralIndex, Prefilter, literal_index, parts
from noticeaudit.sources import Loaded, load_path

NOTICES = sorted((REPO / "corpus" / "notices").glob("*.*"))


def _prefilter(text_source: Loaded) -> tuple[Prefilter, list[str], list[tuple[int, int]], str]:
    doc = parse(text_source)
    a = analyse(doc)
    index = literal_index(catalogue_sources(load_catalogue()))
    return Prefilter(index, a.lower, a.lower_lines, a.line_starts, a.sentences), a.lines, \
        a.sentences, doc.text


@pytest.mark.parametrize("one_line", [False, True], ids=["as-published", "one-line"])
@pytest.mark.parametrize("path", NOTICES[::3], ids=lambda p: p.name)
def test_every_match_is_among_the_candidates(path: Path, one_line: bool) -> None:
    loaded = load_path(str(path))
    if one_line:
        text = parse(loaded).text.replace("\n", " ")
        loaded = Loaded(path.name + ".txt", text.encode("utf-8"), ".txt")
    pf, lines, sentences, text = _prefilter(loaded)
    sources = sorted(catalogue_sources(load_catalogue()))
    matched = 0
    for source in sources:
        rx = re.compile(source, FLAGS)
        want_lines = {i for i, line in enumerate(lines) if rx.search(line)}
        assert want_lines <= pf.lines(source), source
        want = {i for i, (s, e) in enumerate(sentences) if rx.search(text[s:e])}
        assert want <= pf.sentences(source), source
        matched += bool(want)
    assert matched > 10  # the notices do match many patterns: the test tests something


def test_an_alternation_is_split_where_one_branch_has_no_literal() -> None:
    source = r"(?P<s0>(?<![@./])\bGoogle\w*|\bga)|(?P<s1>Facebook|Meta\w*)|(?P<s2>[|)]\s*Tiktok)"
    assert parts(source) == (
        (r"(?<![@./])\bGoogle\w*", frozenset({"google"})),
        (r"\bga", None),  # too short to look for: scanned
        (r"(?P<s1>Facebook|Meta\w*)", frozenset({"facebook", "meta"})),
        (r"(?P<s2>[|)]\s*Tiktok)", frozenset({"tiktok"})),  # '|' and ')' in a class do not split
    )
    assert parts(r"\bgoogle|\bfacebook") == ((r"\bgoogle|\bfacebook", frozenset({"google", "facebook"})),)


def test_literal_index_without_the_native_matcher_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [r"\bhenkilötietola(?:ki|i)\w*", r"säilytetään", r"tieto\w*"]
    text = "henkilötietolaki ja henkilötietolain mukaan tiedot säilytetään; tietotieto"
    native = LiteralIndex(sources).scan(text)
    monkeypatch.setattr(prefilter, "ahocorasick", None)
    plain = LiteralIndex(sources).scan(text)
    for literal in ("henkilötietola", "säilytetään", "tieto"):
        every = [m.start() for m in re.finditer(f"(?={literal})", text)]  # overlapping too
        assert sorted(native.get(literal, [])) == sorted(plain[literal]) == every
    assert len(native["tieto"]) == 4

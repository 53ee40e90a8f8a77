"""The analyse stage: language, sentences, line index and dates, computed once."""
from __future__ import annotations

from noticeaudit.analyse import analyse
from noticeaudit.parse import parse
from noticeaudit.sources import Loaded


def _doc(text: str):
    return parse(Loaded("n.txt", text.encode("utf-8"), ".txt"))


def test_sentences_never_cross_a_line_and_cover_the_text() -> None:
    doc = _doc("Tietosuojaseloste\n\nRekisterinpitäjä: Esimerkki Oy\nKatu 1\n\n"
               "Tiedot säilytetään. Ne poistetaan vuoden kuluttua.\n")
    a = analyse(doc)
    texts = [doc.text[s:e] for s, e in a.sentences]
    assert all("\n" not in t for t in texts)
    assert "Tiedot säilytetään." in texts and "Ne poistetaan vuoden kuluttua." in texts
    assert a.sentence_starts == sorted(a.sentence_starts)


def test_language_is_detected_or_given() -> None:
    sv = _doc("Dataskyddsbeskrivning\n\nVi behandlar dina personuppgifter och har rätt att göra det.\n")
    assert analyse(sv).language == "sv"
    assert analyse(sv, "fi").language == "fi"


def test_line_index_and_lower_case_keep_offsets() -> None:
    doc = _doc("Otsikko\n\nİstanbul ja Helsinki.\n")
    a = analyse(doc)
    assert len(a.lower) == len(doc.text)
    at = doc.text.index("Helsinki")
    assert a.lower[at:at + 8] == "helsinki"
    assert a.lines[a.line_of(at)].endswith("Helsinki.")


def test_the_notice_date_is_its_latest_own_date() -> None:
    doc = _doc("Tietosuojaseloste\n\nLaadittu 1.3.2018\n\nTietoja säilytetään 5 vuotta.\n\n"
               "Päivitetty 12.7.2020\n")
    found = analyse(doc).date
    assert found is not None and found.date.isoformat() == "2020-07-12"

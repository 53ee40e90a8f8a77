"""Sections matched by content: removed, renamed, moved, and the spacing of word diffs."""
from __future__ import annotations

from noticeaudit.model import Block
from noticeaudit.sections import build_document
from noticeaudit.versions.textdiff import SectionText, compare_sections, section_texts

BODY = {
    "Rekisterinpitäjä": "Esimerkki Oy, Esimerkkitie 1, 00000 Esimerkkilä.",
    "Tarkoitus": "Tietoja käsitellään asiakassuhteen hoitamiseen ja laskutukseen.",
    "Säilytysaika": "Tiedot säilytetään kaksi vuotta asiakassuhteen päättymisestä.",
    "Oikeudet": "Sinulla on oikeus tarkastaa tietosi ja vaatia niiden oikaisemista.",
}


def texts(sections: list[tuple[str, str]]) -> list[SectionText]:
    blocks = []
    for heading, body in sections:
        blocks += [Block(heading, "heading", 2), Block(body)]
    return section_texts(build_document(blocks, "m.txt", "text"))


def kinds(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    return [(c.heading, c.kinds) for c in compare_sections(texts(old), texts(new))]


def test_removed_section_stays_where_it_was() -> None:
    old = list(BODY.items())
    new = [old[0], old[1], old[3]]
    assert kinds(old, new) == [("Rekisterinpitäjä", ["unchanged"]), ("Tarkoitus", ["unchanged"]),
                               ("Säilytysaika", ["removed"]), ("Oikeudet", ["unchanged"])]


def test_renamed_section_is_matched_by_its_body() -> None:
    old = list(BODY.items())
    new = [old[0], old[1], ("Henkilötietojen säilyttäminen",
                            "Tiedot säilytetään kaksi vuotta asiakassuhteen päättymisen jälkeen."), old[3]]
    got = compare_sections(texts(old), texts(new))
    (renamed,) = [c for c in got if "renamed" in c.kinds]
    assert renamed.kinds == ["modified", "renamed"]
    assert renamed.old and renamed.old.heading == "Säilytysaika"
    assert [op[:3] for op in renamed.ops if op[0] != "equal"] == [
        ("replace", "päättymisestä", "päättymisen jälkeen")]


def test_unrelated_sections_are_added_and_removed_not_matched() -> None:
    old = [("Evästeet", "Sivusto käyttää välttämättömiä evästeitä istunnon ylläpitoon.")]
    new = [("Automaattinen päätöksenteko", "Emme tee automaattisia päätöksiä emmekä profiloi.")]
    assert kinds(old, new) == [("Evästeet", ["removed"]), ("Automaattinen päätöksenteko", ["added"])]


def test_moved_section_is_the_one_that_left_the_order() -> None:
    old = list(BODY.items())
    new = [old[2], old[0], old[1], old[3]]
    assert kinds(old, new) == [("Säilytysaika", ["moved"]), ("Rekisterinpitäjä", ["unchanged"]),
                               ("Tarkoitus", ["unchanged"]), ("Oikeudet", ["unchanged"])]


def test_word_diff_keeps_the_notice_spacing() -> None:
    old = [("Yhteys", "Sähköposti: info@esimerkki.invalid (arkisin).")]
    new = [("Yhteys", "Sähköposti: tietosuoja@esimerkki.invalid (arkisin klo 9–15).")]
    (change,) = compare_sections(texts(old), texts(new))
    assert [op[:3] for op in change.ops] == [
        ("equal", "Sähköposti:", "Sähköposti:"),
        ("replace", "info@esimerkki.invalid", "tietosuoja@esimerkki.invalid"),
        ("equal", "(arkisin", "(arkisin"), ("insert", "", "klo 9–15"), ("equal", ").", ").")]
    assert [op[3] for op in change.ops] == [False, True, True, True, False]

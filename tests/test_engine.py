"""The engine's evidence search and each rule kind, on rules written for the test.

Each test writes a small rule file (IDs Z9xx, so no built-in rule is touched),
loads it with the built-in catalogue, and audits a small notice with only
those rules: what is asserted is which finding comes out, and where.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from noticeaudit.analyse import analyse
from noticeaudit.catalogue import load_catalogue
from noticeaudit.engine import audit
from noticeaudit.model import Finding
from noticeaudit.parse import parse
from noticeaudit.sources import Loaded


def _audit(tmp_path: Path, rules_yaml: str, notice: str, select: str = "Z") -> list[Finding]:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / "test.yaml").write_text(textwrap.dedent(rules_yaml), encoding="utf-8")
    catalogue = load_catalogue((str(d),))
    doc = parse(Loaded("notice.txt", textwrap.dedent(notice).encode("utf-8"), ".txt"))
    return audit(doc, analyse(doc, "fi"), catalogue, catalogue.select([select], None))


REQUIRED = """\
rules:
  - id: Z901
    name: missing-retention
    severity: error
    kind: required
    headings: {fi: ['säilytysaika']}
    patterns: {fi: ['säilytetään*', 'säilytämme*']}
    section_patterns: {regex: ['\\b\\d+\\s+vuo\\w*']}
    counter:
      - pattern: {fi: ['lukitu*']}
        why: {fi: "fyysinen säilytys", en: "physical storage"}
    message: {fi: "Säilytysaika puuttuu.", en: "No retention period."}
"""


def test_required_item_found_in_a_body_sentence(tmp_path: Path) -> None:
    assert _audit(tmp_path, REQUIRED, "Tiedot\n\nTiedot säilytetään viisi vuotta.\n") == []


def test_required_item_missing_names_the_searched_sections(tmp_path: Path) -> None:
    [f] = _audit(tmp_path, REQUIRED, "# Seloste\n\n## Säilytysaika\n\nTiedot poistetaan pyynnöstä.\n")
    assert f.rule == "Z901"
    assert f.details[0] == "Etsitty: osiot 'Säilytysaika' sekä koko seloste."
    assert f.location.line == 3


def test_a_heading_with_an_empty_body_is_not_evidence(tmp_path: Path) -> None:
    [f] = _audit(tmp_path, REQUIRED, "# Seloste\n\n## Säilytysaika\n\n## Muuta\n\nEi mitään.\n")
    assert any("osio 'Säilytysaika' on tyhjä" in d for d in f.details)


def test_section_patterns_count_only_under_the_heading(tmp_path: Path) -> None:
    assert _audit(tmp_path, REQUIRED, "# Seloste\n\n## Säilytysaika\n\nTakuu: 10 vuotta.\n") == []
    assert [f.rule for f in _audit(tmp_path, REQUIRED, "# Seloste\n\n## Muuta\n\nTakuu: 10 vuotta.\n")] \
        == ["Z901"]


def test_a_veto_look_alike_cancels_the_sentence_and_is_quoted(tmp_path: Path) -> None:
    [f] = _audit(tmp_path, REQUIRED, "Tiedot\n\nPaperit säilytetään lukitussa kaapissa.\n")
    assert "Lähellä, mutta ei riitä: 'Paperit säilytetään lukitussa kaapissa.' (fyysinen säilytys)." \
        in f.details


def test_when_a_fact_does_not_hold_the_item_is_not_required(tmp_path: Path) -> None:
    rules = REQUIRED.replace("    kind: required\n", "    kind: required\n    when: consent-basis\n")
    assert _audit(tmp_path, rules, "Tiedot\n\nEi säilytystietoa.\n") == []
    [f] = _audit(tmp_path, rules, "Tiedot\n\nKäsittely perustuu suostumukseen.\n")
    assert any(d.startswith("Vaaditaan, koska: 'Käsittely perustuu suostumukseen.'") for d in f.details)


PHRASE = """\
rules:
  - id: Z902
    name: old-act
    severity: error
    kind: phrase
    patterns: {fi: ['vanhalaki*']}
    unless: {fi: ['kumottu*']}
    context: {fi: ['seloste*']}
    window: 40
    message: {fi: "Vanha laki: '{match}'.", en: "Old act: '{match}'."}
"""


def test_phrase_one_finding_per_occurrence_at_the_match(tmp_path: Path) -> None:
    found = _audit(tmp_path, PHRASE, "Seloste\n\nTämä seloste noudattaa vanhalakia ja vanhalain"
                                     " pykäliä. Toinen seloste ja vanhalaki.\n")
    assert [(f.rule, f.location.line, f.location.column) for f in found] == [
        ("Z902", 3, 24), ("Z902", 3, 75)]
    assert found[0].message == "Vanha laki: 'vanhalakia'."


def test_phrase_unless_and_context(tmp_path: Path) -> None:
    assert _audit(tmp_path, PHRASE, "Seloste\n\nTämä seloste: vanhalaki on kumottu.\n") == []
    assert _audit(tmp_path, PHRASE, "Seloste\n\n" + "x " * 40 + "vanhalaki mainitaan.\n") == []


CONTRADICTION = """\
rules:
  - id: Z903
    name: claim-and-fact
    severity: warning
    kind: contradiction
    claim: {patterns: {fi: ['ei siirretä']}}
    fact: {services: us-processing}
    message: {fi: "Ristiriita: '{fact}'.", en: "Conflict: '{fact}'."}
"""


def test_contradiction_cites_both_sides(tmp_path: Path) -> None:
    [f] = _audit(tmp_path, CONTRADICTION, "Siirrot\n\nTietoja ei siirretä EU:n ulkopuolelle.\n\n"
                                          "Evästeet\n\nKäytämme Google Analyticsia.\n")
    assert (f.location.line, f.message) == (3, "Ristiriita: 'Google Analytics'.")
    assert f.related[0][1].line == 7


def test_a_service_named_only_as_not_used_is_no_fact(tmp_path: Path) -> None:
    assert _audit(tmp_path, CONTRADICTION, "Siirrot\n\nTietoja ei siirretä EU:n ulkopuolelle. "
                                           "Emme käytä Google Analyticsia.\n") == []


@pytest.mark.parametrize("notice,expected", [
    ("Seloste\n\nPäivitetty 1.2.2017\n", [("Z904", "01.02.2017")]),
    ("Seloste\n\nPäivitetty 1.2.2019\n", []),
])
def test_notice_date_before(tmp_path: Path, notice: str, expected: list[tuple[str, str]]) -> None:
    rules = """\
    rules:
      - id: Z904
        name: old-notice
        severity: warning
        kind: notice-date
        mode: before
        before: 2018-05-25
        message: {fi: "Päivätty {date}.", en: "Dated {date}."}
    """
    found = _audit(tmp_path, rules, notice)
    assert [(f.rule, f.message.split()[-1].rstrip(".")) for f in found] == expected


def test_empty_section_and_duplicated_passage(tmp_path: Path) -> None:
    rules = """\
    rules:
      - id: Z905
        name: empty
        severity: warning
        kind: empty-section
        message: {en: "Empty: {heading}."}
      - id: Z906
        name: twice
        severity: info
        kind: duplicated-passage
        min_words: 5
        message: {en: "Repeated, first at {where}."}
    """
    notice = ("Seloste\n\nTämä on seloste.\n\n1. Rekisterinpitäjä\n\n2. Tarkoitus\n\nTietoja käytetään asiakassuhteen "
              "hoitamiseen ja laskutukseen.\n\n3. Muuta\n\nTietoja käytetään asiakassuhteen "
              "hoitamiseen ja laskutukseen.\n")
    found = _audit(tmp_path, rules, notice)
    assert [(f.rule, f.location.line) for f in found] == [("Z905", 5), ("Z906", 13)]
    assert found[1].message == "Repeated, first at rivi 9."


def test_audit_does_not_change_the_document(tmp_path: Path) -> None:
    doc = parse(Loaded("n.txt", "Tietosuojaseloste\n\nPäivitetty 1.2.2020\n".encode(), ".txt"))
    before = (doc.text, [(s.heading, s.body) for s in doc.sections], doc.title)
    catalogue = load_catalogue()
    analysis = analyse(doc)
    audit(doc, analysis, catalogue, catalogue.select(None, None))
    assert (doc.text, [(s.heading, s.body) for s in doc.sections], doc.title) == before
    assert (analysis.language, analysis.date and analysis.date.date.isoformat()) == ("fi", "2020-02-01")

"""Layouts and template leftovers seen on notices written elsewhere (issue 9), in our own
invented words: headings in capitals, Markdown links and tables of contents, and
sections whose body is only filler text."""
from __future__ import annotations

from pathlib import Path

from noticeaudit.catalogue import load_catalogue
from noticeaudit.parse.text import parse_text
from noticeaudit.pipeline import Options, audit_source

CATALOGUE = load_catalogue()


def _findings(tmp_path: Path, text: str, name: str = "notice.txt") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = audit_source(str(path), CATALOGUE, CATALOGUE.select(None, None), Options())
    assert result.error is None
    return [f.rule for f in result.findings]


CAPS = """TIETOSUOJASELOSTE

REKISTERINPITÄJÄ
Kirjakauppa Sivu Oy, Puistokatu 3, 40100 Jyväskylä, info@sivukirja.example

MIHIN TIETOJA KÄYTETÄÄN
Tietoja käytetään tilausten toimittamiseen.

VALITUSOIKEUS
"""


def test_capital_headings_without_numbers_are_sections() -> None:
    doc = parse_text(CAPS, "caps.txt")
    assert [(s.heading, s.level) for s in doc.sections if s.heading] == [
        ("TIETOSUOJASELOSTE", 1), ("REKISTERINPITÄJÄ", 2), ("MIHIN TIETOJA KÄYTETÄÄN", 2),
        ("VALITUSOIKEUS", 2)]
    # Section-bound evidence and empty sections work as with any other heading layout.
    purposes = next(s for s in doc.sections if s.heading == "MIHIN TIETOJA KÄYTETÄÄN")
    assert purposes.body.strip() == "Tietoja käytetään tilausten toimittamiseen."


def test_capitals_in_an_address_or_one_shouting_line_are_not_a_layout() -> None:
    # Lines with digits or e-mail addresses are not headings; fewer than three
    # capital lines are not a heading layout.
    text = ("Tietosuojaseloste\n\nRekisterinpitäjä on Kirjakauppa Sivu Oy.\n"
            "PUISTOKATU 3, 40100 JYVÄSKYLÄ\nHUOM\n\nTietoja käytetään tilausten toimittamiseen.\n")
    doc = parse_text(text, "address.txt")
    assert [s.heading for s in doc.sections if s.heading] == ["Tietosuojaseloste"]


def test_markdown_link_targets_are_not_notice_text() -> None:
    text = ("# Tietosuojaseloste\n\nLue myös [vanha sivumme](https://example.org/rekisteriseloste.html) "
            "ja [tietoa evästeistä](https://example.org/evasteet \"Evästeet\").\n"
            "Kysymykset: [kirjoita meille](mailto:tietosuoja@sivukirja.example).\n")
    doc = parse_text(text, "links.md", markdown=True)
    assert "Lue myös vanha sivumme ja tietoa evästeistä." in doc.text
    assert "rekisteriseloste" not in doc.text.lower()
    # An e-mail target is a contact detail the reader can use: it stays.
    assert "tietosuoja@sivukirja.example" in doc.text


def test_a_link_address_naming_a_register_description_is_not_o002(tmp_path: Path) -> None:
    text = ("# Tietosuojaseloste\n\nAiempi versio: [arkisto](https://example.org/rekisteriseloste-2016.pdf).\n")
    assert "O002" not in _findings(tmp_path, text, "n.md")
    assert "O002" in _findings(tmp_path, "# Rekisteriseloste\n\nTämä on asiakasrekisterin seloste.\n", "m.md")


def test_a_table_of_contents_is_not_evidence(tmp_path: Path) -> None:
    text = ("# Privacy notice\n\n- [Complaints](#complaints)\n- [Your right to object](#object)\n\n"
            "## Complaints\n\n## Your right to object\n")
    found = _findings(tmp_path, text, "toc.md")
    assert "M018" in found and "M015" in found


LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla facilisi. "
         "Donec augue orci, vulputate vel ante eget, dictum venenatis ipsum.")


def test_a_heading_over_filler_text_is_not_evidence_and_the_filler_is_t001(tmp_path: Path) -> None:
    text = f"Privacy notice\n\nComplaints\n\n{LOREM}\n\nRetention\n\n{LOREM}\n"
    found = _findings(tmp_path, "# " + text.replace("\n\nComplaints", "\n\n## Complaints")
                      .replace("\n\nRetention", "\n\n## Retention"), "lorem.md")
    assert "M018" in found and "M010" in found
    assert "T001" in found and "T002" not in found  # a placeholder body is T001, not T002


def test_real_text_that_mentions_latin_words_is_still_evidence(tmp_path: Path) -> None:
    text = ("# Privacy notice\n\n## Complaints\n\nYou have the right to lodge a complaint with a "
            "supervisory authority, in particular in the member state of your habitual residence "
            "(in situ, as the lawyers say).\n")
    assert "M018" not in _findings(tmp_path, text, "real.md")


def test_a_bracketed_fill_in_marker_under_a_heading_is_not_evidence(tmp_path: Path) -> None:
    text = "# Privacy notice\n\n## Complaints\n\n[insert text]\n"
    found = _findings(tmp_path, text, "insert.md")
    assert "M018" in found and "T001" in found and "T002" not in found

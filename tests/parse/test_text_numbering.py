"""Numbered lines in Markdown: headings, or an ordered list under numbered headings."""
from __future__ import annotations

from noticeaudit.parse.text import parse_text


def _headings(text: str) -> list[str]:
    return [s.heading for s in parse_text(text, "n.md", markdown=True).sections if s.heading]


def test_numbered_lines_are_a_list_when_markdown_headings_carry_the_numbers() -> None:
    text = ("# Tietosuojaseloste\n\n## 1 Rekisterin nimi\n\nJäsenrekisteri\n\n"
            "## 2 Käsittelyn tarkoitukset\n\n1. Jäsenyyden hallinnointi\n\n2. Jäsenmaksujen perintä\n\n"
            "3. Tilastointi\n\n## 3 Säilytysaika\n\nJäsenyyden ajan.\n")
    assert _headings(text) == ["Tietosuojaseloste", "1 Rekisterin nimi", "2 Käsittelyn tarkoitukset",
                               "3 Säilytysaika"]


def test_numbered_lines_are_headings_under_an_unnumbered_title() -> None:
    text = ("# Tietosuojaseloste\n\nPäivitetty 6.7.2022.\n\n1. REKISTERINPITÄJÄ\n\nKuusikko ry\n\n"
            "2. REKISTERIN NIMI\n\nJäsenrekisteri\n\n3. SÄILYTYSAIKA\n\nJäsenyyden ajan.\n\n"
            "## Tietoa evästeistä\n\nEmme käytä evästeitä.\n")
    assert _headings(text) == ["Tietosuojaseloste", "1. REKISTERINPITÄJÄ", "2. REKISTERIN NIMI",
                               "3. SÄILYTYSAIKA", "Tietoa evästeistä"]

"""Tests for noticeaudit.parse.html: layouts, boilerplate removal, source positions."""
from __future__ import annotations

from pathlib import Path

import pytest

from noticeaudit.errors import SourceError
from noticeaudit.model import Document
from noticeaudit.parse.html import parse_html

LAYOUTS = Path(__file__).parents[2] / "corpus" / "layouts"
REALWORLD = (Path(__file__).parents[2] / ".." / "shared").resolve() / "realworld"


def parse_file(name: str) -> tuple[Document, str]:
    path = LAYOUTS / name
    text = path.read_text(encoding="utf-8")
    return parse_html(text, str(path)), text


def source_line(html: str, needle: str) -> int:
    return next(i for i, line in enumerate(html.splitlines(), 1) if needle in line)


def assert_line(doc: Document, html: str, sentence: str) -> None:
    loc = doc.location(doc.text.index(sentence))
    assert loc.line == source_line(html, sentence)


# --- layout corpus -----------------------------------------------------------

def test_headings_page() -> None:
    doc, html = parse_file("html_headings.html")
    assert [s.heading for s in doc.sections] == [
        "Tietosuojaseloste",
        "1. Rekisterinpitäjä",
        "2. Yhteyshenkilö",
        "3. Henkilötietojen käsittelyn tarkoitus",
        "4. Säilytysaika",
        "5. Rekisteröidyn oikeudet",
    ]
    assert [s.level for s in doc.sections] == [1, 2, 2, 2, 2, 2]
    assert doc.title == "Tietosuojaseloste"
    assert doc.format == "html"
    for chrome in ("Palvelumme", "Ota yhteyttä", "Käytämme evästeitä", "Hyväksy evästeet",
                   "Kaikki oikeudet", "PIILOSKRIPTI", "font-family", "Kuusiston Kotipalvelu |"):
        assert chrome not in doc.text
    # The second source line of a multi-line paragraph maps to its own line.
    assert_line(doc, html, "Käsittely perustuu asiakkaan kanssa tehtyyn sopimukseen.")
    assert_line(doc, html, "Asiakastiedot säilytetään kolme vuotta")
    loc = doc.location(doc.text.index("Haapakuja 7"))
    assert loc.line == source_line(html, "Haapakuja 7")
    assert loc.column == 5


def test_bold_paragraph_headings() -> None:
    doc, html = parse_file("html_bold_paragraphs.html")
    assert [s.heading for s in doc.sections] == [
        "Mäntylän Tanssikoulu ry:n jäsenrekisterin tietosuojaseloste",
        "1. Rekisterinpitäjä",
        "2. Yhteyshenkilö rekisteriä koskevissa asioissa",
        "3. Henkilötietojen käsittelyn tarkoitus",
        "4. Rekisterin tietosisältö",
        "5. Säilytysaika",
        "6. Rekisteröidyn oikeudet",
    ]
    assert {s.level for s in doc.sections} == {3}
    assert doc.title == "Rekisteriseloste – Mäntylän Tanssikoulu ry"
    # A bold lead-in inside a sentence is not a heading.
    assert "Huom. Rekisterin tietoja ei luovuteta" in doc.sections[5].body
    assert "- osoite, puhelinnumero ja sähköpostiosoite" in doc.sections[4].body
    assert_line(doc, html, "Tiedot poistetaan kahden vuoden kuluessa")
    assert_line(doc, html, "Käsittely perustuu yhdistyslain mukaiseen")


def test_two_column_table() -> None:
    doc, html = parse_file("html_table.html")
    assert [s.heading for s in doc.sections] == [
        "Asiakasrekisterin tietosuojaseloste",
        "Rekisterinpitäjä",
        "Yhteyshenkilö",
        "Henkilötietojen käsittelyn tarkoitus",
        "Käsittelyn oikeusperuste",
        "Rekisterin tietosisältö",
        "Säännönmukaiset tietolähteet",
        "Säilytysaika",
        "Rekisteröidyn oikeudet",
        "Säilytysajat tietoryhmittäin",
    ]
    by_heading = {s.heading: s for s in doc.sections}
    empty = by_heading["Säännönmukaiset tietolähteet"]
    assert empty.label and empty.is_empty and empty.body == ""
    assert by_heading["Rekisterinpitäjä"].label
    assert by_heading["Yhteyshenkilö"].body == "Tuomas Kettunen\npuh. 044 765 4321"
    # A table that is not field | value keeps its rows, cells joined with " | ".
    assert "Yhteystiedot | Asiakas itse | 2 vuotta" in by_heading["Säilytysajat tietoryhmittäin"].body
    assert_line(doc, html, "Tietoja käytetään myös asiakasviestintään.")
    assert_line(doc, html, "Tilaustiedot säilytetään kuusi vuotta")


def test_definition_list() -> None:
    doc, html = parse_file("html_dl.html")
    assert [s.heading for s in doc.sections] == [
        "Kallioniemen kirjastoseuran tapahtumarekisteri",
        "Rekisterinpitäjä",
        "Yhteyshenkilö",
        "Henkilötietojen käsittelyn tarkoitus",
        "Säilytysaika",
        "Rekisteröidyn oikeudet",
    ]
    assert all(s.label for s in doc.sections[1:])
    assert doc.sections[5].body == "- oikeus saada pääsy tietoihin\n\n- oikeus tietojen oikaisemiseen"
    for chrome in ("Etusivu", "Seuraa meitä"):
        assert chrome not in doc.text
    assert_line(doc, html, "Tietoja ei käytetä markkinointiin.")
    assert_line(doc, html, "oikeus tietojen oikaisemiseen")


def test_accordion() -> None:
    doc, html = parse_file("html_accordion.html")
    assert [s.heading for s in doc.sections] == [
        "Potilasrekisterin tietosuojaseloste",
        "Rekisterinpitäjä",
        "Henkilötietojen käsittelyn tarkoitus",
        "Säilytysaika",
        "Rekisteröidyn oikeudet",
        "Valitusoikeus",
    ]
    assert doc.sections[1].body.startswith("Harjulan Hammashoitola Oy")
    assert doc.sections[4].body.startswith("Potilaalla on oikeus")
    for chrome in ("Varaa aika verkossa", "Ajankohtaista", "Uusi hammaslääkäri"):
        assert chrome not in doc.text
    assert_line(doc, html, "Voit tehdä valituksen")
    assert_line(doc, html, "Potilastietoja käsitellään hammashoidon toteuttamiseksi.")


# --- inline HTML -------------------------------------------------------------

def body(html: str) -> str:
    return parse_html(html, "inline.html").text.strip()


def test_br_becomes_newline() -> None:
    assert body("<p>Firma Oy<br>Katu 1<br/>00100 Helsinki</p>") == "Firma Oy\nKatu 1\n00100 Helsinki"


def test_whitespace_collapsed_within_a_line() -> None:
    assert body("<p>  yksi\n   kaksi\t kolme </p>") == "yksi kaksi kolme"
    assert body("<p>ala<b>viiva</b>tus</p>") == "alaviivatus"


def test_entities_decoded() -> None:
    assert body("<p>Tietosuoja &amp; yksityisyys &ndash; s&auml;&#228;nn&ouml;t</p>") == \
        "Tietosuoja & yksityisyys – säännöt"


def test_escaped_markup_stays_visible() -> None:
    assert body("<p>Yhteystiedot: &lt;p&gt;muuta?&lt;/p&gt;</p>") == "Yhteystiedot: <p>muuta?</p>"


def test_script_and_comments_dropped() -> None:
    text = body("<p>Alku</p><script>var x = 'SALAINEN';</script><!-- piilo --><p>Loppu</p>"
                "{* smarty-kommentti *}")
    assert text == "Alku\n\nLoppu"


def test_fragment_without_html_element() -> None:
    doc = parse_html("<h2>Rekisterinpitäjä</h2>\n<p>Esimerkki Oy</p>\n<h2>Säilytysaika</h2>\n"
                     "<p>Kaksi vuotta.</p>", "fragment.html")
    assert [(s.heading, s.body) for s in doc.sections] == [
        ("Rekisterinpitäjä", "Esimerkki Oy"), ("Säilytysaika", "Kaksi vuotta.")]
    assert doc.sections[1].line == 3
    assert doc.title == "Rekisterinpitäjä"


def test_list_items_prefixed() -> None:
    assert body("<ul><li>nimi</li><li><p>osoite</p></li></ul>") == "- nimi\n\n- osoite"


def test_numbered_list_items_with_title_paragraphs() -> None:
    doc = parse_html("<h1>Seloste</h1><ol><li><p>Rekisterinpitäjä</p><p>Esimerkki ry.</p></li>"
                     "<li><p>Säilytysaika</p><p>Vuosi.</p></li></ol>", "ol.html")
    assert [(s.heading, s.level, s.body) for s in doc.sections] == [
        ("Seloste", 1, ""), ("Rekisterinpitäjä", 2, "Esimerkki ry."), ("Säilytysaika", 2, "Vuosi.")]


def test_bold_heading_level_follows_real_headings() -> None:
    doc = parse_html("<h1>A</h1><h2>B</h2><p><strong>Alaotsikko</strong></p><p>Teksti.</p>", "x.html")
    assert [(s.heading, s.level) for s in doc.sections] == [("A", 1), ("B", 2), ("Alaotsikko", 3)]


def test_bold_heading_with_colon_but_not_inline_toggle() -> None:
    doc = parse_html("<p><strong>Rekisterinpitäjä</strong>:</p><p>Lue <a aria-controls='x'>lisää</a> "
                     "<b>tästä</b>.</p><div id='x'><p>Piilotettu lisäteksti.</p></div>", "x.html")
    assert [(s.heading, s.body) for s in doc.sections] == [
        ("Rekisterinpitäjä", "Lue lisää tästä.\n\nPiilotettu lisäteksti.")]


def test_pre_keeps_line_breaks() -> None:
    doc = parse_html("<p>Alku</p>\n<pre>Rivi 1\n  Rivi   2\n\nRivi 3</pre>", "pre.html")
    assert doc.text.strip() == "Alku\n\nRivi 1\nRivi 2\n\nRivi 3"
    assert doc.location(doc.text.index("Rivi 3")).line == 5


def test_bold_value_in_table_cell_is_not_heading() -> None:
    doc = parse_html("<table><tr><td>Rekisterinpitäjä</td><td><b>Esimerkki Oy</b></td></tr>"
                     "<tr><td>Säilytysaika</td><td>Vuosi.</td></tr></table>", "t.html")
    assert [(s.heading, s.body) for s in doc.sections] == [
        ("Rekisterinpitäjä", "Esimerkki Oy"), ("Säilytysaika", "Vuosi.")]


def test_notice_cookie_section_kept_but_banner_dropped() -> None:
    doc = parse_html(
        '<div class="cookie-notice"><p>Sivusto käyttää evästeitä.</p><button>OK</button></div>'
        '<main class="has-sidebar"><h2 id="cookies">Evästeet</h2>'
        '<section id="cookies-osio"><p>Käytämme välttämättömiä evästeitä.</p></section></main>',
        "c.html")
    assert [s.heading for s in doc.sections] == ["Evästeet"]
    assert "Käytämme välttämättömiä evästeitä." in doc.text
    assert "Sivusto käyttää" not in doc.text


def test_largest_article_is_root() -> None:
    doc = parse_html("<article><p>Lyhyt uutinen.</p></article>"
                     "<article><h2>Tietosuojaseloste</h2><p>Pitkä selosteteksti, jossa on enemmän sanoja.</p>"
                     "</article>", "a.html")
    assert "Lyhyt uutinen" not in doc.text
    assert doc.sections[0].heading == "Tietosuojaseloste"


def test_odd_markup_does_not_raise() -> None:
    odd = ("<p><b>Avoin <table><tr><td>solu<td>toinen</tr><li>irrallinen <p>" * 3
           + "<p>kappale" * 3000 + "</div></span><!--katkennut")
    doc = parse_html(odd, "odd.html")
    assert "kappale" in doc.text


@pytest.mark.parametrize("html", ["", "   ", "<script>var a = 1;</script>",
                                  "<html><head><title>Otsikko</title></head><body></body></html>"])
def test_no_text_raises_source_error(html: str) -> None:
    with pytest.raises(SourceError, match="no text found in the HTML"):
        parse_html(html, "empty.html")


# --- real published notices (outside the project, read-only) -----------------

REAL_FILES = sorted(REALWORLD.glob("*.html")) if REALWORLD.is_dir() else []


@pytest.mark.skipif(not REAL_FILES, reason="shared/realworld is not available")
@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_realworld_html(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    doc = parse_html(text, str(path))
    assert len([s for s in doc.sections if s.heading]) >= 3

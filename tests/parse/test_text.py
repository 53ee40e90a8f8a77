"""Text and Markdown layouts (noticeaudit/parse/text.py) on the layout corpus and the seeds.

Every expected heading, level, line and column below was read off the files
themselves. ``at()`` also checks each expected column against the raw line, so
a wrong hand count fails loudly instead of silently agreeing with the parser.
"""
from __future__ import annotations

from pathlib import Path

from conftest import LAYOUTS, SEEDS, requires_seeds

from noticeaudit.analyse import analyse
from noticeaudit.catalogue import load_catalogue
from noticeaudit.engine import audit
from noticeaudit.model import Document, Section
from noticeaudit.parse import parse
from noticeaudit.sources import load_path


def load(path: Path) -> Document:
    return parse(load_path(str(path)))


def headings(doc: Document) -> list[tuple[str, int]]:
    return [(s.heading, s.level) for s in doc.sections]


def section(doc: Document, heading: str) -> Section:
    return next(s for s in doc.sections if s.heading == heading)


def at(doc: Document, path: Path, needle: str, line: int, column: int,
       section_heading: str | None = None) -> None:
    """``needle`` is at line:column of the file, and the document maps it back there."""
    raw = path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert raw.find(needle) == column - 1, f"hand count is off: {raw!r}"
    assert doc.text.count(needle) == 1, f"{needle!r} is not unique"
    loc = doc.location(doc.text.index(needle))
    assert (loc.line, loc.column) == (line, column)
    if section_heading is not None:
        assert loc.section == section_heading


# --- numbered headings ------------------------------------------------------------

NUMBERED = LAYOUTS / "text_numbered.txt"


def test_numbered_headings() -> None:
    doc = load(NUMBERED)
    assert doc.format == "text"
    assert doc.title == "Tietosuojaseloste – Kuusikon Kirjastoyhdistys ry"
    assert headings(doc) == [
        ("Tietosuojaseloste – Kuusikon Kirjastoyhdistys ry", 1),
        ("1. Rekisterinpitäjä", 2),
        ("2. Yhteyshenkilö rekisteriä koskevissa asioissa", 2),
        ("3. Rekisterin nimi", 2),
        ("3.1 Evästeet", 3),
        ("4. Henkilötietojen käsittelyn tarkoitus ja oikeusperuste", 2),
        ("5. Rekisterin tietosisältö", 2),
        ("6. Henkilötietojen säilytysaika", 2),
        ("7. Rekisteröidyn oikeudet", 2),
    ]
    assert [s.line for s in doc.sections] == [1, 5, 10, 15, 19, 23, 28, 36, 40]


def test_numbered_single_line_value_is_body() -> None:
    doc = load(NUMBERED)
    assert section(doc, "3. Rekisterin nimi").body == "Kuusikon lainaajarekisteri ja verkkokirjasto"
    at(doc, NUMBERED, "Kuusikon lainaajarekisteri", 17, 1, "3. Rekisterin nimi")


def test_numbered_ordered_list_is_not_headings() -> None:
    doc = load(NUMBERED)
    body = section(doc, "5. Rekisterin tietosisältö").body
    assert "1. Lainaajan nimi\n2. Yhteystiedot\n3. Lainat ja varaukset" in body
    at(doc, NUMBERED, "3. Lainat ja varaukset", 34, 1, "5. Rekisterin tietosisältö")


def test_numbered_sentences_map_to_source_lines() -> None:
    doc = load(NUMBERED)
    at(doc, NUMBERED, "Laadittu 3.2.2025", 3, 1,
       "Tietosuojaseloste – Kuusikon Kirjastoyhdistys ry")
    at(doc, NUMBERED, "Käsittely perustuu", 25, 58,
       "4. Henkilötietojen käsittelyn tarkoitus ja oikeusperuste")
    # The sentence runs over the line break; it stays whole, and its second
    # line still maps to line 26.
    assert "Käsittely perustuu lainaussopimukseen (tietosuoja-asetuksen" in doc.text
    at(doc, NUMBERED, "lainaussopimukseen", 26, 1)
    at(doc, NUMBERED, "Voit tehdä valituksen", 43, 1, "7. Rekisteröidyn oikeudet")


# --- "Otsikko: teksti" labels --------------------------------------------------------

LABELS = LAYOUTS / "text_inline_labels.txt"


def test_inline_labels() -> None:
    doc = load(LABELS)
    assert headings(doc) == [
        ("Tietosuojaseloste", 1),
        ("Rekisterinpitäjä", 2),
        ("Yhteyshenkilö", 2),
        ("Rekisterin nimi", 2),
        ("Käsittelyn tarkoitus ja oikeusperuste", 2),
        ("Säilytysaika", 2),
        ("Rekisteröidyn oikeudet", 2),
    ]
    assert [s.label for s in doc.sections] == [False] + [True] * 6
    assert [s.line for s in doc.sections] == [1, 3, 5, 7, 9, 12, 14]


def test_inline_label_values_and_continuations() -> None:
    doc = load(LABELS)
    at(doc, LABELS, "Pihlajan Puutarha Oy", 3, 19, "Rekisterinpitäjä")
    assert section(doc, "Rekisterin nimi").body == "Asiakasrekisteri"
    purpose = section(doc, "Käsittelyn tarkoitus ja oikeusperuste").body
    assert purpose.startswith("Tietoja käytetään asiakassuhteen hoitamiseen, tilausten "
                              "toimittamiseen ja laskutukseen.")
    at(doc, LABELS, "tilausten toimittamiseen", 10, 1)
    at(doc, LABELS, "Käsittely perustuu sopimukseen.", 10, 43)


def test_inline_label_lookalikes_are_body() -> None:
    doc = load(LABELS)
    rights = section(doc, "Rekisteröidyn oikeudet")
    assert rights.body.startswith("Sinulla on oikeus tarkastaa tietosi")
    # A sentence with a colon after 'mm.' and a clock time are not labels.
    at(doc, LABELS, "Rekisteröidyllä on myös oikeus mm. seuraaviin:", 17, 1,
       "Rekisteröidyn oikeudet")
    at(doc, LABELS, "Asiakaspalvelu on avoinna", 19, 1, "Rekisteröidyn oikeudet")


# --- tab-separated export ----------------------------------------------------------------

TAB = LAYOUTS / "text_tab_export.txt"


def test_tab_export() -> None:
    doc = load(TAB)
    assert headings(doc) == [
        ("Jäsenrekisterin tietosuojaseloste", 1),
        ("Laatimispäivä", 2),
        ("Rekisterinpitäjä", 2),
        ("Yhteyshenkilö", 2),
        ("Rekisterin nimi", 2),
        ("Henkilötietojen käsittelyn tarkoitus", 2),
        ("Rekisterin tietosisältö", 2),
        ("Säilytysaika", 2),
        ("Automaattinen päätöksenteko", 2),
        ("Oikeus tehdä valitus", 2),
    ]
    assert [s.line for s in doc.sections] == [1, 5, 6, 7, 8, 9, 10, 13, 14, 15]


def test_tab_export_values_fragments_and_empty_field() -> None:
    doc = load(TAB)
    # An introduction above the table is text, not a second title.
    at(doc, TAB, "Tässä selosteessa kerrotaan", 3, 1, "Jäsenrekisterin tietosuojaseloste")
    at(doc, TAB, "Kuusikon Kuoro ry, Laulutie 5", 6, 18, "Rekisterinpitäjä")
    # Plain text shows HTML fragments as typed (they are a defect to report).
    at(doc, TAB, "Käsittely perustuu jäsenyyteen.", 9, 90, "Henkilötietojen käsittelyn tarkoitus")
    assert section(doc, "Henkilötietojen käsittelyn tarkoitus").body.startswith("<p>Tietoja")
    # The continuation line (starting with a tab) belongs to the row above.
    at(doc, TAB, "Lisäksi tallennetaan liittymispäivä.", 12, 5, "Rekisterin tietosisältö")
    assert section(doc, "Automaattinen päätöksenteko").is_empty
    assert section(doc, "Laatimispäivä").body == "15.01.2025"


# --- Markdown -------------------------------------------------------------------------------

MD = LAYOUTS / "md_headings.md"


def test_markdown_headings() -> None:
    doc = load(MD)
    assert doc.format == "markdown"
    assert doc.title == "Tietosuojaseloste: Esimerkkilän Pyöräilyseura ry"  # front matter
    assert headings(doc) == [
        ("Pyöräilyseuran tietosuojaseloste", 1),
        ("Rekisterinpitäjä", 2),
        ("Käsiteltävät tiedot", 2),
        ("Tapahtumailmoittautumiset", 3),  # **bold** line
        ("Säilytysaika", 2),  # setext underline
        ("Poikkeukset", 3),  # __bold__ line
    ]
    assert [s.line for s in doc.sections] == [6, 10, 14, 26, 30, 35]


def test_markdown_fenced_code_is_body() -> None:
    doc = load(MD)
    body = section(doc, "Käsiteltävät tiedot").body
    assert body.endswith("# jäsentietue\nNimi: Ilona Esimerkki\nSähköposti: ilona@example.invalid"
                         "\n\nJäsennumero: 1234")
    at(doc, MD, "# jäsentietue", 19, 1, "Käsiteltävät tiedot")
    at(doc, MD, "Nimi: Ilona Esimerkki", 20, 1, "Käsiteltävät tiedot")
    at(doc, MD, "Jäsennumero: 1234", 23, 1, "Käsiteltävät tiedot")
    assert "```" not in doc.text


def test_markdown_emphasis_is_hidden_and_columns_stay_exact() -> None:
    doc = load(MD)
    body = section(doc, "Säilytysaika").body
    assert body == "Tiedot poistetaan kahden vuoden kuluttua jäsenyyden päättymisestä."
    raw = MD.read_text(encoding="utf-8").splitlines()[32]
    assert raw.index("kahden") == 20 and raw.index("kuluttua") == 36
    for needle, column in (("kahden vuoden", 21), ("kuluttua jäsenyyden", 37)):
        loc = doc.location(doc.text.index(needle))
        assert (loc.line, loc.column) == (33, column)


def test_markdown_labels_under_headings_are_subsections(tmp_path: Path) -> None:
    path = tmp_path / "kentat.md"
    path.write_text("# Seloste\n\n## Rekisterinpitäjä\n\nNimi: Kuusikko ry\n\n"
                    "Osoite: Kuusitie 1, 00000 Esimerkkilä\n\nPuhelin: 040 000 0000\n\n"
                    "### Tietosuojavastaava\n\n**Yhteystiedot**\n\ntietosuoja@kuusikko.invalid\n",
                    encoding="utf-8")
    doc = load(path)
    assert headings(doc) == [("Seloste", 1), ("Rekisterinpitäjä", 2), ("Nimi", 4),
                             ("Osoite", 4), ("Puhelin", 4), ("Tietosuojavastaava", 3),
                             ("Yhteystiedot", 4)]
    # ... so neither '## Rekisterinpitäjä' nor '### Tietosuojavastaava' is an empty section.
    catalogue = load_catalogue()
    findings = audit(doc, analyse(doc, "fi"), catalogue, catalogue.select(["T002"], []))
    assert findings == []


def test_title_block_with_date_lines(tmp_path: Path) -> None:
    path = tmp_path / "otsikko.txt"
    path.write_text("TIETOSUOJASELOSTE – JÄSENREKISTERI\nKuusikon Kuoro ry\nPäivitetty 2.9.2024\n\n"
                    "1. Rekisterinpitäjä\n\nKuusikon Kuoro ry\n\n2. Yhteyshenkilö\n\nSihteeri\n\n"
                    "3. Säilytysaika\n\nVuosi eroamisesta.\n", encoding="utf-8")
    doc = load(path)
    assert headings(doc) == [("TIETOSUOJASELOSTE – JÄSENREKISTERI", 1), ("1. Rekisterinpitäjä", 2),
                             ("2. Yhteyshenkilö", 2), ("3. Säilytysaika", 2)]
    assert doc.sections[0].body == "Kuusikon Kuoro ry\nPäivitetty 2.9.2024"
    at(doc, path, "Päivitetty 2.9.2024", 3, 1, "TIETOSUOJASELOSTE – JÄSENREKISTERI")


def test_wrapped_first_sentence_is_not_a_title(tmp_path: Path) -> None:
    path = tmp_path / "alku.txt"
    path.write_text("Tässä selosteessa kerrotaan, miten Kuusikon Kuoro\n"
                    "käsittelee jäsenten tietoja.\n\n"
                    "1. Rekisterinpitäjä\n\nKuusikon Kuoro ry\n\n2. Yhteyshenkilö\n\nSihteeri\n\n"
                    "3. Säilytysaika\n\nVuosi eroamisesta.\n", encoding="utf-8")
    doc = load(path)
    assert headings(doc) == [("", 0), ("1. Rekisterinpitäjä", 2), ("2. Yhteyshenkilö", 2),
                             ("3. Säilytysaika", 2)]
    assert doc.sections[0].body == \
        "Tässä selosteessa kerrotaan, miten Kuusikon Kuoro käsittelee jäsenten tietoja."
    at(doc, path, "käsittelee jäsenten", 2, 1)


# --- the seed notices (real layouts) --------------------------------------------------------

def seed(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


@requires_seeds
def test_seed_000_inline_labels() -> None:
    doc = load(seed("000"))
    assert len(doc.sections) == 11
    assert headings(doc)[:3] == [("Rekisterinpitäjä", 2), ("Rekisterin nimi", 2),
                                 ("Henkilötietojen käsittelyn tarkoitus ja peruste", 2)]
    assert all(s.label for s in doc.sections)
    assert [s.line for s in doc.sections] == list(range(1, 22, 2))
    assert doc.sections[-1].heading == "Tietoturvaloukkauksista ilmoittaminen"
    assert section(doc, "Rekisterin nimi").body == "Asiakastietorekisteri Juvan Optiikka Oy"
    # 'A) Manuaaliset aineistot:' inside a value is not a label.
    assert section(doc, "Tietojen suojaus, tekniset ja organisatoriset toimenpiteet") \
        .body.startswith("A) Manuaaliset aineistot:")


@requires_seeds
def test_seed_001_title_and_eleven_numbered_sections() -> None:
    path = seed("001")
    doc = load(path)
    assert len(doc.sections) == 12
    assert headings(doc)[:4] == [("Tietosuojaseloste — Asiakasrekisteri", 1),
                                 ("1. Rekisterinpitäjä", 2),
                                 ("2. Yhteyshenkilö rekisteriä koskevissa asioissa", 2),
                                 ("3. Rekisterin nimi", 2)]
    assert [s.heading.split(".")[0] for s in doc.sections[1:]] == [str(n) for n in range(1, 12)]
    assert [s.line for s in doc.sections] == [3, 9, 15, 23, 27, 35, 41, 54, 64, 72, 76, 84]
    assert section(doc, "3. Rekisterin nimi").body == \
        "Kalvokeskus.fi käyttäjä-, asiakas- ja markkinointirekisteri"
    at(doc, path, "Päivitetty viimeksi: 12.7.2020", 7, 1, "Tietosuojaseloste — Asiakasrekisteri")
    at(doc, path, "- Luottotietoyritykset", 49, 1, "6. Miten tietoa kerätään ja saadaan?")


@requires_seeds
def test_seed_002_tab_export() -> None:
    path = seed("002")
    doc = load(path)
    assert len(doc.sections) == 16
    assert headings(doc)[:4] == [("Asiakasrekisteri - tietosuojaseloste", 1),
                                 ("Laatimispäivä", 2), ("Rekisterinpitäjä", 2),
                                 ("Yhteyshenkilö rekisteriä koskevissa asioissa", 2)]
    assert [s.line for s in doc.sections] == [3, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18,
                                              21, 22, 23]
    assert doc.sections[10].heading == "Rekisterin suojauksen periaatteet A: Manuaalinen aineisto"
    at(doc, path, "<p>luottopäätöksen tueksi.", 13, 2, "Säännönmukaiset tietolähteet")


@requires_seeds
def test_seed_003_tab_export_with_bold_tags() -> None:
    doc = load(seed("003"))
    assert len(doc.sections) == 16
    assert doc.title == "Asiakasrekisteri - tietosuojaseloste"
    assert headings(doc)[:4] == [("Asiakasrekisteri - tietosuojaseloste", 1),
                                 ("Laatimispäivä", 2), ("Rekisterinpitäjä", 2),
                                 ("Yhteyshenkilö rekisteriä koskevissa asioissa", 2)]
    assert section(doc, "Laatimispäivä").body == "04.01.2018"


@requires_seeds
def test_seed_004_empty_profiling_section() -> None:
    doc = load(seed("004"))
    assert len(doc.sections) == 26
    assert headings(doc)[:3] == [("Asiakasrekisteri - tietosuojaseloste", 1),
                                 ("Laatimispäivä", 2), ("Rekisterinpitäjä", 2)]
    profiling = section(doc, "Automaattinen käsittely ja profilointi")
    assert (profiling.line, profiling.body) == (26, "")
    assert doc.sections[profiling.index + 1].line == 27
    assert section(doc, "Henkilötietojen säilyttämisaika").body == \
        "10 vuotta asiakkuuden päättymisestä lukien."

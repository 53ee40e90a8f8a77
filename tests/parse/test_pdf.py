"""PDF parsing: headings from typography, running headers/footers, pages, bad files."""
from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from noticeaudit.errors import SourceError
from noticeaudit.parse.pdf import parse_pdf

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "corpus" / "layouts"
REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"

HEADER = "Tietosuojaseloste – Esimerkkiyhdistys Kuusikko ry"
REPEATED = "Lisätietoja saat yhdistyksen sihteeriltä arkisin kello 9–15."


def parse(name: str):
    path = LAYOUTS / name
    return parse_pdf(path.read_bytes(), str(path))


def pdf_bytes(draw) -> bytes:
    """A one-page PDF drawn by draw(canvas)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_sized_headings():
    doc = parse("pdf_headings.pdf")
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "Jäsenrekisterin tietosuojaseloste"),
        (2, "1. Rekisterinpitäjä"),
        (2, "2. Yhteyshenkilö rekisteriä koskevissa asioissa"),
        (2, "3. Käsittelyn tarkoitus ja oikeusperuste"),
        (2, "4. Rekisterin tietosisältö"),
        (2, "5. Säännönmukaiset tietolähteet"),
        (2, "6. Tietojen luovutukset"),
        (2, "7. Tietojen siirto EU:n tai ETA:n ulkopuolelle"),
        (2, "8. Säilytysaika"),
        (2, "9. Rekisteröidyn oikeudet"),
        (2, "10. Oikeus tehdä valitus valvontaviranomaiselle"),
        (2, "11. Muutokset selosteeseen"),
    ]
    assert doc.title == "Jäsenrekisterin tietosuojaseloste"
    assert doc.format == "pdf"


def test_bold_headings_at_body_size():
    doc = parse("pdf_bold_headings.pdf")
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "Tietosuojaseloste"),
        (2, "Rekisterinpitäjä"),
        (2, "Rekisterin nimi"),
        (2, "Henkilötietojen käsittelyn tarkoitus"),
        (2, "Rekisterin tietosisältö"),
        (2, "Säännönmukaiset tietolähteet"),
        (2, "Tietojen luovutukset"),
        (2, "Säilytysaika"),
        (2, "Rekisteröidyn oikeudet"),
    ]
    # A bold sentence and a half-bold "label: value" line stay body text.
    assert "Emme myy asiakastietoja kenellekään." in doc.sections[3].body
    assert "Puhelin: 040 000 0002" in doc.sections[1].body


def test_running_header_footer_and_page_numbers_removed():
    doc = parse("pdf_headings.pdf")
    assert HEADER not in doc.text
    assert "Sivu" not in doc.text
    bold = parse("pdf_bold_headings.pdf")
    assert not any(line.strip().isdigit() for line in bold.text.splitlines())


def test_repeated_body_sentence_is_kept():
    # It repeats on two of three pages, like a footer, but sits in the body.
    doc = parse("pdf_headings.pdf")
    assert doc.text.count(REPEATED) == 2
    first = doc.text.index(REPEATED)
    second = doc.text.index(REPEATED, first + 1)
    assert doc.location(first).page == 1
    assert doc.location(second).page == 2


def test_locations_have_pages_and_lines():
    doc = parse("pdf_headings.pdf")
    loc = doc.location(doc.text.index("Jäsenellä on oikeus tarkastaa omat tietonsa"))
    assert (loc.page, loc.line, loc.column) == (3, 3, 1)  # line 1 is the running header
    assert loc.section == "9. Rekisteröidyn oikeudet"
    assert doc.location(doc.text.index("Tietoja ei siirretä Euroopan unionin")).page == 2


def test_paragraph_continues_over_page_break():
    doc = parse("pdf_headings.pdf")
    body = doc.sections[5].body
    assert "poistamista tai korjaamista" in body  # a wrapped line joins its sentence
    loc = doc.location(doc.text.index("tai korjaamista"))
    assert (loc.page, loc.line) == (2, 2)


def test_hyphenated_words():
    doc = parse("pdf_headings.pdf")
    assert "tarvittavat henkilötiedot: nimi" in doc.text
    loc = doc.location(doc.text.index("nimi, kotikunta"))
    assert loc.column == len("tiedot: ") + 1  # where "nimi" stands on its own line
    assert "EU-alueen" in doc.text  # a hyphen after a capital is kept, not mended away


def test_encrypted():
    with pytest.raises(SourceError, match=r"^encrypted PDF$"):
        parse("pdf_encrypted.pdf")


def test_encrypted_fixture_opens_with_its_password():
    import pdfplumber

    with pdfplumber.open(LAYOUTS / "pdf_encrypted.pdf", password="kuusikko-salasana") as pdf:
        assert "Rekisterinpitäjä" in pdf.pages[0].extract_text()


def test_owner_password_only_still_parses():
    from reportlab.lib.pdfencrypt import StandardEncryption

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=StandardEncryption("", ownerPassword="omistaja", canCopy=0))
    c.drawString(72, 700, "Rekisterinpitäjä on Esimerkki Oy.")
    c.showPage()
    c.save()
    assert "Esimerkki Oy" in parse_pdf(buf.getvalue(), "owner.pdf").text


def test_truncated():
    with pytest.raises(SourceError, match=r"^not a readable PDF \(truncated"):
        parse("pdf_truncated.pdf")


@pytest.mark.parametrize("data", [
    b"",
    random.Random(13).randbytes(4096),
    b"%PDF-1.4\n" + random.Random(14).randbytes(2048) + b"\n%%EOF\n",
])
def test_garbage_is_not_a_pdf(data: bytes):
    with pytest.raises(SourceError, match=r"^not a readable PDF \("):
        parse_pdf(data, "junk.pdf")


def test_no_text_layer():
    data = pdf_bytes(lambda c: c.rect(72, 72, 300, 400, fill=1))
    with pytest.raises(SourceError, match=r"^no text layer \(scanned PDF\?\)$"):
        parse_pdf(data, "scan.pdf")


def test_title_falls_back_to_metadata():
    def draw(c):
        c.setTitle("Asiakasrekisterin tietosuojaseloste")
        c.drawString(72, 700, "Tämä on pelkkää leipätekstiä ilman otsikoita.")

    doc = parse_pdf(pdf_bytes(draw), "plain.pdf")
    assert doc.title == "Asiakasrekisterin tietosuojaseloste"
    assert [s.heading for s in doc.sections] == [""]


@pytest.mark.skipif(not REALWORLD.is_dir(), reason="shared real-world notices not available")
@pytest.mark.parametrize("name", ["05_careercompassi-tietosuojaseloste.pdf",
                                  "08_as-alumnit-jasenrekisteri.pdf"])
def test_real_pdfs(name: str):
    path = REALWORLD / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    doc = parse_pdf(path.read_bytes(), str(path))
    headed = [s for s in doc.sections if s.heading]
    assert len(headed) >= 5
    assert doc.title and "TIETOSUOJASELOSTE" in doc.title
    assert all(s.page for s in headed)


def _pages_with(running: str, top: bool, bodies: list[str]) -> bytes:
    """A PDF of several pages, each with one body line and the same running line."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    height = A4[1]
    for body in bodies:
        c.setFont("Helvetica", 10)
        c.drawString(72, height - 30 if top else 25, running)
        c.drawString(72, height - 120, body)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("running,top", [
    ("Privacy notice of Meadowlark Books – last updated 3 March 2023", False),
    ("Integritetspolicy för Ekbackens förskola, fastställd 2024-11-05", True),
])
def test_a_dated_running_line_is_kept_once_so_the_notice_keeps_its_date(running: str, top: bool):
    from noticeaudit.dates import notice_date

    bodies = ["We use your email address to send you our newsletter.",
              "You may ask us to delete your data at any time.",
              "We keep order records for six years."]
    doc = parse_pdf(_pages_with(running, top, bodies), "dated.pdf")
    assert doc.text.count(running) == 1
    # A header stays on its first page, a footer on its last (no body text is split).
    assert doc.location(doc.text.index(running)).page == (1 if top else 3)
    found = notice_date(doc.text)
    assert found is not None and found.date.year in (2023, 2024)


def test_an_undated_running_line_is_still_dropped():
    bodies = ["We use your email address to send you our newsletter.",
              "You may ask us to delete your data at any time."]
    doc = parse_pdf(_pages_with("Meadowlark Books – privacy notice", False, bodies), "plain.pdf")
    assert "Meadowlark Books – privacy notice" not in doc.text

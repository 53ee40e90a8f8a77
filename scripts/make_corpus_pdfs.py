"""Generate the PDF layout fixtures in corpus/layouts/ (invented organisations only).

- pdf_headings.pdf: 18pt title, 13pt bold numbered headings, 10pt body, a
  running header and a "Sivu N / M" footer on every page, a word hyphenated
  across lines, a paragraph that runs over a page break, and one sentence that
  repeats on two pages in the body (it must survive header/footer removal);
- pdf_bold_headings.pdf: headings bold at body size, bare page numbers;
- pdf_encrypted.pdf: needs a user password to open;
- pdf_truncated.pdf: the first 60% of pdf_headings.pdf.

Output is deterministic (reportlab's invariant mode), so rerunning gives the
same bytes. Run: python3 scripts/make_corpus_pdfs.py
"""
from __future__ import annotations

from pathlib import Path

# Must be set before reportlab.lib.pdfencrypt is imported: it picks its random
# source (fixed or os.urandom) at import time.
from reportlab import rl_config

rl_config.invariant = 1

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "corpus" / "layouts"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

HEADER = "Tietosuojaseloste – Esimerkkiyhdistys Kuusikko ry"
# A paragraph of its own on pages 1 and 2: it repeats on most pages, like a
# running footer, but sits in the body and must be kept.
REPEATED = "Lisätietoja saat yhdistyksen sihteeriltä arkisin kello 9–15."

# ("title"|"h"|"p"|"bold", text) | ("lines", [line, ...]) | ("field", label, value) | ("break",)
Item = tuple

HEADINGS_NOTICE: list[Item] = [
    ("title", "Jäsenrekisterin tietosuojaseloste"),
    ("p", "Laadittu 12.3.2024. Tässä selosteessa kerromme, miten Esimerkkiyhdistys Kuusikko ry "
          "käsittelee jäsentensä henkilötietoja EU:n yleisen tietosuoja-asetuksen (2016/679) "
          "artiklojen 13 ja 14 mukaisesti."),
    ("h", "1. Rekisterinpitäjä"),
    ("p", "Esimerkkiyhdistys Kuusikko ry (Y-tunnus 0000000-0), Kuusitie 1 A, 00000 Esimerkkilä. "
          "Sähköposti hallitus@kuusikko.invalid, puhelin 040 000 0000."),
    ("h", "2. Yhteyshenkilö rekisteriä koskevissa asioissa"),
    ("p", "Rekisteriä koskevissa asioissa yhteyshenkilönä toimii yhdistyksen sihteeri Maija "
          "Esimerkki, sihteeri@kuusikko.invalid, puhelin 040 000 0001."),
    ("p", REPEATED),
    ("h", "3. Käsittelyn tarkoitus ja oikeusperuste"),
    ("p", "Henkilötietoja käsitellään jäsenyyden hoitamiseksi: jäsenmaksujen perimiseen, "
          "kokouskutsujen ja jäsentiedotteiden lähettämiseen sekä yhdistyksen tapahtumien "
          "järjestämiseen. Yhdistyslaki velvoittaa yhdistyksen pitämään luetteloa jäsenistään."),
    ("p", "Käsittelyn oikeusperusteena on rekisterinpitäjän lakisääteinen velvoite "
          "(yhdistyslaki 11 §) sekä jäsenyyteen perustuva oikeutettu etu. Valokuvien "
          "julkaiseminen yhdistyksen verkkosivuilla perustuu jäsenen suostumukseen, jonka voi "
          "perua milloin tahansa ilmoittamalla siitä sihteerille."),
    ("h", "4. Rekisterin tietosisältö"),
    ("lines", ["Rekisteriin tallennetaan vain jäsenyyden hoitamiseen tarvittavat henkilö-",
               "tiedot: nimi, kotikunta, sähköpostiosoite, puhelinnumero, liittymispäivä",
               "ja jäsenmaksujen maksutiedot. EU-",
               "alueen ulkopuolisia tunnisteita ei tallenneta."]),
    ("p", "Tapahtumiin ilmoittautuneilta kerätään lisäksi tieto ruokavaliosta, mikäli osallistuja "
          "itse haluaa sen ilmoittaa. Ruokavaliotiedot poistetaan kahden viikon kuluessa "
          "tapahtuman päättymisestä, eikä niitä käytetä mihinkään muuhun tarkoitukseen. "
          "Jäsenmaksujen maksutiedot säilytetään kirjanpitolain edellyttämän ajan, minkä "
          "jälkeen ne hävitetään. Yhdistyksen hallitus käy rekisterin sisällön läpi kerran "
          "vuodessa ja poistaa tiedot, joita ei enää tarvita jäsenyyden hoitamiseen tai "
          "yhdistyksen lakisääteisten velvoitteiden täyttämiseen. Jäsen voi milloin tahansa "
          "tarkistaa, mitä tietoja hänestä on tallennettu, ja pyytää virheellisten tietojen "
          "korjaamista ottamalla yhteyttä sihteeriin."),
    ("h", "5. Säännönmukaiset tietolähteet"),
    ("p", "Tiedot saadaan jäseneltä itseltään liittymislomakkeella sekä myöhemmin jäsenen "
          "omista ilmoituksista. Osoitetietoja voidaan päivittää Postin osoitepalvelun avulla, "
          "jos jäsenelle lähetetty posti palautuu. Tapahtumien osallistujatiedot saadaan "
          "ilmoittautumislomakkeelta, jonka osallistuja täyttää itse. Hallitus voi lisäksi "
          "merkitä rekisteriin tiedon luottamustehtävistä, joihin jäsen on valittu yhdistyksen "
          "kokouksessa, sekä tiedon kunniajäsenyydestä tai muista yhdistyksen myöntämistä "
          "huomionosoituksista. Jäsen saa aina nähtäväkseen kaikki näin kirjatut tiedot "
          "pyytämällä niitä sihteeriltä, ja hän voi pyytää virheellisen merkinnän poistamista "
          "tai korjaamista, jolloin korjaus tehdään viipymättä."),
    ("h", "6. Tietojen luovutukset"),
    ("p", "Tietoja ei luovuteta yhdistyksen ulkopuolelle. Jäsenrekisteri on teknisesti "
          "Esimerkkipalvelu Oy:n ylläpitämässä järjestelmässä, joka toimii "
          "henkilötietojen käsittelijänä kirjallisen sopimuksen perusteella."),
    ("h", "7. Tietojen siirto EU:n tai ETA:n ulkopuolelle"),
    ("p", "Tietoja ei siirretä Euroopan unionin tai Euroopan talousalueen ulkopuolelle."),
    ("h", "8. Säilytysaika"),
    ("p", "Jäsenen tiedot poistetaan viimeistään vuoden kuluttua jäsenyyden päättymisestä. "
          "Kirjanpitoon liittyvät tiedot säilytetään kuusi vuotta tilikauden päättymisestä."),
    ("p", REPEATED),
    ("break",),
    ("h", "9. Rekisteröidyn oikeudet"),
    ("p", "Jäsenellä on oikeus tarkastaa omat tietonsa, vaatia virheellisten tietojen "
          "oikaisemista tai poistamista, vaatia käsittelyn rajoittamista, vastustaa "
          "käsittelyä sekä siirtää tiedot järjestelmästä toiseen. Pyynnöt lähetetään "
          "sihteerille sähköpostitse."),
    ("h", "10. Oikeus tehdä valitus valvontaviranomaiselle"),
    ("p", "Jos katsot, että henkilötietojasi käsitellään tietosuoja-asetuksen vastaisesti, "
          "voit tehdä valituksen tietosuojavaltuutetun toimistolle (www.tietosuoja.fi)."),
    ("h", "11. Muutokset selosteeseen"),
    ("p", "Päivitämme tätä selostetta tarvittaessa. Viimeisin versio on saatavilla "
          "yhdistyksen verkkosivuilla osoitteessa kuusikko.example.fi."),
]

BOLD_NOTICE: list[Item] = [
    ("title", "Tietosuojaseloste"),
    ("p", "Asiakasrekisteri – Kahvila Puolukka Oy. Päivitetty 5.2.2024."),
    ("h", "Rekisterinpitäjä"),
    ("p", "Kahvila Puolukka Oy, Marjakatu 3, 00000 Esimerkkilä."),
    ("field", "Puhelin:", "040 000 0002"),
    ("h", "Rekisterin nimi"),
    ("p", "Kahvila Puolukka Oy:n kanta-asiakasrekisteri."),
    ("h", "Henkilötietojen käsittelyn tarkoitus"),
    ("p", "Tietoja käytetään kanta-asiakasetujen hallintaan ja asiakasviestintään. "
          "Markkinointiviestejä lähetetään vain asiakkaan suostumuksella."),
    ("bold", "Emme myy asiakastietoja kenellekään."),
    ("h", "Rekisterin tietosisältö"),
    ("p", "Nimi, sähköpostiosoite, puhelinnumero sekä ostohistoria kanta-asiakaskortilla "
          "tehdyistä ostoista."),
    ("break",),
    ("h", "Säännönmukaiset tietolähteet"),
    ("p", "Tiedot saadaan asiakkaalta itseltään kanta-asiakkaaksi liityttäessä."),
    ("h", "Tietojen luovutukset"),
    ("p", "Tietoja ei luovuteta kolmansille osapuolille."),
    ("h", "Säilytysaika"),
    ("p", "Tiedot poistetaan kahden vuoden kuluttua viimeisestä ostosta."),
    ("h", "Rekisteröidyn oikeudet"),
    ("p", "Asiakkaalla on oikeus tarkastaa, oikaista ja poistaa omat tietonsa sekä tehdä "
          "valitus tietosuojavaltuutetulle. Pyynnöt osoitteeseen asiakas@puolukka.invalid."),
]


def fonts() -> tuple[str, str]:
    """Regular and bold font names: DejaVu Sans if installed, else Helvetica (WinAnsi has ä/ö/å)."""
    regular, bold = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def layout(items: list[Item], styles: dict[str, tuple[str, float, float, float, float]],
           top: float, bottom: float, left: float, width: float) -> list[list[tuple]]:
    """Place items on pages: returns per page a list of (x, y, font, size, text).

    styles: kind -> (font, size, leading, space_before, space_after).
    """
    pages: list[list[tuple]] = [[]]
    y = top
    for item in items:
        kind = item[0]
        if kind == "break":
            pages.append([])
            y = top
            continue
        font, size, leading, before, after = styles[kind]
        if kind == "lines":
            lines = item[1]
        elif kind == "field":
            lines = [item[1]]
        else:
            lines = simpleSplit(item[1], font, size, width)
        if pages[-1]:
            y -= before
        for line in lines:
            # Keep a heading with at least two lines of what follows.
            need = leading * (3 if kind in ("h", "title") else 1)
            if y - need < bottom:
                pages.append([])
                y = top
            y -= leading
            pages[-1].append((left, y, font, size, line))
        if kind == "field":
            # A bold label followed by a regular value on the same line.
            vfont = styles["p"][0]
            x = left + pdfmetrics.stringWidth(item[1] + " ", font, size)
            pages[-1].append((x, y, vfont, size, item[2]))
        y -= after
    return pages


def draw(path: Path, pages: list[list[tuple]], regular: str,
         header: str | None, footer: str | None, encrypt: str | None = None) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=encrypt)
    c.setTitle("Tietosuojaseloste")
    c.setAuthor("noticeaudit test corpus")
    width, height = A4
    total = len(pages)
    for n, ops in enumerate(pages, 1):
        if header:
            c.setFont(regular, 8)
            c.drawString(56, height - 30, header)
        if footer:
            c.setFont(regular, 8)
            c.drawCentredString(width / 2, 28, footer.format(n=n, total=total))
        for x, y, font, size, text in ops:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    regular, bold = fonts()
    width, height = A4
    left, text_width = 56, width - 2 * 56
    # Body stays clear of the top/bottom 8% where running headers and footers live.
    top, bottom = height - 72, 84

    sized = {"title": (regular, 18, 24, 0, 10), "h": (bold, 13, 17, 10, 4),
             "p": (regular, 10, 13, 0, 8), "lines": (regular, 10, 13, 0, 8)}
    pages = layout(HEADINGS_NOTICE, sized, top, bottom, left, text_width)
    draw(OUT / "pdf_headings.pdf", pages, regular, HEADER, "Sivu {n} / {total}")
    draw(OUT / "pdf_encrypted.pdf", pages, regular, HEADER, "Sivu {n} / {total}",
         encrypt="kuusikko-salasana")

    data = (OUT / "pdf_headings.pdf").read_bytes()
    (OUT / "pdf_truncated.pdf").write_bytes(data[: int(len(data) * 0.6)])

    flat = {"title": (bold, 14, 18, 0, 8), "h": (bold, 10, 13, 10, 3),
            "p": (regular, 10, 13, 0, 8), "lines": (regular, 10, 13, 0, 8),
            "bold": (bold, 10, 13, 0, 8), "field": (bold, 10, 13, 0, 8)}
    pages = layout(BOLD_NOTICE, flat, top, bottom, left, text_width)
    draw(OUT / "pdf_bold_headings.pdf", pages, regular, None, "{n}")


if __name__ == "__main__":
    main()

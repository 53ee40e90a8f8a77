"""Generate the Word layout fixture corpus/layouts/docx_headings.docx (invented organisation).

Body paragraphs, numbered as the .docx parser numbers them (every body-level
paragraph, empty ones included, and one number per table row):

     1  Heading 1   Tietosuojaseloste – Esimerkkilän Soutuseura ry
     2  Normal      Päivitetty 10.2.2025. ...
     3  Normal      (empty)
     4  Heading 2   Rekisterinpitäjä ja yhteystiedot
   5-7  table       two columns: field | value
     8  Heading 2   Käsittelyn tarkoitus ja oikeusperuste
     9  Normal      ...
    10  Normal      all runs bold: a heading without a heading style
    11  Normal      ...
    12  Heading 2   Säilytysaika
    13  Normal      inside a content control (w:sdt), with a line break
    14  Normal      only partly bold: body text

Output is deterministic: fixed document properties and fixed ZIP timestamps,
so rerunning gives the same bytes. Run: python3 scripts/make_corpus_docx.py
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

OUT = Path(__file__).resolve().parents[1] / "corpus" / "layouts" / "docx_headings.docx"
FIXED_TIME = dt.datetime(2025, 2, 10, 12, 0, 0)


def build() -> bytes:
    """The fixture as .docx bytes."""
    d = docx.Document()
    props = d.core_properties
    props.author = props.last_modified_by = "noticeaudit corpus"
    props.title = "Tietosuojaseloste"
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    d.add_heading("Tietosuojaseloste – Esimerkkilän Soutuseura ry", level=1)
    d.add_paragraph("Päivitetty 10.2.2025. Tässä selosteessa kerrotaan, miten seura käsittelee "
                    "jäsentensä henkilötietoja.")
    d.add_paragraph("")
    d.add_heading("Rekisterinpitäjä ja yhteystiedot", level=2)
    table = d.add_table(rows=0, cols=2)
    for field, value in (
        ("Rekisterinpitäjä", "Esimerkkilän Soutuseura ry, Rantatie 3, 00000 Esimerkkilä"),
        ("Yhteyshenkilö", "Sihteeri Olli Esimerkki, puh. 040 000 0004"),
        ("Sähköposti", "hallitus@soutuseura.invalid"),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = field, value
    d.add_heading("Käsittelyn tarkoitus ja oikeusperuste", level=2)
    d.add_paragraph("Käsittelemme jäsenten tietoja jäsenyyden hoitamiseksi. Käsittely perustuu "
                    "jäsensopimukseen.")
    d.add_paragraph().add_run("Valokuvat tapahtumista").bold = True
    d.add_paragraph("Julkaisemme tapahtumakuvia vain kuvattavan suostumuksella.")
    d.add_heading("Säilytysaika", level=2)
    retention = d.add_paragraph("Jäsentiedot poistetaan vuoden kuluttua eroamisesta.")
    retention.add_run().add_break()
    retention.add_run("Kirjanpitoaineisto säilytetään kuusi vuotta.")
    _wrap_in_content_control(retention._p)
    note = d.add_paragraph()
    note.add_run("Huom.").bold = True
    note.add_run(" Tiedot voidaan poistaa myös jäsenen pyynnöstä.")

    buf = io.BytesIO()
    d.save(buf)
    return _fixed_zip(buf.getvalue())


def _wrap_in_content_control(p: OxmlElement) -> None:
    """Move a paragraph into a block-level content control, as Word templates do."""
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), "Säilytysaika")
    pr.append(alias)
    sdt.append(pr)
    sdt.append(content)
    p.addprevious(sdt)
    content.append(p)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the ZIP with fixed member timestamps (python-docx stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 2, 10, 12, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")


if __name__ == "__main__":
    main()

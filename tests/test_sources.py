"""Loading sources: format sniffing, decoding, and bad input (noticeaudit/sources.py).

Bad input is tested through the real CLI, next to a good notice: one line on
stderr naming the source and the reason, exit status 2, no traceback, and the
good notice still audited and in the JSON report.
"""
from __future__ import annotations

import io
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import NOTICE, make_pdf, run_cli

from noticeaudit.errors import SourceError
from noticeaudit.parse import parse, sniff
from noticeaudit.sources import Loaded, decode, expand, load_path

FINNISH = ("Rekisterinpitäjä: Esimerkkiyhdistys Kuusikko ry\n\n"
           "Säilytysaika: Jäsenen tiedot poistetaan kahden vuoden kuluttua eroamisesta.\n")


# --- decoding -------------------------------------------------------------------

def test_utf8() -> None:
    assert decode(FINNISH.encode("utf-8")) == FINNISH


def test_utf8_bom_is_dropped() -> None:
    assert decode(b"\xef\xbb\xbf" + FINNISH.encode("utf-8")) == FINNISH


def test_windows_1252_finnish() -> None:
    text = FINNISH + "Hinta 5 € – “lainaus” ÅÄÖ åäö.\n"
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec: str) -> None:
    assert decode(FINNISH.encode(codec)).lstrip("\ufeff") == FINNISH


def test_utf8_with_a_windows_1252_piece_pasted_in() -> None:
    data = FINNISH.encode("utf-8") + "Lisätty: yhteyshenkilö Äijälä.\n".encode("cp1252")
    assert decode(data) == FINNISH + "Lisätty: yhteyshenkilö Äijälä.\n"


def test_undecodable_bytes_are_refused() -> None:
    # Not UTF-8, and 0x81/0x8d/0x8f/0x90/0x9d are unassigned in Windows-1252.
    data = b"Rekisteri \x81\x8d\x8f\x90\x9d tiedot " * 40
    with pytest.raises(SourceError, match="undecodable"):
        decode(data)


def test_random_high_bytes_are_refused() -> None:
    rng = random.Random(7)
    data = bytes(rng.choice(list(range(0x80, 0x100))) for _ in range(4000))
    with pytest.raises(SourceError, match=r"undecodable|binary"):
        decode(data)


def test_binary_with_nul_bytes_is_refused() -> None:
    data = random.Random(1).randbytes(4000)
    with pytest.raises(SourceError, match="binary data"):
        decode(data)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n"])
def test_empty_and_whitespace(data: bytes) -> None:
    with pytest.raises(SourceError, match="empty"):
        parse(Loaded("x.txt", data, ".txt"))


# --- sniffing -------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="fi"><head><title>Tietosuojaseloste</title></head>
<body>
<h1>Tietosuojaseloste</h1>
<h2>Rekisterinpitäjä</h2>
<p>Esimerkkiyhdistys Kuusikko ry</p>
<h2>Käsittelyn peruste</h2>
<p>Henkilötietoja käsitellään henkilötietolain mukaisesti.</p>
</body></html>
"""


@pytest.mark.parametrize(("data", "suffix", "expected"), [
    (HTML.encode(), ".txt", "html"),
    (b"<div class='seloste'><h2>Rekisterinpit\xc3\xa4j\xc3\xa4</h2><p>Kuusikko ry</p></div>", "",
     "html"),
    (b"%PDF-1.4\n%...", "", "pdf"),
    (b"\n  %PDF-1.7\n", ".txt", "pdf"),
    (b"# Otsikko\n\nTeksti.\n", ".md", "markdown"),
    (b"# Otsikko\n\nTeksti.\n", ".txt", "text"),
    (b"Rekisterinpitaja: Kuusikko ry\n", "", "text"),
    (b"<b>Rekisterinpitaja</b>\tKuusikko ry\n", ".txt", "text"),
])
def test_sniff(data: bytes, suffix: str, expected: str) -> None:
    loaded = Loaded("x" + suffix, data, suffix)
    text = None if expected == "pdf" else decode(data)
    assert sniff(loaded, text) == expected


def test_zip_that_is_not_a_docx() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("kuvat/kuva.txt", "ei seloste")
    with pytest.raises(SourceError, match="ZIP"):
        sniff(Loaded("arkisto.zip", buf.getvalue(), ".zip"))


# --- expanding and loading ------------------------------------------------------------

def test_expand_directory(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    for name in ("d/b.txt", "d/a.HTML", "d/sub/c.pdf", "d/.git/x.txt", "d/muistio.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    root = str(tmp_path / "d")
    assert list(expand([root, "-", "https://esimerkki.invalid/seloste"])) == [
        (os.path.join(root, "a.HTML"), None), (os.path.join(root, "b.txt"), None),
        (os.path.join(root, "sub", "c.pdf"), None),
        ("-", None), ("https://esimerkki.invalid/seloste", None)]


def test_expand_directory_without_notices(tmp_path: Path) -> None:
    (tmp_path / "muistio.csv").write_text("a;b")
    [(source, error)] = list(expand([str(tmp_path)]))
    assert source == str(tmp_path)
    assert isinstance(error, SourceError) and "no notice files" in str(error)


def test_load_path_refuses_large_files_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "iso.txt"
    with open(big, "wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    with pytest.raises(SourceError, match=r"file too large \(3 MB; the limit is 2 MB\)"):
        load_path(str(big), max_bytes=2 * 1024 * 1024)


def test_load_path_reports_missing_and_directories(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load_path(str(tmp_path / "puuttuu.txt"))
    with pytest.raises(SourceError, match="not a regular file"):
        load_path(str(tmp_path))


# --- bad sources through the CLI, next to a good one -------------------------------------

def _missing(tmp: Path) -> Path:
    return tmp / "puuttuu.txt"


def _empty_dir(tmp: Path) -> Path:
    (tmp / "tyhja").mkdir()
    (tmp / "tyhja" / "muistio.csv").write_text("a;b\n")
    return tmp / "tyhja"


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name
    return make


def _huge(tmp: Path) -> Path:
    path = tmp / "valtava.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: instant, and no disk used
    return path


PDF_LINES = [("Tietosuojaseloste", "Helvetica-Bold", 18),
             ("1. Rekisterinpitäjä", "Helvetica-Bold", 13),
             ("Esimerkkiyhdistys Kuusikko ry, Kuusitie 1, 00000 Esimerkkilä.", "Helvetica", 10),
             ("2. Käsittelyn peruste", "Helvetica-Bold", 13),
             ("Henkilötietoja käsitellään henkilötietolain mukaisesti.", "Helvetica", 10)]


def _truncated_pdf(tmp: Path) -> Path:
    whole = make_pdf(tmp / "koko.pdf", PDF_LINES).read_bytes()
    path = tmp / "katkennut.pdf"
    path.write_bytes(whole[: len(whole) * 6 // 10])
    return path


def _encrypted_pdf(tmp: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return make_pdf(tmp / "salattu.pdf", PDF_LINES, StandardEncryption("salasana", "omistaja"))


BAD_SOURCES = {
    "missing": (_missing, "no such file or directory"),
    "empty-directory": (_empty_dir, "directory contains no notice files"),
    "empty": (_write("tyhja.txt", b""), "empty file"),
    "whitespace": (_write("valit.txt", b"  \n\t\n   \r\n"), "empty file"),
    "binary": (_write("roskaa.txt", random.Random(5).randbytes(5000)),
               "binary data"),
    "undecodable": (_write("merkit.txt", b"Tietoja \x81\x8d\x90\x9d k\xe4sitell\xe4\xe4n " * 50),
                    "undecodable"),
    "truncated-pdf": (_truncated_pdf, "PDF"),
    "encrypted-pdf": (_encrypted_pdf, "encrypted"),
    "50-MB": (_huge, "too large"),
}


@pytest.mark.parametrize("case", list(BAD_SOURCES))
def test_bad_source_is_one_line_exit_2_and_others_still_audited(tmp_path: Path,
                                                                 case: str) -> None:
    make, reason = BAD_SOURCES[case]
    bad = make(tmp_path)
    good = tmp_path / "hyva.txt"
    good.write_text(NOTICE, encoding="utf-8")
    run = run_cli("check", bad, good, "--select", "O001", "--format", "json")
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert run.stderr_lines == [f"noticeaudit: {bad}: {run.json['documents'][0]['error']}"]
    assert reason in run.stderr_lines[0]
    bad_doc, good_doc = run.json["documents"]
    assert bad_doc["source"] == str(bad) and bad_doc["findings"] == []
    assert good_doc["source"] == str(good) and good_doc["error"] is None
    assert [(f["rule"], f["location"]["line"]) for f in good_doc["findings"]] == [("O001", 7)]


def test_all_bad_sources_at_once_in_text_format(tmp_path: Path) -> None:
    bads = [make(tmp_path) for make, _ in BAD_SOURCES.values()]
    good = tmp_path / "hyva.txt"
    good.write_text(NOTICE, encoding="utf-8")
    run = run_cli("check", *bads[:4], good, *bads[4:], "--select", "O001")
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert [ln.split(": ")[1] for ln in run.stderr_lines] == [str(b) for b in bads]
    assert "O001 repealed-personal-data-act" in run.stdout
    assert f"({len(bads)} could not be audited)" in run.stdout


def test_too_large_standard_input() -> None:
    run = run_cli("check", "-", stdin=b"a" * (21 * 1024 * 1024))
    assert run.code == 2
    assert run.stderr_lines == ["noticeaudit: -: input too large (more than 20 MB)"]


# --- good sources that need care ----------------------------------------------------------

def _audit(path: Path) -> dict:
    run = run_cli("check", path, "--select", "O001", "--format", "json")
    assert "Traceback" not in run.stderr
    doc = run.json["documents"][0]
    assert doc["error"] is None, doc["error"]
    return doc


def test_windows_1252_notice_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "vanha.txt"
    path.write_bytes(NOTICE.encode("cp1252"))
    doc = _audit(path)
    assert [s["title"] for s in doc["sections"]][1:3] == ["Rekisterinpitäjä", "Yhteyshenkilö"]
    [finding] = doc["findings"]
    assert finding["excerpt"] == "Henkilötietoja käsitellään henkilötietolain mukaisesti."
    assert (finding["location"]["line"], finding["location"]["column"]) == (7, 48)


def test_utf8_bom_notice_keeps_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + NOTICE.encode("utf-8"))
    doc = _audit(path)
    assert doc["title"] == "Tietosuojaseloste"
    assert doc["sections"][0] == {"title": "Tietosuojaseloste", "line": 1, "page": None}
    assert [(f["location"]["line"], f["location"]["column"]) for f in doc["findings"]] == [(7, 48)]


def test_utf16_notice_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(NOTICE.encode("utf-16-le"))
    doc = _audit(path)
    assert doc["sections"][1]["title"] == "Rekisterinpitäjä"
    assert [(f["location"]["line"], f["location"]["column"]) for f in doc["findings"]] == [(7, 48)]


def test_html_saved_as_txt_is_parsed_as_html(tmp_path: Path) -> None:
    path = tmp_path / "sivu.txt"
    path.write_text(HTML, encoding="utf-8")
    doc = _audit(path)
    assert doc["format"] == "html"
    assert [(s["title"], s["line"]) for s in doc["sections"]] == [
        ("Tietosuojaseloste", 4), ("Rekisterinpitäjä", 5), ("Käsittelyn peruste", 7)]
    [finding] = doc["findings"]
    assert finding["location"]["line"] == 8  # the HTML source line
    assert "<p>" not in finding["excerpt"]


def test_pdf_without_extension_is_parsed_as_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "seloste", PDF_LINES)
    doc = _audit(path)
    assert doc["format"] == "pdf"
    assert [(s["title"], s["page"]) for s in doc["sections"]] == [
        ("Tietosuojaseloste", 1), ("1. Rekisterinpitäjä", 1), ("2. Käsittelyn peruste", 1)]
    [finding] = doc["findings"]
    # Page 1, fifth line of extracted text; 'Henkilötietoja käsitellään ' is 27 characters.
    assert (finding["location"]["page"], finding["location"]["line"],
            finding["location"]["column"]) == (1, 5, 28)


def test_pdf_with_only_an_owner_password_is_audited(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = make_pdf(tmp_path / "rajoitettu.pdf", PDF_LINES,
                    StandardEncryption("", "omistaja", canPrint=0, canCopy=0))
    doc = _audit(path)
    assert [f["rule"] for f in doc["findings"]] == ["O001"]


def test_docx_without_extension_is_parsed_as_docx(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_heading("Tietosuojaseloste", level=1)
    d.add_paragraph("Henkilötietoja käsitellään henkilötietolain mukaisesti.")
    path = tmp_path / "seloste"
    d.save(str(path))
    doc = _audit(path)
    assert doc["format"] == "docx"
    assert [(f["rule"], f["location"]["line"]) for f in doc["findings"]] == [("O001", 2)]

"""Tests for noticeaudit.report.github: exact workflow-command lines and their escaping.

The notice below was written for these tests; each expected line was worked
out from its text (line numbers count from 1, columns too, end columns are
exclusive).
"""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Result
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.report import render
from noticeaudit.report.github import escape_data, escape_property

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = load_catalogue()

# line 5: '(s-postiosoite)' at column 30 (15 chars)             -> T001 error
# line 7: 'henkilötietolain' at column 30 (16 chars)             -> O001 error
# line 9: '[täytä: jäsenetu 10 %, ks. liite]' at column 13 (33)  -> T001 error
# line 11: heading 'Profilointi' with nothing under it          -> T002 warning
NOTICE = """\
Tietosuojaseloste

Rekisterinpitäjä: Lumikko ry, Kuusitie 1, 00000 Esimerkkilä

Yhteyshenkilö: puheenjohtaja (s-postiosoite)

Peruste: Tietoja käsitellään henkilötietolain 8 §:n mukaisesti.

Alennukset: [täytä: jäsenetu 10 %, ks. liite]

Profilointi:

Säilytys: Tiedot poistetaan vuoden kuluttua.
"""
NAME = "seloste, v2: luonnos.txt"
FILE = "seloste%2C v2%3A luonnos.txt"


def audit(*sources: str | Path, select: list[str] | None = None) -> list[Result]:
    rules = CATALOGUE.select(select, None)
    return [audit_source(str(s), CATALOGUE, rules, Options()) for s in sources]


def annotations(results: list[Result]) -> list[str]:
    out = render("github", results, [])
    assert out.endswith("\n")
    return out.splitlines()


@pytest.fixture
def notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / NAME).write_text(NOTICE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return NAME


def test_one_exact_line_per_finding(notice: str) -> None:
    placeholder = "Mallipohjan täytettävä kohta on jäänyt julkaistuun selosteeseen"
    assert sorted(annotations(audit(notice, select=["T", "O"]))) == sorted([
        f"::error file={FILE},line=5,col=30,endLine=5,endColumn=45,"
        f"title=T001 template-placeholder::{placeholder}: '(s-postiosoite)'.",
        f"::error file={FILE},line=7,col=30,endLine=7,endColumn=46,"
        "title=O001 repealed-personal-data-act::"
        "Seloste nojaa kumottuun henkilötietolakiin: 'henkilötietolain'.",
        f"::error file={FILE},line=9,col=13,endLine=9,endColumn=46,"
        f"title=T001 template-placeholder::{placeholder}: "
        "'[täytä: jäsenetu 10 %25, ks. liite]'.",
        f"::warning file={FILE},line=11,col=1,endLine=11,endColumn=12,"
        "title=T002 empty-section::Otsikon 'Profilointi' alla ei ole sisältöä.",
    ])


def test_document_level_finding_names_only_the_file(notice: str) -> None:
    # Nothing in the notice mentions complaining to the supervisory authority.
    (line,) = annotations(audit(notice, select=["M018"]))
    head, message = line.split("::")[1:]
    assert head == f"error file={FILE},title=M018 missing-complaint-right"
    # What was searched follows the message on a second (escaped) line.
    first, searched = message.split("%0A")
    assert first == CATALOGUE.rules["M018"].text("message", "fi")
    assert searched.startswith("Etsitty:")


def test_info_is_a_notice_and_pdf_lines_go_into_the_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import make_pdf

    monkeypatch.chdir(tmp_path)
    make_pdf(tmp_path / "seloste.pdf", [
        ("Tietosuojaseloste", "Helvetica-Bold", 18),
        ("Osoitteet päivitetään Väestörekisterikeskuksen osoitepalvelusta.", "Helvetica", 10)])
    lines = annotations(audit("seloste.pdf", select=["O007"]))
    assert lines == [
        "::notice file=seloste.pdf,title=O007 renamed-authority::"
        "Page 1, line 2: Viranomainen mainitaan nimellä, jota sillä ei enää ole: "
        "'Väestörekisterikeskuksen'."]


def test_failed_source(notice: str) -> None:
    shutil.copy(REPO / "corpus" / "layouts" / "pdf_encrypted.pdf", "salattu.pdf")
    lines = annotations(audit("puuttuu.txt", "salattu.pdf", notice, select=["O001"]))
    assert lines[0].startswith("::error file=puuttuu.txt::could not be audited: ")
    assert lines[1].startswith("::error file=salattu.pdf::could not be audited: ")
    assert lines[2].startswith(f"::error file={FILE},line=7,")
    assert len(lines) == 3


def test_url_source_has_no_file_and_names_the_url(notice: str) -> None:
    (result,) = audit(notice, select=["O001"])
    url = "https://lumikko.example/tietosuoja"
    (line,) = annotations([dataclasses.replace(result, source=url)])
    assert line == ("::error line=7,col=30,endLine=7,endColumn=46,"
                    "title=O001 repealed-personal-data-act::https://lumikko.example/tietosuoja: "
                    "Seloste nojaa kumottuun henkilötietolakiin: 'henkilötietolain'.")


def test_escaping_rules() -> None:
    assert escape_data("100 % valmis\r\nseuraava: a, b") == "100 %25 valmis%0D%0Aseuraava: a, b"
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    # '%' first, so an escape sequence in the text is not decoded by GitHub.
    assert escape_data("%0A") == "%250A"

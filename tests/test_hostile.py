"""Hostile local inputs (issue 11): each is built here, refused with one line, exit 2,
and the other sources of the run are still audited."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli
from hostile import MiB, deflated, docx, pdf_with_stream

from noticeaudit.budget import OverBudget, time_budget
from noticeaudit.nlp import MAX_SENTENCE, sentences


def refused(tmp_path: Path, bad: Path, notice: Path, reason: str, *args: str) -> None:
    run = run_cli("check", bad, notice, "--format", "json", *args)
    assert run.code == 2, run.stderr
    assert len(run.stderr_lines) == 1, run.stderr
    assert re.fullmatch(f"noticeaudit: {re.escape(str(bad))}: {reason}", run.stderr_lines[0]), \
        run.stderr_lines[0]
    good = [d for d in run.json["documents"] if d["source"] == str(notice)]
    assert good and good[0]["findings"], "the good notice is still audited"


def test_a_docx_whose_xml_inflates_past_the_limit_is_refused(tmp_path: Path, notice: Path) -> None:
    bad = tmp_path / "pommi.docx"
    bad.write_bytes(docx(b"<w:p><w:r><w:t>tietosuoja</w:t></w:r></w:p>", 600_000))  # 25 MB of XML
    assert bad.stat().st_size < 200_000
    refused(tmp_path, bad, notice, r"\.docx text too large \(2\d\.\d MB unpacked; the limit is 20 MB\)")


def test_a_docx_that_understates_its_size_is_refused(tmp_path: Path, notice: Path) -> None:
    body = docx(b"<w:p><w:r><w:t>tietosuoja</w:t></w:r></w:p>", 40_000)
    real = zipfile.ZipFile(io.BytesIO(body)).getinfo("word/document.xml").file_size
    # The central directory claims 1000 bytes: what inflates beyond is not read.
    lied = body.replace(real.to_bytes(8, "little"), (1000).to_bytes(8, "little")) \
        .replace(real.to_bytes(4, "little"), (1000).to_bytes(4, "little"))
    assert lied != body
    bad = tmp_path / "valehtelija.docx"
    bad.write_bytes(lied)
    refused(tmp_path, bad, notice, r"not a readable \.docx file \(\w+\)")


def test_a_docx_of_empty_paragraphs_is_refused(tmp_path: Path, notice: Path) -> None:
    bad = tmp_path / "tyhjat.docx"
    bad.write_bytes(docx(b"<w:p/>", 1_000_000))
    refused(tmp_path, bad, notice,
            r"not a notice: more than 50,000 paragraphs and table rows in the \.docx file")


def test_a_docx_paragraph_of_a_million_runs_is_refused(tmp_path: Path, notice: Path) -> None:
    bad = tmp_path / "ajot.docx"
    bad.write_bytes(docx(b"<w:p>" + b"<w:r/>" * 1_000_000 + b"</w:p>"))
    refused(tmp_path, bad, notice,
            r"not a notice: a \.docx paragraph or table of more than 200,000 XML elements")


def test_a_pdf_flate_bomb_is_refused(tmp_path: Path, notice: Path) -> None:
    bad = tmp_path / "pommi.pdf"
    bad.write_bytes(pdf_with_stream(deflated(64 * MiB)))
    assert bad.stat().st_size < 200_000
    refused(tmp_path, bad, notice, r"not a notice: a PDF stream inflates to more than 20 MB")


def test_a_budget_interrupts_a_catastrophic_regex() -> None:
    with pytest.raises(OverBudget), time_budget(0.2):
        re.match(r"(a+)+$", "a" * 40 + "b")


def test_sentences_are_bounded_and_cover_the_text() -> None:
    paragraph = ("henkilötietoja käsitellään rekisterin ylläpitämiseksi, " * 400).strip()
    text = "\n".join([paragraph] * 3 + ["x" * 3 * MAX_SENTENCE])
    spans = sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    covered = "".join(text[s:e] for s, e in spans)
    assert covered.replace(" ", "") == text.replace("\n", "").replace(" ", "")
    # Cut at a clause boundary when there is one.
    first = text[spans[0][0]:spans[0][1]]
    assert first.rstrip().endswith(",")


def test_one_huge_line_is_audited_not_refused_by_spacy(tmp_path: Path) -> None:
    big = tmp_path / "rivi.txt"
    big.write_text("Tietosuojaseloste\n\n" + "henkilötietolain mukaisesti " * 45_000 + "\n",
                   encoding="utf-8")  # 1.3 million characters on one line
    run = run_cli("check", big, "--format", "json", "--select", "O001")
    assert run.code == 1, run.stderr
    assert run.stderr_lines == []
    assert any(f["rule"] == "O001" for f in run.json["documents"][0]["findings"])


def _slow_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    for page in range(pages):
        for row in range(50):
            c.drawString(72, 800 - 15 * row, f"Sivu {page} rivi {row}: henkilötietoja käsitellään")
        c.showPage()
    c.save()
    return path


def test_a_source_over_its_time_budget_fails_and_the_others_go_on(tmp_path: Path,
                                                                 notice: Path) -> None:
    # 400 pages take pdfminer far longer than 5 s on any machine; the notice takes
    # well under a second.
    bad = _slow_pdf(tmp_path / "pitka.pdf", 400)
    refused(tmp_path, bad, notice, r"not audited within 5 s \(see --source-timeout\)",
            "--source-timeout", "5")

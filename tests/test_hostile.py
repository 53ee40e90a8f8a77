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


# --- configuration files (item 5) ---------------------------------------------------------

def test_an_unrelated_pyproject_that_is_not_utf8_is_ignored(tmp_path: Path, notice: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b'[project]\nname = "x"\ndescription = "\xe4"\n')
    run = run_cli("check", notice, "--select", "O001", cwd=tmp_path)
    assert run.code == 1 and run.stderr_lines == [], run.stderr


@pytest.mark.parametrize(("content", "reason"), [
    (b'[tool.noticeaudit]\nfail-on = \n', r"invalid TOML: .*\(at line 2, column \d+\)"),
    (b'[tool.noticeaudit]\nfail-on = "\xe4"\n', r"not UTF-8 text \(byte 31 of the file\), as TOML must be"),
])
def test_a_broken_noticeaudit_table_is_an_error(tmp_path: Path, notice: Path, content: bytes,
                                               reason: str) -> None:
    (tmp_path / "pyproject.toml").write_bytes(content)
    run = run_cli("check", notice, cwd=tmp_path)
    assert run.code == 2
    assert len(run.stderr_lines) == 1, run.stderr
    assert re.fullmatch(f"noticeaudit: {re.escape(str(tmp_path / 'pyproject.toml'))}: {reason}",
                        run.stderr_lines[0]), run.stderr_lines[0]


# --- terminal escapes (item 7) and names with line breaks (item 11) -----------------------

ESCAPES = "Rekisterinpitäjä: \x1b[2J\x1b[31mPunainen\x1b[0m \x1b]8;;https://x.example\x1b\\linkki" \
          "\x1b]8;;\x1b\\ \u202eevil\x07"


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "html"])
def test_control_characters_never_reach_a_human_readable_report(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "ohjaus\x1b[31m.txt"
    filler = "Henkilötietoja käsitellään jäsenrekisterin ylläpitämiseksi. " * 20
    path.write_text("Tietosuojaseloste\n\n" + ESCAPES + "\n\n" + filler + "\n\nKäsittelyn peruste: "
                    "henkilötietolain mukaisesti " + ESCAPES + "\n", encoding="utf-8")
    run = run_cli("check", path, "--format", fmt, env={"NO_COLOR": "1"})
    assert run.code == 1, run.stderr
    for bad in ("\x1b", "\x07", "\u202e"):
        assert bad not in run.stdout and bad not in run.stderr
    assert "␛" in run.stdout  # made visible, not dropped


def test_a_file_name_with_a_line_break_is_one_stderr_line(tmp_path: Path) -> None:
    bad = tmp_path / "kaksi\nriviä.pdf"
    bad.write_bytes(b"%PDF-1.4 cut")
    run = run_cli("check", bad)
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {tmp_path}/kaksi␊riviä.pdf: not a readable PDF "
                                "(truncated: no end-of-file marker)"]


# --- standard streams (item 9) ------------------------------------------------------------

def test_closed_standard_input_is_one_line() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "noticeaudit", "check", "-"], stdin=None,
                          capture_output=True, text=True, close_fds=True,
                          preexec_fn=lambda: __import__("os").close(0))
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines == ["noticeaudit: -: cannot read standard input: standard input is closed"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_full_disk_on_standard_output_is_one_line(notice: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "noticeaudit", "check", str(notice)],
                              stdout=full, stderr=subprocess.PIPE, text=True)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == ["noticeaudit: cannot write to standard output: "
                                        "No space left on device"]


# --- unreadable folders (item 11) ---------------------------------------------------------

def test_an_unreadable_subdirectory_is_reported(tmp_path: Path, notice: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    locked = tmp_path / "lukittu"
    locked.mkdir()
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads every folder: the refusal comes from the OS call instead
        real = os.scandir

        def scandir(path: object = ".") -> object:
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        run = run_cli("check", tmp_path, "--select", "O001")
    finally:
        locked.chmod(0o755)
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {locked}: cannot read directory: Permission denied"]


# --- text normalisation (item 13) and decoding (item 14) -----------------------------------

@pytest.mark.parametrize("word", ["henkilo\u0308tietolain", "henkilö\u00adtietolain",
                                  "henkilö\u200btietolain"])
def test_hidden_variants_of_a_word_are_found_where_they_are(tmp_path: Path, word: str) -> None:
    path = tmp_path / "seloste.txt"
    path.write_text(f"Tietosuojaseloste\n\nKäsittely perustuu {word} 8 §:ään.\n", encoding="utf-8")
    run = run_cli("check", path, "--select", "O001", "--format", "json")
    assert run.code == 1, run.stderr
    finding, = run.json["documents"][0]["findings"]
    assert finding["location"]["line"] == 3


def test_windows_1252_with_a_few_unassigned_bytes_is_read_and_says_so(tmp_path: Path) -> None:
    text = ("Tietosuojaseloste\n\nHenkilötietoja käsitellään henkilötietolain mukaisesti. "
            + "Rekisterinpitäjä säilyttää tiedot huolellisesti. " * 40 + "\x81\n")
    path = tmp_path / "vanha.txt"
    path.write_bytes(text.encode("cp1252", errors="ignore").replace(b"\n\n", b"\n\x81\n", 1)
                     + b"\x81\n")
    run = run_cli("check", path, "--select", "O001", "--format", "json")
    assert run.code == 1, run.stderr
    doc = run.json["documents"][0]
    assert doc["replaced_characters"] == 2
    assert [f["rule"] for f in doc["findings"]] == ["O001"]


def test_html_of_a_million_paragraphs_is_refused(tmp_path: Path, notice: Path) -> None:
    bad = tmp_path / "kappaleet.html"
    bad.write_text("<html><body>" + "<p>x</p>" * 1_000_000 + "</body></html>", encoding="utf-8")
    refused(tmp_path, bad, notice, r"not a notice: more than 200,000 HTML tags \(1,000,002\)")

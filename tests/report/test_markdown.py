"""Tests for noticeaudit.report.markdown: the summary table, per-source sections, escaping.

The rendered Markdown is also parsed (markdown-it-py, CommonMark with raw HTML
allowed and GFM tables) to check what a reader would actually see: notice
text must come out as text, never as markup or HTML.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Result
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.report import render
from noticeaudit.report.markdown import escape, escape_block

REPO = Path(__file__).resolve().parents[2]
NOTICES = REPO / "corpus" / "notices"
CATALOGUE = load_catalogue()
HEADER = ("| Source | Errors | Warnings | Info | Missing information (M) | Outdated references (O) "
          "| Template leftovers (T) | Contradictions (C) | Quality (Q) | Site (S) |")

# With rules T and O: T001 on lines 5 and 9 and O001 on line 7 (errors),
# T002 on line 11 (warning), O007 on line 13 (info).
NOTICE = """\
Tietosuojaseloste

Rekisterinpitäjä: Lumikko ry, Kuusitie 1, 00000 Esimerkkilä

Yhteyshenkilö: puheenjohtaja (s-postiosoite)

Peruste: Tietoja käsitellään henkilötietolain mukaisesti.

Alennukset: [täytä: jäsenetu]

Profilointi:

Osoitteet: Tiedot päivitetään Väestörekisterikeskuksen palvelusta.
"""
EVIL = "| <script>alert(1)</script> # x"
EVIL_NOTICE = f"""\
Tietosuojaseloste {EVIL}

Rekisterinpitäjä: Esimerkkiyhdistys ry, Kuusitie 1 {EVIL} (s-postiosoite)

Yhteystiedot: # x `koodi` **lihava** [linkki](https://evil.example) (s-postiosoite)

Evästeet {EVIL}:

Säilytys: Tiedot poistetaan vuoden kuluttua.
"""


def audit(*sources: str | Path, select: tuple[str, ...] | None = ("T", "O")) -> list[Result]:
    rules = CATALOGUE.select(list(select) if select else None, None)
    return [audit_source(str(s), CATALOGUE, rules, Options()) for s in sources]


def html(markdown: str) -> BeautifulSoup:
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table")
    return BeautifulSoup(md.render(markdown), "html.parser")


@pytest.fixture
def notice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "seloste.txt").write_text(NOTICE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return "seloste.txt"


def test_summary_table_counts_by_severity_and_family(notice: str) -> None:
    out = render("markdown", audit(notice), [])
    lines = out.splitlines()
    assert lines[0] == "# Privacy notice audit"
    assert "1 source: 3 errors, 1 warning, 1 info." in lines
    i = lines.index(HEADER)
    assert lines[i + 1] == "| --- |" + " ---: |" * 9
    #                        source        E  W  I  M  O  T  C  Q  S
    assert lines[i + 2] == "| seloste.txt | 3 | 1 | 1 | 0 | 2 | 3 | 0 | 0 | 0 |"
    totals = "".join(f" **{n}** |" for n in (3, 1, 1, 0, 2, 3, 0, 0, 0))
    assert lines[i + 3] == "| **Total** |" + totals


def test_findings_grouped_by_severity_with_all_their_parts(notice: str) -> None:
    out = render("markdown", audit(notice), [])
    section = out[out.index("## seloste.txt"):]
    assert [ln for ln in section.splitlines() if ln.startswith("### ")] == [
        "### Errors (3)", "### Warnings (1)", "### Info (1)"]
    o001 = section[section.index("#### O001 repealed-personal-data-act"):]
    o001 = o001[:o001.index("\n####")]
    assert "- **Where:** line 7, column 30, section “Peruste”" in o001
    assert "- **Legal anchor:** tietosuojalaki 1050/2018" in o001
    assert "'henkilötietolain'" in o001
    assert "> Tietoja käsitellään henkilötietolain mukaisesti." in o001
    assert "**Fix:** " in o001
    assert section.index("### Errors") < section.index("#### O001") < section.index("### Warnings")
    assert section.index("### Warnings") < section.index("#### T002") < section.index("### Info")
    assert section.index("### Info") < section.index("#### O007")


def test_several_sources_and_a_failed_one(notice: str) -> None:
    shutil.copy(NOTICES / "fi_14_verkkokauppa_evasteet.txt", "kahvikaira.txt")
    results = audit(notice, "kahvikaira.txt", "puuttuu.txt", select=None)
    out = render("markdown", results, [])
    lines = out.splitlines()
    assert [ln for ln in lines if ln.startswith("## ")] == [
        "## seloste.txt", "## kahvikaira.txt", "## puuttuu.txt"]
    assert any(ln.startswith("3 sources: ") and ln.endswith("(1 could not be audited).")
               for ln in lines)
    rows = [ln for ln in lines if ln.startswith("| ")][2:]
    assert rows[2] == "| puuttuu.txt (could not be audited) |" + " – |" * 9
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    counts = [list(map(int, c[1:])) for c in cells[:2]]
    total = [int(c.strip("*")) for c in cells[3][1:]]
    assert total == [a + b for a, b in zip(*counts)]
    for row, result in zip(counts, results):
        # Each finding counted once by severity and once by family.
        assert sum(row[:3]) == len(result.findings) == sum(row[3:])
    assert "**Could not be audited:** " in out[out.index("## puuttuu.txt"):]


def test_notice_text_cannot_break_the_layout_or_inject_html(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "seloste | <b>x.txt"
    (tmp_path / name).write_text(EVIL_NOTICE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    results = audit(name)
    assert any(EVIL in (f.excerpt or "") for f in results[0].findings)
    out = render("markdown", results, [])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    for line in out.splitlines():
        if not line.startswith("|"):
            assert not re.search(r"(?<!\\)\|", line), line
        assert not line.startswith("# x") and not line.startswith("> # x"), line

    doc = html(out)
    assert doc.find("script") is None and doc.find("b") is None and doc.find("a") is None
    assert doc.find("code") is None and doc.find("em") is None
    (table,) = doc.find_all("table")
    assert {len(tr.find_all(["td", "th"])) for tr in table.find_all("tr")} == {10}
    assert table.find("td").get_text() == name
    assert [h.get_text() for h in doc.find_all("h1")] == ["Privacy notice audit"]
    quotes = [q.get_text(" ", strip=True) for q in doc.find_all("blockquote")]
    assert any(EVIL in q for q in quotes)
    assert any(q.startswith("# x `koodi`") and "[linkki](https://evil.example)" in q
               for q in quotes)


def test_escape_functions() -> None:
    assert escape("a | b <i> `c` *d* _e_ [f](g) &amp; \\") == (
        "a \\| b &lt;i&gt; \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &amp;amp; \\\\")
    assert escape("kaksi\nriviä\r\n# ei otsikko") == "kaksi riviä # ei otsikko"
    assert escape("Oy & Ab") == "Oy & Ab"
    assert escape_block("# x") == "\\# x"
    assert escape_block("1. kohta") == "1\\. kohta"
    assert escape_block("- kohta") == "\\- kohta"
    assert escape_block("> lainaus") == "&gt; lainaus"

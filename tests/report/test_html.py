"""Tests for noticeaudit.report.html: escaping, highlights, several sources, a real browser.

The browser tests load the report in headless Chromium (skipped when it is not
installed) and read back the DOM it built: every finding is there, and no
script from a notice ever ran.
"""
from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from noticeaudit.catalogue import Rule, load_catalogue
from noticeaudit.model import Block, Document, Finding, Location, Result
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.report import render
from noticeaudit.report.html import Highlight, highlight
from noticeaudit.sections import build_document

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
NOTICES = Path(__file__).resolve().parents[2] / "corpus" / "notices"

EVIL = """\
Tietosuojaseloste "Testi" & Ko

Rekisterinpitäjä: Esimerkki Oy, (s-postiosoite) <script>document.title='pwned'</script>
<img src=x onerror="document.title='pwned'"> "lainaus" & <b>lihava</b>

Käsittelyn peruste: henkilötietolain mukaisesti. Katso https://tracker.example/pixel.gif
ja <a href="https://evil.example/">linkki</a> sekä <link rel="stylesheet" href="https://evil.example/x.css">

Evästeet: <style>@import url(https://evil.example/y.css);</style>
"""


def _audit(*paths: Path | str) -> tuple[list[Result], list[Rule]]:
    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    return [audit_source(str(p), catalogue, rules, Options()) for p in paths], rules


def _doc(sections: list[tuple[str, str]], title: str | None = None) -> Document:
    blocks = []
    for heading, body in sections:
        if heading:
            blocks.append(Block(heading, "heading", 1))
        blocks.append(Block(body))
    doc = build_document(blocks, "memory.txt", "text", title)
    return doc


def _finding(rule: str, span: tuple[int, int] | None, severity: str = "warning",
             section: str | None = None) -> Finding:
    return Finding(rule, "test-rule", severity, f"message of {rule}", "GDPR Art. 13",
                   Location(section=section), span=span)


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def _mark_text(soup: BeautifulSoup, number: int) -> str:
    """The notice text a finding's marks cover (all its fragments, back-links left out)."""
    parts = []
    for mark in soup.select(f'mark[data-finding="{number}"]:not([data-related])'):
        copy = BeautifulSoup(str(mark), "html.parser")
        for ref in copy.select("a.ref"):
            ref.decompose()
        parts.append(copy.get_text())
    return "".join(parts)


def _notice_text(soup: BeautifulSoup) -> str:
    """The notice text as a reader sees it, without the back-link numbers."""
    copy = BeautifulSoup(str(soup.select_one(".notice-text")), "html.parser")
    for ref in copy.select("a.ref"):
        ref.decompose()
    return copy.get_text()


# --- (a) unit: escaping -----------------------------------------------------------------

@pytest.fixture
def evil_notice(tmp_path: Path) -> Path:
    path = tmp_path / "evil.txt"
    path.write_text(EVIL, encoding="utf-8")
    return path


def test_notice_text_and_title_are_escaped(evil_notice: Path) -> None:
    results, rules = _audit(evil_notice)
    assert results[0].document and "<script>" in results[0].document.text
    page = render("html", results, rules)
    soup = _soup(page)
    assert not soup.find_all(["script", "img", "iframe", "object", "embed", "b"])
    assert not soup.select("a[href^=http], link")
    assert list(soup.find_all("style")) == soup.head.find_all("style")
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&#34;document.title=&#39;pwned&#39;&#34;&gt;" in page
    assert soup.h1.get_text() == 'Tietosuojaseloste "Testi" & Ko'
    assert "Tietosuojaseloste &#34;Testi&#34; &amp; Ko</h1>" in page
    assert '"lainaus" & <b>lihava</b>' in _notice_text(soup)
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag


def test_untrusted_strings_cannot_break_out_of_attributes() -> None:
    doc = _doc([("Otsikko", "Teksti tässä.")], title='"><script>x()</script>')
    finding = Finding('T001" onclick="x()', 'n"><i>', "error", '<svg onload=alert(1)>', '"><u>',
                      Location(section='"><s>'), excerpt="<em>x</em>", details=["<script>"],
                      span=(0, 7))
    page = render("html", [Result('"><script>y()</script>.txt', doc, [finding], language='fi" onmouseover="alert(1)')], [])
    soup = _soup(page)
    assert not soup.find_all(["script", "svg", "i", "u", "s", "em"])
    # The title is text wherever it appears: <title> and the banner heading.
    assert soup.title.get_text() == 'Privacy notice audit: "><script>x()</script>'
    assert soup.h1.get_text() == '"><script>x()</script>'
    assert "&#34;&gt;&lt;script&gt;y()&lt;/script&gt;.txt" in page
    for tag in soup.find_all(True):
        assert not any(a.lower().startswith("on") for a in tag.attrs), tag
    assert soup.find(class_="message").get_text() == "<svg onload=alert(1)>"
    assert soup.find(class_="notice-text")["lang"] == 'fi" onmouseover="alert(1)'


# --- (a) unit: highlights ---------------------------------------------------------------

def test_highlight_pieces_overlapping_and_adjacent() -> None:
    text = "abcdefghij"
    a, b, c = (Highlight(1, 2, 6, "error", "A001"), Highlight(2, 4, 8, "info", "B001"),
               Highlight(3, 8, 10, "warning", "C001"))
    pieces = highlight(text, 0, len(text), [c, b, a], set())
    assert [(p.text, [m.number for m in p.marks]) for p in pieces] == [
        ("ab", []), ("cd", [1]), ("ef", [1, 2]), ("gh", [2]), ("ij", [3])]
    assert [sorted(m.number for m in p.first) for p in pieces] == [[], [1], [2], [], [3]]


def test_overlapping_and_adjacent_findings_mark_exactly_their_spans() -> None:
    body = ("Tiedot säilytetään toistaiseksi. Henkilötietolain mukaan (s-postiosoite) "
            "poistetaan.")
    doc = _doc([("Säilytysaika", body), ("Tyhjä", "Muuta?")])
    start = doc.sections[0].body_start

    def at(word: str) -> int:
        return start + body.index(word)

    spans = {
        "O001": (at("Henkilötietolain"), at("Henkilötietolain") + len("Henkilötietolain")),
        "Q002": (at("toistaiseksi"), at("mukaan") + len("mukaan")),      # overlaps O001
        "T001": (at("(s-postiosoite)"), at("(s-postiosoite)") + 15),     # adjacent to Q002 + " "
        "T010": (at("(s-postiosoite)") + 15, at("poistetaan")),          # adjacent to T001
        "T002": (doc.sections[1].heading_start, doc.sections[1].heading_start + 5),  # a heading
        "Q010": (start, start + len(body)),                              # contains them all
    }
    findings = [_finding(rule, span) for rule, span in spans.items()]
    page = render("html", [Result("memory.txt", doc, findings)], [])
    soup = _soup(page)
    cards = soup.select("article.finding")
    assert len(cards) == len(findings)
    for card in cards:
        number = int(card["id"].removeprefix("finding-"))
        rule = card.select_one(".rule-id").get_text()
        first = soup.find("mark", id=f"f-{number}")
        assert first is not None and first["data-finding"] == str(number)
        assert card.select_one("a.goto")["href"] == f"#f-{number}"
        assert _mark_text(soup, number) == doc.text[slice(*spans[rule])], rule
        # ... and the mark links back to its finding.
        assert soup.select(f'a.ref[href="#finding-{number}"]')
    assert len({m["id"] for m in soup.select("mark[id]")}) == len(findings)
    # The notice text itself is unchanged by the marks.
    body_div = soup.select(".notice-section .body")[0]
    for ref in body_div.select("a.ref"):
        ref.decompose()
    assert body_div.get_text() == body


def test_findings_without_span_link_to_their_section_or_the_notice() -> None:
    doc = _doc([("Säilytysaika", "Tiedot säilytetään."),
                ("Oikeudet", "Voit tarkastaa tietosi.")])
    findings = [_finding("M010", None, "error", section="Säilytysaika"),
                _finding("M018", None, "error")]
    soup = _soup(render("html", [Result("memory.txt", doc, findings)], []))
    links = {c.select_one(".rule-id").get_text(): c.select_one("a.goto")["href"]
             for c in soup.select("article.finding")}
    assert soup.find(id=links["M010"].lstrip("#")).find(["h3", "h4"]).get_text() == "Säilytysaika"
    assert soup.find(id=links["M018"].lstrip("#"))["class"] == ["notice"]
    assert not soup.select("mark")


def test_custom_rule_families_get_their_own_group() -> None:
    doc = _doc([("Evästeet", "Käytämme evästeitä.")])
    findings = [_finding("X001", None), _finding("M010", None, "error"), _finding("X002", None)]
    soup = _soup(render("html", [Result("memory.txt", doc, findings)], []))
    groups = [g["id"] for g in soup.select("section.family")]
    assert groups == ["src-1-fam-M", "src-1-fam-X"]
    assert [c.get_text() for c in soup.select("#src-1-fam-X .rule-id")] == ["X001", "X002"]
    row = [r for r in soup.select("table.families tbody tr") if "X rules" in r.get_text()]
    assert row and row[0].select_one(".total").get_text() == "2"


def test_header_summary_and_rule_texts() -> None:
    results, rules = _audit(NOTICES / "fi_08_tapahtuma_taulukko.html")
    page = render("html", results, rules, audited=datetime.date(2031, 5, 17))
    soup = _soup(page)
    banner = soup.find("header", class_="banner").get_text(" ")
    assert "2031-05-17" in banner and "noticeaudit 1.0.0" in banner
    assert "fi_08_tapahtuma_taulukko.html" in banner and "2021-02-28" in banner
    total = soup.select_one("table.families tfoot .total").get_text()
    assert total == str(len(results[0].findings))
    by_id = {r.id: r for r in rules}
    for card in soup.select("article.finding"):
        rule = by_id[card.select_one(".rule-id").get_text()]
        assert card.select_one(".badge").get_text().lower() == rule.severity
        assert card.select_one(".why dd").get_text() == rule.text("explanation", "fi")
        assert card.select_one(".fix dd").get_text()
    c001 = next(c for c in soup.select("article.finding") if "C001" in c.get_text())
    other = c001.select_one(".related a.goto")["href"]  # the other side of the contradiction
    assert "Google Analyticsia" in soup.find(id=other.lstrip("#")).get_text()
    assert "datetime" not in page and str(datetime.date.today()) not in page


def test_several_sources_have_a_table_of_contents(tmp_path: Path) -> None:
    results, rules = _audit(NOTICES / "fi_07_taloyhtio.txt",
                            NOTICES / "fi_08_tapahtuma_taulukko.html", tmp_path / "missing.txt")
    soup = _soup(render("html", results, rules))
    toc = soup.find("nav", class_="toc")
    targets = [a["href"] for a in toc.select("a")]
    assert targets == ["#src-1", "#src-2", "#src-3"]
    for href, result in zip(targets, results):
        article = soup.find("article", id=href[1:])
        assert article.name == "article" and result.source in article.get_text()
    assert results[2].error and results[2].error in soup.find(id="src-3").get_text()
    assert "could not be audited" in toc.get_text()
    ids = [t["id"] for t in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    assert len(soup.select("article.finding")) == sum(len(r.findings) for r in results)
    assert len(soup.find_all("h1")) == 1 and soup.main and soup.footer


def test_single_source_has_no_table_of_contents() -> None:
    results, rules = _audit(NOTICES / "fi_07_taloyhtio.txt")
    soup = _soup(render("html", results, rules))
    assert soup.find("nav") is None and not soup.select("article.source")


# --- (c) no external requests -----------------------------------------------------------

def _assert_self_contained(page: str) -> None:
    soup = _soup(page)
    for tag in soup.find_all(True):
        for attr in ("src", "href", "srcset", "action", "poster", "data", "background"):
            value = str(tag.get(attr, "")).strip().lower()
            assert not re.match(r"(https?:)?//", value), (tag.name, attr, value)
    assert not soup.find_all(["link", "script", "img", "iframe", "object", "embed", "base"])
    for style in soup.find_all("style"):
        assert "@import" not in style.get_text() and "url(" not in style.get_text()
    for tag in soup.find_all(style=True):
        assert "url(" not in tag["style"]
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp["content"]


def test_report_makes_no_external_requests(tmp_path: Path) -> None:
    html_notice = tmp_path / "notice.html"
    html_notice.write_text(
        '<html><head><link rel="stylesheet" href="https://evil.example/x.css"></head><body>'
        "<h1>Tietosuojaseloste</h1><h2>Evästeet</h2><p>Käytämme Google Analyticsia, katso "
        '<a href="https://evil.example/privacy">https://evil.example/privacy</a>.'
        '<img src="https://evil.example/pixel.gif"></p></body></html>', encoding="utf-8")
    text_notice = tmp_path / "evil.txt"
    text_notice.write_text(EVIL, encoding="utf-8")
    results, rules = _audit(html_notice, text_notice, NOTICES / "fi_08_tapahtuma_taulukko.html")
    page = render("html", results, rules)
    _assert_self_contained(page)
    # The URLs in the notices are shown, as text only.
    notice_text = " ".join(t.get_text() for t in _soup(page).select(".notice-text"))
    assert "https://evil.example/privacy" in notice_text
    assert "https://tracker.example/pixel.gif" in notice_text


# --- (b) a real browser -----------------------------------------------------------------

def _chromium() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


requires_chromium = pytest.mark.skipif(_chromium() is None, reason="Chromium not installed")


def _browser_dom(page: str, tmp_path: Path) -> BeautifulSoup:
    """The DOM headless Chromium builds from ``page``, after 2 s of (virtual) time."""
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    proc = subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--virtual-time-budget=2000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return _soup(proc.stdout)


def _check_in_browser(results: list[Result], rules: list[Rule], tmp_path: Path) -> BeautifulSoup:
    page = render("html", results, rules)
    expected_title = _soup(page).title.get_text()
    dom = _browser_dom(page, tmp_path)
    assert dom.title.get_text() == expected_title
    assert "pwned" not in dom.title.get_text()
    assert not dom.find_all(["script", "img"])
    findings = [f for r in results for f in r.findings]
    cards = dom.select("article.finding")
    assert len(cards) == len(findings)
    shown = sorted((c.select_one(".rule-id").get_text(), c.select_one(".message").get_text())
                   for c in cards)
    assert shown == sorted((f.rule, f.message) for f in findings)
    assert {c.select_one(".rule-id").get_text() for c in cards} == {f.rule for f in findings}
    spanned = [f for f in findings if f.span]
    marks = [m for m in dom.find_all("mark") if re.fullmatch(r"f-\d+", m.get("id", ""))]
    assert marks and len(marks) == len(spanned)
    for card in cards:  # every finding links to a place that exists
        href = card.select_one("a.goto")["href"]
        assert dom.find(id=href[1:]) is not None, href
    return dom


@requires_chromium
def test_browser_runs_no_script_from_a_notice(evil_notice: Path, tmp_path: Path) -> None:
    results, rules = _audit(evil_notice)
    dom = _check_in_browser(results, rules, tmp_path)
    text = _notice_text(dom)
    assert "<script>document.title='pwned'</script>" in text
    assert "<img src=x onerror=\"document.title='pwned'\">" in text


@requires_chromium
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not present")
def test_browser_shows_every_finding_of_the_seeds(evil_notice: Path, tmp_path: Path) -> None:
    results, rules = _audit(*sorted(SEEDS.glob("*.txt")), evil_notice)
    assert len(results) == 6 and not any(r.error for r in results)
    dom = _check_in_browser(results, rules, tmp_path)
    assert [a["href"] for a in dom.select("nav.toc a")] == [f"#src-{i}" for i in range(1, 7)]

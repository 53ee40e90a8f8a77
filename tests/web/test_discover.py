"""Finding the notice from a home page (noticeaudit/discover.py, ``--discover``)."""
from __future__ import annotations

import pytest
from conftest import run_cli

from noticeaudit.catalogue import load_catalogue
from noticeaudit.discover import scan
from noticeaudit.pipeline import Options, audit_source

from .server import Farm

CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)
HOME = "https://kuusisto.example/"


def discover(url: str) -> object:
    return audit_source(url, CATALOGUE, RULES, Options(discover=True))


def best(html: str, url: str = HOME) -> str | None:
    links = scan(html, url).links
    return links[0].url if links else None


# --- scoring links -----------------------------------------------------------

def test_the_footer_link_beats_a_body_link_about_the_topic() -> None:
    html = """<main><p>Lue <a href="/blogi/tietosuoja-vinkit">tietosuojasta</a>.</p></main>
    <footer><a href="/yhteystiedot">Yhteystiedot</a> <a href="/seloste">Tietosuojaseloste</a></footer>"""
    assert best(html) == "https://kuusisto.example/seloste"
    links = scan(html, HOME).links
    assert [(k.place, k.text) for k in links] == [("footer", "Tietosuojaseloste"),
                                                  ("page", "tietosuojasta")]


def test_a_menu_link_beats_the_same_link_in_the_body() -> None:
    html = """<p><a href="/a">Tietosuoja</a></p>
    <nav class="main-menu"><ul><li><a href="/b">Tietosuoja</a></li></ul></nav>"""
    assert best(html) == "https://kuusisto.example/b"


@pytest.mark.parametrize(("text", "href"), [
    ("Tietosuojaseloste", "/tietosuojaseloste"),
    ("Rekisteriseloste", "/files/asiakasrekisteri.pdf"),
    ("Tietosuojaselosteet", "/tietosuoja"),
    ("Tietosuoja", "/fi/tietosuoja"),
    ("Dataskyddsbeskrivning", "/sv/dataskydd"),
    ("Integritetspolicy", "/integritet"),
    ("Privacy policy", "/privacy"),
    ("Privacy Notice", "/legal/notice"),
    ("Lue lisää", "/tietosuojaseloste"),  # the URL alone names it
])
def test_notice_links_in_three_languages(text: str, href: str) -> None:
    html = f'<footer><a href="/ehdot">Käyttöehdot</a> <a href="{href}">{text}</a></footer>'
    assert best(html) == f"https://kuusisto.example{href}"


@pytest.mark.parametrize("html", [
    '<footer><a href="#" class="cc-settings">Evästeasetukset</a></footer>',
    '<footer><a href="/evasteet">Evästekäytäntö</a> <a href="/cookies">Cookie policy</a></footer>',
    '<div id="cmp"><a href="/tietosuoja-asetukset">Tietosuoja-asetukset</a></div>',
    '<footer><a href="mailto:tietosuoja@kuusisto.example">tietosuoja@kuusisto.example</a></footer>',
    '<p><a href="/blogi/laki">Mitä henkilötietolaki tarkoitti?</a></p>',
    '<p><a href="/">Etusivu: tietosuoja</a></p>',  # the home page itself
])
def test_links_that_are_not_the_notice(html: str) -> None:
    assert best(html) is None


def test_links_resolve_against_the_page_and_its_base() -> None:
    assert best('<a href="seloste.pdf">Rekisteriseloste</a>', "https://k.example/fi/") == \
        "https://k.example/fi/seloste.pdf"
    assert best('<head><base href="https://cdn.k.example/docs/"></head>'
                '<a href="seloste.pdf">Rekisteriseloste</a>', "https://k.example/") == \
        "https://cdn.k.example/docs/seloste.pdf"


# --- discovery against a server ----------------------------------------------

def test_check_discover_audits_the_notice_behind_the_footer_link(web: Farm) -> None:
    home, notice = web.url("/a/"), web.url("/a/tietosuojaseloste")
    run = run_cli("check", home, "--discover", "--format", "json")
    assert run.code == 0, run.stderr  # the notice (fi_03) has no findings
    assert run.stderr_lines == [f"noticeaudit: {home}: privacy notice found at {notice}"]
    document, = run.json["documents"]
    assert (document["source"], document["url"]) == (home, notice)
    assert document["title"] == "Tietosuojaseloste – potilasrekisteri"
    text = run_cli("check", home, "--discover")
    assert text.stdout.startswith(f"{home} -> {notice}")


def test_discovery_follows_a_link_to_a_pdf(web: Farm) -> None:
    result = discover(web.url("/pdf/"))
    assert result.error is None
    assert result.url == web.url("/pdf/files/rekisteriseloste.pdf")
    assert result.document.format == "pdf"
    assert result.source == web.url("/pdf/")


def test_discovery_in_swedish(web: Farm) -> None:
    result = discover(web.url("/sv/"))
    assert result.url == web.url("/sv/dataskydd")
    assert result.language == "sv"


def test_a_page_listing_notices_leads_to_the_first_one(web: Farm) -> None:
    result = discover(web.url("/hub/"))
    assert result.url == web.url("/hub/tietosuoja/asiakasrekisteri")
    assert result.document.title == "Tietosuojaseloste – potilasrekisteri"


def test_a_broken_notice_link_is_a_failure_not_s001(web: Farm) -> None:
    result = discover(web.url("/broken/"))
    assert result.error == (f"the privacy notice link is broken "
                            f"({web.url('/broken/tietosuoja')}: HTTP 404 Not Found)")


def test_no_notice_link_is_s001_for_the_site(web: Farm) -> None:
    home = web.url("/none/")
    run = run_cli("check", home, "--discover", "--format", "json")
    assert run.code == 1, run.stderr
    assert run.stderr == ""
    document, = run.json["documents"]
    assert document["source"] == home and document["error"] is None
    s001, = document["findings"]
    assert (s001["rule"], s001["name"], s001["severity"]) == ("S001", "notice-not-findable", "error")
    assert s001["message"].startswith("Etusivulta ei löydy linkkiä tietosuojaselosteeseen")
    assert s001["suggestion"].startswith("Lisää sivuston alatunnisteeseen linkki")
    assert s001["details"] == [f"searched 8 links on {home} (footer 2, navigation 4, elsewhere 2)"]
    assert run.json["summary"]["error"] == 1
    assert run_cli("check", home, "--discover", "--ignore", "S001").code == 0


def test_discover_needs_urls(tmp_path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<p>Tervetuloa</p>", encoding="utf-8")
    run = run_cli("check", page, "--discover")
    assert run.code == 2
    assert "--discover" in run.stderr and "needs http(s) URLs" in run.stderr

"""A notice inside a real-looking web page: only the notice is audited.

Each page wraps a corpus notice in a cookie banner, a header with a menu,
related articles and a footer whose text would raise findings if it leaked
(pages.CHROME). The page is fetched from a local server and audited whole.
"""
from __future__ import annotations

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source

from .pages import CHROME
from .server import Farm

CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)
PAGES = ["fi_03_hammasklinikka", "fi_08_tapahtuma_taulukko", "fi_16_partioleiri_dl",
         "en_22_language_school", "sv_20_festival", "accordion", "table"]


def _line(html: str, needle: str) -> int:
    return next(i for i, line in enumerate(html.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("name", PAGES)
def test_only_the_notice_is_audited(web: Farm, name: str) -> None:
    path = f"/sivu/{name}"
    html = web.routes[path].body.decode()
    result = audit_source(web.url(path), CATALOGUE, RULES, Options())
    assert result.error is None
    for chrome in CHROME:
        assert chrome not in result.document.text, chrome
    # Every located finding lies in <main>, and not in its related-articles box.
    main = range(_line(html, "<main"), _line(html, "</main>") + 1)
    related = range(_line(html, "Lue myös"), _line(html, "Lue myös") + 4)
    for f in result.findings:
        if f.location.line is not None:
            assert f.location.line in main and f.location.line not in related, (f.rule, f.location)


@pytest.mark.parametrize("name", PAGES[:5])
def test_the_chrome_changes_no_finding(web: Farm, name: str) -> None:
    """The same notice, bare and in a site's page, gets the same rules."""
    ext = ".html"
    bare = audit_source(web.url(f"/notices/{name}{ext}"), CATALOGUE, RULES, Options())
    dressed = audit_source(web.url(f"/sivu/{name}"), CATALOGUE, RULES, Options())
    assert sorted(f.rule for f in dressed.findings) == sorted(f.rule for f in bare.findings)


def test_accordion_and_table_sections_survive_the_chrome(web: Farm) -> None:
    accordion = audit_source(web.url("/sivu/accordion"), CATALOGUE, RULES, Options()).document
    assert [s.heading for s in accordion.sections][:4] == [
        "Potilasrekisterin tietosuojaseloste", "Rekisterinpitäjä",
        "Henkilötietojen käsittelyn tarkoitus", "Säilytysaika"]
    table = audit_source(web.url("/sivu/table"), CATALOGUE, RULES, Options()).document
    assert "Rekisterinpitäjä" in [s.heading for s in table.sections]
    assert "Lahdenperän Puutarha Oy, Vanhatie 4" in table.text

"""The web site the tests fetch: corpus notices, real-looking pages, home pages, broken answers.

:func:`routes` maps every path to a :class:`~server.Page`. Corpus notices are
served as published (``/notices/NAME``, ``/layouts/NAME``) and inside the
chrome of a real site (``/sivu/NAME``: cookie banner, header with menu,
related articles, footer) whose text carries traps that would raise
findings if it leaked into the audit (:data:`CHROME`).
"""
from __future__ import annotations

import re
from pathlib import Path

from .server import Page, redirect

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".md": "text/markdown; charset=utf-8", ".pdf": "application/pdf"}
# Text of the chrome: none of it may reach Document.text. The related article
# names the repealed henkilötietolaki (O001), the banner Google Analytics and
# the footer a template placeholder (T001): findings if any of it leaked.
CHROME = ("Käytämme evästeitä", "Google Analytics kerää", "Hyväksy kaikki", "Palvelumme", "Hinnasto",
          "Ajankohtaista", "Lue myös", "henkilötietolaki", "Kevään siivousvinkit",
          "Y-tunnus", "(s-postiosoite)", "Kaikki oikeudet pidätetään", "Ota yhteyttä")
LOGIN = """<!DOCTYPE html><html lang="fi"><head><meta charset="utf-8"><title>Kirjaudu</title></head>
<body><main><h1>Kirjaudu sisään</h1>
<form method="post" action="/login"><label>Käyttäjätunnus <input name="user"></label>
<label>Salasana <input type="password" name="pw"></label><button>Kirjaudu</button></form>
<p><a href="/unohtunut">Unohditko salasanasi?</a></p></main></body></html>"""
CP1252_NOTICE = """<!DOCTYPE html><html lang="fi"><head><title>Tietosuojaseloste</title></head><body>
<h1>Jäsenrekisterin tietosuojaseloste</h1>
<h2>Rekisterinpitäjä</h2><p>Hämeenkyrön Kävelijät ry, Pääskytie 4, 39100 Hämeenkyrö.</p>
<h2>Käsittelyn tarkoitus</h2><p>Jäsenyyden hoitaminen ja jäsenmaksujen perintä – ei muuta.</p>
<h2>Säilytysaika</h2><p>Tiedot poistetaan vuoden kuluttua jäsenyyden päättymisestä.</p>
</body></html>"""


def body_of(html: str) -> str:
    """What is inside <body> (a corpus notice page minus its own head)."""
    return re.search(r"<body>(.*)</body>", html, re.S).group(1).strip()


def site_page(main: str, *, footer: str = "", nav: str = "", related_inside: bool = False) -> str:
    """``main`` inside the chrome of a small company site."""
    related = """<div class="related-articles"><h2>Lue myös</h2><ul>
  <li><a href="/blogi/kevat">Kevään siivousvinkit</a></li>
  <li><a href="/blogi/laki">Mitä henkilötietolaki tarkoitti kotipalvelulle?</a></li></ul></div>"""
    return f"""<!DOCTYPE html>
<html lang="fi">
<head>
<meta charset="utf-8">
<title>Kuusiston Kotipalvelu</title>
<link rel="stylesheet" href="/style.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent-banner" role="dialog" aria-modal="true">
  <p>Käytämme evästeitä. Google Analytics kerää tietoa sivuston käytöstä.</p>
  <button class="accept">Hyväksy kaikki</button> <button>Vain välttämättömät</button>
</div>
<header class="site-header">
  <a class="logo" href="/">Kuusiston Kotipalvelu</a>
  <nav class="main-menu"><ul>
    <li><a href="/palvelut">Palvelumme</a></li>
    <li><a href="/hinnasto">Hinnasto</a></li>
    <li><a href="/ajankohtaista">Ajankohtaista</a></li>{nav}
  </ul></nav>
</header>
<main id="content">
{main}
{related if related_inside else ""}
</main>
{"" if related_inside else related.replace('class="related-articles"', 'class="sidebar"')}
<footer class="site-footer">
  <p>Kuusiston Kotipalvelu Oy · Y-tunnus 1234567-8 · (s-postiosoite)</p>
  <ul>{footer}
    <li><a href="/yhteystiedot">Ota yhteyttä</a></li>
    <li><a href="#" class="cc-settings">Evästeasetukset</a></li>
  </ul>
  <p>© 2024 Kaikki oikeudet pidätetään</p>
</footer>
</body>
</html>
"""


def _corpus() -> dict[str, Page]:
    out = {}
    for folder in ("notices", "layouts"):
        for path in sorted((CORPUS / folder).iterdir()):
            if path.suffix in TYPES:
                out[f"/{folder}/{path.name}"] = Page(path.read_bytes(), TYPES[path.suffix])
    return out


def _pages() -> dict[str, Page]:
    """Corpus HTML notices and layouts inside a site's chrome."""
    out = {}
    for path in sorted((CORPUS / "notices").glob("*.html")):
        main = body_of(path.read_text(encoding="utf-8"))
        main = main.removeprefix("<main>").removesuffix("</main>")
        out[f"/sivu/{path.stem}"] = Page(site_page(main).encode())
    accordion = (CORPUS / "layouts" / "html_accordion.html").read_text(encoding="utf-8")
    accordion_main = re.search(r"<main>(.*)</main>", accordion, re.S).group(1)
    out["/sivu/accordion"] = Page(site_page(accordion_main, related_inside=True).encode())
    table = body_of((CORPUS / "layouts" / "html_table.html").read_text(encoding="utf-8"))
    out["/sivu/table"] = Page(site_page(table).encode())
    return out


def _broken() -> dict[str, Page]:
    notice = (CORPUS / "notices" / "fi_03_hammasklinikka.html").read_bytes()
    pdf = (CORPUS / "layouts" / "pdf_headings.pdf").read_bytes()
    chain = {f"/chain/{i}": redirect(f"/chain/{i + 1}") for i in range(8)}
    return {
        **chain,
        "/moved": redirect("/moved/2", 301),
        "/moved/2": redirect("/notices/fi_03_hammasklinikka.html", 308),
        "/loop/a": redirect("/loop/b"),
        "/loop/b": redirect("/loop/a"),
        "/error": Page(b"<h1>Internal Server Error</h1>", status=500),
        "/slow": Page(notice, delay=3.0),
        "/big": Page(b"<p>" + b"tietosuoja " * 30000 + b"</p>"),  # 330 kB, with Content-Length
        "/endless": Page(stream=50 * 1024 * 1024),  # no Content-Length, never ends in time
        "/cp1252-as-utf8": Page(CP1252_NOTICE.encode("cp1252"), "text/html; charset=utf-8"),
        "/cp1252-no-charset": Page(CP1252_NOTICE.encode("cp1252"), "text/html"),
        "/gzip": Page(notice, gzip=True),
        "/login": Page(LOGIN.encode()),
        "/empty": Page(b""),
        "/download": Page(pdf, "application/octet-stream"),
    }


def _sites() -> dict[str, Page]:
    """Home pages to discover notices from."""
    notice = site_page(body_of((CORPUS / "notices" / "fi_03_hammasklinikka.html")
                               .read_text(encoding="utf-8")))
    welcome = "<h1>Tervetuloa</h1><p>Siivousta ja kotiapua Kuusistossa vuodesta 1998.</p>"
    hub = site_page("""<h1>Tietosuoja</h1><p>Alla ovat rekisteriemme tietosuojaselosteet.</p>
<ul><li><a href="/a/tietosuoja/asiakasrekisteri">Asiakasrekisterin tietosuojaseloste</a></li>
<li><a href="/a/tietosuoja/rekrytointi">Rekrytoinnin tietosuojaseloste</a></li></ul>""")
    sv_home = site_page("<h1>Välkommen</h1><p>Vi ordnar musikfestivalen i skärgården.</p>",
                        footer='<li><a href="/sv/dataskydd">Dataskyddsbeskrivning</a></li>')
    return {
        # The footer link wins over a body link that only mentions the topic.
        "/a/": Page(site_page(welcome + '<p>Lue <a href="/a/blogi/tietosuoja">blogimme '
                              'tietosuojasta</a>.</p>',
                              footer='<li><a href="/a/tietosuojaseloste">Tietosuojaseloste</a></li>')
                    .encode()),
        "/a/tietosuojaseloste": Page(notice.encode()),
        "/pdf/": Page(site_page(welcome, footer='<li><a href="/pdf/files/rekisteriseloste.pdf">'
                                                'Rekisteriseloste (PDF)</a></li>').encode()),
        "/pdf/files/rekisteriseloste.pdf": Page((CORPUS / "layouts" / "pdf_headings.pdf")
                                                .read_bytes(), "application/pdf"),
        "/none/": Page(site_page(welcome).encode()),
        "/sv/": Page(sv_home.encode()),
        "/sv/dataskydd": Page((CORPUS / "notices" / "sv_20_festival.html").read_bytes(),
                              TYPES[".html"]),
        "/hub/": Page(site_page(welcome, footer='<li><a href="/hub/tietosuoja">Tietosuoja</a></li>')
                      .encode()),
        "/hub/tietosuoja": Page(hub.replace("/a/tietosuoja/", "/hub/tietosuoja/").encode()),
        "/hub/tietosuoja/asiakasrekisteri": Page(notice.encode()),
        "/broken/": Page(site_page(welcome, footer='<li><a href="/broken/tietosuoja">'
                                                   'Tietosuojaseloste</a></li>').encode()),
    }


def survey_notices(count: int) -> dict[str, Page]:
    """For batch runs: ``/n/I``, corpus notices in turn, and ``/short/I``, the shortest one."""
    files = sorted(p for p in (CORPUS / "notices").iterdir() if p.suffix in TYPES)
    short = (CORPUS / "notices" / "fi_15_fysioterapia_lyhyt.txt").read_bytes()
    return {**{f"/n/{i}": Page(files[i % len(files)].read_bytes(), TYPES[files[i % len(files)].suffix])
               for i in range(count)},
            **{f"/short/{i}": Page(short, TYPES[".txt"]) for i in range(count)}}


def routes() -> dict[str, Page]:
    return {**_corpus(), **_pages(), **_broken(), **_sites(), **survey_notices(1000)}

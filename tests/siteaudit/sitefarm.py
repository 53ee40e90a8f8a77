"""A small web site with a consent banner and real tracker host names, all on 127.0.0.1.

The site (:class:`SiteFarm`) is served over HTTP; the trackers over HTTPS
(their real names are HSTS-preloaded, so Chromium would upgrade them anyway)
with a self-signed certificate (``tls-cert.pem``; the browser runs with
``--insecure``). The browser reaches the trackers through
``--resolve NAME=127.0.0.1:PORT`` (Chromium's host-resolver rules), so the
services data is exercised with the real names and nothing leaves the machine.

What is built in, and what a site audit must find:

- home page: a Cookiebot-markup banner, a first-party cookie ``sessionid``,
  Google's tag (www.googletagmanager.com) that sets ``_ga`` and calls
  www.google-analytics.com before any consent (S004), the consent tool's
  own script (consent.cookiebot.com, never a finding), a stylesheet from an
  unclassified third party (static.kuusisto-cdn.fi, never a finding);
- after "accept": the Meta Pixel (connect.facebook.net, www.facebook.com/tr,
  cookie ``_fbp``), never before;
- after "reject": LinkedIn Insight (snap.licdn.com, px.ads.linkedin.com, a
  third-party cookie ``li_sugr``) loads anyway, wrongly (S005);
- /hinnasto, linked from the home page, is a download (never saved);
- the notice (/tietosuojaseloste) names Google Analytics and Hotjar, says
  nothing leaves the EU/EEA (S003 for the US services), names neither Meta
  nor LinkedIn (S002), and Hotjar never loads (S006).
"""
from __future__ import annotations

import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
TRACKER_HOSTS = ("www.googletagmanager.com", "www.google-analytics.com", "connect.facebook.net",
                 "www.facebook.com", "snap.licdn.com", "px.ads.linkedin.com",
                 "consent.cookiebot.com", "static.kuusisto-cdn.fi")

BANNER = """<div id="CybotCookiebotDialog" role="dialog" style="position:fixed;bottom:0;background:#fff">
  <h2 id="CybotCookiebotDialogBodyContentTitle">Tämä sivusto käyttää evästeitä</h2>
  <p>Käytämme evästeitä sisällön personointiin, analytiikkaan ja mainontaan.</p>
  <button id="CybotCookiebotDialogBodyButtonDecline">Kiellä</button>
  <button id="CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll">Salli kaikki</button>
</div>"""


def page(title: str, main: str, banner: bool = True) -> str:
    return f"""<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="https://static.kuusisto-cdn.fi/site.css">
<script src="https://consent.cookiebot.com/uc.js" data-cbid="00000000-test"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST1234"></script>
</head><body>
{BANNER if banner else ""}
<header><nav><a href="/">Etusivu</a> <a href="/palvelut">Palvelut</a></nav></header>
<main>{main}</main>
<footer><a href="/tietosuojaseloste">Tietosuojaseloste</a> · Kuusiston Kotipalvelu Oy</footer>
{'<script src="/consent.js"></script>' if banner else ""}
</body></html>"""


HOME = page("Kuusiston Kotipalvelu", "<h1>Kotisiivousta Kuusistossa</h1><p>Siivoamme kodit ja "
            "toimistot Kaarinassa ja Kuusistossa.</p><p><a href=\"/hinnasto\">Hinnasto</a></p>")
# A home page whose consent banner was removed (or never rendered): nothing to click.
NO_BANNER = page("Kuusiston Kotipalvelu", "<h1>Kotisiivousta Kuusistossa</h1>", banner=False)
# A Swedish home page with a home-made banner: found only by its buttons' text.
SWEDISH = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Kuusisto Hemservice</title></head><body>
<div class="cookie-notice"><p>Vi använder kakor.</p>
  <button type="button" id="ja">Godkänn alla</button>
  <a href="#" role="button" id="nej">Endast nödvändiga</a></div>
<main><h1>Hemstädning</h1></main>
<footer><a href="/tietosuojaseloste">Dataskyddsbeskrivning</a></footer>
<script>
function load(src) { var s = document.createElement('script'); s.src = src; document.head.appendChild(s); }
if (/samtycke=ja/.test(document.cookie)) load('https://connect.facebook.net/fi_FI/fbevents.js');
document.getElementById('ja').onclick = function () {
  document.cookie = 'samtycke=ja; path=/'; load('https://connect.facebook.net/fi_FI/fbevents.js'); };
document.getElementById('nej').onclick = function (e) {
  e.preventDefault(); document.cookie = 'samtycke=nej; path=/'; };
</script></body></html>"""
SERVICES = page("Palvelut", "<h1>Palvelut</h1><p>Kotisiivous, ikkunanpesu ja muuttosiivous.</p>")
NOTICE = page("Tietosuojaseloste", """<h1>Tietosuojaseloste</h1>
<h2>Rekisterinpitäjä</h2><p>Kuusiston Kotipalvelu Oy, Linnanrauniontie 4, 21620 Kuusisto,
asiakaspalvelu@kuusistonkotipalvelu.example, puh. 02 555 0142.</p>
<h2>Käsittelyn tarkoitus ja oikeusperuste</h2><p>Käsittelemme asiakkaiden yhteystietoja
siivouspalveluiden toimittamiseksi. Käsittely perustuu sopimukseen.</p>
<h2>Evästeet ja analytiikka</h2><p>Käytämme Google Analytics -palvelua sivuston kävijämäärien
seuraamiseen. Käytämme Hotjar-palvelua käyttäjäkokemuksen analysointiin.</p>
<h2>Tietojen siirto EU:n tai ETA:n ulkopuolelle</h2><p>Tietoja ei siirretä EU:n tai ETA:n
ulkopuolelle.</p>
<h2>Säilytysaika</h2><p>Tiedot säilytetään asiakassuhteen ajan ja kaksi vuotta sen jälkeen.</p>
<h2>Rekisteröidyn oikeudet</h2><p>Sinulla on oikeus tarkastaa, oikaista ja poistaa tietosi sekä
oikeus tehdä valitus tietosuojavaltuutetulle.</p>
<p>Päivitetty 3.2.2026.</p>""")

CONSENT_JS = """
(function () {
  function choice() { var m = document.cookie.match(/CookieConsent=(\\w+)/); return m && m[1]; }
  function load(src) { var s = document.createElement('script'); s.src = src; document.head.appendChild(s); }
  function apply(c) {
    document.getElementById('CybotCookiebotDialog').style.display = 'none';
    if (c === 'all') load('https://connect.facebook.net/fi_FI/fbevents.js');
    load('https://snap.licdn.com/li.lms-analytics/insight.min.js');  // the bug: also after a refusal
  }
  function decide(c) {
    document.cookie = 'CookieConsent=' + c + '; path=/; max-age=31536000';
    apply(c);
  }
  if (choice()) apply(choice());
  document.getElementById('CybotCookiebotDialogBodyLevelButtonLevelOptinAllowAll')
    .addEventListener('click', function () { decide('all'); });
  document.getElementById('CybotCookiebotDialogBodyButtonDecline')
    .addEventListener('click', function () { decide('necessary'); });
})();
"""
GTAG_JS = """
document.cookie = '_ga=GA1.1.1234567890.1700000000; path=/; max-age=63072000';
new Image().src = 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST1234&en=page_view&dl='
  + encodeURIComponent(location.href);
"""
FBEVENTS_JS = """
document.cookie = '_fbp=fb.1.1700000000.987654321; path=/; max-age=7776000';
new Image().src = 'https://www.facebook.com/tr?id=1234567890&ev=PageView';
"""
INSIGHT_JS = """new Image().src = 'https://px.ads.linkedin.com/collect?pid=424242&fmt=gif';"""
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
HTML = "text/html; charset=utf-8"
JS = "application/javascript"


@dataclass
class Answer:
    body: bytes
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def routes() -> dict[tuple[str, str], Answer]:
    """(host or '*' for the site, path) -> answer."""
    return {
        ("*", "/"): Answer(HOME.encode(), headers={"Set-Cookie": "sessionid=s3ss10n; Path=/; HttpOnly"}),
        ("*", "/palvelut"): Answer(SERVICES.encode()),
        ("*", "/tietosuojaseloste"): Answer(NOTICE.encode()),
        ("*", "/consent.js"): Answer(CONSENT_JS.encode(), JS),
        ("*", "/ilman-banneria"): Answer(NO_BANNER.encode()),
        ("*", "/sv"): Answer(SWEDISH.encode()),
        # A price list served as a download: the browser must not save it.
        ("*", "/hinnasto"): Answer(b"%PDF-1.4 hinnasto", "application/octet-stream",
                                   headers={"Content-Disposition": "attachment; filename=hinnasto.pdf"}),
        ("*", "/hidas"): Answer(HOME.encode(), delay=60.0),
        ("www.googletagmanager.com", "/gtag/js"): Answer(GTAG_JS.encode(), JS),
        ("www.google-analytics.com", "/g/collect"): Answer(GIF, "image/gif"),
        ("consent.cookiebot.com", "/uc.js"): Answer(b"/* consent tool */", JS),
        ("static.kuusisto-cdn.fi", "/site.css"): Answer(b"body { font-family: sans-serif }", "text/css"),
        ("connect.facebook.net", "/fi_FI/fbevents.js"): Answer(FBEVENTS_JS.encode(), JS),
        ("www.facebook.com", "/tr"): Answer(GIF, "image/gif"),
        ("snap.licdn.com", "/li.lms-analytics/insight.min.js"): Answer(INSIGHT_JS.encode(), JS),
        ("px.ads.linkedin.com", "/collect"): Answer(GIF, "image/gif", headers={
            "Set-Cookie": "li_sugr=3c1f-test; Domain=.linkedin.com; Path=/; Max-Age=7776000; "
                          "SameSite=None; Secure"}),
    }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = urlsplit(self.path).path
        self.server.farm.seen.append((host, self.path))
        table = self.server.farm.routes
        answer = table.get((host, path)) or (table.get(("*", path)) if self.server.site else None)
        if answer is None:
            answer = Answer(b"not here", "text/plain")
            status = 404
        else:
            status = 200
        if answer.delay:
            time.sleep(answer.delay)
        try:
            self.send_response(status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    farm: SiteFarm
    site: bool

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # TLS handshakes the browser gives up on, clients killed by the tests


class SiteFarm:
    """The site on HTTP and the trackers on HTTPS, both on 127.0.0.1."""

    def __init__(self) -> None:
        self.routes = routes()
        self.seen: list[tuple[str, str]] = []
        self.site = self._start(tls=False)
        self.trackers = self._start(tls=True)

    def _start(self, tls: bool) -> _Server:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.farm, server.site = self, not tls
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(HERE / "tls-cert.pem", HERE / "tls-key.pem")
            server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.site.server_address[1]}/"

    def resolve_args(self) -> list[str]:
        """``--resolve`` options that send every tracker name to the HTTPS server."""
        port = self.trackers.server_address[1]
        return [a for h in TRACKER_HOSTS for a in ("--resolve", f"{h}=127.0.0.1:{port}")]

    def host_map(self) -> tuple[tuple[str, str], ...]:
        port = self.trackers.server_address[1]
        return tuple((h, f"127.0.0.1:{port}") for h in TRACKER_HOSTS)

    def close(self) -> None:
        for server in (self.site, self.trackers):
            server.shutdown()
            server.server_close()

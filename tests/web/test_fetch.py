"""Fetching a notice from a URL (noticeaudit/fetch.py), against real local servers."""
from __future__ import annotations

import json
import socket

import pytest
from conftest import REPO, run_cli

from noticeaudit import __version__
from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Result
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.report.json import document_dict
from noticeaudit.sources import FetchOptions

from .server import Farm

CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)


def audit(url: str, **fetch: float) -> Result:
    return audit_source(url, CATALOGUE, RULES, Options(fetch=FetchOptions(**fetch)))


def findings(result: Result) -> list[dict]:
    return document_dict(result)["findings"]


def test_a_url_is_audited_like_the_file_it_serves(web: Farm) -> None:
    name = "notices/en_22_language_school.html"
    url = web.url(f"/{name}")
    fetched, local = audit(url), audit_source(str(REPO / "corpus" / name), CATALOGUE, RULES,
                                              Options())
    assert fetched.error is None
    assert (fetched.source, fetched.url, fetched.document.source) == (url, url, url)
    # Same findings at the same lines of the HTML source: the served bytes are the file's.
    assert findings(fetched) == findings(local)
    assert {f["rule"] for f in findings(fetched)} >= {"M010", "O004", "C001"}
    assert any(f["location"]["line"] for f in findings(fetched))


def test_the_user_agent_is_honest(web: Farm) -> None:
    audit(web.url("/notices/fi_03_hammasklinikka.html"))
    (_, _, headers), = web.stats.requests
    assert headers["User-Agent"] == \
        f"noticeaudit/{__version__} (+https://github.com/noticeaudit/noticeaudit)"
    assert "gzip" in headers["Accept-Encoding"]


def test_redirects_are_followed_to_the_notice(web: Farm) -> None:
    result = audit(web.url("/moved"))
    assert result.error is None
    assert result.source == web.url("/moved")
    assert result.url == web.url("/notices/fi_03_hammasklinikka.html")
    assert web.stats.paths() == ["/moved", "/moved/2", "/notices/fi_03_hammasklinikka.html"]


@pytest.mark.parametrize(("path", "reason"), [
    ("/chain/0", "too many redirects (more than 5)"),
    ("/loop/a", "redirect loop: "),
    ("/missing", "HTTP 404 Not Found"),
    ("/error", "HTTP 500 Internal Server Error"),
    ("/login", "a login page (password form), not a notice"),
    ("/empty", "empty response"),
])
def test_a_bad_answer_is_one_plain_reason(web: Farm, path: str, reason: str) -> None:
    result = audit(web.url(path))
    assert result.error is not None and result.error.startswith(reason), result.error
    assert result.document is None and result.findings == []


def test_a_redirect_loop_is_named(web: Farm) -> None:
    error = audit(web.url("/loop/a")).error
    a, b = web.url("/loop/a"), web.url("/loop/b")
    assert error == f"redirect loop: {a} -> {b} -> {a}"
    assert len(web.stats.requests) == 2


def test_a_slow_server_times_out(web: Farm) -> None:
    result = audit(web.url("/slow"), timeout=0.5)
    assert result.error is not None and result.error.startswith("timed out")


def test_an_unreachable_server_is_reported() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    result = audit(f"http://127.0.0.1:{port}/")
    assert result.error is not None and result.error.startswith("cannot connect")


@pytest.mark.parametrize("path", ["/big", "/endless"])
def test_an_oversized_body_is_refused_without_reading_it_all(web: Farm, path: str) -> None:
    result = audit(web.url(path), max_bytes=100 * 1024)
    assert result.error == "response too large (more than 100 kB; see --max-bytes)"


@pytest.mark.parametrize("path", ["/cp1252-as-utf8", "/cp1252-no-charset"])
def test_a_wrong_or_missing_charset_still_reads_the_letters(web: Farm, path: str) -> None:
    result = audit(web.url(path))
    assert result.error is None
    text = result.document.text
    assert "Hämeenkyrön Kävelijät ry, Pääskytie 4" in text
    assert "perintä – ei muuta" in text and "\ufffd" not in text


def test_a_declared_charset_is_used() -> None:
    from noticeaudit.sources import decode

    data = "Jäsenrekisteri".encode("iso-8859-15")
    assert decode(data, "iso-8859-15") == "Jäsenrekisteri"
    # A server's default ISO-8859-1 on a UTF-8 page: the UTF-8 wins.
    assert decode("Jäsenrekisteri".encode(), "iso-8859-1") == "Jäsenrekisteri"


def test_gzip_is_decompressed(web: Farm) -> None:
    result = audit(web.url("/gzip"))
    assert result.error is None
    assert result.document.title == "Tietosuojaseloste – potilasrekisteri"


def test_a_pdf_is_told_by_its_content(web: Farm) -> None:
    result = audit(web.url("/download"))  # application/octet-stream, no .pdf in the URL
    assert result.error is None
    assert result.document.format == "pdf"
    assert result.document.title == "Jäsenrekisterin tietosuojaseloste"


def test_bad_urls_get_one_line_each_and_the_others_are_audited(web: Farm) -> None:
    good = web.url("/notices/fi_03_hammasklinikka.html")
    bad = {web.url("/missing"): "HTTP 404 Not Found", web.url("/error"): "HTTP 500",
           web.url("/loop/a"): "redirect loop", web.url("/slow"): "timed out",
           web.url("/login"): "a login page", web.url("/empty"): "empty response"}
    run = run_cli("check", *bad, good, "--timeout", "1", "--format", "json")
    assert run.code == 2
    assert "Traceback" not in run.stderr
    lines = run.stderr_lines
    assert len(lines) == len(bad)
    for line, (url, reason) in zip(lines, bad.items(), strict=True):
        assert line.startswith(f"noticeaudit: {url}: {reason}"), line
    documents = run.json["documents"]
    assert [d["source"] for d in documents] == [*bad, good]
    assert documents[-1]["error"] is None and documents[-1]["url"] == good
    assert all(d["error"] and "url" not in d for d in documents[:-1])
    json.dumps(run.json)  # the report is still one JSON document


def test_max_bytes_takes_a_size(web: Farm) -> None:
    run = run_cli("check", web.url("/big"), "--max-bytes", "100k")
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {web.url('/big')}: response too large "
                                "(more than 100 kB; see --max-bytes)"]
    run = run_cli("check", web.url("/big"), "--max-bytes", "lots")
    assert run.code == 2 and "is not a size" in run.stderr

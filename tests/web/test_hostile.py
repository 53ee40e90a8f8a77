"""Hostile answers from a real local server (issue 11): refused with one line, exit 2."""
from __future__ import annotations

import gzip

import pytest
from conftest import REPO, run_cli
from hostile import MiB, gzip_stack

from .server import Farm, Page

GOOD = "/notices/en_22_language_school.html"  # has findings


@pytest.mark.parametrize("layers", [1, 2, 3])
def test_stacked_gzip_is_bounded_by_max_bytes(web: Farm, layers: int) -> None:
    body = gzip_stack(256 * MiB, layers)
    assert len(body) < 300_000
    codings = ", ".join(["gzip"] * layers)
    web.routes[f"/bomb{layers}"] = Page(body, headers={"Content-Encoding": codings})
    bad = web.url(f"/bomb{layers}")
    run = run_cli("check", bad, web.url(GOOD), "--max-bytes", "2MB", "--format", "json")
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {bad}: response too large (more than 2 MB; "
                                "see --max-bytes)"]
    assert run.json["documents"][1]["findings"], "the other source is still audited"


def test_stacked_gzip_of_a_notice_is_read(web: Farm) -> None:
    html = (REPO / "corpus" / GOOD.lstrip("/")).read_bytes()
    web.routes["/twice"] = Page(gzip.compress(gzip.compress(html)),
                                headers={"Content-Encoding": "gzip, gzip"})
    run = run_cli("check", web.url("/twice"), "--format", "json")
    assert run.code == 1, run.stderr
    assert run.json["documents"][0]["findings"]


def test_an_unknown_content_coding_is_named(web: Farm) -> None:
    web.routes["/br"] = Page(b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    run = run_cli("check", web.url("/br"))
    assert run.code == 2
    assert run.stderr_lines == [f"noticeaudit: {web.url('/br')}: unsupported Content-Encoding 'br'"]


def test_urls_no_request_can_be_sent_to_are_one_plain_line(web: Farm) -> None:
    web.routes["/to-js"] = Page(status=302, headers={"Location": "javascript:alert(1)"},
                                content_type=None)
    bad = {"http://127.0.0.1:99999/": "invalid URL (port 99999 is out of range)",
           "http://xn--/": "invalid host name in the URL",
           web.url("/to-js"): "redirected to an unusable URL"}
    run = run_cli("check", *bad, web.url(GOOD), "--format", "json")
    assert run.code == 2
    assert len(run.stderr_lines) == len(bad), run.stderr
    for line, (url, reason) in zip(run.stderr_lines, bad.items(), strict=True):
        assert line.startswith(f"noticeaudit: {url}: {reason}"), line
    assert run.json["documents"][-1]["findings"]


def test_a_password_in_a_url_is_never_shown(web: Farm, tmp_path) -> None:
    port = web.url("/").split(":")[2].split("/")[0]
    good = f"http://kayttaja:salasana123@127.0.0.1:{port}{GOOD}"
    missing = f"http://kayttaja:salasana123@127.0.0.1:{port}/missing"
    for fmt in ("json", "text", "sarif", "markdown", "github", "html"):
        run = run_cli("check", good, missing, "--format", fmt)
        assert run.code == 2, run.stderr
        assert "salasana123" not in run.stdout + run.stderr, fmt
    assert run.stderr_lines == [f"noticeaudit: http://kayttaja:***@127.0.0.1:{port}/missing: "
                                "HTTP 404 Not Found"]
    output = tmp_path / "s.jsonl"
    for _ in range(2):  # the rerun recognises the redacted rows: one row per source
        batch = run_cli("batch", good, missing, "--output", output, "--jobs", "1")
        assert batch.code == 0, batch.stderr
    text = output.read_text(encoding="utf-8")
    assert "salasana123" not in text and text.count("\n") == 2

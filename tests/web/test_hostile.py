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

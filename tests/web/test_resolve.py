"""``check URL --resolve HOST=ADDRESS``: the notice is fetched from ADDRESS under HOST's name."""
from __future__ import annotations

from urllib.parse import urlsplit

from conftest import run_cli

from .server import Farm

NAME = "www.kuusiston-kotipalvelu.fi"


def test_the_host_name_is_kept_and_the_address_replaced(web: Farm) -> None:
    port = urlsplit(web.url("/")).port
    url = f"http://{NAME}:{port}/notices/fi_07_taloyhtio.txt"
    run = run_cli("check", url, "--resolve", f"{NAME}=127.0.0.1", "--format", "json")
    assert run.code in (0, 1), run.stderr
    doc = run.json["documents"][0]
    assert doc["error"] is None and doc["source"] == url and doc["language"] == "fi"
    _, path, headers = web.stats.requests[-1]
    assert path == "/notices/fi_07_taloyhtio.txt"
    assert headers["Host"] == f"{NAME}:{port}"


def test_a_port_in_the_address_replaces_the_urls_port(web: Farm) -> None:
    port = urlsplit(web.url("/")).port
    url = f"http://{NAME}/notices/fi_07_taloyhtio.txt"
    run = run_cli("check", url, "--resolve", f"{NAME}=127.0.0.1:{port}", "--format", "json")
    assert run.json["documents"][0]["error"] is None
    assert web.stats.requests[-1][2]["Host"] == NAME


def test_without_resolve_the_name_is_not_reachable(web: Farm) -> None:
    run = run_cli("check", f"http://{NAME}.invalid/", "--format", "json")
    assert run.code == 2
    assert run.stderr_lines[0].startswith(f"noticeaudit: http://{NAME}.invalid/: ")


def test_a_bad_resolve_value_is_a_usage_error() -> None:
    run = run_cli("check", "http://www.example.fi/", "--resolve", "www.example.fi")
    assert run.code == 2
    assert "is not HOST=ADDRESS" in run.stderr and "Traceback" not in run.stderr

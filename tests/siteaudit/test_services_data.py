"""The services data (rules/services.yaml) and its lookups, without a browser."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

from noticeaudit.catalogue import load_catalogue
from noticeaudit.site.services import CATEGORIES, Services, ServicesError, from_entry, load, load_file

ENTRIES = yaml.safe_load((REPO / "rules" / "services.yaml").read_text(encoding="utf-8"))["services"]
NORDIC = ("giosg", "Leadoo", "Snoobi", "Ninchat", "Sanoma", "Alma Media", "Microsoft Clarity",
          "Hotjar", "LinkedIn Insight", "TikTok Pixel", "Facebook", "Google Analytics",
          "Google Ads", "Google Tag Manager", "YouTube", "Vimeo", "Matomo Cloud", "Cookiebot")
HOST = re.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)+$")


def test_at_least_100_curated_services_each_complete() -> None:
    assert len(ENTRIES) >= 100
    names = [e["name"] for e in ENTRIES]
    assert len(names) == len(set(names))
    for e in ENTRIES:
        assert e["company"] and e["country"] and e["source"], e["name"]
        assert e["category"] in CATEGORIES, e["name"]
        assert isinstance(e["aliases"], list) and isinstance(e["tags"], list), e["name"]
        assert all(HOST.match(h) for h in e["hosts"]), e["name"]


def test_the_nordic_and_common_services_are_there() -> None:
    names = {e["name"] for e in ENTRIES}
    assert set(NORDIC) <= names


def test_no_host_belongs_to_two_services() -> None:
    owners: dict[str, str] = {}
    for e in ENTRIES:
        for h in e["hosts"]:
            assert h not in owners, f"{h}: {owners.get(h)} and {e['name']}"
            owners[h] = e["name"]


def test_hosts_match_subdomains_and_the_most_specific_entry_wins() -> None:
    services = load(load_catalogue().services)
    assert services.by_host("region1.google-analytics.com").name == "Google Analytics"
    assert services.by_host("securepubads.g.doubleclick.net").name == "Google Ad Manager"
    assert services.by_host("googleads.g.doubleclick.net").name == "Google Ads"
    assert services.by_host("fonts.gstatic.com").name == "Google Fonts"
    assert services.by_host("www.gstatic.com").name == "Google"
    assert services.by_host("notgoogle-analytics.com") is None
    assert services.by_host("static.kuusisto-cdn.fi") is None


def test_cookie_names_exact_and_by_prefix() -> None:
    services = load(load_catalogue().services)
    assert services.by_cookie("_ga").name == "Google Analytics"
    assert services.by_cookie("_ga_ABC123").name == "Google Analytics"
    assert services.by_cookie("_hjSessionUser_12345").name == "Hotjar"
    assert services.by_cookie("_pk_id.1.abcd").name == "Matomo Cloud"
    assert services.by_cookie("sessionid") is None


def test_user_services_come_first(tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"
    own.write_text("services:\n  - name: Kuusisto Analytics\n    category: analytics\n"
                   "    hosts: [stats.kuusisto.example]\n    cookies: [_ka]\n"
                   "  - name: Our GA proxy\n    category: analytics\n    hosts: [google-analytics.com]\n",
                   encoding="utf-8")
    services = load(load_catalogue().services, str(own))
    assert services.by_host("a.stats.kuusisto.example").name == "Kuusisto Analytics"
    assert services.by_host("www.google-analytics.com").name == "Our GA proxy"
    assert services.by_cookie("_ka").category == "analytics"


@pytest.mark.parametrize(("text", "reason"), [
    ("services: 3\n", "expected a mapping with 'services:'"),
    ("services:\n  - hosts: [a.example]\n", "entry 1: each service needs a 'name'"),
    ("services:\n  - name: X\n    category: tracking\n", "category must be one of"),
    ("services: [\n", "cannot read services file"),
])
def test_a_bad_services_file_is_named_with_the_reason(tmp_path: Path, text: str, reason: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ServicesError, match=re.escape(reason)):
        load_file(str(bad))
    run = run_cli("site", "http://127.0.0.1:1/", "--services", bad)
    assert run.code == 2 and len(run.stderr_lines) == 1
    assert run.stderr_lines[0].startswith(f"noticeaudit: {bad}: ")


def test_company_names_drop_the_legal_form() -> None:
    assert from_entry({"name": "A", "company": "Google LLC"}, "x").company_short == "Google"
    assert from_entry({"name": "A", "company": "Meta Platforms, Inc."}, "x").company_short == \
        "Meta Platforms"
    assert from_entry({"name": "A", "company": "Giosg.com Oy"}, "x").company_short == "Giosg.com"
    assert Services([]).by_host("x.example") is None


def test_check_never_imports_the_browser_stack() -> None:
    code = ("import sys, noticeaudit.cli; "
            "sys.exit(1 if any(m.startswith('playwright') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_missing_chromium_is_one_line_and_exit_2() -> None:
    run = run_cli("site", "http://127.0.0.1:1/", env={"NOTICEAUDIT_CHROMIUM": "/nonexistent/chromium"})
    assert run.code == 2
    assert run.stderr_lines == ["noticeaudit: site audit needs Chromium: apt-get install chromium, "
                                "or set NOTICEAUDIT_CHROMIUM (NOTICEAUDIT_CHROMIUM=/nonexistent/"
                                "chromium is not an executable)"]

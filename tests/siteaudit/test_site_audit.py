"""``noticeaudit site`` on the loopback site of ``sitefarm.py``, in real headless Chromium.

The site is built with one defect of each kind (see ``sitefarm.py``); each
test checks that the audit finds exactly the built-in ones, with the
observation (request or cookie, and its phase) as evidence.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from conftest import SHARED, run_cli

from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Finding, Result
from noticeaudit.pipeline import Options
from noticeaudit.report import render
from noticeaudit.site.audit import SiteOptions, run_site
from noticeaudit.site.browser import BrowserOptions
from noticeaudit.site.observe import ObserveOptions
from noticeaudit.site.services import load
from noticeaudit.sources import FetchOptions

from .conftest import requires_browser
from .sitefarm import SiteFarm

pytestmark = requires_browser
CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)
SITE_RULES = CATALOGUE.select(["S"], None)
SARIF_SCHEMA = SHARED / "spec" / "sarif-schema-2.1.0.json"


def audit(farm: SiteFarm, path: str = "/", rules: list | None = None, pages: int = 3) -> Result:
    hosts = farm.host_map()
    return run_site(farm.url.rstrip("/") + path, CATALOGUE, rules or RULES, load(CATALOGUE.services),
                    Options(fetch=FetchOptions(resolve=hosts)),
                    SiteOptions(ObserveOptions(BrowserOptions(hosts, insecure=True),
                                               max_pages=pages)))


@pytest.fixture(scope="module")
def result(sitefarm: SiteFarm) -> Iterator[Result]:
    sitefarm.seen.clear()
    yield audit(sitefarm, pages=4)  # the fourth page linked from home is a download


def by_rule(result: Result, rule: str) -> dict[str, Finding]:
    """The findings of ``rule``, by the service their message names."""
    names = [s["name"] for s in result.observed["services"]] + ["Hotjar"]
    found = {}
    for f in result.findings:
        if f.rule == rule:
            service = next(n for n in sorted(names, key=len, reverse=True) if n in f.message)
            found[service] = f
    return found


def test_the_three_visits_are_made_and_the_banner_is_operated(result: Result) -> None:
    visits = {v["visit"]: v for v in result.observed["visits"]}
    assert list(visits) == ["none", "accept", "reject"]
    assert [visits[v]["clicked"] for v in visits] == [False, True, True]
    assert {visits[v]["banner"] for v in visits} == {"Cookiebot"}
    pages = result.observed["pages"]
    assert pages[0].endswith("/") and pages[1].endswith("/tietosuojaseloste")
    assert pages[2].endswith("/palvelut") and pages[3].endswith("/hinnasto")
    assert all(v["pages"] == pages[:3] for v in visits.values())


def test_downloads_are_refused_and_the_visit_goes_on(result: Result) -> None:
    for visit in result.observed["visits"]:
        assert visit["note"] == f"{result.observed['pages'][3]} did not load: Download is starting"
        assert len(visit["pages"]) == 3  # the pages after it were loaded all the same


def test_tracker_names_reach_the_local_server_under_their_real_names(
        result: Result, sitefarm: SiteFarm) -> None:
    hosts = {host for host, _ in sitefarm.seen}
    # Chromium's host-resolver rules sent the real names to 127.0.0.1 (TLS with SNI, Host header).
    assert {"www.google-analytics.com", "connect.facebook.net", "px.ads.linkedin.com"} <= hosts


def test_s004_analytics_before_consent_and_nothing_else(result: Result) -> None:
    s004 = by_rule(result, "S004")
    assert set(s004) == {"Google Analytics"}
    f = s004["Google Analytics"]
    assert "https://www.google-analytics.com/g/collect" in f.message
    assert "before consent" in f.message or "ennen suostumusta" in f.message
    assert any("_ga (127.0.0.1)" in d for d in f.details)


def test_s005_tracking_that_continues_after_reject(result: Result) -> None:
    s005 = by_rule(result, "S005")
    # LinkedIn Insight is loaded by the banner's reject handler (the built-in bug); Google
    # Analytics is loaded on every page, so it goes on after the refusal too.
    assert set(s005) == {"LinkedIn Insight", "Google Analytics"}
    f = s005["LinkedIn Insight"]
    assert "kieltäytymisen jälkeen" in f.message
    # The request, and the script that started it (the site's own banner code).
    assert "insight.min.js (script ← http://127.0.0.1:" in f.message
    assert "/consent.js)" in f.message
    evidence = f.message + " ".join(f.details)
    assert "li_sugr (.linkedin.com)" in evidence  # a third-party cookie, stored after the click
    assert "Facebook" not in s005  # the pixel loads only after accept


def test_s002_services_the_notice_does_not_name(result: Result) -> None:
    assert set(by_rule(result, "S002")) == {"Facebook", "LinkedIn Insight"}
    facebook = by_rule(result, "S002")["Facebook"]
    assert "connect.facebook.net/fi_FI/fbevents.js" in facebook.message
    assert "hyväksymisen jälkeen" in facebook.message


def test_s003_cites_the_notice_claim_and_the_request(result: Result) -> None:
    s003 = by_rule(result, "S003")
    assert {"Google Analytics", "Facebook", "LinkedIn Insight", "Google Tag Manager"} == set(s003)
    f = s003["Google Analytics"]
    assert f.excerpt == "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle."
    lines = result.document.text.split("\n")
    assert f.location.section == "Tietojen siirto EU:n tai ETA:n ulkopuolelle"
    assert f.location.line is not None and f.related[0][0] == f.excerpt
    assert "https://www.google-analytics.com/" in f.message
    assert any("Tietoja ei siirretä" in line for line in lines)


def test_s006_only_for_a_named_service_never_observed(result: Result) -> None:
    s006 = by_rule(result, "S006")
    assert set(s006) == {"Hotjar"}  # Google Analytics is named too, but observed
    f = s006["Hotjar"]
    assert f.severity == "info" and "Hotjar" in (f.excerpt or "")
    assert any("/palvelut" in d for d in f.details)  # the pages visited are listed


def test_observed_services_cookies_and_phases(result: Result) -> None:
    observed = result.observed
    services = {s["name"]: s for s in observed["services"]}
    assert list(services["Facebook"]["phases"]) == ["after-accept"]
    assert list(services["Google Analytics"]["phases"]) == ["before-consent", "after-accept",
                                                            "after-reject"]
    assert services["Cookiebot"]["category"] == "consent"
    assert [u["host"] for u in observed["unclassified"]] == ["static.kuusisto-cdn.fi"]
    cookies = {c["name"]: c for c in observed["cookies"]}
    assert cookies["sessionid"]["party"] == "first" and cookies["sessionid"]["service"] is None
    assert cookies["sessionid"]["expires"] is None
    assert cookies["li_sugr"]["party"] == "third"
    assert cookies["_fbp"]["phases"] == ["after-accept"]
    assert cookies["_ga"]["phases"] == ["before-consent"]
    assert cookies["CookieConsent"]["phases"] == ["after-accept", "after-reject"]


def test_no_finding_about_the_consent_tool_or_unclassified_hosts(result: Result) -> None:
    site = [f for f in result.findings if f.rule[0] == "S"]
    assert not any("Cookiebot" in f.message or "kuusisto-cdn" in f.message for f in site)


def test_every_format_shows_the_observed_section(result: Result) -> None:
    doc = json.loads(render("json", [result], RULES))["documents"][0]
    assert doc["observed"]["services"][0]["name"]
    assert doc["url"].endswith("/tietosuojaseloste") and doc["format"] == "html"
    md = render("markdown", [result], RULES)
    row = next(line for line in md.splitlines() if line.startswith("| Facebook |"))
    assert [c.strip() for c in row.split("|")[4:7]] == ["", "●", ""]  # after accept only
    html = render("html", [result], RULES)
    assert "Observed in the browser" in html and "<th scope=\"row\">li_sugr</th>" in html
    text = render("text", [result], RULES)
    assert re.search(r"^\s+observed\s+\d+ requests on 4 pages", text, re.M)
    sarif = json.loads(render("sarif", [result], RULES))
    assert {"S002", "S003", "S004", "S005", "S006"} <= {
        r["ruleId"] for r in sarif["runs"][0]["results"]}
    if SARIF_SCHEMA.is_file():  # ../shared is not everywhere
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    github = render("github", [result], RULES)
    assert "title=S004 tracking-before-consent" in github


def test_a_banner_that_cannot_be_operated_is_reported_and_not_guessed(sitefarm: SiteFarm) -> None:
    result = audit(sitefarm, "/ilman-banneria", SITE_RULES)
    visits = {v["visit"]: v for v in result.observed["visits"]}
    assert visits["accept"]["note"] == ("no accept button found on the consent banner: "
                                        "the accept visit was skipped")
    assert "the reject visit was skipped" in visits["reject"]["note"]
    assert not visits["reject"]["clicked"]
    rules = {f.rule for f in result.findings}
    assert "S004" in rules and "S005" not in rules  # no refusal was made, so none was ignored


def test_a_banner_is_found_by_its_buttons_text(sitefarm: SiteFarm) -> None:
    result = audit(sitefarm, "/sv", SITE_RULES, pages=1)
    visits = {v["visit"]: v for v in result.observed["visits"]}
    assert [(visits[v]["banner"], visits[v]["clicked"]) for v in ("accept", "reject")] == \
        [("generic", True), ("generic", True)]  # a <button> and an <a role=button>
    services = {s["name"]: s["phases"] for s in result.observed["services"]}
    assert list(services["Facebook"]) == ["after-accept"]
    # Nothing before consent or after the refusal; the notice's Google Analytics and Hotjar
    # are nowhere on this page (S006).
    assert {f.rule for f in result.findings} == {"S002", "S003", "S006"}


def test_site_command_exit_status_and_json(sitefarm: SiteFarm) -> None:
    run = run_cli("site", sitefarm.url, "--insecure", *sitefarm.resolve_args(),
                  "--select", "S", "--format", "json")
    assert run.code == 1, run.stderr
    assert run.stderr_lines == []
    doc = run.json["documents"][0]
    assert {f["rule"] for f in doc["findings"]} == {"S002", "S003", "S004", "S005", "S006"}
    assert doc["observed"]["notice"]["error"] is None


def test_an_unreachable_site_is_one_line_and_exit_2() -> None:
    run = run_cli("site", "http://127.0.0.1:9/", "--site-timeout", "20")
    assert run.code == 2
    assert len(run.stderr_lines) >= 1 and "Traceback" not in run.stderr
    assert run.stderr_lines[-1].startswith("noticeaudit: http://127.0.0.1:9/:")

"""Tests for noticeaudit.report.sarif: the schema, Microsoft's validator, fingerprints, places.

Every log comes from real audits of corpus notices (and of the shared seeds,
when present). The Multitool test runs only where the tool is installed
(``npm install --no-save --prefix /tmp/sarifmt @microsoft/sarif-multitool``).
"""
from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from noticeaudit import __version__
from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Result
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.report import render

REPO = Path(__file__).resolve().parents[2]
NOTICES = REPO / "corpus" / "notices"
LAYOUTS = REPO / "corpus" / "layouts"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SCHEMA = SHARED / "spec" / "sarif-schema-2.1.0.json"
MULTITOOL = Path("/tmp/sarifmt/node_modules/.bin/sarif-multitool")

CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)
KAHVIKAIRA = NOTICES / "fi_14_verkkokauppa_evasteet.txt"
CORPUS = [KAHVIKAIRA, NOTICES / "en_22_language_school.html",
          NOTICES / "fi_01_verkkokauppa_lumopuoti.md",
          NOTICES / "sv_19_registerbeskrivning_musikinstitut.txt",
          LAYOUTS / "pdf_headings.pdf", LAYOUTS / "pdf_encrypted.pdf"]

requires_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} not present")


def audit(*paths: Path | str) -> list[Result]:
    return [audit_source(str(p), CATALOGUE, RULES, Options()) for p in paths]


def sarif(results: list[Result]) -> dict[str, Any]:
    return json.loads(render("sarif", results, RULES))


def run_of(results: list[Result]) -> dict[str, Any]:
    log = sarif(results)
    assert len(log["runs"]) == 1
    return log["runs"][0]


def seeds() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def results_for(run: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["ruleId"] == rule]


# --- validity -------------------------------------------------------------------------

@pytest.mark.skipif(not SCHEMA.is_file(), reason=f"{SCHEMA} not present")
@pytest.mark.parametrize("which", ["corpus", "seeds"])
def test_logs_validate_against_the_official_schema(which: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if which == "seeds" and not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
    log = sarif(audit(*(seeds() if which == "seeds" else CORPUS)))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0" and log["$schema"].startswith("https://")


def multitool() -> str | None:
    return shutil.which("sarif-multitool") or (str(MULTITOOL) if MULTITOOL.exists() else None)


@pytest.mark.skipif(multitool() is None, reason="SARIF Multitool not installed")
def test_microsoft_multitool_with_github_rules_reports_nothing(tmp_path: Path) -> None:
    sources = [*CORPUS, *seeds(), tmp_path / "missing.txt"]
    path = tmp_path / "noticeaudit.sarif"
    path.write_text(render("sarif", audit(*sources), RULES), encoding="utf-8")
    out = tmp_path / "validation.sarif"
    # Rule kinds: the SARIF spec rules and GitHub's ingestion rules; levels error and warning.
    proc = subprocess.run([multitool(), "validate", str(path), "--rule-kind", "Sarif", "Gh",
                           "--output", str(out), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(out.read_text(encoding="utf-8-sig"))["runs"][0]
    problems = [(r["ruleId"], r.get("level", "warning"), r["message"].get("arguments"))
                for r in report["results"]]
    assert problems == [], proc.stdout


# --- the tool and its rules -----------------------------------------------------------

def test_driver_describes_the_rules_that_ran() -> None:
    run = run_of(audit(KAHVIKAIRA))
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("noticeaudit", __version__)
    assert driver["informationUri"] == "https://github.com/noticeaudit/noticeaudit"
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    for desc, rule in zip(driver["rules"], RULES):
        assert desc["name"] == rule.name
        assert "{" not in desc["shortDescription"]["text"]
        assert desc["fullDescription"]["text"].startswith(rule.text("explanation", "en")[:40])
        assert rule.text("suggestion", "en") in desc["help"]["text"]
        assert rule.text("suggestion", "en") in desc["help"]["markdown"]
        assert desc["properties"].get("gdpr") == rule.anchor
        assert desc["properties"]["precision"] in {"very-high", "high", "medium", "low"}
        tags = desc["properties"]["tags"]
        assert set(rule.tags) <= set(tags) and len(set(tags)) == len(tags)
    by_id = {r["id"]: r for r in driver["rules"]}
    # A message with a {match} field is described by the rule's name instead.
    assert by_id["O004"]["shortDescription"]["text"] == "Invalid transfer mechanism."
    m010 = CATALOGUE.rules["M010"].text("message", "en")
    assert by_id["M010"]["shortDescription"]["text"] == m010
    assert "outdated-references" in by_id["O004"]["properties"]["tags"]
    assert "missing-information" in by_id["M010"]["properties"]["tags"]


def test_levels_follow_severity() -> None:
    run = run_of(audit(KAHVIKAIRA, LAYOUTS / "pdf_headings.pdf"))
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for desc, rule in zip(run["tool"]["driver"]["rules"], RULES):
        assert desc["defaultConfiguration"]["level"] == levels[rule.severity]
    severities = {r.id: r.severity for r in RULES}
    seen = set()
    for result in run["results"]:
        assert result["level"] == levels[severities[result["ruleId"]]]
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        seen.add(result["level"])
    assert seen == {"error", "warning", "note"}


# --- results and where they are -------------------------------------------------------

def test_located_finding_has_region_section_and_fingerprint(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    source = "corpus/notices/fi_14_verkkokauppa_evasteet.txt"
    run = run_of(audit(source))
    (o004,) = results_for(run, "O004")
    assert "'Privacy Shield'" in o004["message"]["text"]
    (loc,) = o004["locations"]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == source
    region = loc["physicalLocation"]["region"]
    line = KAHVIKAIRA.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "Privacy Shield"
    assert region["endLine"] == region["startLine"]
    assert loc["logicalLocations"] == [{"name": "8. Siirrot EU:n ulkopuolelle", "kind": "element"}]
    assert set(o004["partialFingerprints"]) == {"noticeaudit/v2"}


def test_html_regions_point_into_the_html_source() -> None:
    path = NOTICES / "en_22_language_school.html"
    run = run_of(audit(path))
    (o004,) = results_for(run, "O004")
    region = o004["locations"][0]["physicalLocation"]["region"]
    line = path.read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == "Privacy Shield"


def test_pdf_regions_count_lines_within_the_page(tmp_path: Path) -> None:
    from conftest import make_pdf

    pdf = make_pdf(tmp_path / "seloste.pdf", [
        ("Tietosuojaseloste", "Helvetica-Bold", 18),
        ("Osoitteet päivitetään Väestörekisterikeskuksen osoitepalvelusta.", "Helvetica", 10)])
    run = run_of(audit(pdf))
    (o007,) = results_for(run, "O007")
    region = o007["locations"][0]["physicalLocation"]["region"]
    assert region["properties"] == {"page": 1}
    assert (region["startLine"], region["startColumn"]) == (2, len("Osoitteet päivitetään ") + 1)
    assert region["endColumn"] - region["startColumn"] == len("Väestörekisterikeskuksen")
    assert run["artifacts"][0]["mimeType"] == "application/pdf"


def test_whole_document_finding_spans_the_notice_and_says_what_was_searched() -> None:
    path = KAHVIKAIRA
    run = run_of(audit(path))
    (m020,) = results_for(run, "M020")
    region = m020["locations"][0]["physicalLocation"]["region"]
    lines = path.read_text(encoding="utf-8").rstrip().splitlines()
    assert region == {"startLine": 1, "endLine": len(lines)}
    message, *details = m020["message"]["text"].split("\n")
    assert message.startswith("Selosteessa ei kerrota")
    assert details and details[0].startswith("Etsitty:")


def test_contradiction_cites_the_other_side_as_a_related_location() -> None:
    run = run_of(audit(KAHVIKAIRA))
    (c002,) = results_for(run, "C002")
    assert c002["locations"][0]["physicalLocation"]["region"]["startLine"] == 63
    (related,) = c002["relatedLocations"]
    assert related["id"] == 1
    assert related["physicalLocation"]["region"]["startLine"] == 64
    assert "IP-osoite" in related["message"]["text"]
    assert "Ristiriidassa:" in c002["message"]["text"].split("\n")[1]


# --- fingerprints ---------------------------------------------------------------------

def fingerprints(run: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["ruleId"], r["partialFingerprints"]["noticeaudit/v2"]) for r in run["results"]]


def test_fingerprints_survive_reruns_and_lines_added_above(tmp_path: Path) -> None:
    text = KAHVIKAIRA.read_text(encoding="utf-8")
    original, shifted = tmp_path / "a.txt", tmp_path / "b.txt"
    original.write_text(text, encoding="utf-8")
    shifted.write_text("\n\n\n" + text, encoding="utf-8")
    first, again, moved = run_of(audit(original)), run_of(audit(original)), run_of(audit(shifted))
    assert fingerprints(first) == fingerprints(again)
    assert fingerprints(first) == fingerprints(moved)
    assert len(set(fingerprints(first))) == len(first["results"])

    def lines(run: dict[str, Any]) -> list[int]:
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in run["results"]]
        return [region["startLine"] for region in regions if "startColumn" in region]
    assert [n + 3 for n in lines(first)] == lines(moved)


# --- artifacts and invocations --------------------------------------------------------

def test_failed_source_is_a_tool_execution_notification() -> None:
    run = run_of(audit(KAHVIKAIRA, LAYOUTS / "pdf_encrypted.pdf"))
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "pdf_encrypted.pdf: could not be audited: " in note["message"]["text"]
    uri = note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("pdf_encrypted.pdf")
    assert results_for(run, "O004"), "the other source is still reported"
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != uri
               for r in run["results"])


def test_successful_run_has_no_notifications() -> None:
    (invocation,) = run_of(audit(KAHVIKAIRA))["invocations"]
    assert invocation["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in invocation


def test_artifact_uris_are_relative_escaped_references(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ilmoitukset 2024"
    folder.mkdir()
    shutil.copy(KAHVIKAIRA, folder / "seloste ä#1.txt")
    monkeypatch.chdir(tmp_path)
    name = "ilmoitukset 2024/seloste ä#1.txt"
    results = audit(name, tmp_path / name, "./missing.txt")
    run = run_of(results)
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris == ["ilmoitukset%202024/seloste%20%C3%A4%231.txt", "missing.txt"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
            for r in run["results"]} == {0}
    assert run["invocations"][0]["workingDirectory"]["uri"] == tmp_path.as_uri() + "/"


def test_file_outside_the_working_directory_gets_a_file_uri(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    notice = tmp_path / "seloste.txt"
    shutil.copy(KAHVIKAIRA, notice)
    run = run_of(audit(notice))
    assert run["artifacts"][0]["location"]["uri"] == notice.as_uri()


def test_url_sources_are_their_own_uri() -> None:
    (result,) = audit(KAHVIKAIRA)
    url = "https://kahvikaira.example/tietosuoja?kieli=fi"
    run = run_of([dataclasses.replace(result, source=url)])
    assert run["artifacts"][0]["location"]["uri"] == url
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run["results"]} == {url}


def test_output_keeps_non_ascii_text() -> None:
    out = render("sarif", audit(KAHVIKAIRA), RULES)
    assert "sähköisen viestinnän" in out and "\\u00e4" not in out
    assert out.startswith('{\n  "$schema"')

"""Every example of every rule runs (proselint's meta-tests are the model).

Each rule documents at least three examples that count and three that do not,
in Finnish and in Swedish or English. Every example is real notice text and
runs through the whole pipeline as a small notice with only its rule
selected:
- ``required`` rules (missing items): ``counts`` provides the item, so the rule
  does not fire; ``does_not_count`` is a look-alike or an absence, so it fires;
- every other document kind: ``counts`` fires the rule, ``does_not_count`` does not;
- ``site`` rules: S001's examples are home pages, run through discovery's page
  scan (``counts`` offers no notice link, ``does_not_count`` does); S002-S006's
  are a notice, a line '---' and what a browser observed, one per line
  (``before-consent request URL``, ``after-reject cookie NAME DOMAIN``), run
  through the site audit's classification and comparison;
- ``versions`` rules (Q006): the earlier version, a line '---', the later one.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.nlp import detect_language
from noticeaudit.pipeline import Options, audit_source
from noticeaudit.registry import KINDS

CATALOGUE = load_catalogue()
RULES = sorted(CATALOGUE.rules.values(), key=lambda r: r.id)
DOCUMENT_RULES = [r for r in RULES if KINDS[r.kind].document_rule]


def _fires(tmp_path: Path, text: str, rule_id: str) -> bool:
    notice = tmp_path / "notice.txt"
    notice.write_text(text, encoding="utf-8")
    result = audit_source(str(notice), CATALOGUE, CATALOGUE.select([rule_id], None), Options())
    assert result.error is None, result.error
    return rule_id in {f.rule for f in result.findings}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_three_examples_of_each_kind_in_two_languages(rule) -> None:
    for key in ("counts", "does_not_count"):
        examples = rule.examples.get(key, [])
        assert len(examples) >= 3, f"{rule.id}: {len(examples)} '{key}' examples, at least 3 needed"
        langs = {detect_language(text) for text in examples}
        assert "fi" in langs, f"{rule.id}: no Finnish '{key}' example"
        assert langs & {"sv", "en"}, f"{rule.id}: no Swedish or English '{key}' example"
    for key in ("message", "suggestion", "explanation"):
        assert rule.text(key, "en"), f"{rule.id} has no {key}"


def _cases():
    for rule in DOCUMENT_RULES:
        for key in ("counts", "does_not_count"):
            for i, text in enumerate(rule.examples.get(key, []), 1):
                fires = (key == "counts") != (rule.kind == "required")
                yield pytest.param(rule.id, text, fires, id=f"{rule.id}-{key}-{i}")


@pytest.mark.parametrize("rule_id,text,fires", list(_cases()))
def test_example_behaves_as_documented(tmp_path: Path, rule_id: str, text: str, fires: bool) -> None:
    assert _fires(tmp_path, text, rule_id) is fires, (
        f"{rule_id} should {'' if fires else 'not '}fire on:\n{text}")


def _site_cases():
    for rule in RULES:
        if rule.kind != "site" or rule.id != "S001":
            continue
        for key in ("counts", "does_not_count"):
            for i, text in enumerate(rule.examples.get(key, []), 1):
                yield pytest.param(rule.id, text, key == "counts", id=f"{rule.id}-{key}-{i}")


@pytest.mark.parametrize("rule_id,html,fires", list(_site_cases()))
def test_site_example_behaves_as_documented(rule_id: str, html: str, fires: bool) -> None:
    from noticeaudit.discover import scan

    assert rule_id == "S001"
    found = scan(html, "https://www.example.fi/")
    assert (not found.links) is fires, (rule_id, html)


def _version_cases():
    for rule in RULES:
        if rule.kind != "versions":
            continue
        for key in ("counts", "does_not_count"):
            for i, text in enumerate(rule.examples.get(key, []), 1):
                yield pytest.param(rule.id, text, key == "counts", id=f"{rule.id}-{key}-{i}")


@pytest.mark.parametrize("rule_id,text,fires", list(_version_cases()))
def test_version_example_behaves_as_documented(tmp_path: Path, rule_id: str, text: str,
                                               fires: bool) -> None:
    """A versions rule's example is the earlier version, a line '---', and the later one."""
    from noticeaudit.versions.diff import Version, compare

    old_text, new_text = text.split("\n---\n")
    rules = CATALOGUE.select([rule_id], None)
    versions = []
    for name, body in (("old.txt", old_text), ("new.txt", new_text)):
        path = tmp_path / name
        path.write_text(body, encoding="utf-8")
        versions.append(Version.of(name, audit_source(str(path), CATALOGUE, rules, Options())))
    diff = compare(versions[0], versions[1], rules)
    assert (rule_id in {f.rule for f in diff.new.result.findings}) is fires, text


def _observation_cases():
    for rule in RULES:
        if rule.kind != "site" or rule.id == "S001":
            continue
        for key in ("counts", "does_not_count"):
            for i, text in enumerate(rule.examples.get(key, []), 1):
                yield pytest.param(rule.id, text, key == "counts", id=f"{rule.id}-{key}-{i}")


@pytest.mark.parametrize("rule_id,text,fires", list(_observation_cases()))
def test_site_observation_example_behaves_as_documented(tmp_path: Path, rule_id: str, text: str,
                                                        fires: bool) -> None:
    from noticeaudit.analyse import analyse
    from noticeaudit.engine import Context
    from noticeaudit.parse import parse
    from noticeaudit.site.classify import classify
    from noticeaudit.site.compare import Notice, compare
    from noticeaudit.site.observe import Cookie, Observation, Request, site_of
    from noticeaudit.site.services import load
    from noticeaudit.sources import Loaded

    notice_text, seen = text.split("\n---\n")
    obs = Observation("https://www.example.fi/", "example.fi")
    for line in seen.strip().splitlines():
        phase, what, *rest = line.split()
        visit = {"before-consent": "none", "after-accept": "accept", "after-reject": "reject"}[phase]
        if what == "request":
            host = rest[0].split("/")[2]
            obs.requests.append(Request(rest[0], host, "script", None, visit, phase,  # type: ignore[arg-type]
                                        "https://www.example.fi/"))
        else:
            name, domain = rest
            party = "first" if site_of(domain.lstrip(".")) == obs.site else "third"
            obs.cookies.append(Cookie(name, domain, party, None, visit, phase))  # type: ignore[arg-type]
    services = load(CATALOGUE.services)
    doc = parse(Loaded("notice.txt", notice_text.encode("utf-8"), ".txt"))
    analysis = analyse(doc)
    notice = Notice(Context(doc, analysis, CATALOGUE), CATALOGUE, services)
    findings = compare(classify(obs, services), notice, CATALOGUE.select([rule_id], None),
                       analysis.language, "auto")
    assert (rule_id in {f.rule for f in findings}) is fires, text

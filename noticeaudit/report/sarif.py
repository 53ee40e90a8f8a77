"""``--format sarif``: SARIF 2.1.0 for code scanning (GitHub), IDEs and dashboards.

One run. ``tool.driver.rules`` describes the rules that ran, in English;
results keep the finding's own message (in the notice's language). Files are
referred to by their path relative to the working directory (absolute
``file:`` URIs outside it), URLs as themselves. A finding about the whole
document is located at the notice's lines (see :func:`_whole`). For PDF,
lines count within a page and the page is in the region's ``properties``.
Columns count Unicode code points and ``endColumn`` is exclusive, as in SARIF.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..catalogue import Rule
from ..fingerprint import fingerprints
from ..model import Document, Finding, Location, Result
from ..registry import FAMILIES
from ..sources import is_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/noticeaudit/noticeaudit"
FINGERPRINT_KEY = "noticeaudit/v2"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub's precision property, estimated from how a rule kind decides: a matched
# phrase or a structural fact is rarely wrong; an absence or a conflict between
# two passages is an inference; hedge density is a judgement.
PRECISION = {"phrase": "high", "notice-date": "high", "empty-section": "very-high",
             "duplicated-passage": "very-high", "required": "medium",
             "contradiction": "medium", "density": "low"}
MIME_TYPES = {"text": "text/plain", "markdown": "text/markdown", "html": "text/html",
              "pdf": "application/pdf",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_FIELD = re.compile(r"\{\w+\}")


def _path(source: str) -> Path:
    path = Path(os.path.abspath(source))
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def source_path(source: str) -> str:
    """A file source as a POSIX path: relative to the working directory when under it."""
    return _path(source).as_posix()


def artifact_uri(source: str) -> str:
    """The URI SARIF requires: a URL as given, a relative reference, or a ``file:`` URI."""
    if is_url(source):
        return quote(source, safe=":/?#[]@!$&'()*+,;=%~")
    path = _path(source)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _rule(rule: Rule) -> dict[str, Any]:
    message = rule.text("message", "en")
    short = _sentence(rule.name.replace("-", " ").capitalize() if _FIELD.search(message)
                      else message)
    explanation = _sentence(rule.text("explanation", "en") or short)
    fix = rule.text("suggestion", "en")
    family = FAMILIES.get(rule.family)
    help_text = [f"Fix: {fix}", explanation] if fix else [explanation]
    help_md = [f"**Fix:** {fix}", explanation] if fix else [explanation]
    if rule.anchor:
        help_text.append(f"Legal anchor: {rule.anchor}.")
        help_md.append(f"**Legal anchor:** {rule.anchor}.")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": explanation},
        "help": {"text": "\n\n".join(help_text), "markdown": "\n\n".join(help_md)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            **({"gdpr": rule.anchor} if rule.anchor else {}),
            "tags": list(dict.fromkeys(
                [*rule.tags, *([family.lower().replace(" ", "-")] if family else [])])),
            "precision": PRECISION.get(rule.kind, "medium"),
        },
    }


def _whole(doc: Document | None) -> dict[str, Any]:
    """A region for the whole notice: from line 1 to its last line when that is one page.

    SARIF allows a whole-artifact location without a region, but consumers (and
    the Multitool's SARIF2017) expect one.
    """
    region: dict[str, Any] = {"startLine": 1}
    if doc is not None and doc.text:
        last = doc.location(len(doc.text) - 1)
        if last.line is not None and last.page in (None, 1):
            region["endLine"] = last.line
    return region


def _region(loc: Location, doc: Document | None) -> dict[str, Any]:
    if loc.line is None:
        return _whole(doc)
    region: dict[str, Any] = {"startLine": loc.line}
    if loc.column is not None:
        region["startColumn"] = loc.column
    # A span that runs onto another PDF page ends at a smaller line: keep its start.
    end = (loc.end_line, loc.end_column or 0)
    if loc.end_line is not None and end >= (loc.line, loc.column or 0):
        region["endLine"] = loc.end_line
        if loc.end_column is not None and loc.column is not None:
            region["endColumn"] = loc.end_column
    if loc.page is not None:
        region["properties"] = {"page": loc.page}
    return region


def _location(loc: Location, doc: Document | None, uri: str, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {"physicalLocation": {
        "artifactLocation": {"uri": uri, "index": index}, "region": _region(loc, doc)}}
    if loc.section:
        out["logicalLocations"] = [{"name": loc.section, "kind": "element"}]
    return out


def _result(f: Finding, fingerprint: str, doc: Document | None, uri: str, index: int,
            rule_index: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in rule_index:
        out["ruleIndex"] = rule_index[f.rule]
    out["level"] = LEVELS[f.severity]
    out["message"] = {"text": "\n".join([_sentence(f.message), *f.details])}
    out["locations"] = [_location(f.location, doc, uri, index)]
    out["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **_location(loc, doc, uri, index), "message": {"text": excerpt}}
            for i, (excerpt, loc) in enumerate(f.related, 1)]
    return out


def render(results: list[Result], rules: list[Rule], **_: object) -> str:
    rule_index = {rule.id: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in results:
        uri = artifact_uri(r.source)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            artifact: dict[str, Any] = {"location": {"uri": uri}, "roles": ["analysisTarget"]}
            if r.document is not None and r.document.format in MIME_TYPES:
                artifact["mimeType"] = MIME_TYPES[r.document.format]
            artifacts.append(artifact)
        index = artifact_index[uri]
        if r.error:
            notifications.append({
                "level": "error",
                "message": {"text": _sentence(f"{r.source}: could not be audited: {r.error}")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri, "index": index}}}],
            })
            continue
        for f, fp in zip(r.findings, fingerprints(r.findings, r.document)):
            sarif_results.append(_result(f, fp, r.document, uri, index, rule_index))
    invocation: dict[str, Any] = {
        "executionSuccessful": not notifications,
        "workingDirectory": {"uri": Path.cwd().as_uri().rstrip("/") + "/"},
    }
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "noticeaudit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule) for rule in rules],
            }},
            "invocations": [invocation],
            "artifacts": artifacts,
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

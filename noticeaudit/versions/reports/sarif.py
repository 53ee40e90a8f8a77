"""``diff --format sarif``: the new version's findings with SARIF's ``baselineState``.

The check report's SARIF (:mod:`noticeaudit.report.sarif`) of both versions
in one run: the fixed findings located in the old version as ``absent``,
then every finding of the new version as ``new``, ``unchanged`` or
``updated`` (changed). Code scanning uses the same partialFingerprints.
"""
from __future__ import annotations

import json
from dataclasses import replace

from ...catalogue import Rule
from ...report import sarif
from ..diff import VersionDiff

BASELINE_STATE = {"new": "new", "fixed": "absent", "unchanged": "unchanged", "changed": "updated"}


def render(diff: VersionDiff, rules: list[Rule], **_: object) -> str:
    fixed = [c.finding for c in diff.by_state("fixed")]
    new = [c for c in diff.findings if c.state != "fixed"]
    old_part = replace(diff.old.result, findings=fixed)
    new_part = replace(diff.new.result, findings=[c.finding for c in new])
    log = json.loads(sarif.render([old_part, new_part], rules))
    results = log["runs"][0]["results"]
    states = ["absent"] * len(fixed) + [BASELINE_STATE[c.state] for c in new]
    for result, state in zip(results, states, strict=True):
        result["baselineState"] = state
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"

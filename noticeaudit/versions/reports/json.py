"""``diff --format json``: the comparison for programs (documented in the README)."""
from __future__ import annotations

import json
from typing import Any

from ... import __version__
from ...catalogue import Rule
from ...report.json import finding_dict
from ..diff import SECTION_KINDS, Version, VersionDiff
from ..textdiff import SectionText


def _side(v: Version) -> dict[str, Any]:
    doc = v.result.document
    return {"source": v.label, "url": v.result.url, "fetched": v.fetched,
            "format": doc.format if doc else None, "language": v.result.language,
            "title": doc.title if doc else None, "date": v.date,
            "findings": len(v.result.findings)}


def _section(s: SectionText | None, index: int | None) -> dict[str, Any] | None:
    return None if s is None else {"heading": s.heading, "index": index}


def diff_dict(diff: VersionDiff) -> dict[str, Any]:
    return {
        "noticeaudit": __version__,
        "old": _side(diff.old),
        "new": _side(diff.new),
        "text_changed": diff.text_changed,
        "date_changed": diff.date_changed,
        "only_date_changed": diff.only_date_changed,
        "summary": {**diff.counts(),
                    "sections": {k: len(diff.sections_of(k)) for k in SECTION_KINDS}},
        "findings": [{"state": c.state, "fingerprint": c.fingerprint, **finding_dict(c.finding),
                      "before": finding_dict(c.before) if c.state == "changed" and c.before
                      else None}
                     for c in diff.findings],
        "sections": [{"kinds": s.kinds, "old": _section(s.old, s.old_index),
                      "new": _section(s.new, s.new_index),
                      "words": [{"op": tag, "old": old, "new": new} for tag, old, new, _ in s.ops]}
                     for s in diff.sections],
    }


def render(diff: VersionDiff, rules: list[Rule] | None = None, **_: object) -> str:
    return json.dumps(diff_dict(diff), ensure_ascii=False, indent=2) + "\n"

"""Score noticeaudit against a labelled corpus, as ../shared/tools/score.py does.

Labels: {"scored": [IDs], "documents": {"path": {"expect": [IDs], "unscored": [IDs]}}},
paths relative to the labels file. Presence per document is what is scored.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from noticeaudit.catalogue import load_catalogue
from noticeaudit.pipeline import Options, audit_source


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def precision(self, rule: str | None = None) -> float:
        t = self.tp[rule] if rule else sum(self.tp.values())
        p = self.fp[rule] if rule else sum(self.fp.values())
        return t / (t + p) if t + p else 1.0

    def recall(self, rule: str | None = None) -> float:
        t = self.tp[rule] if rule else sum(self.tp.values())
        n = self.fn[rule] if rule else sum(self.fn.values())
        return t / (t + n) if t + n else 1.0

    def table(self) -> str:
        rows = [f"{'rule':6} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6}"]
        for r in sorted(set(self.tp) | set(self.fp) | set(self.fn)):
            rows.append(f"{r:6} {self.tp[r]:4} {self.fp[r]:4} {self.fn[r]:4} "
                        f"{self.precision(r):6.3f} {self.recall(r):6.3f}")
        rows.append(f"all    precision {self.precision():.3f}  recall {self.recall():.3f}")
        rows += [f"  {doc}: {rule} {what}" for doc, rule, what in sorted(self.wrong)]
        return "\n".join(rows)


def score(labels_path: Path) -> Score:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    scored = set(labels["scored"])
    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    result = Score()
    for name, entry in labels["documents"].items():
        doc_scored = scored - set(entry.get("unscored", []))
        audited = audit_source(str(labels_path.parent / name), catalogue, rules, Options())
        if audited.error:
            result.errors.append(f"{name}: {audited.error}")
        got = {f.rule for f in audited.findings} & doc_scored
        expect = set(entry["expect"]) & doc_scored
        for rule in expect & got:
            result.tp[rule] += 1
        for rule in got - expect:
            result.fp[rule] += 1
            result.wrong.append((name, rule, "false positive"))
        for rule in expect - got:
            result.fn[rule] += 1
            result.wrong.append((name, rule, "missed"))
    return result

#!/usr/bin/env python3
"""Golden comparison of findings: did a change alter what noticeaudit reports?

Audits every notice of the project's corpus and, where present, of
``../shared/corpus/seeds``, ``../shared/realworld`` and ``../shared/realworld2``,
in one process, and keeps per document the findings that a reader sees:
rule, severity, location (line/column/page/section), excerpt and details.

    python3 scripts/golden.py --write golden/        # record
    python3 scripts/golden.py --compare golden/      # after a change: print differences

``--compare`` prints, per document, the findings that disappeared (-) and
appeared (+), and exits 1 when anything differs. Nothing is stored in the
repository: the golden directory is yours to keep outside it.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared beside the checkout (a worktree one level deeper finds it further up)
SHARED = next((d / "shared" for d in REPO.parents if (d / "shared").is_dir()), REPO.parent / "shared")
CORPORA = {
    "corpus": REPO / "corpus" / "notices",
    "layouts": REPO / "corpus" / "layouts",
    "seeds": SHARED / "corpus" / "seeds",
    "realworld": SHARED / "realworld",
    "realworld2": SHARED / "realworld2",
}
NOTICE_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx"}


def notices() -> list[tuple[str, Path]]:
    """(corpus/name, path) of every notice file present."""
    found = []
    for name, directory in CORPORA.items():
        if directory.is_dir():
            found += [(f"{name}/{p.name}", p) for p in sorted(directory.iterdir())
                      if p.suffix.lower() in NOTICE_SUFFIXES]
    return found


def snapshot() -> dict[str, list[str]]:
    """Document key -> its findings, each as one comparable line."""
    sys.path.insert(0, str(REPO))
    from noticeaudit.catalogue import load_catalogue
    from noticeaudit.pipeline import Options, audit_source

    catalogue = load_catalogue()
    rules = catalogue.select(None, None)
    out: dict[str, list[str]] = {}
    for key, path in notices():
        result = audit_source(str(path), catalogue, rules, Options())
        if result.error:
            out[key] = [f"ERROR {result.error}"]
            continue
        lines = []
        for f in result.findings:
            loc = f.location
            where = f"{loc.page or ''}:{loc.line or ''}:{loc.column or ''} [{loc.section or ''}]"
            lines.append(json.dumps([f.rule, f.severity, where, f.excerpt, f.details],
                                    ensure_ascii=False))
        out[key] = lines
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="DIR", type=Path)
    group.add_argument("--compare", metavar="DIR", type=Path)
    args = ap.parse_args()
    snap = snapshot()
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        (args.write / "findings.json").write_text(json.dumps(snap, ensure_ascii=False, indent=1),
                                                  encoding="utf-8")
        print(f"golden: {sum(map(len, snap.values()))} findings of {len(snap)} notices "
              f"written to {args.write}")
        return 0
    old = json.loads((args.compare / "findings.json").read_text(encoding="utf-8"))
    changed = 0
    for key in sorted(set(old) | set(snap)):
        before, after = old.get(key, []), snap.get(key, [])
        gone = [x for x in before if x not in after]
        new = [x for x in after if x not in before]
        if gone or new:
            changed += 1
            print(f"== {key}")
            for x in gone:
                print(f"  - {x}")
            for x in new:
                print(f"  + {x}")
    print(f"golden: {changed} of {len(snap)} notices differ")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Regenerate the README's rule-format reference from the kinds' declared parameters.

    python3 scripts/rule_format.py --write   # rewrite README.md between the markers
    python3 scripts/rule_format.py           # print it
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from noticeaudit.ruledocs import format_reference  # noqa: E402

START, END = "<!-- rule-format:start -->\n", "<!-- rule-format:end -->"


def main() -> int:
    text = format_reference()
    if "--write" not in sys.argv:
        print(text, end="")
        return 0
    readme = REPO / "README.md"
    old = readme.read_text(encoding="utf-8")
    head, rest = old.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + START + text + END + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

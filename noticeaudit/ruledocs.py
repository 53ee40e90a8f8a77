"""Rule documentation for ``noticeaudit rules`` and ``noticeaudit explain``.

Everything here is generated from the rule files (the catalogue), so the docs
cannot drift from what the engine checks: what (the message), why (the legal
anchor and explanation), examples that count and do not count, how to fix
(the suggestion).
"""
from __future__ import annotations

import difflib
import io
import json
import re
from typing import Any

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from . import __version__
from .catalogue import Catalogue, Rule

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABELS = {
    "en": {"what": "What it checks", "why": "Why", "counts": "Examples that count", "fix": "How to fix",
           "does_not_count": "Examples that do not count", "severity": "severity", "tags": "tags"},
    "fi": {"what": "Mitä tarkistetaan", "why": "Miksi", "counts": "Esimerkkejä, jotka lasketaan", "fix": "Näin korjaat",
           "does_not_count": "Esimerkkejä, joita ei lasketa", "severity": "vakavuus", "tags": "tunnisteet"},
    "sv": {"what": "Vad som kontrolleras", "why": "Varför", "counts": "Exempel som räknas",
           "fix": "Så åtgärdar du", "does_not_count": "Exempel som inte räknas",
           "severity": "allvarlighetsgrad", "tags": "taggar"},
}
_FIELD = re.compile(r"\{\w+\}")


def rule_dict(rule: Rule) -> dict[str, Any]:
    """A rule's documented fields (not its patterns), as ``rules --format json`` gives them."""
    return {"id": rule.id, "name": rule.name, "severity": rule.severity, "anchor": rule.anchor,
            "kind": rule.kind, "tags": rule.tags, "message": rule.message,
            "explanation": rule.explanation, "suggestion": rule.suggestion,
            "examples": {"counts": list(rule.examples.get("counts") or []),
                         "does_not_count": list(rule.examples.get("does_not_count") or [])}}


def rules_json(rules: list[Rule]) -> str:
    return json.dumps({"noticeaudit": __version__, "rules": [rule_dict(r) for r in rules]},
                      ensure_ascii=False, indent=2) + "\n"


def _console(buf: io.StringIO, color: bool, width: int) -> Console:
    return Console(file=buf, force_terminal=color, no_color=not color, width=width,
                   highlight=False)


def rules_table(rules: list[Rule], terminal: bool = False, color: bool = False,
                width: int = 100) -> str:
    """ID, name, severity and anchor of each rule: a boxed table on a terminal, plain columns otherwise."""
    table = Table(box=box.SIMPLE_HEAD if terminal else None, pad_edge=False,
                  header_style="bold" if color else "")
    for column in ("ID", "name", "severity", "anchor"):
        table.add_column(column, no_wrap=column != "anchor")
    for r in rules:
        table.add_row(Text(r.id), Text(r.name),
                      Text(r.severity, style=SEVERITY_STYLE[r.severity]), Text(r.anchor or ""))
    buf = io.StringIO()
    _console(buf, color, width if terminal else 1000).print(table)
    return _rstrip(buf.getvalue())


def _rstrip(text: str) -> str:
    """Without the padding rich leaves at the end of lines."""
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def explain(rule: Rule, lang: str = "en", color: bool = False, width: int = 100) -> str:
    """One rule's documentation: what, why, examples, how to fix."""
    label = LABELS[lang]
    buf = io.StringIO()
    console = _console(buf, color, width)
    console.print(Text(f"{rule.id} {rule.name}", style="bold"))
    facts = [f"{label['severity']}: {rule.severity}", rule.anchor or ""]
    if rule.tags:
        facts.append(f"{label['tags']}: {', '.join(rule.tags)}")
    console.print(Text(" · ".join(f for f in facts if f), style="dim"))

    def section(title: str, *paragraphs: str) -> None:
        console.print()
        console.print(Text(title, style="bold"))
        for paragraph in paragraphs:
            console.print(Padding(Text(paragraph), (0, 0, 0, 2)))

    section(label["what"], _FIELD.sub("…", rule.text("message", lang)))
    why = rule.text("explanation", lang)
    section(label["why"], *(p for p in (rule.anchor, why) if p))
    for kind, mark in (("counts", "+"), ("does_not_count", "-")):
        examples = rule.examples.get(kind) or []
        if examples:
            console.print()
            console.print(Text(label[kind], style="bold"))
            for example in examples:
                lines = example.strip().split("\n")
                console.print(Padding(Text(f"{mark} {lines[0]}"), (0, 0, 0, 2)))
                for line in lines[1:]:  # a notice's later lines, under the first
                    console.print(Padding(Text(line), (0, 0, 0, 4)))
    fix = rule.text("suggestion", lang)
    if fix:
        section(label["fix"], fix)
    return _rstrip(buf.getvalue())


def find(catalogue: Catalogue, query: str) -> Rule | None:
    """A rule by ID (any case) or by name."""
    wanted = query.strip()
    rule = catalogue.rules.get(wanted.upper())
    return rule or next((r for r in catalogue.rules.values() if r.name == wanted.lower()), None)


def close_matches(catalogue: Catalogue, query: str, limit: int = 5) -> list[Rule]:
    """Rules whose ID or name resembles ``query``, best first."""
    wanted = query.strip()
    by_name = {r.name: r for r in catalogue.rules.values()}
    found = [r for r in catalogue.rules.values() if len(wanted) >= 3 and wanted.lower() in r.name]
    found += [catalogue.rules[i] for i in difflib.get_close_matches(
        wanted.upper(), list(catalogue.rules), n=limit, cutoff=0.6)]
    found += [by_name[n] for n in difflib.get_close_matches(
        wanted.lower(), list(by_name), n=limit, cutoff=0.75)]
    ids = list(dict.fromkeys(r.id for r in found))
    return [catalogue.rules[i] for i in ids[:limit]]


def format_reference() -> str:
    """The rule-format reference of the README (Markdown), generated from the declared
    parameters of every kind and of evidence specs, so the docs cannot drift."""
    from .catalogue import COMMON_KEYS
    from .evidence import Counter, EvidenceSpec
    from .registry import KINDS
    from .ruleschema import declared

    def table(cls: type, skip: tuple[str, ...] = ()) -> list[str]:
        rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
        for f in declared(cls):
            if f.name in skip:
                continue
            default = "required" if f.metadata["required"] else (
                "" if f.default in (None, ()) else f"`{str(f.default).lower() if isinstance(f.default, bool) else f.default}`")
            rows.append(f"| `{f.name}` | {f.metadata['type'].name} | {default} | {f.metadata['doc']} |")
        return rows

    from .jurisdiction import NAMES, RULE_KEYS

    out = ["Keys of every rule: " + ", ".join(f"`{k}`" for k in COMMON_KEYS) + ".", ""]
    keys = ", ".join(f"`{k}` ({NAMES[k]})" for k in RULE_KEYS)
    out += ["Jurisdictions (the controller's country, detected per notice; see "
            "[Jurisdiction](#jurisdiction)): " + keys + ". `jurisdictions: [SE, UK]` runs the "
            "rule only on notices of those jurisdictions (without it: on every notice); "
            "`suggestions:` maps a jurisdiction to its own fi/sv/en suggestion, used instead "
            "of `suggestion` for notices of that jurisdiction (e.g. the complaint authority "
            "to name).", ""]
    evidence_keys = {f.name for f in declared(EvidenceSpec)}
    for name in sorted(KINDS):
        kind = KINDS[name]
        out.append(f"**`{name}`**: {kind.doc}")
        out.append("")
        fields = declared(kind.params)
        if issubclass(kind.params, EvidenceSpec):
            out.append("All the keys of an evidence spec (below), and:")
            out.append("")
            out += table(kind.params, skip=tuple(evidence_keys))
        elif fields:
            out += table(kind.params)
        else:
            out.append("No parameters.")
        out.append("")
    out.append("**Evidence spec** (a `required` rule, a contradiction's `claim`, `fact` and "
               "`unless`, and every entry of `facts:`):")
    out.append("")
    out += table(EvidenceSpec)
    out.append("")
    out.append("**Look-alike** (an item of `counter`):")
    out.append("")
    out += table(Counter)
    return "\n".join(out) + "\n"

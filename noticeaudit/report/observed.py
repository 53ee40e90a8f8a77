"""The "observed" section of a site audit (``Result.observed``), as rows every format lays out.

One table of services by phase (before consent / after accept / after
reject), one of cookies (first- or third-party), and a line per visit
(banner found, button clicked, why a visit stopped). Formats call these and
only decide the markup.
"""
from __future__ import annotations

from typing import Any

from ..site.observe import PHASES

PHASE_TITLES = ("before consent", "after accept", "after reject")
SERVICE_HEAD = ("service", "category", "company, country", *PHASE_TITLES)
COOKIE_HEAD = ("cookie", "domain", "party", "service", "expires", *PHASE_TITLES)
MARK = "●"


def service_rows(observed: dict[str, Any]) -> list[list[str]]:
    """One row per service seen, then one per unclassified third-party host."""
    rows = []
    for s in observed.get("services", []):
        who = ", ".join(x for x in (s.get("company"), s.get("country")) if x)
        if s.get("us_processing"):
            who += " (US processing)"
        rows.append([s["name"], s["category"], who,
                     *(MARK if p in s["phases"] else "" for p in PHASES)])
    for u in observed.get("unclassified", []):
        rows.append([u["host"], "unclassified third party", "",
                     *(MARK if p in u["phases"] else "" for p in PHASES)])
    return rows


def cookie_rows(observed: dict[str, Any]) -> list[list[str]]:
    return [[c["name"], c["domain"], c["party"], c.get("service") or "",
             (c.get("expires") or "session")[:10],
             *(MARK if p in c["phases"] else "" for p in PHASES)]
            for c in observed.get("cookies", [])]


def visit_lines(observed: dict[str, Any]) -> list[str]:
    """'accept: banner Cookiebot, clicked; 3 pages' ..., and the notice's fate."""
    lines = []
    for v in observed.get("visits", []):
        parts = [f"{len(v['pages'])} page{'s' if len(v['pages']) != 1 else ''}"]
        if v.get("banner"):
            parts.append(f"banner {v['banner']}" + (", clicked" if v.get("clicked") else ""))
        elif v["visit"] != "none":
            parts.append("no banner operated")
        if v.get("note"):
            parts.append(v["note"])
        lines.append(f"{v['visit']}: " + "; ".join(parts))
    notice = observed.get("notice") or {}
    if notice.get("error"):
        lines.append(f"notice not audited: {notice['error']}")
    return lines


def summary_line(observed: dict[str, Any]) -> str:
    services = observed.get("services", [])
    return (f"{observed.get('requests', 0)} requests on {len(observed.get('pages', []))} pages; "
            f"{len(services)} known service{'s' if len(services) != 1 else ''}, "
            f"{len(observed.get('unclassified', []))} unclassified third-party hosts, "
            f"{len(observed.get('cookies', []))} cookies, "
            f"{len(observed.get('storage', []))} local-storage keys")

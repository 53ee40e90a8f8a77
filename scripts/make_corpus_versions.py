"""Generate corpus/versions/pdf_html/: one invented notice as HTML (old) and as PDF (new).

The two files carry the same text; ``tests/versions/test_corpus_pairs.py``
checks that ``diff`` finds no change between them (fingerprints v2 match
across formats). The notice is corpus/versions/date_only/old.txt. The PDF
is laid out by scripts/make_corpus_pdfs.py's helpers (deterministic bytes).
Run: python3 scripts/make_corpus_versions.py
"""
from __future__ import annotations

import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpus" / "versions" / "date_only" / "old.txt"
OUT = ROOT / "corpus" / "versions" / "pdf_html"


def _pdf_helpers() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus_pdfs",
                                                  ROOT / "scripts" / "make_corpus_pdfs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def items() -> list[tuple[str, str]]:
    """(kind, text) for the title, headings and paragraphs of the source notice."""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", SOURCE.read_text(encoding="utf-8"))
             if p.strip()]
    out = [("title", paras[0])]
    for p in paras[1:]:
        out.append(("h" if re.match(r"\d+\. \w", p) and len(p) < 60 else "p", p))
    return out


def write_html(parts: list[tuple[str, str]], path: Path) -> None:
    tags = {"title": "h1", "h": "h2", "p": "p"}
    body = "\n".join(f"<{tags[k]}>{html.escape(t)}</{tags[k]}>" for k, t in parts)
    path.write_text(f"""<!DOCTYPE html>
<html lang="fi"><head><meta charset="utf-8"><title>{html.escape(parts[0][1])}</title></head>
<body>
<header><nav><a href="/">Etusivu</a> <a href="/kirjat">Kirjat</a></nav></header>
<main>
{body}
</main>
<footer><p>Kirjakahvila Vaahteranlehti Oy · Vaahterakuja 3</p></footer>
</body></html>
""", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    parts = items()
    write_html(parts, OUT / "old.html")
    pdfs = _pdf_helpers()
    regular, bold = pdfs.fonts()
    width, height = pdfs.A4
    styles = {"title": (regular, 18, 24, 0, 10), "h": (bold, 13, 17, 10, 4),
              "p": (regular, 10, 13, 0, 8)}
    pages = pdfs.layout(parts, styles, height - 72, 84, 56, width - 2 * 56)
    pdfs.draw(OUT / "new.pdf", pages, regular, None, "Sivu {n} / {total}")


if __name__ == "__main__":
    main()

"""Fingerprints v2: a finding keeps its identity across renumbering, moved sections,
re-wrapped lines and another format of the same text; v1 baselines still apply."""
from __future__ import annotations

import json
from pathlib import Path

from noticeaudit import baseline
from noticeaudit.catalogue import load_catalogue
from noticeaudit.fingerprint import fingerprints, fingerprints_v1, heading_key
from noticeaudit.model import Result
from noticeaudit.pipeline import Options, audit_source

PAIRS = Path(__file__).resolve().parents[1] / "corpus" / "versions"
CATALOGUE = load_catalogue()
RULES = CATALOGUE.select(None, None)


def audit(path: Path) -> Result:
    result = audit_source(str(path), CATALOGUE, RULES, Options())
    assert result.error is None and result.findings
    return result


def prints(result: Result) -> list[tuple[str, str]]:
    return sorted(zip((f.rule for f in result.findings),
                      fingerprints(result.findings, result.document)))


def prints_v1(result: Result) -> list[tuple[str, str]]:
    return sorted(zip((f.rule for f in result.findings),
                      fingerprints_v1(result.findings, result.document)))


def test_heading_key_drops_numbering_and_punctuation() -> None:
    for heading in ("7. Säilytysaika", "8) Säilytysaika", "§ 7 Säilytysaika", "IV. Säilytysaika",
                    "7.1 Säilytysaika", "SÄILYTYSAIKA", "b) Säilytysaika:"):
        assert heading_key(heading) == "säilytysaika", heading
    assert heading_key("2020 tiedot") == "tiedot"  # a leading number is numbering
    assert heading_key(None) == ""


def test_renumbered_headings_keep_fingerprints() -> None:
    old, new = audit(PAIRS / "renumbered" / "old.md"), audit(PAIRS / "renumbered" / "new.md")
    located = [f for f in old.findings if f.location.section]
    assert any(f.rule == "M010" and f.location.section == "7. Säilytysaika" for f in located)
    assert prints(old) == prints(new)
    # Version 1 took the heading as written: renumbering made M010 and O004 new.
    assert prints_v1(old) != prints_v1(new)


def test_moved_sections_and_rewrapped_lines_keep_fingerprints() -> None:
    old, new = audit(PAIRS / "moved" / "old.txt"), audit(PAIRS / "moved" / "new.txt")
    assert prints(old) == prints(new)


def test_rewrapped_line_under_a_finding_keeps_its_fingerprint(tmp_path: Path) -> None:
    text = (PAIRS / "date_only" / "old.txt").read_text(encoding="utf-8")
    rewrapped = text.replace("käytämme Yhdysvalloissa\ntoimivaa palveluntarjoajaa, joka on sitoutunut "
                             "Privacy Shield", "käytämme\nYhdysvalloissa toimivaa palveluntarjoajaa, "
                             "joka on\nsitoutunut Privacy Shield")
    assert rewrapped != text
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(rewrapped, encoding="utf-8")
    old, new = audit(tmp_path / "a.txt"), audit(tmp_path / "b.txt")
    o004 = [f for f in new.findings if f.rule == "O004"]
    assert o004 and o004[0].location.line != next(f for f in old.findings if f.rule == "O004").location.line
    assert prints(old) == prints(new)


def test_same_text_as_html_and_pdf_has_the_same_fingerprints() -> None:
    html, pdf = audit(PAIRS / "pdf_html" / "old.html"), audit(PAIRS / "pdf_html" / "new.pdf")
    assert html.document and pdf.document
    assert (html.document.format, pdf.document.format) == ("html", "pdf")
    assert prints(html) == prints(pdf)


def test_a_changed_match_changes_the_fingerprint() -> None:
    old = audit(PAIRS / "placeholder" / "old.txt")
    new = audit(PAIRS / "placeholder" / "new.txt")
    assert set(prints(new)) - set(prints(old)) == {p for p in prints(new) if p[0] == "T001"}


def test_repeated_identical_findings_stay_distinct(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("Tietosuojaseloste\n\nRekisterinpitäjä\n\nPuhelin (puhelinnumero).\n\n"
                    "Toinen puhelin on myös käytössä arkisin: (puhelinnumero).\n", encoding="utf-8")
    result = audit(path)
    t001 = [fp for f, fp in zip(result.findings, fingerprints(result.findings, result.document))
            if f.rule == "T001"]
    assert len(t001) == 2 and t001[1] == f"{t001[0]}:2"


def test_version_1_baselines_still_apply(tmp_path: Path) -> None:
    notice = PAIRS / "date_only" / "old.txt"
    result = audit(notice)
    legacy = {"version": 1, "created": "2025-01-01T00:00:00+00:00", "sources": {
        "n.txt": [
            {"rule": f.rule, "fingerprint": fp, "excerpt": f.excerpt}
            for f, fp in zip(result.findings, fingerprints_v1(result.findings, result.document))]}}
    (tmp_path / "n.txt").write_text(notice.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "baseline.json").write_text(json.dumps(legacy), encoding="utf-8")
    known = baseline.load(tmp_path / "baseline.json")
    assert known.version == 1
    again = audit_source(str(tmp_path / "n.txt"), CATALOGUE, RULES, Options())
    kept, suppressed = known.apply([again])
    assert suppressed == len(result.findings) and kept[0].findings == []


def test_written_baselines_are_version_2_and_survive_renumbering(tmp_path: Path) -> None:
    old = PAIRS / "renumbered" / "old.md"
    copy = tmp_path / "seloste.md"
    copy.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    count = baseline.write(tmp_path / "b.json", [audit(copy)])
    assert json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["version"] == 2
    copy.write_text((PAIRS / "renumbered" / "new.md").read_text(encoding="utf-8"), encoding="utf-8")
    kept, suppressed = baseline.load(tmp_path / "b.json").apply([audit(copy)])
    assert suppressed == count and kept[0].findings == []

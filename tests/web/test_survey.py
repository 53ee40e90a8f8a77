"""Survey outputs (noticeaudit/survey.py): rows, torn last lines, reopening, the survey table."""
from __future__ import annotations

import pytest

from noticeaudit.catalogue import load_catalogue
from noticeaudit.model import Finding, Result
from noticeaudit.survey import SurveyError, Tally, open_store, row

CATALOGUE = load_catalogue()


def _row(source: str, *rules: str) -> dict:
    findings = [Finding(r, CATALOGUE.rules[r].name, CATALOGUE.rules[r].severity, "m\nm", None)
                for r in rules]
    return row(Result(source, findings=findings, url=source))


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".sqlite"])
def test_rows_survive_reopening(tmp_path, suffix: str) -> None:
    path = str(tmp_path / f"s{suffix}")
    store = open_store(path)
    store.write(_row("https://a.example/", "M010", "T001"))
    store.write(row(Result("https://b.example/", error="HTTP 404 Not Found\n(twice)")))
    store.close()
    store = open_store(path)
    rows = {r["source"]: r for r in store.rows()}
    store.close()
    assert rows["https://a.example/"]["rules"] == ["M010", "T001"]
    assert rows["https://a.example/"]["status"] == "ok"
    assert rows["https://b.example/"]["status"] == "failed"


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_torn_last_line_is_cut_and_the_rest_kept(tmp_path, suffix: str) -> None:
    path = tmp_path / f"s{suffix}"
    store = open_store(str(path))
    store.write(_row("https://a.example/", "M010"))
    store.close()
    whole = path.read_bytes()
    with path.open("ab") as fh:  # what kill -9 in the middle of a write leaves
        fh.write(b"https://b.example/,https://b.exa" if suffix == ".csv" else b'{"source": "htt')
    store = open_store(str(path))
    assert [r["source"] for r in store.rows()] == ["https://a.example/"]
    assert path.read_bytes() == whole
    store.write(_row("https://b.example/"))
    store.close()
    assert path.read_bytes().count(b"\n") == whole.count(b"\n") + 1


def test_every_row_is_one_line(tmp_path) -> None:
    """Messages and errors with line breaks must not split a CSV row (the tail cut relies on it)."""
    path = tmp_path / "s.csv"
    store = open_store(str(path))
    store.write(row(Result("https://b.example/", error="first\nsecond")))
    store.write(_row("https://a.example/", "M010"))
    store.close()
    assert path.read_text(encoding="utf-8").count("\n") == 3


def test_unknown_outputs_are_refused(tmp_path) -> None:
    with pytest.raises(SurveyError, match=r"name it \.jsonl, \.csv or \.sqlite"):
        open_store(str(tmp_path / "s.xlsx"))
    (tmp_path / "x.csv").write_text("name,age\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="not those of a noticeaudit survey"):
        open_store(str(tmp_path / "x.csv"))


def test_the_survey_table_shares_rules_among_audited_notices() -> None:
    tally = Tally()
    for r in (_row("a", "M010", "T001"), _row("b", "M010"), _row("c"),
              row(Result("d", error="HTTP 500"))):
        tally.add(r)
    ran = CATALOGUE.select(["M010", "T001", "O001"], None)
    table = {line["rule"]: line for line in tally.table(ran, CATALOGUE.rules)}
    assert (tally.ok, tally.failed) == (3, 1)
    assert table["M010"] == {"rule": "M010", "name": "missing-retention-period",
                             "severity": "error", "notices": 2, "audited": 3, "percent": 66.7}
    assert (table["T001"]["notices"], table["O001"]["notices"]) == (1, 0)
    assert [line["rule"] for line in tally.table(ran, CATALOGUE.rules)] == ["M010", "T001", "O001"]

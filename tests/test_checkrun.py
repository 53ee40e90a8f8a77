"""``check`` over many sources: a process pool, results in input order, reports streamed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_process

from noticeaudit.model import Anchor, locate, newline_index

NOTICES = REPO / "corpus" / "notices"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine notices, with two broken files among them."""
    d = tmp_path_factory.mktemp("notices")
    for path in sorted(NOTICES.glob("*"))[:7]:
        shutil.copy(path, d / path.name)
    (d / "fi_02b_rikki.pdf").write_bytes(b"%PDF-1.4 this is not a PDF")
    (d / "zz_tyhja.txt").write_bytes(b"")
    return d


@pytest.mark.parametrize("fmt", ["json", "github", "text"])
def test_a_pool_reports_exactly_what_one_process_does(folder: Path, fmt: str) -> None:
    one = run_process("check", folder, "--format", fmt, "--jobs", "1")
    pool = run_process("check", folder, "--format", fmt, "--jobs", "2")
    assert one.code == pool.code == 2  # broken sources
    assert pool.stdout == one.stdout
    assert pool.stderr == one.stderr
    assert [ln.split(":")[1].strip() for ln in pool.stderr_lines] == \
        [str(folder / "fi_02b_rikki.pdf"), str(folder / "zz_tyhja.txt")]


def test_json_documents_come_in_input_order_and_the_summary_counts_them(folder: Path) -> None:
    run = run_process("check", folder, NOTICES / "fi_07_taloyhtio.txt", "--format", "json",
                      "--jobs", "2")
    report = json.loads(run.stdout)
    sources = [d["source"] for d in report["documents"]]
    expected = [str(folder / p.name) for p in sorted(folder.iterdir())]
    assert sources == [*expected, str(NOTICES / "fi_07_taloyhtio.txt")]
    counts = {sev: sum(f["severity"] == sev for d in report["documents"] for f in d["findings"])
              for sev in ("error", "warning", "info")}
    assert report["summary"] == {"documents": len(sources), **counts}
    assert [d["error"] is not None for d in report["documents"]].count(True) == 2


def test_a_report_without_findings_is_valid_json(tmp_path: Path) -> None:
    run = run_process("check", tmp_path / "puuttuu.txt", tmp_path / "eiole.md",
                      "--format", "json", "--jobs", "2")
    report = json.loads(run.stdout)
    assert [(d["findings"], d["error"]) for d in report["documents"]] == \
        [([], "no such file or directory")] * 2
    assert report["summary"] == {"documents": 2, "error": 0, "warning": 0, "info": 0}
    assert run.code == 2


def _oracle(text: str, anchor: Anchor, offset: int) -> tuple[int, int]:
    """Line and column by counting, the slow obvious way."""
    before = text[anchor.offset:offset]
    if "\n" in before:
        return anchor.line + before.count("\n"), offset - text.rfind("\n", 0, offset)  # type: ignore[operator]
    return anchor.line, (anchor.column or 1) + offset - anchor.offset  # type: ignore[return-value]


def test_locate_with_a_newline_index_counts_lines_and_columns() -> None:
    text = "Otsikko\n\nEnsimmäinen rivi.\nToinen rivi, pidempi.\n\n" + "x" * 500 + "\nloppu"
    anchors = [Anchor(0, 3, 1), Anchor(9, 5, 4), Anchor(60, 9, 1)]
    keys, newlines = [a.offset for a in anchors], newline_index(text)
    for offset in range(len(text)):
        anchor = max((a for a in anchors if a.offset <= offset), key=lambda a: a.offset)
        line, column = _oracle(text, anchor, offset)
        assert locate(text, anchors, offset, keys, newlines)[:2] == (line, column), offset
        assert locate(text, anchors, offset)[:2] == (line, column), offset

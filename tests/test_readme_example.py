"""The README's worked example of adding a rule works as documented."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_worked_example_rule(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\nrules:\n  - id: Q101")
    end = readme.index("```", start + 7)
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "local.yaml").write_text(readme[start + 8:end], encoding="utf-8")
    (tmp_path / ".noticeaudit.toml").write_text('rule-dirs = ["myrules"]\n', encoding="utf-8")
    (tmp_path / "n.txt").write_text(
        "Tietosuojaseloste\n\nTarkastuspyynnön voi lähettää faksilla numeroon 09 000 000.\n\n"
        "Faksinumeromme on poistunut käytöstä.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "noticeaudit", "check", "n.txt", "--select", "Q101",
                          "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    findings = json.loads(out.stdout)["documents"][0]["findings"]
    assert [(f["rule"], f["location"]["line"]) for f in findings] == [("Q101", 3)]
    assert out.returncode == 0  # info is below the default --fail-on error


def test_worked_example_checks_clean_and_its_examples_behave(tmp_path: Path) -> None:
    """``rules --check`` accepts the README's rule, and each of its examples does what it says."""
    from noticeaudit.catalogue import load_catalogue
    from noticeaudit.pipeline import Options, audit_source

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\nrules:\n  - id: Q101")
    end = readme.index("```", start + 7)
    rules = tmp_path / "noticeaudit-rules"
    rules.mkdir()
    (rules / "fax.yaml").write_text(readme[start + 8:end], encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "noticeaudit", "rules", "--check", str(rules)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert check.returncode == 0, check.stderr
    catalogue = load_catalogue((str(rules),))
    rule = catalogue.rules["Q101"]
    for key, fires in (("counts", True), ("does_not_count", False)):
        for example in rule.examples[key]:
            notice = tmp_path / "n.txt"
            notice.write_text(example, encoding="utf-8")
            result = audit_source(str(notice), catalogue, [rule], Options())
            assert bool(result.findings) is fires, example

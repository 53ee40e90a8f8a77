"""The README's worked example of adding a rule works as documented."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_worked_example_rule(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml\nrules:\n  - id: Q901")
    end = readme.index("```", start + 7)
    (tmp_path / "myrules").mkdir()
    (tmp_path / "myrules" / "local.yaml").write_text(readme[start + 8:end], encoding="utf-8")
    (tmp_path / ".noticeaudit.toml").write_text('rule-dirs = ["myrules"]\n', encoding="utf-8")
    (tmp_path / "n.txt").write_text(
        "Tietosuojaseloste\n\nTarkastuspyynnön voi lähettää faksilla numeroon 09 000 000.\n\n"
        "Faksinumeromme on poistunut käytöstä.\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "noticeaudit", "check", "n.txt", "--select", "Q901",
                          "--format", "json"], cwd=tmp_path, capture_output=True, text=True)
    findings = json.loads(out.stdout)["documents"][0]["findings"]
    assert [(f["rule"], f["location"]["line"]) for f in findings] == [("Q901", 3)]
    assert out.returncode == 0  # info is below the default --fail-on error

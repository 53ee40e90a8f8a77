"""CI recipes: the pre-commit hook and the composite GitHub Action, run locally.

The action's shell steps are run with bash the way a runner would run them
(``bash --noprofile --norc -eo pipefail``), with ``${{ ... }}`` expressions
substituted from the inputs, ``github.action_path`` (the repository) and the
outputs of earlier steps. Steps that ``uses:`` another action (setup-python,
upload-sarif) and the pip install step are not run; the upload step's
condition is evaluated. ``noticeaudit`` on PATH is a shim for this
interpreter's ``-m noticeaudit``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO

NOTICES = REPO / "corpus" / "notices"
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
COMPARISON = re.compile(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'")


@pytest.fixture
def shim_env(tmp_path: Path) -> dict[str, str]:
    """The environment with ``noticeaudit`` on PATH running this checkout."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "noticeaudit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m noticeaudit "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(REPO)
    return env


# --- pre-commit -----------------------------------------------------------------------

def test_pre_commit_hook_declares_what_pre_commit_needs() -> None:
    (hook,) = HOOKS
    assert {"id", "name", "entry", "language", "files"} <= set(hook)
    assert (hook["id"], hook["entry"], hook["language"]) == ("noticeaudit", "noticeaudit check",
                                                             "python")
    files = re.compile(hook["files"])
    for name in ("tietosuojaseloste.md", "docs/Privacy-Notice.HTML", "rekisteriseloste.txt",
                 "sv/dataskyddsbeskrivning.htm", "integritetspolicy.md"):
        assert files.search(name), name
    for name in ("README.md", "privacy.pdf", "tietosuoja/logo.png", "docs/index.html"):
        assert not files.search(name), name


def test_pre_commit_hook_runs_on_the_matching_files(tmp_path: Path,
                                                    shim_env: dict[str, str]) -> None:
    (hook,) = HOOKS
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    shutil.copy(NOTICES / "fi_07_taloyhtio.txt", repo / "tietosuojaseloste.txt")
    shutil.copy(NOTICES / "en_22_language_school.html", repo / "docs" / "privacy.html")
    (repo / "README.md").write_text("# Taloyhtiö\n", encoding="utf-8")
    files = re.compile(hook["files"])
    staged = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    matched = [name for name in staged if files.search(name)]
    assert matched == ["docs/privacy.html", "tietosuojaseloste.txt"]
    proc = subprocess.run([*hook["entry"].split(), *matched], cwd=repo, env=shim_env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 1, proc.stderr  # fi_07 has errors (T001, M010)
    assert "tietosuojaseloste.txt" in proc.stdout and "docs/privacy.html" in proc.stdout


# --- GitHub Action --------------------------------------------------------------------

def test_action_declares_its_inputs_and_steps() -> None:
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert set(inputs) == {"sources", "args", "fail-on", "sarif-file", "upload-sarif",
                           "python-version"}
    assert inputs["sources"]["required"] is True
    assert (inputs["fail-on"]["default"], inputs["sarif-file"]["default"],
            inputs["upload-sarif"]["default"]) == ("error", "noticeaudit.sarif", "true")
    uses = [s["uses"].split("@")[0] for s in ACTION["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    install = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "install")
    assert "pip install" in install["run"]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs reach scripts through env, never inline"


def _value(name: str, context: dict[str, str]) -> str:
    return context.get(name, "")


def _condition(expression: str, context: dict[str, str]) -> bool:
    """The few expression forms action.yml uses: !cancelled(), ==, !=, joined by &&."""
    inner = EXPRESSION.fullmatch(expression.strip())
    terms = (inner.group(1) if inner else expression).split("&&")
    for term in (t.strip() for t in terms):
        if term == "!cancelled()":
            continue
        m = COMPARISON.fullmatch(term)
        assert m, f"unsupported condition {term!r}"
        name, op, literal = m.groups()
        if (_value(name, context) == literal) != (op == "=="):
            return False
    return True


def run_action(inputs: dict[str, str], workspace: Path,
               env: dict[str, str]) -> tuple[int, dict[str, str], list[str]]:
    """Run the action's steps; return the job's exit status, the audit step's outputs and
    the ``uses:`` actions that would have run."""
    context = {f"inputs.{name}": str(spec.get("default", ""))
               for name, spec in ACTION["inputs"].items()}
    context.update({f"inputs.{k}": v for k, v in inputs.items()})
    context["github.action_path"] = str(REPO)
    outputs: dict[str, str] = {}
    used: list[str] = []
    for step in ACTION["runs"]["steps"]:
        if "if" in step and not _condition(str(step["if"]), context):
            continue
        if "uses" in step:
            used.append(step["uses"])
            continue
        if step.get("id") == "install":
            continue  # the checkout is already importable through the shim
        output_file = workspace.parent / f"output-{step.get('id')}"
        output_file.write_text("", encoding="utf-8")
        step_env: dict[str, Any] = {
            k: EXPRESSION.sub(lambda m: _value(m.group(1), context), str(v))
            for k, v in (step.get("env") or {}).items()}
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                               step["run"]], cwd=workspace, timeout=300, check=False,
                              env={**env, **step_env, "GITHUB_OUTPUT": str(output_file)})
        for line in output_file.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition("=")
            outputs[key] = value
            context[f"steps.{step['id']}.outputs.{key}"] = value
        if proc.returncode != 0:
            return proc.returncode, outputs, used
    return 0, outputs, used


@pytest.mark.parametrize(("inputs", "exit_code"), [
    ({"fail-on": "error"}, 1),          # fi_07 has errors
    ({"fail-on": "never"}, 0),
    ({"fail-on": "warning", "args": "--select O005 --messages en", "upload-sarif": "false",
      "sarif-file": "reports/audit.sarif"}, 1),  # O005 is a warning
    ({"fail-on": "error", "args": "--select O005"}, 0),
])
def test_action_writes_sarif_and_exits_as_fail_on_says(
        tmp_path: Path, shim_env: dict[str, str], inputs: dict[str, str], exit_code: int) -> None:
    workspace = tmp_path / "workspace"
    (workspace / "docs").mkdir(parents=True)
    (workspace / "reports").mkdir()
    shutil.copy(NOTICES / "fi_07_taloyhtio.txt", workspace / "docs" / "tietosuojaseloste.txt")
    shutil.copy(NOTICES / "fi_15_fysioterapia_lyhyt.txt", workspace / "docs" / "asiakasrekisteri.txt")
    sources = "docs/tietosuojaseloste.txt\n  docs/asiakasrekisteri.txt\n"

    status, outputs, used = run_action({"sources": sources, **inputs}, workspace, shim_env)

    assert status == exit_code
    assert outputs == {"exit-code": str(exit_code), "sarif": "true"}
    sarif = json.loads((workspace / inputs.get("sarif-file", "noticeaudit.sarif"))
                       .read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [
        "docs/tietosuojaseloste.txt", "docs/asiakasrekisteri.txt"]
    rules = {r["ruleId"] for r in run["results"]}
    if "--select O005" in inputs.get("args", ""):
        assert rules == {"O005"}
    else:
        assert {"T001", "M010"} <= rules  # every finding, whatever fail-on says
    upload = [u for u in used if "upload-sarif" in u]
    assert bool(upload) == (inputs.get("upload-sarif", "true") == "true")

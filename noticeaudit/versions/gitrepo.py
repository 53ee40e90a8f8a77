"""``watch --git DIR``: each stored version as a commit, one file per notice.

Like Open Terms Archive's versions repositories: ``DIR/<host>/<path>.md``
holds the notice's normalised text (headings as Markdown headings), and each
new version is a commit dated when it was fetched, so a forge's history and
diff views show how the notice changed. The file is brought up to date with
the latest stored version on every run, so a run interrupted between the
store and the commit is mended by the next one.
"""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from ..model import Document
from .normalise import normalise

_UNSAFE = re.compile(r"[^\w.-]+")


class GitError(Exception):
    """git failed; the message says what it printed."""


def file_for(url: str) -> Path:
    """``https://www.esimerkki.fi/tietosuoja/seloste?x=1`` -> ``www.esimerkki.fi/tietosuoja_seloste_x_1.md``."""
    parts = urlsplit(url)
    host = _UNSAFE.sub("_", parts.netloc.lower()) or "local"
    name = _UNSAFE.sub("_", (parts.path.strip("/") + ("_" + parts.query if parts.query else ""))
                       ).strip("_") or "index"
    return Path(host) / f"{name}.md"


def render(url: str, doc: Document) -> str:
    """The notice as Markdown: its headings and paragraphs, normalised."""
    lines = [f"<!-- {url} -->", ""]
    for sec in doc.sections:
        if sec.heading.strip():
            lines += [f"{'#' * max(1, min(sec.level or 1, 6))} {normalise(sec.heading)}", ""]
        for para in re.split(r"\n\s*\n", sec.body):
            if para.strip():
                lines += [normalise(para), ""]
    return "\n".join(lines)


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode:
        raise GitError(f"git {args[0]} failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout


def commit_version(repo: Path, url: str, doc: Document, n: int, fetched: str) -> bool:
    """Write the notice's file and commit it when it differs; whether a commit was made."""
    if not (repo / ".git").exists():
        repo.mkdir(parents=True, exist_ok=True)
        _git(repo, "init", "-q")
    path = file_for(url)
    target = repo / path
    text = render(url, doc)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _git(repo, "add", "--", path.as_posix())
    who = {"GIT_AUTHOR_NAME": "noticeaudit", "GIT_AUTHOR_EMAIL": "noticeaudit@localhost",
           "GIT_COMMITTER_NAME": "noticeaudit", "GIT_COMMITTER_EMAIL": "noticeaudit@localhost",
           "GIT_AUTHOR_DATE": fetched, "GIT_COMMITTER_DATE": fetched}
    _git(repo, "commit", "-q", "-m", f"{url}: version {n}", "--", path.as_posix(), env=who)
    return True

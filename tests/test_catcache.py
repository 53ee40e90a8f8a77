"""The catalogue cache: used when present, never stale, optional (off, unwritable, corrupt)."""
from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_process

TALOYHTIO = REPO / "corpus" / "notices" / "fi_07_taloyhtio.txt"

RULE = """\
rules:
  - id: P001
    name: access-control-logging
    severity: warning
    anchor: GDPR Art. 5(1)(c)
    kind: phrase
    patterns: {{fi: ['{word}']}}
    message:
      fi: "Mainitaan: '{{match}}'."
      en: "Mentioned: '{{match}}'."
    explanation:
      en: "A consultant's own rule."
    examples:
      counts: ["{word} on tässä"]
      does_not_count: ["ei mitään"]
"""


def _setup(tmp_path: Path, word: str) -> Path:
    rules = tmp_path / "omat"
    rules.mkdir(exist_ok=True)
    (rules / "omat.yaml").write_text(RULE.format(word=word), encoding="utf-8")
    (tmp_path / ".noticeaudit.toml").write_text('rule-dirs = ["omat"]\nselect = ["P"]\n',
                                                encoding="utf-8")
    return rules


def _found(tmp_path: Path, env: dict[str, str]) -> list[tuple[str, int]]:
    run = run_process("check", TALOYHTIO, "--format", "json", cwd=tmp_path, env=env)
    assert run.code in (0, 1), run.stderr
    return [(f["excerpt"], f["location"]["line"]) for f in run.json["documents"][0]["findings"]]


def test_an_edited_rule_file_is_seen_by_the_next_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"NOTICEAUDIT_CACHE_DIR": str(cache)}
    _setup(tmp_path, "isännöitsijä*")
    first = _found(tmp_path, env)
    assert first and all("isännöitsijä" in excerpt.lower() for excerpt, _ in first)
    assert len(list(cache.glob("catalogue-*.pickle"))) == 1
    assert _found(tmp_path, env) == first  # from the cache: the same findings

    _setup(tmp_path, "kulunvalvon*")  # the consultant edits the rule
    second = _found(tmp_path, env)
    assert [line for _, line in second] == [18, 28]  # the new word's lines (as test_config)
    assert len(list(cache.glob("catalogue-*.pickle"))) == 2


def test_a_corrupt_or_unwritable_or_disabled_cache_is_ignored(tmp_path: Path) -> None:
    _setup(tmp_path, "kulunvalvon*")
    expected = [18, 28]
    cache = tmp_path / "cache"
    assert [ln for _, ln in _found(tmp_path, {"NOTICEAUDIT_CACHE_DIR": str(cache)})] == expected
    for entry in cache.glob("catalogue-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert [ln for _, ln in _found(tmp_path, {"NOTICEAUDIT_CACHE_DIR": str(cache)})] == expected

    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # a cache directory that cannot be created (like a read-only home)
    unwritable = {"NOTICEAUDIT_CACHE_DIR": str(blocker / "cache")}
    assert [ln for _, ln in _found(tmp_path, unwritable)] == expected

    off = tmp_path / "off"
    disabled = {"NOTICEAUDIT_CACHE_DIR": str(off), "NOTICEAUDIT_CACHE": "off"}
    assert [ln for _, ln in _found(tmp_path, disabled)] == expected
    assert not off.exists()


def test_recorded_programs_rebuild_the_same_patterns() -> None:
    import re

    from noticeaudit import rxcache
    from noticeaudit.patterns import FLAGS

    keys = [(r"\bhenkilötietola(?:ki|i)\w*", FLAGS), (r"(?P<s0>\bgoogle)|(?P<s1>meta\w*)", re.I),
            (r"(?<![@./])\b\d{1,2}\.\d{1,2}\.(?:19|20)\d\d\b", re.MULTILINE)]
    programs = rxcache.table(keys)
    assert set(programs) == set(keys)
    rxcache.remember(programs)
    text = "Henkilötietolain 1.2.2020 mukaan Google ja Metaverse; x@1.2.2020"
    for source, flags in keys:
        rebuilt, plain = rxcache.compile(source, flags), re.compile(source, flags)
        assert rebuilt == plain and rebuilt.groupindex == plain.groupindex
        assert [m.span() for m in rebuilt.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.lastgroup for m in rxcache.compile(*keys[1]).finditer(text)] == ["s0", "s1"]

"""Versions of a notice: compare two (``diff``), keep a history (``watch``, ``history``).

- :mod:`.textdiff`: sections matched by content, and the word-level diff of a section;
- :mod:`.diff`: one version against another: findings, sections, text and date, Q006;
- :mod:`.sides`: what ``diff`` accepts as a version (file, URL, saved report, stored version);
- :mod:`.store`: the SQLite version store; :mod:`.normalise`: when a page really changed;
- :mod:`.watch`: fetch, compare, store; :mod:`.gitrepo`: versions as git commits;
- :mod:`.reports`: the diff in text, JSON, Markdown, HTML and SARIF.
"""

"""spaCy for sentences only: a shorter import and a tokenizer that skips unused word attributes.

noticeaudit uses spaCy's tokenizer and rule-based sentencizer, nothing else.
Two savings, each with a fallback to plain spaCy, and each guarded by tests
(tests/test_spacyload.py) that fail loudly when a spaCy upgrade defeats them
while noticeaudit keeps working through the fallback:

* ``import spacy`` also imports its command-line package (weasel, typer,
  rich, httpx, jinja2 ...: about 40% of the import). The package's
  ``__init__`` needs only ``spacy.cli.info.info`` from it, so a placeholder
  stands in for ``spacy.cli`` during the import and is removed afterwards (a
  later ``import spacy.cli`` imports the real one).
* The tokenizer computes about twenty lexical attributes for every word it
  has not seen (shape, stop word, like-number ...); the sentencizer reads
  only ``is_punct``, so the others are not computed.
"""
from __future__ import annotations

import sys
import types
from typing import Any

# Why the fast paths were not taken (None: they were); read by the guard tests.
fast_import_failed: str | None = None
trim_failed: str | None = None

_STUBS = ("spacy.cli", "spacy.cli.info")


def import_spacy() -> Any:
    """The spaCy module, imported without its command-line package when possible."""
    global fast_import_failed
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    if any(name in sys.modules for name in _STUBS):
        fast_import_failed = "spacy.cli already imported"
    else:
        try:
            return _import_without_cli()
        except Exception as exc:  # a spaCy release that needs more of spacy.cli
            fast_import_failed = f"{type(exc).__name__}: {exc}"
            for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
                del sys.modules[name]
    import spacy

    return spacy


def _import_without_cli() -> Any:
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []
    info.info = _no_info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy
    finally:
        for name in _STUBS:
            if sys.modules.get(name) in (cli, info):
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        delattr(spacy, "cli")
    if not callable(getattr(spacy, "blank", None)):
        raise ImportError("spacy.blank missing")
    return spacy


def _no_info(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("spacy.info is not available when imported by noticeaudit; "
                       "run `python -m spacy info`")


def sentence_pipeline(lang: str) -> Any:
    """A blank spaCy pipeline for ``lang`` with the rule-based sentencizer."""
    global trim_failed
    spacy = import_spacy()
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    # The 1,000,000-character limit protects the parser and NER, which are not used: the
    # tokenizer and sentencizer are linear, and a notice that is one long line must work.
    nlp.max_length = 1 << 40
    try:
        from spacy.attrs import IS_PUNCT

        getters = nlp.vocab.lex_attr_getters
        nlp.vocab.lex_attr_getters = {IS_PUNCT: getters[IS_PUNCT]}
    except Exception as exc:  # the attributes moved: compute them all, as spaCy does
        trim_failed = f"{type(exc).__name__}: {exc}"
    return nlp

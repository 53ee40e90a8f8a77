"""Imported by the fork server of the audit processes (``batch``, ``check`` of many sources).

Everything imported or built here is made once, before the audit processes
are forked from the server, and shared by them copy-on-write: spaCy
(imported the short way, see spacyload.py), each language's sentence
pipeline, and the HTML parser.
"""
from __future__ import annotations

from . import batchrun  # noqa: F401 - the audit processes' entry points
from .nlp import load_pipelines
from .parse import html  # noqa: F401

load_pipelines()

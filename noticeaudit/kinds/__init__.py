"""Rule kinds: the few generic checks that rule files configure.

Each kind is a function ``(ctx, rule) -> list[Finding]`` registered with
:func:`noticeaudit.registry.kind` together with the dataclass of parameters
it accepts; a rule file names its kind and gives those parameters. Adding a
rule needs no Python unless it needs a new kind. Importing this package
registers every kind.
"""
from __future__ import annotations

from ..registry import KINDS
from . import contradiction, dates, density, phrase, required, site, structure, versions  # noqa: F401

__all__ = ["KINDS"]

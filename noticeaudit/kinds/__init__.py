"""Rule kinds: the few generic checks that rule files configure.

Each kind is a function ``(ctx, rule) -> list[Finding]``; a rule file names
its kind and gives the patterns. Adding a rule needs no Python unless it
needs a new kind.
"""
from __future__ import annotations

from collections.abc import Callable

from ..model import Finding
from .contradiction import contradiction
from .dates import notice_date
from .density import density
from .phrase import phrase
from .required import required
from .site import site
from .structure import duplicated_passage, empty_section

KINDS: dict[str, Callable[..., list[Finding]]] = {
    "phrase": phrase,
    "empty-section": empty_section,
    "duplicated-passage": duplicated_passage,
    "notice-date": notice_date,
    "required": required,
    "contradiction": contradiction,
    "density": density,
    "site": site,
}

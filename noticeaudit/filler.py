"""Filler text of page templates ("Lorem ipsum dolor sit amet ..."), never notice content.

rules/spec: a heading whose body is only placeholder text is no evidence; lorem
ipsum is a template leftover (T001, through the ``placeholder`` fact).
"""
from __future__ import annotations

import re

# The common words of the lorem ipsum passages that page builders insert.
_FILLER_WORDS = frozenset(["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "eu", "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum", "malesuada", "nunc", "pulvinar", "erat", "venenatis", "vehicula", "donec", "augue", "orci", "vulputate", "vel", "ante", "eget", "dictum", "morbi", "quam", "nisl", "dignissim", "vitae", "a", "lacinia", "sapien", "fusce", "lectus", "luctus", "at", "molestie", "fermentum", "sem", "iaculis", "nec", "congue", "elementum", "tellus", "suspendisse", "egestas", "leo", "proin", "dui", "curabitur", "aliquet", "rhoncus", "facilisi", "condimentum", "integer", "vestibulum", "mauris", "nibh", "quisque", "tincidunt", "pellentesque", "etiam", "tortor", "mi", "ac", "felis", "purus", "justo", "semper", "libero", "massa", "odio", "risus", "metus", "arcu", "neque", "aenean", "ligula", "turpis", "viverra", "urna"])
_WORD = re.compile(r"[a-z]+")


def is_filler(body: str) -> bool:
    """Whether a body is only filler text: nearly all of its words are lorem ipsum Latin."""
    words = _WORD.findall(body.lower())
    return len(words) >= 3 and sum(w in _FILLER_WORDS for w in words) >= 0.8 * len(words)

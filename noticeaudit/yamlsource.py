"""Read a YAML file keeping the line of every mapping key and list item.

Rule files are validated after loading, and every problem must name the file
and the line it is on. :func:`load` returns plain dicts and lists whose
subclasses remember where each key (``Mapping.line_of``) and item
(``Sequence.line_of``) started. libyaml's parser is used when PyYAML has it
(ten times faster than the pure-Python one).
"""
from __future__ import annotations

import contextlib
from typing import Any

import yaml

try:  # libyaml's C parser, with PyYAML's Python constructor on top
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class Mapping(dict[Any, Any]):
    """A dict that knows the line of each key (1-based) and of itself."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class Sequence(list[Any]):
    """A list that knows the line of each item (1-based) and of itself."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _Loader(_Base):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Mapping:
        out = Mapping(super().construct_mapping(node, deep=True))
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            with contextlib.suppress(TypeError):  # an unhashable key: refused by the constructor
                out.lines.setdefault(key, key_node.start_mark.line + 1)
        return out

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> Sequence:
        out = Sequence(super().construct_sequence(node, deep=True))
        out.line = node.start_mark.line + 1
        out.lines = [item.start_mark.line + 1 for item in node.value]
        return out


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)


def load(text: str) -> Any:
    """Parse YAML text; raises ``yaml.YAMLError`` (with a line) when it is not YAML."""
    return yaml.load(text, Loader=_Loader)


def line_of(value: Any, key: Any = None, default: int = 0) -> int:
    """The line of ``key`` in a loaded mapping (or of item ``key`` in a list), else of ``value``."""
    if isinstance(value, Mapping):
        return value.line_of(key) if key is not None else value.line
    if isinstance(value, Sequence):
        return value.line_of(key) if isinstance(key, int) else value.line
    return default

"""Settings from ``[tool.noticeaudit]`` in pyproject.toml or a ``.noticeaudit.toml``.

The nearest configuration file above the working directory is read (in each
directory ``.noticeaudit.toml`` first, then a ``pyproject.toml`` that has a
``[tool.noticeaudit]`` table); command-line options override it. The result is
one :class:`Settings` that also knows where each value came from, for
``check --show-config``.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .catalogue import Catalogue, Rule
from .jurisdiction import RULE_KEYS
from .model import SEVERITIES
from .report import FORMATS

FILENAMES = (".noticeaudit.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "never")
LANGUAGES = ("auto", "fi", "sv", "en")
JURISDICTIONS = ("auto", *RULE_KEYS)
_CHOICES = {"format": tuple(FORMATS), "fail-on": FAIL_ON, "lang": LANGUAGES,
            "messages": LANGUAGES, "jurisdiction": JURISDICTIONS}
_ID_LISTS = ("select", "ignore", "extend-select", "extend-ignore")
KEYS = (*_CHOICES, *_ID_LISTS, "severity", "rule-dirs")


class ConfigError(Exception):
    """A configuration file or setting is unusable; the message says which and why."""


@dataclass
class Settings:
    """Effective settings: defaults, then the configuration file, then the command line."""

    format: str = "text"
    fail_on: str = "error"
    lang: str = "auto"
    messages: str = "auto"
    jurisdiction: str = "auto"  # auto: detected per notice
    select: list[str] = field(default_factory=list)  # empty: every rule
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    extend_ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)  # ID or prefix -> severity
    rule_dirs: list[str] = field(default_factory=list)  # absolute paths
    path: Path | None = None  # the configuration file read, if any
    origins: dict[str, str] = field(default_factory=dict)  # setting -> file or "command line"

    @property
    def jurisdiction_source(self) -> str:
        """Where a fixed jurisdiction came from: 'option' or 'config'."""
        return "option" if self.origins.get("jurisdiction") == "command line" else "config"

    def get(self, key: str) -> Any:
        return getattr(self, key.replace("-", "_"))

    def rules(self, catalogue: Catalogue) -> list[Rule]:
        """The rules to run, with severity overrides applied.

        ``select``/``ignore`` come from the command line if given there, else
        from the file; ``extend-select``/``extend-ignore`` add to whichever
        is in force. A rule runs when it matches a selected prefix (or nothing
        is selected) and no ignored one.
        """
        for key in (*_ID_LISTS, "severity"):
            unknown = [p for p in self.get(key) if not any(r.startswith(p) for r in catalogue.rules)]
            if unknown:
                raise ConfigError(f"{self._where(key)}: no rule matches {', '.join(unknown)}; "
                                  "see 'noticeaudit rules'")
        select = self.select + self.extend_select if self.select else []
        chosen = catalogue.select(select, self.ignore + self.extend_ignore)
        return [self._override(rule) for rule in chosen]

    def _override(self, rule: Rule) -> Rule:
        prefixes = [p for p in self.severity if rule.id.startswith(p)]
        if not prefixes:
            return rule
        return replace(rule, severity=self.severity[max(prefixes, key=len)])

    def _where(self, key: str) -> str:
        origin = self.origins.get(key)
        return f"--{key}" if origin == "command line" else f"{origin}: {key}"

    def show(self) -> str:
        """The effective settings as TOML, each line saying where its value came from."""
        source = str(self.path) if self.path else "none (defaults and command line only)"
        lines = [f"# configuration file: {source}"]
        for key in KEYS:
            origin = self.origins.get(key, "default")
            lines.append(f"{key} = {_toml(self.get(key))}  # {origin}")
        return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def find(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` or above it, if any."""
    for directory in (start, *start.parents):
        for name in FILENAMES:
            path = directory / name
            if path.is_file() and (name != "pyproject.toml" or _has_table(path)):
                return path
    return None


_OUR_TABLE = re.compile(rb"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*[\"']?noticeaudit\b", re.M)


def _has_table(pyproject: Path) -> bool:
    try:
        return _table(_parse(pyproject)) is not None
    except ConfigError:
        # Somebody else's broken pyproject.toml is not ours to report, unless it
        # holds our table: then the user's settings would be silently ignored.
        try:
            ours = bool(_OUR_TABLE.search(pyproject.read_bytes()))
        except OSError:
            ours = False
        if ours:
            raise
        return False


def _parse(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start + 1} of the file), "
                          "as TOML must be") from None


def _table(data: dict[str, Any]) -> Any:
    tool = data.get("tool")
    return tool.get("noticeaudit") if isinstance(tool, dict) else None


def read(path: Path) -> dict[str, Any]:
    """The validated settings in one file, keyed as in the file."""
    data = _parse(path)
    table = _table(data)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.noticeaudit] must be a table")
    if path.name == "pyproject.toml":
        if table is None:
            raise ConfigError(f"{path}: no [tool.noticeaudit] table")
    else:
        table = {**{k: v for k, v in data.items() if k != "tool"}, **(table or {})}
    return {key: _check(path, key, value) for key, value in table.items()}


def _check(path: Path, key: str, value: Any) -> Any:
    where = f"{path}: {key}"
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise ConfigError(f"{where}: expected one of {', '.join(_CHOICES[key])}, got {value!r}")
        return value
    if key in _ID_LISTS:
        return ids(value, where)
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table such as {{M003 = \"warning\"}}")
        bad = {k: v for k, v in value.items() if v not in SEVERITIES}
        if bad:
            raise ConfigError(f"{where}: {', '.join(bad)}: expected one of {', '.join(SEVERITIES)}")
        return {k.strip().upper(): v for k, v in value.items()}
    if key == "rule-dirs":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of directories")
        dirs = [(path.parent / v).resolve() for v in value]
        missing = [str(d) for d in dirs if not d.is_dir()]
        if missing:
            raise ConfigError(f"{where}: not a directory: {', '.join(missing)}")
        return [str(d) for d in dirs]
    raise ConfigError(f"{path}: unknown setting '{key}' (known: {', '.join(KEYS)})")


def ids(value: Any, where: str) -> list[str]:
    """Rule IDs or prefixes from a list or a comma-separated string, upper-cased."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f"{where}: expected a list of rule IDs or prefixes")
    return [v.strip().upper() for v in items if v.strip()]


def resolve(overrides: dict[str, Any], *, config: str | None = None, isolated: bool = False,
            cwd: Path | None = None) -> Settings:
    """Settings from the configuration file (explicit, found, or none) and the command line.

    ``overrides`` maps setting names (as in the file) to command-line values;
    ``None`` means the option was not given.
    """
    if config is not None and isolated:
        raise ConfigError("--config and --isolated cannot be used together")
    path = Path(config) if config is not None else None
    if path is None and not isolated:
        path = find((cwd or Path.cwd()).resolve())
    settings = Settings(path=path.resolve() if path else None)
    layers = [(read(path), str(settings.path))] if path else []
    layers.append(({k: v for k, v in overrides.items() if v is not None}, "command line"))
    for values, origin in layers:
        for key, value in values.items():
            setattr(settings, key.replace("-", "_"), value)
            settings.origins[key] = origin
    return settings

"""Linter settings: ``[tool.ticket-analyser.lint]`` in ``pyproject.toml`` or a ``.ticket-analyser.toml``.

Every key is checked: an unknown key, an unknown rule code or prefix, a bad level or a threshold that is not
a number is a :class:`~analyser.errors.ConfigError` (exit code 2) naming the table, never silently ignored.
Command-line options override the file.

```toml
[tool.ticket-analyser.lint]
select = ["ALL"]            # codes or prefixes
ignore = ["ST003"]
fail-on = "warning"         # info | warning | error
language = "auto"           # or "en" / "nl" to skip detection
exclude = ["drafts/*"]
severity = { TN003 = "error" }

[tool.ticket-analyser.lint.thresholds.nl]
min-reading-ease = 45
max-sentence-words = 20

[tool.ticket-analyser.lint.per-path."macros/legacy/*"]
ignore = ["RD"]
thresholds.en.max-sentence-words = 30
```
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

from analyser.errors import ConfigError
from analyser.lint.rules import LEVELS, check_selectors, load_rules, resolve
from analyser.settings import check_keys
from analyser.settings import load_settings as _load_all_settings

DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = {
    "en": {"min-reading-ease": 50.0, "max-sentence-words": 25, "min-words-for-readability": 20},
    "nl": {"min-reading-ease": 45.0, "max-sentence-words": 20, "min-words-for-readability": 20},
    "und": {"min-reading-ease": 0.0, "max-sentence-words": 30, "min-words-for-readability": 20},
}
KEYS = (
    "select",
    "ignore",
    "extend-select",
    "fail-on",
    "format",
    "language",
    "exclude",
    "severity",
    "thresholds",
    "per-path",
)
PER_PATH_KEYS = ("select", "ignore", "extend-select", "language", "thresholds", "severity")
FORMATS = ("text", "json", "sarif", "github")
LANGUAGES = ("auto", "en", "nl")


@dataclass
class Scope:
    """Settings that can differ per path: rules, language, thresholds, severities."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    language: str = "auto"
    thresholds: dict[str, dict[str, float]] = field(default_factory=lambda: copy.deepcopy(DEFAULT_THRESHOLDS))
    severity: dict[str, str] = field(default_factory=dict)

    def enabled(self) -> list[str]:
        return resolve(self.select, self.ignore)


@dataclass
class LintSettings:
    """Everything a lint run needs; build with :func:`load_settings` or directly in a notebook."""

    scope: Scope = field(default_factory=Scope)
    fail_on: str = "warning"
    format: str = "text"
    exclude: list[str] = field(default_factory=list)
    per_path: dict[str, dict[str, Any]] = field(default_factory=dict)
    root: Path | None = None

    def scope_for(self, path: str) -> Scope:
        """The scope for one file: the base settings with each matching ``per-path`` table applied in order."""
        scope = self.scope
        relative = _relative(path, self.root)
        for pattern, table in self.per_path.items():
            if fnmatch(relative, pattern) or PurePosixPath(relative).match(pattern):
                scope = _apply(copy.deepcopy(scope), table, f"per-path {pattern!r}")
        return scope


def _relative(path: str, root: Path | None) -> str:
    candidate = Path(path)
    if root is not None:
        try:
            return candidate.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return candidate.as_posix()


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _thresholds(value: Any, base: dict[str, dict[str, float]], where: str) -> dict[str, dict[str, float]]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}.thresholds must be a table of languages (en, nl)")
    check_keys(value, ("en", "nl", "und"), f"{where}.thresholds")
    merged = copy.deepcopy(base)
    for lang, table in value.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{where}.thresholds.{lang} must be a table")
        check_keys(table, DEFAULT_THRESHOLDS["en"], f"{where}.thresholds.{lang}")
        for key, number in table.items():
            if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                raise ConfigError(f"{where}.thresholds.{lang}.{key} must be a non-negative number, got {number!r}")
            merged[lang][key] = number
    return merged


def _apply(scope: Scope, table: dict[str, Any], where: str) -> Scope:
    """Apply one table's rule and threshold keys to a scope (keys already checked)."""
    if "select" in table:
        scope.select = check_selectors(_string_list(table["select"], f"{where}.select"), f"{where}.select")
    if "extend-select" in table:
        extra = check_selectors(_string_list(table["extend-select"], f"{where}.extend-select"), where)
        scope.select = [*scope.select, *extra]
    if "ignore" in table:
        scope.ignore = [*scope.ignore, *check_selectors(_string_list(table["ignore"], f"{where}.ignore"), where)]
    if "language" in table:
        if table["language"] not in LANGUAGES:
            raise ConfigError(f"{where}.language must be one of {', '.join(LANGUAGES)}, got {table['language']!r}")
        scope.language = table["language"]
    if "thresholds" in table:
        scope.thresholds = _thresholds(table["thresholds"], scope.thresholds, where)
    if "severity" in table:
        severity = table["severity"]
        if not isinstance(severity, dict):
            raise ConfigError(f"{where}.severity must be a table of CODE = level")
        rules = load_rules()
        for code, level in severity.items():
            if code.upper() not in rules:
                raise ConfigError(f"{where}.severity: unknown rule code {code!r}")
            if level not in LEVELS:
                raise ConfigError(f"{where}.severity.{code} must be one of {', '.join(LEVELS)}, got {level!r}")
            scope.severity = {**scope.severity, code.upper(): level}
    return scope


def settings_from_table(
    table: dict[str, Any], *, where: str = "[tool.ticket-analyser.lint]", root: Path | None = None
) -> LintSettings:
    """Validated settings from a ``lint`` table (as a dict)."""
    check_keys(table, KEYS, where)
    settings = LintSettings(root=root)
    settings.scope = _apply(Scope(), table, where)
    if "fail-on" in table:
        if table["fail-on"] not in LEVELS:
            raise ConfigError(f"{where}: fail-on must be one of {', '.join(LEVELS)}, got {table['fail-on']!r}")
        settings.fail_on = table["fail-on"]
    if "format" in table:
        if table["format"] not in FORMATS:
            raise ConfigError(f"{where}: format must be one of {', '.join(FORMATS)}, got {table['format']!r}")
        settings.format = table["format"]
    if "exclude" in table:
        settings.exclude = _string_list(table["exclude"], f"{where}.exclude")
    per_path = table.get("per-path", {})
    if not isinstance(per_path, dict):
        raise ConfigError(f"{where}.per-path must be a table of glob = table")
    for pattern, sub in per_path.items():
        if not isinstance(sub, dict):
            raise ConfigError(f"{where}.per-path.{pattern!r} must be a table")
        check_keys(sub, PER_PATH_KEYS, f"{where}.per-path.{pattern!r}")
        _apply(Scope(), sub, f"{where}.per-path.{pattern!r}")  # validate now, not at the first matching file
    settings.per_path = dict(per_path)
    return settings


def load_settings(config: str | Path | None = None, *, start: str | Path | None = None) -> LintSettings:
    """Settings from the configuration file (explicit, or the nearest one from ``start`` upwards), read
    through the one settings model (:mod:`analyser.settings`), which hands the lint table to
    :func:`settings_from_table`."""
    return _load_all_settings(config, start=start).lint

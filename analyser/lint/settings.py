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
rules-folder = "lint-rules"   # a team's own rules (YAML), relative to this file

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
import os
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

from analyser.errors import ConfigError
from analyser.lint.rules import LEVELS, Rule, check_selectors, load_rules, resolve
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
    "force-exclude",
    "respect-gitignore",
    "severity",
    "thresholds",
    "per-path",
    "rules-folder",
    "unsafe-fixes",
    "baseline",
    "docs-url",
)
PER_PATH_KEYS = ("select", "ignore", "extend-select", "language", "thresholds", "severity")
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
LANGUAGES = ("auto", "en", "nl")
# Where rule documentation lives (SARIF helpUri, `rule CODE`): the docs of the installed version, one
# heading per rule (docs/lint.md, "Rule reference"); a fork or an internal mirror sets `docs-url`.
DOCS_URL = "https://github.com/ticket-analyser/ticket-analyser/blob/v{version}/docs/lint.md"


@dataclass
class Scope:
    """Settings that can differ per path: rules, language, thresholds, severities.

    ``rules`` is the rule set in force (bundled plus the team's ``rules-folder``), shared, never copied."""

    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    language: str = "auto"
    thresholds: dict[str, dict[str, float]] = field(default_factory=lambda: copy.deepcopy(DEFAULT_THRESHOLDS))
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=load_rules, repr=False, compare=False)

    def enabled(self) -> list[str]:
        return resolve(self.select, self.ignore, self.rules)

    def copy(self) -> Scope:
        """A copy to change for one path; the rule set is shared."""
        return Scope(
            list(self.select),
            list(self.ignore),
            self.language,
            copy.deepcopy(self.thresholds),
            dict(self.severity),
            self.rules,
        )


@dataclass
class LintSettings:
    """Everything a lint run needs; build with :func:`load_settings` or directly in a notebook."""

    scope: Scope = field(default_factory=Scope)
    fail_on: str = "warning"
    format: str = "text"
    exclude: list[str] = field(default_factory=list)
    force_exclude: bool = False
    respect_gitignore: bool = True
    per_path: dict[str, dict[str, Any]] = field(default_factory=dict)
    root: Path | None = None
    rules_folders: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    baseline: Path | None = None
    docs_url: str = DOCS_URL
    source: Path | None = None  # the configuration file these settings came from (None: defaults)
    vocabulary: Any = None  # analyser.nlp.spelling.Vocabulary from [tool.ticket-analyser.vocabulary] (None: none)

    @property
    def rules(self) -> dict[str, Rule]:
        """Every rule in force: the bundled ones and the team's own (``rules-folder``)."""
        return self.scope.rules

    def scope_for(self, path: str) -> Scope:
        """The scope for one file: the base settings with each matching ``per-path`` table applied in order."""
        scope = self.scope
        relative = _relative(path, self.root)
        for pattern, table in self.per_path.items():
            if fnmatch(relative, pattern) or PurePosixPath(relative).match(pattern):
                scope = _apply(scope.copy(), table, f"per-path {pattern!r}")
        return scope

    def help_uri(self, rule: Rule) -> str | None:
        """Where a rule is documented: a team rule's own ``link``, else its heading in ``docs-url``."""
        if rule.source is not None:
            return rule.link
        from analyser import __version__

        return f"{self.docs_url.format(version=__version__)}#{rule.code.lower()}"


def _relative(path: str, root: Path | None) -> str:
    candidate = Path(path)
    if root is not None:
        try:
            return Path(os.path.abspath(candidate)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return candidate.as_posix()


def _boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where} must be true or false, got {value!r}")
    return value


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
    rules = scope.rules
    if "select" in table:
        scope.select = check_selectors(_string_list(table["select"], f"{where}.select"), f"{where}.select", rules)
    if "extend-select" in table:
        extra = check_selectors(_string_list(table["extend-select"], f"{where}.extend-select"), where, rules)
        scope.select = [*scope.select, *extra]
    if "ignore" in table:
        ignored = check_selectors(_string_list(table["ignore"], f"{where}.ignore"), where, rules)
        scope.ignore = [*scope.ignore, *ignored]
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
    """Validated settings from a ``lint`` table (as a dict); paths in it are relative to ``root``."""
    check_keys(table, KEYS, where)
    settings = LintSettings(root=root)
    if "rules-folder" in table:
        folders = _string_list(table["rules-folder"], f"{where}.rules-folder")
        settings.rules_folders = tuple(os.path.abspath((root or Path.cwd()) / folder) for folder in folders)
    settings.scope = _apply(Scope(rules=load_rules(settings.rules_folders)), table, where)
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
    if "force-exclude" in table:
        settings.force_exclude = _boolean(table["force-exclude"], f"{where}.force-exclude")
    if "respect-gitignore" in table:
        settings.respect_gitignore = _boolean(table["respect-gitignore"], f"{where}.respect-gitignore")
    if "unsafe-fixes" in table:
        settings.unsafe_fixes = _boolean(table["unsafe-fixes"], f"{where}.unsafe-fixes")
    if "baseline" in table:
        if not isinstance(table["baseline"], str) or not table["baseline"]:
            raise ConfigError(f"{where}.baseline must be a file name")
        settings.baseline = (root or Path.cwd()) / table["baseline"]
    if "docs-url" in table:
        url = table["docs-url"]
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise ConfigError(f"{where}.docs-url must be an http(s) URL, got {url!r}")
        settings.docs_url = url
    per_path = table.get("per-path", {})
    if not isinstance(per_path, dict):
        raise ConfigError(f"{where}.per-path must be a table of glob = table")
    for pattern, sub in per_path.items():
        if not isinstance(sub, dict):
            raise ConfigError(f"{where}.per-path.{pattern!r} must be a table")
        check_keys(sub, PER_PATH_KEYS, f"{where}.per-path.{pattern!r}")
        _apply(settings.scope.copy(), sub, f"{where}.per-path.{pattern!r}")  # validate now, not at the first match
    settings.per_path = dict(per_path)
    return settings


def load_settings(config: str | Path | None = None, *, start: str | Path | None = None) -> LintSettings:
    """Settings from the configuration file (explicit, or the nearest one from ``start`` upwards), read
    through the one settings model (:mod:`analyser.settings`), which hands the lint table to
    :func:`settings_from_table`."""
    loaded = _load_all_settings(config, start=start)
    settings = loaded.lint
    settings.source = loaded.path
    return settings

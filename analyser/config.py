"""Configuration from ``pyproject.toml`` (``[tool.ticket-analyser]``) or a ``ticket-analyser.toml``.

As with ruff, the nearest file up from the working directory (or the path given) wins:
``.ticket-analyser.toml`` / ``ticket-analyser.toml`` (top-level keys) before ``pyproject.toml``
(``[tool.ticket-analyser]``).  Each stage reads its own table (``[tool.ticket-analyser.lint]``,
``.audit``, ``.study``, ``.extract``, ``.mapping``) and validates it with :func:`check_keys`, so an unknown
key is an error that names the file and lists the valid keys, never silently ignored.
Options given on the command line override the file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyser.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".ticket-analyser.toml", "ticket-analyser.toml", "pyproject.toml")
SECTIONS = ("language", "model", "extract", "mapping", "lint", "audit", "study", "evaluate")


@dataclass
class Config:
    """The settings found, and the file they came from (``None`` when there is none)."""

    data: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{self.path}: [tool.ticket-analyser.{name}] must be a table")
        return value


def find_config_file(start: str | Path | None = None) -> Path | None:
    """The nearest configuration file from ``start`` (default: the working directory) upwards."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            if "ticket-analyser" in _read(candidate).get("tool", {}):
                return candidate
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None


def load_config(path: str | Path | None = None, *, start: str | Path | None = None) -> Config:
    """Load the configuration: an explicit ``path``, or the nearest file from ``start`` upwards."""
    file = Path(path) if path else find_config_file(start)
    if file is None:
        return Config()
    if not file.is_file():
        raise ConfigError(f"{file}: configuration file not found")
    data = _read(file)
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("ticket-analyser", {})
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(
            f"{file}: unknown key(s) {', '.join(unknown)} in [tool.ticket-analyser]; valid: {', '.join(SECTIONS)}"
        )
    return Config(data=data, path=file)


def check_keys(values: Mapping[str, Any], valid: Iterable[str], where: str) -> None:
    """Reject unknown keys with a message naming the table and the valid keys."""
    valid = list(valid)
    unknown = sorted(set(values) - set(valid))
    if unknown:
        raise ConfigError(f"unknown key(s) {', '.join(unknown)} in {where}; valid: {', '.join(valid)}")

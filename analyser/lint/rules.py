"""Linter rules as data: one YAML file per rule in ``analyser/lint/rules/<CODE>.yml``.

As in Vale, a rule names the *kind* of check it is (``evidence``, ``absence``, ``readability``,
``sentence_length``, ``pattern``, ``substitution``, ...) plus that kind's own fields; the code that runs each
kind lives in :mod:`analyser.lint.checks`.  As in ruff, codes are a family prefix plus digits (``TN003``),
``select``/``ignore`` take a code or a prefix, and ``ticket-analyser rule CODE`` prints the rule's
what / why / example / fix text.  Codes are stable: a retired rule keeps its number unused.

| prefix | family |
|---|---|
| ST | structure (greeting, closing, next step) |
| RD | readability |
| JG | jargon and plain language |
| TN | tone (blame, condescension, bare commands, shouting, exclamation runs) |
| EM | empathy |
| AD | address (u/je) |
| PH | placeholders |
| TA | the template itself and suppressions |
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from analyser.errors import ConfigError

LEVELS = ("info", "warning", "error")
FAMILIES = {
    "ST": "structure",
    "RD": "readability",
    "JG": "jargon",
    "TN": "tone",
    "EM": "empathy",
    "AD": "address",
    "PH": "placeholders",
    "TA": "template",
}
_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
_REQUIRED = ("code", "name", "kind", "level", "languages", "message", "what", "why", "example", "fix")


@dataclass(frozen=True)
class Rule:
    """One rule as read from its YAML file; ``options`` holds the kind's own fields."""

    code: str
    name: str
    kind: str
    level: str
    languages: tuple[str, ...]
    message: str
    what: str
    why: str
    example: str
    fix: str
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:2], self.code[:2])

    def explain(self) -> str:
        """The rule's documentation under ruff's fixed headings, with its measured precision."""
        from analyser.lint.precision import describe

        return (
            f"# {self.name} ({self.code})\n\n"
            f"Family: {self.family}. Default level: {self.level}. Languages: {', '.join(self.languages)}.\n"
            f"{describe(self.code)}\n\n"
            f"## What it does\n{self.what.strip()}\n\n"
            f"## Why is this bad?\n{self.why.strip()}\n\n"
            f"## Example\n{_indent(self.example)}\n\n"
            f"## Use instead\n{_indent(self.fix)}\n"
        )


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip("\n").splitlines())


def parse_rule(text: str, source: str) -> Rule:
    """A :class:`Rule` from one YAML document; a :class:`ConfigError` naming the file when it is incomplete."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a rule file must be a mapping")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise ConfigError(f"{source}: rule is missing {', '.join(missing)}")
    if not _CODE.match(str(data["code"])):
        raise ConfigError(f"{source}: rule code {data['code']!r} is not two capitals and three digits")
    if data["level"] not in LEVELS:
        raise ConfigError(f"{source}: level {data['level']!r} is not one of {', '.join(LEVELS)}")
    options = {key: value for key, value in data.items() if key not in _REQUIRED}
    return Rule(
        code=data["code"],
        name=data["name"],
        kind=data["kind"],
        level=data["level"],
        languages=tuple(data["languages"]),
        message=data["message"],
        what=data["what"],
        why=data["why"],
        example=str(data["example"]),
        fix=str(data["fix"]),
        options=options,
    )


@cache
def load_rules() -> dict[str, Rule]:
    """Every bundled rule by code, in code order."""
    folder = resources.files("analyser.lint") / "rules"
    rules = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yml", ".yaml")):
            rule = parse_rule(entry.read_text(encoding="utf-8"), f"rules/{entry.name}")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


def get_rule(code: str) -> Rule:
    """The rule for ``code`` (case-insensitive); a :class:`ConfigError` listing the codes when unknown."""
    rules = load_rules()
    rule = rules.get(code.strip().upper())
    if rule is None:
        raise ConfigError(f"unknown rule code {code!r}; valid codes: {', '.join(rules)}")
    return rule


def check_selectors(selectors: Iterable[str], where: str) -> list[str]:
    """Validate codes or prefixes (``TN``, ``TN0``, ``TN003``, ``ALL``); unknown ones are a ConfigError."""
    rules = load_rules()
    checked = []
    for selector in selectors:
        if not isinstance(selector, str):
            raise ConfigError(f"{where}: rule selectors must be strings, got {selector!r}")
        value = selector.strip().upper()
        if value != "ALL" and not any(code.startswith(value) for code in rules):
            raise ConfigError(
                f"{where}: {selector!r} matches no rule code or prefix; valid prefixes: {', '.join(FAMILIES)}"
            )
        checked.append(value)
    return checked


def matches(code: str, selectors: Iterable[str]) -> bool:
    return any(selector == "ALL" or code.startswith(selector) for selector in selectors)


def resolve(select: Iterable[str], ignore: Iterable[str]) -> list[str]:
    """Codes enabled by ``select`` minus ``ignore``; the more specific selector wins, as in ruff.

    ``ALL`` selects the rules that are on by default; a rule whose measured precision is below 0.8 is off by
    default (:func:`analyser.lint.precision.default_off`) and is enabled only by naming its code or family."""
    from analyser.lint.precision import default_off

    select, ignore = list(select), list(ignore)
    off = default_off()
    enabled = []
    for code in load_rules():
        chosen = [s for s in select if (s == "ALL" and code not in off) or (s != "ALL" and code.startswith(s))]
        dropped = [s for s in ignore if s == "ALL" or code.startswith(s)]
        if not chosen:
            continue
        best_select = max(0 if s == "ALL" else len(s) for s in chosen)
        best_ignore = max((0 if s == "ALL" else len(s) for s in dropped), default=-1)
        if best_select > best_ignore:
            enabled.append(code)
    return enabled

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
| SP | spelling (Hunspell dictionaries, the user vocabulary) |
| GR | grammar (Dutch d/t, u/uw, me/mijn, als/dan; English confusables; doubled words) |

A team adds its own rules the same way, as Vale styles work: a folder of YAML files named by the
``rules-folder`` setting, with codes of their own prefix (``ACME001``; two to five capitals, not one of the
prefixes above) and one of the data kinds (:data:`USER_KINDS`): ``phrases`` (a phrase list), ``substitution``
(a ``swap`` table of phrase -> better phrase) or ``pattern`` (a regular expression), each with a message and a
level.  ``select``, ``ignore``, suppressions, ``rule CODE`` and ``--explain`` treat them as ours.

A rule with ``fixable: safe`` or ``fixable: unsafe`` offers a fix (see :class:`analyser.lint.checks.Fix`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from analyser.errors import ConfigError
from analyser.yamlfile import YAMLError, safe_load

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
    "SP": "spelling",
    "GR": "grammar",
}
_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
_USER_CODE = re.compile(r"^([A-Z]{2,5})(\d{3})$")
_REQUIRED = ("code", "name", "kind", "level", "languages", "message", "what", "why", "example", "fix")
_USER_REQUIRED = ("code", "name", "kind", "level", "message")
_DOC_KEYS = ("what", "why", "example", "fix")
# the kinds of check (analyser.lint.checks.CHECKS, plus suppression, which the engine runs itself)
KINDS = (
    "evidence",
    "absence",
    "readability",
    "sentence_length",
    "pattern",
    "phrases",
    "substitution",
    "apology",
    "address",
    "placeholder",
    "template",
    "correctness",
    "suppression",
)
USER_KINDS = ("phrases", "substitution", "pattern")
ALL_LANGUAGES = ("en", "nl", "und")
FIXABLE = ("safe", "unsafe")


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
    source: str | None = None  # the rule file, for a team's own rules (None for the bundled ones)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[:2], "team rule" if self.source else self.code[:2])

    @property
    def fixable(self) -> str | None:
        """``"safe"``, ``"unsafe"`` or ``None``: whether findings of this rule carry a fix, and of which kind."""
        value = self.options.get("fixable")
        return value if value in FIXABLE else None

    @property
    def link(self) -> str | None:
        """A team rule's own documentation page (``link:`` in its file, as in Vale)."""
        value = self.options.get("link")
        return str(value) if value else None

    def explain(self) -> str:
        """The rule's documentation under ruff's fixed headings, with its measured precision."""
        from analyser.lint.precision import describe

        fix = (
            f" Fix: {self.fixable} (applied by --fix{' --unsafe-fixes' if self.fixable == 'unsafe' else ''})."
            if self.fixable
            else ""
        )
        origin = f" Defined in {self.source}." if self.source else ""
        text = (
            f"# {self.name} ({self.code})\n\n"
            f"Family: {self.family}. Default level: {self.level}. Languages: {', '.join(self.languages)}.{fix}{origin}\n"
            f"{describe(self.code)}\n"
        )
        sections = (
            ("What it does", self.what.strip()),
            ("Why is this bad?", self.why.strip()),
            ("Example", _indent(self.example)),
            ("Use instead", _indent(self.fix)),
        )
        for heading, body in sections:
            if body.strip():
                text += f"\n## {heading}\n{body}\n"
        if self.link:
            text += f"\nMore: {self.link}\n"
        return text


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip("\n").splitlines())


def parse_rule(text: str, source: str, *, user: bool = False) -> Rule:
    """A :class:`Rule` from one YAML document; a :class:`ConfigError` naming the file when it is incomplete.

    ``user`` rules (a team's rules folder) need only code, name, kind, level and message, use a prefix of
    their own and one of :data:`USER_KINDS`; the documentation keys are optional for them."""
    try:
        data = safe_load(text)
    except YAMLError as error:
        raise ConfigError(f"{source}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: a rule file must be a mapping")
    missing = [key for key in (_USER_REQUIRED if user else _REQUIRED) if key not in data]
    if missing:
        raise ConfigError(f"{source}: rule is missing {', '.join(missing)}")
    code = str(data["code"])
    if user:
        match = _USER_CODE.match(code)
        if not match:
            raise ConfigError(f"{source}: rule code {code!r} is not two to five capitals and three digits (ACME001)")
        if match.group(1)[:2] in FAMILIES:
            raise ConfigError(
                f"{source}: rule code {code!r} uses a prefix of the bundled rules "
                f"({', '.join(FAMILIES)}); choose one of your own"
            )
        if data["kind"] not in USER_KINDS:
            raise ConfigError(f"{source}: kind {data['kind']!r} is not one of {', '.join(USER_KINDS)}")
    elif not _CODE.match(code):
        raise ConfigError(f"{source}: rule code {code!r} is not two capitals and three digits")
    if data["kind"] not in KINDS:
        raise ConfigError(f"{source}: kind {data['kind']!r} is not one of {', '.join(KINDS)}")
    if data["level"] not in LEVELS:
        raise ConfigError(f"{source}: level {data['level']!r} is not one of {', '.join(LEVELS)}")
    if "fixable" in data and data["fixable"] not in FIXABLE:
        raise ConfigError(f"{source}: fixable must be one of {', '.join(FIXABLE)}, got {data['fixable']!r}")
    languages = data.get("languages", list(ALL_LANGUAGES))
    if isinstance(languages, str):
        languages = [languages]
    if not isinstance(languages, list) or not set(languages) <= set(ALL_LANGUAGES):
        raise ConfigError(f"{source}: languages must be a list of {', '.join(ALL_LANGUAGES)}")
    options = {key: value for key, value in data.items() if key not in _REQUIRED}
    _check_kind_options(data["kind"], options, source)
    return Rule(
        code=code,
        name=str(data["name"]),
        kind=data["kind"],
        level=data["level"],
        languages=tuple(languages),
        message=str(data["message"]),
        what=str(data.get("what", "")),
        why=str(data.get("why", "")),
        example=str(data.get("example", "")),
        fix=str(data.get("fix", "")),
        options=options,
        source=source if user else None,
    )


def _check_kind_options(kind: str, options: dict[str, Any], source: str) -> None:
    """The data kinds' own keys, checked when the file is read rather than when a template trips on them."""
    if kind == "pattern":
        try:
            re.compile(str(options.get("pattern", "")))
        except re.error as error:
            raise ConfigError(f"{source}: pattern is not a valid regular expression: {error}") from None
        if not options.get("pattern"):
            raise ConfigError(f"{source}: a pattern rule needs 'pattern'")
    elif kind == "phrases":
        if not per_language(options.get("phrases"), str):
            raise ConfigError(f"{source}: a phrases rule needs 'phrases': a list, or a table of en/nl lists")
    elif kind == "substitution" and "table" not in options and not per_language(options.get("swap"), dict):
        raise ConfigError(f"{source}: a substitution rule needs 'swap': phrase -> replacement (or en/nl tables)")


def per_language(value: Any, item: type) -> dict[str, Any]:
    """A kind's list or table as ``{language: value}``: the same for every language, or given per language.

    ``phrases: [a, b]`` applies to every language; ``phrases: {en: [...], nl: [...]}`` per language (the same
    for ``swap`` tables).  Empty when the value has neither shape."""
    if item is str and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {lang: list(value) for lang in ALL_LANGUAGES}
    if isinstance(value, dict) and value and set(value) <= set(ALL_LANGUAGES):
        if item is str and all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()):
            return dict(value)
        if item is dict and all(isinstance(v, dict) for v in value.values()):
            return {lang: {str(k): str(v) for k, v in table.items()} for lang, table in value.items()}
    if item is dict and isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {lang: {str(k): v for k, v in value.items()} for lang in ALL_LANGUAGES}
    return {}


@cache
def _bundled_rules() -> dict[str, Rule]:
    folder = resources.files("analyser.lint") / "rules"
    rules = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yml", ".yaml")):
            rule = parse_rule(entry.read_text(encoding="utf-8"), f"rules/{entry.name}")
            rules[rule.code] = rule
    return rules


@cache
def load_rules(folders: tuple[str, ...] = ()) -> dict[str, Rule]:
    """Every bundled rule by code, plus the team rules in ``folders`` (YAML files), in code order."""
    rules = dict(_bundled_rules())
    for folder in folders:
        directory = Path(folder)
        if not directory.is_dir():
            raise ConfigError(f"{folder}: rules-folder is not a folder")
        for file in sorted(directory.iterdir()):
            if not file.name.endswith((".yml", ".yaml")) or file.name.startswith("."):
                continue
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise ConfigError(f"{file}: cannot read the rule file ({error})") from None
            rule = parse_rule(text, str(file), user=True)
            if rule.code in rules:
                where = rules[rule.code].source or "the bundled rules"
                raise ConfigError(f"{file}: rule code {rule.code} is already defined in {where}")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


def get_rule(code: str, rules: dict[str, Rule] | None = None) -> Rule:
    """The rule for ``code`` (case-insensitive); a :class:`ConfigError` listing the codes when unknown."""
    rules = rules if rules is not None else load_rules()
    rule = rules.get(code.strip().upper())
    if rule is None:
        raise ConfigError(f"unknown rule code {code!r}; valid codes: {', '.join(rules)}")
    return rule


def check_selectors(selectors: Iterable[str], where: str, rules: dict[str, Rule] | None = None) -> list[str]:
    """Validate codes or prefixes (``TN``, ``TN0``, ``TN003``, ``ALL``); unknown ones are a ConfigError."""
    rules = rules if rules is not None else load_rules()
    checked = []
    for selector in selectors:
        if not isinstance(selector, str):
            raise ConfigError(f"{where}: rule selectors must be strings, got {selector!r}")
        value = selector.strip().upper()
        if value != "ALL" and not any(code.startswith(value) for code in rules):
            prefixes = sorted({re.sub(r"\d+$", "", code) for code in rules})
            raise ConfigError(
                f"{where}: {selector!r} matches no rule code or prefix; valid prefixes: {', '.join(prefixes)}"
            )
        checked.append(value)
    return checked


def matches(code: str, selectors: Iterable[str]) -> bool:
    return any(selector == "ALL" or code.startswith(selector) for selector in selectors)


def resolve(select: Iterable[str], ignore: Iterable[str], rules: dict[str, Rule] | None = None) -> list[str]:
    """Codes enabled by ``select`` minus ``ignore``; the more specific selector wins, as in ruff.

    ``ALL`` selects the rules that are on by default; a rule whose measured precision is below 0.8 is off by
    default (:func:`analyser.lint.precision.default_off`) and is enabled only by naming its code or family."""
    from analyser.lint.precision import default_off

    select, ignore = list(select), list(ignore)
    off = default_off()
    enabled = []
    for code in rules if rules is not None else load_rules():
        chosen = [s for s in select if (s == "ALL" and code not in off) or (s != "ALL" and code.startswith(s))]
        dropped = [s for s in ignore if s == "ALL" or code.startswith(s)]
        if not chosen:
            continue
        best_select = max(0 if s == "ALL" else len(s) for s in chosen)
        best_ignore = max((0 if s == "ALL" else len(s) for s in dropped), default=-1)
        if best_select > best_ignore:
            enabled.append(code)
    return enabled

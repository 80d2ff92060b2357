"""A team's own scorecard: ``[tool.ticket-analyser.scorecard]``, scored beside the fixed rubric.

Quality tools let a team lead weigh what matters to the team; the audit does too, without touching
``communication_score``, which stays the one documented rubric every command computes the same way.  A
scorecard gives each reply its own ``scorecard_score`` (0-100), from

* **weights** per dimension of the rubric (``politeness``, ``empathy``, ``readability``, ``jargon``,
  ``structure``, ``respect``, and ``correctness``, the spelling and grammar dimension that is not in the
  rubric): each dimension counts as the share of its points the reply earned, weighted.  Default: the
  rubric's own points (so an empty scorecard gives the rubric), correctness 0;
* **categories** of the team's own, each with a ``weight`` and either a ``feature`` from the feature
  catalogue (``has_next_step``, ``jargon_ratio``, ...; a flag earns full points when true, a number earns
  points linearly from its ``zero`` value to its ``full`` value) or lint ``rules`` (codes or prefixes,
  spelling and grammar included: ``["SP", "GR"]``), which earn full points when none fires and lose
  ``penalty`` (default: all) of them per finding;
* **auto-fail** rules: ``rules`` (any finding) or ``features`` (true, or above 0) that score the reply 0
  whatever else it does ("any blame phrase fails the reply"), with the reason in ``scorecard_fail``.

A dimension or category without a value on a reply (correctness on a reply in another language) is left out
of that reply's weighted mean rather than counted as 0.  An unknown key, dimension, feature or rule code is a
one-line configuration error listing the valid names (exit code 2).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Rubric dimensions a scorecard can weigh: key -> (column, points).
DIMENSION_COLUMNS: dict[str, tuple[str, float]] = {
    "politeness": ("score_politeness", 20.0),
    "empathy": ("score_empathy", 20.0),
    "readability": ("score_readability", 20.0),
    "jargon": ("score_jargon", 15.0),
    "structure": ("score_structure", 15.0),
    "respect": ("score_respect", 10.0),
    "correctness": ("score_correctness", 10.0),
}
DEFAULT_WEIGHTS = {key: (0.0 if key == "correctness" else points) for key, (_, points) in DIMENSION_COLUMNS.items()}
KEYS = ("name", "weights", "categories", "auto-fail")
CATEGORY_KEYS = ("feature", "rules", "weight", "zero", "full", "penalty", "label")
AUTO_FAIL_KEYS = ("rules", "features")
#: Catalogue ranges that are not numbers a category can score.
_NOT_NUMERIC = ("text", "formal|informal|mixed|none")


@dataclass(frozen=True)
class Category:
    """One category of the team's own: a feature scaled to 0..1, or lint rules that must not fire."""

    key: str
    label: str
    weight: float
    feature: str | None = None
    rules: tuple[str, ...] = ()
    zero: float = 0.0
    full: float = 1.0
    penalty: float = 1.0

    def share(self, value: Any = None, findings: int = 0) -> float:
        """The share of the category's points a reply earns (NaN when its feature has no value)."""
        if self.rules:
            return max(0.0, 1.0 - self.penalty * findings)
        number = _number(value)
        if number is None:
            return math.nan
        if self.full == self.zero:
            return 1.0 if number >= self.full else 0.0
        return min(1.0, max(0.0, (number - self.zero) / (self.full - self.zero)))

    def describe(self) -> str:
        if self.rules:
            lost = "all points" if self.penalty >= 1 else f"{self.penalty:.0%} of the points per finding"
            return f"no finding of {', '.join(self.rules)} (a finding loses {lost})"
        return f"{self.feature}: 0 points at {self.zero:g}, full points at {self.full:g}"


@dataclass(frozen=True)
class Scorecard:
    """A validated ``[tool.ticket-analyser.scorecard]`` table."""

    name: str = "custom scorecard"
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    categories: tuple[Category, ...] = ()
    fail_rules: tuple[str, ...] = ()
    fail_features: tuple[str, ...] = ()

    @property
    def rule_selectors(self) -> tuple[str, ...]:
        """Every rule code or prefix the scorecard reads (categories and auto-fail)."""
        return tuple(dict.fromkeys([*(r for c in self.categories for r in c.rules), *self.fail_rules]))

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(c.feature for c in self.categories if c.feature), *self.fail_features]))

    def components(self) -> list[dict[str, Any]]:
        """What the score is made of, for the report: label, weight and share of the total weight."""
        rows = [
            {
                "component": key,
                "kind": "dimension",
                "weight": weight,
                "how": f"{column} as a share of {points:g} points",
            }
            for key, weight in self.weights.items()
            if weight > 0
            for column, points in [DIMENSION_COLUMNS[key]]
        ]
        rows += [
            {"component": c.label, "kind": "category", "weight": c.weight, "how": c.describe()} for c in self.categories
        ]
        total = sum(r["weight"] for r in rows) or 1.0
        for row in rows:
            row["share_of_weight"] = row["weight"] / total * 100
        fails = [*self.fail_rules, *self.fail_features]
        if fails:
            rows.append(
                {
                    "component": "auto-fail",
                    "kind": "auto-fail",
                    "weight": 0.0,
                    "how": f"the reply scores 0 when any of {', '.join(fails)} fires",
                    "share_of_weight": math.nan,
                }
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "weights": dict(self.weights),
            "categories": [
                {k: v for k, v in c.__dict__.items() if v not in (None, ())} | {"rules": list(c.rules)}
                for c in self.categories
            ],
            "auto-fail": {"rules": list(self.fail_rules), "features": list(self.fail_features)},
        }

    def score(self, reply: Mapping[str, Any], findings: Mapping[str, int] | None = None) -> tuple[float, str]:
        """``scorecard_score`` (0-100) of one reply and the auto-fail reason ("" when it did not fail).

        ``reply`` holds the reply's features; ``findings`` counts its lint findings by rule code."""
        findings = findings or {}
        failed = [code for code, n in findings.items() if n and _selected(code, self.fail_rules)]
        failed += [name for name in self.fail_features if (_number(reply.get(name)) or 0) > 0]
        if failed:
            return 0.0, ", ".join(failed)
        total = weight = 0.0
        for key, w in self.weights.items():
            column, points = DIMENSION_COLUMNS[key]
            value = _number(reply.get(column))
            if w > 0 and value is not None:
                total += w * min(1.0, max(0.0, value / points))
                weight += w
        for category in self.categories:
            if category.weight <= 0:
                continue
            count = sum(n for code, n in findings.items() if _selected(code, category.rules)) if category.rules else 0
            share = category.share(reply.get(category.feature) if category.feature else None, count)
            if share == share:
                total += category.weight * share
                weight += category.weight
        return (100.0 * total / weight if weight else math.nan), ""


def rule_findings(texts: list[str], languages: list[str], selectors: Iterable[str], lint: Any = None) -> list[Counter]:
    """Lint findings per text, counted by rule code, for the rules ``selectors`` name only.

    The texts are linted as the template linter lints a template (the same rules, thresholds and
    vocabulary: ``lint`` is the ``[tool.ticket-analyser.lint]`` settings), in the language the reply was
    scored in, batched per language through one ``nlp.pipe``."""
    import copy

    from analyser.lint.engine import lint_templates
    from analyser.lint.settings import LintSettings
    from analyser.lint.sources import templates_from_text

    base = lint or LintSettings()
    counts: list[Counter] = [Counter() for _ in texts]
    for lang in dict.fromkeys(languages):
        positions = [i for i, code in enumerate(languages) if code == lang]
        settings = copy.copy(base)
        settings.per_path = {}
        settings.scope = base.scope.copy()
        settings.scope.select, settings.scope.ignore = list(selectors), []
        settings.scope.language = lang if lang in ("en", "nl") else "auto"
        templates = []
        for i in positions:
            templates += [(i, t) for t in templates_from_text(texts[i] or "", f"reply-{i}")]
        findings = lint_templates([t for _, t in templates], settings)
        owner = {f"reply-{i}": i for i in positions}
        for finding in findings:
            position = owner.get(finding.path)
            if position is not None:
                counts[position][finding.code] += 1
    return counts


def score_scorecard(frame: Any, scorecard: Scorecard, settings: Any = None) -> Any:
    """``frame`` (scored replies: features and ``body_clean``) with ``scorecard_score`` (0-100) and
    ``scorecard_fail`` (the auto-fail rules or features that fired, "" when none)."""
    selectors = scorecard.rule_selectors
    texts = frame["body_clean"].astype("string").fillna("").astype(str).tolist() if "body_clean" in frame else []
    if selectors and len(frame):
        languages = frame["language"].astype("string").fillna("und").astype(str).tolist()
        lint = settings.lint if settings is not None else None
        findings = rule_findings(texts, languages, selectors, lint)
    else:
        findings = [Counter() for _ in range(len(frame))]
    results = [scorecard.score(row, found) for row, found in zip(frame.to_dict("records"), findings, strict=True)]
    frame = frame.copy()
    frame["scorecard_score"] = [score for score, _ in results]
    frame["scorecard_fail"] = [reason for _, reason in results]
    return frame


def _selected(code: str, selectors: Iterable[str]) -> bool:
    return any(code.startswith(selector) for selector in selectors)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


# --- reading the table ------------------------------------------------------------------------------


def _error(message: str) -> Exception:
    from analyser.errors import ConfigError

    return ConfigError(message)


def _weight(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise _error(f"{where} must be a number of 0 or more, got {value!r}")
    return float(value)


def _feature_names() -> dict[str, Any]:
    """Features a scorecard can read: the numeric and boolean columns of the feature catalogue."""
    from analyser.features import FEATURE_CATALOGUE

    return {name: f for name, f in FEATURE_CATALOGUE.items() if f.range not in _NOT_NUMERIC}


def _feature(value: Any, where: str) -> str:
    names = _feature_names()
    if not isinstance(value, str) or value not in names:
        raise _error(f"{where}: unknown feature {value!r}; valid features: {', '.join(names)}")
    return value


def _rules(value: Any, where: str, codes: Iterable[str]) -> tuple[str, ...]:
    codes = list(codes)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _error(f'{where} must be a list of rule codes or prefixes, e.g. ["SP", "TN001"]')
    out = []
    for item in value:
        selector = item.strip().upper()
        if not selector or not any(code.startswith(selector) for code in codes):
            raise _error(f"{where}: unknown rule code {item!r}; valid codes: {', '.join(codes)}")
        out.append(selector)
    return tuple(out)


def _category(key: str, table: Any, where: str, codes: Iterable[str]) -> Category:
    if not isinstance(table, dict):
        raise _error(f"{where} must be a table")
    from analyser.settings import check_keys

    check_keys(table, CATEGORY_KEYS, where)
    has_feature, has_rules = "feature" in table, "rules" in table
    if has_feature == has_rules:
        raise _error(f'{where} needs either feature = "NAME" or rules = ["CODE", ...] (one of the two)')
    weight = _weight(table.get("weight", 1.0), f"{where}: 'weight'")
    label = table.get("label", key)
    if not isinstance(label, str):
        raise _error(f"{where}: 'label' must be a string")
    if has_rules:
        penalty = _weight(table.get("penalty", 1.0), f"{where}: 'penalty'")
        for unused in ("zero", "full"):
            if unused in table:
                raise _error(f"{where}: '{unused}' applies to a feature, not to rules")
        return Category(key, label, weight, rules=_rules(table["rules"], f"{where}: 'rules'", codes), penalty=penalty)
    name = _feature(table["feature"], f"{where}: 'feature'")
    spec = _feature_names()[name]
    zero, full = table.get("zero"), table.get("full")
    for bound, value in (("zero", zero), ("full", full)):
        if value is not None and (isinstance(value, bool) and spec.range != "bool"):
            raise _error(f"{where}: '{bound}' must be a number for {name}")
        if value is not None and not isinstance(value, int | float):
            raise _error(f"{where}: '{bound}' must be a number, got {value!r}")
    if zero is None or full is None:
        if spec.range == "bool":
            zero, full = (0.0, 1.0) if zero is None and full is None else (zero, full)
        elif spec.range == "0..1":
            zero, full = 0.0 if zero is None else zero, 1.0 if full is None else full
        if zero is None or full is None:
            raise _error(
                f"{where}: {name} ranges {spec.range}; say which value earns no points and which full points "
                "(zero = ..., full = ...)"
            )
    return Category(key, label, weight, feature=name, zero=float(zero), full=float(full))


def scorecard_from_table(table: Mapping[str, Any], *, where: str, rules: Iterable[str] | None = None) -> Scorecard:
    """A validated :class:`Scorecard` from the ``[tool.ticket-analyser.scorecard]`` table.

    ``rules`` are the rule codes in force (the bundled ones and the team's ``rules-folder``)."""
    from analyser.settings import check_keys

    if rules is None:
        from analyser.lint.rules import load_rules

        rules = load_rules()
    codes = list(rules)
    check_keys(table, KEYS, where)
    name = table.get("name", "custom scorecard")
    if not isinstance(name, str) or not name.strip():
        raise _error(f"{where}: 'name' must be a non-empty string")
    weights = dict(DEFAULT_WEIGHTS)
    given = table.get("weights", {})
    if not isinstance(given, dict):
        raise _error(f"{where}: 'weights' must be a table of dimension = weight")
    unknown = sorted(set(given) - set(DIMENSION_COLUMNS))
    if unknown:
        raise _error(
            f"{where}.weights: unknown dimension(s) {', '.join(unknown)}; valid: {', '.join(DIMENSION_COLUMNS)}"
        )
    if given:  # weights given: the dimensions not named count 0, so the table says the whole mix
        weights = {key: _weight(given.get(key, 0.0), f"{where}.weights: '{key}'") for key in DIMENSION_COLUMNS}
    categories = table.get("categories", {})
    if not isinstance(categories, dict):
        raise _error(f"{where}: 'categories' must be tables, e.g. [tool.ticket-analyser.scorecard.categories.NAME]")
    parsed = tuple(_category(key, value, f"{where}.categories.{key}", codes) for key, value in categories.items())
    fail = table.get("auto-fail", {})
    if not isinstance(fail, dict):
        raise _error(f"{where}: 'auto-fail' must be a table with rules and/or features")
    check_keys(fail, AUTO_FAIL_KEYS, f"{where}.auto-fail")
    fail_rules = _rules(fail["rules"], f"{where}.auto-fail: 'rules'", codes) if "rules" in fail else ()
    fail_features = fail.get("features", [])
    if isinstance(fail_features, str):
        fail_features = [fail_features]
    if not isinstance(fail_features, list):
        raise _error(f"{where}.auto-fail: 'features' must be a list of feature names")
    fail_features = tuple(_feature(f, f"{where}.auto-fail: 'features'") for f in fail_features)
    if not any(w > 0 for w in weights.values()) and not any(c.weight > 0 for c in parsed):
        raise _error(f"{where}: every weight is 0; give at least one dimension or category a weight")
    return Scorecard(name.strip(), weights, parsed, fail_rules, fail_features)


__all__ = ["DIMENSION_COLUMNS", "Category", "Scorecard", "rule_findings", "score_scorecard", "scorecard_from_table"]

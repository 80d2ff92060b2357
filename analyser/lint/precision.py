"""Precision of each rule on annotated sample templates (``data/templates/expected.toml``).

A rule is only useful in CI if what it flags is worth fixing, so we measure precision per rule: a finding is
a true positive when the annotation lists its ``CODE:line`` for that template (``CODE`` alone for a macro in
a JSON export, whose findings all point at the macro's text).  Recall is reported too (expected findings
that some finding with the same code and line matched), but the samples were written to plant defects, so
recall on them is an optimistic figure.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the measured numbers below are read without loading the linter (and spaCy)
    from analyser.lint.engine import Finding, LintResult
    from analyser.lint.settings import LintSettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass
class RulePrecision:
    """True and false positives (and expected findings missed) of one rule."""

    true_positives: int = 0
    false_positives: int = 0
    missed: int = 0
    false_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        total = self.true_positives + self.false_positives
        return self.true_positives / total if total else float("nan")


def finding_key(finding: Finding, root: Path) -> tuple[str, str]:
    """(template key, label) as written in ``expected.toml``."""
    relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
    if finding.template is not None:
        return f"{relative}#{finding.template}", finding.code
    return relative, f"{finding.code}:{finding.line}"


def load_expected(root: Path) -> dict[str, list[str]]:
    return tomllib.loads((root / "expected.toml").read_text(encoding="utf-8"))


def measure(root: str | Path, settings: LintSettings | None = None) -> tuple[dict[str, RulePrecision], LintResult]:
    """Lint the samples under ``root`` and score every finding against ``root/expected.toml``."""
    from analyser.lint.engine import lint_paths
    from analyser.lint.settings import LintSettings

    root = Path(root)
    expected = load_expected(root)
    result = lint_paths([root], settings or LintSettings())
    scores: dict[str, RulePrecision] = {}
    matched: Counter[tuple[str, str]] = Counter()
    for finding in result.findings:
        key, label = finding_key(finding, root)
        score = scores.setdefault(finding.code, RulePrecision())
        if label in expected.get(key, []):
            score.true_positives += 1
            matched[(key, label)] += 1
        else:
            score.false_positives += 1
            score.false_examples.append(f"{key} {label}: {finding.message}")
    for key, labels in expected.items():
        for label in labels:
            if not matched[(key, label)]:
                scores.setdefault(label.split(":")[0], RulePrecision()).missed += 1
    return dict(sorted(scores.items())), result


def precision_table(scores: dict[str, RulePrecision]) -> str:
    """A Markdown table: rule, findings, true positives, precision, expected findings missed."""
    from analyser.lint.rules import load_rules

    rules = load_rules()
    lines = [
        "| rule | name | findings | true positives | precision | expected but missed |",
        "|---|---|---|---|---|---|",
    ]
    for code, score in scores.items():
        total = score.true_positives + score.false_positives
        precision = f"{score.precision:.2f}" if total else "–"
        lines.append(
            f"| {code} | {rules[code].name} | {total} | {score.true_positives} | {precision} | {score.missed} |"
        )
    tp = sum(s.true_positives for s in scores.values())
    fp = sum(s.false_positives for s in scores.values())
    lines.append(
        f"| all | | {tp + fp} | {tp} | {tp / (tp + fp) if tp + fp else float('nan'):.2f} | "
        f"{sum(s.missed for s in scores.values())} |"
    )
    return "\n".join(lines)


# --- measured precision per rule: the one place it is kept ------------------------------------------
#
# Each rule's precision as last measured, and on what.  ``measure`` above scores the annotated samples;
# the real-reply figures are hand judgements (docs/lint.md, "Precision on real replies").  Update the
# numbers here when a rule is re-measured; SARIF (``properties.precision``), ``rule CODE`` and the docs'
# rule reference read them through :func:`rule_precision` / :func:`github_precision` only.


@dataclass(frozen=True)
class Measurement:
    """``true_positives`` of ``findings`` judged correct, on ``data`` (which set, which half, which tuning)."""

    true_positives: int
    findings: int
    data: str

    @property
    def precision(self) -> float:
        return self.true_positives / self.findings if self.findings else float("nan")


_SAMPLES = "data/templates samples (written with the rules; optimistic)"
_REAL = "525 real agent replies, IBM Twitter customer-care dev split, English; after tuning on the same data"

MEASURED: dict[str, Measurement] = {
    "AD001": Measurement(2, 2, _SAMPLES),
    "EM001": Measurement(10, 10, _REAL),
    "JG001": Measurement(7, 11, _REAL),
    "JG002": Measurement(5, 5, _REAL),
    "JG003": Measurement(1, 1, _REAL),
    "JG004": Measurement(6, 6, _SAMPLES),
    "PH001": Measurement(4, 4, _SAMPLES),
    "RD001": Measurement(2, 2, _SAMPLES),
    "RD002": Measurement(12, 12, _REAL + " (a judged sample of 12 of 47 findings)"),
    "ST001": Measurement(3, 3, _SAMPLES),
    "ST002": Measurement(4, 4, _SAMPLES),
    "ST003": Measurement(2, 5, _SAMPLES),
    "TN001": Measurement(4, 4, _SAMPLES),
    "TN002": Measurement(1, 1, _SAMPLES),
    "TN003": Measurement(7, 9, _REAL),
    "TN004": Measurement(4, 4, _SAMPLES),
    "TN005": Measurement(3, 3, _SAMPLES),
}

# GitHub code scanning's levels, from the lower bound of the 95% Wilson interval of the measured precision,
# so that a rule right 5 times out of 5 is not claimed as sure as one right 95 times out of 100.
GITHUB_PRECISION_CUTOFFS = (("very-high", 0.90), ("high", 0.75), ("medium", 0.50), ("low", 0.0))


def wilson_lower_bound(successes: int, trials: int, z: float = 1.959964) -> float:
    """The lower end of the Wilson score interval for a proportion (95% by default); 0 for no trials."""
    if trials <= 0:
        return 0.0
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = p + z * z / (2 * trials)
    margin = z * ((p * (1 - p) + z * z / (4 * trials)) / trials) ** 0.5
    return max(0.0, (centre - margin) / denominator)


def rule_precision(code: str) -> Measurement | None:
    """The rule's measured precision, or ``None`` when it has not been measured (team rules, TA rules)."""
    return MEASURED.get(code)


def github_precision(code: str) -> str | None:
    """GitHub's ``precision`` level for a rule (very-high, high, medium, low) or ``None`` when unmeasured."""
    measured = rule_precision(code)
    if measured is None or not measured.findings:
        return None
    bound = wilson_lower_bound(measured.true_positives, measured.findings)
    return next(level for level, cutoff in GITHUB_PRECISION_CUTOFFS if bound >= cutoff)

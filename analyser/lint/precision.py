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

from analyser.lint.engine import Finding, LintResult, lint_paths
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

"""Each rule's measured precision: the one place the docs, ``rule CODE`` and SARIF output read it from.

A rule is only useful in CI if what it flags is worth fixing, so every rule's precision is measured on text
the rules were not written against, and a rule below :data:`THRESHOLD` (0.8) ships **off by default** (turn
it on by naming its code or family in ``select``; see :func:`default_off`).  Three sources, pooled:

* ``twitter``: real agent replies, the IBM Twitter customer-care conversations (dev split, Apache-2.0) in
  ``../shared/data``.  Every finding of the rarer rules and a seeded sample of 60 findings of the frequent
  ones (missing greeting, closing, next step) was judged by hand; the verdicts are stored as ids only (tweet
  id, rule, line, column, tp/fp) in ``analyser/lint/data/precision_twitter.csv``.  A finding is a true
  positive when the reply has the defect the rule describes and a reviewer would want it reported.
* ``templates``: fresh English and Dutch templates written for this measurement
  (``analyser/evaluation/data/lint_templates``), each annotated (``expected.toml``) before the linter ran.
  Their false positives led to rule changes (conditional next steps, Dutch conditional imperatives), so
  their figure is optimistic.
* ``heldout``: a second fresh set written after those changes, annotated before its first run
  (``analyser/evaluation/data/lint_templates_heldout``).

The pooled figures are stored in ``precision.json`` beside this module, written by
``python -m analyser.lint.precision --data ../shared/data --write`` from the same functions that
``ticket-analyser evaluate --only lint`` runs; ``tests/lint/test_precision.py`` checks that the template
figures in the file still match the rules.  A finding's precision against ``expected.toml``: a true positive
when the annotation lists its ``CODE:line`` (``CODE`` alone for a macro in a JSON export).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the stored figures are read without loading the linter (and spaCy): SARIF, `rule CODE`
    from analyser.lint.engine import Finding, LintResult
    from analyser.lint.settings import LintSettings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

THRESHOLD = 0.8
PRECISION_FILE = "precision.json"
JUDGEMENTS = ("data", "precision_twitter.csv")
SOURCES = ("twitter", "templates", "heldout")
TEMPLATE_SETS = {"templates": "lint_templates", "heldout": "lint_templates_heldout"}
SAMPLE_SIZE = 60
SAMPLE_SEED = 11


@dataclass
class RulePrecision:
    """True and false positives (and expected findings missed) of one rule."""

    true_positives: int = 0
    false_positives: int = 0
    missed: int = 0
    unjudged: int = 0
    false_examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        total = self.true_positives + self.false_positives
        return self.true_positives / total if total else float("nan")


# --- the stored figures ---------------------------------------------------------------------------


@cache
def stored() -> dict[str, Any]:
    """``precision.json``: threshold, how it was measured, and per rule the counts per source."""
    node = resources.files("analyser.lint").joinpath(PRECISION_FILE)
    return json.loads(node.read_text(encoding="utf-8")) if node.is_file() else {"rules": {}}


def rule_precision(code: str) -> dict[str, Any] | None:
    """The stored measurement of one rule (``precision``, ``findings``, ``default``, counts per source)."""
    return stored().get("rules", {}).get(code)


def default_off() -> frozenset[str]:
    """Rules whose measured precision is below the threshold: off unless selected by code or family."""
    return frozenset(code for code, entry in stored().get("rules", {}).items() if entry.get("default") == "off")


def default_state(code: str) -> str:
    """The words "On by default" or "Off by default (below 0.8)", from the stored measurement."""
    entry = rule_precision(code) or {}
    return f"Off by default (below {THRESHOLD:.1f})" if entry.get("default") == "off" else "On by default"


def describe(code: str) -> str:
    """One line for docs and ``rule CODE``: the measured precision and whether the rule is on by default."""
    entry = rule_precision(code)
    if not entry or not entry.get("findings"):
        return "Precision: not measured (no findings in the measurement sets). On by default."
    state = default_state(code)
    parts = ", ".join(
        f"{source} {entry[source]['tp']}/{entry[source]['tp'] + entry[source]['fp']}"
        for source in SOURCES
        if entry.get(source, {}).get("tp", 0) + entry.get(source, {}).get("fp", 0)
    )
    return f"Precision: {entry['precision']:.2f} over {entry['findings']} judged findings ({parts}). {state}."


@dataclass(frozen=True)
class Measurement:
    """A rule's pooled figure: ``true_positives`` of ``findings`` judged correct, on ``data`` (which sources)."""

    true_positives: int
    findings: int
    data: str

    @property
    def precision(self) -> float:
        return self.true_positives / self.findings if self.findings else float("nan")


def measurement(code: str) -> Measurement | None:
    """The stored figure of one rule pooled over its sources, or ``None`` when it has no judged findings."""
    entry = rule_precision(code)
    if not entry or not entry.get("findings"):
        return None
    used = [source for source in SOURCES if source in entry]
    true_positives = sum(entry[source]["tp"] for source in used)
    described = stored().get("sources", {})
    return Measurement(true_positives, entry["findings"], "; ".join(described.get(s, s) for s in used))


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


def github_precision(code: str) -> str | None:
    """GitHub's ``precision`` level for a rule (very-high, high, medium, low) or ``None`` when unmeasured."""
    measured = measurement(code)
    if measured is None:
        return None
    bound = wilson_lower_bound(measured.true_positives, measured.findings)
    return next(level for level, cutoff in GITHUB_PRECISION_CUTOFFS if bound >= cutoff)


# --- measuring ------------------------------------------------------------------------------------


def every_rule() -> LintSettings:
    """Settings with every rule selected, the ones off by default too (what a measurement needs)."""
    from analyser.lint.rules import load_rules
    from analyser.lint.settings import LintSettings, Scope

    return LintSettings(scope=Scope(select=list(load_rules())))


def finding_key(finding: Finding, root: Path) -> tuple[str, str]:
    """(template key, label) as written in ``expected.toml``."""
    relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
    if finding.template is not None:
        return f"{relative}#{finding.template}", finding.code
    return relative, f"{finding.code}:{finding.line}"


def load_expected(root: Path) -> dict[str, list[str]]:
    return tomllib.loads((root / "expected.toml").read_text(encoding="utf-8"))


def measure(root: str | Path, settings: LintSettings | None = None) -> tuple[dict[str, RulePrecision], LintResult]:
    """Lint the templates under ``root`` (every rule on) and score every finding against ``expected.toml``."""
    from analyser.lint.engine import lint_paths

    root = Path(root)
    expected = load_expected(root)
    result = lint_paths([root], settings or every_rule())
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


def template_root(name: str) -> Path:
    """A template set shipped with the evaluation (``lint_templates`` or ``lint_templates_heldout``)."""
    node = resources.files("analyser.evaluation").joinpath("data", TEMPLATE_SETS.get(name, name))
    return Path(str(node))


def good_template_findings(result: LintResult) -> list[Finding]:
    """Findings on the well-written templates of a set (files named good_* or goed_*)."""
    return [f for f in result.findings if Path(f.path).name.startswith(("good_", "goed_"))]


def judgements() -> dict[tuple[str, str, int, int], str]:
    """The stored verdicts on real replies: (reply id, code, line, column) -> ``tp`` or ``fp``."""
    node = resources.files("analyser.lint").joinpath(*JUDGEMENTS)
    if not node.is_file():
        return {}
    rows = csv.DictReader(node.read_text(encoding="utf-8").splitlines())
    return {(r["reply_id"], r["code"], int(r["line"]), int(r["column"])): r["verdict"] for r in rows}


def lint_replies(replies) -> list[Finding]:
    """Lint reply texts (a DataFrame with ``reply_id`` and ``text``) as templates, every rule on."""
    from analyser.lint.engine import lint_templates
    from analyser.lint.sources import _identity

    templates = [_identity(str(i), str(t)) for i, t in zip(replies["reply_id"], replies["text"], strict=True)]
    return lint_templates(templates, every_rule())


def sample(findings: list[Finding]) -> list[Finding]:
    """The findings to judge: all of a rule's when it has up to 60, else a seeded sample of 60."""
    import random

    chosen: list[Finding] = []
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    for code in sorted(by_code):
        items = sorted(by_code[code], key=lambda f: (f.path, f.line, f.column))
        if len(items) > SAMPLE_SIZE:
            items = random.Random(SAMPLE_SEED).sample(items, SAMPLE_SIZE)
        chosen.extend(items)
    return chosen


def measure_replies(findings: list[Finding]) -> dict[str, RulePrecision]:
    """Precision of each rule over the judged findings among ``findings`` (unjudged ones are counted)."""
    verdicts = judgements()
    scores: dict[str, RulePrecision] = {}
    for finding in findings:
        score = scores.setdefault(finding.code, RulePrecision())
        verdict = verdicts.get((finding.path, finding.code, finding.line, finding.column))
        if verdict == "tp":
            score.true_positives += 1
        elif verdict == "fp":
            score.false_positives += 1
        else:
            score.unjudged += 1
    return dict(sorted(scores.items()))


def pooled(per_source: dict[str, dict[str, RulePrecision]]) -> dict[str, dict[str, Any]]:
    """Per rule: counts per source, pooled precision, judged findings, and the default state."""
    from analyser.lint.rules import load_rules

    table: dict[str, dict[str, Any]] = {}
    for code in load_rules():
        entry: dict[str, Any] = {}
        tp = fp = 0
        for source in SOURCES:
            score = per_source.get(source, {}).get(code)
            if score is None:
                continue
            entry[source] = {"tp": score.true_positives, "fp": score.false_positives}
            if score.unjudged:
                entry[source]["unjudged"] = score.unjudged
            tp += score.true_positives
            fp += score.false_positives
        entry["findings"] = tp + fp
        entry["precision"] = round(tp / (tp + fp), 4) if tp + fp else None
        entry["default"] = "off" if tp + fp and tp / (tp + fp) < THRESHOLD else "on"
        table[code] = entry
    return table


def measure_all(data: Path | None) -> tuple[dict[str, dict[str, RulePrecision]], dict[str, LintResult]]:
    """Every source that is present: the two template sets always, the Twitter replies when ``data`` has them."""
    per_source: dict[str, dict[str, RulePrecision]] = {}
    results: dict[str, LintResult] = {}
    for source in ("templates", "heldout"):
        per_source[source], results[source] = measure(template_root(source))
    if data is not None:
        from analyser.evaluation.datasets import twitter_agent_replies

        replies = twitter_agent_replies(Path(data))
        if replies is not None:
            findings = lint_replies(replies)
            per_source["twitter"] = measure_replies(sample(findings))
            from analyser.lint.engine import LintResult

            results["twitter"] = LintResult(findings=findings, templates=len(replies))
    return per_source, results


def write(data: Path) -> dict[str, Any]:
    """Measure and write ``precision.json`` (needs the Twitter set: it is the real-reply measurement)."""
    per_source, _ = measure_all(data)
    if "twitter" not in per_source:
        raise SystemExit(f"the Twitter care set is not under {data}; precision.json needs it")
    content = {
        "threshold": THRESHOLD,
        "measured_with": "python -m analyser.lint.precision --data ../shared/data --write",
        "sources": {
            "twitter": "IBM Twitter customer care, dev split: agent replies (analyser body_clean), judged by hand",
            "templates": "analyser/evaluation/data/lint_templates (annotated before the first run; rules changed since)",
            "heldout": "analyser/evaluation/data/lint_templates_heldout (annotated before the first run)",
        },
        "rules": pooled(per_source),
    }
    target = Path(__file__).with_name(PRECISION_FILE)
    target.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    stored.cache_clear()
    return content


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


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - a maintainer's command
    import argparse

    parser = argparse.ArgumentParser(description="Measure each lint rule's precision (and write precision.json).")
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder (../shared/data)")
    parser.add_argument("--write", action="store_true", help="write analyser/lint/precision.json")
    args = parser.parse_args(argv)
    if args.write:
        content = write(args.data)
    else:
        per_source, _ = measure_all(args.data)
        content = {"rules": pooled(per_source)}
    for code, entry in content["rules"].items():
        print(code, entry)


if __name__ == "__main__":  # pragma: no cover
    main()

"""Linter precision: each rule on real agent replies and on fresh templates, and the well-written templates.

See :mod:`analyser.lint.precision` for the sources and how findings were judged.  This evaluation re-lints
everything with the current rules (every rule on) and scores the findings against the stored verdicts and
annotations, so a rule change that adds findings shows up as *unjudged* instead of silently changing the
figure; beside each pooled figure it prints the one stored in ``analyser/lint/precision.json`` (what the
docs, ``rule CODE`` and SARIF read) and whether the rule is on by default.

The last rows lint the well-written templates of both fresh sets (greeting, closing, a conditional next
step; English and Dutch) with the default settings: the target is no finding and exit code 0.
"""

from __future__ import annotations

from pathlib import Path

from analyser.evaluation.common import row

CITED_GOOD_TEMPLATES = "3 findings on 4 kept-aside good templates, exit 1 (cited, before issue 11)"


def evaluate(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    from analyser.lint.engine import lint_paths
    from analyser.lint.precision import (
        SOURCES,
        THRESHOLD,
        good_template_findings,
        measure_all,
        pooled,
        rule_precision,
        template_root,
    )
    from analyser.lint.rules import load_rules

    per_source, results = measure_all(data)
    table = pooled(per_source)
    rules = load_rules()
    names = {
        "twitter": "real replies (Twitter care, judged)",
        "templates": "fresh templates",
        "heldout": "held-out templates",
    }
    rows: list[dict[str, object]] = []
    for code, entry in table.items():
        if not entry["findings"]:
            continue
        baselines: dict[str, object] = {}
        for source in SOURCES:
            counts = entry.get(source)
            if counts and counts["tp"] + counts["fp"]:
                baselines[names[source]] = f"{counts['tp']}/{counts['tp'] + counts['fp']}"
            if counts and counts.get("unjudged"):
                baselines[f"{names[source]}: unjudged findings"] = counts["unjudged"]
        stored = rule_precision(code) or {}
        baselines["stored in precision.json"] = stored.get("precision")
        baselines["default"] = stored.get("default", "on")
        rows.append(
            row(
                f"lint precision: {code} {rules[code].name}",
                f"precision, pooled (off by default below {THRESHOLD})",
                entry["precision"],
                baselines,
                n=entry["findings"],
            )
        )
    good_paths = [
        path
        for name in ("templates", "heldout")
        for path in sorted(template_root(name).rglob("*"))
        if path.is_file() and path.name.startswith(("good_", "goed_"))
    ]
    default_run = lint_paths(good_paths)
    every_run = [f for name in ("templates", "heldout") for f in good_template_findings(results[name])]
    failing = default_run.failing("warning")
    rows.append(
        row(
            f"lint: well-written templates ({len(good_paths)}, English and Dutch, fresh and held-out)",
            "findings with the default settings (exit code in the peers)",
            len(default_run.findings),
            {
                "exit code": 1 if failing else 0,
                "findings with every rule on": len(every_run),
                "before": CITED_GOOD_TEMPLATES,
            },
            n=len(good_paths),
        )
    )
    detail = {
        "rules": table,
        "good_templates": [str(p) for p in good_paths],
        "good_template_findings": [f.to_dict() for f in default_run.findings],
        "sources_present": sorted(per_source),
    }
    return rows, detail

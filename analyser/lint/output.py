"""Output formats: text (``path:line:col: CODE message``), JSON, SARIF 2.1.0 and GitHub annotations.

SARIF is what GitHub code scanning ingests (``github/codeql-action/upload-sarif``); the tests validate our
output against the official OASIS SARIF 2.1.0 schema.  Levels map to SARIF's ``error``/``warning``/``note``
and to GitHub's ``::error``/``::warning``/``::notice`` workflow commands.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from analyser import __version__
from analyser.lint.engine import Finding, LintResult
from analyser.lint.rules import Rule, load_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/ticket-analyser/ticket-analyser/blob/main/docs/lint.md"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def format_text(result: LintResult) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}" for f in result.findings]
    counts = result.counts()
    if result.findings:
        detail = ", ".join(f"{counts[level]} {level}" for level in ("error", "warning", "info") if counts[level])
        lines.append(f"Found {len(result.findings)} finding(s) ({detail}) in {result.templates} template(s).")
    else:
        lines.append(f"All checks passed ({result.templates} template(s)).")
    return "\n".join(lines) + "\n"


def format_json(result: LintResult) -> str:
    return json.dumps([f.to_dict() for f in result.findings], indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix()


def _sarif_rule(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.what.strip().split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": rule.what.strip()},
        "help": {"text": rule.explain(), "markdown": rule.explain()},
        "helpUri": f"{INFORMATION_URI}#{rule.code.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level]},
        "properties": {"tags": [rule.family]},
    }


def sarif_log(result: LintResult) -> dict[str, object]:
    """The run as a SARIF 2.1.0 log (a dict), one result per finding."""
    rules = load_rules()
    codes = list(rules)
    results = []
    for finding in result.findings:
        region = {
            "startLine": finding.line,
            "startColumn": finding.column,
            "endLine": finding.end_line,
            "endColumn": max(finding.end_column, finding.column + 1)
            if finding.end_line == finding.line
            else finding.end_column,
        }
        entry: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": codes.index(finding.code),
            "level": _SARIF_LEVEL[finding.level],
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {
                "primaryLocationLineHash": f"{finding.code}:{finding.template or ''}:{finding.message}"[:200]
            },
        }
        if finding.template:
            entry["locations"][0]["logicalLocations"] = [{"name": finding.template, "kind": "member"}]  # type: ignore[index]
        results.append(entry)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "ticket-analyser",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_sarif_rule(rule) for rule in rules.values()],
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not result.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": str(error)}} for error in result.errors
                        ],
                    }
                ],
            }
        ],
    }


def format_sarif(result: LintResult) -> str:
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(result: LintResult) -> str:
    """GitHub Actions workflow commands: one annotation per finding on the changed file's line."""
    lines = []
    for f in result.findings:
        properties = (
            f"file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f'{f.code} {f.name}')}"
        )
        lines.append(f"::{_GITHUB_LEVEL[f.level]} {properties}::{_escape_data(f'{f.code} {f.message}')}")
    return "\n".join(lines) + ("\n" if lines else "")


FORMATTERS = {"text": format_text, "json": format_json, "sarif": format_sarif, "github": format_github}


def render(result: LintResult, fmt: str) -> str:
    return FORMATTERS[fmt](result)


def findings_table(findings: Sequence[Finding]):
    """The findings as a pandas DataFrame (for notebooks)."""
    import pandas as pd

    return pd.DataFrame([f.to_dict() for f in findings])

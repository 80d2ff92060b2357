"""Output formats: text, JSON, SARIF 2.1.0, GitHub annotations, GitLab Code Quality and JUnit XML.

* ``text``: ``path:line:col: CODE [*] message`` (``[*]``: a fix ``--fix`` would apply), then a summary;
* ``json``: every finding with its fix (ruff's shape: applicability, message, edits) and fingerprint;
* ``sarif``: what GitHub code scanning ingests (``github/codeql-action/upload-sarif``), validated in the tests
  against the official OASIS SARIF 2.1.0 schema: rules with help text, ``helpUri`` to the rule's heading,
  ``properties.precision`` from the measured precision (:func:`analyser.lint.precision.github_precision`),
  ``partialFingerprints`` under our own key, and ``fixes``;
* ``github``: workflow commands (``::error file=...::``), annotations on a pull request;
* ``gitlab``: GitLab Code Quality JSON (the merge-request widget);
* ``junit``: JUnit XML, one test suite per file and one failing test case per finding.

Every format escapes control characters in what comes from outside (file names, macro titles, template
text in messages): a file named ``x\\n::error ...`` must not inject a workflow command into a CI log.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from analyser import __version__
from analyser.lint.engine import FINGERPRINT_KEY, Finding, LintResult
from analyser.lint.rules import Rule
from analyser.lint.settings import LintSettings

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
# C0/C1 controls, line and paragraph separators, and the bidirectional overrides ("Trojan Source")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (``\\n``, ``\\x1b``, ``\\u202e``)."""
    return _CONTROLS.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def _fixable(finding: Finding, unsafe: bool) -> bool:
    return finding.fix is not None and (finding.fix.safe or unsafe)


def format_text(result: LintResult, settings: LintSettings) -> str:
    unsafe = settings.unsafe_fixes
    lines = []
    for f in result.findings:
        mark = " [*]" if _fixable(f, unsafe) else ""
        lines.append(f"{escape_controls(f.path)}:{f.line}:{f.column}: {f.code}{mark} {escape_controls(f.message)}")
    lines.extend(summary_lines(result, settings))
    return "\n".join(lines) + "\n" if lines else ""


def summary_lines(result: LintResult, settings: LintSettings) -> list[str]:
    """The closing lines of the text format: counts, fixes, the baseline and excluded files."""
    lines = []
    excluded = f"; {result.excluded} path(s) excluded by the configuration" if result.excluded else ""
    baselined = f"; {result.baselined} finding(s) in the baseline not shown" if result.baselined else ""
    fixed = f"Fixed {result.fixed} finding(s). " if result.fixed else ""
    if not result.templates and not result.files:
        if result.excluded:
            lines.append(f"{fixed}Nothing to lint: {result.excluded} path(s) excluded by the configuration.")
        return lines
    counts = result.counts()
    if not result.templates:
        lines.append(f"{fixed}No template text in {result.files} file(s) (macros that only set fields){excluded}.")
    elif result.findings:
        detail = ", ".join(f"{counts[level]} {level}" for level in ("error", "warning", "info") if counts[level])
        lines.append(
            f"{fixed}Found {len(result.findings)} finding(s) ({detail}) in {result.templates} template(s)"
            f"{excluded}{baselined}."
        )
        safe = sum(1 for f in result.findings if f.fix is not None and f.fix.safe)
        unsafe = sum(1 for f in result.findings if f.fix is not None and not f.fix.safe)
        if settings.unsafe_fixes and safe + unsafe:
            lines.append(f"[*] {safe + unsafe} fixable with --fix --unsafe-fixes.")
        elif safe or unsafe:
            hidden = f" ({unsafe} more with --unsafe-fixes)" if unsafe else ""
            lines.append(f"[*] {safe} fixable with --fix{hidden}.")
    else:
        lines.append(f"{fixed}All checks passed ({result.templates} template(s){excluded}{baselined}).")
    return lines


def format_json(result: LintResult, settings: LintSettings) -> str:
    return json.dumps([f.to_dict() for f in result.findings], indent=2, ensure_ascii=False) + "\n"


def _uri(path: str) -> str:
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            return candidate.as_uri()
    return candidate.as_posix()


def _sarif_rule(rule: Rule, settings: LintSettings) -> dict[str, object]:
    from analyser.lint.precision import github_precision

    first = (rule.what or rule.message).strip().split(". ")[0].rstrip(".") + "."
    properties: dict[str, object] = {"tags": [rule.family]}
    precision = github_precision(rule.code)
    if precision is not None:
        properties["precision"] = precision
    entry: dict[str, object] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": first},
        "fullDescription": {"text": (rule.what or rule.message).strip()},
        "help": {"text": rule.explain(), "markdown": rule.explain()},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.level]},
        "properties": properties,
    }
    uri = settings.help_uri(rule)
    if uri:
        entry["helpUri"] = uri
    return entry


def _region(finding: Finding) -> dict[str, int]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": max(finding.end_column, finding.column + 1)
        if finding.end_line == finding.line
        else finding.end_column,
    }


def _sarif_fix(finding: Finding) -> list[dict[str, object]] | None:
    """SARIF ``fixes`` for a finding in a file of its own (a macro's fix is inside a JSON string: left out)."""
    if finding.fix is None or finding.source is None or finding.source.anchor is not None:
        return None
    replacements = []
    for edit in finding.fix.edits:
        start_line, start_column = finding.source.position(edit.start)
        end_line, end_column = (
            finding.source.position(edit.end) if edit.end > edit.start else (start_line, start_column)
        )
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
                "insertedContent": {"text": edit.content},
            }
        )
    return [
        {
            "description": {"text": f"{finding.fix.message} ({finding.fix.applicability} fix)"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"},
                    "replacements": replacements,
                }
            ],
        }
    ]


def sarif_log(result: LintResult, settings: LintSettings | None = None) -> dict[str, object]:
    """The run as a SARIF 2.1.0 log (a dict), one result per finding."""
    settings = settings or LintSettings()
    rules = settings.rules
    codes = list(rules)
    results = []
    for finding in result.findings:
        location: dict[str, object] = {
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path), "uriBaseId": "%SRCROOT%"},
                "region": _region(finding),
            }
        }
        if finding.template:
            location["logicalLocations"] = [{"name": finding.template, "kind": "member"}]
        entry: dict[str, object] = {
            "ruleId": finding.code,
            "ruleIndex": codes.index(finding.code),
            "level": _SARIF_LEVEL[finding.level],
            "message": {"text": finding.message},
            "locations": [location],
            # our own key; GitHub's primaryLocationLineHash is left to the upload action, which hashes the line
            "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        }
        fixes = _sarif_fix(finding)
        if fixes:
            entry["fixes"] = fixes
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
                        "informationUri": settings.docs_url.format(version=__version__),
                        "rules": [_sarif_rule(rule, settings) for rule in rules.values()],
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


def format_sarif(result: LintResult, settings: LintSettings) -> str:
    return json.dumps(sarif_log(result, settings), indent=2, ensure_ascii=False) + "\n"


def _escape_data(value: str) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(value)


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(result: LintResult, settings: LintSettings) -> str:
    """GitHub Actions workflow commands: one annotation per finding on the changed file's line."""
    lines = []
    for f in result.findings:
        properties = (
            f"file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={_escape_property(f'{f.code} {f.name}')}"
        )
        lines.append(f"::{_GITHUB_LEVEL[f.level]} {properties}::{_escape_data(f'{f.code} {f.message}')}")
    return "\n".join(lines) + ("\n" if lines else "")


def format_gitlab(result: LintResult, settings: LintSettings) -> str:
    """GitLab Code Quality: a JSON list of issues with description, check name, fingerprint, severity, location."""
    issues = [
        {
            "type": "issue",
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "categories": ["Style"],
            "fingerprint": f.fingerprint,
            "severity": _GITLAB_SEVERITY[f.level],
            "location": {"path": _uri(f.path), "lines": {"begin": f.line, "end": f.end_line}},
        }
        for f in result.findings
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def format_junit(result: LintResult, settings: LintSettings) -> str:
    """JUnit XML as ruff writes it: a test suite per file, a failing test case per finding."""
    clean = escape_controls  # XML 1.0 cannot carry most control characters even escaped
    root = ElementTree.Element(
        "testsuites",
        name="ticket-analyser",
        tests=str(max(len(result.findings), 1)),
        failures=str(len(result.findings)),
        errors=str(len(result.errors)),
    )
    by_path: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_path.setdefault(finding.path, []).append(finding)
    if not by_path:
        suite = ElementTree.SubElement(root, "testsuite", name="ticket-analyser", tests="1", failures="0", errors="0")
        ElementTree.SubElement(suite, "testcase", name="No findings")
    for path, findings in by_path.items():
        suite = ElementTree.SubElement(
            root, "testsuite", name=clean(path), tests=str(len(findings)), failures=str(len(findings)), errors="0"
        )
        for f in findings:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                name=f"org.ticket-analyser.{f.code}",
                classname=clean(f.path),
                line=str(f.line),
                column=str(f.column),
            )
            failure = ElementTree.SubElement(case, "failure", message=clean(f.message), type=f.level)
            failure.text = clean(f"line {f.line}, col {f.column}, {f.code} {f.message}")
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


FORMATTERS = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
    "gitlab": format_gitlab,
    "junit": format_junit,
}


def render(result: LintResult, fmt: str, settings: LintSettings | None = None) -> str:
    """The result in one of :data:`FORMATTERS`' formats."""
    return FORMATTERS[fmt](result, settings or LintSettings())


def statistics(result: LintResult, fmt: str, settings: LintSettings | None = None) -> str:
    """``--statistics``: how many findings per rule, most first, ``[*]`` where a fix is available (as ruff)."""
    settings = settings or LintSettings()
    counts = Counter(f.code for f in result.findings)
    fixable = {f.code for f in result.findings if _fixable(f, settings.unsafe_fixes)}
    rules = settings.rules
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt == "json":
        return (
            json.dumps(
                [
                    {"code": code, "name": rules[code].name, "count": count, "fixable": code in fixable}
                    for code, count in rows
                ],
                indent=2,
            )
            + "\n"
        )
    width = max((len(str(count)) for _, count in rows), default=1)
    lines = [
        f"{count:>{width}}\t{code}\t{'[*] ' if code in fixable else '    '}{rules[code].name}" for code, count in rows
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def findings_table(findings: Sequence[Finding]):
    """The findings as a pandas DataFrame (for notebooks; needs pandas, which the linter itself does not)."""
    import pandas as pd

    return pd.DataFrame([f.to_dict() for f in findings])

"""Applying the fixes that findings carry: ``lint --fix``, ``--diff`` and ``--unsafe-fixes``, as ruff does.

A fix is data on the finding (:class:`analyser.lint.checks.Fix`: edits of the template's source, safe or
unsafe).  Here they are applied, file by file:

1. lint the file, take the fixes in force (safe ones; unsafe ones too with ``--unsafe-fixes``);
2. apply those that do not overlap an edit already taken, nor a *protected* span: a placeholder
   (``{{name}}``, ``{% if %}``, ``%NAME%``, ``[Naam]``, ``${x}``, ``{x}``) may only be edited by a PH001 fix
   (which repairs a malformed one) and an inline suppression comment only removed whole by a TA003 fix;
3. lint the result again and repeat (a fix may make room for another), at most :data:`MAX_PASSES` times;
4. check the result: every placeholder and every suppression comment of the original is still there
   (bar the suppressions TA003 removed); if not, the file is left as it was and the run reports it.

A macro inside a JSON export is fixed in its own text and written back as the same JSON string literal;
when the literal cannot be found exactly (unusual escaping), that macro is left unfixed.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analyser.errors import InputError
from analyser.lint.checks import Edit
from analyser.lint.engine import Finding, LintResult, StdinInput, lint_templates
from analyser.lint.settings import LintSettings
from analyser.lint.sources import Encoding, NotAnExport, Template, templates_from_text

MAX_PASSES = 10
_PLACEHOLDER = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\$\{[^{}\n]*\}|%[A-Za-z_][\w.]*%|\[[^\[\]\n]{1,60}\]|(?<!\{)\{[A-Za-z_][\w.]*\}(?!\})",
    re.DOTALL,
)


def _suppression_pattern() -> re.Pattern[str]:
    from analyser.lint.engine import _SUPPRESSION

    return _SUPPRESSION


@dataclass
class FixedFile:
    """One file's text before and after its fixes, and how to write it back."""

    display: str
    path: Path | None  # None for standard input
    original: str
    fixed: str
    encoding: Encoding = field(default_factory=Encoding)
    applied: int = 0
    templates: int = 0
    findings: list[Finding] = field(default_factory=list)  # what is left after the fixes
    problem: str | None = None  # why the fixes were not kept (a safety check failed)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff of the fixes, as ``ruff --diff`` prints it."""
        name = self.display
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.fixed.splitlines(keepends=True),
            fromfile=f"a/{name}" if self.path else name,
            tofile=f"b/{name}" if self.path else name,
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)

    def write(self) -> None:
        from analyser.lint.sources import encode

        if self.path is not None and self.changed:
            self.path.write_bytes(encode(self.fixed, self.encoding))


def wanted(finding: Finding, unsafe: bool) -> bool:
    """Whether ``finding``'s fix is applied in this run: safe ones always, unsafe ones with --unsafe-fixes."""
    return finding.fix is not None and (finding.fix.safe or unsafe)


def fix_text(
    text: str, display: str, settings: LintSettings, *, unsafe: bool, name_for_format: str | None = None
) -> FixedFile:
    """Apply the fixes to one file's text (lint, apply, repeat); nothing is written."""
    result = FixedFile(display, None, text, text)
    current = text
    for _ in range(MAX_PASSES):
        templates = templates_from_text(current, display, name_for_format=name_for_format)
        findings = lint_templates(templates, settings)
        changed, applied = _apply_pass(current, templates, findings, unsafe)
        if not applied or changed == current:
            break
        current = changed
        result.applied += applied
    else:
        templates = templates_from_text(current, display, name_for_format=name_for_format)
        findings = lint_templates(templates, settings)
    problem = _broken(text, current, name_for_format or display)
    if problem:
        templates = templates_from_text(text, display, name_for_format=name_for_format)
        findings = lint_templates(templates, settings)
        result.problem, result.applied, current = problem, 0, text
    result.fixed, result.findings, result.templates = current, findings, len(templates)
    return result


def _apply_pass(text: str, templates: Sequence[Template], findings: list[Finding], unsafe: bool) -> tuple[str, int]:
    """One pass: every template's non-overlapping, unprotected fixes; the file's new text and the count."""
    by_template: dict[int, list[Finding]] = {}
    for finding in findings:
        if wanted(finding, unsafe) and finding.source is not None:
            by_template.setdefault(id(finding.source), []).append(finding)
    applied = 0
    if len(templates) == 1 and templates[0].anchor is None:
        new_source, applied = apply_fixes(templates[0].source, by_template.get(id(templates[0]), []))
        return new_source, applied
    # macros in a JSON export: fix each macro's text and write it back as the same JSON string
    search_from = 0
    for template in templates:
        chosen = by_template.get(id(template), [])
        literal = _literal(text, template.source, search_from)
        if literal is None:
            continue
        start, end, ascii_only = literal
        search_from = end
        if not chosen:
            continue
        new_source, count = apply_fixes(template.source, chosen)
        if count:
            encoded = json.dumps(new_source, ensure_ascii=ascii_only)
            text = text[:start] + encoded + text[end:]
            search_from = start + len(encoded)
            applied += count
    return text, applied


def _literal(text: str, value: str, start: int) -> tuple[int, int, bool] | None:
    """Where ``value`` is written as a JSON string in ``text`` (from ``start``): (start, end, ASCII-escaped)."""
    for ascii_only in (False, True):
        encoded = json.dumps(value, ensure_ascii=ascii_only)
        position = text.find(encoded, start)
        if position >= 0:
            return position, position + len(encoded), ascii_only
    return None


def apply_fixes(source: str, findings: Sequence[Finding]) -> tuple[str, int]:
    """Apply the findings' fixes to one template's source: first come first served, none overlapping another
    or touching a protected span; returns the new source and how many fixes were applied."""
    placeholders = [m.span() for m in _PLACEHOLDER.finditer(source)]
    suppressions = [m.span() for m in _suppression_pattern().finditer(source)]
    taken: list[Edit] = []
    applied = 0
    for finding in sorted(findings, key=lambda f: (min(e.start for e in f.fix.edits), f.code)):  # type: ignore[union-attr]
        edits = finding.fix.edits  # type: ignore[union-attr]
        if any(_overlaps(edit, other) for edit in edits for other in taken):
            continue
        if finding.code != "PH001" and any(_touches(edit, span) for edit in edits for span in placeholders):
            continue
        if any(
            _touches(edit, span) and not _removes(edit, span, finding.code) for edit in edits for span in suppressions
        ):
            continue
        taken.extend(edits)
        applied += 1
    for edit in sorted(taken, key=lambda e: (e.start, e.end), reverse=True):
        source = source[: edit.start] + edit.content + source[edit.end :]
    return source, applied


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions: only the same point, or strictly inside the other
        return (a.start == b.start) or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def _touches(edit: Edit, span: tuple[int, int]) -> bool:
    start, end = span
    if edit.start == edit.end:
        return start < edit.start < end
    return edit.start < end and start < edit.end


def _removes(edit: Edit, span: tuple[int, int], code: str) -> bool:
    return code == "TA003" and edit.content == "" and edit.start <= span[0] and span[1] <= edit.end


def _broken(before: str, after: str, name: str) -> str | None:
    """The safety check after all passes: placeholders and suppressions of ``before`` all still in ``after``."""
    if before == after:
        return None
    from analyser.clean.placeholders import normalise_placeholders

    lost = Counter(normalise_placeholders(before)[1]) - Counter(normalise_placeholders(after)[1])
    if lost:
        return f"a fix would remove placeholder(s) {', '.join(sorted(lost))}; no fix applied"
    pattern = _suppression_pattern()
    old = Counter(m.group() for m in pattern.finditer(before))
    new = Counter(m.group() for m in pattern.finditer(after))
    if new - old:
        return "a fix would change an inline suppression; no fix applied"
    if name.lower().endswith(".json"):
        try:
            json.loads(after)
        except ValueError:
            return "a fix would make the JSON export invalid; no fix applied"
    return None


def fix_paths(
    paths: Sequence[str | Path], settings: LintSettings, *, unsafe: bool, stdin: StdinInput | None = None
) -> tuple[LintResult, list[FixedFile]]:
    """Fix files and folders as :func:`analyser.lint.engine.lint_paths` lints them; nothing is written.

    Returns the findings left after the fixes (with the input errors, counts and ``fixed``) and each
    file's before and after; :meth:`FixedFile.write` writes one back, :meth:`FixedFile.diff` shows it."""
    from analyser.lint.engine import collect_for, excluded_path
    from analyser.lint.sources import decode, read_bytes

    collected = collect_for(paths, settings)
    result = LintResult(errors=list(collected.errors), excluded=collected.excluded)
    fixed: list[FixedFile] = []
    jobs: list[tuple[bytes, str, Path | None, str]] = []
    for path in collected.files:
        try:
            jobs.append((read_bytes(path), str(path), path, path.name))
        except InputError as error:
            result.errors.append(error)
    if stdin is not None:
        if stdin.filename and settings.force_exclude and excluded_path(Path(stdin.filename), settings):
            result.excluded += 1
        else:
            jobs.append((stdin.data, stdin.filename or "-", None, stdin.filename or "stdin.txt"))
    for data, display, path, name in jobs:
        try:
            text, encoding = decode(data, display)
            outcome = fix_text(text, display, settings, unsafe=unsafe, name_for_format=name)
        except NotAnExport as error:
            if path not in collected.walked:
                result.errors.append(error)
            continue
        except InputError as error:
            result.errors.append(error)
            continue
        outcome.path, outcome.encoding = path, encoding
        fixed.append(outcome)
        result.findings.extend(outcome.findings)
        result.templates += outcome.templates
        result.files += 1
        result.fixed += outcome.applied
        if outcome.problem:
            result.errors.append(InputError(outcome.problem, file=display))
    return result, fixed

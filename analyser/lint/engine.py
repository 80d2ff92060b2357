"""Running the rules: templates in, findings out, with per-path settings and inline suppressions.

Steps per template: detect the language (or take it from the settings), normalise placeholders with
:func:`analyser.clean.placeholders.normalise_placeholders` so that ``%NAME%``, ``[Naam]`` and
``{{ name }}`` all become one placeholder token that no rule scores, run the spaCy pipeline for the
language (templates are batched per language through ``nlp.pipe``, which is what makes 1,000 templates take
seconds), run each enabled rule's check, map offsets back to the source, and drop what an inline
``ticket-analyser: disable=...`` comment suppresses.

Inline suppressions, in HTML/Markdown comments or Jinja comments::

    <!-- ticket-analyser: disable=TN004,JG -->     from this line to the end (or to an enable)
    {# ticket-analyser: enable=TN004 #}            ends a disable
    {# ticket-analyser: disable-next-line=RD002 #} the next line only

A template-wide finding (missing greeting, low readability, ...) is suppressed by a ``disable`` anywhere in
the template.  A suppression that suppresses nothing is reported as TA003, like ruff's RUF100.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from analyser.clean.runs import collapse_symbol_runs_with_offsets
from analyser.errors import InputError
from analyser.language import detect_language
from analyser.lint.checks import CHECKS, Context, Fix, Raw
from analyser.lint.rules import LEVELS, Rule, matches
from analyser.lint.settings import LintSettings, Scope
from analyser.lint.sources import (
    Collected,
    NotAnExport,
    Template,
    collect_files,
    templates_from_file,
    templates_from_text,
)

_SUPPRESSION = re.compile(
    r"(?:<!--|\{#)\s*ticket-analyser:\s*(disable-next-line|disable|enable)\s*(?:=\s*([A-Za-z0-9_,\s]*?))?\s*(?:-->|#\})"
)


_FIELDS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "level",
    "message",
    "template",
    "language",
)


@dataclass
class Finding:
    """One finding, positioned in the file (1-based line and column, end exclusive).

    ``fix`` is the rule's fix as data (edits in offsets of ``source.source``; see :class:`Fix`), ``source``
    the template the finding is in (for applying fixes and for fingerprints; not part of the output)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    level: str
    message: str
    template: str | None = None
    language: str | None = None
    fix: Fix | None = None
    fingerprint: str = ""
    source: Template | None = field(default=None, repr=False, compare=False)
    span: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)  # offsets in source.source
    whole_template: bool = field(default=False, repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {name: getattr(self, name) for name in _FIELDS}
        data["fix"] = self.fix_dict()
        data["fingerprint"] = self.fingerprint
        return data

    def fix_dict(self) -> dict[str, object] | None:
        """The fix as ruff's JSON shows it: applicability, message, and each edit's content and positions.

        Positions are 1-based (line, column) in the file, or for a macro inside a JSON export in the macro's
        own text (as the message's ``[in ..., line L, column C of its text]``)."""
        if self.fix is None:
            return None
        edits = []
        for edit in self.fix.edits:
            start = self.source.position(edit.start) if self.source else (None, None)
            end = self.source.position(edit.end) if self.source else (None, None)
            edits.append(
                {
                    "content": edit.content,
                    "location": {"line": start[0], "column": start[1]},
                    "end_location": {"line": end[0], "column": end[1]},
                }
            )
        return {"applicability": self.fix.applicability, "message": self.fix.message, "edits": edits}


@dataclass
class LintResult:
    """Findings and per-file input errors of one run, plus how many templates and files were read and how
    many files the configuration excluded (``exclude``, ``.gitignore``)."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    templates: int = 0
    files: int = 0
    excluded: int = 0
    baselined: int = 0  # findings left out because the baseline file lists them
    fixed: int = 0  # fixes applied (--fix) or that would be (--diff)

    def counts(self) -> dict[str, int]:
        return {level: sum(f.level == level for f in self.findings) for level in LEVELS}

    def failing(self, fail_on: str) -> list[Finding]:
        threshold = LEVELS.index(fail_on)
        return [f for f in self.findings if LEVELS.index(f.level) >= threshold]


@dataclass
class _Suppression:
    action: str
    codes: list[str]
    line: int
    start: int
    end: int
    used: bool = False


def _suppressions(template: Template, rules: dict[str, Rule]) -> tuple[list[_Suppression], list[tuple[int, int, str]]]:
    """Parsed suppression comments, and (start, end, message) for unknown codes in them."""
    found, problems = [], []
    for match in _SUPPRESSION.finditer(template.source):
        codes = [c.strip().upper() for c in re.split(r"[,\s]+", match.group(2) or "") if c.strip()]
        unknown = [c for c in codes if c != "ALL" and not any(code.startswith(c) for code in rules)]
        if unknown:
            problems.append((match.start(), match.end(), f"unknown rule code(s) {', '.join(unknown)} in suppression"))
        codes = [c for c in codes if c not in unknown] or (["ALL"] if not unknown else [])
        if codes:
            line = template.position(match.start())[0]
            found.append(_Suppression(match.group(1), codes, line, match.start(), match.end()))
    return found, problems


def _suppressed(code: str, line: int, whole: bool, suppressions: list[_Suppression]) -> bool:
    hit = False
    for item in suppressions:
        if not matches(code, item.codes):
            continue
        if item.action == "disable-next-line" and line == item.line + 1:
            item.used = hit = True
        elif item.action == "disable":
            ended = any(
                e.action == "enable" and e.line > item.line and e.line <= line and matches(code, e.codes)
                for e in suppressions
            )
            if whole or (line >= item.line and not ended):
                item.used = hit = True
    return hit


def _offset_map(text: str, norm: str) -> list[int] | None:
    """For each character of ``norm``, the index in ``text`` it came from (``None`` when unchanged)."""
    if text == norm:
        return None
    mapping = [0] * len(norm)
    # autojunk keeps very long lines linear-ish; placeholders make few, short differences
    matcher = SequenceMatcher(None, text, norm, autojunk=len(text) > 5000)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            mapping[j1 + k] = i1 + k if op == "equal" else i1 + min(k, max(i2 - i1 - 1, 0))
    return mapping


def _normalise(text: str) -> tuple[str, list[int] | None]:
    """Placeholders normalised line by line (none spans a line), with the map back to ``text``.

    Aligning line by line keeps the cost linear in the number of lines: one diff over a whole long
    template would be quadratic."""
    from analyser.clean.placeholders import normalise_placeholders

    lines = text.split("\n")
    norm_lines: list[str] = []
    mapping: list[int] = []
    changed = False
    offset = 0
    for index, line in enumerate(lines):
        norm_line, _ = (
            normalise_placeholders(line) if ("{" in line or "%" in line or "[" in line or "$" in line) else (line, [])
        )
        line_map = _offset_map(line, norm_line)
        if line_map is None:
            mapping.extend(range(offset, offset + len(line)))
        else:
            changed = True
            mapping.extend(offset + i for i in line_map)
        norm_lines.append(norm_line)
        offset += len(line)
        if index < len(lines) - 1:
            mapping.append(offset)  # the newline
            offset += 1
    norm = "\n".join(norm_lines)
    return norm, (mapping if changed else None)


def _prepare(template: Template, scope: Scope) -> tuple[str, str, list[int] | None]:
    norm, mapping = _normalise(template.text)
    capped, kept = collapse_symbol_runs_with_offsets(norm)  # "!!!!...": linear tokenising (issue 12)
    if kept is not None:
        norm = capped
        mapping = [mapping[i] for i in kept] if mapping is not None else kept
    lang = scope.language if scope.language != "auto" else detect_language(norm)
    if not norm.strip():
        lang = "und"
    return norm, lang, mapping


def lint_templates(templates: Sequence[Template], settings: LintSettings | None = None) -> list[Finding]:
    """Lint already-read templates; the library entry point behind :func:`lint_paths`."""
    from analyser.nlp.pipeline import build_pipeline

    settings = settings or LintSettings()
    rules = settings.rules
    prepared = []
    for template in templates:
        scope = settings.scope_for(template.path)
        norm, lang, mapping = _prepare(template, scope)
        prepared.append((template, scope, norm, lang, mapping))
    docs: dict[int, object] = {}
    for lang in ("en", "nl", "und"):
        indices = [i for i, p in enumerate(prepared) if p[3] == lang and p[2].strip()]
        if not indices:
            continue
        nlp = build_pipeline(lang, None, settings.vocabulary)
        for i, doc in zip(indices, nlp.pipe((prepared[i][2] for i in indices), batch_size=64), strict=True):
            docs[i] = doc
    findings: list[Finding] = []
    for i, (template, scope, norm, lang, mapping) in enumerate(prepared):
        thresholds = scope.thresholds.get(lang, scope.thresholds["und"])
        ctx = Context(template, lang, docs.get(i), norm, mapping, thresholds)
        findings.extend(_lint_one(ctx, scope, rules))
    fingerprint_findings(findings, settings.root)
    return findings


def _lint_one(ctx: Context, scope: Scope, rules: dict[str, Rule]) -> list[Finding]:
    template = ctx.template
    enabled = scope.enabled()
    empty = not template.text.strip()
    suppressions, problems = _suppressions(template, rules)
    results: list[tuple[Rule, Raw]] = []
    for code in enabled:
        rule = rules[code]
        if rule.kind == "suppression":
            continue
        if empty and code != "TA001" and rule.kind != "placeholder":
            continue
        if not empty and ctx.lang not in rule.languages and rule.kind != "template":
            continue
        for raw in CHECKS[rule.kind](rule, ctx):
            results.append((rule, raw))
    findings = []
    for rule, raw in results:
        line = template.position(raw.start)[0]
        if _suppressed(rule.code, line, raw.whole_template, suppressions):
            continue
        findings.append(_finding(template, rule, raw, scope, ctx.lang))
    unused = rules.get("TA003")
    if unused and "TA003" in enabled:
        for item in suppressions:
            if item.action != "enable" and not item.used:
                raw = Raw(item.start, item.end, unused.message.format(codes=", ".join(item.codes)))
                raw.fix = ctx.source_fix(unused, [_comment_removal(template.source, item.start, item.end)], "remove it")
                findings.append(_finding(template, unused, raw, scope, ctx.lang))
        for start, end, message in problems:
            findings.append(_finding(template, unused, Raw(start, end, message), scope, ctx.lang))
    findings.sort(key=lambda f: (f.line, f.column, f.code))
    return findings


def _comment_removal(source: str, start: int, end: int) -> tuple[int, int, str]:
    """The edit that deletes a comment, with its line when nothing else is on it."""
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    line_end = len(source) if line_end < 0 else line_end
    if not source[line_start:start].strip() and not source[end:line_end].strip():
        return line_start, min(line_end + 1, len(source)), ""
    return start, end, ""


def _finding(template: Template, rule: Rule, raw: Raw, scope: Scope, lang: str) -> Finding:
    line, column = template.position(raw.start)
    end_line, end_column = template.position(max(raw.end - 1, raw.start))
    end_column += 1
    message = raw.message
    if template.anchor is not None:  # a macro inside a JSON export: point at its text in the file
        message = f"{message} [in {template.name!r}, line {line}, column {column} of its text]"
        line, column = template.anchor
        end_line, end_column = line, column + 1
    return Finding(
        path=template.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        code=rule.code,
        name=rule.name,
        level=scope.severity.get(rule.code, rule.level),
        message=message,
        template=template.name,
        language=lang,
        fix=raw.fix,
        source=template,
        span=(raw.start, raw.end),
        whole_template=raw.whole_template,
    )


FINGERPRINT_KEY = "ticketAnalyser/v1"


def fingerprint_findings(findings: list[Finding], root: Path | None = None) -> None:
    """Give each finding a fingerprint that is stable across runs and distinct per finding.

    The key is the rule, the file (relative to ``root``), the macro's name, and what the finding is about,
    never its line number: the source line's text with white space collapsed plus the flagged text (a
    template-wide finding: the rule alone, since its line moves as the template is edited); the n-th
    finding with the same key gets n in its key.  So moving a paragraph keeps its findings' fingerprints,
    editing the flagged line retires them, and two identical findings on different lines stay apart.
    Used for SARIF ``partialFingerprints`` (GitHub's alert identity), GitLab's ``fingerprint`` and
    ``--baseline``."""
    import hashlib
    from collections import Counter

    seen: Counter[tuple[str, ...]] = Counter()
    for finding in sorted(findings, key=lambda f: (f.path, f.template or "", f.span, f.code)):
        path = _relative_posix(finding.path, root)
        if finding.whole_template or finding.source is None:
            key: tuple[str, ...] = (finding.code, path, finding.template or "", "template")
        else:
            text = finding.source.source
            start, end = finding.span
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", start)
            line = text[line_start : len(text) if line_end < 0 else line_end]
            key = (
                finding.code,
                path,
                finding.template or "",
                " ".join(line.split()),
                " ".join(text[start:end].split()),
            )
        seen[key] += 1
        payload = "\x1f".join((*key, str(seen[key])))
        finding.fingerprint = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _relative_posix(path: str, root: Path | None) -> str:
    import os

    if root is not None and path not in ("-",):
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return Path(path).as_posix()


def lint_paths(
    paths: Iterable[str | Path], settings: LintSettings | None = None, *, stdin: StdinInput | None = None
) -> LintResult:
    """Lint files and directories; unreadable files become :class:`InputError` entries, never exceptions.

    ``stdin`` is the text of a ``-`` argument (``lint -``), linted as the file ``stdin.filename`` names."""
    settings = settings or LintSettings()
    collected = collect_for(paths, settings)
    templates: list[Template] = []
    errors = list(collected.errors)
    files = 0
    for path in collected.files:
        try:
            templates.extend(templates_from_file(path))
            files += 1
        except NotAnExport as error:
            if path not in collected.walked:
                errors.append(error)
        except InputError as error:
            errors.append(error)
    excluded = collected.excluded
    if stdin is not None:
        name = stdin.filename or "-"
        if stdin.filename and settings.force_exclude and excluded_path(Path(stdin.filename), settings):
            excluded += 1
        else:
            try:
                templates.extend(templates_from_text(stdin.data, name, name_for_format=stdin.filename or "stdin.txt"))
                files += 1
            except InputError as error:
                errors.append(error)
    findings = lint_templates(templates, settings)
    return LintResult(findings=findings, errors=errors, templates=len(templates), files=files, excluded=excluded)


def collect_for(paths: Iterable[str | Path], settings: LintSettings) -> Collected:
    """The files the settings say to lint among ``paths`` (``-``, standard input, is handled by the caller)."""
    return collect_files(
        [p for p in paths if str(p) != "-"],
        settings.exclude,
        root=settings.root,
        force_exclude=settings.force_exclude,
        respect_gitignore=settings.respect_gitignore,
    )


@dataclass(frozen=True)
class StdinInput:
    """Standard input for ``lint -``: its bytes and the file name to lint it as (``--stdin-filename``)."""

    data: bytes
    filename: str | None = None


def excluded_path(path: Path, settings: LintSettings) -> bool:
    """Whether the configuration's ``exclude`` globs (or .gitignore, when respected) exclude ``path``."""
    from analyser.lint.sources import _excluded, _ignored_by_git

    return _excluded(path, settings.exclude, settings.root) or _ignored_by_git(path, settings.respect_gitignore)


def lint_text(text: str, *, path: str = "<text>", settings: LintSettings | None = None) -> list[Finding]:
    """Lint one template given as a string (plain text or Jinja; HTML when it looks like HTML)."""
    from analyser.lint.sources import _html, _identity, looks_like_html

    template = _html(path, text) if looks_like_html(text) else _identity(path, text)
    return lint_templates([template], settings)

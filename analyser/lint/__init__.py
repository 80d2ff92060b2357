"""The template linter: rules with stable codes over reply templates and macro exports.

Public API (everything the CLI does is callable from a notebook):

* :func:`lint_paths` (files and directories) and :func:`lint_text` (one string) return findings;
* :func:`load_settings` reads ``[tool.ticket-analyser.lint]``; :class:`LintSettings` can be built directly;
* :func:`load_rules` / :func:`get_rule` give the rules (``rule.explain()`` is what ``rule CODE`` prints);
* :func:`render` formats a :class:`LintResult` as text, JSON, SARIF or GitHub annotations.

See ``docs/lint.md`` for the rule table, configuration and CI snippets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "Finding",
    "LintResult",
    "LintSettings",
    "get_rule",
    "lint_paths",
    "lint_templates",
    "lint_text",
    "load_rules",
    "load_settings",
    "render",
]

_WHERE = {
    "Finding": "analyser.lint.engine",
    "LintResult": "analyser.lint.engine",
    "lint_paths": "analyser.lint.engine",
    "lint_templates": "analyser.lint.engine",
    "lint_text": "analyser.lint.engine",
    "LintSettings": "analyser.lint.settings",
    "load_settings": "analyser.lint.settings",
    "get_rule": "analyser.lint.rules",
    "load_rules": "analyser.lint.rules",
    "render": "analyser.lint.output",
}

if TYPE_CHECKING:  # pragma: no cover
    from analyser.lint.engine import Finding, LintResult, lint_paths, lint_templates, lint_text
    from analyser.lint.output import render
    from analyser.lint.rules import get_rule, load_rules
    from analyser.lint.settings import LintSettings, load_settings


def __getattr__(name: str) -> Any:
    """Lazy re-exports: ``import analyser.lint`` stays cheap until a function is used."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(name)

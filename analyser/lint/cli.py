"""``ticket-analyser lint`` and ``ticket-analyser rule``: the template linter on the command line.

Exit codes as ruff's: 0 no findings at or above ``--fail-on`` (or ``--exit-zero``), 1 findings, 2 a usage,
configuration or input error (a binary or unreadable file, an invalid key, an unknown rule code) or an
internal error (a bug, reported in one line: exit code 1 must only ever mean findings).  Input
errors are printed one per line on stderr, the other files are still linted, and the exit code is 2 so that
a broken input never passes CI as clean.
"""

from __future__ import annotations

import sys

import click

from analyser.errors import AnalyserError
from analyser.lint.rules import LEVELS, check_selectors, get_rule, load_rules
from analyser.lint.settings import FORMATS, LANGUAGES, load_settings


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format (default text).")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the configured list).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable (added to the configured list).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable on top of the configured ones.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None, help="Lowest level that fails (default warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--language", type=click.Choice(LANGUAGES), default=None, help="Skip language detection.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None, help="Configuration file.")
@click.option("--explain", "explain_code", metavar="CODE", default=None, help="Print a rule's documentation and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="Write output here.")
def lint(
    paths: tuple[str, ...],
    fmt: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    language: str | None,
    config_path: str | None,
    explain_code: str | None,
    output: str | None,
) -> None:
    """Lint reply templates: .txt, .md, .html, Jinja/Liquid and macro exports (Zendesk, Freshdesk JSON).

    \b
    Examples:
      ticket-analyser lint templates/
      ticket-analyser lint macros.json --format sarif -o lint.sarif
      ticket-analyser lint templates/ --select TN,JG --fail-on error
      ticket-analyser rule TN003
    """
    try:
        if explain_code:
            click.echo(get_rule(explain_code).explain())
            return
        if not paths:
            _fail("no PATH given; try `ticket-analyser lint templates/`")
        from analyser.lint.engine import lint_paths
        from analyser.lint.output import render

        start = paths[0] if paths else None
        settings = load_settings(config_path, start=start)
        scope = settings.scope
        if select:
            scope.select = check_selectors(_split(select), "--select")
        if extend_select:
            scope.select = [*scope.select, *check_selectors(_split(extend_select), "--extend-select")]
        if ignore:
            scope.ignore = [*scope.ignore, *check_selectors(_split(ignore), "--ignore")]
        if language:
            scope.language = language
        fmt = fmt or settings.format
        fail_on = fail_on or settings.fail_on
        result = lint_paths(paths, settings)
    except AnalyserError as error:
        _fail(str(error))
        return
    except Exception as error:  # a bug: exit 2 as ruff does, so that a crash never passes for findings (1)
        _fail(f"internal error, please report it: {type(error).__name__}: {error}")
        return
    text = render(result, fmt)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"{output}: cannot write ({error.strerror or error})")
    else:
        click.echo(text, nl=False)
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if result.errors:
        sys.exit(2)
    if result.failing(fail_on) and not exit_zero:
        sys.exit(1)


@click.command("rule")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule with its code, level and name.")
def rule(code: str | None, show_all: bool) -> None:
    """Explain a lint rule: what it does, why, an example and the fix (as `ruff rule`)."""
    if show_all or not code:
        for item in load_rules().values():
            click.echo(f"{item.code}  {item.level:<7}  {item.name}")
        return
    try:
        click.echo(get_rule(code).explain())
    except AnalyserError as error:
        _fail(str(error))

"""``ticket-analyser lint`` and ``ticket-analyser rule``: the template linter on the command line.

Exit codes as ruff's: 0 no findings at or above ``--fail-on`` (or ``--exit-zero``), 1 findings, 2 a usage,
configuration or input error (a binary, unreadable or non-regular file, an invalid key, an unknown rule
code, nothing to lint) or an internal error (a bug, reported in one line: exit code 1 must only ever mean
findings).  Input errors are printed one per line on stderr, the other files are still linted, and the exit
code is 2 so that a broken input never passes CI as clean.  Files the configuration excludes are not an
error: a run that only names excluded files (pre-commit passing them) says so and exits 0.

This module imports nothing heavy at start: the engine (and spaCy) load only when there is text to lint,
so ``--help``, ``rule CODE`` and ``--show-settings`` answer at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from analyser.cli_common import config_option, format_option
from analyser.errors import AnalyserError
from analyser.lint.rules import LEVELS, check_selectors, get_rule
from analyser.lint.settings import FORMATS, LANGUAGES, LintSettings, load_settings

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _escape(text: str) -> str:
    from analyser.lint.output import escape_controls

    return escape_controls(text)


def _fail(message: str) -> None:
    click.echo(f"error: {_escape(message)}", err=True)
    sys.exit(EXIT_ERROR)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _config_start(paths: tuple[str, ...], stdin_filename: str | None) -> str | None:
    """The folder the configuration search starts from: the first path's folder, without resolving links
    (a symbolic-link loop named on the command line is an input error later, not a crash here)."""
    first = stdin_filename if (paths and paths[0] == "-" and stdin_filename) else (paths[0] if paths else None)
    if first is None or first == "-":
        return None
    if os.path.isdir(first):
        return first
    return os.path.dirname(os.path.abspath(first))


def _settings(
    config_path: Path | None,
    paths: tuple[str, ...],
    stdin_filename: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    language: str | None,
    options: dict[str, object],
) -> LintSettings:
    """The configuration file's settings with the command line's options on top (command line wins)."""
    settings = load_settings(config_path, start=_config_start(paths, stdin_filename))
    scope, rules = settings.scope, settings.rules
    if select:
        scope.select = check_selectors(_split(select), "--select", rules)
    if extend_select:
        scope.select = [*scope.select, *check_selectors(_split(extend_select), "--extend-select", rules)]
    if ignore:
        scope.ignore = [*scope.ignore, *check_selectors(_split(ignore), "--ignore", rules)]
    if language:
        scope.language = language
    for name, value in options.items():
        if value is not None:
            setattr(settings, name, value)
    return settings


def settings_report(settings: LintSettings, path: str | None) -> str:
    """``--show-settings``: the resolved settings for one path, as ruff prints its own."""
    scope = settings.scope_for(path) if path else settings.scope
    enabled = scope.enabled()
    lines = [
        f"Settings for: {path or '(no path)'}",
        f"Configuration file: {settings.source or '(none: defaults)'}",
        f"Root: {settings.root or Path.cwd()}",
        "",
        "[lint]",
        f"select = {scope.select}",
        f"ignore = {scope.ignore}",
        f"fail-on = {settings.fail_on!r}",
        f"format = {settings.format!r}",
        f"language = {scope.language!r}",
        f"exclude = {settings.exclude}",
        f"force-exclude = {str(settings.force_exclude).lower()}",
        f"respect-gitignore = {str(settings.respect_gitignore).lower()}",
        f"unsafe-fixes = {str(settings.unsafe_fixes).lower()}",
        f"rules-folder = {[str(f) for f in settings.rules_folders]}",
        f"baseline = {str(settings.baseline) if settings.baseline else None!r}",
        f"docs-url = {settings.docs_url!r}",
        f"per-path = {sorted(settings.per_path)}",
        "",
        "[lint.thresholds]",
        *(f"{lang} = {values}" for lang, values in scope.thresholds.items()),
        "",
        f"# enabled rules ({len(enabled)} of {len(settings.rules)}): code, level in force, fix",
    ]
    for code in enabled:
        rule = settings.rules[code]
        level = scope.severity.get(code, rule.level)
        lines.append(f"{code}  {level:<7}  {rule.fixable or '-':<6}  {rule.name}")
    return "\n".join(lines) + "\n"


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option(FORMATS, default=None, help="Output format (default text; or the configured `format`).")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the configured list).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable (added to the configured list).")
@click.option("--extend-select", multiple=True, help="Rule codes or prefixes to enable on top of the configured ones.")
@click.option("--fail-on", type=click.Choice(LEVELS), default=None, help="Lowest level that fails (default warning).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--language", type=click.Choice(LANGUAGES), default=None, help="Skip language detection.")
@config_option
@click.option("--explain", "explain_code", metavar="CODE", default=None, help="Print a rule's documentation and exit.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write the output to this file.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the files (with --unsafe-fixes, all fixes).")
@click.option(
    "--unsafe-fixes/--no-unsafe-fixes", default=None, help="Also apply (or list as fixable) fixes marked unsafe."
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them.")
@click.option("--statistics", is_flag=True, help="Print how many findings each rule has instead of the findings.")
@click.option("--stdin-filename", default=None, help="With `-`: lint standard input as this file (format, settings).")
@click.option("--show-settings", is_flag=True, help="Print the settings in force for the first PATH and exit.")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Report only findings that this baseline file does not list.",
)
@click.option("--update-baseline", is_flag=True, help="Write every current finding to the --baseline file and exit.")
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply `exclude` to files named on the command line too (pre-commit names files).",
)
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Skip files that .gitignore ignores when walking folders (default: respect it).",
)
def lint(
    paths: tuple[str, ...],
    output_format: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    language: str | None,
    config_path: Path | None,
    explain_code: str | None,
    output: str | None,
    fix: bool,
    unsafe_fixes: bool | None,
    diff: bool,
    statistics: bool,
    stdin_filename: str | None,
    show_settings: bool,
    baseline: Path | None,
    update_baseline: bool,
    force_exclude: bool | None,
    respect_gitignore: bool | None,
) -> None:
    """Lint reply templates: .txt, .md, .html, Jinja/Liquid/Handlebars and macro exports (Zendesk, Freshdesk JSON).

    PATH is a file or a folder (walked for template files; .gitignore respected); `-` reads standard input.

    \b
    Examples:
      ticket-analyser lint templates/
      ticket-analyser lint templates/ --fix                 apply the safe fixes
      ticket-analyser lint templates/ --diff --unsafe-fixes show every fix as a diff
      ticket-analyser lint macros.json --format sarif -o lint.sarif
      ticket-analyser lint templates/ --select TN,JG --fail-on error --statistics
      cat reply.html | ticket-analyser lint - --stdin-filename reply.html
      ticket-analyser rule TN003
    """
    try:
        if explain_code:
            rules = load_settings(config_path, start=_config_start(paths, stdin_filename)).rules
            click.echo(get_rule(explain_code, rules).explain())
            return
        if not paths and not show_settings:
            _fail("no PATH given; try `ticket-analyser lint templates/` (or `-` for standard input)")
        settings = _settings(
            config_path,
            paths,
            stdin_filename,
            select,
            ignore,
            extend_select,
            language,
            {
                "unsafe_fixes": unsafe_fixes,
                "force_exclude": force_exclude,
                "respect_gitignore": respect_gitignore,
                "baseline": baseline,
            },
        )
        if show_settings:
            click.echo(settings_report(settings, next((p for p in paths if p != "-"), None)), nl=False)
            return
        fmt = output_format or settings.format
        fail_on = fail_on or settings.fail_on
        stdin = _read_stdin(stdin_filename) if "-" in paths else None
        fixed_files = []
        if fix or diff:
            from analyser.lint.fixes import fix_paths

            result, fixed_files = fix_paths(paths, settings, unsafe=settings.unsafe_fixes, stdin=stdin)
        else:
            from analyser.lint.engine import lint_paths

            result = lint_paths(paths, settings, stdin=stdin)
        if settings.baseline is not None:
            from analyser.lint.baseline import apply_baseline, read_baseline, write_baseline

            if update_baseline:
                count = write_baseline(settings.baseline, result.findings)
                click.echo(f"Wrote {count} finding(s) to the baseline {settings.baseline}.", err=True)
                sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
            apply_baseline(result, read_baseline(settings.baseline))
        elif update_baseline:
            _fail("--update-baseline needs --baseline FILE (or `baseline` in the configuration)")
    except AnalyserError as error:
        _fail(str(error))
        return
    except Exception as error:  # a bug: exit 2 as ruff does, so that a crash never passes for findings (1)
        _fail(f"internal error, please report it: {type(error).__name__}: {error}")
        return
    if diff:
        _emit(output, "".join(f.diff() for f in fixed_files if f.changed))
        click.echo(f"Would fix {result.fixed} finding(s).", err=True)
        _report_errors(result)
        sys.exit(EXIT_ERROR if result.errors else (EXIT_FINDINGS if result.fixed else EXIT_OK))
    if fix:
        for outcome in fixed_files:
            if outcome.path is None:
                click.echo(outcome.fixed, nl=False)  # `lint - --fix`: the fixed text on stdout, as ruff
            else:
                try:
                    outcome.write()
                except OSError as error:
                    _fail(f"{outcome.display}: cannot write the fixes ({error.strerror or error})")
    from analyser.lint.output import render
    from analyser.lint.output import statistics as stats

    text = stats(result, fmt, settings) if statistics else render(result, fmt, settings)
    if fix and stdin is not None:
        click.echo(text, nl=False, err=True)
    else:
        _emit(output, text)
    _report_errors(result)
    nothing = not result.files and not result.templates
    if nothing and not result.excluded:
        click.echo("error: nothing was linted: no template files in the given path(s)", err=True)
        sys.exit(EXIT_ERROR)
    if result.errors:
        sys.exit(EXIT_ERROR)
    if result.failing(fail_on) and not exit_zero:
        sys.exit(EXIT_FINDINGS)


def _read_stdin(filename: str | None):
    from analyser.lint.engine import StdinInput
    from analyser.lint.sources import _MAX_BYTES

    data = click.get_binary_stream("stdin").read(_MAX_BYTES + 1)
    return StdinInput(data, filename)


def _emit(output: str | None, text: str) -> None:
    if output:
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            _fail(f"{output}: cannot write ({error.strerror or error})")
    elif text:
        click.echo(text, nl=False)


def _report_errors(result) -> None:
    for error in result.errors:
        click.echo(f"error: {_escape(str(error))}", err=True)


@click.command("rule")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule with its code, level and name.")
@config_option
def rule(code: str | None, show_all: bool, config_path: Path | None) -> None:
    """Explain a lint rule: what it does, why, an example and the fix (as `ruff rule`).

    A team's own rules (`rules-folder` in the configuration) are listed and explained too."""
    try:
        rules = load_settings(config_path, start=None).rules
        if show_all or not code:
            for item in rules.values():
                click.echo(f"{item.code}  {item.level:<7}  {item.name}")
            return
        click.echo(get_rule(code, rules).explain())
    except AnalyserError as error:
        _fail(str(error))

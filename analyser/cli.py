"""The ``ticket-analyser`` command line: a thin layer over the library API.

Each subcommand lives beside the stage it drives (``analyser/<stage>/cli.py`` or ``analyser/cli_*.py``) and
is imported only when it is invoked, so ``ticket-analyser --help`` stays fast and one stage's heavy imports
(statsmodels, matplotlib) never slow another.

Exit codes, as ruff's: 0 success (or no findings), 1 findings at or above the failure level (lint), 2 usage,
input or configuration errors.  A crash is never reported as a finding.
"""

from __future__ import annotations

import importlib
import sys

import click

from analyser import __version__

# name -> ("module:attribute", the extra it needs, its one-line help); the order is the order of --help.
# lint and rule need only the base install (`pip install ticket-analyser`); every other command names the
# extra that brings its dependencies (pyproject.toml, [project.optional-dependencies]).
SUBCOMMANDS: dict[str, tuple[str, str | None, str]] = {
    "demo": ("analyser.cli_extract:demo", "extract", "Extract features from the bundled sample tickets."),
    "extract": ("analyser.cli_extract:extract", "extract", "Extract writing features from agent replies."),
    "ingest": ("analyser.ingest.cli:ingest", "extract", "Read a helpdesk export into one table of replies."),
    "conversations": (
        "analyser.cli_conversations:conversations",
        "extract",
        "Conversation features per ticket: mood, solutions, response times.",
    ),
    "study": ("analyser.study.cli:study", "study", "Test whether writing features drive CSAT."),
    "audit": ("analyser.audit.cli:audit", "audit", "An HTML report for team leads: who writes how."),
    "lint": ("analyser.lint.cli:lint", None, "Lint reply templates (ruff-style rules, SARIF, fixes)."),
    "rule": ("analyser.lint.cli:rule", None, "Explain a lint rule."),
    "evaluate": ("analyser.evaluation.cli:evaluate", "eval", "Validate the scores against labelled data."),
    "features": ("analyser.cli_extract:features_catalogue", "extract", "List every output column."),
}
DISTRIBUTION = "ticket-analyser"


def missing_extra_message(command: str, extra: str, missing: list[str]) -> str:
    """The one line a command prints when its extra is not installed."""
    what = f" (missing: {', '.join(missing)})" if missing else ""
    return (
        f"`ticket-analyser {command}` needs the [{extra}] extra{what}; "
        f"install it with: pip install 'ticket-analyser[{extra}]' (or [all])"
    )


def missing_requirements(extra: str, _seen: frozenset[str] = frozenset()) -> list[str]:
    """Packages that ``extra`` requires and that are not installed, read from the installed metadata.

    Empty when everything is there, or when the metadata cannot be read (a source checkout run without an
    install): then a failing import says it instead (:meth:`LazyGroup.invoke`)."""
    from importlib import metadata

    try:
        from packaging.requirements import Requirement
    except ImportError:  # pragma: no cover - packaging comes with pip and spaCy
        return []
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return []
    missing: list[str] = []
    for line in requirements:
        requirement = Requirement(line)
        if requirement.marker is None or not requirement.marker.evaluate({"extra": extra}):
            continue
        if requirement.marker.evaluate({"extra": ""}):
            continue  # a base requirement with an environment marker, not this extra's
        if requirement.name == DISTRIBUTION:  # [study] includes [extract]
            for inner in sorted(requirement.extras - _seen):
                missing += missing_requirements(inner, _seen | {extra})
            continue
        try:
            metadata.version(requirement.name)
        except metadata.PackageNotFoundError:
            missing.append(requirement.name)
    return sorted(set(missing))


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs.

    ``--help`` lists the commands from :data:`SUBCOMMANDS` without importing any of them, and a command whose
    extra is not installed stops with one line naming the extra (exit 2) instead of an ImportError."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(SUBCOMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = SUBCOMMANDS.get(cmd_name)
        if entry is None:
            return None
        target, extra, _ = entry
        if extra is not None and not ctx.resilient_parsing:
            missing = missing_requirements(extra)
            if missing:
                _stop(missing_extra_message(cmd_name, extra, missing))
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            _stop_if_missing_extra(cmd_name, extra, error)
            raise
        return getattr(module, attribute, None)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, _, help_text) in SUBCOMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ModuleNotFoundError as error:  # a dependency imported inside the command, at run time
            name = ctx.invoked_subcommand or ""
            _stop_if_missing_extra(name, SUBCOMMANDS.get(name, ("", None, ""))[1], error)
            raise


def _stop_if_missing_extra(command: str, extra: str | None, error: ModuleNotFoundError) -> None:
    """Turn an ImportError of a third-party module into the one-line extra message (a bug in our own
    modules, ``analyser.*``, still raises)."""
    module = (error.name or "").split(".")[0]
    if extra is not None and module and module != "analyser":
        _stop(missing_extra_message(command, extra, [module]))


def _stop(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="ticket-analyser")
def main() -> None:
    """Measure how service-desk agents write to customers, offline, in English and Dutch.

    \b
    Typical use:
      ticket-analyser demo                         features of the bundled sample tickets
      ticket-analyser extract replies.csv -o features.parquet
      ticket-analyser ingest export.json --from auto -o tickets.parquet
      ticket-analyser study tickets.parquet -o study/
      ticket-analyser audit tickets.parquet -o audit/
      ticket-analyser lint templates/

    Run `ticket-analyser COMMAND --help` for each command's options.  Settings can also live in
    [tool.ticket-analyser] of pyproject.toml; options given on the command line win.
    """
    _stop_cleanly_on_terminate()


def _stop_cleanly_on_terminate() -> None:
    """Make ``kill -TERM`` end a run the way Ctrl-C does, through every ``finally``: temporary files and
    locks are removed and no output is left half-written.  (Python's default for SIGTERM ends the process
    at once, without any clean-up.)"""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def run() -> None:  # pragma: no cover - console-script entry point
    main(prog_name="ticket-analyser")
    sys.exit(0)

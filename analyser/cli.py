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

# name -> "module:attribute"; the order is the order of --help.
SUBCOMMANDS: dict[str, str] = {
    "demo": "analyser.cli_extract:demo",
    "extract": "analyser.cli_extract:extract",
    "ingest": "analyser.ingest.cli:ingest",
    "study": "analyser.study.cli:study",
    "audit": "analyser.audit.cli:audit",
    "lint": "analyser.lint.cli:lint",
    "rule": "analyser.lint.cli:rule",
    "evaluate": "analyser.evaluation.cli:evaluate",
    "features": "analyser.cli_extract:features_catalogue",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in SUBCOMMANDS if self._load(name, quiet=True) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name, quiet=False)

    @staticmethod
    def _load(name: str, *, quiet: bool) -> click.Command | None:
        target = SUBCOMMANDS.get(name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if quiet and error.name and module_name.startswith(error.name):
                return None  # stage not installed in this build
            raise
        return getattr(module, attribute, None)


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


def run() -> None:  # pragma: no cover - console-script entry point
    main(prog_name="ticket-analyser")
    sys.exit(0)

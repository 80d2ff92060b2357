"""What every subcommand shares: error handling, progress bars, output formats.

Errors that are the input's or the configuration's fault become one line on stderr and exit code 2, as
ruff does; a bug still shows its traceback, so a crash never looks like a finding.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from analyser.errors import AnalyserError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
SAMPLE_DATA = Path(__file__).resolve().parents[1] / "data" / "sample_tickets"


def handle_errors(function: F) -> F:
    """Turn AnalyserError (bad input or configuration) into a one-line message and exit code 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnalyserError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_USAGE)
        except (FileNotFoundError, IsADirectoryError, PermissionError) as error:
            click.echo(f"error: {error.filename or ''}: {error.strerror}", err=True)
            sys.exit(EXIT_USAGE)

    return wrapper  # type: ignore[return-value]


def show_progress(stream=None) -> bool:
    """Progress bars on an interactive terminal only: quiet in CI and when output is piped."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


def progress_bar(total: int | None, description: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="reply", disable=not show_progress(), leave=False)


def config_option(function: F) -> F:
    """``--config FILE``: the same option, help and meaning on every command that reads configuration."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuration file (default: the nearest pyproject.toml / ticket-analyser.toml).",
    )(function)


def format_option(
    choices: Sequence[str], *, default: str | None = "text", help: str = "Output format."
) -> Callable[[F], F]:
    """``--format`` (``--output-format`` too, ruff's name for it) with a command's own choices."""
    return click.option(
        "--format",
        "--output-format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def summary_format_option(function: F) -> F:
    """``--format text|json`` for the summary a command prints on stdout."""
    return format_option(("text", "json"), help="Format of the summary printed on stdout.")(function)

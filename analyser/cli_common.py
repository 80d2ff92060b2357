"""What every subcommand shares: error handling, progress bars, output formats.

Errors that are the input's or the configuration's fault become one line on stderr and exit code 2, as
ruff does; a bug still shows its traceback, so a crash never looks like a finding.
"""

from __future__ import annotations

import errno
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
EXIT_INTERRUPTED = 130  # as a shell reports Ctrl-C (128 + SIGINT); kill -TERM gives 143


def sample_data() -> Path:
    """The bundled sample tickets: data/sample_tickets/ in the checkout, inside the package when installed."""
    from importlib import resources

    return Path(str(resources.files("analyser.sample_tickets")))


# File-system conditions that are the environment's, not a bug: a full disk, a read-only mount, a quota.
_ENVIRONMENT_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.ENAMETOOLONG, errno.ELOOP, errno.EACCES}


def handle_errors(function: F) -> F:
    """Turn bad input, configuration or file-system trouble into a one-line message and exit code 2.

    :class:`AnalyserError` is the input's or configuration's fault and says so itself.  An ``OSError`` about a
    named path (a parent that is a file, a read-only folder, a missing file) or about the environment (disk
    full, read-only file system) is shown as ``error: PATH: reason``: :mod:`analyser.io` turns the common
    cases into clearer messages first, and this catches what reaches the command any other way.  Anything
    else is a bug and keeps its traceback.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnalyserError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(EXIT_USAGE)
        except OSError as error:
            if error.filename is None and error.errno not in _ENVIRONMENT_ERRNOS:
                raise
            where = f"{error.filename}: " if error.filename is not None else ""
            click.echo(f"error: {where}{error.strerror or error}", err=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            click.echo("interrupted: no output was written (runs write their files only when they finish)", err=True)
            sys.exit(EXIT_INTERRUPTED)

    return wrapper  # type: ignore[return-value]


def show_progress(stream=None) -> bool:
    """Progress bars on an interactive terminal only: quiet in CI and when output is piped."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


def progress_bar(total: int | None, description: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="reply", disable=not show_progress(), leave=False)


def load_cli_settings(config_path: Path | None, start: Path | str | None = None):
    """The one place a command reads its settings: the file (``--config`` or the nearest one from ``start``),
    with its deprecation warnings printed once on stderr.  Returns :class:`analyser.settings.Settings`."""
    from analyser.settings import load_settings

    settings = load_settings(config_path, start=start)
    for warning in settings.warnings:
        click.echo(f"warning: {warning}", err=True)
    return settings


def config_option(function: F) -> F:
    """``--config FILE``: the same option, help and meaning on every command that reads configuration."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuration file (default: the nearest pyproject.toml / ticket-analyser.toml).",
    )(function)


def language_options(what: str, one: str) -> Callable[[F], F]:
    """``--language`` and ``--default-language``: one definition for every command that scores text
    (``what`` and ``one`` name the unit in the help: "replies", "reply")."""
    from analyser.settings import LANGUAGE_CHOICES

    def decorate(function: F) -> F:
        function = click.option(
            "--default-language",
            type=click.Choice(["en", "nl"]),
            default=None,
            help=f"Language of a {one} too short to tell whose ticket does not tell either.  [default: en]",
        )(function)
        return click.option(
            "--language",
            type=click.Choice(LANGUAGE_CHOICES),
            default=None,
            help=f"Language of the {what}; auto detects it per {one}.  [default: auto]",
        )(function)

    return decorate


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

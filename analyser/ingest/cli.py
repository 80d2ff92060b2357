"""``ticket-analyser ingest``: read a helpdesk export into the canonical tables.

Prints which format it read (and why, with ``--from auto``), the accounting line (records in = used +
rejected, and the rows written), one line per warning, and where the rejects went.  Bad input is one line
on stderr naming the file (and record) and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from analyser.cli_common import handle_errors
from analyser.errors import InputError
from analyser.ingest.readers import FORMATS


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        canonical, sep, source = value.partition("=")
        if not sep or not canonical.strip() or not source.strip():
            raise InputError(f"--map expects CANONICAL=SOURCE (e.g. body=Message), got '{value}'")
        mapping[canonical.strip()] = source.strip()
    return mapping


def rejects_path_for(output: Path) -> Path:
    """``tickets.parquet`` -> ``tickets.rejects.csv`` beside it."""
    stem = output.name[: -len(output.suffix)] if output.suffix else output.name
    return output.with_name(f"{stem}.rejects.csv")


@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--from",
    "fmt",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="Export format; auto recognises it from the files' fields.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("tickets.parquet"),
    show_default=True,
    help="Tickets table; the messages go beside it as NAME.replies.EXT (.parquet, .csv or .jsonl).",
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Where rejected records go (file,row,reason) [default: NAME.rejects.csv beside the output].",
)
@click.option(
    "--timezone",
    default=None,
    help="Zone of timestamps written without one [default: UTC; Europe/Amsterdam for TOPdesk].",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="CANONICAL=SOURCE",
    help="Rename a column of a generic file to a canonical name (repeatable), e.g. body=Message.",
)
@handle_errors
def ingest(
    inputs: tuple[Path, ...],
    fmt: str,
    output: Path,
    rejects_path: Path | None,
    timezone: str | None,
    mapping: tuple[str, ...],
) -> None:
    """Read helpdesk export files (Zendesk, Freshdesk, TOPdesk, ServiceNow, Jira Service Management, or
    generic CSV/JSONL) into the tickets and messages tables, with every reply cleaned (body_clean).

    \b
    Examples:
      ticket-analyser ingest zendesk-export/ -o tickets.parquet
      ticket-analyser ingest incidenten.csv acties.csv --from topdesk -o tickets.parquet
    """
    from analyser.ingest.readers import read_export
    from analyser.io import write_dataset, write_table

    if timezone:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InputError(f"unknown time zone '{timezone}' (use e.g. UTC or Europe/Amsterdam)") from None
    result = read_export(list(inputs), fmt, timezone=timezone, mapping=_mapping(mapping) or None)
    tickets_path, replies_path = write_dataset(result.dataset, output)
    target = rejects_path or rejects_path_for(output)
    if len(result.rejects):
        write_table(result.rejects, target)
    click.echo(result.detection)
    click.echo(result.summary())
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    if len(result.rejects):
        click.echo(f"{len(result.rejects)} rejected (file,row,reason) written to {target}")
    click.echo(f"wrote {tickets_path} and {replies_path}")

"""``ticket-analyser ingest``: read a helpdesk export into the canonical tables.

Prints which format it read (and why, with ``--from auto``), the accounting line (records in = used +
rejected, and the rows written), one line per warning, and where the rejects went.  Bad input is one line
on stderr naming the file (and record) and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import click

from analyser.cli_common import config_option, handle_errors, load_cli_settings
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
    help="Rename a field to the name a reader expects (repeatable), e.g. body=Message; a dotted SOURCE is a "
    "path into nested JSON, e.g. body=agentURL.url_utterance.",
)
@click.option("--sheet", default=None, metavar="NAME", help="Sheet of an Excel workbook to read [default: the first].")
@click.option(
    "--speaker-field",
    default=None,
    metavar="FIELD",
    help="Conversation files: the turn's field that names the speaker [default: speaker, role, sender, ...].",
)
@click.option(
    "--agent-value",
    "agent_values",
    multiple=True,
    metavar="VALUE",
    help="Conversation files: a speaker value that is the agent (repeatable) [default: agent, assistant, ...].",
)
@click.option(
    "--agent-comments-public",
    is_flag=True,
    help="Jira CSV: score agents' comments as public replies. The CSV export cannot tell internal comments "
    "from replies, so by default they are not scored; use this only if your agents never write internal comments.",
)
@click.option(
    "--pseudonymise",
    is_flag=True,
    help="Replace the personal data found (names, e-mail addresses, phone numbers, IBANs, postcodes, customer ids) "
    "with stable keyed aliases, for a dataset to hand to a researcher. Key: TICKET_ANALYSER_ALIAS_KEY.",
)
@click.option(
    "--pseudonymise-agents",
    is_flag=True,
    help="Also replace agent ids and names by the aliases the audit's --pseudonymise-agents gives.",
)
@config_option
@handle_errors
def ingest(
    inputs: tuple[Path, ...],
    fmt: str,
    output: Path,
    rejects_path: Path | None,
    timezone: str | None,
    mapping: tuple[str, ...],
    sheet: str | None,
    speaker_field: str | None,
    agent_values: tuple[str, ...],
    agent_comments_public: bool,
    pseudonymise: bool,
    pseudonymise_agents: bool,
    config_path: Path | None,
) -> None:
    """Read helpdesk export files (Zendesk, Freshdesk, TOPdesk, ServiceNow, Jira Service Management,
    conversation transcripts, or generic CSV/JSONL/Excel) into the tickets and messages tables, with every
    reply cleaned (body_clean).

    \b
    Examples:
      ticket-analyser ingest zendesk-export/ -o tickets.parquet
      ticket-analyser ingest export.json --from zendesk -o tickets.parquet      # the full JSON export
      ticket-analyser ingest incidenten.csv acties.csv --from topdesk -o tickets.parquet
      ticket-analyser ingest Meldingen.xlsx --sheet Meldingen -o tickets.parquet
      ticket-analyser ingest chats.jsonl --speaker-field role --agent-value support -o tickets.parquet
      ticket-analyser ingest export/ --pseudonymise -o shareable.parquet

    Column names can be mapped in pyproject.toml too (`--map` wins for the same name; docs/configuration.md):

    \b
      [tool.ticket-analyser.mapping]
      body = "Message"
    """
    from analyser.ingest.readers import read_export
    from analyser.io import dataset_targets, output_set, refuse_overlapping_paths, write_dataset, write_table

    if timezone:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InputError(f"unknown time zone '{timezone}' (use e.g. UTC or Europe/Amsterdam)") from None
    first = inputs[0] if inputs and inputs[0].exists() else None
    settings = load_cli_settings(config_path, start=first)
    tickets_target, replies_target = dataset_targets(output)
    target = rejects_path or rejects_path_for(output)
    refuse_overlapping_paths(inputs, {"tickets": tickets_target, "replies": replies_target, "rejects": target})
    result = read_export(
        list(inputs),
        fmt,
        timezone=timezone,
        mapping={**settings.mapping, **_mapping(mapping)} or None,
        sheet=sheet,
        speaker_field=speaker_field,
        agent_values=agent_values,
        agent_comments_public=agent_comments_public,
    )
    note = None
    if pseudonymise or pseudonymise_agents:
        from analyser.ingest.pseudonymise import pseudonymise_result

        note = pseudonymise_result(result, settings, agents=pseudonymise_agents, customers=pseudonymise)
    with output_set(output) as outputs:  # the tables and the rejects appear together, or none of them
        tickets_path, replies_path = write_dataset(result.dataset, output, into=outputs)
        if len(result.rejects):
            write_table(result.rejects, target, into=outputs)
    click.echo(result.detection)
    click.echo(result.summary())
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    if note:
        click.echo(note)
    if len(result.rejects):
        click.echo(f"{len(result.rejects)} rejected (file,row,reason) written to {target}")
    click.echo(f"wrote {tickets_path} and {replies_path}")

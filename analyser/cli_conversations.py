"""``ticket-analyser conversations DATASET -o OUT``: one row of conversation features per ticket."""

from __future__ import annotations

import json
from pathlib import Path

import click

from analyser.cli_common import (
    config_option,
    handle_errors,
    language_options,
    load_cli_settings,
    progress_bar,
    summary_format_option,
)
from analyser.settings import with_general


@click.command("conversations")
@click.argument("dataset", metavar="DATASET", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The ticket_features table; the format follows the extension: .csv, .parquet or .jsonl.",
)
@language_options("messages", "message")
@summary_format_option
@config_option
@handle_errors
def conversations(
    dataset: Path,
    output_path: Path,
    language: str | None,
    default_language: str | None,
    output_format: str,
    config_path: Path | None,
) -> None:
    """Conversation features per ticket: the customer's mood, solutions, answered questions, response times.

    DATASET is a directory with tickets and replies tables, or NAME.parquet with NAME.replies.parquet beside it
    (what `ingest` writes); the replies table must hold the whole thread, customer messages included.  Every
    public agent reply and customer message is scored the way `extract` scores a reply, put in order (by
    created_at when every message of the ticket has one) and measured per ticket.

    \b
    Writes OUT (one row per ticket: the columns are listed in docs/conversations.md),
    OUT.rejects.csv (messages whose text could not be scored, with the reason) and OUT.meta.json (counts,
    settings, pipeline).

    \b
    Examples:
      ticket-analyser conversations data/sample_tickets -o ticket_features.parquet
      ticket-analyser conversations tickets.parquet -o ticket_features.csv --format json
    """
    import pandas as pd

    from analyser.conversations import conversation_features
    from analyser.errors import InputError
    from analyser.io import neutralise_frame, output_set, read_dataset, write_json, write_table

    suffix = output_path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".jsonl"):
        raise InputError("the output must end in .csv, .parquet or .jsonl", file=str(output_path))
    settings = with_general(
        load_cli_settings(config_path, start=dataset if dataset.exists() else None),
        language=language,
        default_language=default_language,
    )
    stem = output_path.name[: -len(output_path.suffix)]
    rejects = output_path.with_name(stem + ".rejects.csv")
    meta_path = output_path.with_name(stem + ".meta.json")
    # The three files appear together (or not at all), and a second run on the same output is refused.
    with output_set(output_path) as outputs:
        data = read_dataset(dataset)
        with progress_bar(None, "scoring messages") as bar:
            result = conversation_features(data.replies, settings, tickets=data.tickets, progress=bar.update)
        table = neutralise_frame(result.tickets) if suffix == ".csv" else result.tickets
        write_table(table, output_path, into=outputs)
        write_table(neutralise_frame(result.rejected), rejects, into=outputs)
        read = len(data.replies)
        counts = {
            "messages_read": read,
            "messages_in_threads": len(result.messages),
            "messages_rejected": len(result.rejected),
            "messages_skipped": result.skipped,
            "tickets": len(result.tickets),
            "tickets_with_customer_messages": int((result.tickets["customer_messages"] > 0).sum()),
            "tickets_with_agent_replies": int((result.tickets["agent_replies"] > 0).sum()),
            "tickets_ordered_by_time": int((result.tickets["order_basis"] == "time").sum()),
        }
        meta = {
            "input": str(dataset),
            "output": str(output_path),
            "counts": counts,
            "notes": result.notes,
            "settings": {"language": settings.language, "default-language": settings.default_language},
            "pipeline": result.pipeline,
        }
        write_json(meta, meta_path, into=outputs)
    if output_format == "json":
        click.echo(json.dumps({**meta, "rejects": str(rejects), "metadata": str(meta_path)}, indent=2, default=str))
        return
    skipped = sum(result.skipped.values())
    listed = ", ".join(f"{n} {kind}" for kind, n in result.skipped.items())
    click.echo(
        f"{read} messages read: {len(result.messages)} in {len(result.tickets)} conversations, "
        f"{skipped} skipped{f' ({listed})' if listed else ''}, {len(result.rejected)} rejected"
    )
    tickets = result.tickets
    if len(tickets):
        solution = tickets["solution_offered"].dropna()
        first = tickets["first_reply_hours"].dropna()
        change = tickets["customer_sentiment_change"].dropna()
        parts = []
        if len(solution):
            parts.append(f"solution offered in {solution.mean():.0%} of {len(solution)} tickets")
        if len(first):
            parts.append(f"median first reply {first.median():.1f} h")
        if len(change):
            parts.append(f"customer mood improved in {(change > 0).mean():.0%} of {len(change)} threads")
        if parts:
            click.echo("; ".join(parts))
        unordered = int((tickets["order_basis"] != "time").sum())
        if unordered:
            click.echo(f"  {unordered} tickets lack a timestamp on some message: input order, no time features")
    for note in result.notes:
        click.echo(f"note: {note}")
    if len(result.rejected):
        for reason, count in pd.Series(result.rejected["reason"]).value_counts().items():
            click.echo(f"  rejected {count}: {reason}")
    click.echo(f"ticket features: {output_path}")
    click.echo(f"rejects:  {rejects}")
    click.echo(f"metadata: {meta_path}")

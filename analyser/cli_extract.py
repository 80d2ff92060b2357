"""``ticket-analyser extract``, ``demo`` and ``features``: the foundation's commands."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from analyser.cli_common import (
    config_option,
    handle_errors,
    language_options,
    load_cli_settings,
    progress_bar,
    sample_data,
)
from analyser.engines import engine_options, engine_settings
from analyser.errors import InputError
from analyser.settings import with_general

if TYPE_CHECKING:
    import pandas as pd


def _print_summary(summary, *, timing: bool = True) -> None:
    from analyser.extract import SKIPPED_REASON

    took = f" ({summary.seconds:.1f} s)" if timing else ""
    skipped = f"{summary.rows_skipped} skipped, " if summary.rows_skipped else ""
    click.echo(
        f"{summary.rows_in} rows read: {summary.rows_out} scored, {skipped}{summary.rows_rejected} rejected{took}"
    )
    if summary.languages:
        click.echo("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.languages.items())))
    if summary.other_languages:
        listed = ", ".join(f"{k} {v}" for k, v in summary.other_languages.most_common())
        click.echo(f"  other language (und, no language-bound scores): {listed}")
    undecided = {k: v for k, v in summary.language_bases.items() if k in ("ticket", "default")}
    if undecided:
        click.echo(
            "  too short to tell by themselves: "
            + ", ".join(
                f"{v} took their {'ticket' if k == 'ticket' else 'default'}'s language"
                for k, v in sorted(undecided.items())
            )
        )
    if summary.rows_skipped:
        click.echo(f"  skipped {summary.rows_skipped}: {SKIPPED_REASON} (--all-messages scores them)")
    for reason, count in summary.reasons.most_common():
        click.echo(f"  rejected {count}: {reason}")
    click.echo(f"features: {summary.output}")
    click.echo(f"rejects:  {summary.rejects}")
    click.echo(f"metadata: {summary.metadata}")


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(),  # a str: a trailing / (a folder of parts) must survive
    help="Features file; the format follows the extension: .csv, .parquet or .jsonl.  With --engine dask, "
    "a folder (ending in /) gets one Parquet part per partition.",
)
@click.option(
    "--text-column",
    default=None,
    help="Column holding the reply text (cleaned before scoring).  [default: body_clean when present "
    "(ingest output, already clean), else body]",
)
@click.option(
    "--id-column",
    default=None,
    help="Column that identifies a reply (kept in the output, checked for duplicates).  [default: reply_id]",
)
@language_options("replies", "reply")
@click.option(
    "--model",
    default=None,
    metavar="PIPELINE",
    help="Use an installed trained spaCy pipeline, e.g. en_core_web_sm or nl=nl_core_news_sm "
    "(comma-separated for both); default: the built-in offline lookup pipeline.",
)
@click.option(
    "--all-messages",
    is_flag=True,
    default=None,
    help="Score every message.  By default, when the input says who wrote what (author_role, public), "
    "only public agent replies are scored and the others are counted as skipped.",
)
@click.option("--agent-replies-only", is_flag=True, hidden=True, help="Deprecated: now the default.")
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where rejected rows go (file,row,reason).  [default: OUTPUT.rejects.csv]",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Worker processes scoring chunks side by side; 0 means one per core.  The output is the same "
    "whatever the number.  [default: 0]",
)
@engine_options
@click.option(
    "--partition-size",
    type=click.IntRange(min=1),
    default=None,
    metavar="ROWS",
    help="With --engine dask: input rows per partition (a ticket is never split).  [default: 5000]",
)
@click.option(
    "--resume",
    is_flag=True,
    help="With --engine dask: keep the parts an interrupted run finished (same input rows, same options) and "
    "score the rest.",
)
@config_option
@handle_errors
def extract(
    input_path,
    output_path,
    text_column,
    id_column,
    language,
    default_language,
    model,
    all_messages,
    agent_replies_only,
    rejects_path,
    jobs,
    engine,
    scheduler,
    partition_size,
    resume,
    config_path,
) -> None:
    """Extract tone, politeness, empathy, readability, structure and jargon features, one row per reply.

    INPUT is a CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM or cp1252), a JSONL file or a Parquet
    file with one reply per row, such as the replies table `ingest` writes.  Nothing is downloaded and
    nothing is lost: every input row is scored, skipped (not a public agent reply) or rejected with its
    reason, and the counts are printed.  The output keeps ticket_id, reply_id, agent_id, created_at,
    author_role, public and channel, so placed beside its tickets table (NAME.replies.parquet next to
    NAME.parquet) it is an input to `study` and `audit`, which then do not score again.

    \b
    Examples:
      ticket-analyser extract tickets.replies.parquet -o features.parquet
      ticket-analyser extract export.csv --text-column Message --id-column Id -o features.csv
      ticket-analyser extract replies.jsonl --language nl -o features.jsonl
      ticket-analyser extract replies/ --engine dask --scheduler tcp://10.0.0.5:8786 -o features/

    Column names can be mapped in pyproject.toml (see docs/configuration.md):

    \b
      [tool.ticket-analyser.mapping]
      body = "Message"
      reply_id = "Id"
    """
    if language in (None, "auto"):
        from analyser.language import preload

        preload()  # py3langid's model loads on a second core while spaCy and pandas are imported
    from analyser.extract import extract_file

    settings = load_cli_settings(config_path, start=input_path)
    settings = with_general(settings, language=language, default_language=default_language, model=model)
    settings = engine_settings(settings, engine=engine, scheduler=scheduler, partition_size=partition_size)
    if agent_replies_only:
        click.echo("warning: --agent-replies-only is now the default; the option will go", err=True)
    if settings.engine.name == "dask":
        from analyser.engines import extract_on_dask

        if jobs is not None:
            raise InputError("--jobs is for the local engine; with --engine dask each worker is one process")

        summary = extract_on_dask(
            input_path,
            output_path,
            settings,
            text_column=text_column,
            id_column=id_column,
            all_messages=all_messages,
            rejects_path=rejects_path,
            resume=resume,
        )
        _print_summary(summary)
        return
    if resume:
        raise InputError("--resume continues an --engine dask run; the local engine writes its output in one go")
    if str(output_path).endswith(("/", os.sep)) or Path(output_path).is_dir():
        raise InputError(
            "a folder OUTPUT (one Parquet part per partition) needs --engine dask; the local engine writes one file "
            "(.csv, .parquet or .jsonl)",
            file=str(output_path),
        )
    if Path(input_path).is_dir():
        raise InputError(
            "a folder of input parts needs --engine dask; the local engine reads one file", file=str(input_path)
        )
    with progress_bar(None, "extracting") as bar:
        summary = extract_file(
            input_path,
            Path(output_path),
            settings,
            text_column=text_column,
            id_column=id_column,
            all_messages=all_messages,
            rejects_path=rejects_path,
            progress=bar.update,
            jobs=jobs,
        )
    _print_summary(summary)


def demo_summary(features: pd.DataFrame) -> pd.DataFrame:
    """Per-language table of mean key scores (what the demo prints)."""
    key = ["communication_score", "politeness", "empathy", "sentiment", "flesch_reading_ease", "jargon_ratio"]
    table = features.groupby("language")[key].mean().round(2)
    table.insert(0, "replies", features.groupby("language").size())
    return table


@click.command()
@click.option(
    "-o",
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the demo's outputs.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A dataset folder with replies.csv (default: the bundled sample tickets).",
)
@handle_errors
def demo(output_dir: Path, data_dir: Path | None) -> None:
    """Run the main job on the bundled sample tickets and print a short summary.

    Scores every public agent reply in the bundled sample tickets (English and Dutch, synthetic; in the
    checkout they are data/sample_tickets/) exactly as `extract` does, writes OUTPUT/features.csv with its
    rejects and metadata, and prints the scores per language and per agent.  The demo uses the default
    settings (not your configuration), so it prints the same on every machine.
    """
    from analyser.extract import extract_file
    from analyser.io import ensure_directory
    from analyser.settings import Settings

    bundled = data_dir is None
    data_dir = data_dir or sample_data()
    replies_path = data_dir / "replies.csv"
    if not replies_path.is_file():
        raise InputError("sample replies not found (expected replies.csv)", file=str(data_dir))
    ensure_directory(output_dir)
    features_path = output_dir / "features.csv"
    with progress_bar(None, "extracting") as bar:
        summary = extract_file(replies_path, features_path, Settings(), progress=bar.update)
    import pandas as pd

    features = pd.read_csv(features_path)
    click.echo(f"ticket-analyser demo: {'the bundled sample tickets (synthetic)' if bundled else data_dir}")
    _print_summary(summary, timing=False)
    click.echo("\nMean scores per language:")
    click.echo(demo_summary(features).to_string())
    per_agent = features.groupby("agent_id")["communication_score"].agg(["count", "mean"]).round(1)
    per_agent = per_agent.sort_values("mean", ascending=False).rename(
        columns={"count": "replies", "mean": "communication"}
    )
    click.echo("\nCommunication score per agent (0-100):")
    click.echo(per_agent.to_string())


@click.command(name="features")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "csv", "markdown"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def features_catalogue(output_format: str) -> None:
    """List every feature column: name, family, range, meaning, languages."""
    from analyser.features import catalogue_frame

    table = catalogue_frame()
    if output_format == "json":
        click.echo(json.dumps(table.to_dict(orient="records"), indent=2, ensure_ascii=False))
    elif output_format == "csv":
        click.echo(table.to_csv(index=False), nl=False)
    elif output_format == "markdown":
        click.echo("| feature | family | range | languages | meaning |\n|---|---|---|---|---|")
        for row in table.itertuples():
            click.echo(f"| `{row.name}` | {row.family} | {row.range} | {row.languages} | {row.meaning} |")
    else:
        click.echo(table[["name", "family", "range", "languages", "meaning"]].to_string(index=False))

"""``ticket-analyser extract``, ``demo`` and ``features``: the foundation's commands."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from analyser.cli_common import SAMPLE_DATA, config_option, handle_errors, progress_bar
from analyser.config import check_keys, load_config
from analyser.errors import InputError

EXTRACT_KEYS = ("text_column", "id_column", "language", "model", "chunksize")


def _print_summary(summary) -> None:
    click.echo(
        f"{summary.rows_in} rows read: {summary.rows_out} scored, {summary.rows_rejected} rejected "
        f"({summary.seconds:.1f} s)"
    )
    if summary.languages:
        click.echo("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.languages.items())))
    for reason, count in summary.reasons.most_common():
        click.echo(f"  rejected {count}: {reason}")
    click.echo(f"features: {summary.output}")
    click.echo(f"rejects:  {summary.rejects}")
    click.echo(f"metadata: {summary.metadata}")


@click.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Features file; the format follows the extension: .csv, .parquet or .jsonl.",
)
@click.option(
    "--text-column",
    default=None,
    help="Column holding the reply text.  [default: body_clean when present (ingest output), else body]",
)
@click.option(
    "--id-column", default=None, help="Column that identifies a reply (kept in the output, checked for duplicates)."
)
@click.option(
    "--language",
    type=click.Choice(["auto", "en", "nl"]),
    default=None,
    help="Language of the replies; auto detects it per reply.  [default: auto]",
)
@click.option(
    "--model",
    default=None,
    metavar="PIPELINE",
    help="Use an installed trained spaCy pipeline, e.g. en_core_web_sm or nl=nl_core_news_sm "
    "(comma-separated for both); default: the built-in offline lookup pipeline.",
)
@click.option(
    "--agent-replies-only",
    is_flag=True,
    help="Score only public agent replies (author_role=agent, public=true); others go to rejects.",
)
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where rejected rows go (file,row,reason).  [default: OUTPUT.rejects.csv]",
)
@config_option
@handle_errors
def extract(
    input_path, output_path, text_column, id_column, language, model, agent_replies_only, rejects_path, config_path
) -> None:
    """Extract tone, politeness, empathy, readability, structure and jargon features, one row per reply.

    INPUT is a CSV (comma, semicolon or tab; UTF-8, UTF-8 with BOM or cp1252), a JSONL file or a Parquet
    file with one reply per row.  Nothing is downloaded and nothing is lost: every input row is either in
    the output or in the rejects file with its reason, and the counts are printed.

    \b
    Examples:
      ticket-analyser extract replies.csv -o features.parquet
      ticket-analyser extract export.csv --text-column Message --id-column Id -o features.csv
      ticket-analyser extract replies.jsonl --language nl -o features.jsonl

    Column names can be mapped in pyproject.toml:

    \b
      [tool.ticket-analyser.mapping]
      body = "Message"
      reply_id = "Id"
    """
    from analyser.extract import extract_file

    config = load_config(config_path, start=input_path)
    settings = config.section("extract")
    check_keys(settings, EXTRACT_KEYS, f"{config.path}: [tool.ticket-analyser.extract]")
    mapping = config.section("mapping")
    text_column = text_column or settings.get("text_column")
    id_column = id_column or settings.get("id_column")
    language = language or settings.get("language") or config.data.get("language", "auto")
    model = model or settings.get("model") or config.data.get("model")
    with progress_bar(None, "extracting") as bar:
        summary = extract_file(
            input_path,
            output_path,
            text_column=text_column,
            id_column=id_column,
            language=language,
            model=model,
            mapping=mapping,
            rejects_path=rejects_path,
            agent_replies_only=agent_replies_only,
            chunksize=int(settings.get("chunksize", 2000)),
            progress=bar.update,
        )
    _print_summary(summary)


def demo_summary(features: pd.DataFrame, replies: pd.DataFrame) -> pd.DataFrame:
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

    Extracts features from every public agent reply in data/sample_tickets/ (English and Dutch,
    synthetic), writes OUTPUT/features.csv with its rejects and metadata, and prints the scores per
    language and the agents with the highest and lowest communication scores.
    """
    from analyser.extract import extract_file

    data_dir = data_dir or SAMPLE_DATA
    replies_path = data_dir / "replies.csv"
    if not replies_path.is_file():
        raise InputError("sample replies not found (expected replies.csv)", file=str(data_dir))
    output_dir.mkdir(parents=True, exist_ok=True)
    features_path = output_dir / "features.csv"
    with progress_bar(None, "extracting") as bar:
        summary = extract_file(
            replies_path, features_path, id_column="reply_id", agent_replies_only=True, progress=bar.update
        )
    features = pd.read_csv(features_path)
    replies = pd.read_csv(replies_path, dtype=str)
    click.echo(f"ticket-analyser demo: {data_dir}")
    _print_summary(summary)
    click.echo("\nMean scores per language:")
    click.echo(demo_summary(features, replies).to_string())
    merged = features.merge(replies[["reply_id", "agent_id"]], on="reply_id", how="left")
    per_agent = merged.groupby("agent_id")["communication_score"].agg(["count", "mean"]).round(1)
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

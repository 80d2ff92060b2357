"""``ticket-analyser evaluate``: every score against its labelled data, one table, written as JSON too."""

from __future__ import annotations

import json
from pathlib import Path

import click

from analyser.cli_common import config_option, handle_errors, load_cli_settings
from analyser.evaluation.runner import EVALUATIONS, render, run_all


@click.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder with the labelled sets (default: `data` in [tool.ticket-analyser.evaluate], else ../shared/data "
    "beside the checkout). Absent sets are skipped.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("evaluation.json"),
    show_default=True,
    help="Where to write the table as JSON.",
)
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(list(EVALUATIONS)),
    help="Run only these evaluations (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@config_option
@handle_errors
def evaluate(data_dir: Path | None, output: Path, only: tuple[str, ...], fmt: str, config_path: Path | None) -> None:
    """Validate politeness, empathy, sentiment and readability against human-labelled data.

    Prints one table (data set, metric, our figure, baselines) and writes it as JSON.  Nothing is downloaded:
    the English textstat baseline runs only if NLTK's cmudict is already installed.
    """
    from analyser.evaluation.datasets import default_data_dir

    settings = load_cli_settings(config_path)
    data = data_dir or (Path(settings.evaluate.data) if settings.evaluate.data else default_data_dir())
    result = run_all(data, only=only or None, progress=lambda name: click.echo(f"evaluating {name} ...", err=True))
    output.write_text(json.dumps(result, indent=2, default=float) + "\n", encoding="utf-8")
    click.echo(render(result["rows"], markdown=fmt == "markdown"))
    if result["skipped"]:
        click.echo(f"\nskipped (not found under {data}): {', '.join(result['skipped'])}")
    click.echo(f"\nwritten: {output}")

"""``ticket-analyser study INPUT -o study/``: run the Stelling 1 study and write its report.

Exit codes as everywhere in ticket-analyser: 0 when the study ran (parts that could not run are listed),
2 for bad input or options, with one line saying what is wrong; never a traceback for bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from analyser.errors import AnalyserError


@click.command("study")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(path_type=Path),
    default=Path("study"),
    show_default=True,
    help="Directory for report.html, results.json and tickets.csv.",
)
@click.option("--alpha", type=float, default=0.05, show_default=True, help="Significance level of every test.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the bootstrap resampling.")
@click.option(
    "--communication-cut",
    default="median",
    show_default=True,
    help="Good/poor communication cut: median, mean, or a score from 0 to 100.",
)
@click.option(
    "--aggregate",
    type=click.Choice(["first", "mean", "worst"]),
    default="mean",
    show_default=True,
    help="Which agent reply stands for the ticket: the first, the mean of all, or the worst.",
)
@click.option(
    "--scale",
    type=click.Choice(["1-5", "1-10", "good/bad"]),
    default=None,
    help="Study only tickets rated on this CSAT scale (needed when scales are mixed).",
)
@click.option(
    "--bootstrap",
    "bootstrap",
    type=int,
    default=2000,
    show_default=True,
    help="Bootstrap resamples for the correlation intervals.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Format of the summary printed on stdout.",
)
def study(
    input_path: Path,
    output: Path,
    alpha: float,
    seed: int,
    communication_cut: str,
    aggregate: str,
    scale: str | None,
    bootstrap: int,
    output_format: str,
) -> None:
    """Test whether agents' writing drives CSAT (Stelling 1) and compare agent profiles (Stelling 2).

    INPUT is a dataset: a directory with tickets and replies tables, or NAME.parquet with NAME.replies.parquet
    beside it.  Replies that already carry feature columns (an extract output) are not scored again.
    """
    from analyser.study.config import StudyConfig
    from analyser.study.core import run_study, write_study

    try:
        config = StudyConfig(
            alpha=alpha,
            seed=seed,
            communication_cut=communication_cut,
            aggregate=aggregate,
            scale=scale,
            bootstrap_resamples=bootstrap,
        )
        result = run_study(input_path, config)
        paths = write_study(result, output)
    except AnalyserError as error:
        click.echo(f"ticket-analyser study: error: {error}", err=True)
        sys.exit(2)
    if output_format == "json":
        payload = result.to_dict()
        payload["outputs"] = {name: str(path) for name, path in paths.items()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(result.summary_text())
        click.echo("")
        click.echo(f"Report: {paths['report']}\nResults: {paths['results']}")

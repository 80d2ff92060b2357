"""``ticket-analyser study INPUT -o study/``: run the Stelling 1 study and write its report.

Exit codes as everywhere in ticket-analyser: 0 when the study ran (parts that could not run are listed),
2 for bad input, options or configuration, with one line saying what is wrong; never a traceback for bad
input.  Settings may also live in ``[tool.ticket-analyser.study]`` (keys as the long options without the
dashes, see docs/configuration.md); options given on the command line win.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from analyser.cli_common import config_option, handle_errors, load_cli_settings, summary_format_option
from analyser.engines import engine_options, engine_settings
from analyser.settings import StudySettings, override


@click.command("study")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("study"),
    show_default=True,
    help="Directory for report.html, results.json and tickets.csv.",
)
@click.option(
    "--alpha", type=float, default=None, help=f"Significance level of every test.  [default: {StudySettings.alpha}]"
)
@click.option(
    "--seed", type=int, default=None, help=f"Seed of the bootstrap resampling.  [default: {StudySettings.seed}]"
)
@click.option(
    "--communication-cut",
    default=None,
    help=f"Good/poor communication cut: median, mean, or a score from 0 to 100.  [default: {StudySettings.communication_cut}]",
)
@click.option(
    "--aggregate",
    type=click.Choice(["first", "mean", "worst"]),
    default=None,
    help="Which agent reply stands for the ticket: the first, the mean of all, or the worst.  "
    f"[default: {StudySettings.aggregate}]",
)
@click.option(
    "--scale",
    type=click.Choice(["1-5", "1-10", "good/bad"]),
    default=None,
    help="Study only tickets rated on this CSAT scale (needed when scales are mixed).",
)
@click.option(
    "--bootstrap",
    type=int,
    default=None,
    help=f"Bootstrap resamples for correlation intervals.  [default: {StudySettings.bootstrap_resamples}]",
)
@click.option(
    "--features",
    "features_path",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FOLDER",
    help="Take the scored replies from this folder of feature parts (written by `extract --engine dask "
    "-o FOLDER/`) instead of the dataset's replies table; INPUT then only gives the tickets.",
)
@engine_options
@summary_format_option
@config_option
@handle_errors
def study(
    input_path: Path,
    output: Path,
    alpha: float | None,
    seed: int | None,
    communication_cut: str | None,
    aggregate: str | None,
    scale: str | None,
    bootstrap: int | None,
    features_path: Path | None,
    engine: str | None,
    scheduler: str | None,
    output_format: str,
    config_path: Path | None,
) -> None:
    """Test whether agents' writing drives CSAT (Stelling 1) and compare agent profiles (Stelling 2).

    INPUT is a dataset: a directory with tickets and replies tables, or NAME.parquet with NAME.replies.parquet
    beside it.  Replies that already carry feature columns (an extract output) are not scored again.
    Method: docs/study.md.

    For millions of replies, score them with `extract --engine dask` into a folder of parts and give that
    folder with --features; with --engine dask the replies are aggregated to tickets on the cluster, so only
    one row per ticket is held here (docs/scale.md).

    \b
    Examples:
      ticket-analyser study data/sample_tickets -o study/
      ticket-analyser study tickets.parquet --features features/ --engine dask -o study/
    """
    from analyser.study.core import run_study, write_study

    settings = load_cli_settings(config_path, start=input_path)
    study_config = override(
        settings.study,
        alpha=alpha,
        seed=seed,
        communication_cut=communication_cut,
        aggregate=aggregate,
        scale=scale,
        bootstrap_resamples=bootstrap,
    )
    settings = engine_settings(settings, engine=engine, scheduler=scheduler)
    result = run_study(input_path, study_config, settings=settings, features=features_path)
    paths = write_study(result, output)
    if output_format == "json":
        payload = result.to_dict()
        payload["outputs"] = {name: str(path) for name, path in paths.items()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(result.summary_text())
        click.echo("")
        click.echo(f"Report: {paths['report']}\nResults: {paths['results']}")

"""``ticket-analyser study INPUT -o study/``: run the Stelling 1 study and write its report.

Exit codes as everywhere in ticket-analyser: 0 when the study ran (parts that could not run are listed),
2 for bad input, options or configuration, with one line saying what is wrong; never a traceback for bad
input.  Settings may also live in ``[tool.ticket-analyser.study]`` (keys as the long options without the
dashes: ``alpha``, ``seed``, ``communication-cut``, ``aggregate``, ``scale``, ``bootstrap``); options given
on the command line win.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from analyser.cli_common import config_option, handle_errors, summary_format_option

STUDY_KEYS = ("alpha", "seed", "communication-cut", "aggregate", "scale", "bootstrap")
DEFAULTS: dict[str, Any] = {
    "alpha": 0.05,
    "seed": 42,
    "communication-cut": "median",
    "aggregate": "mean",
    "scale": None,
    "bootstrap": 2000,
}


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
@click.option("--alpha", type=float, default=None, help="Significance level of every test.  [default: 0.05]")
@click.option("--seed", type=int, default=None, help="Seed of the bootstrap resampling.  [default: 42]")
@click.option(
    "--communication-cut",
    default=None,
    help="Good/poor communication cut: median, mean, or a score from 0 to 100.  [default: median]",
)
@click.option(
    "--aggregate",
    type=click.Choice(["first", "mean", "worst"]),
    default=None,
    help="Which agent reply stands for the ticket: the first, the mean of all, or the worst.  [default: mean]",
)
@click.option(
    "--scale",
    type=click.Choice(["1-5", "1-10", "good/bad"]),
    default=None,
    help="Study only tickets rated on this CSAT scale (needed when scales are mixed).",
)
@click.option(
    "--bootstrap", type=int, default=None, help="Bootstrap resamples for correlation intervals.  [default: 2000]"
)
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
    output_format: str,
    config_path: Path | None,
) -> None:
    """Test whether agents' writing drives CSAT (Stelling 1) and compare agent profiles (Stelling 2).

    INPUT is a dataset: a directory with tickets and replies tables, or NAME.parquet with NAME.replies.parquet
    beside it.  Replies that already carry feature columns (an extract output) are not scored again.
    Method: docs/study.md.
    """
    from analyser.config import check_keys, load_config
    from analyser.study.config import StudyConfig
    from analyser.study.core import run_study, write_study

    config = load_config(config_path, start=input_path)
    settings = config.section("study")
    check_keys(settings, STUDY_KEYS, f"{config.path}: [tool.ticket-analyser.study]")
    given = {
        "alpha": alpha,
        "seed": seed,
        "communication-cut": communication_cut,
        "aggregate": aggregate,
        "scale": scale,
        "bootstrap": bootstrap,
    }
    value = {key: given[key] if given[key] is not None else settings.get(key, DEFAULTS[key]) for key in STUDY_KEYS}
    study_config = StudyConfig(
        alpha=float(value["alpha"]),
        seed=int(value["seed"]),
        communication_cut=value["communication-cut"],
        aggregate=value["aggregate"],
        scale=value["scale"],
        bootstrap_resamples=int(value["bootstrap"]),
    )
    result = run_study(input_path, study_config)
    paths = write_study(result, output)
    if output_format == "json":
        payload = result.to_dict()
        payload["outputs"] = {name: str(path) for name, path in paths.items()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(result.summary_text())
        click.echo("")
        click.echo(f"Report: {paths['report']}\nResults: {paths['results']}")

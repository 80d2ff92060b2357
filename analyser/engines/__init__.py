"""Where the work runs: in this process (``local``, the default) or on a Dask cluster (``dask``).

:mod:`analyser.engines.partitions` cuts an input into partitions that never split a ticket and holds the task
every engine runs on one partition (it calls :func:`analyser.extract.score_chunk`, the one unit of work);
:mod:`analyser.engines.dask_engine` runs those tasks on a ``dask.distributed`` cluster, writes one output part
per partition and resumes a broken run.  ``study --features FOLDER/`` reads such a folder of feature parts
(:mod:`analyser.engines.feature_parts`), and with ``--engine dask`` aggregates it to tickets on the cluster
(:mod:`analyser.engines.dask_study`).  ``audit`` has no Dask engine (docs/scale.md says why).  Only the Dask
modules need the ``[dask]`` extra.  How to use it: docs/scale.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])
ENGINES = ("local", "dask")


def engine_options(function: F) -> F:
    """``--engine local|dask`` and ``--scheduler ADDRESS``: the same options, help and meaning on every command
    that can run on a cluster (``extract`` and ``study``)."""
    function = click.option(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="With --engine dask: a running Dask scheduler (tcp://host:8786).  [default: start a LocalCluster "
        "on this machine, one worker per core]",
    )(function)
    return click.option(
        "--engine",
        type=click.Choice(ENGINES),
        default=None,
        help="local: this process; dask: a Dask cluster (the [dask] extra; docs/scale.md).  [default: local]",
    )(function)


def engine_settings(settings, *, engine: str | None = None, scheduler: str | None = None, **values: Any):
    """``settings`` with the engine options given on the command line (``--scheduler`` alone means dask)."""
    import dataclasses

    from analyser.settings import override

    if scheduler and engine is None:
        engine = "dask"
    section = override(settings.engine, name=engine, scheduler=scheduler, **values)
    return dataclasses.replace(settings, engine=section)


def _echo(message: str) -> None:
    click.echo(message, err=True)


def part_progress(description: str):
    """A progress bar over partitions (on an interactive terminal only, like every other bar)."""
    from tqdm.auto import tqdm

    from analyser.cli_common import show_progress

    return tqdm(total=None, desc=description, unit="part", disable=not show_progress(), leave=False)


def extract_on_dask(input_path, output_path, settings, **options: Any):
    """``extract --engine dask`` for the command line: the one-line message when the [dask] extra is missing,
    notes on stderr, a progress bar over partitions; the work is :func:`analyser.engines.dask_engine.extract_dask`."""
    from analyser.engines.dask_engine import require_dask

    require_dask("extract")
    from analyser.engines.dask_engine import extract_dask

    with part_progress("extracting") as bar:

        def progress(done: int, total: int) -> None:
            if bar.total != total:
                bar.total = total
            bar.n = done
            bar.refresh()

        return extract_dask(input_path, output_path, settings, progress=progress, echo=_echo, **options)


__all__ = ["ENGINES", "engine_options", "engine_settings", "extract_on_dask"]

"""``extract`` on a ``dask.distributed`` cluster (the ``[dask]`` extra).

extract
    The input (a file, or a folder or glob of Parquet/CSV parts) is read once here and cut into partitions of
    whole tickets (:func:`analyser.engines.partitions.plan_input`); each partition is one task that runs
    :func:`analyser.engines.partitions.score_partition` (which calls :func:`analyser.extract.score_chunk`, the
    one unit of work) on a worker, and comes back as one output part, written here atomically with its record
    (row counts, the checksum of its input rows and options) in the Parquet footer.  Workers read and write no
    files, so any cluster will do; reading, staging and writing happen where the command runs.  The run is
    finished when ``meta.json`` is written; ``--resume`` keeps every part whose record matches its partition.

``study --features FOLDER/ --engine dask`` aggregates such a folder of parts on the cluster:
:mod:`analyser.engines.dask_study`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.engines.partitions import (
    OUTPUT_FILE_COLUMN,
    Plan,
    check_schemas,
    fingerprint,
    input_files,
    partition_sha256,
    plan_input,
    read_partition,
    score_partition,
)
from analyser.errors import AnalyserError, InputError
from analyser.extract import (
    OUTPUT_FORMATS,
    ChunkResult,
    ExtractSummary,
    _append,
    _reason_kind,
    _sha256,
    _write_empty,
)
from analyser.ingest.generic import rejects_frame
from analyser.io import (
    OutputSet,
    atomic_path,
    ensure_directory,
    output_set,
    refuse_overlapping_paths,
    write_json,
    write_table,
)
from analyser.scoring import feature_dtypes
from analyser.settings import EngineSettings, Settings

Echo = Callable[[str], None]
#: (parts finished, parts in the run): called as each part is written or found complete.
Progress = Callable[[int, int], None]
PART_NAME = "part-{:05d}.parquet"
PART_KEY = b"ticket_analyser_part"  # the part's record, in its Parquet footer
PIPELINE_KEY = b"ticket_analyser"  # the pipeline description, as extract_file writes it


def require_dask(command: str) -> None:
    """Stop with the one-line missing-extra message when the [dask] extra is not installed."""
    from analyser.cli import missing_extra_message, missing_requirements

    missing = [name for name in missing_requirements("dask") if name != "bokeh"]  # no dashboard is no error
    for module in ("dask.dataframe", "distributed"):
        try:
            __import__(module)
        except ImportError as error:
            missing.append((error.name or module).split(".")[0])
    if missing:
        raise AnalyserError(missing_extra_message(f"{command} --engine dask", "dask", sorted(set(missing))))


# --- the cluster ------------------------------------------------------------------------------------------


def local_workers(engine: EngineSettings) -> int:
    """Workers of a LocalCluster: the setting, else one per core this process may use."""
    if engine.workers:
        return engine.workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _prepare_plugin():
    from distributed.diagnostics.plugin import WorkerPlugin

    class PrepareWorker(WorkerPlugin):
        """Runs once in each worker process: registers the Doc extensions the components write to.

        The pipelines themselves are built on a worker's first task and kept for the next ones
        (:func:`analyser.nlp.pipeline.build_pipeline` caches per process); they never travel with a task."""

        name = "ticket-analyser-prepare"

        def setup(self, worker) -> None:
            import analyser.nlp.components  # noqa: F401

    return PrepareWorker()


@contextmanager
def dask_client(
    engine: EngineSettings, echo: Echo | None = None, *, command: str = "extract", nlp: bool = True
) -> Iterator[Any]:
    """A ``distributed.Client``: connected to ``engine.scheduler``, or to a LocalCluster started here.

    An unreachable scheduler is one line naming the address (:class:`InputError`, exit 2) after at most
    ``connect-timeout`` seconds.  A LocalCluster listens on 127.0.0.1 only, with one single-threaded worker
    process per core, and its dashboard address is printed.  ``command`` is named in the missing-extra message;
    ``nlp`` registers the Doc extensions on the workers (scoring needs them, the study's aggregation does not).
    """
    require_dask(command)
    from distributed import Client, LocalCluster

    echo = echo or (lambda message: None)
    cluster = None
    if engine.scheduler:
        try:
            client = Client(engine.scheduler, timeout=engine.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise InputError(
                f"cannot reach the Dask scheduler ({reason[:160]}); is `dask scheduler` running there?",
                file=engine.scheduler,
            ) from None
    else:
        workers = local_workers(engine)
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            memory_limit=engine.memory_limit,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster, set_as_default=False)
        dashboard = "dashboard" in getattr(cluster.scheduler, "services", {})
        link = client.dashboard_link if dashboard else "none (install bokeh for it)"
        echo(f"Dask LocalCluster: {workers} worker(s) on this machine; dashboard: {link}")
    try:
        if nlp:
            register = getattr(client, "register_plugin", None) or client.register_worker_plugin
            register(_prepare_plugin())
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _cluster_failure(error: BaseException, what: str) -> AnalyserError:
    """A worker or the scheduler lost mid-run: one line, and how to finish the run."""
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    return AnalyserError(
        f"the Dask cluster failed while {what} ({type(error).__name__}: {reason}); the parts finished so far "
        "are kept: run the same command with --resume to finish"
    )


def _cluster_errors() -> tuple[type[BaseException], ...]:
    from distributed import CancelledError
    from distributed import TimeoutError as DaskTimeout
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    return (KilledWorker, CancelledError, CommClosedError, DaskTimeout, OSError)


# --- where the output goes ----------------------------------------------------------------------------------


def is_directory_output(path: str | Path) -> bool:
    """OUTPUT ending in ``/`` (or an existing folder) is written as partitioned Parquet."""
    return str(path).endswith(("/", os.sep)) or Path(path).is_dir()


@dataclass
class Layout:
    """Where a run's files go.  A folder OUTPUT holds the parts (``part-00000.parquet``...) and, in folders
    that Parquet readers skip, each part's rejects (``_rejects/``) and the staged input (``_staging/``); its
    rejects and ``meta.json`` go beside it (``OUTPUT.rejects.csv``, ``OUTPUT.meta.json``), as for a file
    OUTPUT, so ``pandas.read_parquet(OUTPUT)`` reads exactly the parts.  A file OUTPUT is assembled from parts
    kept in ``.NAME.parts/`` beside it, which is removed when the run is finished."""

    output: Path
    directory: bool
    parts: Path
    rejects: Path
    meta: Path

    @classmethod
    def of(cls, output: str | Path, rejects: str | Path | None = None) -> Layout:
        directory = is_directory_output(output)
        output = Path(output)
        if directory:
            parts = output
        else:
            if output.suffix.lower() not in OUTPUT_FORMATS:
                raise InputError(
                    f"unknown output format '{output.suffix}': use {', '.join(OUTPUT_FORMATS)}, or end the path "
                    "with / for a folder of Parquet parts",
                    file=str(output),
                )
            parts = output.with_name(f".{output.name}.parts")
        stem = output.name if directory else output.stem
        return cls(
            output=output,
            directory=directory,
            parts=parts,
            rejects=Path(rejects) if rejects else output.with_name(stem + ".rejects.csv"),
            meta=output.with_name(stem + ".meta.json"),
        )

    @property
    def part_rejects(self) -> Path:
        return self.parts / "_rejects"

    @property
    def staging(self) -> Path:
        return self.parts / "_staging"

    def part(self, index: int) -> Path:
        return self.parts / PART_NAME.format(index)

    def rejects_of(self, index: int) -> Path:
        return self.part_rejects / PART_NAME.format(index)

    def start(self, resume: bool) -> None:
        """Make the folders; the run is unfinished until meta.json is written again, so it goes first.  Without
        ``--resume``, parts of an earlier run are removed (only files this engine writes)."""
        if self.meta.exists():
            self.meta.unlink()
        ensure_directory(self.parts, output=self.output)
        ensure_directory(self.part_rejects, output=self.output)
        for folder in (self.parts, self.part_rejects):  # temporaries of a run killed mid-write (we hold the lock)
            for left in folder.glob(".part-*.parquet.*.part"):
                left.unlink()
        if not resume:
            for old in self.parts.glob("part-*.parquet"):
                old.unlink()
            for old in self.part_rejects.glob("part-*.parquet"):
                old.unlink()

    def remove_parts_from(self, count: int) -> None:
        """Parts numbered ``count`` and up belong to an earlier plan (the input shrank): not part of this run."""
        for folder in (self.parts, self.part_rejects):
            for old in folder.glob("part-*.parquet"):
                if int(old.stem.split("-")[1]) >= count:
                    old.unlink()

    def finish(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if not self.directory:
            shutil.rmtree(self.parts, ignore_errors=True)


def output_schema(columns: list[str], id_column: str | None):
    """The Arrow schema every part is written with, so all parts (and resumed ones) share one schema."""
    import pyarrow as pa

    frame = feature_dtypes(pd.DataFrame({name: pd.Series([], dtype=object) for name in columns}))
    frame["row"] = frame["row"].astype("int64")
    for name in (id_column, OUTPUT_FILE_COLUMN):
        if name and name in frame.columns:
            frame[name] = frame[name].astype("string")
    return pa.Schema.from_pandas(frame, preserve_index=False)


def _part_frame(features: pd.DataFrame, columns: list[str], id_column: str | None) -> pd.DataFrame:
    frame = feature_dtypes(features.reindex(columns=columns))
    frame["row"] = frame["row"].astype("int64")
    for name in (id_column, OUTPUT_FILE_COLUMN):
        if name and name in frame.columns:
            frame[name] = frame[name].astype("string")
    return frame


def write_part(
    layout: Layout, index: int, result: ChunkResult, record: dict[str, Any], columns: list[str], schema, plan: Plan
) -> None:
    """One finished part: its rejects first, then the part itself (atomically: the part is the proof)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rejects = result.rejects.astype({"file": "string", "reason": "string"}).astype({"row": "int64"})
    with atomic_path(layout.rejects_of(index)) as temporary:
        rejects.to_parquet(temporary, index=False)
    frame = _part_frame(result.features, columns, plan.id_column)
    table = pa.Table.from_pandas(frame, preserve_index=False).cast(schema)
    metadata = {
        **(table.schema.metadata or {}),
        PIPELINE_KEY: json.dumps(result.pipeline).encode(),
        PART_KEY: json.dumps(record).encode(),
    }
    with atomic_path(layout.part(index)) as temporary:
        pq.write_table(table.replace_schema_metadata(metadata), temporary)


def complete_record(layout: Layout, index: int, sha256: str, rows_in: int) -> dict[str, Any] | None:
    """The record of part ``index`` when it is complete for this partition (same input checksum and row count,
    its rows and rejects all there), else None: the part is scored again."""
    import pyarrow.parquet as pq

    path, rejects = layout.part(index), layout.rejects_of(index)
    if not path.is_file() or not rejects.is_file():
        return None
    try:
        metadata = pq.read_metadata(path)
        record = json.loads((metadata.metadata or {}).get(PART_KEY, b"{}"))
        rejected = pq.read_metadata(rejects).num_rows
    except (OSError, ValueError, Exception):  # a damaged part is not a complete one
        return None
    if (
        record.get("input_sha256") != sha256
        or record.get("rows_in") != rows_in
        or record.get("rows_out") != metadata.num_rows
        or record.get("rejected") != rejected
    ):
        return None
    return record


def _record(index: int, sha256: str, rows_in: int, result: ChunkResult) -> dict[str, Any]:
    features = result.features
    counts = {"languages": Counter(), "other_languages": Counter(), "language_basis": Counter()}
    if len(features):
        counts["languages"].update(features["language"].astype(str))
        counts["other_languages"].update(features["other_language"].dropna().astype(str))
        counts["language_basis"].update(features["language_basis"].astype(str))
    return {
        "part": PART_NAME.format(index),
        "input_sha256": sha256,
        "rows_in": rows_in,
        "rows_out": len(features),
        "skipped": int(result.skipped),
        "rejected": len(result.rejects),
        "pipeline": result.pipeline,
        **{key: dict(value) for key, value in counts.items()},
    }


# --- extract ----------------------------------------------------------------------------------------------


def extract_dask(
    input_path: str | Path,
    output_path: str | Path,
    settings: Settings | None = None,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    all_messages: bool | None = None,
    rejects_path: str | Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    echo: Echo | None = None,
) -> ExtractSummary:
    """``extract`` on a Dask cluster: the same rows and values as :func:`analyser.extract.extract_file`.

    ``settings.engine`` says where (``scheduler``, or a LocalCluster of ``workers``) and how finely
    (``partition-size``).  OUTPUT ending in ``/`` (or an existing folder) is a folder of Parquet parts, one per
    partition; a file OUTPUT (.parquet, .csv, .jsonl) is assembled from the parts at the end, in partition order
    (the input order when the input is grouped by ticket, as ``ingest`` writes it).  ``resume`` keeps the parts
    of an earlier run whose record matches (rows in, input checksum, options) and scores the rest.
    Counts, rejects and metadata cover every partition: rows in = scored + skipped + rejected.
    """
    started = time.perf_counter()
    settings = settings or Settings()
    echo = echo or (lambda message: None)
    text_column = text_column or settings.extract.text_column
    id_column = id_column or settings.extract.id_column
    all_messages = settings.extract.all_messages if all_messages is None else all_messages
    require_dask("extract")
    files = input_files(input_path)
    check_schemas(files)
    layout = Layout.of(output_path, rejects_path)
    _refuse_overlap(Path(input_path), files, layout)
    # The lock is held for the whole run (a second run on the same OUTPUT would mix its parts with ours); the
    # final outputs (assembled file, rejects, meta.json last) are staged in one OutputSet and appear together,
    # while each part is its own atomic file, kept by a failed run for --resume.
    with output_set(layout.output) as outputs:
        layout.start(resume)
        with dask_client(settings.engine, echo) as client:
            plan = plan_input(
                files,
                settings,
                staging=layout.staging,
                text_column=text_column,
                id_column=id_column,
                partition_size=settings.engine.partition_size,
            )
            layout.remove_parts_from(len(plan.partitions))
            records = _run_partitions(client, plan, layout, settings, all_messages, resume, progress, echo)
        summary = _finish(plan, layout, records, settings, all_messages, Path(input_path), started, outputs)
    layout.finish()
    return summary


def _refuse_overlap(input_path: Path, files: list[Path], layout: Layout) -> None:
    outputs = {"output": layout.output, "rejects": layout.rejects, "metadata": layout.meta}
    refuse_overlapping_paths(files, outputs)
    if input_path.is_dir() and layout.directory and input_path.resolve() == layout.output.resolve():
        raise InputError("the output folder is the input folder; choose another", file=str(layout.output))


def _run_partitions(
    client,
    plan: Plan,
    layout: Layout,
    settings: Settings,
    all_messages: bool,
    resume: bool,
    progress: Progress | None,
    echo: Echo,
) -> dict[int, dict[str, Any]]:
    """Submit the partitions that are not complete yet, a few per worker at a time, and write each part as it
    comes back (in whatever order the workers finish)."""
    from distributed import as_completed

    options = fingerprint(settings, plan, all_messages)
    schema = output_schema(plan.columns, plan.id_column)
    task_options = {
        "sources": plan.sources,
        "text_column": plan.text_column,
        "id_column": plan.id_column,
        "ticket_languages": plan.ticket_languages,
        "all_messages": all_messages,
    }
    total = len(plan.partitions)
    records: dict[int, dict[str, Any]] = {}
    pending: dict[Any, tuple[int, str, int]] = {}
    window = max(2, 2 * sum(client.nthreads().values()))
    queue = iter(plan.partitions)
    finished = as_completed(loop=client.loop)
    kept = 0

    def submit_next() -> bool:
        nonlocal kept
        for partition in queue:
            rows = read_partition(partition)
            sha = partition_sha256(rows, options)
            rows_in = int((~rows["_duplicate"]).sum()) if len(rows) else 0
            record = complete_record(layout, partition.index, sha, rows_in) if resume else None
            if record is not None:
                records[partition.index] = record
                kept += 1
                if progress:
                    progress(len(records), total)
                continue
            future = client.submit(
                score_partition,
                rows,
                settings,
                key=f"ticket-analyser-part-{partition.index}-{sha[:12]}",
                **task_options,
            )
            pending[future] = (partition.index, sha, rows_in)
            finished.add(future)
            return True
        return False

    for _ in range(window):
        if not submit_next():
            break
    errors = _cluster_errors()
    for future in finished:
        index, sha, rows_in = pending.pop(future)
        try:
            result = future.result()
        except errors as error:
            raise _cluster_failure(error, f"scoring part {index}") from None
        record = _record(index, sha, rows_in, result)
        write_part(layout, index, result, record, plan.columns, schema, plan)
        records[index] = record
        future.release()
        if progress:
            progress(len(records), total)
        submit_next()
    if kept:
        echo(f"resumed: {kept} of {total} parts were already complete and kept")
    return records


def _finish(
    plan: Plan,
    layout: Layout,
    records: dict[int, dict[str, Any]],
    settings: Settings,
    all_messages: bool,
    input_path: Path,
    started: float,
    outputs: OutputSet,
) -> ExtractSummary:
    """Rejects and counts over every part, the assembled file (for a file OUTPUT), and meta.json last, all
    staged in ``outputs`` (the run's :class:`~analyser.io.OutputSet`: they appear together when it commits)."""
    import pyarrow.parquet as pq

    ordered = [records[index] for index in range(len(plan.partitions))]
    summary = ExtractSummary(output=str(layout.output), rejects=str(layout.rejects))
    summary.rows_in = plan.rows_in
    for record in ordered:
        summary.rows_out += record["rows_out"]
        summary.rows_skipped += record["skipped"]
        summary.languages.update(record["languages"])
        summary.other_languages.update(record["other_languages"])
        summary.language_bases.update(record["language_basis"])
    pipeline = next((r["pipeline"] for r in ordered if r.get("pipeline")), {})
    frames = [plan.rejects] + [pd.read_parquet(layout.rejects_of(index)) for index in range(len(ordered))]
    frames = [frame for frame in frames if len(frame)]
    rejects = pd.concat(frames, ignore_index=True) if frames else rejects_frame()
    order = {source: number for number, source in enumerate(plan.sources)}
    rejects = (
        rejects.assign(_file=rejects["file"].map(order).fillna(len(order)), row=rejects["row"].astype("int64"))
        .sort_values(["_file", "row"], kind="stable")
        .drop(columns=["_file"])
        .reset_index(drop=True)
    )
    summary.rows_rejected = len(rejects)
    summary.reasons = Counter(_reason_kind(reason) for reason in rejects["reason"])
    if summary.rows_in != summary.rows_out + summary.rows_skipped + summary.rows_rejected:  # pragma: no cover
        raise RuntimeError(f"row accounting failed: {summary.as_dict()}")
    if not layout.directory:
        suffix = layout.output.suffix.lower()
        temporary = outputs.stage(layout.output)
        writer = None
        for index in range(len(ordered)):
            frame = pq.read_table(layout.part(index)).to_pandas()
            if len(frame):
                writer = _append(frame, temporary, suffix, writer, pipeline)
        if writer is not None and suffix == ".parquet":
            writer.close()
        if writer is None:
            empty = _part_frame(pd.DataFrame(columns=plan.columns), plan.columns, plan.id_column)
            _write_empty(empty, temporary, suffix)
    write_table(rejects, layout.rejects, into=outputs)
    summary.seconds = time.perf_counter() - started
    summary.metadata = str(layout.meta)
    engine = settings.engine
    if len(plan.files) == 1:
        described: dict[str, Any] = {"path": str(plan.files[0]), "sha256": _sha256(plan.files[0])}
    else:
        described = {"path": str(input_path), "files": [{"path": str(p), "sha256": _sha256(p)} for p in plan.files]}
    write_json(
        {
            "input": described,
            "options": {
                "text_column": plan.text_column,
                "id_column": plan.id_column,
                "language": settings.language,
                "default_language": settings.default_language,
                "model": settings.model,
                "all_messages": all_messages,
                "chunksize": settings.extract.chunksize,
                "mapping": dict(settings.mapping),
                "settings_file": str(settings.path) if settings.path else None,
                "engine": "dask",
                "scheduler": engine.scheduler or f"LocalCluster ({local_workers(engine)} workers)",
                "partition_size": engine.partition_size,
            },
            "counts": summary.as_dict(),
            "pipeline": pipeline,
            "partitioned_by": "ticket_id" if plan.by_ticket else None,
            "parts": [
                {key: record[key] for key in ("part", "rows_in", "rows_out", "skipped", "rejected", "input_sha256")}
                for record in ordered
            ]
            if layout.directory
            else [],
        },
        layout.meta,
        into=outputs,
    )
    return summary


__all__ = ["Layout", "dask_client", "extract_dask", "is_directory_output", "require_dask"]

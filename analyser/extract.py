"""``extract`` as a library function: a file of replies in, a file of features out, nothing lost.

The input is streamed in chunks (memory stays flat as it grows); each chunk goes through
:func:`score_chunk`, which is :func:`analyser.scoring.score_replies` plus the bookkeeping of row numbers and
rejects, and whose scored rows are appended to a temporary output that is renamed into place only when the
whole run succeeded.  Every input row is accounted for::

    rows in = scored + skipped (not a public agent reply) + rejected (with a reason)

and the summary and ``OUTPUT.meta.json`` say so.  When the input has tickets and the language is detected,
a first pass over the file learns each ticket's language (from all its messages), so that a short reply
takes its own ticket's language whatever chunk it falls in.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyser.errors import InputError
from analyser.features import FEATURE_COLUMNS
from analyser.ingest.generic import ROW_COLUMN, apply_mapping, iter_table, rejects_frame
from analyser.io import output_set, refuse_overlapping_paths, write_json, write_table
from analyser.language import TicketLanguages
from analyser.scoring import (
    PASS_THROUGH,
    SCORED_COLUMNS,
    TEXT_COLUMN,
    feature_dtypes,
    reject_reason,
    replies_to_score,
    score_replies,
    text_column_of,
    texts_of,
)
from analyser.settings import Settings

OUTPUT_FORMATS = (".csv", ".parquet", ".jsonl")
SKIPPED_REASON = "not a public agent reply (customer message, system message or internal note)"


@dataclass
class ExtractSummary:
    """Counts of one run: ``rows_in == rows_out + rows_skipped + rows_rejected`` by construction (and checked)."""

    rows_in: int = 0
    rows_out: int = 0
    rows_skipped: int = 0
    rows_rejected: int = 0
    reasons: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    other_languages: Counter = field(default_factory=Counter)
    language_bases: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    output: str = ""
    rejects: str = ""
    metadata: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_skipped": self.rows_skipped,
            "rows_rejected": self.rows_rejected,
            "reject_reasons": dict(self.reasons),
            "languages": dict(self.languages),
            "other_languages": dict(self.other_languages),
            "language_basis": dict(self.language_bases),
            "seconds": round(self.seconds, 2),
            "output": self.output,
            "rejects": self.rejects,
            "metadata": self.metadata,
        }

    def add(self, chunk: ChunkResult) -> None:
        self.rows_out += len(chunk.features)
        self.rows_skipped += chunk.skipped
        if len(chunk.features):
            self.languages.update(chunk.features["language"].astype(str))
            self.other_languages.update(chunk.features["other_language"].dropna().astype(str))
            self.language_bases.update(chunk.features["language_basis"].astype(str))


@dataclass
class ChunkResult:
    """What :func:`score_chunk` returns: scored rows, rejected rows (file, row, reason), skipped count."""

    features: pd.DataFrame
    rejects: pd.DataFrame
    skipped: int
    pipeline: dict
    columns: tuple[str, ...] = ()  # the input chunk's columns (which pass-through columns the output has)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def score_chunk(
    rows: pd.DataFrame,
    settings: Settings,
    *,
    source: str,
    text_column: str,
    id_column: str | None,
    ticket_languages: TicketLanguages | None = None,
    progress: Callable[[int], None] | None = None,
) -> ChunkResult:
    """Score one chunk of input rows (with their ``_row`` numbers): the unit of work of ``extract``.

    A pure function of its arguments, so it gives the same rows whichever process runs it (``--jobs``,
    a Dask worker).  Rows it cannot score come back as rejects naming ``source`` and the row number.
    """
    keep = [ROW_COLUMN, *([id_column] if id_column else [])]
    scored = score_replies(
        rows, settings, text_column=text_column, ticket_languages=ticket_languages, keep_columns=keep, progress=progress
    )
    rejects = rejects_frame(
        [
            {"file": source, "row": int(rows.loc[index, ROW_COLUMN]), "reason": reason}
            for index, reason in zip(scored.rejected["index"], scored.rejected["reason"], strict=True)
        ]
    )
    features = scored.features.rename(columns={ROW_COLUMN: "row"})
    features["row"] = features["row"].astype("int64")
    if id_column:
        features[id_column] = features[id_column].astype("string")
    return ChunkResult(
        features=features,
        rejects=rejects,
        skipped=scored.skipped,
        pipeline=scored.pipeline,
        columns=tuple(rows.columns),
    )


def resolve_jobs(jobs: int | None) -> int:
    """Worker processes for ``jobs``: 0 or None means one per core this process may use."""
    if jobs:
        return max(1, int(jobs))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _score_chunk_job(rows: pd.DataFrame, settings: Settings, options: dict) -> ChunkResult:
    """What a worker process runs: :func:`score_chunk` (its pipelines are built once per process and kept)."""
    return score_chunk(rows, settings, **options)


class ChunkScorer:
    """Runs :func:`score_chunk` on successive chunks, in this process (``jobs=1``) or in a pool of ``jobs``
    worker processes, and hands the results back in the order the chunks were submitted.

    Workers return feature rows (DataFrames), not Docs, so the parent only writes.  At most ``2 x jobs``
    chunks are in flight, so memory does not grow with the input.  Each worker is started once and keeps
    its pipelines (rebuilt only when their vocabulary has grown, see
    :func:`analyser.nlp.pipeline.refresh_if_grown`).  A Dask engine can distribute the same function.
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._pool = None
        self._pending: deque = deque()
        self._held: tuple[pd.DataFrame, Settings, dict] | None = None  # the first chunk, until a second comes

    def __enter__(self) -> ChunkScorer:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is not None:
            for future in self._pending:
                future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def submit(self, rows: pd.DataFrame, settings: Settings, **options) -> list[ChunkResult]:
        """Score ``rows`` (now, or in a worker); returns the results that are ready, in submission order."""
        if self.jobs <= 1:
            return [score_chunk(rows, settings, **options)]
        if self._pool is None and self._held is None:
            # An input of one chunk is scored here: starting workers would cost more than it saves.
            self._held = (rows, settings, options)
            return []
        if self._pool is None:
            self._pool = _process_pool(self.jobs)
            held, self._held = self._held, None
            self._send(*held)
        self._send(rows, settings, options)
        ready = []
        while self._pending and (len(self._pending) > 2 * self.jobs or self._pending[0][0].done()):
            ready.append(self._collect())
        return ready

    def _send(self, rows: pd.DataFrame, settings: Settings, options: dict) -> None:
        options = dict(options)
        progress = options.pop("progress", None)
        ticket_languages = options.get("ticket_languages")
        if ticket_languages is not None and "ticket_id" in rows.columns:
            options["ticket_languages"] = ticket_languages.restricted_to(rows["ticket_id"].tolist())
        self._pending.append((self._pool.submit(_score_chunk_job, rows, settings, options), progress))

    def drain(self) -> list[ChunkResult]:
        """The results still outstanding, in submission order."""
        if self._held is not None:
            rows, settings, options = self._held
            self._held = None
            return [score_chunk(rows, settings, **options)]
        return [self._collect() for _ in range(len(self._pending))]

    def _collect(self) -> ChunkResult:
        future, progress = self._pending.popleft()
        result = future.result()  # re-raises a worker's error (an InputError stays an InputError)
        if progress is not None:
            progress(len(result.features))
        return result


def _process_pool(jobs: int):
    """A pool whose workers start from a clean interpreter (forkserver: no threads or locks inherited from
    the parent's readers), with the analyser's modules imported once in the server."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["analyser.extract", "analyser.nlp.pipeline"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context)


def output_columns(frame_columns: list[str], id_column: str | None) -> list[str]:
    """The output's columns in order: row, id, pass-through reply columns, language, features, the text."""
    front = ["row", *([id_column] if id_column else [])]
    carried = [c for c in PASS_THROUGH if c in frame_columns and c not in front]
    return [*front, *carried, *SCORED_COLUMNS, *FEATURE_COLUMNS, TEXT_COLUMN]


def _duplicates(rows: pd.DataFrame, id_column: str | None, seen: dict[str, int], source: str):
    """Rows whose id was seen before (in this or an earlier chunk) are rejected, so ids stay unique."""
    if not id_column:
        return rows, []
    rejects, keep = [], []
    for index, number, value in zip(rows.index, rows[ROW_COLUMN], rows[id_column], strict=True):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            keep.append(index)
            continue
        key = str(value)
        if key in seen:
            rejects.append(
                {"file": source, "row": int(number), "reason": f"duplicate id '{key}' (first at row {seen[key]})"}
            )
        else:
            seen[key] = int(number)
            keep.append(index)
    return rows.loc[keep], rejects


def _ticket_languages(path: Path, settings: Settings, text_column: str | None, chunksize: int) -> TicketLanguages:
    """First pass: each ticket's language from all its messages (customer messages included)."""
    languages = TicketLanguages()
    for chunk in iter_table(path, chunksize=chunksize):
        rows = apply_mapping(chunk.rows, settings.mapping)
        if "ticket_id" not in rows.columns or text_column_of(rows, text_column) not in rows.columns:
            continue
        languages.add_texts(rows["ticket_id"].tolist(), texts_of(rows, text_column))
    return languages


@dataclass
class InputColumns:
    """Which column holds the text and which the id, decided once from the first chunk, and the checks every
    later chunk gets: the one place both engines (this module and :mod:`analyser.engines.partitions`) learn
    the columns of an input, so that they read it the same way.

    A record without the text or id field (a trailing summary record, a sparse JSONL export) is that record's
    problem, not the file's: the schema never depends on where a chunk boundary falls."""

    text_column: str | None
    id_column: str | None
    first_columns: list[str] | None = None
    seen_text: bool = False
    seen_id: bool = False

    def prepare(self, rows: pd.DataFrame) -> pd.DataFrame:
        """``rows`` with the text and id columns present (NA where a record lacks them)."""
        if self.first_columns is None:
            self.text_column = text_column_of(rows, self.text_column)
            if self.id_column is None and "reply_id" in rows.columns:
                self.id_column = "reply_id"
            self.first_columns = [c for c in rows.columns if c != ROW_COLUMN]
        self.seen_text |= self.text_column in rows.columns
        self.seen_id |= self.id_column is not None and self.id_column in rows.columns
        for column in (self.text_column, self.id_column):
            if column and column not in rows.columns:
                rows = rows.assign(**{column: pd.NA})
        return rows

    def check(self, path: Path) -> None:
        """An input in which no record has the text (or the asked id) column is an error naming the columns."""
        if not self.seen_text or (self.id_column and not self.seen_id):
            columns = pd.DataFrame(columns=self.first_columns or [])
            _check_columns(columns, path, str(self.text_column or "body"), self.id_column)


def extract_file(
    input_path: str | Path,
    output_path: str | Path,
    settings: Settings | None = None,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    all_messages: bool | None = None,
    rejects_path: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int | None = None,
) -> ExtractSummary:
    """Score every reply in ``input_path`` and write ``output_path`` (.csv, .parquet or .jsonl).

    ``settings`` holds the column mapping, language, pipeline and extract options (``text-column``,
    ``id-column``, ``chunksize``, ``all-messages``); the keyword arguments override them.  The text and the
    rows to score are chosen by :func:`analyser.scoring.score_replies` (public agent replies when the input
    says who wrote what; ``body_clean`` when present, else the body cleaned).  The id column defaults to
    ``reply_id`` when the input has one.  Rejects go to ``rejects_path`` (default ``<output>.rejects.csv``),
    run metadata (pipelines, versions, input checksum, options, counts) to ``<output>.meta.json``.
    ``jobs`` worker processes score chunks side by side (default: the ``jobs`` setting; 0 means one per
    core); the output is the same whatever the number, row for row, in input order.
    """
    started = time.perf_counter()
    settings = settings or Settings()
    text_column = text_column or settings.extract.text_column
    id_column = id_column or settings.extract.id_column
    all_messages = settings.extract.all_messages if all_messages is None else all_messages
    chunksize = settings.extract.chunksize
    jobs = resolve_jobs(settings.extract.jobs if jobs is None else jobs)
    input_path, output_path = Path(input_path), Path(output_path)
    suffix = output_path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format '{suffix}': use {', '.join(OUTPUT_FORMATS)}", file=str(output_path))
    rejects_path = Path(rejects_path) if rejects_path else output_path.with_name(output_path.stem + ".rejects.csv")
    meta_path = output_path.with_name(output_path.stem + ".meta.json")
    refuse_overlapping_paths(input_path, {"output": output_path, "rejects": rejects_path, "metadata": meta_path})
    summary = ExtractSummary(output=str(output_path), rejects=str(rejects_path))
    all_rejects: list[pd.DataFrame] = []
    seen_ids: dict[str, int] = {}
    pipeline_info: dict = {}
    ticket_languages: TicketLanguages | None = None
    source = str(input_path)
    writer = None
    columns: list[str] | None = None
    input_columns = InputColumns(text_column, id_column)
    with output_set(output_path) as outputs, ChunkScorer(jobs) as scorer:
        temporary = outputs.stage(output_path)

        def write(result: ChunkResult) -> None:
            nonlocal pipeline_info, columns, writer
            if len(result.rejects):
                all_rejects.append(result.rejects)
            summary.add(result)
            pipeline_info = result.pipeline or pipeline_info
            if len(result.features):
                if columns is None:
                    columns = output_columns(list(result.columns), id_column)
                frame = result.features.reindex(columns=columns)
                writer = _append(frame, temporary, suffix, writer, pipeline_info)

        for chunk_number, chunk in enumerate(iter_table(input_path, chunksize=chunksize)):
            rows = apply_mapping(chunk.rows, settings.mapping)
            summary.rows_in += len(rows) + len(chunk.rejects)
            if len(chunk.rejects):
                all_rejects.append(chunk.rejects)
            rows = input_columns.prepare(rows)
            text_column, id_column = str(input_columns.text_column), input_columns.id_column
            if chunk_number == 0 and settings.language == "auto" and "ticket_id" in rows.columns:
                ticket_languages = _ticket_languages(input_path, settings, text_column, chunksize)
            rows, duplicates = _duplicates(rows, id_column, seen_ids, source)
            if duplicates:
                all_rejects.append(rejects_frame(duplicates))
            if rows.empty:
                continue
            for result in scorer.submit(
                rows,
                _with_all_messages(settings, all_messages),
                source=source,
                text_column=text_column,
                id_column=id_column,
                ticket_languages=ticket_languages,
                progress=progress,
            ):
                write(result)
        for result in scorer.drain():
            write(result)
        input_columns.check(input_path)
        if writer is not None and suffix == ".parquet":
            writer.close()
        if writer is None:  # nothing scored: still write a valid, empty output with the full header
            empty = feature_dtypes(pd.DataFrame(columns=output_columns([], id_column)))
            _write_empty(empty, temporary, suffix)
        rejects = pd.concat(all_rejects, ignore_index=True) if all_rejects else rejects_frame()
        rejects = rejects.sort_values(["row"], kind="stable").reset_index(drop=True)  # in file order
        summary.rows_rejected = len(rejects)
        summary.reasons = Counter(_reason_kind(r) for r in rejects["reason"])
        write_table(rejects, rejects_path, into=outputs)
        if summary.rows_in != summary.rows_out + summary.rows_skipped + summary.rows_rejected:  # pragma: no cover
            raise RuntimeError(f"row accounting failed: {summary.as_dict()}")
        summary.seconds = time.perf_counter() - started
        summary.metadata = str(meta_path)
        write_json(
            {
                "input": {"path": str(input_path), "sha256": _sha256(input_path)},
                "options": {
                    "text_column": text_column,
                    "id_column": id_column,
                    "language": settings.language,
                    "default_language": settings.default_language,
                    "model": settings.model,
                    "all_messages": all_messages,
                    "chunksize": chunksize,
                    "mapping": dict(settings.mapping),
                    "settings_file": str(settings.path) if settings.path else None,
                },
                "counts": summary.as_dict(),
                "pipeline": pipeline_info,
            },
            meta_path,
            into=outputs,
        )
    return summary


def _with_all_messages(settings: Settings, all_messages: bool) -> Settings:
    if settings.extract.all_messages == all_messages:
        return settings
    from dataclasses import replace

    return replace(settings, extract=replace(settings.extract, all_messages=all_messages))


def _reason_kind(reason: str) -> str:
    return reason.split(" (")[0].split(":")[0].split(" '")[0]


def _check_columns(rows: pd.DataFrame, path: Path, text_column: str, id_column: str | None) -> None:
    columns = [c for c in rows.columns if c != ROW_COLUMN]
    if text_column not in rows.columns:
        raise InputError(
            f"no such text column (the file has: {', '.join(map(str, columns)) or 'no columns'}); "
            "choose one with --text-column",
            file=str(path),
            column=text_column,
        )
    if id_column and id_column not in rows.columns:
        raise InputError(
            f"no such id column (the file has: {', '.join(map(str, columns))})", file=str(path), column=id_column
        )


def _append(frame: pd.DataFrame, path: Path, suffix: str, writer, pipeline: dict):
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if writer is None:
            table = table.replace_schema_metadata(
                {**(table.schema.metadata or {}), b"ticket_analyser": json.dumps(pipeline).encode()}
            )
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table.cast(writer.schema))
        return writer
    if suffix == ".csv":
        frame.to_csv(path, mode="a" if writer else "w", header=writer is None, index=False)
    else:
        with path.open("a" if writer else "w", encoding="utf-8") as handle:
            frame.to_json(handle, orient="records", lines=True, force_ascii=False, date_format="iso")
            handle.write("\n")
    return True


def _write_empty(frame: pd.DataFrame, path: Path, suffix: str) -> None:
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        path.write_text("", encoding="utf-8")


__all__ = [
    "SKIPPED_REASON",
    "ChunkResult",
    "ExtractSummary",
    "extract_file",
    "reject_reason",
    "replies_to_score",
    "score_chunk",
]

"""Cutting an input into partitions that never split a ticket, and the task every partition runs.

A cluster engine needs units of work that give the same scores whichever worker runs them and whatever the
partitioning.  A reply's score depends on one thing outside the reply: its ticket's language, learnt from all
the ticket's messages (a short "Dank je!" takes its ticket's language).  So a partition holds *whole tickets*,
and each task learns its own tickets' languages from its own rows, exactly as the single-process run learns
them in its first pass over the file.

:func:`plan_input` is that first pass, run where the command runs.  It reads the input once with the same robust
readers and the same bookkeeping as ``extract_file`` (row numbers, rows the reader rejects, duplicate ids
rejected across the whole input, first occurrence kept) and stages each partition's rows to local disk, so its
memory does not grow with the input however the tickets are ordered (a partition is complete only when the
whole input has been read).  It reads the input twice (first only the ticket ids, to know each ticket's size),
as ``extract_file`` does when it learns the tickets' languages.  What it keeps in memory is one entry per
ticket id (its size, then its partition) and one per reply id (the duplicate check, as ``extract_file`` keeps).

:func:`score_partition` is the task: it calls :func:`analyser.extract.score_chunk`, the one unit of work that
``extract`` (and ``extract --jobs``) run, once per input file present in the partition.  The spaCy pipelines it
uses are built once per worker process and cached there (:func:`analyser.nlp.pipeline.build_pipeline`); nothing
but rows and settings travels with a task.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyser.errors import InputError
from analyser.extract import (
    ChunkResult,
    InputColumns,
    _duplicates,
    _with_all_messages,
    output_columns,
    score_chunk,
)
from analyser.ingest.generic import ROW_COLUMN, apply_mapping, iter_csv, iter_table, rejects_frame
from analyser.scoring import ticket_languages_of
from analyser.settings import Settings

#: Formats of input parts when INPUT is a folder or a glob (a single INPUT file may also be JSONL).
PART_SUFFIXES = (".parquet", ".csv")
DUPLICATE_COLUMN = "_duplicate"  # staged rows rejected as duplicate ids: their text still votes for the language
FILE_COLUMN = "_file"  # which input file a staged row came from (several input parts)
#: The output column naming the input file of each reply, when the input is several files (row is per file).
OUTPUT_FILE_COLUMN = "file"
_STAGED_ROWS = 50_000  # rows buffered in memory while planning before the largest buffers go to disk


def _natural_key(path: Path) -> list[object]:
    """part.2 before part.10, as the parts were written."""
    return [int(piece) if piece.isdigit() else piece for piece in re.split(r"(\d+)", path.name)]


def input_files(path: str | Path) -> list[Path]:
    """The files of INPUT: the file itself, the parts in a folder, or the files a glob pattern matches.

    Parts are ``.parquet`` or ``.csv`` files of one format (names starting with ``.`` or ``_`` are not parts,
    as in Spark's and Dask's own outputs), in natural order (``part.2`` before ``part.10``).
    """
    text = str(path)
    path = Path(path)
    if path.is_dir():
        files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PART_SUFFIXES]
        files = [p for p in files if not p.name.startswith((".", "_"))]
        if not files:
            raise InputError("no .parquet or .csv parts in this folder", file=text)
    elif not path.exists() and glob.has_magic(text):
        files = [Path(p) for p in glob.glob(text) if Path(p).is_file()]
        if not files:
            raise InputError("no file matches this pattern", file=text)
    elif path.exists():
        return [path]
    else:
        raise InputError("file not found", file=text)
    files.sort(key=_natural_key)
    formats = {p.suffix.lower() for p in files}
    if len(formats) > 1 or not formats <= set(PART_SUFFIXES):
        odd = next(p for p in files if p.suffix.lower() != files[0].suffix.lower() or p.suffix not in PART_SUFFIXES)
        raise InputError(
            f"the parts mix formats ({', '.join(sorted(formats))}); parts are all .parquet or all .csv", file=str(odd)
        )
    return files


def check_schemas(files: list[Path]) -> None:
    """Every part must have the first part's columns (and, for Parquet, types): else one line naming the part.

    Checked before any work starts, from the Parquet footers or the CSV headers (cheap).  A column that is
    all-null in one part (Arrow type ``null``) fits any type.
    """
    if len(files) < 2:
        return
    first, reference = files[0], _schema(files[0])
    for part in files[1:]:
        schema = _schema(part)
        missing = [name for name in reference if name not in schema]
        extra = [name for name in schema if name not in reference]
        if missing or extra:
            said = "; ".join(
                text
                for text in (
                    f"missing {', '.join(missing)}" if missing else "",
                    f"extra {', '.join(extra)}" if extra else "",
                )
                if text
            )
            raise InputError(f"mixed schemas: this part's columns differ from {first.name}'s ({said})", file=str(part))
        for name, kind in schema.items():
            other = reference[name]
            if kind and other and kind != other and "null" not in (kind, other):
                raise InputError(
                    f"mixed schemas: column '{name}' is {kind} here but {other} in {first.name}", file=str(part)
                )


def _schema(path: Path) -> dict[str, str]:
    """Column name -> type name ('' for CSV, whose cells are all text)."""
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        from analyser.io import _parquet_errors

        with _parquet_errors(path):
            schema = pq.read_schema(path)
        return {name: _logical(schema.field(name).type) for name in schema.names if not name.startswith("__index")}
    chunk = next(iter_csv(path, chunksize=1))
    return {str(name): "" for name in chunk.rows.columns if name != ROW_COLUMN}


def _logical(kind) -> str:
    """An Arrow type's name, with the large (64-bit offset) variants named as the plain ones: pandas writes
    text as ``large_string`` or ``string`` depending on its version, and both read back as the same column."""
    return re.sub(r"\blarge_(string|binary|list)\b", r"\1", str(kind))


@dataclass
class Partition:
    """One partition: whole tickets, staged to disk in pieces (in input order)."""

    index: int
    rows: int = 0  # staged rows, duplicate ids included
    pieces: list[Path] = field(default_factory=list)


@dataclass
class Plan:
    """What the planning pass learnt: the columns, the partitions, and the rows rejected before scoring."""

    files: list[Path]
    text_column: str
    id_column: str | None
    ticket_languages: bool  # learn each ticket's language from its messages (language auto, input has tickets)
    columns: list[str]  # the output's columns
    rows_in: int
    rejects: pd.DataFrame  # rows the reader could not read and duplicate ids, with (file, row, reason)
    partitions: list[Partition]
    staging: Path
    by_ticket: bool

    @property
    def sources(self) -> list[str]:
        return [str(path) for path in self.files]


class _Stager:
    """Rows of each partition, buffered in memory and written to ``staging`` in pieces when the buffers fill."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.partitions: list[Partition] = []
        self._buffers: dict[int, list[pd.DataFrame]] = {}
        self._buffered = 0

    def new_partition(self) -> int:
        self.partitions.append(Partition(len(self.partitions)))
        return len(self.partitions) - 1

    def add(self, index: int, rows: pd.DataFrame) -> None:
        self._buffers.setdefault(index, []).append(rows)
        self._buffered += len(rows)
        if self._buffered > _STAGED_ROWS:
            for target in sorted(self._buffers, key=lambda i: -sum(map(len, self._buffers[i]))):
                self._flush(target)
                if self._buffered <= _STAGED_ROWS // 2:
                    break

    def close(self) -> list[Partition]:
        for target in list(self._buffers):
            self._flush(target)
        return self.partitions

    def _flush(self, index: int) -> None:
        frames = self._buffers.pop(index, [])
        if not frames:
            return
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        partition = self.partitions[index]
        piece = self.staging / f"p{index:06d}-{len(partition.pieces):05d}.pkl"
        frame.to_pickle(piece)  # our own temporary file, read back by this process only: exact dtypes
        partition.pieces.append(piece)
        self._buffered -= len(frame)


def ticket_sizes(files: list[Path], settings: Settings) -> dict[str, int]:
    """Rows per ticket id over every input file (the planning pass's first read: only the ticket column of a
    Parquet file is read).  Empty when the input has no ``ticket_id``."""
    import pyarrow.parquet as pq

    from analyser.io import _parquet_errors

    sizes: dict[str, int] = {}
    mapped = settings.mapping.get("ticket_id", "ticket_id")
    for path in files:
        if path.suffix.lower() == ".parquet":
            with _parquet_errors(path):
                handle = pq.ParquetFile(path)
                names = handle.schema_arrow.names
                column = mapped if mapped in names else "ticket_id" if "ticket_id" in names else None
                if column is None:
                    continue
                batches = (b.column(0).to_pylist() for b in handle.iter_batches(2**16, columns=[column]))
                for values in batches:
                    _count(sizes, values)
            continue
        for chunk in iter_table(path, chunksize=settings.extract.chunksize):
            rows = apply_mapping(chunk.rows, settings.mapping)
            if "ticket_id" in rows.columns:
                _count(sizes, rows["ticket_id"].tolist())
    return sizes


def _ticket_key(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


def _count(sizes: dict[str, int], values: list[object]) -> None:
    for value in values:
        key = _ticket_key(value)
        if key is not None:
            sizes[key] = sizes.get(key, 0) + 1


def plan_input(
    files: list[Path],
    settings: Settings,
    *,
    staging: Path,
    text_column: str | None = None,
    id_column: str | None = None,
    partition_size: int | None = None,
) -> Plan:
    """Read the input as ``extract_file`` does, and stage its rows into partitions of whole tickets.

    A first read counts each ticket's rows; then tickets are packed, in the order they first appear, into
    partitions of at most ``partition_size`` rows (a ticket with more rows gets a partition of its own), and a
    second read stages each row into its ticket's partition.  Without a ``ticket_id`` column, partitions are
    consecutive runs of rows; a row without a ticket id is a ticket of one row.
    """
    partition_size = partition_size or settings.engine.partition_size
    chunksize = settings.extract.chunksize
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    sizes = ticket_sizes(files, settings)
    stager = _Stager(staging)
    assigned: dict[str, int] = {}
    planned: list[int] = []  # rows promised to each partition
    seen_ids: dict[str, int] = {}
    rejects: list[pd.DataFrame] = []
    rows_in = 0
    input_columns = InputColumns(text_column, id_column)
    learn_languages = by_ticket = False

    def place(size: int) -> int:
        if not planned or (planned[-1] and planned[-1] + size > partition_size):
            planned.append(0)
            stager.new_partition()
        planned[-1] += size
        return len(planned) - 1

    for number, path in enumerate(files):
        source = str(path)
        for chunk in iter_table(path, chunksize=chunksize):
            rows = apply_mapping(chunk.rows, settings.mapping)
            rows_in += len(rows) + len(chunk.rejects)
            if len(chunk.rejects):
                rejects.append(chunk.rejects)
            if input_columns.first_columns is None:
                by_ticket = "ticket_id" in rows.columns
                learn_languages = settings.language == "auto" and by_ticket
            rows = input_columns.prepare(rows)
            text_column, id_column = input_columns.text_column, input_columns.id_column
            kept, duplicates = _duplicates(rows, id_column, seen_ids, source)
            if duplicates:
                rejects.append(rejects_frame(duplicates))
            if rows.empty:
                continue
            rows = rows.assign(**{DUPLICATE_COLUMN: ~rows.index.isin(kept.index)})
            if len(files) > 1:
                rows = rows.assign(**{FILE_COLUMN: number})
            targets = []
            tickets = rows["ticket_id"].tolist() if "ticket_id" in rows.columns else [None] * len(rows)
            for ticket in tickets:
                key = _ticket_key(ticket)
                target = assigned.get(key) if key is not None else None
                if target is None:
                    target = place(sizes.get(key, 1) if key is not None else 1)
                    if key is not None:
                        assigned[key] = target
                stager.partitions[target].rows += 1
                targets.append(target)
            rows = rows.reset_index(drop=True)
            for target, positions in pd.Series(range(len(rows))).groupby(targets, sort=True):
                stager.add(int(target), rows.iloc[positions.to_numpy()])
    input_columns.check(files[0])
    partitions = stager.close()
    columns = output_columns(input_columns.first_columns or [], id_column)
    if len(files) > 1:
        columns.insert(1, OUTPUT_FILE_COLUMN)
    return Plan(
        files=files,
        text_column=str(text_column),
        id_column=id_column,
        ticket_languages=learn_languages,
        columns=columns,
        rows_in=rows_in,
        rejects=pd.concat(rejects, ignore_index=True) if rejects else rejects_frame(),
        partitions=partitions,
        staging=staging,
        by_ticket=by_ticket,
    )


def read_partition(partition: Partition) -> pd.DataFrame:
    """A partition's staged rows, in input order, with a fresh index."""
    frames = [pd.read_pickle(piece) for piece in partition.pieces]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)  # pieces were written in input order


def fingerprint(settings: Settings, plan: Plan, all_messages: bool) -> str:
    """What, besides the rows, decides a part's content: the options and the package version."""
    from analyser import __version__

    data = {
        "version": __version__,
        "language": settings.language,
        "default_language": settings.default_language,
        "model": settings.model,
        "mapping": dict(settings.mapping),
        "vocabulary": dict(settings.vocabulary_table),
        "text_column": plan.text_column,
        "id_column": plan.id_column,
        "all_messages": all_messages,
        "ticket_languages": plan.ticket_languages,
        "columns": plan.columns,
        "sources": plan.sources,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def partition_sha256(rows: pd.DataFrame, options: str) -> str:
    """Checksum of one partition's input rows (values, columns, order) and the run's options fingerprint."""
    digest = hashlib.sha256(options.encode())
    digest.update(json.dumps([str(c) for c in rows.columns]).encode())
    if len(rows):
        try:
            hashed = pd.util.hash_pandas_object(rows, index=False)
        except TypeError:  # cells holding lists or dicts (nested JSON): hash their text
            hashed = pd.util.hash_pandas_object(rows.astype("string"), index=False)
        digest.update(hashed.to_numpy().tobytes())
    return digest.hexdigest()


# --- the task ---------------------------------------------------------------------------------------------

#: One partition at a time per process: a worker started with several threads shares one pipeline per
#: language, and spaCy pipelines are not meant to be run from several threads at once.
_SCORING = threading.Lock()


def score_partition(
    rows: pd.DataFrame,
    settings: Settings,
    *,
    sources: list[str],
    text_column: str,
    id_column: str | None,
    ticket_languages: bool,
    all_messages: bool,
) -> ChunkResult:
    """Score one partition: :func:`analyser.extract.score_chunk` with the partition's own tickets' languages.

    ``rows`` are staged rows (whole tickets, with ``_row`` and the duplicate flag); duplicates vote for their
    ticket's language, as in the single-process run, and are not scored (they are already rejected).  With
    several input files, ``score_chunk`` runs once per file so that rejects name the right file.
    """
    import analyser.nlp.components  # noqa: F401  - registers the Doc extensions in this worker process

    with _SCORING:
        languages = ticket_languages_of(rows, text_column) if ticket_languages else None
        rows = rows.loc[~rows[DUPLICATE_COLUMN].to_numpy(dtype=bool)].drop(columns=[DUPLICATE_COLUMN])
        settings = _with_all_messages(settings, all_messages)
        groups = rows.groupby(FILE_COLUMN, sort=True) if FILE_COLUMN in rows.columns else [(0, rows)]
        results = []
        for number, group in groups:
            group = group.drop(columns=[FILE_COLUMN], errors="ignore")
            result = score_chunk(
                group,
                settings,
                source=sources[int(number)],
                text_column=text_column,
                id_column=id_column,
                ticket_languages=languages,
            )
            if FILE_COLUMN in rows.columns:
                result.features.insert(1, OUTPUT_FILE_COLUMN, sources[int(number)])
            results.append(result)
    if len(results) == 1:
        return results[0]
    return ChunkResult(
        features=pd.concat([r.features for r in results], ignore_index=True),
        rejects=pd.concat([r.rejects for r in results], ignore_index=True),
        skipped=sum(r.skipped for r in results),
        pipeline=next((r.pipeline for r in results if r.pipeline), {}),
    )


def pipelines_in_process() -> int:
    """How many spaCy pipelines this process has built and keeps (a test checks one per language per worker)."""
    from analyser.nlp import pipeline

    cached = getattr(pipeline, "_PIPELINES", None)
    if cached is not None:
        return len(cached)
    for name in ("_build_pipeline", "build_pipeline"):
        info = getattr(getattr(pipeline, name, None), "cache_info", None)
        if info is not None:
            return info().currsize
    return -1  # pragma: no cover - a pipeline cache this function does not know


__all__ = [
    "OUTPUT_FILE_COLUMN",
    "Partition",
    "Plan",
    "check_schemas",
    "fingerprint",
    "input_files",
    "partition_sha256",
    "pipelines_in_process",
    "plan_input",
    "read_partition",
    "score_partition",
]

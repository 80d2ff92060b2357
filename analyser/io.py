"""Reading and writing tables and datasets, by file extension, atomically.

A *dataset* is the pair of canonical tables (see :mod:`analyser.schema`).  On disk it is either

* a directory holding ``tickets.<ext>`` and ``replies.<ext>`` (``.csv``, ``.parquet`` or ``.jsonl``),
  which is how ``data/sample_tickets/`` is laid out; or
* a tickets file ``NAME.<ext>`` with its replies beside it as ``NAME.replies.<ext>``, which is what
  ``ticket-analyser ingest -o NAME.parquet`` writes.

Writes go to a temporary file in the target directory and are renamed into place, so an interrupted run
never leaves a half-written output behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyser.errors import InputError
from analyser.schema import conform_replies, conform_tickets, empty_replies, empty_tickets

TABLE_SUFFIXES = (".parquet", ".csv", ".jsonl", ".json")


@dataclass
class Dataset:
    """The two canonical tables, plus where they came from."""

    tickets: pd.DataFrame = field(default_factory=empty_tickets)
    replies: pd.DataFrame = field(default_factory=empty_replies)
    source: str = ""
    #: rows of the files that could not be read at all (file, row, reason): a stage that reads a dataset says
    #: how many it left out instead of dropping them silently
    unreadable: pd.DataFrame | None = None

    def unreadable_note(self) -> str | None:
        """One sentence on the rows that could not be read, or ``None`` when every row was read."""
        if self.unreadable is None or self.unreadable.empty:
            return None
        reasons = self.unreadable["reason"].map(lambda r: str(r).split(" (")[0]).value_counts()
        listed = "; ".join(f"{n} {reason}" for reason, n in reasons.head(3).items())
        files = ", ".join(sorted({Path(str(f)).name for f in self.unreadable["file"]}))
        return f"{len(self.unreadable)} rows of {files} could not be read and are left out ({listed})"


def ensure_directory(directory: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None) -> Path:
    """Create ``directory`` (and its parents) for an output, or say in one line why it cannot be.

    ``output`` is the file the folder is for, named in the message.  A parent that is a file
    (``-o notes.txt/out.csv``), a read-only folder or a name the file system refuses is the user's to fix,
    so each is an :class:`InputError`, not a traceback.
    """
    directory = Path(directory)
    shown = str(output if output is not None else directory)
    _check_name_lengths(directory, shown)
    try:
        for ancestor in (directory, *directory.parents):
            if ancestor.exists() or ancestor.is_symlink():
                if not ancestor.is_dir():
                    raise InputError(f"'{ancestor}' is a file, not a folder: cannot write inside it", file=shown)
                break
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(
            f"cannot create folder '{error.filename or directory}': {error.strerror}", file=shown
        ) from None
    return directory


def _check_name_lengths(path: Path, shown: str) -> None:
    """Each part of ``path`` must fit the file system's limit on a name (255 bytes on most)."""
    existing = next((p for p in (path, *path.parents) if _is_dir(p)), Path("."))
    limit = _name_max(existing)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > limit:
            raise InputError(f"file name too long ({size} bytes; this file system allows {limit})", file=shown)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long, a loop: not a folder we can use
        return False


def _name_max(directory: Path) -> int:
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows) or not a real folder
        return 255


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` only if the block succeeds.

    The temporary file is created with mode 0666 less the umask, as ``open()`` would create the output, so a
    report written to a shared folder is as readable as any other file there (``tempfile.mkstemp`` would
    make it 0600).  Problems with the output path itself (a parent that is a file, a name too long, a
    read-only folder, a folder where the file should go) become an :class:`InputError` naming the output.
    """
    target = Path(target)
    _check_name_lengths(target, str(target))
    if _is_dir(target):
        raise InputError("is a folder; give a file name for this output", file=str(target))
    ensure_directory(target.parent, output=target)
    temporary = _create_temporary(target, _name_max(target.parent))
    try:
        yield temporary
        try:
            os.replace(temporary, target)
        except OSError as error:
            raise InputError(f"cannot write the output: {error.strerror}", file=str(target)) from None
    finally:
        if temporary.exists():
            temporary.unlink()


def _create_temporary(target: Path, name_max: int) -> Path:
    """A new, empty ``.NAME.XXXXXXXX.part`` beside ``target`` (the name shortened to fit the file system)."""
    stem = target.name
    while len(os.fsencode(f".{stem}.00000000.part")) > name_max:
        stem = stem[:-1]
    for _ in range(100):
        temporary = target.with_name(f".{stem}.{secrets.token_hex(4)}.part")
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as error:
            raise InputError(f"cannot write in '{target.parent}': {error.strerror}", file=str(target)) from None
        return temporary
    raise InputError(f"cannot create a temporary file in '{target.parent}'", file=str(target))  # pragma: no cover


class OutputSet:
    """The files one run writes, each first written to a temporary file beside its target and all renamed into
    place together when the run succeeds, in the order they were staged (so ``meta.json`` / ``results.json``,
    staged last, appear last: a reader that sees it sees a finished run).  A run that fails or is killed
    leaves none of them, and no temporary file."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []

    def stage(self, target: str | os.PathLike[str]) -> Path:
        """A new temporary file for ``target``; it becomes ``target`` at :meth:`commit`."""
        target = Path(target)
        _check_name_lengths(target, str(target))
        if _is_dir(target):
            raise InputError("is a folder; give a file name for this output", file=str(target))
        ensure_directory(target.parent, output=target)
        temporary = _create_temporary(target, _name_max(target.parent))
        self._staged.append((temporary, target))
        return temporary

    def commit(self) -> None:
        for temporary, target in self._staged:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise InputError(f"cannot write the output: {error.strerror}", file=str(target)) from None
        self._staged = []

    def discard(self) -> None:
        for temporary, _ in self._staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self._staged = []


@contextmanager
def output_set(primary: str | os.PathLike[str]) -> Iterator[OutputSet]:
    """Write the outputs of one run as one :class:`OutputSet`, under a lock beside ``primary`` (a file, or
    the output folder) so that two runs writing the same output never mix their files: the second one stops
    with a message naming the first."""
    primary = Path(primary)
    outputs = OutputSet()
    with output_lock(primary):
        try:
            yield outputs
            outputs.commit()
        finally:
            outputs.discard()


def _lock_path(primary: Path) -> Path:
    if _is_dir(primary) or not primary.suffix:
        return primary / ".ticket-analyser.lock"
    return primary.with_name(f".{primary.name}.lock")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextmanager
def output_lock(primary: str | os.PathLike[str]) -> Iterator[Path]:
    """A lock file beside ``primary`` for the length of a run.  A lock left by a run that is gone (same
    machine, process no longer running) is taken over; a live one is an :class:`InputError`."""
    primary = Path(primary)
    lock = _lock_path(primary)
    ensure_directory(lock.parent, output=primary)
    host = socket.gethostname()
    for _ in range(2):
        try:
            handle = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            owner = _read_lock(lock)
            if owner and owner[1] == host and not _process_alive(owner[0]):
                with contextlib.suppress(OSError):
                    lock.unlink()  # left by a run that was killed: take it over
                continue
            who = f"process {owner[0]} on {owner[1]}" if owner else "another run"
            raise InputError(
                f"another ticket-analyser run ({who}) is writing this output; wait for it to finish, or remove "
                f"{lock} if no run is active",
                file=str(primary),
            ) from None
        except OSError as error:
            raise InputError(f"cannot write in '{lock.parent}': {error.strerror}", file=str(primary)) from None
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(f"{os.getpid()} {host}\n")
        break
    else:  # pragma: no cover - the stale lock could not be removed
        raise InputError(f"cannot take over the lock {lock}", file=str(primary))
    try:
        yield lock
    finally:
        with contextlib.suppress(OSError):
            lock.unlink()


def _read_lock(lock: Path) -> tuple[int, str] | None:
    try:
        pid, host = lock.read_text(encoding="utf-8").split()[:2]
        return int(pid), host
    except (OSError, ValueError):
        return None


def _to_jsonable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].map(lambda v: v.isoformat() if pd.notna(v) else None)
    return out


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str], *, into: OutputSet | None = None) -> Path:
    """Write ``frame`` by extension (.csv, .parquet, .jsonl, .json), atomically (as part of ``into``, the
    run's :class:`OutputSet`, when given)."""
    path = Path(path)
    suffix = path.suffix.lower()
    writers: dict[str, Callable[[Path], None]] = {
        ".csv": lambda p: frame.to_csv(p, index=False),
        ".parquet": lambda p: frame.to_parquet(p, index=False),
        ".jsonl": lambda p: _to_jsonable(frame).to_json(p, orient="records", lines=True, force_ascii=False),
        ".json": lambda p: _to_jsonable(frame).to_json(p, orient="records", force_ascii=False, indent=1),
    }
    if suffix not in writers:
        raise InputError(f"unknown output format '{suffix}': use one of {', '.join(writers)}", file=str(path))
    if into is not None:
        writers[suffix](into.stage(path))
        return path
    with atomic_path(path) as temporary:
        writers[suffix](temporary)
    return path


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell (and column name) passed through :func:`neutralise_cell`, for a CSV that
    people open in a spreadsheet (the audit's tables, the study's tickets.csv).  Numbers are left alone, so a
    negative number stays a number.  Data files that tools read back (extract, ingest) are written as is."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[column] = series.map(neutralise_cell, na_action="ignore")
    out.columns = [str(neutralise_cell(str(c))) for c in out.columns]
    return out


def write_json(data: object, path: str | os.PathLike[str], *, into: OutputSet | None = None) -> Path:
    """Write ``data`` as pretty JSON, atomically (NaN written as null; as part of ``into`` when given)."""
    path = Path(path)
    text = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)
    if into is not None:
        into.stage(path).write_text(text, "utf-8")
        return path
    with atomic_path(path) as temporary:
        temporary.write_text(text, "utf-8")
    return path


def _json_default(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    if hasattr(value, "item"):
        return value.item()  # type: ignore[no-any-return]
    if value is pd.NA:
        return None
    return str(value)


def read_table(path: str | os.PathLike[str], rejected: list[pd.DataFrame] | None = None) -> pd.DataFrame:
    """Read a canonical table written by :func:`write_table` (CSV read leniently, see ingest.generic).

    Rows of a CSV or JSONL file that cannot be read are appended to ``rejected`` (file, row, reason) when
    it is given, so that the caller can count them."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        with _parquet_errors(path):
            return pd.read_parquet(path)
    if suffix in (".csv", ".tsv", ".txt"):
        from analyser.ingest.generic import read_csv_robust

        frame, rejects = read_csv_robust(path)
    elif suffix in (".jsonl", ".json", ".ndjson"):
        from analyser.ingest.generic import read_jsonl_robust

        frame, rejects = read_jsonl_robust(path)
    else:
        raise InputError(f"unknown table format '{suffix}'", file=str(path))
    if rejected is not None and len(rejects):
        rejected.append(rejects)
    return frame


@contextmanager
def _parquet_errors(path: Path) -> Iterator[None]:
    """A file that is not Parquet, or a damaged one, is bad input: one line naming the file."""
    import pyarrow as pa

    try:
        yield
    except (pa.ArrowException, OSError) as error:
        reason = (getattr(error, "strerror", None) or str(error)).strip().splitlines()[0]
        raise InputError(f"not a readable Parquet file ({reason})", file=str(path)) from None


def iter_parquet_batches(path: str | os.PathLike[str], batch_size: int = 2000) -> Iterator[pd.DataFrame]:
    """Stream a Parquet file as DataFrames of ``batch_size`` rows; a corrupt file is an :class:`InputError`."""
    import pyarrow.parquet as pq

    path = Path(path)
    with _parquet_errors(path):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
            yield batch.to_pandas()


def _find(directory: Path, stem: str) -> Path | None:
    for suffix in TABLE_SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    return None


def dataset_paths(path: str | os.PathLike[str]) -> tuple[Path | None, Path | None]:
    """Where the tickets and replies tables of the dataset at ``path`` are (None when absent)."""
    path = Path(path)
    if path.is_dir():
        return _find(path, "tickets"), _find(path, "replies")
    if not path.exists():
        raise InputError("file or directory not found", file=str(path))
    stem = path.name[: -len(path.suffix)]
    if stem.endswith(".replies"):
        tickets = path.with_name(stem[: -len(".replies")] + path.suffix)
        return (tickets if tickets.exists() else None), path
    replies = path.with_name(f"{stem}.replies{path.suffix}")
    return path, (replies if replies.exists() else None)


def read_dataset(path: str | os.PathLike[str], *, replies: bool = True) -> Dataset:
    """Read a dataset (directory, or tickets file with its ``.replies`` sibling) into canonical tables.

    ``replies=False`` reads the tickets table only (the replies come from elsewhere, e.g. a folder of
    feature parts)."""
    tickets_path, replies_path = dataset_paths(path)
    if not replies:
        if tickets_path is None:
            raise InputError("no tickets table found (expected tickets.csv, .parquet or .jsonl)", file=str(path))
        replies_path = None
    if tickets_path is None and replies_path is None:
        raise InputError("no tickets.* or replies.* table found (expected .csv, .parquet or .jsonl)", file=str(path))
    rejected: list[pd.DataFrame] = []
    tickets = conform_tickets(read_table(tickets_path, rejected)) if tickets_path else empty_tickets()
    replies = conform_replies(read_table(replies_path, rejected)) if replies_path else empty_replies()
    unreadable = pd.concat(rejected, ignore_index=True) if rejected else None
    return Dataset(tickets=tickets, replies=replies, source=str(path), unreadable=unreadable)


def dataset_targets(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Where :func:`write_dataset` writes the two tables: ``NAME.ext`` and ``NAME.replies.ext``, or
    ``tickets.parquet`` and ``replies.parquet`` in the folder ``path``."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        stem = path.name[: -len(path.suffix)]
        return path, path.with_name(f"{stem}.replies{path.suffix}")
    return path / "tickets.parquet", path / "replies.parquet"


def write_dataset(
    dataset: Dataset, path: str | os.PathLike[str], *, into: OutputSet | None = None
) -> tuple[Path, Path]:
    """Write both tables: ``path`` a directory (tickets.parquet + replies.parquet) or ``NAME.ext``."""
    path = Path(path)
    tickets_path, replies_path = dataset_targets(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        ensure_directory(path)
    return write_table(dataset.tickets, tickets_path, into=into), write_table(dataset.replies, replies_path, into=into)


def refuse_overlapping_paths(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], outputs: dict[str, Path]
) -> None:
    """No output may be an input or another output: ``extract same.csv -o same.csv`` would destroy the input
    (and ``meta.json`` would record the output's checksum as the input's).  An input folder stands for the
    files in it.  Raises :class:`InputError` (one line, exit 2) naming the output."""

    def key(path: Path) -> str:
        try:
            return str(path.resolve(strict=False))
        except (OSError, RuntimeError):
            return str(path.absolute())

    paths = [Path(inputs)] if isinstance(inputs, (str, os.PathLike)) else [Path(p) for p in inputs]
    taken: dict[str, str] = {}
    for path in paths:
        files = [path]
        with contextlib.suppress(OSError, RuntimeError):
            if path.is_dir():
                files = [f for f in path.rglob("*") if f.is_file()]
        taken |= {key(f): "the input" for f in files}
    for name, path in outputs.items():
        where = key(Path(path))
        if where in taken:
            raise InputError(f"the {name} file would overwrite {taken[where]}; choose another path", file=str(path))
        taken[where] = f"the {name} file"

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

import json
import os
import tempfile
from collections.abc import Callable, Iterator
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


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def _to_jsonable(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[name]):
            out[name] = out[name].map(lambda v: v.isoformat() if pd.notna(v) else None)
    return out


def write_table(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` by extension (.csv, .parquet, .jsonl, .json), atomically."""
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
    with atomic_path(path) as temporary:
        writers[suffix](temporary)
    return path


def write_json(data: object, path: str | os.PathLike[str]) -> Path:
    """Write ``data`` as pretty JSON, atomically (NaN written as null)."""
    path = Path(path)
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default), "utf-8")
    return path


def _json_default(value: object) -> object:
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    if hasattr(value, "item"):
        return value.item()  # type: ignore[no-any-return]
    if value is pd.NA:
        return None
    return str(value)


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a canonical table written by :func:`write_table` (CSV read leniently, see ingest.generic)."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".csv", ".tsv", ".txt"):
        from analyser.ingest.generic import read_csv_robust

        return read_csv_robust(path)
    if suffix in (".jsonl", ".json", ".ndjson"):
        from analyser.ingest.generic import read_jsonl_robust

        return read_jsonl_robust(path)[0]
    raise InputError(f"unknown table format '{suffix}'", file=str(path))


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


def read_dataset(path: str | os.PathLike[str]) -> Dataset:
    """Read a dataset (directory, or tickets file with its ``.replies`` sibling) into canonical tables."""
    tickets_path, replies_path = dataset_paths(path)
    if tickets_path is None and replies_path is None:
        raise InputError("no tickets.* or replies.* table found (expected .csv, .parquet or .jsonl)", file=str(path))
    tickets = conform_tickets(read_table(tickets_path)) if tickets_path else empty_tickets()
    replies = conform_replies(read_table(replies_path)) if replies_path else empty_replies()
    return Dataset(tickets=tickets, replies=replies, source=str(path))


def write_dataset(dataset: Dataset, path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Write both tables: ``path`` a directory (tickets.parquet + replies.parquet) or ``NAME.ext``."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        stem = path.name[: -len(path.suffix)]
        replies_path = path.with_name(f"{stem}.replies{path.suffix}")
        return write_table(dataset.tickets, path), write_table(dataset.replies, replies_path)
    path.mkdir(parents=True, exist_ok=True)
    return write_table(dataset.tickets, path / "tickets.parquet"), write_table(
        dataset.replies, path / "replies.parquet"
    )

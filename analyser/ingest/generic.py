"""Generic CSV and JSONL reading that copes with what real exports look like.

Real exports are not tidy: Dutch Excel writes ``;``-separated files in cp1252, or UTF-16 as "Unicode
text", others write UTF-8 with a byte-order mark, bodies hold quoted newlines, some rows are ragged, and a JSONL export may be cut off
half-way through a record.  The readers here stream the file in chunks (memory stays flat however large
the file is) and never drop a row silently: every record either comes out in a chunk, with its source row
number in ``_row``, or in the rejects with the reason.

The CSV parser is the standard library's ``csv`` module (quoted newlines, doubled quotes); only the choice
of encoding and delimiter, and the bookkeeping of row numbers, is ours.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyser.errors import InputError

ROW_COLUMN = "_row"
REJECT_COLUMNS = ("file", "row", "reason")
_SNIFF_BYTES = 1 << 20
_DELIMITERS = ",;\t|"

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # 1 MB bodies are legitimate


@dataclass(frozen=True)
class Chunk:
    """Rows read from one file: the good ones (with ``_row``) and the rejected ones (file, row, reason)."""

    rows: pd.DataFrame
    rejects: pd.DataFrame


def rejects_frame(records: list[dict[str, object]] | None = None) -> pd.DataFrame:
    """A rejects table: one row per input record that could not be used, with the reason."""
    return pd.DataFrame(records or [], columns=list(REJECT_COLUMNS))


#: Byte-order marks, longest first (a UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a file that starts with ``sample``; see :func:`detect_encoding`."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding  # these codecs drop the mark
    # UTF-16 without a mark (Excel's "Unicode text" is UTF-16LE): Latin text puts a NUL in every other byte,
    # which UTF-8 and cp1252 text never has.
    pairs = len(sample) // 2
    if pairs:
        even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
        if odd >= max(2, pairs // 10) and even * 4 <= odd:
            return "utf-16-le"
        if even >= max(2, pairs // 10) and odd * 4 <= even:
            return "utf-16-be"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a multi-byte char cut at the end of the sample is fine
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def detect_encoding(path: Path) -> str:
    """The encoding of an export file, from its first megabyte: a byte-order mark says it (UTF-8, UTF-16,
    UTF-32); UTF-16 without one is recognised by its NUL bytes; then ``utf-8-sig`` when the start decodes as
    UTF-8, else ``cp1252``.

    cp1252 is what Excel on a Dutch or English Windows writes when it does not write UTF-8; it decodes
    every byte, so it is the safe fallback.  Bytes that still fail later in the file are replaced, not fatal.
    """
    with open(path, "rb") as handle:
        return sniff_encoding(handle.read(_SNIFF_BYTES))


def decode_export(raw: bytes) -> str:
    """A whole export file's bytes as text, in the encoding :func:`detect_encoding` would choose (a UTF-8
    file that fails past the sampled start is read as cp1252, as before)."""
    encoding = sniff_encoding(raw[:_SNIFF_BYTES])
    if encoding == "utf-8-sig":
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            encoding = "cp1252"
    return raw.decode(encoding, errors="replace")


def detect_delimiter(header_line: str, sample: str) -> str:
    """The delimiter of a CSV file, from its header line (``;`` from Dutch Excel, ``,``, tab or ``|``)."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        counts = {d: header_line.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _lines_without_nul(handle: io.TextIOBase) -> Iterator[str]:
    for line in handle:
        yield line.replace("\x00", "")


def iter_csv_records(
    path: str | os.PathLike[str], *, duplicate_columns: bool = False
) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """The one CSV parser: yields ``(0, header, None)`` first, then ``(number, fields, None)`` per record
    or ``(number, None, reason)`` for a record that cannot be used (ragged, unreadable).

    ``number`` is the 1-based record number after the header (the number a spreadsheet shows, minus one
    for the header).  A header that repeats a name is an error unless ``duplicate_columns`` (Jira's CSV
    export repeats ``Comment`` once per comment, by design).
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a directory, expected a CSV or JSONL file", file=str(path))
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        header_line = sample.splitlines()[0] if sample.strip() else ""
        if not header_line.strip():
            raise InputError("the file is empty (no header row)", file=str(path))
        delimiter = detect_delimiter(header_line, sample)
        reader = csv.reader(_lines_without_nul(handle), delimiter=delimiter)
        header = [name.strip() for name in next(reader)]
        if len(set(header)) != len(header) and not duplicate_columns:
            duplicated = sorted({name for name in header if header.count(name) > 1})
            raise InputError(f"duplicate column names in the header: {', '.join(duplicated)}", file=str(path))
        yield 0, header, None
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                number += 1
                yield number, None, f"unreadable CSV record: {error}"
                continue
            if not record or (len(record) == 1 and not record[0].strip() and len(header) > 1):
                continue  # blank line between records: not a record
            number += 1
            if len(record) != len(header):
                yield number, None, f"ragged row: {len(record)} fields where the header has {len(header)}"
            else:
                yield number, record, None


def iter_csv(path: str | os.PathLike[str], *, chunksize: int = 2000) -> Iterator[Chunk]:
    """Stream a CSV file as chunks; ragged rows go to the rejects with their row number.

    ``_row`` is the 1-based record number after the header (the number a spreadsheet shows, minus one
    for the header), stable however the chunks fall.
    """
    records = iter_csv_records(path)
    _, header, _ = next(records)
    assert header is not None
    rows: list[list[str]] = []
    numbers: list[int] = []
    rejects: list[dict[str, object]] = []
    number = 0
    for number, fields, reason in records:
        if fields is None:
            rejects.append({"file": str(path), "row": number, "reason": reason})
        else:
            rows.append(fields)
            numbers.append(number)
        if len(rows) >= chunksize:
            yield _chunk(header, rows, numbers, rejects)
            rows, numbers, rejects = [], [], []
    if rows or rejects or number == 0:
        yield _chunk(header, rows, numbers, rejects)


def _chunk(header: list[str], rows: list[list[str]], numbers: list[int], rejects: list[dict]) -> Chunk:
    frame = pd.DataFrame(rows, columns=header, dtype="string") if rows else pd.DataFrame(columns=header)
    frame.insert(0, ROW_COLUMN, numbers)
    return Chunk(frame, rejects_frame(rejects))


def iter_jsonl(path: str | os.PathLike[str], *, chunksize: int = 2000) -> Iterator[Chunk]:
    """Stream a JSONL file (or a JSON array of objects) as chunks; broken lines go to the rejects."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="replace") as handle:
        first = handle.read(1)
        while first and first.isspace():
            first = handle.read(1)
        handle.seek(0)
        if first == "[":
            try:
                records = json.load(handle)
            except json.JSONDecodeError as error:
                if path.suffix.lower() not in (".jsonl", ".ndjson"):
                    raise InputError(
                        f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}", file=str(path)
                    ) from None
                handle.seek(0)  # a JSON Lines file whose first line is a stray "[": read it line by line
            else:
                yield _json_chunk(path, list(enumerate(records, start=1)), [])
                return
        good: list[tuple[int, object]] = []
        rejects: list[dict[str, object]] = []
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                good.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                rejects.append({"file": str(path), "row": number, "reason": f"invalid JSON: {error.msg}"})
            if len(good) >= chunksize:
                yield _json_chunk(path, good, rejects)
                good, rejects = [], []
        yield _json_chunk(path, good, rejects)


def flatten(record: Mapping[str, object], *, sep: str = ".") -> dict[str, object]:
    """A nested JSON object as one level of dotted names: ``{"agentURL": {"url_utterance": "Hi"}}`` ->
    ``{"agentURL.url_utterance": "Hi"}``.  Lists stay values (a list of turns is not a column).

    The one flattening of nested JSON: ``extract`` reads a JSONL file through it, and ``ingest --map``
    resolves a dotted source name with it, so ``--map body=agentURL.url_utterance`` means the same in both.
    """
    out: dict[str, object] = {}

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, Mapping) and value:
            for key, inner in value.items():
                walk(f"{prefix}{sep}{key}" if prefix else str(key), inner)
        else:
            out[prefix] = value

    for key, value in record.items():
        walk(str(key), value)
    return out


def _json_chunk(path: Path, records: list[tuple[int, object]], rejects: list[dict]) -> Chunk:
    rows = []
    numbers = []
    for number, record in records:
        if isinstance(record, dict):
            rows.append(flatten(record))
            numbers.append(number)
        else:
            rejects.append({"file": str(path), "row": number, "reason": "record is not a JSON object"})
    frame = pd.DataFrame(rows) if rows else pd.DataFrame()
    frame.insert(0, ROW_COLUMN, numbers)
    return Chunk(frame, rejects_frame(rejects))


def iter_table(path: str | os.PathLike[str], *, chunksize: int = 2000) -> Iterator[Chunk]:
    """Stream any supported input (.csv/.tsv/.txt, .jsonl/.ndjson/.json, .parquet) as chunks."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        yield from iter_jsonl(path, chunksize=chunksize)
    elif suffix == ".parquet":
        if not path.exists():
            raise InputError("file not found", file=str(path))
        from analyser.io import iter_parquet_batches

        start = 1
        for frame in iter_parquet_batches(path, chunksize):
            frame.insert(0, ROW_COLUMN, range(start, start + len(frame)))
            start += len(frame)
            yield Chunk(frame, rejects_frame())
    else:
        yield from iter_csv(path, chunksize=chunksize)


def read_csv_robust(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a whole CSV with the robust reader: (rows, rejects), as :func:`read_jsonl_robust` does."""
    chunks = list(iter_csv(path))
    rows = pd.concat([c.rows for c in chunks], ignore_index=True).drop(columns=[ROW_COLUMN])
    return rows, pd.concat([c.rejects for c in chunks], ignore_index=True)


def read_jsonl_robust(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a whole JSONL/JSON file: (rows, rejects)."""
    chunks = list(iter_jsonl(path))
    rows = pd.concat([c.rows for c in chunks], ignore_index=True).drop(columns=[ROW_COLUMN])
    return rows, pd.concat([c.rejects for c in chunks], ignore_index=True)


def apply_mapping(frame: pd.DataFrame, mapping: Mapping[str, str] | None) -> pd.DataFrame:
    """Rename source columns to canonical names: ``mapping`` is canonical name -> source column name."""
    if not mapping:
        return frame
    renames = {source: canonical for canonical, source in mapping.items() if source in frame.columns}
    return frame.rename(columns=renames)


def read_replies(
    path: str | os.PathLike[str], *, mapping: Mapping[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a generic replies file into the canonical replies table: (replies, rejects).

    ``mapping`` maps canonical column names to the file's own (e.g. ``{"body": "Message"}``); it can come
    from ``[tool.ticket-analyser.mapping]`` in pyproject.toml.  The file must have a body column.
    """
    from analyser.schema import conform_replies

    frames, rejects = [], []
    for chunk in iter_table(path):
        rows = apply_mapping(chunk.rows, mapping)
        if "body" not in rows.columns and len(rows.columns) > 1:
            available = ", ".join(c for c in rows.columns if c != ROW_COLUMN)
            raise InputError(f"no text column (expected 'body'; the file has: {available})", file=str(path))
        frames.append(rows)
        rejects.append(chunk.rejects)
    replies = conform_replies(pd.concat(frames, ignore_index=True))
    return replies, pd.concat(rejects, ignore_index=True)

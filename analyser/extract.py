"""``extract`` as a library function: a file of replies in, a file of features out, nothing lost.

The input is streamed in chunks (memory stays flat as it grows); each chunk's usable rows are scored and
appended to a temporary output that is renamed into place only when the whole run succeeded.  A row that
cannot be scored goes to the rejects file with its reason, so ``rows in = rows out + rows rejected``
always, and the run's summary says so.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analyser.errors import InputError
from analyser.features import FEATURE_CATALOGUE, extract_features, sanitise
from analyser.ingest.generic import ROW_COLUMN, apply_mapping, iter_table, rejects_frame
from analyser.io import atomic_path, write_json, write_table

OUTPUT_FORMATS = (".csv", ".parquet", ".jsonl")
_BINARY_SHARE = 0.3


@dataclass
class ExtractSummary:
    """Counts of one run: ``rows_in == rows_out + rows_rejected`` holds by construction (and is checked)."""

    rows_in: int = 0
    rows_out: int = 0
    rows_rejected: int = 0
    reasons: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    output: str = ""
    rejects: str = ""
    metadata: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_rejected": self.rows_rejected,
            "reject_reasons": dict(self.reasons),
            "languages": dict(self.languages),
            "seconds": round(self.seconds, 2),
            "output": self.output,
            "rejects": self.rejects,
            "metadata": self.metadata,
        }


def reject_reason(text: object) -> str | None:
    """Why a body cannot be scored, or None when it can."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return "empty body (no text)"
    raw = str(text)
    if not raw:
        return "empty body (no text)"
    if not raw.strip():
        return "empty body (only whitespace)"
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in raw)
    suspicious = raw.count("\ufffd") + (len(raw) - printable)
    if len(raw) >= 8 and suspicious / len(raw) > _BINARY_SHARE:
        return "body is not text (binary data or a wrong encoding)"
    return None


def _feature_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes for every chunk, so appended chunks share one schema."""
    for name in frame.columns:
        if name in ("language", "formality", "jargon_words", "row_id"):
            frame[name] = frame[name].astype("string")
        elif (name in FEATURE_CATALOGUE and FEATURE_CATALOGUE[name].range == "bool") or name == "truncated":
            frame[name] = frame[name].astype("boolean")
        elif name in FEATURE_CATALOGUE:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_file(
    input_path: str | Path,
    output_path: str | Path,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    language: str = "auto",
    model: str | None = None,
    mapping: Mapping[str, str] | None = None,
    rejects_path: str | Path | None = None,
    agent_replies_only: bool = False,
    chunksize: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> ExtractSummary:
    """Score every reply in ``input_path`` and write ``output_path`` (.csv, .parquet or .jsonl).

    ``text_column`` defaults to ``body_clean`` (what ``ingest`` writes: the reply as the customer read it)
    when the input has it, else ``body``.  Rejects go to ``rejects_path`` (default ``<output>.rejects.csv``), run metadata (pipelines, versions,
    input checksum, options, counts) to ``<output>.meta.json``.  ``agent_replies_only`` keeps replies with
    ``author_role == agent`` and ``public`` true (others are counted as rejected with that reason).
    """
    started = time.perf_counter()
    input_path, output_path = Path(input_path), Path(output_path)
    suffix = output_path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"unknown output format '{suffix}': use {', '.join(OUTPUT_FORMATS)}", file=str(output_path))
    rejects_path = Path(rejects_path) if rejects_path else output_path.with_name(output_path.stem + ".rejects.csv")
    summary = ExtractSummary(output=str(output_path), rejects=str(rejects_path))
    all_rejects: list[pd.DataFrame] = []
    seen_ids: dict[str, int] = {}
    pipeline_info: dict = {}
    writer = None
    with atomic_path(output_path) as temporary:
        for chunk_number, chunk in enumerate(iter_table(input_path, chunksize=chunksize)):
            rows = apply_mapping(chunk.rows, mapping)
            summary.rows_in += len(rows) + len(chunk.rejects)
            if len(chunk.rejects):
                all_rejects.append(chunk.rejects)
            if text_column is None:  # ingest output carries the cleaned reply beside the raw one
                text_column = "body_clean" if "body_clean" in rows.columns else "body"
                if id_column is None and "reply_id" in rows.columns:
                    id_column = "reply_id"
            if chunk_number == 0 or text_column not in rows.columns:
                _check_columns(rows, input_path, text_column, id_column)
            keep, reasons = [], []
            for index, row_number, text, author, public, row_id in _walk(rows, text_column, id_column):
                reason = reject_reason(text)
                if reason is None and agent_replies_only and (author != "agent" or public is False):
                    reason = "not a public agent reply"
                if reason is None and row_id is not None:
                    if row_id in seen_ids:
                        reason = f"duplicate id '{row_id}' (first at row {seen_ids[row_id]})"
                    else:
                        seen_ids[row_id] = row_number
                if reason is None:
                    keep.append(index)
                else:
                    reasons.append({"file": str(input_path), "row": row_number, "reason": reason})
            if reasons:
                all_rejects.append(rejects_frame(reasons))
            usable = rows.loc[keep]
            if len(usable):
                features = extract_features(
                    usable,
                    text_column=text_column,
                    language=language,
                    id_column=id_column,
                    model=model,
                    progress=progress,
                )
                pipeline_info = features.attrs.get("pipeline", pipeline_info) or pipeline_info
                features.insert(0, "row", usable[ROW_COLUMN].to_numpy())
                features = _feature_dtypes(features)
                summary.languages.update(features["language"].tolist())
                summary.rows_out += len(features)
                writer = _append(features, temporary, suffix, writer)
        if writer is not None and suffix == ".parquet":
            writer.close()
        if writer is None:  # nothing scored: still write a valid, empty output with the full header
            empty = _feature_dtypes(
                pd.DataFrame(
                    columns=["row", *([id_column] if id_column else []), "language", "truncated", *FEATURE_CATALOGUE]
                )
            )
            _write_empty(empty, temporary, suffix)
    rejects = pd.concat(all_rejects, ignore_index=True) if all_rejects else rejects_frame()
    summary.rows_rejected = len(rejects)
    summary.reasons = Counter(_reason_kind(r) for r in rejects["reason"])
    write_table(rejects, rejects_path)
    if summary.rows_in != summary.rows_out + summary.rows_rejected:  # pragma: no cover - a bug, not bad input
        raise RuntimeError(f"row accounting failed: {summary.as_dict()}")
    summary.seconds = time.perf_counter() - started
    meta_path = output_path.with_name(output_path.stem + ".meta.json")
    summary.metadata = str(meta_path)
    write_json(
        {
            "input": {"path": str(input_path), "sha256": _sha256(input_path)},
            "options": {"text_column": text_column, "id_column": id_column, "language": language, "model": model},
            "counts": summary.as_dict(),
            "pipeline": pipeline_info,
        },
        meta_path,
    )
    return summary


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


def _walk(rows: pd.DataFrame, text_column: str, id_column: str | None):
    authors = rows["author_role"] if "author_role" in rows.columns else pd.Series(None, index=rows.index)
    publics = rows["public"] if "public" in rows.columns else pd.Series(None, index=rows.index)
    ids = rows[id_column] if id_column else pd.Series(None, index=rows.index)
    for index, number, text, author, public, row_id in zip(
        rows.index, rows[ROW_COLUMN], rows[text_column], authors, publics, ids, strict=True
    ):
        public_flag = (
            None if public is None or public is pd.NA else str(public).strip().lower() in ("true", "1", "yes", "ja")
        )
        author_value = None if author is None or author is pd.NA else str(author).strip().lower()
        row_id = (
            None
            if row_id is None or row_id is pd.NA or (isinstance(row_id, float) and row_id != row_id)
            else str(row_id)
        )
        yield index, int(number), text, author_value, public_flag, row_id


def _append(frame: pd.DataFrame, path: Path, suffix: str, writer):
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        if writer is None:
            table = table.replace_schema_metadata(
                {
                    **(table.schema.metadata or {}),
                    b"ticket_analyser": json.dumps(frame.attrs.get("pipeline", {})).encode(),
                }
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


__all__ = ["ExtractSummary", "extract_file", "reject_reason", "sanitise"]

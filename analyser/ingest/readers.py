"""The registry of export formats and :func:`read_export`, the one entry point for every reader.

``read_export(paths, fmt)`` reads the files of one export (a Zendesk API dump, a TOPdesk CSV, ...) into
the canonical tables.  With ``fmt="auto"`` each known format is asked whether it recognises *every*
file; the first that does is used, and the result says which and why.  When none does, the error lists
each format tried and what the closest kind of file of that format was missing, so a renamed column is
found at once.

Every record read ends up as a ticket or message row, merged into one (a rating into its ticket), or in
``rejects`` with its reason; ``counts`` says how many of each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.errors import InputError
from analyser.ingest.base import (
    INPUT_SUFFIXES,
    Kind,
    Ledger,
    LoadedFile,
    counts_of,
    finish,
    load_file,
    recognise,
    rejects_table,
    split_by_stream,
)
from analyser.ingest.generic import flatten
from analyser.io import Dataset

__all__ = ["FORMATS", "Format", "IngestResult", "Options", "detect_format", "read_export"]


@dataclass(frozen=True)
class Options:
    """Reader options: the time zone of timestamps without one, a column mapping, and the few choices
    only the user can make (which speaker of a chat is the agent; whether Jira CSV comments were public)."""

    timezone: str | None = None  # None: the format's default (UTC; Europe/Amsterdam for TOPdesk)
    mapping: Mapping[str, str] | None = None
    sheet: str | None = None  # the sheet of an Excel workbook (default: the first)
    speaker_field: str | None = None  # conversation files: the turn's field naming the speaker
    agent_values: tuple[str, ...] = ()  # conversation files: speaker values that are the agent
    agent_comments_public: bool = False  # Jira CSV: the user knows agents never write internal comments


@dataclass(frozen=True)
class Format:
    """One export format: the kinds of file it knows and the function that builds the two tables.

    ``build(files, ledger, options)`` receives the loaded files with ``kind`` set and returns
    (tickets, replies, has_ticket_records) with ``source_file``/``source_row`` on every row.
    """

    name: str
    title: str
    kinds: tuple[Kind, ...]
    build: Callable[[list[LoadedFile], Ledger, Options], tuple[pd.DataFrame, pd.DataFrame, bool]]
    default_timezone: str = "UTC"


@dataclass
class IngestResult:
    """What :func:`read_export` returns."""

    dataset: Dataset
    rejects: pd.DataFrame
    format: str
    counts: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    detection: str = ""

    def summary(self) -> str:
        """One line: records in = used + rejected, and the rows written."""
        c = self.counts
        parts = f" (and {c['rejected_parts']} messages inside used records)" if c.get("rejected_parts") else ""
        return (
            f"{self.format}: {c['records_in']} records in = {c['records_used']} used + {c['rejected']} rejected"
            f"{parts}; {c['tickets_out']} tickets, {c['replies_out']} messages"
        )


_MODULES = ("zendesk", "freshdesk", "topdesk", "servicenow", "jira", "conversations", "generic_format")


def _formats() -> dict[str, Format]:
    formats = {}
    for module in _MODULES:
        fmt: Format | None = getattr(import_module(f"analyser.ingest.{module}"), "FORMAT", None)
        if fmt is not None:
            formats[fmt.name] = fmt
    return formats


FORMATS: tuple[str, ...] = ("zendesk", "freshdesk", "topdesk", "servicenow", "jira", "conversations", "generic")


def _recognise_all(fmt: Format, files: list[LoadedFile]) -> tuple[list[str] | None, str]:
    kinds = []
    for file in files:
        kind, missing = recognise(file, fmt.kinds)
        if kind is None:
            return None, f"{file.path.name}: {missing}"
        kinds.append(kind)
    return kinds, ""


def detect_format(files: list[LoadedFile]) -> tuple[Format, list[str], str]:
    """The first format that recognises every file: (format, kind per file, explanation)."""
    tried = []
    for fmt in _formats().values():
        kinds, why = _recognise_all(fmt, files)
        if kinds is not None:
            described = ", ".join(dict.fromkeys(f"{f.path.name} as {k}" for f, k in zip(files, kinds, strict=True)))
            return fmt, kinds, f"detected {fmt.title} ({described})"
        tried.append(f"{fmt.name} ({why})")
    raise InputError("not a format I know; tried " + "; ".join(tried), file=", ".join(str(f.path) for f in files))


def apply_mapping(files: list[LoadedFile], mapping: Mapping[str, str]) -> tuple[set[str], set[str]]:
    """Rename each file's own field names to the names a reader expects (``mapping``: target -> source),
    before the files are recognised.  A dotted source (``agentURL.url_utterance``) is a path into nested
    JSON, resolved with :func:`analyser.ingest.generic.flatten`, the flattening ``extract`` uses too.
    Returns the sources found in some record (the others are reported as unused) and the targets that
    replaced a field of the same name the file had (reported as dropped)."""
    found: set[str] = set()
    replaced: set[str] = set()
    renames = {source: target for target, source in mapping.items()}
    for file in files:
        for record in file.records:
            data = record.data
            flat: dict[str, Any] | None = None
            out: dict[str, Any] = {}
            for key, value in data.items():
                if key in renames:
                    found.add(key)
                    if renames[key] in data and renames[key] not in renames:
                        replaced.add(renames[key])
                    out[renames[key]] = value
                elif key not in out:
                    out[key] = value
            for source, target in renames.items():
                if source in data or "." not in source:
                    continue
                if flat is None:
                    flat = flatten(data)
                if source in flat:
                    found.add(source)
                    if target in data:
                        replaced.add(target)
                    out[target] = flat[source]
            record.data = out
    return found, replaced


def read_export(
    paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    fmt: str = "auto",
    *,
    timezone: str | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    speaker_field: str | None = None,
    agent_values: Sequence[str] = (),
    agent_comments_public: bool = False,
) -> IngestResult:
    """Read an export's files into the canonical tables; ``fmt`` is ``auto`` or one of :data:`FORMATS`.

    A directory stands for the files in it (``.csv``, ``.json``, ``.jsonl``, ``.ndjson``, ``.xlsx``).
    Raises :class:`~analyser.errors.InputError` for input that cannot be read at all (naming the file);
    record-level problems go to ``rejects`` and ``warnings`` instead.  ``sheet`` picks the sheet of Excel
    workbooks; ``speaker_field``/``agent_values`` say who is who in conversation files;
    ``agent_comments_public`` lets a user who knows their desk never writes internal comments score the
    agents' comments of a Jira CSV export (which cannot tell internal from public).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    expanded: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise InputError("the directory holds no .csv, .json, .jsonl or .xlsx files", file=str(path))
            expanded.extend(found)
        else:
            expanded.append(path)
    if not expanded:
        raise InputError("no input files given")
    files = [part for path in expanded for part in split_by_stream(load_file(path, sheet=sheet))]
    mapped: set[str] = set()
    replaced: set[str] = set()
    if mapping:  # canonical name -> the file's own name, applied before the files are recognised
        mapped, replaced = apply_mapping(files, mapping)
    formats = _formats()
    if fmt == "auto":
        chosen, kinds, detection = detect_format(files)
    else:
        if fmt not in formats:
            raise InputError(f"unknown format '{fmt}': use auto or one of {', '.join(FORMATS)}")
        chosen = formats[fmt]
        found_kinds, why = _recognise_all(chosen, files)
        if found_kinds is None:
            name, _, missing = why.partition(": ")
            file = next(str(f.path) for f in files if f.path.name == name)
            raise InputError(f"not a {chosen.title} file I know: {missing}", file=file)
        kinds, detection = found_kinds, f"read as {chosen.title}"
    ledger = Ledger()
    ledger.mapped |= mapped
    for target in sorted(replaced):
        ledger.warn(f"--map {target}={mapping[target]}: the file's own '{target}' column was dropped (replaced)")
    for file, kind in zip(files, kinds, strict=True):
        file.kind = kind
        ledger.add_file(file, kind)
    for name in {f.name for f in files}:  # a file split by stream: name all its kinds
        ledger.kinds[name] = "+".join(f.kind or "" for f in files if f.name == name)
    options = Options(
        timezone=timezone or chosen.default_timezone,
        mapping=mapping,
        sheet=sheet,
        speaker_field=speaker_field,
        agent_values=tuple(agent_values),
        agent_comments_public=agent_comments_public,
    )
    tickets, replies, has_tickets = chosen.build(files, ledger, options)
    for target, source in (mapping or {}).items():
        if source not in ledger.mapped:
            ledger.warn(f"--map {target}={source}: no record has a field '{source}'; the mapping was not used")
    tickets, replies = finish(tickets, replies, ledger, has_ticket_records=has_tickets)
    dataset = Dataset(tickets=tickets, replies=replies, source=", ".join(str(p) for p in expanded))
    return IngestResult(
        dataset=dataset,
        rejects=rejects_table(ledger),
        format=chosen.name,
        counts=counts_of(ledger, tickets, replies),
        warnings=ledger.warnings,
        detection=detection,
    )

"""What every helpdesk reader shares: loading records, recognising files, bookkeeping, finishing the tables.

A vendor reader (``zendesk.py``, ``freshdesk.py``, ...) only knows its own field names.  Everything that
must be the same for all of them lives here, so that "nothing lost" and "clear errors" hold for every
format by construction:

* :func:`load_file` reads a CSV, JSON (an API page such as ``{"tickets": [...]}``, an array, or an
  Airbyte-style ``{"stream": ..., "data": ...}`` line) or JSONL file into records, each with its record
  number; a record that cannot be parsed is rejected with the reason, a truncated JSON document is an
  :class:`~analyser.errors.InputError` naming the file, line and column.
* :class:`Kind` describes one kind of file of a vendor by the fields it must have; recognising a file
  and explaining why a file is *not* recognised use the same description.
* :class:`Ledger` records, for every input record, whether it became an output row, was merged into one
  (a rating merged into its ticket), or was rejected with a reason.  :func:`finish` checks that every
  record is accounted for, so counts in = out + merged + rejected always holds.
* :func:`parse_times` turns the many timestamp spellings into UTC and says when time zones are mixed.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.clean import clean_reply
from analyser.errors import InputError
from analyser.ingest.generic import REJECT_COLUMNS, decode_export, iter_csv_records
from analyser.schema import REPLY_COLUMN_NAMES, TICKET_COLUMN_NAMES, conform_replies, conform_tickets

SOURCE_FILE = "source_file"
SOURCE_ROW = "source_row"
SOURCE_ITEM = "source_item"  # the part of a record a message came from, when one record holds many
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
INPUT_SUFFIXES = (*JSON_SUFFIXES, *CSV_SUFFIXES, *EXCEL_SUFFIXES)


@dataclass
class Record:
    """One input record: its number in the file (line, array index or CSV record), data and stream hint."""

    row: int
    data: dict[str, Any]
    hint: str | None = None


@dataclass
class LoadedFile:
    """A file read into records, with what could not be read."""

    path: Path
    records: list[Record]
    rejects: list[dict[str, object]] = field(default_factory=list)
    container: str | None = None  # the list's key in an API page, e.g. "tickets"
    kind: str | None = None  # set once a reader recognises the file

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def fields(self) -> set[str]:
        """Field names seen in the first records (top-level keys, and dotted keys one level down)."""
        names: set[str] = set()
        for record in self.records[:50]:
            for key, value in record.data.items():
                names.add(key)
                if isinstance(value, dict):
                    names.update(f"{key}.{sub}" for sub in value)
        return names

    @property
    def hints(self) -> set[str]:
        return {r.hint for r in self.records if r.hint}


def split_by_stream(file: LoadedFile) -> list[LoadedFile]:
    """A file mixing streams (an Airbyte dump of tickets, comments and ratings) as one file per stream."""
    hints = sorted(file.hints)
    if len(hints) <= 1 or any(r.hint is None for r in file.records):
        return [file]
    parts = [LoadedFile(file.path, [r for r in file.records if r.hint == h], [], h) for h in hints]
    parts[0].rejects = file.rejects
    return parts


def _json_error(path: Path, error: json.JSONDecodeError) -> InputError:
    truncated = " (the file looks cut off)" if error.pos >= len(error.doc.rstrip()) - 1 else ""
    return InputError(
        f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}{truncated}", file=str(path)
    )


def _unwrap(data: Any, hint: str | None) -> tuple[Any, str | None]:
    """Airbyte / Singer records carry the object under ``data`` (or ``record``) with the stream's name."""
    if isinstance(data, dict) and "stream" in data and isinstance(data.get("data") or data.get("record"), dict):
        return data.get("data") or data.get("record"), str(data["stream"])
    if isinstance(data, dict) and data.get("type") == "RECORD" and isinstance(data.get("record"), dict):
        inner = data["record"]
        return inner.get("data", inner), str(inner.get("stream", hint or "")) or hint
    return data, hint


def _records_from_document(path: Path, document: Any) -> tuple[list[Record], list[dict], str | None]:
    """Records of a JSON document: an array, one object, or an API page.

    A page (``{"tickets": [...], "users": [...], "next_page": ...}``) may carry side-loaded lists beside
    its main one; every list of objects is read, each record hinted with its list's name, so that
    :func:`split_by_stream` treats them as separate files.  An object with an id of its own (one ticket
    with its ``custom_fields`` list) is a record, not a page.
    """
    rejects: list[dict[str, object]] = []
    container = None
    groups: list[tuple[str | None, list[Any]]]
    if isinstance(document, dict) and len(document) == 1 and isinstance(next(iter(document.values())), dict):
        document = next(iter(document.values()))  # {"ticket": {...}} from a show endpoint
    if isinstance(document, list):
        groups = [(None, document)]
    elif isinstance(document, dict):
        lists = {k: v for k, v in document.items() if isinstance(v, list) and (not v or isinstance(v[0], dict))}
        if lists and not {"id", "ticket_id", "key", "number", "sys_id"} & set(document):
            container = max(lists, key=lambda k: len(lists[k]))  # the page's main list
            groups = [(k, v) for k, v in lists.items() if v]
        else:
            groups = [(None, [document])]
    else:
        raise InputError("the JSON document is neither an object nor a list of objects", file=str(path))
    records = []
    number = 0
    for hint, items in groups:
        for item in items:
            number += 1
            data, item_hint = _unwrap(item, hint if len(groups) > 1 else container)
            if isinstance(data, dict):
                records.append(Record(number, data, item_hint))
            else:
                rejects.append({"file": str(path), "row": number, "reason": "record is not a JSON object"})
    return records, rejects, container


# The list keys of the helpdesks' API pages: a JSONL line holding one of these is a saved page of records.
PAGE_KEYS = {
    "tickets",
    "comments",
    "audits",
    "users",
    "groups",
    "organizations",
    "satisfaction_ratings",
    "ticket_metrics",
    "ticket_events",
    "conversations",
    "issues",
    "result",
    "results",
    "values",
    "incidents",
    "actions",
}


def _load_jsonl(path: Path, text: str) -> tuple[list[Record], list[dict]]:
    records, rejects = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            reason = f"invalid JSON: {error.msg} at column {error.colno}"
            if number == len(text.splitlines()):
                reason += " (last line: the file looks cut off)"
            rejects.append({"file": str(path), "row": number, "reason": reason})
            continue
        if isinstance(data, dict) and PAGE_KEYS & set(data) and not {"id", "ticket_id", "key", "number"} & set(data):
            inner, inner_rejects, _ = _records_from_document(path, data)  # one API page per line
            records.extend(Record(number, r.data, r.hint) for r in inner)
            rejects.extend({**r, "row": number} for r in inner_rejects)
            continue
        data, hint = _unwrap(data, None)
        if isinstance(data, dict):
            records.append(Record(number, data, hint))
        else:
            rejects.append({"file": str(path), "row": number, "reason": "record is not a JSON object"})
    return records, rejects


def _load_table(path: Path, records: Iterable[tuple[int, list[str] | None, str | None]]) -> LoadedFile:
    """Records of a CSV file or a sheet.  A column name the header repeats (Jira's ``Comment``, once per
    comment) holds the list of its values, in column order."""
    rows = iter(records)
    _, header, _ = next(rows)
    assert header is not None
    repeated = {name for name in header if header.count(name) > 1}
    loaded, rejects = [], []
    for number, values, reason in rows:
        if values is None:
            rejects.append({"file": str(path), "row": number, "reason": reason})
            continue
        data: dict[str, Any] = {}
        for name, value in zip(header, values, strict=True):
            if name in repeated:
                data.setdefault(name, []).append(value)
            else:
                data[name] = value
        loaded.append(Record(number, data))
    return LoadedFile(path, loaded, rejects)


def load_file(path: str | os.PathLike[str], *, sheet: str | None = None) -> LoadedFile:
    """Read one export file into records (see the module docstring for the shapes understood).

    ``sheet`` picks the sheet of an Excel workbook (default: the first); CSV and Excel give the same
    records, every value as text.
    """
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a directory; give the export's files", file=str(path))
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        text = decode_export(path.read_bytes())
        if not text.strip():
            raise InputError("the file is empty", file=str(path))
        if suffix == ".json":
            try:
                document = json.loads(text)
            except json.JSONDecodeError as error:
                if error.msg != "Extra data":  # "Extra data": one object per line, i.e. JSONL
                    raise _json_error(path, error) from None
            else:
                records, rejects, container = _records_from_document(path, document)
                return LoadedFile(path, records, rejects, container)
        records, rejects = _load_jsonl(path, text)
        return LoadedFile(path, records, rejects)
    if suffix in CSV_SUFFIXES:
        return _load_table(path, iter_csv_records(path, duplicate_columns=True))
    if suffix in EXCEL_SUFFIXES:
        from analyser.ingest.excel import iter_sheet_records

        return _load_table(path, iter_sheet_records(path, sheet=sheet))
    raise InputError(
        f"unsupported file type '{suffix}' (expected .csv, .json, .jsonl or .xlsx)",
        file=str(path),
    )


@dataclass(frozen=True)
class Kind:
    """A kind of file of one vendor, recognised by the fields its records must have."""

    name: str
    all_of: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()  # stream / container names that identify it on their own

    def missing(self, fields: set[str], hints: set[str]) -> list[str]:
        """The fields this kind needs that ``fields`` lacks ([] when the file is of this kind)."""
        if self.hints and hints & set(self.hints):
            return []
        lower = {f.lower().strip() for f in fields}
        # an entry "a|b" is satisfied by either name (exports spell the same column differently)
        missing = [f.replace("|", "/") for f in self.all_of if not any(a.lower() in lower for a in f.split("|"))]
        if self.any_of and not any(f.lower() in lower for f in self.any_of):
            missing.append("one of " + "/".join(self.any_of))
        return missing


def recognise(file: LoadedFile, kinds: Sequence[Kind]) -> tuple[str | None, str]:
    """(kind name, "") when ``file`` is one of ``kinds``, else (None, what the closest kind was missing)."""
    fields, hints = file.fields, file.hints | ({file.container} if file.container else set())
    if not file.records:
        return None, "no records"
    lower = {f.lower() for f in fields}
    best: tuple[int, int, str] | None = None
    for kind in kinds:
        missing = kind.missing(fields, hints)
        if not missing:
            return kind.name, ""
        # the closest kind: fewest fields missing, then most of its fields present
        present = sum(any(a.lower() in lower for a in f.split("|")) for f in (*kind.all_of, *kind.any_of))
        candidate = (len(missing), -present, f"{kind.name} needs {', '.join(missing)}")
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return None, best[2] if best else "no kinds"


def pick(data: Mapping[str, Any], *aliases: str) -> Any:
    """The value of the first column among ``aliases`` present in ``data``, matched case-insensitively."""
    lowered = {str(k).lower().strip(): v for k, v in data.items()}
    for alias in aliases:
        value = lowered.get(alias.lower())
        if value is not None and value != "" and not (isinstance(value, float) and pd.isna(value)):
            return value
    return None


def flag(value: Any) -> bool | None:
    """A yes/no field as True/False, or None when absent or not a yes/no value (a list, an object ...)."""
    if isinstance(value, bool):
        return value
    if value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "ja", "y", "j", "t", "waar"):
        return True
    if text in ("false", "0", "no", "nee", "n", "f", "onwaar"):
        return False
    return None


def get(data: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    """The first present, non-empty value among ``keys``; a dotted key walks into nested objects."""
    for key in keys:
        value: Any = data
        for part in key.split("."):
            if isinstance(value, Mapping) and part in value:
                value = value[part]
            elif isinstance(value, Mapping) and key in value:
                value = value[key]
                break
            else:
                value = None
                break
        if value is not None and value != "" and not (isinstance(value, float) and pd.isna(value)):
            return value
    return default


def text_of(value: Any) -> str | None:
    """A field's text: strings as they are, Atlassian Document Format and reference objects flattened."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("type") == "doc" or "content" in value:
            return adf_to_text(value)
        for key in ("display_value", "displayName", "name", "value", "dynamicName", "text", "body"):
            if key in value and value[key] not in (None, ""):
                return text_of(value[key])
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    return str(value)


def _adf_plain(value: Any) -> str:
    """A text node's ``text`` as a string: a string, the parts of a list joined, nested nodes flattened;
    anything else (a number, an object that is not a node) contributes nothing rather than crashing."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_adf_plain(v) for v in value)
    if isinstance(value, dict) and "type" in value:
        return adf_to_text(value)
    return ""


def adf_to_text(node: Any) -> str:
    """Atlassian Document Format (Jira Cloud rich text) to plain text with paragraphs and list bullets.

    Malformed nodes (a ``text`` that is a list, ``marks`` or ``attrs`` that are not what the format says)
    are read as far as they make sense, never raised on."""
    if isinstance(node, list):
        return "".join(adf_to_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    attrs = node.get("attrs") if isinstance(node.get("attrs"), dict) else {}
    if kind == "text":
        text = _adf_plain(node.get("text"))
        marks = node.get("marks") if isinstance(node.get("marks"), list) else []
        link = next(
            (
                m["attrs"].get("href")
                for m in marks
                if isinstance(m, dict) and m.get("type") == "link" and isinstance(m.get("attrs"), dict)
            ),
            None,
        )
        return f"{text} ({link})" if isinstance(link, str) and link and link != text else text
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        return _adf_plain(attrs.get("text", ""))
    inner = adf_to_text(node.get("content", []))
    if kind in ("paragraph", "heading", "codeBlock", "blockquote", "panel"):
        return inner.rstrip("\n") + "\n\n"
    if kind == "listItem":
        return "- " + inner.strip() + "\n"
    if kind in ("bulletList", "orderedList"):
        return inner + "\n"
    return inner


# -- bookkeeping ---------------------------------------------------------------------------------------


class Ledger:
    """Where every input record went: an output row, merged into one, or rejected with a reason."""

    def __init__(self) -> None:
        self.records: dict[str, set[int]] = defaultdict(set)  # file -> record numbers read
        self.kinds: dict[str, str] = {}
        self.merged: dict[str, set[int]] = defaultdict(set)
        self.rejects: list[dict[str, object]] = []
        self.warnings: list[str] = []
        self._rejected: dict[str, set[int]] = defaultdict(set)
        self.rejected_items = 0
        self.mapped: set[str] = set()  # --map sources found in some record (a reader adds nested ones)

    def add_file(self, file: LoadedFile, kind: str) -> None:
        self.kinds[file.name] = kind
        self.records[file.name].update(r.row for r in file.records)
        for reject in file.rejects:
            self.records[file.name].add(int(reject["row"]))  # type: ignore[call-overload]
            self.reject(file.name, int(reject["row"]), str(reject["reason"]))  # type: ignore[call-overload]

    def reject(self, file: str, row: int, reason: str, *, item: object = None) -> None:
        """Reject a record; or, with ``item``, one part of a record (a comment inside an issue record),
        which is listed with the reason but leaves the record itself counted as used."""
        if item is not None and not (isinstance(item, float) and pd.isna(item)) and item is not pd.NA:
            self.rejected_items += 1
            self.rejects.append({"file": file, "row": row, "reason": f"{item}: {reason}"})
            return
        if row in self._rejected[file]:
            return
        self._rejected[file].add(row)
        self.rejects.append({"file": file, "row": row, "reason": reason})

    def merge(self, file: str, row: int) -> None:
        self.merged[file].add(row)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


# -- timestamps ----------------------------------------------------------------------------------------

_HAS_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b(?:UTC|GMT))\s*$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_times(
    values: Iterable[Any],
    *,
    file: str,
    rows: Sequence[int],
    column: str,
    timezone: str = "UTC",
    dayfirst: bool = False,
    ledger: Ledger | None = None,
) -> pd.Series:
    """Timestamps to UTC.  Values without a zone are read in ``timezone``; epoch seconds/ms are understood.

    A column where some values carry a zone and others do not is *mixed*: the export was stitched from
    sources that disagree.  That is not fatal, but it is said (file, column, first record without a zone),
    because a wrong zone shifts response times by hours.  Unreadable values are named the same way and
    become empty (the record is kept).
    """
    texts = [None if _missing(v) else str(v).strip() for v in values]
    out: list[pd.Timestamp | None] = []
    naive_rows: list[int] = []
    aware = 0
    bad: list[tuple[int, str]] = []
    for row, text in zip(rows, texts, strict=True):
        if not text:
            out.append(None)
            continue
        try:
            if _EPOCH.match(text):
                number = float(text)
                out.append(pd.Timestamp(number, unit="ms" if number > 1e11 else "s", tz="UTC").as_unit("ns"))
                aware += 1
                continue
            # dayfirst only for day-month-year spellings: with it, "2024-06-03" would become 6 March
            iso = _ISO_DATE.match(text) is not None
            stamp = pd.Timestamp(pd.to_datetime(text, dayfirst=dayfirst and not iso))
            if stamp.tzinfo is None:
                naive_rows.append(row)
                stamp = stamp.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_forward")
            else:
                aware += 1
            # beyond what nanoseconds hold (years before 1677 or after 2262): unreadable, not a crash
            out.append(stamp.tz_convert("UTC").as_unit("ns") if stamp is not pd.NaT else None)
        except (ValueError, TypeError, OverflowError):
            bad.append((row, text))
            out.append(None)
    if ledger is not None:
        if naive_rows and aware:
            ledger.warn(
                f"{file}, column '{column}': time zones mixed ({aware} values with a zone, {len(naive_rows)} "
                f"without, first without at row {naive_rows[0]}); read those without as {timezone}"
            )
        if bad:
            ledger.warn(
                f"{file}, row {bad[0][0]}, column '{column}': unreadable timestamp '{bad[0][1][:40]}'"
                + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")
                + "; left empty"
            )
    return pd.Series(pd.to_datetime(pd.Series(out, dtype="object"), utc=True), dtype="datetime64[ns, UTC]")


# -- finishing -----------------------------------------------------------------------------------------


def _dedupe_replies(replies: pd.DataFrame, ledger: Ledger) -> pd.DataFrame:
    """Drop repeated messages, rejecting each repeat with the record it repeats.

    A repeat is the same message id with the same ticket or text (an export page read twice, a tweet in
    two overlapping conversations), or the same ticket, author, time and text under another id.  The
    same id on *different* messages of different tickets is a collision, not a repeat: the id is made
    unique as ``<ticket_id>-<id>`` (message ids are unique in the canonical table) and a warning says so.
    """
    if replies.empty:
        return replies
    replies = replies.copy()
    keep = pd.Series(True, index=replies.index)
    by_id: dict[str, tuple[str, str, str, int]] = {}
    by_content: dict[tuple, tuple[str, int]] = {}
    renamed = 0
    for index, row in replies.iterrows():
        where = (str(row[SOURCE_FILE]), int(row[SOURCE_ROW]))
        item = row.get(SOURCE_ITEM)
        content = (str(row["ticket_id"]), str(row.get("author_id")), str(row["created_at"]), str(row["body"]))
        reason = None
        reply_id = row["reply_id"]
        if pd.notna(reply_id) and reply_id in by_id:
            ticket, body, file, number = by_id[reply_id]
            if ticket == row["ticket_id"] or body == row["body"]:
                reason = f"duplicate message (the same message id as {file}, row {number})"
            else:
                reply_id = f"{row['ticket_id']}-{reply_id}"
                replies.loc[index, "reply_id"] = reply_id
                renamed += 1
        if reason is None and content in by_content:
            file, number = by_content[content]
            reason = f"duplicate message (the same author, time and text as {file}, row {number})"
        if reason is not None:
            ledger.reject(*where, reason, item=item)
            keep[index] = False
            continue
        if pd.notna(reply_id):
            by_id.setdefault(reply_id, (row["ticket_id"], row["body"], *where))
        by_content.setdefault(content, where)
    if renamed:
        ledger.warn(
            f"{renamed} message id(s) were used by different messages of different tickets; "
            "those were renamed <ticket_id>-<id>"
        )
    return replies[keep]


def _clean_column(replies: pd.DataFrame, html: pd.Series | None) -> pd.DataFrame:
    cleaned = [
        clean_reply(body if isinstance(body, str) else "", is_html=None if flag is None else bool(flag))
        for body, flag in zip(
            replies["body"].tolist(),
            html.tolist() if html is not None else [None] * len(replies),
            strict=True,
        )
    ]
    replies = replies.copy()
    replies["body_clean"] = [c.text for c in cleaned]
    replies["removed_chars"] = [c.removed_chars for c in cleaned]
    replies["removed_kinds"] = [",".join(sorted({k for k, _ in c.removed})) for c in cleaned]
    replies["placeholders"] = [",".join(c.placeholders) for c in cleaned]
    return replies


def finish(
    tickets: pd.DataFrame,
    replies: pd.DataFrame,
    ledger: Ledger,
    *,
    has_ticket_records: bool,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Common end of every reader: types, duplicates, orphans, cleaning, and the accounting check.

    ``tickets`` and ``replies`` carry ``source_file``/``source_row`` naming the record each row came from
    (empty for a ticket made up from its replies when the export has no ticket records).
    """
    for frame in (tickets, replies):
        for name in (SOURCE_FILE, SOURCE_ROW):
            if name not in frame.columns:
                frame[name] = pd.NA
    html = replies.pop("_is_html") if "_is_html" in replies.columns else None
    replies = conform_replies(replies)
    tickets = conform_tickets(tickets)
    # A ticket record without an id cannot be joined to anything.
    no_id = tickets["ticket_id"].isna() | (tickets["ticket_id"].str.strip() == "")
    for _, row in tickets[no_id].iterrows():
        ledger.reject(str(row[SOURCE_FILE]), int(row[SOURCE_ROW]), "ticket record has no ticket id")
    tickets = tickets[~no_id]
    duplicated = tickets["ticket_id"].duplicated(keep="first")
    for _, row in tickets[duplicated].iterrows():
        ledger.reject(
            str(row[SOURCE_FILE]), int(row[SOURCE_ROW]), f"duplicate ticket {row['ticket_id']} (first one kept)"
        )
    tickets = tickets[~duplicated]

    no_ticket = replies["ticket_id"].isna() | (replies["ticket_id"].str.strip() == "")
    for _, row in replies[no_ticket].iterrows():
        ledger.reject(
            str(row[SOURCE_FILE]), int(row[SOURCE_ROW]), "message has no ticket id", item=row.get(SOURCE_ITEM)
        )
    replies = replies[~no_ticket]
    if has_ticket_records:
        known = set(tickets["ticket_id"].dropna())
        orphan = ~replies["ticket_id"].isin(known)
        for _, row in replies[orphan].iterrows():
            ledger.reject(
                str(row[SOURCE_FILE]),
                int(row[SOURCE_ROW]),
                f"message for ticket {row['ticket_id']}, which is not in the export's tickets",
                item=row.get(SOURCE_ITEM),
            )
        replies = replies[~orphan]
    else:  # a replies-only export: one ticket per ticket id, with nothing else known
        ids = replies["ticket_id"].dropna().unique()
        tickets = conform_tickets(frame_of([{"ticket_id": i} for i in ids], [], table="tickets"))
    replies = _dedupe_replies(replies, ledger)
    if html is not None:
        html = html.loc[replies.index]
    # Missing reply ids: <ticket_id>-<n> in time order, as the schema promises.
    missing = replies["reply_id"].isna()
    if missing.any():
        order = replies.sort_values(["ticket_id", "created_at"], kind="stable").groupby("ticket_id").cumcount() + 1
        generated = replies["ticket_id"] + "-" + order.astype("string")
        replies.loc[missing, "reply_id"] = generated[missing]
    replies = _clean_column(replies.reset_index(drop=True), None if html is None else html.reset_index(drop=True))
    replies = conform_replies(replies)

    silent = set(tickets["ticket_id"]) - set(replies["ticket_id"])
    if silent and has_ticket_records:
        examples = ", ".join(sorted(map(str, silent))[:5])
        ledger.warn(f"{len(silent)} ticket(s) have no messages (e.g. {examples}); kept in the tickets table")

    # Accounting: every record read is an output row, merged, or rejected.  Anything else is a reader
    # bug; it is rejected with that reason rather than lost without a word.
    accounted: dict[str, set[int]] = defaultdict(set)
    for frame in (tickets, replies):
        for file, row in zip(frame[SOURCE_FILE], frame[SOURCE_ROW], strict=True):
            if pd.notna(file) and pd.notna(row):
                accounted[str(file)].add(int(row))
    for file, rows in ledger.records.items():
        done = accounted[file] | ledger.merged[file] | ledger._rejected[file]
        for row in sorted(rows - done):
            ledger.reject(file, row, "record not used by the reader (please report this)")
    return tickets.reset_index(drop=True), replies


def counts_of(ledger: Ledger, tickets: pd.DataFrame, replies: pd.DataFrame) -> dict[str, Any]:
    """Record counts in = used + rejected, per file and overall, and the output row counts."""
    per_file = {}
    total_in = total_rejected = 0
    for file, rows in ledger.records.items():
        rejected = len(ledger._rejected[file])
        per_file[file] = {
            "kind": ledger.kinds.get(file, ""),
            "in": len(rows),
            "used": len(rows) - rejected,
            "rejected": rejected,
        }
        total_in += len(rows)
        total_rejected += rejected
    return {
        "records_in": total_in,
        "records_used": total_in - total_rejected,
        "rejected": total_rejected,
        "rejected_parts": ledger.rejected_items,
        "tickets_out": len(tickets),
        "replies_out": len(replies),
        "files": per_file,
    }


def rejects_table(ledger: Ledger) -> pd.DataFrame:
    frame = pd.DataFrame(ledger.rejects, columns=list(REJECT_COLUMNS))
    return frame.sort_values(["file", "row"], kind="stable").reset_index(drop=True) if len(frame) else frame


TICKET_FRAME = (*TICKET_COLUMN_NAMES, "subject", "requester_id", "requester_name", "channel", SOURCE_FILE, SOURCE_ROW)
REPLY_FRAME = (*REPLY_COLUMN_NAMES, "author_id", "author_name", SOURCE_FILE, SOURCE_ROW, SOURCE_ITEM)


def frame_of(rows: list[dict[str, Any]], columns: Sequence[str], *, table: str | None = None) -> pd.DataFrame:
    """A DataFrame from row dicts with every key any row has, ``columns``, and the canonical columns of
    ``table`` (``"tickets"`` / ``"replies"``), even when no row has them: a reader never meets a missing
    column however odd the export."""
    base = TICKET_FRAME if table == "tickets" else REPLY_FRAME if table == "replies" else ()
    names = list(dict.fromkeys([*base, *columns, *(k for r in rows for k in r)]))
    return pd.DataFrame(rows, columns=names)


def parse_time_columns(
    frame: pd.DataFrame,
    columns: Sequence[str],
    ledger: Ledger,
    *,
    timezone: str = "UTC",
    dayfirst: bool = False,
) -> pd.DataFrame:
    """Parse the raw timestamp ``columns`` of ``frame`` to UTC, file by file (see :func:`parse_times`)."""
    frame = frame.copy()
    for column in columns:
        if column not in frame.columns:
            continue
        parsed = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
        if len(frame):
            files = frame[SOURCE_FILE].fillna("").astype(str)
            for file in files.unique():
                part = frame[files == file]
                rows = [int(r) if pd.notna(r) else 0 for r in part[SOURCE_ROW]]
                values = parse_times(
                    part[column].tolist(),
                    file=file,
                    rows=rows,
                    column=column,
                    timezone=timezone,
                    dayfirst=dayfirst,
                    ledger=ledger,
                )
                parsed.loc[part.index] = values.to_numpy()
        frame[column] = parsed
    return frame


def rows_of(file: LoadedFile) -> Iterable[tuple[Record, dict[str, Any]]]:
    """Each record of ``file`` with the source columns every output row carries."""
    for record in file.records:
        yield record, {SOURCE_FILE: file.name, SOURCE_ROW: record.row}

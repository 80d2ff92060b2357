"""The generic format: CSV/JSONL tables already shaped like the canonical ones (the fallback).

A file with a ``body`` column is a replies table, a file with ``ticket_id`` and no ``body`` a tickets
table; their columns are the canonical ones (see :mod:`analyser.schema`), after the optional column
mapping (``--map body=Message``) renames the file's own names.  Columns beyond the canonical ones are
kept.  A replies table without ``author_role`` is taken to hold agent replies only (the common case of a
sheet of replies), and a warning says so.

A single sheet often carries the ticket's outcome on every message row (``csat_score``, ``resolved``,
``reopened``, ``sla_breached``, ``team``, ``category``, ``priority`` ...).  Those are ticket-level columns:
they go to the tickets table (the first value of each ticket; a ticket whose messages disagree is named in a
warning), where the study and the audit look for them, and no longer sit on the replies table.  A
``--map`` target that is not a column any stage reads is kept as an extra column, with a warning that
suggests the canonical name it was probably meant to be.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from analyser.clean.authors import classify_author
from analyser.ingest.base import (
    SOURCE_FILE,
    SOURCE_ROW,
    Kind,
    Ledger,
    LoadedFile,
    frame_of,
    parse_time_columns,
    rows_of,
)
from analyser.ingest.readers import Format, Options
from analyser.schema import REPLY_COLUMN_NAMES, TICKET_COLUMN_NAMES

# Columns that describe the ticket, not one message: on a replies sheet they are moved to the tickets table.
TICKET_LEVEL = (
    "solved_at",
    "team",
    "category",
    "priority",
    "status",
    "resolved",
    "reopened",
    "sla_breached",
    "csat_score",
    "csat_scale",
    "csat_comment",
    "subject",
    "requester_id",
    "requester_name",
)
KNOWN = set(TICKET_COLUMN_NAMES) | set(REPLY_COLUMN_NAMES) | set(TICKET_LEVEL) | {"author_id", "author_name"}


def _present(value: Any) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return False
    return not (isinstance(value, str) and not value.strip())


def _ticket_level(reply_frame: pd.DataFrame, ledger: Ledger) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ticket-level columns of a replies sheet as a tickets table (one row per ticket id, first value
    wins, disagreements named), and the replies without them."""
    columns = [c for c in TICKET_LEVEL if c in reply_frame.columns]
    rows: dict[str, dict[str, Any]] = {}
    conflicts: dict[str, tuple[str, int]] = {}
    for record in reply_frame[["ticket_id", *columns]].itertuples(index=False):
        ticket_id = record[0]
        if not _present(ticket_id):
            continue
        row = rows.setdefault(str(ticket_id), {"ticket_id": str(ticket_id)})
        for column, value in zip(columns, record[1:], strict=True):
            if not _present(value):
                continue
            if column not in row:
                row[column] = value
            elif str(row[column]).strip() != str(value).strip():
                first, count = conflicts.get(column, (str(ticket_id), 0))
                conflicts[column] = (first, count + 1)
    for column, (ticket_id, count) in conflicts.items():
        ledger.warn(
            f"column '{column}' differs between messages of the same ticket ({count} time(s), first in ticket "
            f"{ticket_id}); the ticket keeps its first message's value"
        )
    tickets = frame_of(list(rows.values()), ["ticket_id", *columns], table="tickets")
    return tickets, reply_frame.drop(columns=columns)


KINDS = (
    Kind("replies", (), ("body",)),
    Kind("tickets", ("ticket_id",)),
)


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    tickets: list[dict[str, Any]] = []
    replies: list[dict[str, Any]] = []
    for file in files:
        target = replies if file.kind == "replies" else tickets
        for record, source in rows_of(file):
            target.append({**record.data, **source})
        if file.kind == "replies" and file.records and "author_role" not in file.fields:
            ledger.warn(f"{file.name}: no 'author_role' column; every message is taken to be an agent reply")
    ticket_frame = frame_of(tickets, ["ticket_id"], table="tickets")
    reply_frame = frame_of(replies, ["ticket_id", "body"], table="replies")
    has_roles = any("author_role" in f.fields for f in files if f.kind == "replies")
    if has_roles:
        reply_frame["author_role"] = [
            classify_author(role=value) if isinstance(value, str) and value.strip() else "customer"
            for value in reply_frame["author_role"].astype(object)
        ]
    else:
        reply_frame["author_role"] = "agent"
    reply_frame["body"] = [
        v if isinstance(v, str) else "" if v is None or (isinstance(v, float) and v != v) else str(v)
        for v in reply_frame["body"]
    ]
    for target, source in (options.mapping or {}).items():
        if target not in KNOWN:
            close = sorted(k for k in KNOWN if k.startswith(target.lower())) or difflib.get_close_matches(
                target, sorted(KNOWN), n=1
            )
            hint = f" (did you mean {' or '.join(repr(c) for c in close[:3])}?)" if close else ""
            ledger.warn(
                f"--map {target}={source}: '{target}' is not a column any stage reads{hint}; kept as an extra column"
            )
    has_tickets = any(f.kind == "tickets" for f in files)
    moved = [c for c in TICKET_LEVEL if c in reply_frame.columns and reply_frame[c].map(_present).any()]
    if moved:
        from_replies, reply_frame = _ticket_level(reply_frame, ledger)
        if has_tickets:  # a tickets file wins; the replies fill what it leaves empty
            known = ticket_frame.set_index("ticket_id", drop=False) if len(ticket_frame) else None
            for column in moved:
                values = from_replies.set_index("ticket_id")[column]
                if column not in ticket_frame.columns:
                    ticket_frame[column] = None
                if known is not None:
                    ticket_frame[column] = [
                        v if _present(v) else values.get(t)
                        for t, v in zip(ticket_frame["ticket_id"], ticket_frame[column], strict=True)
                    ]
        else:
            ticket_frame = from_replies
            ticket_frame[SOURCE_FILE] = pd.NA
            ticket_frame[SOURCE_ROW] = pd.NA
            has_tickets = True
        ledger.warn(
            f"ticket-level column(s) {', '.join(moved)} of the replies went to the tickets table (one value per ticket)"
        )
    else:
        reply_frame = reply_frame.drop(columns=[c for c in TICKET_LEVEL if c in reply_frame.columns])
    ticket_frame = parse_time_columns(ticket_frame, ["created_at", "solved_at"], ledger, timezone=timezone)
    reply_frame = parse_time_columns(reply_frame, ["created_at"], ledger, timezone=timezone)
    return ticket_frame, reply_frame, has_tickets


FORMAT = Format(name="generic", title="generic CSV/JSONL", kinds=KINDS, build=build)

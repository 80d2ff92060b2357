"""The generic format: CSV/JSONL tables already shaped like the canonical ones (the fallback).

A file with a ``body`` column is a replies table, a file with ``ticket_id`` and no ``body`` a tickets
table; their columns are the canonical ones (see :mod:`analyser.schema`), after the optional column
mapping (``--map body=Message``) renames the file's own names.  Columns beyond the canonical ones are
kept.  A replies table without ``author_role`` is taken to hold agent replies only (the common case of a
sheet of replies), and a warning says so.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyser.clean.authors import classify_author
from analyser.ingest.base import Kind, Ledger, LoadedFile, frame_of, parse_time_columns, rows_of
from analyser.ingest.readers import Format, Options

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
    ticket_frame = parse_time_columns(ticket_frame, ["created_at", "solved_at"], ledger, timezone=timezone)
    reply_frame = parse_time_columns(reply_frame, ["created_at"], ledger, timezone=timezone)
    return ticket_frame, reply_frame, any(f.kind == "tickets" for f in files)


FORMAT = Format(name="generic", title="generic CSV/JSONL", kinds=KINDS, build=build)

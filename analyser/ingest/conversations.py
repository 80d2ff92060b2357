"""Conversation files: chat logs and transcripts as JSON or JSONL, a conversation being a list of turns.

Two shapes are read:

==============  ===========================================================================================
kind            recognised by
==============  ===========================================================================================
conversations   one record per conversation with its turns in a list field (``turns``, ``messages``,
                ``utterances``, ``dialog``/``dialogue``, ``transcript``, ``log``, ``original``, ...; or any
                field with ``--map turns=FIELD``).  A turn is an object (``{"speaker": "agent", "text":
                "..."}``) or a ``[speaker, text]`` pair.
turns           one record per turn with a conversation id (``conversation_id``, ``session_id``,
                ``chat_id``, ``dialog_id``, ...), a speaker field and the text
==============  ===========================================================================================

The speaker field is found by name (``speaker``, ``role``, ``sender``, ``from``, ``participant``, ...) or
given with ``--speaker-field``.  Which speaker values are the agent is the user's call: ``--agent-value``
(repeatable) names them; without it ``agent``, ``assistant``, ``operator``, ``support``, ``staff``,
``employee``, ``representative``, ``medewerker`` and ``behandelaar`` are.  Bots, actions and system events
(``system``, ``bot``, ``action``, ``event``, ...) are ``system``; every other speaker is the customer.  The
ingest summary lists every speaker value seen and what it was taken for, so a wrong guess shows at once.

Ticket-level values on a conversation record (``csat_score``, ``resolved``, ``team`` ..., also from a nested
path with ``--map csat_score=rating.score``) go to the tickets table, the customer's name and id
(``customer.name``/``customer.email``, ``visitor.name`` ...) to ``requester_name``/``requester_id``; a conversation without an id gets
``<file>-<record>``.  Turns are public (the customer saw them) unless a ``public``/``internal``/``private``
field says otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.ingest.base import SOURCE_ITEM, Kind, Ledger, LoadedFile, flag, frame_of, get, parse_time_columns
from analyser.ingest.generic import flatten
from analyser.ingest.readers import Format, Options
from analyser.schema import TICKET_COLUMN_NAMES

TURN_LISTS = (
    "turns",
    "messages",
    "utterances",
    "dialog",
    "dialogue",
    "transcript",
    "conversation",
    "log",
    "original",
    "chat",
    "dialogContent",
)
CONVERSATION_IDS = (
    "conversation_id",
    "conversationId",
    "convo_id",
    "dialog_id",
    "dialogue_id",
    "session_id",
    "sessionId",
    "chat_id",
    "thread_id",
    "transcript_id",
    "ticket_id",
    "id",
)
SPEAKERS = ("speaker", "role", "author_role", "sender", "from", "participant", "party", "speaker_type", "author")
TEXTS = ("text", "utterance", "message", "body", "content", "value")
TIMES = ("created_at", "timestamp", "time", "datetime", "date", "ts")
TURN_IDS = ("reply_id", "turn_id", "message_id", "id")
AUTHOR_IDS = ("author_id", "user_id", "speaker_id", "sender_id", "agent_id")
DEFAULT_AGENTS = (
    "agent",
    "assistant",
    "operator",
    "support",
    "staff",
    "employee",
    "representative",
    "rep",
    "human_agent",
    "medewerker",
    "behandelaar",
)
SYSTEM_SPEAKERS = ("system", "bot", "chatbot", "action", "event", "automation", "virtual_agent", "notification")
TICKET_LEVEL = tuple(c for c in TICKET_COLUMN_NAMES if c != "ticket_id")
CUSTOMER_NAMES = ("requester_name", "customer_name", "customer.name", "visitor.name", "user.name", "client.name")
CUSTOMER_IDS = ("requester_id", "customer_id", "customer.id", "customer.email", "visitor.id", "user.id", "client.id")

KINDS = (
    Kind("conversations", (), ("turns", *TURN_LISTS)),
    Kind("turns", ("|".join(CONVERSATION_IDS[:-2]), "|".join(SPEAKERS), "|".join(TEXTS))),
)


def _turn_list(data: Mapping[str, Any]) -> tuple[str | None, Any]:
    for name in ("turns", *TURN_LISTS):
        if name in data:
            return name, data[name]
    return None, None


def _mapped(turn: Mapping[str, Any], mapping: Mapping[str, str] | None, found: set[str]) -> dict[str, Any]:
    """A turn with ``--map`` applied (the mapping's sources may name a turn's fields, nested too)."""
    out = dict(turn)
    if not mapping:
        return out
    flat: dict[str, Any] | None = None
    for target, source in mapping.items():
        if source in turn:
            found.add(source)
            out[target] = turn[source]
        elif "." in source:
            flat = flat if flat is not None else flatten(turn)
            if source in flat:
                found.add(source)
                out[target] = flat[source]
    return out


def _speaker_value(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = get(value, "role", "type", "name", "id")
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


class _Roles:
    """Speaker value -> role, counting what was seen so the summary can say it."""

    def __init__(self, agent_values: tuple[str, ...]) -> None:
        self.given = bool(agent_values)
        self.agents = {v.strip().lower() for v in (agent_values or DEFAULT_AGENTS)}
        self.seen: Counter[tuple[str, str]] = Counter()

    def __call__(self, speaker: str) -> str:
        key = speaker.lower()
        if key in self.agents:
            role = "agent"
        elif key in SYSTEM_SPEAKERS:
            role = "system"
        else:
            role = "customer"
        self.seen[(speaker, role)] += 1
        return role

    def describe(self) -> str:
        parts = [f"'{speaker}' -> {role} ({n})" for (speaker, role), n in self.seen.most_common(8)]
        more = f" and {len(self.seen) - 8} more" if len(self.seen) > 8 else ""
        how = "as given with --agent-value" if self.given else "agent values by default; change with --agent-value"
        return f"speakers: {', '.join(parts)}{more} ({how})"


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    roles = _Roles(options.agent_values)
    speaker_names = (options.speaker_field,) if options.speaker_field else SPEAKERS
    ticket_rows: list[dict[str, Any]] = []
    reply_rows: list[dict[str, Any]] = []

    def turn_row(turn: Any, ticket_id: str | None, source: dict[str, Any], position: int) -> None:
        label = None if source.get("_flat") else f"turn {position}"  # a turns table: the record is the turn
        if isinstance(turn, (list, tuple)) and len(turn) >= 2 and not isinstance(turn[0], (dict, list)):
            speaker, text, data = _speaker_value(turn[0]), turn[1], {}
        elif isinstance(turn, Mapping):
            data = _mapped(turn, options.mapping, ledger.mapped)
            speaker = next((_speaker_value(data[n]) for n in speaker_names if n in data), None)
            text = get(data, *TEXTS)
        else:
            ledger.reject(source["source_file"], source["source_row"], "not a turn object", item=label)
            return
        if speaker is None:
            wanted = options.speaker_field or "/".join(SPEAKERS[:5])
            ledger.reject(source["source_file"], source["source_row"], f"turn has no speaker ({wanted})", item=label)
            return
        if not isinstance(text, str) or not text.strip():
            ledger.reject(source["source_file"], source["source_row"], "turn has no text", item=label)
            return
        if ticket_id is None:
            ledger.reject(source["source_file"], source["source_row"], "turn has no conversation id", item=label)
            return
        role = roles(speaker)
        hidden = next((flag(data[n]) for n in ("internal", "private", "is_internal") if n in data), None)
        public = flag(data.get("public")) if "public" in data else (None if hidden is None else not hidden)
        author = get(data, *AUTHOR_IDS)
        reply_rows.append(
            {
                **source,
                SOURCE_ITEM: label,
                "ticket_id": ticket_id,
                "reply_id": None if get(data, *TURN_IDS) is None else f"{ticket_id}-{get(data, *TURN_IDS)}",
                "author_role": role,
                "author_id": None if author is None else str(author),
                "agent_id": None if author is None or role != "agent" else str(author),
                "created_at": get(data, *TIMES),
                "channel": get(data, "channel") or "chat",
                "public": True if public is None else public,
                "body": text,
                "_order": position,
            }
        )

    for file in files:
        stem = Path(file.name).stem
        for record in file.records:
            source = {"source_file": file.name, "source_row": record.row}
            data = record.data
            if file.kind == "conversations":
                name, turns = _turn_list(data)
                if not isinstance(turns, list):
                    reason = f"'{name}' is not a list of turns" if name else "record has no list of turns"
                    ledger.reject(file.name, record.row, reason)
                    continue
                conversation = get(data, *CONVERSATION_IDS)
                ticket_id = str(conversation) if conversation is not None else f"{stem}-{record.row}"
                ticket = {
                    **source,
                    "ticket_id": ticket_id,
                    "requester_name": get(data, *CUSTOMER_NAMES),
                    "requester_id": get(data, *CUSTOMER_IDS),
                }
                ticket.update(
                    {c: data[c] for c in TICKET_LEVEL if c in data and not isinstance(data[c], (list, Mapping))}
                )
                ticket_rows.append(ticket)
                for position, turn in enumerate(turns, start=1):
                    turn_row(turn, ticket_id, source, position)
            else:
                conversation = get(data, *CONVERSATION_IDS[:-2])
                turn_row(
                    data, None if conversation is None else str(conversation), {**source, "_flat": True}, record.row
                )
    if roles.seen:
        ledger.warn(roles.describe())
    tickets = frame_of(ticket_rows, ["ticket_id"], table="tickets")
    replies = frame_of(reply_rows, ["ticket_id", "reply_id", "author_role", "body", "_order"], table="replies")
    if "_flat" in replies.columns:  # a turns table: each record is a message of its own, not a part
        flat = replies.pop("_flat").eq(True)
        replies.loc[flat, SOURCE_ITEM] = None
    replies = replies.sort_values(["ticket_id", "_order"], kind="stable").drop(columns="_order")
    replies["_is_html"] = False
    tickets = parse_time_columns(tickets, ["created_at", "solved_at"], ledger, timezone=timezone)
    replies = parse_time_columns(replies, ["created_at"], ledger, timezone=timezone)
    return tickets, replies, bool(ticket_rows)


FORMAT = Format(name="conversations", title="conversation transcripts", kinds=KINDS, build=build)

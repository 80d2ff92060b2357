"""Zendesk Support: the REST API shapes and the warehouse-table (Fivetran) layout.

Files understood (JSON pages such as ``{"tickets": [...]}``, JSON arrays, JSONL, Airbyte
``{"stream": ..., "data": ...}`` lines, or CSV warehouse tables):

============================  ==============================================================================
kind                          recognised by
============================  ==============================================================================
tickets                       ``id``, ``requester_id``, ``status`` (API ``tickets``; Fivetran ``ticket``)
comments                      ``author_id``, ``public`` and ``body``/``html_body``/``plain_body`` (API
                              ``ticket_comments``; a page from ``/tickets/{id}/comments.json`` without
                              ``ticket_id`` takes the ticket id from the file name)
warehouse_comments            ``ticket_id``, ``user_id``, ``public``, ``created``, ``body`` (Fivetran
                              ``ticket_comment``)
audits                        ``ticket_id``, ``events`` (API ``ticket_audits``: comments are the
                              ``Comment`` events)
ticket_events                 ``ticket_id``, ``child_events`` (incremental ticket events export)
satisfaction_ratings          ``ticket_id``, ``score`` (``good``/``bad``; ``offered``/``unoffered`` are
                              not ratings)
ticket_metrics                ``ticket_id``, ``reopens`` (reopened, solved time)
field_history                 ``ticket_id``, ``field_name``, ``value``, ``updated`` (Fivetran
                              ``ticket_field_history``: reopened and solved time from status changes)
users                         ``id``, ``role``, ``name`` (roles end-user / agent / admin)
full_export                   ``id``, ``requester_id``, ``status``, ``comments`` (the account's full JSON
                              export: one ticket a line, its comments embedded, authors only as ids)
============================  ==============================================================================

The full JSON export (Admin Center > Account > Tools > Reports > Export, "JSON") has no roles: the
requester (and the ticket's CCs) are customers, every other comment author an agent, unless a users file
given beside it says otherwise; an author writing through a trigger or automation (``via.channel``
``rule``/``system``) whom no users file knows is ``system``.  ``public: false`` is an internal note.

The full field mapping is in ``docs/ingest.md``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from typing import Any

import pandas as pd

from analyser.clean.authors import classify_author
from analyser.ingest.base import (
    Kind,
    Ledger,
    LoadedFile,
    frame_of,
    get,
    parse_time_columns,
    parse_times,
    rows_of,
    text_of,
)
from analyser.ingest.readers import Format, Options

KINDS = (
    Kind("satisfaction_ratings", ("ticket_id", "score"), hints=("satisfaction_ratings",)),
    Kind("ticket_metrics", ("ticket_id", "reopens"), hints=("ticket_metrics",)),
    Kind("audits", ("ticket_id", "events"), hints=("audits", "ticket_audits")),
    Kind("ticket_events", ("ticket_id", "child_events"), hints=("ticket_events",)),
    Kind("field_history", ("ticket_id", "field_name", "value", "updated")),
    Kind("warehouse_comments", ("ticket_id", "user_id", "public", "created", "body")),
    Kind(
        "comments", ("author_id", "public"), ("body", "html_body", "plain_body"), hints=("ticket_comments", "comments")
    ),
    Kind("users", ("id", "role", "name"), hints=("users",)),
    Kind("organizations", ("id", "name", "shared_tickets"), hints=("organizations",)),
    Kind("brands", ("id", "brand_url", "subdomain"), hints=("brands",)),
    Kind("groups", ("id", "name", "url"), hints=("groups",)),
    Kind("chats", ("chat_id", "ticket_id", "visitor_id")),
    Kind("chat_events", ("chat_id", "actor_id", "message", "type")),
    Kind("full_export", ("id", "requester_id", "status", "comments")),
    Kind("tickets", ("id", "requester_id", "status"), hints=("tickets",)),
)
TICKET_KINDS = ("tickets", "full_export")
SYSTEM_CHANNELS = {"rule", "system", "automation"}

TICKET_RAW_TIMES = ("created_at",)
SOLVED = {"solved", "closed"}


def _str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if re.fullmatch(r"-?\d+\.0", text):  # ids read from CSV/JSON as floats
        text = text[:-2]
    return text or None


def _ticket_id_from_name(file: LoadedFile) -> str | None:
    match = re.search(r"(\d+)", file.path.stem)
    return match.group(1) if match else None


def _users(files: list[LoadedFile], ledger: Ledger) -> dict[str, dict[str, Any]]:
    users: dict[str, dict[str, Any]] = {}
    for file in files:
        if file.kind != "users":
            continue
        for record in file.records:
            user_id = _str(record.data.get("id"))
            if user_id is None:
                ledger.reject(file.name, record.row, "user record has no id")
                continue
            users[user_id] = {"role": record.data.get("role"), "name": record.data.get("name")}
            ledger.merge(file.name, record.row)
    return users


def _lookups(files: list[LoadedFile], ledger: Ledger) -> dict[str, str]:
    """Group names (for ``team``); organisations and brands are reference data, read and set aside."""
    groups: dict[str, str] = {}
    for file in files:
        if file.kind not in ("groups", "organizations", "brands"):
            continue
        for record in file.records:
            if file.kind == "groups" and _str(record.data.get("id")):
                groups[_str(record.data.get("id")) or ""] = str(record.data.get("name") or "")
            ledger.merge(file.name, record.row)
    return groups


def _chat_rows(files: list[LoadedFile], ledger: Ledger) -> list[dict[str, Any]]:
    """Chat messages (Fivetran ``ticket_chat_event``), linked to tickets through ``ticket_chat``."""
    chat_ticket: dict[str, str] = {}
    for file in files:
        if file.kind == "chats":
            for record in file.records:
                chat_ticket.setdefault(str(record.data.get("chat_id")), _str(record.data.get("ticket_id")) or "")
                ledger.merge(file.name, record.row)
    rows: list[dict[str, Any]] = []
    for file in files:
        if file.kind != "chat_events":
            continue
        for record, source in rows_of(file):
            d = record.data
            message = text_of(d.get("message"))
            if not message:
                ledger.merge(file.name, record.row)  # a transfer, form or status event: no text
                continue
            chat_id = str(d.get("chat_id"))
            if chat_id not in chat_ticket:
                ledger.reject(file.name, record.row, f"chat message for chat {chat_id}, which has no ticket")
                continue
            author_type, source_type = "", ""
            try:
                original = json.loads(d.get("original_message") or "{}")
                author_type = str(get(original, "author.type", default="")).upper()
                source_type = str(get(original, "source.type", default="")).lower()
            except (json.JSONDecodeError, TypeError):
                pass
            actor = str(d.get("actor_id") or "")
            if "bot" in source_type:
                role = "system"
            elif actor.startswith("agent:") or author_type == "BUSINESS":
                role = "agent"
            else:
                role = "customer"
            rows.append(
                {
                    **source,
                    "ticket_id": chat_ticket[chat_id],
                    "reply_id": None,
                    "author_id": actor.removeprefix("agent:") or None,
                    "created_at": d.get("created_at"),
                    "channel": "chat",
                    "public": True,
                    "body": message,
                    "_is_html": False,
                    "_role": role,
                }
            )
    return rows


def _comment_rows(files: list[LoadedFile], ledger: Ledger) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def comment(data: dict[str, Any], ticket_id: Any, source: dict[str, Any], created: Any = None) -> None:
        html = get(data, "html_body")
        body = html if html is not None else get(data, "body", "plain_body", default="")
        rows.append(
            {
                **source,
                "ticket_id": _str(ticket_id),
                "reply_id": _str(get(data, "id")),
                "author_id": _str(get(data, "author_id", "user_id")),
                "created_at": created if created is not None else get(data, "created_at", "created"),
                "channel": text_of(get(data, "via.channel")),
                "public": get(data, "public"),
                "body": text_of(body) or "",
                "_is_html": True if html is not None else None,
            }
        )

    for file in files:
        if file.kind == "full_export":
            for record, source in rows_of(file):
                ticket_id = get(record.data, "id")
                embedded = record.data.get("comments")
                if not isinstance(embedded, list):
                    if embedded not in (None, ""):
                        ledger.reject(file.name, record.row, "not a list of comments", item="comments")
                    continue
                for position, data in enumerate(embedded, start=1):
                    label = f"comment {data.get('id') if isinstance(data, dict) and data.get('id') else position}"
                    if not isinstance(data, dict):
                        ledger.reject(file.name, record.row, "comment is not a JSON object", item=label)
                        continue
                    if get(data, "body", "html_body", "plain_body") is None:
                        ledger.reject(file.name, record.row, "comment has no body", item=label)
                        continue
                    comment(data, ticket_id, {**source, "source_item": label, "_embedded": True})
        elif file.kind in ("comments", "warehouse_comments"):
            fallback = _ticket_id_from_name(file)
            for record, source in rows_of(file):
                ticket_id = get(record.data, "ticket_id", default=fallback)
                if ticket_id is None:
                    ledger.reject(
                        file.name, record.row, "comment has no ticket_id and the file name has no ticket number"
                    )
                    continue
                if get(record.data, "body", "html_body", "plain_body") is None:
                    ledger.reject(file.name, record.row, "comment has no body")
                    continue
                comment(record.data, ticket_id, source)
        elif file.kind in ("audits", "ticket_events"):
            for record, source in rows_of(file):
                events = record.data.get("events") or record.data.get("child_events") or []
                events = events if isinstance(events, list) else []
                found = False
                for event in events:
                    if isinstance(event, dict) and (
                        event.get("type") == "Comment" or ("comment_present" in event and event.get("body"))
                    ):
                        event = {**event, "author_id": event.get("author_id", record.data.get("author_id"))}
                        comment(
                            event,
                            record.data.get("ticket_id"),
                            {**source, "source_item": f"event {event.get('id')}"},
                            record.data.get("created_at"),
                        )
                        found = True
                if not found:
                    ledger.merge(file.name, record.row)  # an audit without a comment: status changes only
    return rows


def _records_of_known_tickets(files: list[LoadedFile], kind: str, label: str, ledger: Ledger, tickets: set[str]):
    """Records of one kind whose ticket is in the export; the others are rejected with the reason."""
    for file in files:
        if file.kind != kind:
            continue
        for record in file.records:
            ticket_id = _str(record.data.get("ticket_id"))
            if ticket_id not in tickets:
                ledger.reject(file.name, record.row, f"{label} for ticket {ticket_id}, which is not in the export")
                continue
            ledger.merge(file.name, record.row)
            yield ticket_id, record


def _ratings(files: list[LoadedFile], ledger: Ledger, tickets: set[str]) -> dict[str, dict[str, Any]]:
    ratings: dict[str, dict[str, Any]] = {}
    for ticket_id, record in _records_of_known_tickets(files, "satisfaction_ratings", "rating", ledger, tickets):
        score = str(record.data.get("score") or "").lower()
        current = ratings.get(ticket_id)
        created = str(record.data.get("updated_at") or record.data.get("created_at") or "")
        if score in ("good", "bad") and (current is None or created >= current["when"]):
            ratings[ticket_id] = {"score": score, "comment": record.data.get("comment"), "when": created}
        elif ticket_id not in ratings:
            ratings[ticket_id] = {"score": None, "offered": score == "offered", "when": ""}
    return ratings


def reopen_count(value: Any) -> float | None:
    """``reopens`` as a number: a count (``2``, ``"2"``), or a list of reopen events (its length, so
    ``[]`` is 0); None when absent or unreadable (an object, text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, list):
        return float(len(value))
    if isinstance(value, (int, float)):
        return None if pd.isna(value) else float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def _metric_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "reopens": reopen_count(data.get("reopens")),
        "solved_at": data.get("solved_at") if isinstance(data.get("solved_at"), (str, int, float)) else None,
        "full_resolution_minutes": get(data, "full_resolution_time_in_minutes.calendar"),
        "first_reply_minutes": get(data, "reply_time_in_minutes.calendar"),
    }


def _metrics(files: list[LoadedFile], ledger: Ledger, tickets: set[str]) -> dict[str, dict[str, Any]]:
    metrics: dict[str, dict[str, Any]] = {}
    for ticket_id, record in _records_of_known_tickets(files, "ticket_metrics", "metrics", ledger, tickets):
        metrics[ticket_id] = _metric_values(record.data)
    return metrics


def _history(files: list[LoadedFile], ledger: Ledger, tickets: set[str], timezone: str) -> dict[str, dict]:
    """Reopened and solved time from the status changes in Fivetran's ticket_field_history."""
    changes: dict[str, list[tuple[pd.Timestamp, str]]] = defaultdict(list)
    for file in files:
        if file.kind != "field_history":
            continue
        rows = [r.row for r in file.records]
        times = parse_times(
            [r.data.get("updated") for r in file.records],
            file=file.name,
            rows=rows,
            column="updated",
            timezone=timezone,
            ledger=ledger,
        )
        for record, when in zip(file.records, times, strict=True):
            ticket_id = _str(record.data.get("ticket_id"))
            if ticket_id not in tickets:
                ledger.reject(file.name, record.row, f"history for ticket {ticket_id}, which is not in the export")
                continue
            ledger.merge(file.name, record.row)
            if record.data.get("field_name") == "status" and pd.notna(when):
                changes[ticket_id].append((when, str(record.data.get("value") or "").lower()))
    out = {}
    for ticket_id, events in changes.items():
        events.sort()
        statuses = [s for _, s in events]
        reopened = any(a in SOLVED and b not in SOLVED for a, b in itertools.pairwise(statuses))
        solved = [t for t, s in events if s == "solved"]
        out[ticket_id] = {"reopened": reopened, "solved_at": solved[-1] if solved else None}
    return out


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    users = _users(files, ledger)
    groups = _lookups(files, ledger)
    ticket_rows: list[dict[str, Any]] = []
    ccs: dict[str, set[str]] = {}  # the full export's CCs of a ticket: customers, like its requester
    embedded_metrics: dict[str, dict[str, Any]] = {}
    for file in files:
        if file.kind not in TICKET_KINDS:
            continue
        for record, source in rows_of(file):
            d = record.data
            requester = _str(d.get("requester_id"))
            embedded = d.get("satisfaction_rating") if isinstance(d.get("satisfaction_rating"), dict) else {}
            ticket_id = _str(d.get("id"))
            if file.kind == "full_export" and ticket_id:
                ids = [*(d.get("collaborator_ids") or []), *(d.get("email_cc_ids") or [])]
                ccs[ticket_id] = {i for i in map(_str, ids if isinstance(ids, list) else []) if i}
                if isinstance(d.get("metric_set"), dict):
                    embedded_metrics[ticket_id] = _metric_values(d["metric_set"])
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": ticket_id,
                    "created_at": d.get("created_at"),
                    "agent_id": _str(d.get("assignee_id")),
                    "team": groups.get(_str(d.get("group_id")) or "", _str(d.get("group_id"))),
                    "category": text_of(d.get("type")),
                    "priority": text_of(d.get("priority")),
                    "status": text_of(d.get("status")),
                    "subject": text_of(d.get("subject")),
                    "requester_id": requester,
                    "requester_name": users.get(requester or "", {}).get("name"),
                    "channel": text_of(get(d, "via.channel", "via_channel")),
                    "_rating": embedded.get("score") or d.get("satisfaction_rating_score"),
                    "_rating_comment": embedded.get("comment") or d.get("satisfaction_rating_comment"),
                }
            )
    tickets = frame_of(ticket_rows, ["ticket_id", "created_at", "requester_id", "status"], table="tickets")
    known = set(tickets["ticket_id"].dropna())
    ratings = _ratings(files, ledger, known)
    metrics = {**embedded_metrics, **_metrics(files, ledger, known)}
    history = _history(files, ledger, known, timezone)

    scores, scales, comments, reopened, solved_at = [], [], [], [], []
    for row in ticket_rows:
        ticket_id = row["ticket_id"]
        rating = ratings.get(ticket_id, {})
        score = (rating.get("score") or str(row.get("_rating") or "")).lower()
        scores.append(1.0 if score == "good" else 0.0 if score == "bad" else None)
        scales.append("good/bad" if score in ("good", "bad") else None)
        comments.append(rating.get("comment") if rating.get("score") else row.get("_rating_comment"))
        metric = metrics.get(ticket_id, {})
        changes = history.get(ticket_id, {})
        if pd.notna(metric.get("reopens")):
            reopened.append(bool(metric["reopens"] > 0))
        else:
            reopened.append(changes.get("reopened"))
        solved_at.append(metric.get("solved_at") or changes.get("solved_at"))
    tickets["csat_score"] = scores
    tickets["csat_scale"] = scales
    tickets["csat_comment"] = comments
    tickets["reopened"] = reopened
    tickets["solved_at"] = solved_at
    tickets = tickets.drop(columns=["_rating", "_rating_comment"], errors="ignore")
    tickets = parse_time_columns(tickets, ["created_at", "solved_at"], ledger, timezone=timezone)
    solved = tickets["status"].str.lower().isin(SOLVED) if len(tickets) else pd.Series(dtype=bool)
    tickets["resolved"] = (
        [bool(s) and r is not True for s, r in zip(solved, tickets["reopened"], strict=True)] if len(tickets) else []
    )

    replies = frame_of(_comment_rows(files, ledger) + _chat_rows(files, ledger), ["_is_html"], table="replies")
    given = replies.pop("_role") if "_role" in replies.columns else pd.Series([None] * len(replies))
    embedded = replies.pop("_embedded") if "_embedded" in replies.columns else pd.Series([None] * len(replies))
    requesters = dict(zip(tickets["ticket_id"], tickets["requester_id"], strict=True))
    agents = {u for u, info in users.items() if str(info.get("role")).lower() in ("agent", "admin")}
    agents |= set(tickets["agent_id"].dropna()) if "agent_id" in tickets else set()
    # Only agents can write internal notes: whoever wrote one is an agent, users table or not.
    private = replies["public"].map(lambda v: v is False or str(v).strip().lower() in ("false", "0"))
    agents |= {str(a) for a in replies.loc[private, "author_id"].dropna()}
    roles, names = [], []
    for ticket_id, author, channel, fixed, full_export in zip(
        replies["ticket_id"],
        replies["author_id"],
        replies.get("channel", pd.Series([None] * len(replies))),
        given,
        embedded,
        strict=True,
    ):
        user = users.get(author or "", {})
        if isinstance(fixed, str):
            roles.append(fixed)
            names.append(user.get("name"))
            continue
        requester = requesters.get(ticket_id)
        customers = ({requester} if requester else set()) | ccs.get(ticket_id, set())
        # The full export names no roles: an author who is not the requester or a CC is an agent (the
        # direction a comment on a ticket goes when a customer did not write it), unless users say otherwise.
        role = classify_author(
            author_id=author,
            role=user.get("role"),
            requester_ids=customers,
            agent_ids=agents,
            incoming=False if full_export is True else None,
        )
        unknown = author not in (customers | set(users))
        automated = (role == "customer" and channel in ("rule", "api")) or (
            full_export is True and role == "agent" and channel in SYSTEM_CHANNELS
        )
        if automated and unknown:
            role = "system"
        roles.append(role)
        names.append(user.get("name"))
    replies["author_role"] = roles
    replies["author_name"] = names
    replies["agent_id"] = [a if r == "agent" else None for a, r in zip(replies["author_id"], roles, strict=True)]
    replies = parse_time_columns(replies, ["created_at"], ledger, timezone=timezone)
    return tickets, replies, bool(ticket_rows) or any(f.kind in TICKET_KINDS for f in files)


FORMAT = Format(name="zendesk", title="Zendesk", kinds=KINDS, build=build)

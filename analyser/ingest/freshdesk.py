"""Freshdesk: tickets, conversations (public replies versus private notes) and satisfaction ratings.

Shapes of the Freshdesk API v2 (``/api/v2/tickets``, ``/api/v2/tickets/{id}/conversations``,
``/api/v2/surveys/satisfaction_ratings``), as JSON arrays, JSONL or pages.  Freshdesk codes statuses,
priorities and sources as numbers; they are written out by name so reports read naturally.

The ticket's ``description`` is the customer's first message; Freshdesk keeps it on the ticket, not among
the conversations, so it becomes the first message row (``reply_id`` ``<id>-description``).

Satisfaction: Freshdesk's survey answers are -103..103 (103 extremely happy, 100 neutral, -103 extremely
unhappy; a 3-point survey uses 103/100/-103).  They are placed on the ``1-5`` scale linearly
(103 -> 5, 100 -> 3, -103 -> 1), so every survey size lands on one scale.  Field mapping: ``docs/ingest.md``.

The **CSV (or Excel) ticket export** of the ticket list (Tickets > Export) is read too: ``Ticket ID``,
``Subject``, ``Description``, ``Status``, ``Priority``, ``Source``, ``Type``, ``Agent``, ``Group``,
``Created time``, ``Resolved time``/``Closed time``, ``Resolution status`` (``Within SLA`` / ``SLA
Violated``), ``Full name``, ``Contact ID``/``Email`` and the survey answer's label (``Survey results``:
Extremely happy ... Extremely unhappy, or the classic Awesome / Just Okay / Not Good).  That export holds
the description but no replies: give the conversations (``/api/v2/tickets/{id}/conversations``) beside it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyser.clean.authors import classify_author
from analyser.ingest.base import (
    Kind,
    Ledger,
    LoadedFile,
    flag,
    frame_of,
    get,
    parse_time_columns,
    pick,
    rows_of,
    text_of,
)
from analyser.ingest.readers import Format, Options

KINDS = (
    Kind("satisfaction_ratings", ("ticket_id", "ratings"), hints=("satisfaction_ratings",)),
    Kind("conversations", ("incoming", "private", "user_id"), ("body", "body_text"), hints=("conversations",)),
    Kind("tickets", ("id", "requester_id", "status", "source"), ("responder_id", "description", "subject")),
    Kind("csv_tickets", ("Ticket ID", "Subject", "Status", "Priority"), ("Created time", "Agent", "Full name")),
)
# The survey answer's label in the CSV export, as the API's -103..103 code.
SURVEY_LABELS = {
    "extremely happy": 103,
    "very happy": 102,
    "happy": 101,
    "neutral": 100,
    "unhappy": -101,
    "very unhappy": -102,
    "extremely unhappy": -103,
    "awesome": 103,
    "just okay": 100,
    "not good": -103,
}
SURVEY_COLUMNS = ("Survey results", "Survey result", "Satisfaction rating", "Customer satisfaction", "Satisfaction")

STATUS = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}
PRIORITY = {1: "low", 2: "medium", 3: "high", 4: "urgent"}
SOURCE = {1: "email", 2: "portal", 3: "phone", 7: "chat", 9: "feedback widget", 10: "outbound email"}
SOLVED = {"resolved", "closed"}


def _id(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") else text or None


def _coded(table: dict[int, str], value: Any) -> str | None:
    try:
        return table.get(int(value), str(value))
    except (TypeError, ValueError):
        return text_of(value)


def rating_to_1_5(value: Any) -> float | None:
    """Freshdesk's -103..103 survey answer on the 1-5 scale, in whole points: placed linearly (103 -> 5,
    100 -> 3, -103 -> 1) and rounded, so 102 and 101 are 4, -101 and -102 are 2.  The study reads a 1-5
    scale as whole points; the exact answer stays in ``csat_raw``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if abs(number) < 100 or abs(number) > 103:
        return None
    level = (abs(number) - 100) * (1 if number > 0 else -1)
    return float(round(3 + 2 * level / 3))


def survey_to_1_5(value: Any) -> float | None:
    """A CSV export's survey answer (a label such as ``Very happy``, or the code) on the 1-5 scale."""
    text = str(value or "").strip().lower()
    if text in SURVEY_LABELS:
        return rating_to_1_5(SURVEY_LABELS[text])
    return rating_to_1_5(text) if text.lstrip("-").isdigit() else None


def _csv_ticket_rows(files: list[LoadedFile], ticket_rows: list[dict], reply_rows: list[dict]) -> None:
    for file in (f for f in files if f.kind == "csv_tickets"):
        for record, source in rows_of(file):
            d = record.data
            ticket_id = _id(pick(d, "Ticket ID"))
            status = (text_of(pick(d, "Status")) or "").lower() or None
            sla = (text_of(pick(d, "Resolution status")) or "").lower()
            survey = pick(d, *SURVEY_COLUMNS)
            score = survey_to_1_5(survey)
            requester = _id(pick(d, "Contact ID", "Requester ID", "Email"))
            created = pick(d, "Created time", "Created at")
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": ticket_id,
                    "created_at": created,
                    "solved_at": pick(d, "Resolved time", "Closed time"),
                    "agent_id": text_of(pick(d, "Agent")),
                    "team": text_of(pick(d, "Group")),
                    "category": text_of(pick(d, "Type")),
                    "priority": (text_of(pick(d, "Priority")) or "").lower() or None,
                    "status": status,
                    "reopened": None,
                    "sla_breached": True if "violated" in sla else False if "within" in sla else None,
                    "csat_score": score,
                    "csat_scale": "1-5" if score is not None else None,
                    "csat_comment": text_of(pick(d, "Survey comment", "Feedback")),
                    "csat_raw": text_of(survey),
                    "subject": text_of(pick(d, "Subject")),
                    "requester_id": requester,
                    "requester_name": text_of(pick(d, "Full name", "Requester name")),
                    "channel": (text_of(pick(d, "Source")) or "").lower() or None,
                }
            )
            description = text_of(pick(d, "Description"))
            if description and description.strip() and ticket_id is not None:
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": ticket_id,
                        "reply_id": f"{ticket_id}-description",
                        "source_item": "description",
                        "author_id": requester,
                        "created_at": created,
                        "channel": (text_of(pick(d, "Source")) or "").lower() or None,
                        "public": True,
                        "body": description,
                        "_incoming": True,
                        "_is_html": None,
                    }
                )


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    ticket_rows: list[dict[str, Any]] = []
    reply_rows: list[dict[str, Any]] = []
    _csv_ticket_rows(files, ticket_rows, reply_rows)
    if any(f.kind == "csv_tickets" for f in files) and not any(f.kind == "conversations" for f in files):
        ledger.warn(
            "Freshdesk's CSV ticket export holds each ticket's description but none of the replies: give the "
            "conversations (/api/v2/tickets/{id}/conversations) beside it to have agent replies to score"
        )
    for file in (f for f in files if f.kind == "tickets"):
        for record, source in rows_of(file):
            d = record.data
            ticket_id = _id(d.get("id"))
            status = _coded(STATUS, d.get("status"))
            reopened_at = get(d, "stats.reopened_at")
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": ticket_id,
                    "created_at": d.get("created_at"),
                    "solved_at": get(d, "stats.resolved_at", "stats.closed_at"),
                    "agent_id": _id(d.get("responder_id")),
                    "team": _id(d.get("group_id")),
                    "category": text_of(d.get("type")),
                    "priority": _coded(PRIORITY, d.get("priority")),
                    "status": status,
                    "reopened": reopened_at is not None if "stats" in d else None,
                    "sla_breached": bool(d.get("is_escalated") or d.get("fr_escalated"))
                    if "is_escalated" in d or "fr_escalated" in d
                    else None,
                    "subject": text_of(d.get("subject")),
                    "requester_id": _id(d.get("requester_id")),
                    "requester_name": get(d, "requester.name"),
                    "channel": _coded(SOURCE, d.get("source")),
                }
            )
            description = get(d, "description", "description_text")
            if description is not None and ticket_id is not None:
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": ticket_id,
                        "reply_id": f"{ticket_id}-description",
                        "source_item": "description",
                        "author_id": _id(d.get("requester_id")),
                        "created_at": d.get("created_at"),
                        "channel": _coded(SOURCE, d.get("source")),
                        "public": True,
                        "body": str(description),
                        "_incoming": True,
                        "_is_html": None,
                    }
                )
    tickets = frame_of(ticket_rows, ["ticket_id", "status", "requester_id", "reopened"], table="tickets")
    known = set(tickets["ticket_id"].dropna())

    ratings: dict[str, dict[str, Any]] = {}
    for file in (f for f in files if f.kind == "satisfaction_ratings"):
        for record in file.records:
            ticket_id = _id(record.data.get("ticket_id"))
            if ticket_id not in known:
                ledger.reject(file.name, record.row, f"rating for ticket {ticket_id}, which is not in the export")
                continue
            score = rating_to_1_5(get(record.data, "ratings.default_question"))
            if score is None:
                ledger.reject(file.name, record.row, "rating has no readable ratings.default_question (-103..103)")
                continue
            ledger.merge(file.name, record.row)
            ratings[ticket_id] = {
                "score": score,
                "comment": record.data.get("feedback"),
                "raw": text_of(get(record.data, "ratings.default_question")),
            }
    tickets["csat_score"] = [ratings.get(t, {}).get("score") for t in tickets["ticket_id"]]
    tickets["csat_scale"] = ["1-5" if t in ratings else None for t in tickets["ticket_id"]]
    tickets["csat_comment"] = [ratings.get(t, {}).get("comment") for t in tickets["ticket_id"]]
    tickets["csat_raw"] = [ratings.get(t, {}).get("raw") for t in tickets["ticket_id"]]
    solved = tickets["status"].isin(SOLVED)
    tickets["resolved"] = [bool(s) and r is not True for s, r in zip(solved, tickets["reopened"], strict=True)]
    csv_scores = {r["ticket_id"]: r for r in ticket_rows if r.get("csat_score") is not None}
    for column in ("csat_score", "csat_scale", "csat_comment", "csat_raw"):  # the CSV's survey, when no API rating
        tickets[column] = [
            v if v is not None or t not in csv_scores else csv_scores[t][column]
            for t, v in zip(tickets["ticket_id"], tickets[column], strict=True)
        ]

    for file in (f for f in files if f.kind == "conversations"):
        for record, source in rows_of(file):
            d = record.data
            html = d.get("body")
            reply_rows.append(
                {
                    **source,
                    "ticket_id": _id(d.get("ticket_id")),
                    "reply_id": _id(d.get("id")),
                    "author_id": _id(d.get("user_id")),
                    "created_at": d.get("created_at"),
                    "channel": _coded(
                        {0: "reply", 2: "note", 5: "twitter", 7: "facebook", 8: "forwarded email"}, d.get("source")
                    ),
                    "public": not flag(d.get("private")),
                    "body": text_of(html if html else d.get("body_text")) or "",
                    "_incoming": d.get("incoming"),
                    "_is_html": True if html else None,
                }
            )
    replies = frame_of(reply_rows, ["ticket_id", "reply_id", "author_id", "body", "_incoming"], table="replies")
    requesters = dict(zip(tickets["ticket_id"], tickets["requester_id"], strict=True))
    names = dict(zip(tickets["ticket_id"], tickets.get("requester_name", pd.Series(dtype=object)), strict=False))
    roles = []
    for ticket_id, author, incoming in zip(
        replies["ticket_id"], replies["author_id"], replies.pop("_incoming"), strict=True
    ):
        requester = requesters.get(ticket_id)
        roles.append(
            classify_author(
                author_id=author,
                requester_ids={requester} if requester else set(),
                incoming=flag(incoming),
            )
        )
    replies["author_role"] = roles
    replies["author_name"] = [
        names.get(t) if r == "customer" else None for t, r in zip(replies["ticket_id"], roles, strict=True)
    ]
    replies["agent_id"] = [a if r == "agent" else None for a, r in zip(replies["author_id"], roles, strict=True)]
    tickets = parse_time_columns(tickets, ["created_at", "solved_at"], ledger, timezone=timezone)
    replies = parse_time_columns(replies, ["created_at"], ledger, timezone=timezone)
    return tickets, replies, bool(ticket_rows) or any(f.kind in ("tickets", "csv_tickets") for f in files)


FORMAT = Format(name="freshdesk", title="Freshdesk", kinds=KINDS, build=build)

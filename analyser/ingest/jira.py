"""Jira Service Management: issues with their comments (public versus internal) and satisfaction.

Shape: the Jira REST search result (``/rest/api/3/search?fields=*all&expand=changelog``), i.e.
``{"issues": [{"key": ..., "fields": {...}}]}``, a JSON array of issues, or JSONL with one issue a line.

* Comments are ``fields.comment.comments``; ``jsdPublic: false`` marks an *internal* comment (visible to
  agents only); on Jira Server the ``sd.public.comment`` property ``{"internal": true}`` does; a comment
  restricted with ``visibility`` is internal too.
* The issue's ``description`` is the customer's request, the first message (``<key>-description``).
* Rich text in Jira Cloud is Atlassian Document Format (JSON); it is flattened to text with paragraphs
  and bullets (Jira Server sends wiki-markup strings, which are kept as they are).
* Satisfaction is a custom field whose value is ``{"rating": 1..5}`` (with an optional ``comment``);
  it is found by its shape, as its ``customfield_NNNNN`` id differs per site.
* SLA fields (``{"ongoingCycle": {"breached": ...}, "completedCycles": [...]}``) give ``sla_breached``;
  a status changing from a done status back to another in the changelog gives ``reopened``.
* Authors: an ``app`` account is ``system``; the reporter, or a ``customer`` account, is ``customer``;
  other (licensed ``atlassian``) accounts are agents.

Jira timestamps carry their offset (``2024-03-12T09:14:00.000+0100``) and are converted to UTC.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyser.ingest.base import Kind, Ledger, LoadedFile, frame_of, get, parse_time_columns, rows_of, text_of
from analyser.ingest.readers import Format, Options

KINDS = (Kind("issues", ("key", "fields"), hints=("issues",)),)
DONE = {"done", "resolved", "closed", "gesloten", "opgelost", "afgerond", "canceled", "cancelled"}


def _account(user: Any) -> tuple[str | None, str | None, str | None]:
    if not isinstance(user, dict):
        return (str(user) if user else None), None, None
    return (
        user.get("accountId") or user.get("name") or user.get("key") or user.get("emailAddress"),
        user.get("displayName"),
        user.get("accountType"),
    )


def _satisfaction(fields: dict[str, Any]) -> tuple[float | None, str | None]:
    for name, value in fields.items():
        if (
            isinstance(value, dict)
            and isinstance(value.get("rating"), (int, float))
            and ("satisf" in name.lower() or name.startswith("customfield_"))
        ):
            comment = value.get("comment")
            return float(value["rating"]), text_of(comment.get("body") if isinstance(comment, dict) else comment)
    return None, None


def _sla_breached(fields: dict[str, Any]) -> bool | None:
    seen = False
    for value in fields.values():
        if isinstance(value, dict) and ("ongoingCycle" in value or "completedCycles" in value):
            seen = True
            cycles = [value.get("ongoingCycle") or {}, *(value.get("completedCycles") or [])]
            if any(isinstance(c, dict) and c.get("breached") for c in cycles):
                return True
    return False if seen else None


def _reopened(issue: dict[str, Any]) -> bool | None:
    histories = get(issue, "changelog.histories")
    if not isinstance(histories, list):
        return None
    for history in histories:
        for item in history.get("items", []) if isinstance(history, dict) else []:
            if (
                item.get("field") == "status"
                and str(item.get("fromString", "")).lower() in DONE
                and str(item.get("toString", "")).lower() not in DONE
            ):
                return True
    return False


def _role(author: str | None, account_type: str | None, reporter: str | None) -> str:
    if account_type == "app":
        return "system"
    if author is not None and author == reporter:
        return "customer"
    if account_type == "customer":
        return "customer"
    return "agent"


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    ticket_rows: list[dict[str, Any]] = []
    reply_rows: list[dict[str, Any]] = []
    for file in files:
        for record, source in rows_of(file):
            issue = record.data
            fields = issue.get("fields") if isinstance(issue.get("fields"), dict) else {}
            key = text_of(issue.get("key"))
            reporter, reporter_name, _ = _account(fields.get("reporter"))
            assignee, _, _ = _account(fields.get("assignee"))
            score, comment = _satisfaction(fields)
            status = text_of(fields.get("status"))
            category = get(fields, "status.statusCategory.key")
            reopened = _reopened(issue)
            done = category == "done" or (status or "").lower() in DONE
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": key,
                    "created_at": fields.get("created"),
                    "solved_at": fields.get("resolutiondate"),
                    "agent_id": assignee,
                    "team": text_of(get(fields, "customfield_10010.requestType.name")),
                    "category": text_of(fields.get("issuetype")),
                    "priority": text_of(fields.get("priority")),
                    "status": status,
                    "resolved": (done and fields.get("resolution") is not None and reopened is not True),
                    "reopened": reopened,
                    "sla_breached": _sla_breached(fields),
                    "csat_score": score,
                    "csat_scale": "1-5" if score is not None else None,
                    "csat_comment": comment,
                    "subject": text_of(fields.get("summary")),
                    "requester_id": reporter,
                    "requester_name": reporter_name,
                }
            )
            if key is None:
                continue
            description = fields.get("description")
            if description:
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": key,
                        "reply_id": f"{key}-description",
                        "source_item": "description",
                        "author_id": reporter,
                        "author_name": reporter_name,
                        "author_role": "customer",
                        "created_at": fields.get("created"),
                        "public": True,
                        "body": text_of(description) or "",
                        "_is_html": False,
                    }
                )
            comments = get(fields, "comment.comments", default=[]) or []
            for comment_data in comments:
                if not isinstance(comment_data, dict):
                    continue
                author, name, account_type = _account(comment_data.get("author"))
                public = comment_data.get("jsdPublic")
                if public is None:  # Jira Server: the sd.public.comment property says {"internal": true}
                    for prop in comment_data.get("properties") or []:
                        if isinstance(prop, dict) and prop.get("key") == "sd.public.comment":
                            value = prop.get("value")
                            public = not (isinstance(value, dict) and value.get("internal"))
                if public is None:
                    public = not comment_data.get("visibility")
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": key,
                        "reply_id": text_of(comment_data.get("id")),
                        "author_id": author,
                        "source_item": f"comment {comment_data.get('id')}",
                        "author_name": name,
                        "author_role": _role(author, account_type, reporter),
                        "created_at": comment_data.get("created"),
                        "public": bool(public),
                        "body": text_of(comment_data.get("body")) or "",
                        "_is_html": False,
                    }
                )
    # Messages come from the issue record: several rows share its source row, which is how 1:N is counted.
    tickets = frame_of(ticket_rows, ["ticket_id"], table="tickets")
    replies = frame_of(reply_rows, ["ticket_id", "reply_id", "author_id", "author_role", "body"], table="replies")
    replies["agent_id"] = [
        a if r == "agent" else None for a, r in zip(replies["author_id"], replies["author_role"], strict=True)
    ]
    replies["channel"] = "portal"
    tickets = parse_time_columns(tickets, ["created_at", "solved_at"], ledger, timezone=timezone)
    replies = parse_time_columns(replies, ["created_at"], ledger, timezone=timezone)
    return tickets, replies, True


FORMAT = Format(name="jira", title="Jira Service Management", kinds=KINDS, build=build)

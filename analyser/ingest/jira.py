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

The **CSV export** (Issues > Export > Export CSV (all fields)) is read too: one row per issue, ``Issue
key``, ``Summary``, ``Created`` (``12/Mar/24 9:14 AM``, in the exporting user's time zone: give
``--timezone``), ``Reporter``/``Reporter Id``, ``Assignee``/``Assignee Id`` ..., and one ``Comment`` column
per comment, each cell ``date;accountId;body``.  That export does not say whether a comment was internal
(there is no such part in the cell, and Atlassian documents none), so an agent's comment gets ``public``
empty - not scored - unless the user, knowing their desk never writes internal comments, opts in with
``agent_comments_public`` (``--agent-comments-public``); the summary says how many were held back.  The
reporter and request participants are customers, anyone assigned an issue in the export an agent, and a
comment author who is neither is taken to be a customer (with a warning).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd

from analyser.ingest.base import Kind, Ledger, LoadedFile, frame_of, get, parse_time_columns, pick, rows_of, text_of
from analyser.ingest.readers import Format, Options

KINDS = (
    Kind("issues", ("key", "fields"), hints=("issues",)),
    Kind("csv_issues", ("Issue key", "Summary", "Created")),
)
_CSV_TIME_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", "%d/%b/%Y %H:%M")
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


def csv_time(text: Any) -> str | None:
    """A Jira CSV timestamp (``12/Mar/24 9:14 AM``) as ISO text without a zone, or None."""
    value = str(text or "").strip()
    for form in _CSV_TIME_FORMATS:
        try:
            return datetime.strptime(value, form).isoformat()
        except ValueError:
            continue
    return None


def split_comment(cell: str) -> tuple[str, str, str] | None:
    """A CSV ``Comment`` cell ``date;accountId;body`` as (ISO time, author, body); None when it is not one.

    The body may hold ``;`` itself: only the first two separate.  Jira Server writes the time as
    ``2024-03-12 09:14`` rather than ``12/Mar/24 9:14 AM``; both are understood.
    """
    parts = cell.split(";", 2)
    if len(parts) < 3 or not parts[1].strip():
        return None
    when = csv_time(parts[0])
    if when is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?", parts[0].strip()):
        when = parts[0].strip()
    if when is None:
        return None
    return when, parts[1].strip(), parts[2].strip()


def _cells(value: Any) -> list[str]:
    """The values of a column the CSV repeats (``Comment``, ``Request participants``) as a list."""
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v is not None and str(v).strip()]


def _csv_satisfaction(data: dict[str, Any]) -> tuple[float | None, str | None]:
    score, comment = None, None
    for name, value in data.items():
        lower = name.lower()
        if "satisfaction" not in lower or isinstance(value, list) or "date" in lower:
            continue
        text = str(value or "").strip()
        if "comment" in lower:
            comment = text or comment
            continue
        match = re.search(r"(?:rating\s*[=:]\s*)?\b([1-5])(?:\.0)?\b", text)
        if match and score is None:
            score = float(match.group(1))
    return score, comment


def _csv_rows(
    files: list[LoadedFile],
    ledger: Ledger,
    options: Options,
    ticket_rows: list[dict[str, Any]],
    reply_rows: list[dict[str, Any]],
) -> None:
    """Issues of the CSV export into ticket and message rows (see the module docstring)."""
    csv_files = [f for f in files if f.kind == "csv_issues"]
    if not csv_files:
        return
    agents: set[str] = set()
    for file in csv_files:
        for record in file.records:
            agents.update(_cells(pick(record.data, "Assignee Id")) + _cells(pick(record.data, "Assignee")))
    held_back = unplaced = 0
    unplaced_authors: set[str] = set()
    for file in csv_files:
        for record, source in rows_of(file):
            d = record.data
            key = text_of(pick(d, "Issue key"))
            reporter = text_of(pick(d, "Reporter Id", "Reporter"))
            reporter_ids = {v for v in (text_of(pick(d, "Reporter Id")), text_of(pick(d, "Reporter"))) if v}
            participants = set()
            for name, value in d.items():
                if "request participants" in name.lower():
                    participants.update(p.strip() for cell in _cells(value) for p in cell.split(","))
            status = text_of(pick(d, "Status"))
            category = (text_of(pick(d, "Status Category")) or "").lower()
            done = category == "done" or (status or "").lower() in DONE
            score, comment = _csv_satisfaction(d)
            created = pick(d, "Created")
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": key,
                    "created_at": csv_time(created) or created,
                    "solved_at": csv_time(pick(d, "Resolved")) or pick(d, "Resolved"),
                    "agent_id": text_of(pick(d, "Assignee Id", "Assignee")),
                    "team": text_of(pick(d, "Custom field (Request Type)", "Customer Request Type", "Request Type")),
                    "category": text_of(pick(d, "Issue Type")),
                    "priority": text_of(pick(d, "Priority")),
                    "status": status,
                    "resolved": done and bool(text_of(pick(d, "Resolution"))),
                    "reopened": None,
                    "sla_breached": None,
                    "csat_score": score,
                    "csat_scale": "1-5" if score is not None else None,
                    "csat_comment": comment,
                    "subject": text_of(pick(d, "Summary")),
                    "requester_id": reporter,
                    "requester_name": text_of(pick(d, "Reporter")),
                }
            )
            if key is None:
                continue
            description = text_of(pick(d, "Description"))
            if description and description.strip():
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": key,
                        "reply_id": f"{key}-description",
                        "source_item": "description",
                        "author_id": reporter,
                        "author_name": text_of(pick(d, "Reporter")),
                        "author_role": "customer",
                        "created_at": csv_time(created) or created,
                        "public": True,
                        "body": description,
                        "_is_html": False,
                    }
                )
            comment_cells = next((v for k, v in d.items() if k.strip().lower() == "comment"), None)
            for position, cell in enumerate(_cells(comment_cells), start=1):
                parsed = split_comment(cell)
                label = f"comment {position}"
                if parsed is None:
                    ledger.reject(
                        file.name,
                        record.row,
                        "comment cell is not 'date;author;body' (expected e.g. '12/Mar/24 9:14 AM;accountId;text')",
                        item=label,
                    )
                    continue
                when, author, body = parsed
                if not body:
                    ledger.reject(file.name, record.row, "comment has no text", item=label)
                    continue
                if author in reporter_ids or author in participants:
                    role = "customer"
                elif author in agents:
                    role = "agent"
                else:
                    role = "customer"  # nobody can place the author: never score them as an agent
                    unplaced += 1
                    unplaced_authors.add(author)
                public: bool | None = True
                if role == "agent" and not options.agent_comments_public:
                    public = None  # the export cannot tell an internal comment from a reply
                    held_back += 1
                reply_rows.append(
                    {
                        **source,
                        "ticket_id": key,
                        "reply_id": f"{key}-comment-{position}",
                        "source_item": label,
                        "author_id": author,
                        "author_role": role,
                        "created_at": when,
                        "public": public,
                        "body": body,
                        "_is_html": False,
                    }
                )
    if held_back:
        ledger.warn(
            f"Jira's CSV export does not say which comments were internal: {held_back} agent comment(s) are kept "
            "with 'public' empty and are not scored; if your agents never write internal comments, "
            "--agent-comments-public scores them (or export the issues as JSON through the REST API, which says)"
        )
    elif options.agent_comments_public:
        ledger.warn("--agent-comments-public: every agent comment of the Jira CSV export is taken as a public reply")
    if unplaced:
        ledger.warn(
            f"{unplaced} comment(s) by {len(unplaced_authors)} author(s) who are neither a reporter, a request "
            "participant nor an assignee in the export: taken as customer messages (not scored)"
        )


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    ticket_rows: list[dict[str, Any]] = []
    reply_rows: list[dict[str, Any]] = []
    _csv_rows(files, ledger, options, ticket_rows, reply_rows)
    for file in (f for f in files if f.kind == "issues"):
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
            if not isinstance(comments, list):
                ledger.reject(file.name, record.row, "fields.comment.comments is not a list", item="comments")
                comments = []
            for position, comment_data in enumerate(comments, start=1):
                if not isinstance(comment_data, dict):
                    ledger.reject(file.name, record.row, "not a comment object", item=f"comment {position}")
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

"""ServiceNow: incidents with journal entries (customer-visible comments versus work notes) and surveys.

Files understood (Table API JSON ``{"result": [...]}``, arrays, JSONL, or the list view's CSV export):

================  ========================================================================================
kind              recognised by
================  ========================================================================================
journal           ``sys_journal_field`` rows: ``element`` (``comments`` = additional comments the caller
                  sees, ``work_notes`` = internal), ``element_id`` (the incident's ``sys_id``), ``value``
survey_results    ``asmt_metric_result`` rows: ``metric``, ``actual_value`` (1-5), ``string_value`` for a
                  free-text answer, linked to the incident by ``source_id``/``trigger_id``/``task``
incidents         ``number``, ``short_description``, ``opened_at``; journal text in
                  ``comments_and_work_notes`` / ``comments`` / ``work_notes`` (CSV export) is split into
                  entries under headers ``2024-03-12 09:14:00 - Piet Jansen (Additional comments)``
================  ========================================================================================

Reference fields come as a string, ``{"value": sys_id, "display_value": name}`` or ``{"link", "value"}``;
the display value is used when present.  Authors: ``system`` is system; the caller is the customer; who
wrote a work note, or is assigned to / resolved an incident in the export, is an agent; any other author
of a comment is taken to be a customer (the portal user), never an agent.  Mapping: ``docs/ingest.md``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analyser.ingest.base import Kind, Ledger, LoadedFile, frame_of, parse_time_columns, rows_of
from analyser.ingest.readers import Format, Options

KINDS = (
    Kind("journal", ("element", "element_id", "value")),
    Kind("survey_results", ("metric", "actual_value"), ("source_id", "trigger_id", "task", "instance")),
    Kind("incidents", ("number", "short_description", "opened_at")),
)

STATE = {"1": "new", "2": "in progress", "3": "on hold", "6": "resolved", "7": "closed", "8": "canceled"}
DONE = {"resolved", "closed", "6", "7"}
_JOURNAL_HEADER = re.compile(
    r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) - (.{1,80}?) \((Additional comments|Work notes|Opmerkingen|"
    r"Aanvullende opmerkingen|Werknotities|Werkaantekeningen)\)[ \t]*$",
    re.MULTILINE,
)
_INTERNAL = {"work notes", "werknotities", "werkaantekeningen", "work_notes"}


def ref(value: Any, *, display: bool = True) -> str | None:
    """A ServiceNow field value as text: the display value of a reference when there is one."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dict):
        keys = ("display_value", "value") if display else ("value", "display_value")
        for key in keys:
            if value.get(key) not in (None, ""):
                return str(value[key])
        return None
    text = str(value).strip()
    return text or None


def parse_journal(text: str) -> list[tuple[str, str, str, str]]:
    """Split journal text into (timestamp, author, kind, text) entries, oldest first."""
    headers = list(_JOURNAL_HEADER.finditer(text or ""))
    entries = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        body = text[header.end() : end].strip()
        if body:
            entries.append((header.group(1), header.group(2).strip(), header.group(3), body))
    return sorted(entries, key=lambda e: e[0])


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "UTC"
    ticket_rows: list[dict[str, Any]] = []
    replies: list[dict[str, Any]] = []
    sys_ids: dict[str, str] = {}
    agents: set[str] = set()
    for file in (f for f in files if f.kind == "incidents"):
        for record, source in rows_of(file):
            d = record.data
            number = ref(d.get("number"))
            state = ref(d.get("state")) or ""
            reopen = pd.to_numeric(ref(d.get("reopen_count")), errors="coerce")
            made_sla = ref(d.get("made_sla"))
            for field in ("assigned_to", "resolved_by", "closed_by"):
                if ref(d.get(field)):
                    agents.add((ref(d.get(field)) or "").lower())
            ticket_rows.append(
                {
                    **source,
                    "ticket_id": number,
                    "created_at": ref(d.get("opened_at"), display=False),
                    "solved_at": ref(d.get("resolved_at"), display=False) or ref(d.get("closed_at"), display=False),
                    "agent_id": ref(d.get("assigned_to")),
                    "team": ref(d.get("assignment_group")),
                    "category": ref(d.get("category")),
                    "priority": ref(d.get("priority")),
                    "status": STATE.get(state, state.lower() or None),
                    "reopened": None if pd.isna(reopen) else bool(reopen > 0),
                    "resolved": state.lower() in DONE and not (pd.notna(reopen) and reopen > 0),
                    "sla_breached": None if made_sla is None else made_sla.lower() in ("false", "0", "no", "nee"),
                    "subject": ref(d.get("short_description")),
                    "requester_id": ref(d.get("caller_id"), display=False),
                    "requester_name": ref(d.get("caller_id")),
                    "channel": ref(d.get("contact_type")),
                }
            )
            if number is None:
                continue
            sys_id = ref(d.get("sys_id"), display=False)
            if sys_id:
                sys_ids[sys_id] = number
            description = ref(d.get("description"))
            if description:
                replies.append(
                    {
                        **source,
                        "ticket_id": number,
                        "reply_id": f"{number}-description",
                        "source_item": "description",
                        "author_name": ticket_rows[-1]["requester_name"],
                        "_author": ticket_rows[-1]["requester_name"],
                        "created_at": ref(d.get("opened_at"), display=False),
                        "public": True,
                        "body": description,
                        "_internal": False,
                    }
                )
            journal = "\n".join(
                ref(d.get(f)) or "" for f in ("comments_and_work_notes", "comments", "work_notes") if d.get(f)
            )
            seen: set[tuple[str, str, str]] = set()
            for index, (when, author, kind, body) in enumerate(parse_journal(journal), start=1):
                if (when, author, body) in seen:  # the same entry under comments and comments_and_work_notes
                    continue
                seen.add((when, author, body))
                internal = kind.lower() in _INTERNAL
                if internal:
                    agents.add(author.lower())
                replies.append(
                    {
                        **source,
                        "ticket_id": number,
                        "reply_id": f"{number}-journal-{index}",
                        "source_item": f"journal entry {index}",
                        "author_name": author,
                        "_author": author,
                        "created_at": when,
                        "public": not internal,
                        "body": body,
                        "_internal": internal,
                    }
                )
    for file in (f for f in files if f.kind == "journal"):
        for record, source in rows_of(file):
            d = record.data
            element = (ref(d.get("element")) or "").lower()
            if element not in ("comments", "work_notes"):
                ledger.merge(file.name, record.row)  # another journal field (e.g. close notes): not a message
                continue
            target = ref(d.get("element_id"), display=False) or ""
            number = sys_ids.get(target, target)
            author = ref(d.get("sys_created_by")) or ""
            if element == "work_notes":
                agents.add(author.lower())
            replies.append(
                {
                    **source,
                    "ticket_id": number,
                    "reply_id": ref(d.get("sys_id"), display=False),
                    "author_id": author,
                    "author_name": author,
                    "_author": author,
                    "created_at": ref(d.get("sys_created_on")),
                    "public": element == "comments",
                    "body": ref(d.get("value")) or "",
                    "_internal": element == "work_notes",
                }
            )
    tickets = frame_of(ticket_rows, ["ticket_id", "requester_name", "requester_id"], table="tickets")
    known = set(tickets["ticket_id"].dropna())
    surveys: dict[str, dict[str, Any]] = {}
    for file in (f for f in files if f.kind == "survey_results"):
        for record in file.records:
            d = record.data
            target = (
                next((ref(d.get(k), display=False) for k in ("source_id", "trigger_id", "task") if d.get(k)), None)
                or ""
            )
            number = sys_ids.get(target, target if target in known else ref(d.get("task")) or target)
            if number not in known:
                ledger.reject(
                    file.name, record.row, f"survey answer for {target or '?'}, not an incident in the export"
                )
                continue
            ledger.merge(file.name, record.row)
            value = pd.to_numeric(ref(d.get("actual_value"), display=False), errors="coerce")
            answer = surveys.setdefault(number, {})
            if pd.notna(value) and 1 <= value <= 5 and "score" not in answer:
                answer["score"] = float(value)
            elif ref(d.get("string_value")):
                answer["comment"] = ref(d.get("string_value"))
    tickets["csat_score"] = [surveys.get(t, {}).get("score") for t in tickets["ticket_id"]]
    tickets["csat_scale"] = ["1-5" if "score" in surveys.get(t, {}) else None for t in tickets["ticket_id"]]
    tickets["csat_comment"] = [surveys.get(t, {}).get("comment") for t in tickets["ticket_id"]]

    callers = {t["ticket_id"]: (t["requester_name"] or "", t["requester_id"] or "") for t in ticket_rows}
    frame = frame_of(
        replies, ["ticket_id", "reply_id", "author_name", "_author", "public", "body", "_internal"], table="replies"
    )
    roles = []
    for ticket_id, author, internal in zip(frame["ticket_id"], frame["_author"], frame["_internal"], strict=True):
        name = str(author or "").lower()
        caller = [c.lower() for c in callers.get(ticket_id, ("", ""))]
        if name == "system":
            roles.append("system")
        elif name and name in caller:
            roles.append("customer")
        elif internal or name in agents:
            roles.append("agent")
        else:
            roles.append("customer")
    frame = frame.drop(columns=["_author", "_internal"])
    frame["author_role"] = roles
    frame["agent_id"] = [n if r == "agent" else None for n, r in zip(frame["author_name"], roles, strict=True)]
    frame["_is_html"] = None
    tickets = parse_time_columns(tickets, ["created_at", "solved_at"], ledger, timezone=timezone)
    frame = parse_time_columns(frame, ["created_at"], ledger, timezone=timezone)
    return tickets, frame, any(f.kind == "incidents" for f in files)


FORMAT = Format(name="servicenow", title="ServiceNow", kinds=KINDS, build=build)

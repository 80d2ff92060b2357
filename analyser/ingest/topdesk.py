"""TOPdesk: incident exports with their actions ("acties") and the request ("verzoek"), Dutch or English.

TOPdesk is the most used service-desk tool in the Netherlands.  What a team lead gets out of it is
usually an Excel/CSV export of the incident overview: ``;``-separated, cp1252 or UTF-8, Dutch column
names and Dutch dates (``12-03-2024 09:14``, local time).  Files understood:

=============  ==========================================================================================
kind           recognised by
=============  ==========================================================================================
actions        an actions list, one row per action: incident number, ``Datum``/``Invoerdatum``, the
               action text (``Actie``/``Memotekst``), who entered it, and ``Onzichtbaar voor aanmelder``
               (invisible for the caller) - the only export that says which actions the caller saw
incidents      incident number and ``Verzoek`` or ``Korte omschrijving``; the ``Verzoek`` and ``Actie``
               memo fields hold every entry under a header ``12-03-2024 09:14 Jansen, Piet:``
api_incidents  the REST API's incidents (``number``, ``briefDescription``/``request``, ``caller``)
api_actions    the REST API's actions / progress trail (``memoText``, ``entryDate``,
               ``invisibleForCaller``), linked by ``incident.number`` or the incident number in the
               file name
=============  ==========================================================================================

Who wrote an entry: the caller ("aanmelder") is the customer, anyone else an operator (agent).
Visibility: the memo fields of the incident export do not say which actions were invisible for the
caller, so messages parsed from them have ``public`` empty (not scored) and a warning says so; give the
actions export (or the API's progress trail) beside it to know.  Column aliases and the full mapping are
in ``docs/ingest.md``.  Timestamps without a zone are read as Europe/Amsterdam.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from analyser.ingest.base import (
    Kind,
    Ledger,
    LoadedFile,
    frame_of,
    get,
    parse_time_columns,
    pick,
    rows_of,
    text_of,
)
from analyser.ingest.readers import Format, Options
from analyser.schema import to_boolean

NUMBER = (
    "incidentnummer",
    "incident nummer",
    "meldingnummer",
    "meldingsnummer",
    "nummer",
    "incident number",
    "number",
    "incident",
)
CALLER = ("aanmelder", "aanmeldernaam", "naam aanmelder", "aanmelder naam", "aanmelder (naam)", "caller", "caller name")
CALLER_EMAIL = ("e-mail aanmelder", "e-mailadres aanmelder", "email aanmelder", "caller email")
BRIEF = ("korte omschrijving", "korte omschrijving (details)", "brief description")
REQUEST = ("verzoek", "request")
ACTION = ("actie", "acties", "action")
CALL_DATE = ("datum aanmelding", "aanmelddatum", "meldingsdatum", "aangemeld op", "call date")
CATEGORY = ("categorie", "category")
OPERATOR = ("behandelaar", "operator")
GROUP = ("operatorgroep", "behandelaarsgroep", "operator group")
PRIORITY = ("prioriteit", "priority")
STATUS = ("status", "verwerkingsstatus", "processing status")
CLOSED = ("afgemeld", "gesloten", "closed")
CLOSED_DATE = (
    "datum afgemeld",
    "afgemeld op",
    "afmelddatum",
    "datum gereed",
    "gereed op",
    "closed date",
    "completed date",
)
TARGET_DATE = ("streefdatum", "target date")
ENTRY = ("binnenkomst", "soort binnenkomst", "meldingswijze", "entry type")
REOPENED = ("heropend", "aantal keer heropend", "reopened")
RATING = ("tevredenheid", "klanttevredenheid", "waardering", "feedbackwaardering", "beoordeling", "feedback rating")
RATING_COMMENT = ("toelichting tevredenheid", "feedbackbericht", "feedback", "feedback message")
ACTION_DATE = ("datum", "invoerdatum", "ingevoerd op", "entry date")
ACTION_TEXT = ("actie", "memotekst", "memo", "tekst", "action")
ACTION_AUTHOR = ("ingevoerd door", "invoerder", "operator", "behandelaar", "aanmelder", "entered by")
INVISIBLE = ("onzichtbaar voor aanmelder", "invisible for caller", "niet zichtbaar voor aanmelder")

KINDS = (
    # the REST API's camelCase fields first: its "number"/"request"/"caller" are also CSV aliases
    Kind("api_actions", ("memoText", "entryDate")),
    Kind("api_incidents", ("number", "caller", "callDate|briefDescription|processingStatus")),
    Kind("actions", ("|".join(NUMBER), "|".join(ACTION_DATE), "|".join(ACTION_TEXT), "|".join(INVISIBLE))),
    Kind("incidents", ("|".join(NUMBER), "|".join(REQUEST + BRIEF), "|".join(CALLER + CALL_DATE))),
)

# "12-03-2024 09:14 Jansen, Piet:" - the header TOPdesk writes above each entry of a memo field.
_MEMO_HEADER = re.compile(
    r"^[ \t]*(\d{1,2}[-/]\d{1,2}[-/]\d{2,4}[ \t]+\d{1,2}:\d{2}(?::\d{2})?)[ \t]+([^:\n]{1,80}?)[ \t]*:[ \t]*",
    re.MULTILINE,
)
SOLVED_WORDS = {"afgemeld", "gereed", "gesloten", "opgelost", "closed", "completed", "resolved"}


def parse_memo(text: str) -> list[tuple[str, str, str]]:
    """Split a TOPdesk memo field into (timestamp, author, text) entries, oldest first.

    TOPdesk writes the newest entry on top; text above the first header (a request typed without one)
    is returned as one entry with empty time and author.
    """
    if not text or not text.strip():
        return []
    headers = list(_MEMO_HEADER.finditer(text))
    entries = []
    if not headers or text[: headers[0].start()].strip():
        entries.append(("", "", text[: headers[0].start() if headers else len(text)].strip()))
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
        body = text[header.end() : end].strip()
        if body:
            entries.append((header.group(1), header.group(2).strip(), body))
    untimed = [e for e in entries if not e[0]]
    timed = [e for e in entries if e[0]]
    return untimed + list(reversed(timed))


def _same_person(a: str | None, b: str | None) -> bool:
    """ "Jansen, Piet" and "Piet Jansen" are the same person."""
    if not a or not b:
        return False

    def key(name: str) -> frozenset[str]:
        return frozenset(p for p in re.split(r"[\s,]+", name.lower()) if len(p) > 1)

    return key(a) == key(b)


def _rating(value: Any) -> tuple[float | None, str | None]:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None, None
    if 1 <= number <= 5:
        return number, "1-5"
    if 1 <= number <= 10:
        return number, "1-10"
    return None, None


def _incident_rows(files: list[LoadedFile]) -> tuple[list[dict], list[dict]]:
    tickets, replies = [], []
    for file in files:
        if file.kind not in ("incidents", "api_incidents"):
            continue
        api = file.kind == "api_incidents"
        for record, source in rows_of(file):
            d = record.data
            number = text_of(d.get("number")) if api else text_of(pick(d, *NUMBER))
            caller = text_of(get(d, "caller.dynamicName", "caller")) if api else text_of(pick(d, *CALLER))
            closed = d.get("closed") if api else pick(d, *CLOSED)
            status = text_of(d.get("processingStatus")) if api else text_of(pick(d, *STATUS))
            completed = get(d, "closedDate", "completedDate") if api else pick(d, *CLOSED_DATE)
            target = d.get("targetDate") if api else pick(d, *TARGET_DATE)
            rating = d.get("feedbackRating") if api else pick(d, *RATING)
            score, scale = _rating(rating)
            reopened_raw = None if api else pick(d, *REOPENED)
            tickets.append(
                {
                    **source,
                    "ticket_id": number,
                    "created_at": d.get("callDate") if api else pick(d, *CALL_DATE),
                    "solved_at": completed,
                    "agent_id": text_of(d.get("operator")) if api else text_of(pick(d, *OPERATOR)),
                    "team": text_of(d.get("operatorGroup")) if api else text_of(pick(d, *GROUP)),
                    "category": text_of(d.get("category")) if api else text_of(pick(d, *CATEGORY)),
                    "priority": text_of(d.get("priority")) if api else text_of(pick(d, *PRIORITY)),
                    "status": status,
                    "_closed": closed,
                    "_reopened": reopened_raw,
                    "_target": target,
                    "csat_score": score,
                    "csat_scale": scale,
                    "csat_comment": text_of(d.get("feedbackMessage")) if api else text_of(pick(d, *RATING_COMMENT)),
                    "subject": text_of(d.get("briefDescription")) if api else text_of(pick(d, *BRIEF)),
                    "requester_name": caller,
                    "requester_email": text_of(get(d, "caller.email")) if api else text_of(pick(d, *CALLER_EMAIL)),
                    "channel": text_of(d.get("entryType")) if api else text_of(pick(d, *ENTRY)),
                }
            )
            if number is None:
                continue
            request = text_of(d.get("request")) if api else text_of(pick(d, *REQUEST))
            for index, (when, author, body) in enumerate(parse_memo(request or ""), start=1):
                replies.append(
                    {
                        **source,
                        "ticket_id": number,
                        "reply_id": f"{number}-verzoek-{index}",
                        "source_item": f"verzoek entry {index}",
                        "created_at": when or tickets[-1]["created_at"],
                        "author_name": author or caller,
                        "author_role": "customer" if not author or _same_person(author, caller) else "agent",
                        "public": True,
                        "body": body,
                        "_memo": False,
                    }
                )
            action = text_of(d.get("action")) if api else text_of(pick(d, *ACTION))
            for index, (when, author, body) in enumerate(parse_memo(action or ""), start=1):
                replies.append(
                    {
                        **source,
                        "ticket_id": number,
                        "reply_id": f"{number}-actie-{index}",
                        "source_item": f"actie entry {index}",
                        "created_at": when or None,
                        "author_name": author,
                        "author_role": "customer" if _same_person(author, caller) else "agent",
                        "public": None,
                        "body": body,
                        "_memo": True,
                    }
                )
    return tickets, replies


def _action_rows(files: list[LoadedFile], callers: dict[str, str | None], ledger: Ledger) -> list[dict]:
    rows = []
    for file in files:
        if file.kind not in ("actions", "api_actions"):
            continue
        api = file.kind == "api_actions"
        from_name = re.search(r"(I ?\d{4}[ -]\d{2,4}|\d{4,}-\d{2,})", file.path.stem)
        for record, source in rows_of(file):
            d = record.data
            if api:
                number = text_of(get(d, "incident.number", "incidentNumber")) or (
                    from_name.group(1) if from_name else None
                )
                author = text_of(get(d, "operator.name", "person.name", "operator", "person"))
                is_person = get(d, "person") is not None and get(d, "operator") is None
                invisible = d.get("invisibleForCaller")
                when, body = d.get("entryDate"), text_of(d.get("memoText")) or ""
            else:
                number = text_of(pick(d, *NUMBER))
                author = text_of(pick(d, *ACTION_AUTHOR))
                is_person = False
                invisible = pick(d, *INVISIBLE)
                when, body = pick(d, *ACTION_DATE), text_of(pick(d, *ACTION_TEXT)) or ""
            if number is None:
                ledger.reject(file.name, record.row, "action has no incident number")
                continue
            caller = callers.get(number)
            role = "customer" if is_person or _same_person(author, caller) else "agent"
            hidden = to_boolean(pd.Series([invisible])).iloc[0]
            rows.append(
                {
                    **source,
                    "ticket_id": number,
                    "reply_id": text_of(d.get("id")),
                    "created_at": when,
                    "author_name": author,
                    "author_role": role,
                    "public": None if hidden is pd.NA else not bool(hidden),
                    "body": body,
                    "_memo": False,
                    "_action": True,
                }
            )
    return rows


def build(files: list[LoadedFile], ledger: Ledger, options: Options) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    timezone = options.timezone or "Europe/Amsterdam"
    ticket_rows, memo_rows = _incident_rows(files)
    callers = {t["ticket_id"]: t["requester_name"] for t in ticket_rows if t["ticket_id"]}
    action_rows = _action_rows(files, callers, ledger)
    with_actions = {r["ticket_id"] for r in action_rows}
    # The actions export says what the caller saw; where it covers an incident it replaces the memo's
    # actions (which would otherwise appear twice).
    kept_memo = [r for r in memo_rows if not (r["_memo"] and r["ticket_id"] in with_actions)]
    replaced = len(memo_rows) - len(kept_memo)
    if any(r["_memo"] for r in kept_memo):
        tickets_with_memo = sorted({r["ticket_id"] for r in kept_memo if r["_memo"]})
        ledger.warn(
            f"{len(tickets_with_memo)} incident(s) have actions only in the 'Actie' memo field (e.g. "
            f"{', '.join(tickets_with_memo[:3])}), which does not say whether the caller saw them: those "
            "messages are not scored; export the actions list with 'Onzichtbaar voor aanmelder' to score them"
        )
    if replaced:
        ledger.warn(f"{replaced} memo action(s) replaced by the actions export, which says what the caller saw")
    tickets = frame_of(ticket_rows, ["ticket_id", "status", "_closed", "_reopened", "_target"], table="tickets")
    replies = frame_of(
        kept_memo + action_rows, ["ticket_id", "reply_id", "author_role", "body", "public"], table="replies"
    )
    replies = replies.drop(columns=[c for c in ("_memo", "_action") if c in replies.columns])
    replies["agent_id"] = [
        n if r == "agent" else None for n, r in zip(replies.get("author_name", []), replies["author_role"], strict=True)
    ]
    replies["channel"] = [None] * len(replies)
    replies["_is_html"] = False
    tickets = parse_time_columns(
        tickets, ["created_at", "solved_at", "_target"], ledger, timezone=timezone, dayfirst=True
    )
    closed = to_boolean(tickets["_closed"]) if len(tickets) else pd.Series(dtype="boolean")
    status_done = tickets["status"].fillna("").str.lower().isin(SOLVED_WORDS)
    reopened = tickets["_reopened"].map(
        lambda v: (
            None
            if v is None or (isinstance(v, float) and pd.isna(v))
            else (
                bool(to_boolean(pd.Series([v])).iloc[0])
                if str(v).strip().lower() in ("ja", "nee", "yes", "no", "true", "false")
                else (pd.to_numeric(v, errors="coerce") or 0) > 0
            )
        )
    )
    tickets["reopened"] = reopened
    tickets["resolved"] = [
        (bool(c) if c is not pd.NA else bool(s)) and r is not True
        for c, s, r in zip(closed, status_done, reopened, strict=True)
    ]
    tickets["sla_breached"] = [
        None if pd.isna(t) else bool(pd.notna(done) and done > t)
        for done, t in zip(tickets["solved_at"], tickets["_target"], strict=True)
    ]
    tickets = tickets.drop(columns=["_closed", "_reopened", "_target"])
    replies = parse_time_columns(replies, ["created_at"], ledger, timezone=timezone, dayfirst=True)
    has_tickets = any(f.kind in ("incidents", "api_incidents") for f in files)
    return tickets, replies, has_tickets


FORMAT = Format(name="topdesk", title="TOPdesk", kinds=KINDS, build=build, default_timezone="Europe/Amsterdam")

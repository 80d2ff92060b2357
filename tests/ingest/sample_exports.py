"""Write the small synthetic samples of the export formats of issue 16 from the bundled synthetic tickets.

    python tests/ingest/sample_exports.py          # rewrites the files under data/sample_tickets/<vendor>/
    python tests/ingest/sample_exports.py --out D   # writes them elsewhere (the tests check they are current)

Twenty tickets of ``data/sample_tickets`` (their messages, roles, CSAT and IT outcome) are written in each
vendor's documented layout, so a test can compare what ``ingest`` reads back with what was written:

* ``zendesk/full_export/export.json`` (+ ``users.json``): Zendesk's account "full JSON export": one ticket a
  line with ``comments`` embedded (id, author_id, body, html_body, plain_body, public, via, created_at),
  ``satisfaction_rating`` and ``metric_set`` inside the ticket (the Tickets and Ticket Comments API objects,
  developer.zendesk.com/api-reference); users as the users export writes them (end-users only here, so the
  agents' roles must be inferred).
* ``jira/csv_export/jira.csv``: Jira Service Management, Issues > Export > CSV (all fields): one row per issue,
  ``Comment`` repeated once per comment, each cell ``dd/MMM/yy h:mm a;accountId;body``.  Internal comments are
  left out: the CSV cannot mark them (see docs/ingest.md).
* ``freshdesk/csv_export/tickets.csv`` + ``conversations.json``, and ``freshdesk/xlsx_export/`` the same with
  ``tickets.xlsx``: the ticket list export (Tickets > Export) with the API's conversations beside it.
* ``topdesk/xlsx_export/meldingen.xlsx`` + ``acties.xlsx``: TOPdesk's "Meldingen" overview and actions list
  as Excel, Dutch column names, real Excel dates.
* ``servicenow/xlsx_export/incident.xlsx`` + ``asmt_metric_result.xlsx``: the incident list view exported to
  Excel (journal in ``comments_and_work_notes``) and the survey answers.
* ``conversations/chats.jsonl``: a chat transcript dump, one conversation a line with its ``turns``.

Personal data is planted in the customers' messages and the user/requester fields (names, e-mail
addresses, phone numbers, IBANs, postcodes: all invented, hosts ``example.nl``); ``PLANTED`` lists it for the
test that greps ``ingest --pseudonymise`` output for it.  Standard library plus openpyxl (for the .xlsx).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "sample_tickets"
TICKETS = 20

FIRST = ["Sanne", "Joost", "Fatima", "Peter", "Ilse", "Kees", "Noor", "Bas", "Yara", "Henk"]
LAST = ["de Wit", "Bakker", "el Amrani", "Vermeulen", "van Leeuwen", "Smit", "Hoekstra", "Mulder", "Kok", "Brouwer"]


def _iban(number: int) -> str:
    """A valid (mod-97) Dutch IBAN for an invented account number."""
    account = f"{number:010d}"
    digits = "".join(str(int(c, 36)) for c in f"EXMP{account}NL00")
    check = 98 - int(digits) % 97
    return f"NL{check:02d}EXMP{account}"


def person(index: int) -> dict[str, str]:
    """The invented requester of the index-th sample ticket, with the personal data planted for them."""
    first, last = FIRST[index % len(FIRST)], LAST[(index * 3) % len(LAST)]
    name = f"{first} {last}"
    handle = f"{first}.{last.replace(' ', '')}".lower()
    return {
        "name": name,
        "email": f"{handle}@example.nl",
        "phone": f"06-{41230000 + index * 1117:08d}",
        "iban": _iban(4100 + index * 37),
        "postcode": f"{3511 + index * 7} {'AB' if index % 2 else 'KL'}",
    }


def planted_signature(index: int) -> str:
    """What the customer adds below their first message: name, phone, e-mail; every third also an IBAN and
    a postcode (a refund request, an address for a delivery)."""
    p = person(index)
    lines = ["", "", p["name"], f"Tel. {p['phone']}", p["email"]]
    if index % 3 == 0:
        lines += [f"IBAN {p['iban']}", f"Postcode {p['postcode']}"]
    return "\n".join(lines)


def planted(count: int = TICKETS) -> list[str]:
    """Every personal-data string planted in the samples (what must not survive --pseudonymise)."""
    out = []
    for index in range(count):
        p = person(index)
        out += [p["name"], p["email"], p["phone"]]
        if index % 3 == 0:
            out += [p["iban"], p["postcode"]]
    return out


PLANTED = planted()


_TITLES = r"(?:Mr|Mrs|Ms|Miss|Dr|heer|mevrouw|meneer|dhr|mevr|mw)"


def planted_sample(folder: Path, names: list[str] | None = None) -> Path:
    """The whole bundled synthetic sample (tickets.csv, replies.csv written to ``folder``) with personal data
    planted below every customer's first message and the customer's name in a ``requester_name`` column, as
    exports have it (names in free text that no field gives are the detector's to find, issue 12).

    With ``names`` (full names), each ticket's customer is renamed everywhere: the name the agents' greetings
    use is replaced by the new first name (or surname, after a title), so the study can be run on names
    that were never looked at while the stand-ins were chosen (``evaluation/pseudonymised_scores.py``)."""
    import re

    import pandas as pd

    from analyser.audit.privacy import greeting_names

    tickets = pd.read_csv(SAMPLES / "tickets.csv", dtype=str, keep_default_na=False)
    replies = pd.read_csv(SAMPLES / "replies.csv", dtype=str, keep_default_na=False)
    first = replies.groupby("ticket_id").head(1).index
    for number, index in enumerate(first):
        replies.loc[index, "body"] = replies.loc[index, "body"].rstrip() + planted_signature(number % 20)
    if names:
        for number, ticket in enumerate(tickets["ticket_id"]):
            new = names[number % len(names)].split()
            rows = replies["ticket_id"] == ticket
            agent = replies.loc[rows & (replies["author_role"] == "agent"), "body"]
            surname = " ".join(new[1:] or new)
            for old in sorted(greeting_names(list(agent)), key=len, reverse=True):
                titled = re.compile(rf"(?<!\w)({_TITLES}\.?\s+){re.escape(old)}(?!\w)")
                alone = re.compile(rf"(?<!\w){re.escape(old)}(?!\w)")
                body = replies.loc[rows, "body"].str.replace(titled, rf"\g<1>{surname}", regex=True)
                first_name = new[0] if len(old.split()) == 1 else surname
                replies.loc[rows, "body"] = body.str.replace(alone, first_name, regex=True)
        tickets["requester_name"] = [names[n % len(names)] for n in range(len(tickets))]
    else:
        tickets["requester_name"] = [person(n % 20)["name"] for n in range(len(tickets))]
    folder.mkdir(parents=True, exist_ok=True)
    tickets.to_csv(folder / "tickets.csv", index=False)
    replies.to_csv(folder / "replies.csv", index=False)
    return folder


def _read(name: str) -> list[dict[str, str]]:
    with open(SAMPLES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def selection() -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]]]:
    """TICKETS tickets of the synthetic sample: rated ones with and without IT failure, and two unrated."""
    tickets = _read("tickets.csv")
    replies = _read("replies.csv")
    failed = [t for t in tickets if t["csat_score"] and (t["resolved"] != "true" or t["sla_breached"] == "true")]
    ok = [t for t in tickets if t["csat_score"] and t not in failed]
    unrated = [t for t in tickets if not t["csat_score"] and t["status"] in ("solved", "closed")]
    chosen = sorted(ok[:11] + failed[:7] + unrated[:2], key=lambda t: t["ticket_id"])
    assert len(chosen) == TICKETS
    by_ticket: dict[str, list[dict[str, str]]] = {t["ticket_id"]: [] for t in chosen}
    for reply in replies:
        if reply["ticket_id"] in by_ticket:
            by_ticket[reply["ticket_id"]].append(dict(reply))
    for index, ticket in enumerate(chosen):
        first = by_ticket[ticket["ticket_id"]][0]
        assert first["author_role"] == "customer"
        first["body"] = first["body"].rstrip() + planted_signature(index)
    return chosen, by_ticket


def _when(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


def _agent_name(agent_id: str) -> str:
    return " ".join(part.capitalize() for part in agent_id.split("."))


def _number(text: str, base: int) -> int:
    return base + int(hashlib.sha256(text.encode()).hexdigest()[:6], 16) % 90000


def _html(body: str) -> str:
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


# -- Zendesk full JSON export ----------------------------------------------------------------------------


def zendesk_full_export(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, str]:
    lines, users = [], []
    for index, ticket in enumerate(chosen):
        ticket_id = 5001 + index
        requester = 90001 + index
        p = person(index)
        users.append({"id": requester, "name": p["name"], "email": p["email"], "phone": p["phone"], "role": "end-user"})
        score = float(ticket["csat_score"]) if ticket["csat_score"] else None
        rating = {"score": "offered"} if score is None else {"score": "good" if score >= 4 else "bad"}
        rating["comment"] = ticket["csat_comment"] or None
        comments = []
        for number, reply in enumerate(replies[ticket["ticket_id"]], start=1):
            role = reply["author_role"]
            author = requester if role == "customer" else -1 if role == "system" else _number(reply["agent_id"], 360000)
            channel = "rule" if role == "system" else reply["channel"] if reply["channel"] != "chat" else "chat"
            comments.append(
                {
                    "id": ticket_id * 100 + number,
                    "type": "Comment",
                    "author_id": author,
                    "body": reply["body"],
                    "html_body": _html(reply["body"]),
                    "plain_body": reply["body"],
                    "public": reply["public"] == "true",
                    "attachments": [],
                    "audit_id": ticket_id * 1000 + number,
                    "via": {"channel": channel, "source": {"from": {}, "to": {}, "rel": None}},
                    "created_at": reply["created_at"],
                    "metadata": {"system": {}, "custom": {}},
                }
            )
        lines.append(
            {
                "url": f"https://example.zendesk.com/api/v2/tickets/{ticket_id}.json",
                "id": ticket_id,
                "via": {"channel": replies[ticket["ticket_id"]][0]["channel"]},
                "created_at": ticket["created_at"],
                "updated_at": ticket["solved_at"] or ticket["created_at"],
                "type": "incident",
                "subject": f"{ticket['category']} ({ticket['ticket_id']})",
                "priority": ticket["priority"],
                "status": ticket["status"],
                "requester_id": requester,
                "submitter_id": requester,
                "assignee_id": _number(ticket["agent_id"], 360000),
                "group_id": {"Service Desk": 2001, "Werkplekbeheer": 2002, "Netwerk & Security": 2003}[ticket["team"]],
                "collaborator_ids": [],
                "email_cc_ids": [],
                "tags": [ticket["category"]],
                "custom_fields": [],
                "satisfaction_rating": rating,
                "metric_set": {
                    "reopens": 1 if ticket["reopened"] == "true" else 0,
                    "solved_at": ticket["solved_at"] or None,
                },
                "comments": comments,
            }
        )
    return {
        "zendesk/full_export/export.json": "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines),
        "zendesk/full_export/users.json": "".join(json.dumps(u, ensure_ascii=False) + "\n" for u in users),
    }


# -- Jira Service Management CSV export ------------------------------------------------------------------


def _jira_time(text: str) -> str:
    return _when(text).strftime("%d/%b/%y %-I:%M %p")


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def jira_csv(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, str]:
    rows, widest = [], 0
    for index, ticket in enumerate(chosen):
        key = f"ITSD-{101 + index}"
        p = person(index)
        reporter = f"qm:cust-{index + 1:03d}"
        messages = replies[ticket["ticket_id"]]
        comments = []
        for reply in messages[1:]:
            if reply["author_role"] == "system" or reply["public"] != "true":
                continue  # JSM's notices are e-mails, not comments; internal comments: see the docstring
            author = reporter if reply["author_role"] == "customer" else f"5f1a{_number(reply['agent_id'], 0):05d}"
            comments.append(f"{_jira_time(reply['created_at'])};{author};{reply['body']}")
        widest = max(widest, len(comments))
        done = ticket["status"] in ("solved", "closed")
        rows.append(
            [
                f"{ticket['category']} ({ticket['ticket_id']})",
                key,
                str(20100 + index),
                "Service Request",
                "Done" if done else "In Progress",
                "Done" if done else "In Progress",
                "ITSD",
                ticket["priority"].capitalize(),
                "Done" if done and ticket["resolved"] == "true" else "",
                _agent_name(ticket["agent_id"]),
                f"5f1a{_number(ticket['agent_id'], 0):05d}",
                p["name"],
                reporter,
                _jira_time(ticket["created_at"]),
                _jira_time(ticket["solved_at"] or ticket["created_at"]),
                _jira_time(ticket["solved_at"]) if ticket["solved_at"] else "",
                messages[0]["body"],
                ticket["team"],
                ticket["csat_score"],
                ticket["csat_comment"],
                *comments,
            ]
        )
    header = [
        "Summary",
        "Issue key",
        "Issue id",
        "Issue Type",
        "Status",
        "Status Category",
        "Project key",
        "Priority",
        "Resolution",
        "Assignee",
        "Assignee Id",
        "Reporter",
        "Reporter Id",
        "Created",
        "Updated",
        "Resolved",
        "Description",
        "Custom field (Request Type)",
        "Custom field (Satisfaction)",
        "Custom field (Satisfaction comment)",
    ] + ["Comment"] * widest
    rows = [row + [""] * (len(header) - len(row)) for row in rows]
    return {"jira/csv_export/jira.csv": _csv_text(header, rows)}


# -- Freshdesk CSV export + conversations ------------------------------------------------------------------

_SURVEY = {5: "Extremely happy", 4: "Very happy", 3: "Neutral", 2: "Very unhappy", 1: "Extremely unhappy"}
_FRESHDESK_HEADER = [
    "Ticket ID",
    "Subject",
    "Description",
    "Status",
    "Priority",
    "Source",
    "Type",
    "Agent",
    "Group",
    "Created time",
    "Resolved time",
    "Closed time",
    "Resolution status",
    "Survey results",
    "Full name",
    "Email",
    "Contact ID",
]


def freshdesk_rows(chosen: list[dict], replies: dict[str, list[dict]]) -> tuple[list[list[str]], list[dict]]:
    rows, conversations = [], []
    for index, ticket in enumerate(chosen):
        ticket_id = 7001 + index
        p = person(index)
        contact = 80001 + index
        messages = replies[ticket["ticket_id"]]
        fmt = "%Y-%m-%d %H:%M:%S"
        solved = _when(ticket["solved_at"]).strftime(fmt) if ticket["solved_at"] else ""
        rows.append(
            [
                str(ticket_id),
                f"{ticket['category']} ({ticket['ticket_id']})",
                messages[0]["body"],
                {"solved": "Resolved", "closed": "Closed", "open": "Open", "pending": "Pending"}[ticket["status"]],
                ticket["priority"].capitalize().replace("Normal", "Medium"),
                {"email": "Email", "web": "Portal", "chat": "Chat"}[messages[0]["channel"]],
                "Incident",
                _agent_name(ticket["agent_id"]),
                ticket["team"],
                _when(ticket["created_at"]).strftime(fmt),
                solved if ticket["status"] == "solved" else "",
                solved if ticket["status"] == "closed" else "",
                "SLA Violated" if ticket["sla_breached"] == "true" else "Within SLA",
                _SURVEY[int(float(ticket["csat_score"]))] if ticket["csat_score"] else "",
                p["name"],
                p["email"],
                str(contact),
            ]
        )
        for number, reply in enumerate(messages[1:], start=2):
            role = reply["author_role"]
            if role == "system":
                continue  # Freshdesk's notifications are e-mails, not conversations
            conversations.append(
                {
                    "id": ticket_id * 100 + number,
                    "ticket_id": ticket_id,
                    "user_id": contact if role == "customer" else _number(reply["agent_id"], 43000),
                    "body": _html(reply["body"]),
                    "body_text": reply["body"],
                    "incoming": role == "customer",
                    "private": reply["public"] != "true",
                    "source": 2 if reply["public"] != "true" else 0,
                    "created_at": reply["created_at"],
                }
            )
    return rows, conversations


def freshdesk_csv(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, str]:
    rows, conversations = freshdesk_rows(chosen, replies)
    text = json.dumps(conversations, ensure_ascii=False, indent=1) + "\n"
    return {
        "freshdesk/csv_export/tickets.csv": _csv_text(_FRESHDESK_HEADER, rows),
        "freshdesk/csv_export/conversations.json": text,
        "freshdesk/xlsx_export/conversations.json": text,
    }


# -- Excel workbooks ------------------------------------------------------------------------------------


def _workbook(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.properties.created = datetime(2026, 1, 5)  # fixed, so the file is the same every run
    book.properties.modified = datetime(2026, 1, 5)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def freshdesk_xlsx(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, bytes]:
    rows, _ = freshdesk_rows(chosen, replies)
    typed: list[list[object]] = []
    for row in rows:
        cells: list[object] = [int(row[0]), *row[1:]]
        for position in (9, 10, 11):
            cells[position] = datetime.strptime(row[position], "%Y-%m-%d %H:%M:%S") if row[position] else None
        cells[16] = int(row[16])
        typed.append(cells)
    return {"freshdesk/xlsx_export/tickets.xlsx": _workbook("Tickets", _FRESHDESK_HEADER, typed)}


def _local(text: str) -> datetime:
    """UTC to Amsterdam wall-clock time (TOPdesk exports local time): winter sample, so +1 hour."""
    from datetime import timedelta

    return _when(text) + timedelta(hours=1)


def topdesk_xlsx(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, bytes]:
    incidents, actions = [], []
    for index, ticket in enumerate(chosen):
        number = f"I 2601 {101 + index:03d}"
        p = person(index)
        messages = replies[ticket["ticket_id"]]
        first = messages[0]
        request = f"{_local(first['created_at']):%d-%m-%Y %H:%M} {p['name']}:\n{first['body']}"
        score = int(float(ticket["csat_score"])) if ticket["csat_score"] else None
        done = ticket["status"] in ("solved", "closed")
        incidents.append(
            [
                number,
                p["name"],
                p["email"],
                f"{ticket['category']} ({ticket['ticket_id']})",
                request,
                _local(ticket["created_at"]),
                ticket["category"],
                _agent_name(ticket["agent_id"]),
                ticket["team"],
                ticket["priority"],
                "Afgemeld" if done else "In behandeling",
                "Ja" if done else "Nee",
                _local(ticket["solved_at"]) if ticket["solved_at"] else None,
                "Ja" if ticket["reopened"] == "true" else "Nee",
                score,
                ticket["csat_comment"] or None,
            ]
        )
        for reply in messages[1:]:
            if reply["author_role"] == "system":
                continue  # TOPdesk's notifications are e-mails, not actions
            author = p["name"] if reply["author_role"] == "customer" else _agent_name(reply["agent_id"])
            hidden = "Ja" if reply["public"] != "true" else "Nee"
            actions.append([number, _local(reply["created_at"]), author, hidden, reply["body"]])
    incident_header = [
        "Incidentnummer",
        "Aanmelder",
        "E-mail aanmelder",
        "Korte omschrijving",
        "Verzoek",
        "Datum aanmelding",
        "Categorie",
        "Behandelaar",
        "Operatorgroep",
        "Prioriteit",
        "Status",
        "Afgemeld",
        "Datum afgemeld",
        "Heropend",
        "Tevredenheid",
        "Toelichting tevredenheid",
    ]
    action_header = ["Incidentnummer", "Datum", "Ingevoerd door", "Onzichtbaar voor aanmelder", "Actie"]
    return {
        "topdesk/xlsx_export/meldingen.xlsx": _workbook("Meldingen", incident_header, incidents),
        "topdesk/xlsx_export/acties.xlsx": _workbook("Acties", action_header, actions),
    }


def servicenow_xlsx(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, bytes]:
    incidents, surveys = [], []
    for index, ticket in enumerate(chosen):
        number = f"INC00{20101 + index}"
        p = person(index)
        messages = replies[ticket["ticket_id"]]
        journal = []
        for reply in reversed(messages[1:]):  # the list view shows the newest entry first
            if reply["author_role"] == "system":
                continue
            author = p["name"] if reply["author_role"] == "customer" else _agent_name(reply["agent_id"])
            kind = "Additional comments" if reply["public"] == "true" else "Work notes"
            journal.append(f"{_when(reply['created_at']):%Y-%m-%d %H:%M:%S} - {author} ({kind})\n{reply['body']}\n")
        done = ticket["status"] in ("solved", "closed")
        incidents.append(
            [
                number,
                f"{ticket['category']} ({ticket['ticket_id']})",
                messages[0]["body"],
                p["name"],
                _when(ticket["created_at"]),
                _when(ticket["solved_at"]) if ticket["solved_at"] else None,
                "Closed" if ticket["status"] == "closed" else "Resolved" if done else "In Progress",
                ticket["priority"],
                ticket["category"],
                ticket["team"],
                _agent_name(ticket["agent_id"]),
                1 if ticket["reopened"] == "true" else 0,
                ticket["sla_breached"] != "true",
                messages[0]["channel"],
                "\n".join(journal),
            ]
        )
        if ticket["csat_score"]:
            surveys.append([number, "How satisfied are you with the resolution?", int(float(ticket["csat_score"])), ""])
    header = [
        "number",
        "short_description",
        "description",
        "caller_id",
        "opened_at",
        "resolved_at",
        "state",
        "priority",
        "category",
        "assignment_group",
        "assigned_to",
        "reopen_count",
        "made_sla",
        "contact_type",
        "comments_and_work_notes",
    ]
    return {
        "servicenow/xlsx_export/incident.xlsx": _workbook("Page 1", header, incidents),
        "servicenow/xlsx_export/asmt_metric_result.xlsx": _workbook(
            "Page 1", ["task", "metric", "actual_value", "string_value"], surveys
        ),
    }


# -- conversation transcripts -----------------------------------------------------------------------------


def conversations(chosen: list[dict], replies: dict[str, list[dict]]) -> dict[str, str]:
    lines = []
    for index, ticket in enumerate(chosen):
        turns = []
        for reply in replies[ticket["ticket_id"]]:
            if reply["public"] != "true":
                continue  # a chat transcript holds what was said in the chat
            speaker = {"agent": "agent", "customer": "customer", "system": "bot"}[reply["author_role"]]
            turn = {"speaker": speaker, "text": reply["body"], "timestamp": reply["created_at"]}
            if reply["agent_id"]:
                turn["agent_id"] = reply["agent_id"]
            turns.append(turn)
        record = {
            "conversation_id": f"chat-{index + 1:03d}",
            "started_at": ticket["created_at"],
            "customer": {"name": person(index)["name"], "email": person(index)["email"]},
            "team": ticket["team"],
            "category": ticket["category"],
            "priority": ticket["priority"],
            "resolved": ticket["resolved"] == "true",
            "reopened": ticket["reopened"] == "true",
            "sla_breached": ticket["sla_breached"] == "true",
            "csat_score": int(float(ticket["csat_score"])) if ticket["csat_score"] else None,
            "csat_scale": "1-5" if ticket["csat_score"] else None,
            "turns": turns,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return {"conversations/chats.jsonl": "".join(lines)}


def samples() -> dict[str, str | bytes]:
    """Every sample file: relative path -> content."""
    chosen, replies = selection()
    out: dict[str, str | bytes] = {}
    for writer in (zendesk_full_export, jira_csv, freshdesk_csv, freshdesk_xlsx, topdesk_xlsx, servicenow_xlsx):
        out.update(writer(chosen, replies))
    out.update(conversations(chosen, replies))
    return out


def write(out: Path) -> list[Path]:
    written = []
    for relative, content in samples().items():
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        written.append(path)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=SAMPLES)
    for path in write(parser.parse_args().out):
        print(path)

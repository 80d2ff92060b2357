"""Issue 12: no reply leaves the audit without a word.

Before, 14 hostile replies added to a sample vanished from an audit that printed "49 replies by 8 agents" and
no note: an empty agent id became an agent called '', a repeated reply id was audited twice, a date that is
not a date, a reply of a ticket that is not in the tickets table, an unknown author role all passed silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analyser.audit.config import AuditConfig
from analyser.audit.core import NO_AGENT, run_audit

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"
GOOD = "Hi Sam,\n\nI have reset your password; you can log in again now.\n\nKind regards,\nAnna"


def _write(folder: Path) -> tuple[int, int]:
    """A small dataset of 12 good public replies plus one hostile reply of each kind; returns
    (rows written, public agent replies among them)."""
    tickets = pd.DataFrame(
        [
            {"ticket_id": f"T{i}", "created_at": "2026-01-05T09:00:00Z", "csat_score": "4", "csat_scale": "1-5"}
            for i in range(4)
        ]
    )
    rows = [
        {
            "ticket_id": f"T{i % 4}",
            "reply_id": f"R{i}",
            "author_role": "agent",
            "agent_id": f"agent{i % 2}",
            "created_at": "2026-01-05T10:00:00Z",
            "public": "true",
            "body": GOOD,
        }
        for i in range(12)
    ]
    hostile = [
        {"reply_id": "H1", "agent_id": "   "},  # blank agent id
        {"reply_id": "R0"},  # a reply id seen before
        {"reply_id": "H3", "created_at": "yesterday-ish"},  # not a date
        {"reply_id": "H4", "ticket_id": "NOPE"},  # no such ticket
        {"reply_id": "H5", "author_role": "robot"},  # a role the audit does not know
        {"reply_id": "H6", "public": "false"},  # an internal note
        {"reply_id": "H7", "body": ""},  # nothing to score
        {"reply_id": "H8", "author_role": "customer", "agent_id": ""},  # context
    ]
    for change in hostile:
        rows.append({**rows[0], **change})
    folder.mkdir()
    tickets.to_csv(folder / "tickets.csv", index=False)
    pd.DataFrame(rows).to_csv(folder / "replies.csv", index=False)
    public_agent = 12 + 5  # H1, R0 (again), H3, H4, H7
    return len(rows), public_agent


def _number(pattern: str, notes: list[str]) -> int:
    for note in notes:
        found = re.search(pattern, note)
        if found:
            return int(found.group(1))
    raise AssertionError(f"no note matches {pattern!r}: {notes}")


def test_every_row_of_a_hostile_audit_is_accounted_for(tmp_path: Path) -> None:
    rows, public_agent = _write(tmp_path / "data")
    result = run_audit(tmp_path / "data", AuditConfig(min_replies=1))
    notes = result.notes["overview"] + result.notes.get("agents", [])
    assert _number(r"^(\d+) rows read", notes) == rows
    assert _number(r"rows read: (\d+) public agent replies", notes) == public_agent
    assert _number(r"(\d+) customer messages", notes) == 1
    assert _number(r"(\d+) internal notes", notes) == 1
    assert _number(r"(\d+) rows with another author role \('robot'", notes) == 1
    repeated = _number(r"(\d+) replies repeat a reply id", notes)
    rejected = _number(r"(\d+) replies could not be scored", notes)
    assert (repeated, rejected) == (1, 1)
    assert _number(r"(\d+) replies belong to no ticket", notes) == 1
    assert _number(r"(\d+) replies have a date that is not a date", notes) == 1
    assert _number(r"(\d+) replies have no agent", notes) == 1
    # the identity: every public agent reply is audited, repeated or rejected
    assert len(result.replies) + repeated + rejected == public_agent
    assert "" not in set(result.replies["agent"]) and NO_AGENT in set(result.replies["agent"])
    assert result.replies["reply_id"].is_unique


def test_rows_the_reader_cannot_use_are_counted_by_audit_and_study(tmp_path: Path) -> None:
    """A ragged CSV row (more fields than the header) was dropped by read_dataset without a word."""
    from analyser.io import read_dataset

    _write(tmp_path / "data")
    replies = tmp_path / "data" / "replies.csv"
    replies.write_text(replies.read_text(encoding="utf-8") + "T0,RX,agent,agent0,2026-01-05,true,hi,x,y,z\n", "utf-8")
    dataset = read_dataset(tmp_path / "data")
    assert dataset.unreadable is not None and len(dataset.unreadable) == 1
    note = dataset.unreadable_note()
    assert note is not None and note.startswith("1 rows of replies.csv could not be read")
    result = run_audit(dataset, AuditConfig(min_replies=1))
    assert any(n.startswith("1 rows of replies.csv could not be read") for n in result.notes["overview"])


def test_no_agent_ids_and_blank_ticket_ids_do_not_crash_the_audit(tmp_path: Path) -> None:
    """Found by the hostile-input run: with no agent id at all the alias lookup gave a float column that
    could not take '(no agent)', and a blank ticket id (now NA) broke the ticket-language vote."""
    folder = tmp_path / "data"
    folder.mkdir()
    pd.DataFrame(
        [
            {"reply_id": f"R{i}", "ticket_id": " " if i % 2 else "T1", "author_role": "agent", "body": GOOD}
            for i in range(3)
        ]
    ).to_csv(folder / "replies.csv", index=False)
    pd.DataFrame(columns=["ticket_id", "csat_score"]).to_csv(folder / "tickets.csv", index=False)
    result = run_audit(folder, AuditConfig(min_replies=1))
    assert set(result.replies["agent"]) == {NO_AGENT} and len(result.replies) == 3

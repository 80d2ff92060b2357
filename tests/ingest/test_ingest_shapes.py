"""Other shapes each reader understands: audits, comment pages, CSV journals, API JSON, changelogs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from analyser.ingest.readers import read_export
from analyser.ingest.servicenow import parse_journal
from analyser.ingest.topdesk import parse_memo


def dump(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_zendesk_audits_give_their_comment_events(tmp_path: Path) -> None:
    dump(tmp_path / "tickets.json", {"tickets": [{"id": 5, "requester_id": 1, "assignee_id": 2, "status": "solved"}]})
    events = [
        {
            "id": 11,
            "type": "Comment",
            "body": "Fixed.\n\nOn Mon, 1 Jan 2024, Anna wrote:\n> help",
            "public": True,
            "author_id": 2,
        },
        {"id": 12, "type": "Change", "field_name": "status", "value": "solved"},
    ]
    dump(
        tmp_path / "audits.json",
        {
            "audits": [
                {"id": 1, "ticket_id": 5, "created_at": "2024-01-01T10:05:00Z", "author_id": 2, "events": events},
                {
                    "id": 2,
                    "ticket_id": 5,
                    "created_at": "2024-01-01T10:06:00Z",
                    "author_id": 2,
                    "events": [{"type": "Change"}],
                },
            ]
        },
    )
    res = read_export([tmp_path])
    replies = res.dataset.replies
    assert list(replies["reply_id"]) == ["11"]
    assert replies.loc[0, "author_role"] == "agent"  # the assignee
    assert replies.loc[0, "body_clean"] == "Fixed."
    assert replies.loc[0, "created_at"] == pd.Timestamp("2024-01-01T10:05:00Z")
    assert res.counts["records_in"] == 3 and res.counts["rejected"] == 0


def test_zendesk_comments_page_takes_the_ticket_from_the_file_name(tmp_path: Path) -> None:
    dump(tmp_path / "tickets.json", {"tickets": [{"id": 5, "requester_id": 1, "status": "open"}]})
    dump(tmp_path / "ticket_5_comments.json", {"comments": [{"id": 9, "author_id": 1, "public": True, "body": "help"}]})
    replies = read_export([tmp_path]).dataset.replies
    assert list(replies["ticket_id"]) == ["5"]
    assert list(replies["author_role"]) == ["customer"]


def test_servicenow_csv_journal_text_is_split_into_messages(tmp_path: Path) -> None:
    journal = (
        "2024-05-01 09:00:00 - Anna Bakker (Additional comments)\nStill down\n\n"
        "2024-05-01 08:30:00 - Bram Mulder (Work notes)\nChecked the server\n\n"
        "2024-05-01 08:40:00 - Bram Mulder (Additional comments)\nHi Anna, we are on it.\n"
    )
    entries = parse_journal(journal)
    assert [e[0] for e in entries] == sorted(e[0] for e in entries)
    path = tmp_path / "incident.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["number", "short_description", "opened_at", "caller_id", "assigned_to", "state", "comments_and_work_notes"]
        )
        writer.writerow(["INC001", "Mail down", "2024-05-01 08:00:00", "Anna Bakker", "Bram Mulder", "6", journal])
    res = read_export([path])
    replies = res.dataset.replies.sort_values("created_at")
    assert res.format == "servicenow"
    assert list(replies["public"]) == [False, True, True]
    assert list(replies["author_role"]) == ["agent", "agent", "customer"]


def test_topdesk_memo_parsing_keeps_order_and_authors() -> None:
    memo = "13-05-2024 10:15 Jansen, Piet:\nTweede\n\n13-05-2024 08:55 Jansen, Piet:\nEerste"
    assert parse_memo(memo) == [
        ("13-05-2024 08:55", "Jansen, Piet", "Eerste"),
        ("13-05-2024 10:15", "Jansen, Piet", "Tweede"),
    ]
    assert parse_memo("Zonder kop") == [("", "", "Zonder kop")]


def test_topdesk_api_json(tmp_path: Path) -> None:
    dump(
        tmp_path / "incidents.json",
        [
            {
                "number": "I 2406 001",
                "briefDescription": "VPN",
                "request": "Mijn VPN werkt niet.",
                "caller": {"dynamicName": "Kees Smit", "email": "k.smit@example.nl"},
                "callDate": "2024-06-03T09:00:00.000+0200",
                "operator": {"name": "Piet Jansen"},
                "operatorGroup": {"name": "Servicedesk"},
                "processingStatus": {"name": "Afgemeld"},
                "closed": True,
                "closedDate": "2024-06-03T11:00:00.000+0200",
                "targetDate": "2024-06-04T09:00:00.000+0200",
                "feedbackRating": 5,
                "feedbackMessage": "Top",
            }
        ],
    )
    dump(
        tmp_path / "actions_I 2406 001.json",
        [
            {
                "id": "a1",
                "memoText": "Beste Kees, opgelost.",
                "entryDate": "2024-06-03T10:00:00.000+0200",
                "invisibleForCaller": False,
                "operator": {"name": "Piet Jansen"},
                "person": None,
            },
            {
                "id": "a2",
                "memoText": "Certificaat vernieuwd.",
                "entryDate": "2024-06-03T09:50:00.000+0200",
                "invisibleForCaller": True,
                "operator": {"name": "Piet Jansen"},
                "person": None,
            },
        ],
    )
    res = read_export([tmp_path])
    assert res.format == "topdesk"
    ticket = res.dataset.tickets.iloc[0]
    assert ticket["csat_score"] == 5 and ticket["resolved"] and not ticket["sla_breached"]
    replies = res.dataset.replies.set_index("reply_id")
    assert replies.loc["a1", "public"] and not replies.loc["a2", "public"]
    assert replies.loc["a1", "created_at"] == pd.Timestamp("2024-06-03T08:00:00Z")


def test_jira_changelog_reopen(tmp_path: Path) -> None:
    issue = {
        "key": "SD-1",
        "fields": {
            "created": "2024-01-01T10:00:00.000+0000",
            "status": {"name": "Done"},
            "resolution": {"name": "Done"},
            "reporter": {"accountId": "c1"},
        },
        "changelog": {"histories": [{"items": [{"field": "status", "fromString": "Done", "toString": "In Progress"}]}]},
    }
    dump(tmp_path / "issues.json", {"issues": [issue]})
    ticket = read_export([tmp_path]).dataset.tickets.iloc[0]
    assert ticket["reopened"] and not ticket["resolved"]


def test_generic_replies_only_gets_one_ticket_per_id(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    rows = [{"ticket_id": "A", "body": "Hi"}, {"ticket_id": "A", "body": "Again"}, {"ticket_id": "B", "body": "Yo"}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    res = read_export([path])
    assert res.format == "generic"
    assert sorted(res.dataset.tickets["ticket_id"]) == ["A", "B"]
    assert (res.dataset.replies["author_role"] == "agent").all()
    assert any("author_role" in w for w in res.warnings)


def test_parse_times_day_first_only_for_day_month_year() -> None:
    from analyser.ingest.base import parse_times

    parsed = parse_times(
        ["03-06-2024 10:00", "2024-06-03 10:00", "1717401600", None],
        file="f",
        rows=[1, 2, 3, 4],
        column="c",
        timezone="UTC",
        dayfirst=True,
    )
    assert list(parsed[:3]) == [pd.Timestamp("2024-06-03 10:00", tz="UTC")] * 2 + [
        pd.Timestamp(1717401600, unit="s", tz="UTC")
    ]
    assert pd.isna(parsed[3])


def test_zendesk_page_with_side_loaded_users_reads_both(tmp_path: Path) -> None:
    page = {
        "tickets": [{"id": 1, "requester_id": 7, "status": "open", "custom_fields": [{"id": 5, "value": None}]}],
        "users": [{"id": 7, "role": "end-user", "name": "Anna Bakker"}, {"id": 8, "role": "agent", "name": "Bo"}],
        "end_time": 1700000000,
        "next_page": None,
        "count": 1,
    }
    dump(tmp_path / "incremental.json", page)
    dump(
        tmp_path / "comments.json",
        {"comments": [{"id": 3, "ticket_id": 1, "author_id": 8, "public": True, "body": "Hi"}]},
    )
    dump(
        tmp_path / "show.json", {"ticket": {"id": 2, "requester_id": 7, "status": "new", "custom_fields": [{"id": 5}]}}
    )
    res = read_export([tmp_path])
    assert "incremental.json as tickets" in res.detection and "incremental.json as users" in res.detection
    tickets = res.dataset.tickets.set_index("ticket_id")
    assert sorted(tickets.index) == ["1", "2"]
    assert tickets.loc["1", "requester_name"] == "Anna Bakker"
    assert list(res.dataset.replies["author_role"]) == ["agent"]
    assert res.counts["records_in"] == 5 and res.counts["rejected"] == 0


def test_jira_server_internal_comment_property(tmp_path: Path) -> None:
    comments = [
        {
            "id": "1",
            "author": {"name": "agent1"},
            "body": "Internal note",
            "properties": [{"key": "sd.public.comment", "value": {"internal": True}}],
        },
        {
            "id": "2",
            "author": {"name": "agent1"},
            "body": "Hello customer",
            "properties": [{"key": "sd.public.comment", "value": {"internal": False}}],
        },
    ]
    issue = {"key": "SD-2", "fields": {"reporter": {"name": "cust"}, "comment": {"comments": comments}}}
    dump(tmp_path / "issues.json", {"issues": [issue]})
    replies = read_export([tmp_path]).dataset.replies.set_index("reply_id")
    assert not replies.loc["1", "public"] and replies.loc["2", "public"]


def test_zendesk_authors_of_internal_notes_are_agents_without_a_users_table(tmp_path: Path) -> None:
    dump(tmp_path / "tickets.json", {"tickets": [{"id": 5, "requester_id": 1, "status": "open"}]})
    comments = [
        {"id": 1, "ticket_id": 5, "author_id": 1, "public": True, "body": "Help please"},
        {"id": 2, "ticket_id": 5, "author_id": 3, "public": False, "body": "Checked the logs"},
        {"id": 3, "ticket_id": 5, "author_id": 3, "public": True, "body": "Fixed, try again."},
        {"id": 4, "ticket_id": 5, "author_id": 4, "public": True, "body": "Me too (a CC)"},
    ]
    dump(tmp_path / "comments.json", {"comments": comments})
    roles = read_export([tmp_path]).dataset.replies.set_index("reply_id")["author_role"]
    assert list(roles[["1", "2", "3", "4"]]) == ["customer", "agent", "agent", "customer"]

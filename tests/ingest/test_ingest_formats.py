"""The export formats of issue 16, each read from its sample and checked against what the sample was written
from (the bundled synthetic tickets, see ``sample_exports.py``): messages, roles, visibility, CSAT."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.ingest.readers import read_export
from analyser.schema import AUTHOR_ROLES, REPLY_COLUMN_NAMES, TICKET_COLUMN_NAMES

sys.path.insert(0, str(Path(__file__).parent))
import sample_exports

SAMPLES = sample_exports.SAMPLES
CHOSEN, SOURCE = sample_exports.selection()
FORMATS = {
    "zendesk/full_export": "zendesk",
    "jira/csv_export": "jira",
    "freshdesk/csv_export": "freshdesk",
    "freshdesk/xlsx_export": "freshdesk",
    "topdesk/xlsx_export": "topdesk",
    "servicenow/xlsx_export": "servicenow",
    "conversations": "conversations",
}


@pytest.fixture(scope="module", params=list(FORMATS))
def sample(request: pytest.FixtureRequest):
    return request.param, read_export([SAMPLES / request.param])


def balanced(result) -> bool:
    c = result.counts
    return (
        c["records_in"] == c["records_used"] + c["rejected"]
        and c["records_in"] == sum(f["in"] for f in c["files"].values())
        and len(result.rejects) == c["rejected"] + c["rejected_parts"]
    )


def test_each_sample_is_recognised_and_complete(sample) -> None:
    where, result = sample
    assert result.format == FORMATS[where]
    assert result.detection.startswith("detected ")
    assert balanced(result) and result.counts["rejected"] == 0
    tickets, replies = result.dataset.tickets, result.dataset.replies
    assert list(tickets.columns[: len(TICKET_COLUMN_NAMES)]) == list(TICKET_COLUMN_NAMES)
    assert list(replies.columns[: len(REPLY_COLUMN_NAMES)]) == list(REPLY_COLUMN_NAMES)
    assert len(tickets) == sample_exports.TICKETS
    assert set(replies["author_role"]) <= set(AUTHOR_ROLES)
    assert replies["reply_id"].notna().all() and not replies["reply_id"].duplicated().any()
    assert replies["created_at"].notna().all()
    assert tickets["csat_score"].notna().sum() >= 10  # enough for the study to run


def _source_messages(ticket: dict, *, public_only: bool = False, skip_system: bool = False) -> list[dict]:
    rows = SOURCE[ticket["ticket_id"]]
    return [
        r
        for r in rows
        if not (public_only and r["public"] != "true") and not (skip_system and r["author_role"] == "system")
    ]


def test_zendesk_full_export_messages_roles_and_csat() -> None:
    result = read_export([SAMPLES / "zendesk/full_export/export.json"])  # without the users file: roles inferred
    replies = result.dataset.replies.sort_values(["ticket_id", "created_at"], kind="stable")
    tickets = result.dataset.tickets.set_index("ticket_id")
    for index, ticket in enumerate(CHOSEN):
        ticket_id = str(5001 + index)
        got = replies[replies["ticket_id"] == ticket_id]
        want = _source_messages(ticket)
        assert list(got["author_role"]) == [r["author_role"] for r in want]
        assert list(got["public"]) == [r["public"] == "true" for r in want]
        assert not got["body_clean"].str.contains("<p>").any()  # HTML bodies cleaned
        score = tickets.loc[ticket_id, "csat_score"]
        if ticket["csat_score"]:
            assert score == (1.0 if float(ticket["csat_score"]) >= 4 else 0.0)
            assert tickets.loc[ticket_id, "csat_scale"] == "good/bad"
        else:  # "offered": a survey sent, no rating
            assert pd.isna(score)
        assert bool(tickets.loc[ticket_id, "reopened"]) == (ticket["reopened"] == "true")
    assert (replies.loc[replies["author_role"] == "system", "author_id"] == "-1").all()


def test_zendesk_full_export_users_file_overrides_the_inference(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "zendesk/full_export/export.json", tmp_path / "export.json")
    first = json.loads((SAMPLES / "zendesk/full_export/export.json").read_text("utf-8").splitlines()[0])
    agent = next(c["author_id"] for c in first["comments"] if c["author_id"] not in (-1, first["requester_id"]))
    users = [{"id": agent, "name": "Gast Gebruiker", "role": "end-user"}]
    (tmp_path / "users.json").write_text(json.dumps({"users": users}), "utf-8")
    replies = read_export([tmp_path]).dataset.replies
    assert set(replies.loc[replies["author_id"] == str(agent), "author_role"]) == {"customer"}


def test_zendesk_full_export_bad_comments_are_rejected_by_part(tmp_path: Path) -> None:
    lines = (SAMPLES / "zendesk/full_export/export.json").read_text("utf-8").splitlines()[:2]
    ticket = json.loads(lines[0])
    ticket["comments"][1] = "not a comment"
    ticket["comments"][2].pop("body")
    ticket["comments"][2].pop("html_body")
    ticket["comments"][2].pop("plain_body")
    other = json.loads(lines[1])
    other["comments"] = 7
    (tmp_path / "export.json").write_text(json.dumps(ticket) + "\n" + json.dumps(other) + "\n", "utf-8")
    result = read_export([tmp_path / "export.json"], "zendesk")
    reasons = " | ".join(result.rejects["reason"])
    assert "comment 2: comment is not a JSON object" in reasons
    assert "comment has no body" in reasons and "comments: not a list of comments" in reasons
    assert balanced(result) and result.counts["rejected_parts"] == 3


def test_jira_csv_comments_are_not_scored_unless_the_user_opts_in() -> None:
    path = SAMPLES / "jira/csv_export/jira.csv"
    result = read_export([path])
    replies = result.dataset.replies
    agent = replies[replies["author_role"] == "agent"]
    assert len(agent) > 0 and agent["public"].isna().all()
    assert any("does not say which comments were internal" in w for w in result.warnings)
    opted = read_export([path], agent_comments_public=True).dataset.replies
    assert opted.loc[opted["author_role"] == "agent", "public"].eq(True).all()
    tickets = result.dataset.tickets.set_index("ticket_id")
    for index, ticket in enumerate(CHOSEN):
        key = f"ITSD-{101 + index}"
        got = opted[opted["ticket_id"] == key].sort_values("created_at", kind="stable")
        want = [r for r in _source_messages(ticket, public_only=True, skip_system=True)]
        assert list(got["author_role"]) == [r["author_role"] for r in want]
        assert got.iloc[0]["reply_id"] == f"{key}-description"
        want_score = float(ticket["csat_score"]) if ticket["csat_score"] else None
        got_score = tickets.loc[key, "csat_score"]
        assert (pd.isna(got_score) and want_score is None) or got_score == want_score


def test_jira_csv_broken_comment_cells_are_rejected_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "jira.csv"
    broken = (
        "Summary,Issue key,Created,Reporter Id,Assignee Id,Description,Comment,Comment\r\n"
        'Printer,SD-1,12/Mar/24 9:14 AM,c1,a1,Help,"just text without separators",'
        '"12/Mar/24 10:00 AM;a1;Fixed; it was the cable."\r\n'
    )
    path.write_text(broken, "utf-8")
    result = read_export([path], agent_comments_public=True)
    assert "comment 1: comment cell is not 'date;author;body'" in " | ".join(result.rejects["reason"])
    replies = result.dataset.replies.set_index("reply_id")
    assert replies.loc["SD-1-comment-2", "body"] == "Fixed; it was the cable."
    assert replies.loc["SD-1-comment-2", "created_at"] == pd.Timestamp("2024-03-12T10:00:00Z")
    assert balanced(result) and result.counts["rejected_parts"] == 1


def test_freshdesk_csv_and_xlsx_give_the_same_tables() -> None:
    csv_result = read_export([SAMPLES / "freshdesk/csv_export"])
    xlsx_result = read_export([SAMPLES / "freshdesk/xlsx_export"])
    drop = ["source_file"]
    pd.testing.assert_frame_equal(
        csv_result.dataset.tickets.drop(columns=drop), xlsx_result.dataset.tickets.drop(columns=drop)
    )
    pd.testing.assert_frame_equal(
        csv_result.dataset.replies.drop(columns=drop), xlsx_result.dataset.replies.drop(columns=drop)
    )


def test_freshdesk_csv_survey_labels_sla_and_roles() -> None:
    result = read_export([SAMPLES / "freshdesk/csv_export"])
    tickets = result.dataset.tickets.set_index("ticket_id")
    replies = result.dataset.replies
    for index, ticket in enumerate(CHOSEN):
        ticket_id = str(7001 + index)
        assert bool(tickets.loc[ticket_id, "sla_breached"]) == (ticket["sla_breached"] == "true")
        if ticket["csat_score"]:
            assert tickets.loc[ticket_id, "csat_score"] == float(ticket["csat_score"])
        got = replies[replies["ticket_id"] == ticket_id].sort_values("created_at", kind="stable")
        want = _source_messages(ticket, skip_system=True)
        assert list(got["author_role"]) == [r["author_role"] for r in want]
        assert list(got["public"]) == [r["public"] == "true" for r in want]


def test_freshdesk_csv_alone_says_the_replies_are_missing(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "freshdesk/csv_export/tickets.csv", tmp_path / "tickets.csv")
    result = read_export([tmp_path / "tickets.csv"])
    assert result.format == "freshdesk" and len(result.dataset.replies) == sample_exports.TICKETS
    assert any("none of the replies" in w for w in result.warnings)


def test_topdesk_and_servicenow_excel_exports() -> None:
    topdesk = read_export([SAMPLES / "topdesk/xlsx_export"])
    servicenow = read_export([SAMPLES / "servicenow/xlsx_export"])
    for index, ticket in enumerate(CHOSEN):
        for result, ticket_id in ((topdesk, f"I 2601 {101 + index:03d}"), (servicenow, f"INC00{20101 + index}")):
            replies = result.dataset.replies
            got = replies[replies["ticket_id"] == ticket_id].sort_values("created_at", kind="stable")
            want = _source_messages(ticket, skip_system=True)
            assert list(got["author_role"]) == [r["author_role"] for r in want], ticket_id
            assert list(got["public"]) == [r["public"] == "true" for r in want], ticket_id
            score = result.dataset.tickets.set_index("ticket_id").loc[ticket_id, "csat_score"]
            assert (pd.isna(score) and not ticket["csat_score"]) or score == float(ticket["csat_score"] or 0)
    # Excel dates are local wall-clock time in TOPdesk: Europe/Amsterdam, so 08:37 there is 07:37 UTC
    first = topdesk.dataset.tickets.set_index("ticket_id").loc["I 2601 101", "created_at"]
    assert first == pd.Timestamp(CHOSEN[0]["created_at"])


def test_conversations_speakers_and_ticket_level_values() -> None:
    result = read_export([SAMPLES / "conversations"])
    tickets = result.dataset.tickets.set_index("ticket_id")
    replies = result.dataset.replies
    for index, ticket in enumerate(CHOSEN):
        ticket_id = f"chat-{index + 1:03d}"
        got = replies[replies["ticket_id"] == ticket_id]
        want = _source_messages(ticket, public_only=True)
        assert list(got["author_role"]) == [r["author_role"] for r in want]
        assert bool(tickets.loc[ticket_id, "resolved"]) == (ticket["resolved"] == "true")
    assert any(w.startswith("speakers: 'agent' -> agent") for w in result.warnings)


def test_conversations_pairs_flat_turns_and_agent_values(tmp_path: Path) -> None:
    pairs = [{"convo_id": 7, "original": [["agent", "Hi!"], ["customer", "My order is late"], ["action", "pulled"]]}]
    (tmp_path / "pairs.json").write_text(json.dumps(pairs), "utf-8")
    result = read_export([tmp_path / "pairs.json"])
    assert result.format == "conversations"
    assert list(result.dataset.replies["author_role"]) == ["agent", "customer", "system"]
    flat = [
        {"session_id": "s1", "from": "Support", "content": "Hello, how can I help?"},
        {"session_id": "s1", "from": "Visitor", "content": "Password reset please"},
        {"session_id": "s1", "from": "Support"},
    ]
    path = tmp_path / "turns.jsonl"
    path.write_text("".join(json.dumps(t) + "\n" for t in flat), "utf-8")
    result = read_export([path], "conversations", speaker_field="from", agent_values=["Support"])
    assert list(result.dataset.replies["author_role"]) == ["agent", "customer"]
    assert list(result.rejects["reason"]) == ["turn has no text"] and balanced(result)


def test_nested_map_means_the_same_in_ingest_and_extract(tmp_path: Path) -> None:
    record = {
        "agentURL": {"url_utterance": "Thanks for the tag, here is how to appeal."},
        "dialogHeader": {"sessionID": "abc", "company": "TeamExample"},
    }
    path = tmp_path / "twitter.json"
    path.write_text(json.dumps([record]), "utf-8")
    runner = CliRunner()
    out = tmp_path / "t.parquet"
    cli = runner.invoke(
        main,
        [
            "ingest",
            str(path),
            "--map",
            "body=agentURL.url_utterance",
            "--map",
            "ticket_id=dialogHeader.sessionID",
            "-o",
            str(out),
        ],
    )
    assert cli.exit_code == 0, cli.output
    replies = pd.read_parquet(tmp_path / "t.replies.parquet")
    assert list(replies["body"]) == [record["agentURL"]["url_utterance"]]
    assert list(replies["ticket_id"]) == ["abc"]
    from analyser.ingest.generic import iter_table

    flattened = next(iter_table(path)).rows
    assert flattened.loc[0, "agentURL.url_utterance"] == replies.loc[0, "body"]


def test_map_warnings_for_unused_and_unknown_targets(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Ticket,Message,Score\nT1,Hello there,4\n", "utf-8")
    result = read_export([path], mapping={"ticket_id": "Ticket", "body": "Message", "csat": "Score", "team": "Groep"})
    warnings = " | ".join(result.warnings)
    assert "--map team=Groep: no record has a field 'Groep'" in warnings
    assert (
        "--map csat=Score: 'csat' is not a column any stage reads (did you mean 'csat_comment' or 'csat_scale' or 'csat_score'?)"
        in warnings
    )


def test_single_sheet_ticket_columns_go_to_the_tickets_table(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "ticket_id,author_role,body,csat_score,resolved,team\n"
        "T1,customer,Help me,4,true,Desk\n"
        "T1,agent,Done for you.,4,true,Desk\n"
        "T2,agent,Sorted.,2,false,Desk\n"
        "T2,customer,Thanks,3,false,Desk\n",
        "utf-8",
    )
    result = read_export([path])
    tickets = result.dataset.tickets.set_index("ticket_id")
    assert tickets.loc["T1", "csat_score"] == 4 and tickets.loc["T2", "csat_score"] == 2
    assert bool(tickets.loc["T1", "resolved"]) and not bool(tickets.loc["T2", "resolved"])
    assert "csat_score" not in result.dataset.replies.columns
    warnings = " | ".join(result.warnings)
    assert "column 'csat_score' differs between messages of the same ticket (1 time(s), first in ticket T2)" in warnings
    assert balanced(result)


def test_samples_are_current(tmp_path: Path) -> None:
    """The committed samples are what sample_exports.py writes (workbooks compared by their cells)."""
    from analyser.ingest.excel import iter_sheet_records

    written = sample_exports.write(tmp_path)
    for path in written:
        relative = path.relative_to(tmp_path)
        committed = SAMPLES / relative
        if path.suffix == ".xlsx":
            assert list(iter_sheet_records(path)) == list(iter_sheet_records(committed)), relative
        else:
            assert path.read_bytes() == committed.read_bytes(), relative

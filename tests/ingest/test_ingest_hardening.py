"""Malformed vendor records (issue 12): each was a traceback before; now it is read sensibly or rejected
with its reason, and the counts still balance."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from analyser.cli import main
from analyser.ingest.base import adf_to_text
from analyser.ingest.readers import read_export


def dump(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


def balanced(result) -> bool:
    c = result.counts
    return (
        c["records_in"] == c["records_used"] + c["rejected"]
        and len(result.rejects) == c["rejected"] + c["rejected_parts"]
    )


def test_zendesk_metrics_with_an_empty_reopens_list(tmp_path: Path) -> None:
    dump(tmp_path / "tickets.json", {"tickets": [{"id": 5, "requester_id": 1, "status": "solved"}]})
    dump(tmp_path / "ticket_metrics.json", {"ticket_metrics": [{"ticket_id": 5, "reopens": []}]})
    dump(tmp_path / "comments.jsonl", {"ticket_id": 5, "author_id": 1, "public": True, "body": "help"})
    result = read_export([tmp_path])
    ticket = result.dataset.tickets.iloc[0]
    assert ticket["reopened"] == False  # noqa: E712 - an empty list of reopens: never reopened
    assert ticket["resolved"] == True  # noqa: E712
    assert balanced(result)


def test_jira_comment_comments_that_is_not_a_list_is_rejected_with_its_reason(tmp_path: Path) -> None:
    issue = {
        "key": "SD-1",
        "fields": {
            "created": "2024-01-01T10:00:00.000+0000",
            "reporter": {"accountId": "c1"},
            "description": "Printer broken",
            "comment": {"comments": 1},
        },
    }
    dump(tmp_path / "issues.json", {"issues": [issue]})
    result = read_export([tmp_path])
    assert len(result.dataset.tickets) == 1 and len(result.dataset.replies) == 1  # the description
    assert any("comments" in reason and "not a list" in reason for reason in result.rejects["reason"])
    assert balanced(result)


def test_jira_rich_text_node_whose_text_is_a_list(tmp_path: Path) -> None:
    body = {
        "type": "doc",
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": ["Reset ", "done."]}]}],
    }
    assert adf_to_text(body).strip() == "Reset done."
    odd = {"type": "doc", "content": [{"type": "text", "text": {"x": 1}, "marks": "bold", "attrs": []}]}
    assert adf_to_text(odd) == ""  # nothing readable, and no crash
    issue = {
        "key": "SD-2",
        "fields": {
            "created": "2024-01-01T10:00:00.000+0000",
            "reporter": {"accountId": "c1"},
            "comment": {"comments": [{"id": "1", "author": {"accountId": "a1"}, "jsdPublic": True, "body": body}]},
        },
    }
    dump(tmp_path / "issues.json", {"issues": [issue]})
    runner = CliRunner()
    out = tmp_path / "t.parquet"
    cli = runner.invoke(main, ["ingest", str(tmp_path / "issues.json"), "-o", str(out)])
    assert cli.exit_code == 0, cli.output
    result = read_export([tmp_path / "issues.json"])
    assert result.dataset.replies["body_clean"].tolist() == ["Reset done."]
    assert balanced(result)

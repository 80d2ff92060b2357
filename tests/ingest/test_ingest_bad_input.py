"""Bad input: a clear message naming file and record, rejects with reasons, counts in = out + rejected."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyser.errors import InputError
from analyser.ingest.readers import read_export

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def ticket(ticket_id: int, **extra: object) -> dict:
    return {"id": ticket_id, "requester_id": 1, "status": "solved", "created_at": "2024-03-01T10:00:00Z", **extra}


def comment(comment_id: int, ticket_id: int, body: str = "Hello, it works again.", **extra: object) -> dict:
    return {
        "id": comment_id,
        "ticket_id": ticket_id,
        "author_id": 2,
        "public": True,
        "body": body,
        "created_at": "2024-03-01T11:00:00Z",
        **extra,
    }


def balanced(res) -> bool:
    c = res.counts
    return (
        c["records_in"] == c["records_used"] + c["rejected"] and len(res.rejects) == c["rejected"] + c["rejected_parts"]
    )


def test_truncated_json_document_names_file_line_and_column(tmp_path: Path) -> None:
    text = (SAMPLES / "zendesk" / "tickets.json").read_text("utf-8")
    broken = tmp_path / "tickets.json"
    broken.write_text(text[: len(text) // 2], "utf-8")
    with pytest.raises(InputError) as error:
        read_export([broken])
    message = str(error.value)
    assert str(broken) in message and "line" in message and "column" in message
    assert "cut off" in message


def test_truncated_jsonl_line_is_rejected_and_the_rest_read(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1), ticket(2)])
    comments = tmp_path / "comments.jsonl"
    lines = [json.dumps(comment(11, 1)), json.dumps(comment(12, 2))[:30]]
    comments.write_text("\n".join(lines) + "\n", "utf-8")
    res = read_export([tickets, comments], "zendesk")
    assert len(res.dataset.replies) == 1
    reject = res.rejects.iloc[0]
    assert reject["file"] == str(comments) and reject["row"] == 2 and "invalid JSON" in reject["reason"]
    assert balanced(res)


def test_wrong_delimiter_is_detected(tmp_path: Path) -> None:
    source = SAMPLES / "topdesk" / "incidenten.csv"
    text = source.read_text("utf-8-sig")
    comma = tmp_path / "incidenten.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, delimiter="\t").writerows(rows)
    comma.write_text(out.getvalue(), "utf-8")
    res = read_export([comma], "topdesk")
    assert len(res.dataset.tickets) == len(rows) - 1
    assert balanced(res)


def test_renamed_field_names_what_is_missing(tmp_path: Path) -> None:
    records = [{k if k != "body" else "text": v for k, v in comment(11, 1).items()}]
    path = write_jsonl(tmp_path / "comments.jsonl", records)
    with pytest.raises(InputError) as error:
        read_export([path], "zendesk")
    assert str(path) in str(error.value) and "body" in str(error.value)


def test_unknown_format_lists_the_formats_tried(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "things.jsonl", [{"colour": "red", "size": 3}])
    with pytest.raises(InputError) as error:
        read_export([path])
    message = str(error.value)
    for name in ("zendesk", "freshdesk", "topdesk", "servicenow", "jira", "generic"):
        assert name in message
    assert "needs" in message


def test_reply_with_no_ticket_is_rejected_by_name(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1)])
    comments = write_jsonl(tmp_path / "comments.jsonl", [comment(11, 1), comment(12, 99)])
    res = read_export([tickets, comments], "zendesk")
    assert list(res.dataset.replies["reply_id"]) == ["11"]
    reject = res.rejects.iloc[0]
    assert reject["row"] == 2 and "99" in reject["reason"]
    assert balanced(res)


def test_ticket_with_no_replies_is_kept_with_a_warning(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1), ticket(2)])
    comments = write_jsonl(tmp_path / "comments.jsonl", [comment(11, 1)])
    res = read_export([tickets, comments], "zendesk")
    assert set(res.dataset.tickets["ticket_id"]) == {"1", "2"}
    assert any("no messages" in w and "2" in w for w in res.warnings)
    assert balanced(res)


def test_duplicate_comments_are_rejected_naming_the_first(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1)])
    comments = write_jsonl(
        tmp_path / "comments.jsonl",
        [
            comment(11, 1),
            comment(11, 1),
            comment(12, 1, body="Other text."),
            comment(13, 1, body="Other text.", created_at="2024-03-01T11:00:00Z"),
        ],
    )
    res = read_export([tickets, comments], "zendesk")
    assert list(res.dataset.replies["reply_id"]) == ["11", "12"]
    assert list(res.rejects["row"]) == [2, 4]
    assert all("duplicate" in r and "row" in r for r in res.rejects["reason"])
    assert balanced(res)


def test_mixed_time_zones_are_converted_and_reported(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1)])
    comments = write_jsonl(
        tmp_path / "comments.jsonl",
        [
            comment(11, 1, created_at="2024-03-01T11:00:00+01:00"),
            comment(12, 1, body="b", created_at="2024-03-01 11:30"),
        ],
    )
    res = read_export([tickets, comments], "zendesk", timezone="Europe/Amsterdam")
    created = res.dataset.replies.set_index("reply_id")["created_at"]
    assert created["11"].hour == 10 and created["12"].hour == 10
    warning = next(w for w in res.warnings if "mixed" in w)
    assert str(comments) in warning and "row 2" in warning and "Europe/Amsterdam" in warning


def test_unreadable_timestamp_is_named_and_the_record_kept(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "tickets.jsonl", [ticket(1)])
    comments = write_jsonl(tmp_path / "comments.jsonl", [comment(11, 1, created_at="yesterday-ish")])
    res = read_export([tickets, comments], "zendesk")
    assert len(res.dataset.replies) == 1
    assert any("unreadable timestamp" in w and "row 1" in w for w in res.warnings)


def test_empty_and_missing_files_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("", "utf-8")
    with pytest.raises(InputError, match="empty"):
        read_export([empty])
    with pytest.raises(InputError, match="not found"):
        read_export([tmp_path / "nope.json"])


def test_a_file_of_another_vendor_is_refused_when_forced(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "jira" / "issues.json", tmp_path / "issues.json")
    with pytest.raises(InputError) as error:
        read_export([tmp_path / "issues.json"], "zendesk")
    assert "not a Zendesk file" in str(error.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["good", "cut", "dup", "orphan", "notobject"]), min_size=1, max_size=12))
def test_counts_always_balance(tmp_path: Path, plan: list[str]) -> None:
    folder = tmp_path / str(abs(hash(tuple(plan))))
    folder.mkdir(exist_ok=True)
    write_jsonl(folder / "tickets.jsonl", [ticket(1)])
    lines = []
    for number, step in enumerate(plan, start=1):
        if step == "good":
            lines.append(json.dumps(comment(number, 1, body=f"Reply {number}.")))
        elif step == "cut":
            lines.append(json.dumps(comment(number, 1))[:25])
        elif step == "dup":
            lines.append(json.dumps(comment(1000, 1, body="Same.")))
        elif step == "orphan":
            lines.append(json.dumps(comment(number, 7)))
        else:
            lines.append("[1, 2]")
    (folder / "comments.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    try:
        res = read_export([folder / "tickets.jsonl", folder / "comments.jsonl"], "zendesk")
    except InputError:
        return  # e.g. no comment at all could be recognised: a clear error, which is fine too
    assert balanced(res)
    assert res.counts["records_in"] == len(lines) + 1


def test_cp1252_excel_export_is_read(tmp_path: Path) -> None:
    text = (SAMPLES / "topdesk" / "incidenten.csv").read_text("utf-8-sig").replace("Kees Smit", "Daniëlle Müller")
    path = tmp_path / "incidenten.csv"
    path.write_bytes(text.encode("cp1252"))
    res = read_export([path], "topdesk")
    assert "Daniëlle Müller" in set(res.dataset.tickets["requester_name"])

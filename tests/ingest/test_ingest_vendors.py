"""Each vendor's sample export reads into the canonical tables, with nothing lost.

Expectations are derived from the sample files themselves (how many tickets, which comments are
internal) and from the vendors' documented semantics, not from a stored copy of the output.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from analyser.ingest.readers import FORMATS, read_export
from analyser.schema import AUTHOR_ROLES, CSAT_SCALES, REPLY_COLUMN_NAMES, TICKET_COLUMN_NAMES

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"
VENDORS = ("zendesk", "freshdesk", "topdesk", "servicenow", "jira")


def load(path: Path) -> object:
    return json.loads(path.read_text("utf-8"))


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module", params=VENDORS)
def result(request: pytest.FixtureRequest):
    return request.param, read_export([SAMPLES / request.param])


def test_auto_detects_the_vendor(result) -> None:
    vendor, res = result
    assert res.format == vendor
    assert res.detection.startswith("detected ")


def test_canonical_columns_and_values(result) -> None:
    _, res = result
    tickets, replies = res.dataset.tickets, res.dataset.replies
    assert list(tickets.columns[: len(TICKET_COLUMN_NAMES)]) == list(TICKET_COLUMN_NAMES)
    assert list(replies.columns[: len(REPLY_COLUMN_NAMES)]) == list(REPLY_COLUMN_NAMES)
    assert set(replies["author_role"]) <= set(AUTHOR_ROLES)
    assert set(tickets["csat_scale"].dropna()) <= set(CSAT_SCALES)
    assert replies["body_clean"].notna().all()
    assert replies["reply_id"].notna().all() and not replies["reply_id"].duplicated().any()
    assert set(replies["ticket_id"]) <= set(tickets["ticket_id"])
    assert str(replies["created_at"].dtype) == "datetime64[ns, UTC]"
    assert replies["created_at"].notna().all()


def test_nothing_lost(result) -> None:
    _, res = result
    c = res.counts
    assert c["records_in"] == c["records_used"] + c["rejected"]
    assert c["records_in"] == sum(f["in"] for f in c["files"].values())
    assert len(res.rejects) == c["rejected"] + c["rejected_parts"]
    assert c["replies_out"] == len(res.dataset.replies)


def test_every_vendor_has_agent_public_replies_and_internal_notes_are_not(result) -> None:
    vendor, res = result
    replies = res.dataset.replies
    scored = replies[(replies["author_role"] == "agent") & replies["public"].fillna(False).astype(bool)]
    assert len(scored) > 0
    internal = replies[replies["public"].fillna(True).eq(False)]
    assert (internal["author_role"] != "customer").all()
    assert len(internal) > 0, f"{vendor} sample should show an internal note"


def test_cleaned_text_is_shorter_where_quotes_or_signatures_were(result) -> None:
    _, res = result
    replies = res.dataset.replies
    touched = replies[replies["removed_chars"] > 0]
    assert len(touched) > 0
    for body, clean in zip(touched["body"], touched["body_clean"], strict=True):
        assert len(clean) < len(body)


def test_zendesk_mapping() -> None:
    res = read_export([SAMPLES / "zendesk"])
    tickets = res.dataset.tickets.set_index("ticket_id")
    ratings = load(SAMPLES / "zendesk" / "satisfaction_ratings.json")["satisfaction_ratings"]
    for rating in ratings:
        score = tickets.loc[str(rating["ticket_id"]), "csat_score"]
        if rating["score"] in ("good", "bad"):
            assert score == (1.0 if rating["score"] == "good" else 0.0)
        else:
            assert pd.isna(score)
    metrics = load(SAMPLES / "zendesk" / "ticket_metrics.json")["ticket_metrics"]
    for metric in metrics:
        assert tickets.loc[str(metric["ticket_id"]), "reopened"] == (metric["reopens"] > 0)
    comments = jsonl(SAMPLES / "zendesk" / "ticket_comments.jsonl")
    replies = res.dataset.replies.set_index("reply_id")
    users = {u["id"]: u["role"] for u in load(SAMPLES / "zendesk" / "users.json")["users"]}
    for comment in comments:
        row = replies.loc[str(comment["id"])]
        assert bool(row["public"]) == comment["public"]
        if users.get(comment["author_id"]) == "end-user":
            assert row["author_role"] == "customer"
        elif users.get(comment["author_id"]) in ("agent", "admin"):
            assert row["author_role"] == "agent"
        else:
            assert row["author_role"] == "system"
    assert "{{ticket_requester_first_name}}" in replies["body_clean"].str.cat()


def test_freshdesk_mapping() -> None:
    res = read_export([SAMPLES / "freshdesk"])
    conversations = load(SAMPLES / "freshdesk" / "conversations.json")
    replies = res.dataset.replies.set_index("reply_id")
    for conversation in conversations:
        row = replies.loc[str(conversation["id"])]
        assert bool(row["public"]) == (not conversation["private"])
        assert row["author_role"] == ("customer" if conversation["incoming"] else "agent")
    tickets = load(SAMPLES / "freshdesk" / "tickets.json")
    assert (replies["source_item"] == "description").sum() == len(tickets)
    scores = res.dataset.tickets.set_index("ticket_id")["csat_score"]
    for rating in load(SAMPLES / "freshdesk" / "satisfaction_ratings.json"):
        value = rating["ratings"]["default_question"]
        assert scores[str(rating["ticket_id"])] == round(3 + 2 * (abs(value) - 100) / 3 * (1 if value > 0 else -1))


def test_topdesk_reads_dutch_semicolon_csv_and_uses_the_actions_export() -> None:
    res = read_export([SAMPLES / "topdesk"])
    with open(SAMPLES / "topdesk" / "acties.csv", encoding="utf-8-sig", newline="") as handle:
        actions = list(csv.DictReader(handle, delimiter=";"))
    replies = res.dataset.replies
    from_actions = replies[replies["source_file"].str.endswith("acties.csv")]
    assert len(from_actions) == len(actions)
    hidden = sum(a["Onzichtbaar voor aanmelder"] == "Ja" for a in actions)
    assert (from_actions["public"] == False).sum() == hidden  # noqa: E712
    # the memo actions of incidents covered by the actions export are not counted twice
    covered = {a["Incidentnummer"] for a in actions}
    memo = replies[replies["source_item"].fillna("").str.startswith("actie")]
    assert not set(memo["ticket_id"]) & covered
    # Dutch local time (CEST in May) is converted to UTC: 08:41 local is 06:41 UTC
    first = res.dataset.tickets.set_index("ticket_id").loc["I 2405 101", "created_at"]
    assert first == pd.Timestamp("2024-05-13 08:41", tz="Europe/Amsterdam").tz_convert("UTC")


def test_topdesk_memo_only_is_not_scored_and_says_so(tmp_path: Path) -> None:
    source = SAMPLES / "topdesk" / "incidenten.csv"
    res = read_export([source])
    memo = res.dataset.replies[res.dataset.replies["source_item"].fillna("").str.startswith("actie")]
    assert len(memo) > 0 and memo["public"].isna().all()
    assert any("memo field" in w for w in res.warnings)


def test_servicenow_comments_versus_work_notes() -> None:
    res = read_export([SAMPLES / "servicenow"])
    journal = load(SAMPLES / "servicenow" / "sys_journal_field.json")["result"]
    replies = res.dataset.replies.set_index("reply_id")
    for entry in journal:
        if entry["element"] not in ("comments", "work_notes"):
            assert entry["sys_id"] not in replies.index
            continue
        row = replies.loc[entry["sys_id"]]
        assert bool(row["public"]) == (entry["element"] == "comments")
        if entry["element"] == "work_notes":
            assert row["author_role"] == "agent"


def test_jira_public_versus_internal_comments_and_offsets() -> None:
    res = read_export([SAMPLES / "jira"])
    issues = load(SAMPLES / "jira" / "issues.json")["issues"]
    replies = res.dataset.replies.set_index("reply_id")
    for issue in issues:
        for comment in issue["fields"]["comment"]["comments"]:
            row = replies.loc[comment["id"]]
            assert bool(row["public"]) == comment["jsdPublic"]
            assert row["created_at"] == pd.Timestamp(comment["created"]).tz_convert("UTC")
            if comment["author"]["accountType"] == "app":
                assert row["author_role"] == "system"


def test_format_can_be_forced_and_must_fit() -> None:
    assert read_export([SAMPLES / "jira"], "jira").format == "jira"
    assert "generic" in FORMATS

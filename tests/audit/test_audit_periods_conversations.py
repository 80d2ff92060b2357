"""What issue 15 adds to the audit: the previous period, the conversations, the scorecard, helpdesk links."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.audit import AuditConfig, render_audit, run_audit, write_audit
from analyser.errors import InputError
from analyser.io import Dataset
from analyser.settings import AuditSettings

T0 = pd.Timestamp("2026-03-02T09:00:00Z")


# --- the comparison period ---------------------------------------------------------------------------------


def test_default_comparison_is_the_equal_length_period_just_before():
    settings = AuditSettings()
    assert settings.comparison_period(date(2026, 3, 1), date(2026, 3, 31)) == (date(2026, 1, 29), date(2026, 2, 28))
    assert settings.comparison_period(date(2026, 3, 5), date(2026, 3, 5)) == (date(2026, 3, 4), date(2026, 3, 4))
    assert AuditSettings(compare_to="2025-12-01:2025-12-31").comparison_period(None, None) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
    )
    assert AuditSettings(compare_to="none").comparison_period(date(2026, 3, 1), date(2026, 3, 2)) is None


@pytest.mark.parametrize("value", ["2026-01-01", "2026-02-01:2026-01-01", "last month", "2026-13-01:2026-13-02"])
def test_a_bad_compare_to_is_a_clear_error(value):
    with pytest.raises(InputError, match="compare-to"):
        AuditSettings(compare_to=value)


def test_comparison_team_row_matches_the_replies(audit_result):
    comparison = audit_result.comparison
    team = comparison[(comparison["agent"] == "(team)") & (comparison["column"] == "communication_score")].iloc[0]
    now = audit_result.replies["communication_score"]
    assert team["replies_now"] == len(now) and team["now"] == pytest.approx(now.mean())
    assert team["replies_before"] > 20
    assert team["change"] == pytest.approx(team["now"] - team["before"])
    assert team["ci_low"] < team["change"] < team["ci_high"]
    summary = audit_result.summary["comparison"]
    assert summary["period"] == ["2026-01-05", "2026-01-20"]
    assert summary["compared_with"] == ["2025-12-20", "2026-01-04"]
    measures = set(comparison["column"])
    assert {"communication_score", "score_empathy", "score_correctness", "scorecard_score"} <= measures


def test_comparison_per_agent_counts_each_period(audit_result):
    comparison = audit_result.comparison
    rows = comparison[comparison["column"] == "communication_score"].set_index("agent")
    now = audit_result.replies.groupby("agent").size()
    for agent, n in now.items():
        assert rows.loc[agent, "replies_now"] == n
    assert rows["replies_before"].drop("(team)").sum() == rows.loc["(team)", "replies_before"]
    clear = comparison[comparison["clear"]]
    assert ((clear["ci_low"] > 0) | (clear["ci_high"] < 0)).all()


def _dataset(days: list[int], text: str = "Hi Sam,\n\nI have reset your password.\n\nKind regards,") -> Dataset:
    from analyser.schema import conform_replies, conform_tickets

    tickets = pd.DataFrame({"ticket_id": [f"T{i}" for i in range(len(days))], "team": "Desk"})
    replies = pd.DataFrame(
        {
            "ticket_id": [f"T{i}" for i in range(len(days))],
            "reply_id": [f"T{i}-1" for i in range(len(days))],
            "author_role": "agent",
            "agent_id": "ann",
            "created_at": [T0 + pd.Timedelta(days=d) for d in days],
            "public": True,
            "body": text,
        }
    )
    return Dataset(conform_tickets(tickets), conform_replies(replies), "test")


def test_nothing_to_compare_with_is_a_note_not_an_error():
    result = run_audit(_dataset([0, 1, 2]), AuditConfig(min_replies=1))
    assert any("No agent replies in the comparison period" in n for n in result.notes["comparison"])
    html = render_audit(result)
    assert "Compared with the previous period" in html
    assert not re.search(r"\bnan\b", html, flags=re.IGNORECASE)  # no missing value printed as nan


def test_compare_to_a_chosen_period():
    result = run_audit(
        _dataset([0, 1, 30, 31]),
        AuditConfig(min_replies=1, date_from=date(2026, 4, 1), compare_to="2026-03-01:2026-03-05"),
    )
    summary = result.summary["comparison"]
    assert summary["compared_with"] == ["2026-03-01", "2026-03-05"]
    assert summary["replies_now"] == 2 and summary["replies_before"] == 2
    assert summary["change"] == pytest.approx(0.0)  # the same reply text in both periods


# --- conversations -------------------------------------------------------------------------------------------


def test_ticket_features_of_every_audited_ticket(audit_result):
    tickets = audit_result.conversations
    assert set(tickets["ticket_id"]) == set(audit_result.replies["ticket_id"])
    assert tickets["agent"].notna().all()
    assert tickets["customer_messages"].sum() > 20
    assert tickets["first_reply_hours"].notna().mean() > 0.9
    per_agent = audit_result.conversation_agents.set_index("agent")
    assert per_agent["tickets"].sum() == len(tickets)


def test_conversation_view_of_each_flagged_ticket(audit_result):
    threads = {t["ticket_id"]: t for t in audit_result.threads}
    assert set(threads) == set(audit_result.flagged["ticket_id"].astype(str))
    for thread in threads.values():
        positions = [m["position"] for m in thread["messages"]]
        assert positions == sorted(positions)
        flagged = [m for m in thread["messages"] if m.get("flagged")]
        assert flagged and all("communication_score" in m["scores"] for m in flagged)
        assert thread["link"].startswith("https://example.zendesk.com/agent/tickets/")
    roles = {m["role"] for t in threads.values() for m in t["messages"]}
    assert roles == {"agent", "customer"}
    assert any(m.get("reasons") for t in threads.values() for m in t["messages"] if m["role"] == "agent")


def test_customer_text_in_the_conversation_view_is_pseudonymised():
    from analyser.schema import conform_replies, conform_tickets

    rows = [
        ("customer", None, "Hello, my name is Petra Jansen, mail me at petra.jansen@example.nl or call 06-12345678."),
        ("agent", "ann", "READ THE MANUAL. You should have restarted the VPN client!!!"),
        ("customer", None, "This is ridiculous, it still does not work!!!"),
    ]
    replies = pd.DataFrame(
        {
            "ticket_id": "T1",
            "reply_id": [f"T1-{i}" for i in range(3)],
            "author_role": [r for r, _, _ in rows],
            "agent_id": [a for _, a, _ in rows],
            "created_at": [T0 + pd.Timedelta(hours=i) for i in range(3)],
            "public": True,
            "body": [b for _, _, b in rows],
        }
    )
    data = Dataset(conform_tickets(pd.DataFrame({"ticket_id": ["T1"]})), conform_replies(replies), "test")
    result = run_audit(data, AuditConfig(min_replies=1, flag_below=100))
    thread = result.threads[0]
    text = " ".join(m["text"] for m in thread["messages"])
    for secret in ("Petra", "Jansen", "petra.jansen@example.nl", "06-12345678"):
        assert secret not in text
    assert "[EMAIL-1]" in text and "[PHONE-1]" in text
    customer = [m for m in thread["messages"] if m["role"] == "customer"]
    assert customer[1]["sentiment"] < 0
    html = render_audit(result)
    assert "petra.jansen@example.nl" not in html and 'class="sentiment-line"' in html


# --- scorecard, links, outputs -------------------------------------------------------------------------------


def test_scorecard_score_beside_the_rubric(audit_result):
    replies = audit_result.replies
    assert replies["scorecard_score"].between(0, 100).all()
    assert not np.allclose(replies["scorecard_score"], replies["communication_score"])
    assert audit_result.summary["scorecard"]["name"] == "Service Desk QA"
    assert "scorecard_mean" in audit_result.agents.columns
    failed = replies[replies["scorecard_fail"] != ""]
    assert (failed["scorecard_score"] == 0).all()


def test_the_report_shows_the_new_parts(audit_result):
    html = render_audit(audit_result)
    for text in (
        "Compared with the previous period",
        "Scorecard: Service Desk QA",
        "Conversation view of the tickets with a flagged reply",
        'href="https://example.zendesk.com/agent/tickets/',
        "data-sortable",
        "Content-Security-Policy",
    ):
        assert text in html
    assert html.count("<script>") == 1  # the one table script, allowed by its hash


def test_ticket_url_must_be_an_address_with_the_id():
    with pytest.raises(InputError, match="ticket-url"):
        AuditSettings(ticket_url="example.com/{ticket_id}")
    with pytest.raises(InputError, match="ticket-url"):
        AuditSettings(ticket_url="https://example.com/tickets/")
    link = AuditSettings(ticket_url="https://x.example/t/{ticket_id}").ticket_link("A/1 ?")
    assert link == "https://x.example/t/A%2F1%20%3F"


def test_outputs_hold_the_comparison_conversations_and_threads(audit_result, tmp_path):
    paths = write_audit(audit_result, tmp_path)
    comparison = pd.read_csv(paths["comparison"])
    assert {"agent", "measure", "change", "ci_low", "ci_high", "replies_now", "replies_before"} <= set(comparison)
    conversations = pd.read_csv(paths["conversations"])
    assert "customer_sentiment_change" in conversations.columns and "body_clean" not in conversations.columns
    assert "scorecard_score" in pd.read_csv(paths["replies"]).columns
    payload = json.loads(paths["json"].read_text())
    assert payload["threads"] and payload["summary"]["comparison"]["replies_before"] > 0


def test_cli_compare_to(tmp_path):
    from analyser.cli import main

    run = CliRunner().invoke(main, ["audit", str(tmp_path), "--compare-to", "yesterday", "-o", str(tmp_path / "o")])
    assert run.exit_code == 2 and "compare-to" in run.output and "Traceback" not in run.output

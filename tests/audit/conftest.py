"""Fixtures for the audit tests: a slice of the sample data (scoring all of it takes 15 s) plus hostile rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyser.io import Dataset, read_dataset

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"
XSS_AGENT = "<script>alert('agent')</script>"
XSS_TEXT = (
    "Hi Bob Marley,\n\nThanks for your message. Please paste <script>alert(1)</script> and "
    "<img src=x onerror=alert(2)> into the box; mail bob.marley@example.com or call +31 6 12345678.\n\n"
    "Kind regards,"
)


def _slice(n_tickets: int = 40) -> Dataset:
    data = read_dataset(SAMPLE)
    keep = set(data.tickets["ticket_id"].head(n_tickets))
    tickets = data.tickets[data.tickets["ticket_id"].isin(keep)].reset_index(drop=True)
    replies = data.replies[data.replies["ticket_id"].isin(keep)].reset_index(drop=True)
    return Dataset(tickets=tickets, replies=replies, source=str(SAMPLE))


def hostile(data: Dataset) -> Dataset:
    """``data`` plus a ticket whose reply text and agent id are HTML/script, and a formula-like team name."""
    tickets = pd.concat(
        [
            data.tickets,
            pd.DataFrame(
                [{"ticket_id": "TX1", "team": '=HYPERLINK("http://x")', "csat_score": 1.0, "csat_scale": "1-5"}]
            ),
        ],
        ignore_index=True,
    )
    rows = [
        {
            "ticket_id": "TX1",
            "reply_id": f"TX1-{i}",
            "author_role": "agent",
            "agent_id": XSS_AGENT,
            "created_at": pd.Timestamp("2026-01-20T10:00:00Z"),
            "channel": "email",
            "public": True,
            "body": XSS_TEXT,
            "body_clean": XSS_TEXT,  # as ingest writes it: the cleaned text, tags and all, reaches the report
        }
        for i in range(1, 4)
    ]
    replies = pd.concat([data.replies, pd.DataFrame(rows)], ignore_index=True)
    replies["public"] = replies["public"].astype("boolean")
    return Dataset(tickets=tickets, replies=replies, source=data.source)


@pytest.fixture(scope="session")
def sample_slice() -> Dataset:
    return _slice()


@pytest.fixture(scope="session")
def audit_result(sample_slice):
    from analyser.audit import AuditConfig, run_audit

    return run_audit(hostile(sample_slice), AuditConfig(min_replies=3))


@pytest.fixture(scope="session")
def audit_dir(audit_result, tmp_path_factory) -> Path:
    from analyser.audit import write_audit

    out = tmp_path_factory.mktemp("audit")
    write_audit(audit_result, out)
    return out

"""Fixtures for the audit tests: a slice of the sample data (scoring all of it takes 15 s) plus hostile rows."""

from __future__ import annotations

import re
from datetime import date
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


README = Path(__file__).resolve().parents[2] / "README.md"
#: The audited period of the slice; the previous period of equal length holds :func:`with_previous`'s copies.
AUDIT_FROM = date(2026, 1, 5)
TICKET_URL = "https://example.zendesk.com/agent/tickets/{ticket_id}"


def readme_settings():
    """The settings of the README's example scorecard configuration (the block with the scorecard table)."""
    import tomllib

    from analyser.settings import settings_from_dict

    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)
    block = next(b for b in blocks if "[tool.ticket-analyser.scorecard]" in b)
    return settings_from_dict(tomllib.loads(block)["tool"]["ticket-analyser"])


def with_previous(data: Dataset, shift_days: int = 16) -> Dataset:
    """``data`` plus a copy of every second ticket's agent replies ``shift_days`` earlier (new ids): the
    previous period the audit compares with, different enough from the current one to show a change."""
    agent = data.replies[data.replies["author_role"] == "agent"]
    tickets = sorted(agent["ticket_id"].unique())[::2]
    copy = agent[agent["ticket_id"].isin(tickets)].copy()
    copy["ticket_id"] = "P" + copy["ticket_id"].astype(str)
    copy["reply_id"] = "P" + copy["reply_id"].astype(str)
    copy["created_at"] = copy["created_at"] - pd.Timedelta(days=shift_days)
    old = data.tickets[data.tickets["ticket_id"].isin(tickets)].copy()
    old["ticket_id"] = "P" + old["ticket_id"].astype(str)
    old["created_at"] = old["created_at"] - pd.Timedelta(days=shift_days)
    replies = pd.concat([data.replies, copy], ignore_index=True)
    replies["public"] = replies["public"].astype("boolean")
    return Dataset(pd.concat([data.tickets, old], ignore_index=True), replies, data.source)


@pytest.fixture(scope="session")
def sample_slice() -> Dataset:
    return _slice()


@pytest.fixture(scope="session")
def audit_settings():
    return readme_settings()


@pytest.fixture(scope="session")
def audit_result(sample_slice, audit_settings):
    """The slice (plus a hostile ticket) audited from 2026-01-05 with the README's scorecard and ticket links,
    compared with a previous period made of copies of half its replies."""
    import dataclasses

    from analyser.audit import AuditConfig, run_audit

    config = AuditConfig(min_replies=3, date_from=AUDIT_FROM, ticket_url=TICKET_URL)
    settings = dataclasses.replace(audit_settings, audit=config)
    return run_audit(with_previous(hostile(sample_slice)), config, settings=settings)


@pytest.fixture(scope="session")
def audit_dir(audit_result, tmp_path_factory) -> Path:
    from analyser.audit import write_audit

    out = tmp_path_factory.mktemp("audit")
    write_audit(audit_result, out)
    return out

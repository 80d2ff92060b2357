"""Checks on the bundled synthetic sample data in data/sample_tickets (why: every demo, doc and end-to-end
test runs on it, so its shape, language mix and reproducibility must not drift silently)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analyser.schema import REPLY_COLUMN_NAMES, TICKET_COLUMN_NAMES

HERE = Path(__file__).resolve().parents[1] / "data" / "sample_tickets"
FILES = (
    "tickets.csv",
    "replies.csv",
    "messy_replies.csv",
    "ground_truth_tickets.csv",
    "ground_truth_replies.csv",
    "README.md",
)
NL_MARKERS = {
    "ik",
    "het",
    "niet",
    "mijn",
    "geen",
    "een",
    "kan",
    "werkt",
    "bij",
    "voor",
    "wel",
    "nog",
    "sinds",
    "de",
    "van",
    "op",
    "met",
    "er",
    "is",
}
EN_MARKERS = {"i", "the", "my", "is", "not", "and", "to", "can't", "it", "a", "since", "of", "on"}


@pytest.fixture(scope="module")
def tickets() -> pd.DataFrame:
    return pd.read_csv(HERE / "tickets.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def replies() -> pd.DataFrame:
    return pd.read_csv(HERE / "replies.csv", dtype=str, keep_default_na=False)


def test_columns_match_schema(tickets: pd.DataFrame, replies: pd.DataFrame) -> None:
    # The sample is raw, as exported: no body_clean (ingest writes it; every command cleans the body the same way)
    raw_reply_columns = tuple(c for c in REPLY_COLUMN_NAMES if c != "body_clean")
    assert tuple(tickets.columns) == TICKET_COLUMN_NAMES
    assert tuple(replies.columns) == raw_reply_columns
    messy = pd.read_csv(HERE / "messy_replies.csv", dtype=str, keep_default_na=False)
    assert tuple(messy.columns) == raw_reply_columns


def test_sizes_and_agents(tickets: pd.DataFrame) -> None:
    assert len(tickets) >= 300
    assert tickets["ticket_id"].is_unique
    assert tickets["agent_id"].nunique() >= 6
    assert tickets["team"].nunique() == 3
    assert (HERE / "replies.csv").stat().st_size < 1_500_000


def test_languages_by_marker_words(replies: pd.DataFrame) -> None:
    first = replies[replies["author_role"] == "customer"].groupby("ticket_id")["body"].first()

    def is_dutch(text: str) -> bool:
        words = re.findall(r"[a-z']+", text.lower())
        return sum(w in NL_MARKERS for w in words) > sum(w in EN_MARKERS for w in words)

    share_nl = first.map(is_dutch).mean()
    assert 0.38 <= share_nl <= 0.52
    assert (replies["language"] == "").all()


def test_referential_integrity_and_ids(tickets: pd.DataFrame, replies: pd.DataFrame) -> None:
    assert set(replies["ticket_id"]) <= set(tickets["ticket_id"])
    assert replies["reply_id"].is_unique
    assert set(replies["author_role"]) == {"agent", "customer", "system"}
    assert set(replies["public"]) == {"true", "false"}
    assert replies["created_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()
    assert (replies["body"].str.strip() != "").all()


def test_csat_values(tickets: pd.DataFrame) -> None:
    scores = tickets["csat_score"]
    assert scores[scores != ""].astype(int).between(1, 5).all()
    assert set(tickets["csat_scale"]) <= {"1-5", ""}
    assert (scores != "").mean() > 0.6
    for col in ("resolved", "reopened", "sla_breached"):
        assert set(tickets[col]) <= {"true", "false"}


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (HERE / name).read_bytes(), name

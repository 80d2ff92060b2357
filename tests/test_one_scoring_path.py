"""One scoring path: the same reply gets the same scores from ingest -> extract, audit and study.

The replies are HTML with the customer's message quoted below (as helpdesks export them), in English and
Dutch, with short replies among them whose language only their ticket can tell.  Every command must score the
text the customer read (``body_clean``), in the same language, with the same pipeline.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from analyser.cli import main
from analyser.features import FEATURE_COLUMNS
from analyser.io import read_table

EN_REPLIES = [
    "Hi {name},<br><br>Thanks for your patience. I have reset your password; you can log in again now.<br>"
    "If it still fails, just reply to this e-mail.<br><br>Kind regards,<br>Lisa",
    "<p>Hello {name},</p><p>I'm sorry to hear your laptop is slow. Could you tell me when it started?</p>"
    "<p>Best regards,<br>Tom</p>",
    "<p>As I already said, restart your laptop. DO NOT LOG ANOTHER TICKET FOR THIS!!!</p>",
    "<p>Fixed. Reboot.</p>",
]
NL_REPLIES = [
    "<p>Beste {name},</p><p>Bedankt voor uw geduld. Ik heb uw wachtwoord gereset; u kunt nu weer inloggen.</p>"
    "<p>Merkt u nog problemen? Laat het ons dan weten.</p><p>Met vriendelijke groet,<br>Anna</p>",
    "<p>Hoi {name},</p><p>Wat vervelend dat je vanochtend niet kon werken. Wanneer begon het?</p><p>Groet, Daan</p>",
    "<p>Zoals ik al zei: herstart je laptop.</p>",
    "<p>Opgelost.</p>",
]
QUOTE_EN = (
    '<div class="gmail_quote">On Mon, 5 Jan 2026 at 09:12, {name} wrote:<blockquote>My laptop does not work '
    "since this morning and I cannot log in to anything. Please help quickly!</blockquote></div>"
)
QUOTE_NL = (
    '<div class="gmail_quote">Op ma 5 jan 2026 om 09:12 schreef {name}:<blockquote>Mijn laptop werkt niet sinds '
    "vanochtend en ik kan nergens inloggen. Graag snel hulp!</blockquote></div>"
)
CUSTOMER_EN = "Hello, my laptop does not work since this morning and I cannot log in. Can you help me please?"
CUSTOMER_NL = "Hallo, mijn laptop werkt niet sinds vanochtend en ik kan niet inloggen. Kunnen jullie mij helpen?"


def _dataset(folder: Path, n_tickets: int = 40) -> Path:
    rng = random.Random(7)
    tickets, replies = [], []
    for number in range(n_tickets):
        ticket = f"T{number:03d}"
        dutch = number % 2 == 1
        name = rng.choice(["Sarah", "Joost", "Priya", "Emma"])
        agent = rng.choice(["ann", "bob", "cas", "dee"])
        replies.append(
            {
                "ticket_id": ticket,
                "reply_id": f"{ticket}-1",
                "author_role": "customer",
                "agent_id": "",
                "created_at": f"2026-01-{1 + number % 28:02d}T08:00:00Z",
                "public": "true",
                "body": CUSTOMER_NL if dutch else CUSTOMER_EN,
            }
        )
        pool = NL_REPLIES if dutch else EN_REPLIES
        for index in range(2):
            template = pool[(number + index) % len(pool)]
            quote = (QUOTE_NL if dutch else QUOTE_EN).format(name=name)
            replies.append(
                {
                    "ticket_id": ticket,
                    "reply_id": f"{ticket}-{index + 2}",
                    "author_role": "agent",
                    "agent_id": agent,
                    "created_at": f"2026-01-{1 + number % 28:02d}T{9 + index:02d}:00:00Z",
                    "public": "true",
                    "body": template.format(name=name) + quote,
                }
            )
        failed = rng.random() < 0.4
        tickets.append(
            {
                "ticket_id": ticket,
                "created_at": f"2026-01-{1 + number % 28:02d}T08:00:00Z",
                "agent_id": agent,
                "team": "Service Desk",
                "resolved": str(not failed).lower(),
                "reopened": str(failed).lower(),
                "sla_breached": "false",
                "csat_score": rng.choice([2, 3, 4, 5]) if failed else rng.choice([3, 4, 5, 5]),
                "csat_scale": "1-5",
            }
        )
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(tickets).to_csv(folder / "tickets.csv", index=False)
    pd.DataFrame(replies).to_csv(folder / "replies.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("one-path")
    raw = _dataset(root / "raw")
    runner = CliRunner()
    ingested = root / "ingested" / "tickets.parquet"
    result = runner.invoke(
        main,
        ["ingest", str(raw / "tickets.csv"), str(raw / "replies.csv"), "--from", "generic", "-o", str(ingested)],
    )
    assert result.exit_code == 0, result.output
    replies_path = ingested.with_name("tickets.replies.parquet")
    features_path = root / "features.parquet"
    result = runner.invoke(main, ["extract", str(replies_path), "-o", str(features_path)])
    assert result.exit_code == 0, result.output
    extract_summary = result.output
    result = runner.invoke(main, ["audit", str(ingested), "-o", str(root / "audit"), "--min-replies", "1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["study", str(ingested), "-o", str(root / "study"), "--bootstrap", "200"])
    assert result.exit_code == 0, result.output
    # extract's output placed beside the tickets table is itself a dataset: study and audit do not score again
    beside = root / "beside"
    beside.mkdir()
    (beside / "tickets.parquet").write_bytes(ingested.read_bytes())
    (beside / "replies.parquet").write_bytes(features_path.read_bytes())
    result = runner.invoke(main, ["study", str(beside), "-o", str(root / "study2"), "--bootstrap", "200"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["audit", str(beside), "-o", str(root / "audit2"), "--min-replies", "1"])
    assert result.exit_code == 0, result.output
    return {
        "root": root,
        "extract": read_table(features_path),
        "extract_summary": extract_summary,
        "audit": pd.read_csv(root / "audit" / "replies.csv"),
        "audit2": pd.read_csv(root / "audit2" / "replies.csv"),
        "study": pd.read_csv(root / "study" / "tickets.csv"),
        "study2": pd.read_csv(root / "study2" / "tickets.csv"),
        "study_results": json.loads((root / "study" / "results.json").read_text("utf-8")),
        "study2_results": json.loads((root / "study2" / "results.json").read_text("utf-8")),
    }


def test_extract_scores_the_cleaned_agent_replies_only(runs) -> None:
    features = runs["extract"]
    assert len(features) == 80  # two agent replies per ticket; the 40 customer messages are skipped
    assert "40 skipped" in runs["extract_summary"]
    assert not features["body_clean"].str.contains("wrote:|schreef|<p>|blockquote", regex=True).any()
    for column in ("ticket_id", "reply_id", "agent_id", "created_at", "author_role", "public"):
        assert column in features.columns


def test_short_replies_take_their_tickets_language(runs) -> None:
    features = runs["extract"].set_index("reply_id")
    short = features[features["body_clean"].isin(["Fixed. Reboot.", "Opgelost."])]
    assert len(short) > 0
    dutch_ticket = short["ticket_id"].str[1:].astype(int) % 2 == 1
    assert (short.loc[dutch_ticket, "language"] == "nl").all()
    assert (short.loc[~dutch_ticket, "language"] == "en").all()
    assert features["communication_score"].notna().all()  # every English or Dutch reply with words is scored


def test_audit_scores_each_reply_as_extract_does(runs) -> None:
    extract = runs["extract"].set_index("reply_id")
    for name in ("audit", "audit2"):
        audit = runs[name].set_index("reply_id")
        assert set(audit.index) == set(extract.index)
        for column in ("communication_score", "score_politeness", "score_empathy", "technical_score"):
            assert np.allclose(audit[column], extract.loc[audit.index, column], atol=1e-6), (name, column)
        assert (audit["language"] == extract.loc[audit.index, "language"]).all()


def test_study_ticket_means_match_extract(runs) -> None:
    extract = runs["extract"]
    means = extract.groupby("ticket_id")["communication_score"].mean()
    for name in ("study", "study2"):
        study = runs[name].set_index("ticket_id")
        assert len(study) == 40
        assert np.allclose(study["communication_score"], means.loc[study.index], atol=1e-6), name
    assert runs["study2_results"]["reproducibility"]["pipeline"]["source"].startswith("features supplied")


def test_every_feature_of_extract_reaches_the_study(runs) -> None:
    study = runs["study"]
    for column in ("politeness", "empathy", "sentiment", "jargon_ratio"):
        assert column in study.columns and column in FEATURE_COLUMNS


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([None, None, None], [True, True, True]),  # a conformed table whose source had no roles: every row
        (["", " ", None], [True, True, True]),  # blanks say nothing either
        (["agent", None, "customer"], [True, False, False]),  # once any row says who wrote it, only agents
        (["Agent ", "end-user", "AGENT"], [True, False, True]),
    ],
)
def test_an_empty_author_role_column_counts_as_no_column(roles, expected) -> None:
    from analyser.scoring import replies_to_score

    frame = pd.DataFrame({"body": ["Hello there.", "Thanks!", "Restart it."], "author_role": roles})
    assert replies_to_score(frame).tolist() == expected
    assert replies_to_score(frame.drop(columns="author_role")).tolist() == [True, True, True]

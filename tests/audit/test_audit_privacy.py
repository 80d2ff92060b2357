"""No planted personal data survives into the audit's outputs (report.html, flagged_replies.csv, audit.json).

Issue 12 planted 40 strings and found 13 in the outputs; this plants four values of each claimed category of
``tests/clean/data/planted_pii.tsv`` in agent replies, flags them all and reads the written files (the
whole set is measured without the audit around it in ``tests/clean/test_personal_data.py``).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from analyser.audit import AuditConfig, run_audit, write_audit
from analyser.evaluation.personal_data import NOT_CLAIMED, read_planted
from analyser.io import Dataset
from analyser.schema import conform_replies, conform_tickets

PLANTED = Path(__file__).resolve().parents[1] / "clean" / "data" / "planted_pii.tsv"
OPENING = {"en": "Thank you for your message. ", "nl": "Dank voor uw bericht. "}
CLOSING = {"en": "\n\nYou should have restarted it first.", "nl": "\n\nU had eerst opnieuw moeten opstarten."}


def _dataset(planted) -> Dataset:
    tickets, replies = [], []
    for i, item in enumerate(planted):
        ticket = f"P{i:03d}"
        tickets.append({"ticket_id": ticket, "team": "Desk", "csat_score": 3.0, "csat_scale": "1-5"})
        # Padding in the item's language so that the reply is scored (language detected) and flagged.
        text = item.text if item.category.startswith("NAME_") else OPENING[item.lang] + item.text
        replies.append(
            {
                "ticket_id": ticket,
                "reply_id": f"{ticket}-1",
                "author_role": "agent",
                "agent_id": "agent.one",
                "created_at": pd.Timestamp("2026-01-05T09:00:00Z") + pd.Timedelta(hours=i),
                "channel": "email",
                "public": True,
                "body": text + CLOSING[item.lang],
            }
        )
    return Dataset(conform_tickets(pd.DataFrame(tickets)), conform_replies(pd.DataFrame(replies)), "planted")


def _some_of_each_category(per_category: int = 4):
    chosen, seen = [], {}
    for item in read_planted(PLANTED):
        if item.category not in NOT_CLAIMED and seen.get(item.category, 0) < per_category:
            seen[item.category] = seen.get(item.category, 0) + 1
            chosen.append(item)
    return chosen


def test_no_planted_personal_data_reaches_the_audit_outputs(tmp_path):
    planted = _some_of_each_category()
    config = AuditConfig(min_replies=1, flagged_per_agent=10_000, flag_below=100.0)
    result = run_audit(_dataset(planted), config)
    paths = write_audit(result, tmp_path)
    outputs = {
        name: html.unescape(Path(paths[key]).read_text(encoding="utf-8"))
        for name, key in (("report.html", "report"), ("flagged_replies.csv", "flagged_replies"), ("audit.json", "json"))
    }
    # The test means something only if the replies are shown: nearly all are scored and flagged.
    assert len(result.flagged) >= 0.9 * len(planted)
    leaks = [
        f"{item.category} {item.value!r} in {name}"
        for item in planted
        for name, text in outputs.items()
        if re.search(rf"(?<!\w){re.escape(item.value)}(?!\w)", text)
    ]
    assert leaks == []

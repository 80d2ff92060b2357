"""Ticket-level "solution offered" against hand labels on real conversations (IBM Twitter care, dev split).

The labels (``data/solution_offered_twitter.csv``: the conversation's ``sessionID`` and 0/1, no text) are
one annotator's judgement of whether any agent reply in the thread offered a solution: a fix, a workaround,
an answer to the customer's question, or the concrete place to do what the customer asked for.  Not a
solution: a referral ("create a ticket", "send us an email", "contact AT&T"), a link to a help article
without the fix in the reply ("try the steps in this article"), questions only, or a company-wide action
("we are reviewing listings").  ``drawn`` says how a conversation was chosen: ``random-100`` is the first 100
of the 525 in a fixed shuffle (seed 15), labelled whatever the prediction; ``flagged`` adds every other
conversation the stage marked ``solution_offered``, so precision rests on all 28 positive predictions.  The
annotator saw the prediction while labelling: the figures may lean towards agreement.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd

from analyser.evaluation import datasets
from analyser.evaluation.common import row

LABELS = Path(__file__).parent / "data" / "solution_offered_twitter.csv"
SEED = 15


def twitter_threads(data: Path) -> pd.DataFrame | None:
    """Every message of the Twitter care conversations as a canonical replies table (customer tweets and
    agent tweets, the final agent tweet last), ``ticket_id`` the conversation's ``sessionID``."""
    path = Path(data) / datasets.TWITTER_CARE / "dev.json"
    if not path.is_file():
        return None
    rows = []
    for conversation in json.loads(path.read_text(encoding="utf-8")):
        session = conversation["dialogHeader"]["sessionID"]
        company = conversation["dialogHeader"].get("company")
        turns = list(conversation.get("dialogContent") or [])
        final = conversation.get("agentURL") or {}
        if final.get("url_utterance"):
            turns.append({"agent": True, "message": final["url_utterance"]})
        for index, turn in enumerate(turns):
            agent = "agent" in turn
            rows.append(
                {
                    "ticket_id": session,
                    "reply_id": f"{session}-{index}",
                    "author_role": "agent" if agent else "customer",
                    "agent_id": company if agent else None,
                    "created_at": turn.get("datetime"),
                    "public": True,
                    "body": turn.get("message") or "",
                }
            )
    return pd.DataFrame(rows)


def shuffled_sessions(threads: pd.DataFrame) -> list[str]:
    """The conversations in the fixed order the random sample was drawn from."""
    sessions = sorted(threads["ticket_id"].unique())
    random.Random(SEED).shuffle(sessions)
    return sessions


def evaluate(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    """Precision (and, on the random 100, recall) of ``solution_offered`` per conversation."""
    from analyser.conversations import conversation_features
    from analyser.schema import conform_replies

    threads = twitter_threads(data)
    if threads is None:
        return [], {}
    labels = pd.read_csv(LABELS, dtype={"session_id": str})
    predicted = conversation_features(conform_replies(threads)).tickets.set_index("ticket_id")["solution_offered"]
    frame = labels.assign(predicted=labels["session_id"].map(predicted).astype("boolean").fillna(False))
    frame["truth"] = frame["solution_offered"].astype(bool)
    flagged = frame[frame["predicted"]]
    sample = frame[frame["drawn"] == "random-100"]
    tp = int((sample["predicted"] & sample["truth"]).sum())
    detail = {
        "conversations": int(threads["ticket_id"].nunique()),
        "predicted_positive": int(predicted.fillna(False).sum()),
        "labelled": len(frame),
        "precision_all_predicted": _ratio(int(flagged["truth"].sum()), len(flagged)),
        "random_100": {
            "n": len(sample),
            "true_solutions": int(sample["truth"].sum()),
            "predicted": int(sample["predicted"].sum()),
            "true_positives": tp,
            "precision": _ratio(tp, int(sample["predicted"].sum())),
            "recall": _ratio(tp, int(sample["truth"].sum())),
        },
        "false_positives": flagged.loc[~flagged["truth"], "session_id"].tolist(),
    }
    rows = [
        row(
            "Twitter care conversations (hand-labelled)",
            "solution_offered precision per ticket",
            detail["precision_all_predicted"],
            n=len(flagged),
            note="target 0.8; every positive prediction of 525 conversations judged",
        ),
        row(
            "Twitter care conversations (hand-labelled)",
            "solution_offered recall per ticket",
            detail["random_100"]["recall"],
            n=detail["random_100"]["true_solutions"],
            note="random 100 conversations",
        ),
    ]
    return rows, detail


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None

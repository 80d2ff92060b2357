"""Ticket-level "solution offered" against hand labels on real conversations (IBM Twitter care, dev split).

Three label files (ids and verdicts only, no text; ``data/README.md`` has the labelling guideline):

* ``solution_offered_twitter.csv``, the **original 121**: one annotator's 0/1 for "an agent reply offered a
  solution" (a fix, a workaround, an answer, or the concrete place to do what the customer asked for; not a
  referral, a help-article link without the fix, questions only, or a company-wide action).  ``drawn`` says how
  a conversation was chosen: ``random-100`` is the first 100 of the 525 in a fixed shuffle (seed 15);
  ``flagged`` adds the 21 other conversations the first version of the stage marked.  The annotator saw the
  prediction while labelling, and the detector was revised on these errors: figures here are optimistic.
* ``solution_offered_twitter_blind.csv``, the **blind 404**: every other conversation of the 525, labelled by
  the written guideline before the detector ran on them (``batch`` 1: the next 130 of the shuffle, labelled and
  measured first; ``batch`` 2: the remaining 274, labelled after that run, before any run on them).  The first
  run on all 404 (cited in the table as a baseline) is the blind figure; one rule was added after reading its
  false positives (a time in a referral is no next step), so the current figure on these labels is no longer
  blind for that rule.  (Because the 121 hold every conversation the first version flagged, that version
  predicts no solution on this set.)
* ``solution_offered_twitter_relabel.csv``: 60 of the 121 labelled again, blind, by the guideline, for the
  agreement (Cohen's kappa) between the two labellings.

Precision is the share of the conversations the stage marks that were labelled 1; recall the share of the
conversations labelled 1 that the stage marks; the 95% intervals bootstrap the labelled conversations.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd

from analyser.evaluation import datasets
from analyser.evaluation.common import row

LABELS = Path(__file__).parent / "data" / "solution_offered_twitter.csv"
BLIND = Path(__file__).parent / "data" / "solution_offered_twitter_blind.csv"
RELABEL = Path(__file__).parent / "data" / "solution_offered_twitter_relabel.csv"
SEED = 15
#: The first version of the stage (main at 996c6c6, before the referral rules), measured by this module on the
#: same label files: cited, not recomputed (that code is gone).
BEFORE = {
    "blind precision": "no positive prediction",
    "blind recall": 0.0,
    "original precision": 0.4286,
    "original recall": 0.3333,
}
_CITED = "first version (cited, 996c6c6)"
#: The referral rules as they were when the blind labels were first measured (the commit that added batch 2 of the blind labels): the truly blind figure.
#: The timed-step rule that followed was written after reading that run's false positives.
BLIND_FIRST_RUN = {"blind precision": 0.7692, "blind recall": 0.2532}
_BLIND_CITED = "as first run on the blind labels, before the timed-step rule (cited)"


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


def agreement() -> dict[str, object]:
    """Cohen's kappa between the original labels and the blind re-labelling of 60 of them (no data needed)."""
    original = pd.read_csv(LABELS, dtype={"session_id": str}).set_index("session_id")["solution_offered"]
    again = pd.read_csv(RELABEL, dtype={"session_id": str}).set_index("session_id")["solution_offered"]
    pairs = pd.DataFrame({"original": original.reindex(again.index), "blind": again}).dropna().astype(int)
    return {
        "n": len(pairs),
        "kappa": cohen_kappa(pairs["original"].tolist(), pairs["blind"].tolist()),
        "agree": int((pairs["original"] == pairs["blind"]).sum()),
        "original_1_blind_0": int(((pairs["original"] == 1) & (pairs["blind"] == 0)).sum()),
        "original_0_blind_1": int(((pairs["original"] == 0) & (pairs["blind"] == 1)).sum()),
    }


def cohen_kappa(a: list[int], b: list[int]) -> float | None:
    """Cohen's kappa of two 0/1 labellings of the same items: agreement beyond what chance would give."""
    n = len(a)
    if n == 0 or len(b) != n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    p_a, p_b = sum(a) / n, sum(b) / n
    chance = p_a * p_b + (1 - p_a) * (1 - p_b)
    return 1.0 if chance == 1 else (observed - chance) / (1 - chance)


def scores(frame: pd.DataFrame) -> dict[str, object]:
    """Precision and recall of ``predicted`` against ``truth`` (booleans), with bootstrap intervals."""
    from analyser.evaluation.common import bootstrap_ci

    flagged, true = frame[frame["predicted"]], frame[frame["truth"]]
    tp = int((frame["predicted"] & frame["truth"]).sum())
    return {
        "n": len(frame),
        "true_solutions": len(true),
        "predicted": len(flagged),
        "true_positives": tp,
        "precision": _ratio(tp, len(flagged)),
        "precision_ci95": bootstrap_ci(flagged["truth"].astype(float)) if len(flagged) else None,
        "recall": _ratio(tp, len(true)),
        "recall_ci95": bootstrap_ci(true["predicted"].astype(float)) if len(true) else None,
        "false_positives": flagged.loc[~flagged["truth"], "session_id"].tolist(),
        "false_negatives": true.loc[~true["predicted"], "session_id"].tolist(),
    }


def evaluate(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    """Precision and recall of ``solution_offered`` per conversation on the original and the blind labels."""
    from analyser.conversations import conversation_features
    from analyser.schema import conform_replies

    threads = twitter_threads(data)
    if threads is None:
        return [], {}
    predicted = conversation_features(conform_replies(threads)).tickets.set_index("ticket_id")["solution_offered"]
    predicted = predicted.astype("boolean").fillna(False).astype(bool)
    sets = {}
    for name, path in (("original", LABELS), ("blind", BLIND)):
        labels = pd.read_csv(path, dtype={"session_id": str})
        frame = labels.assign(predicted=labels["session_id"].map(predicted).fillna(False).astype(bool))
        frame["truth"] = frame["solution_offered"].astype(bool)
        sets[name] = frame
    original, blind = scores(sets["original"]), scores(sets["blind"])
    batches = {f"blind_batch_{b}": scores(sets["blind"][sets["blind"]["batch"] == b]) for b in (1, 2)}
    sample = sets["original"][sets["original"]["drawn"] == "random-100"]
    kappa = agreement()
    detail = {
        "conversations": int(threads["ticket_id"].nunique()),
        "predicted_positive": int(predicted.sum()),
        "original_121": original,
        "random_100": scores(sample),
        "blind": blind,
        **batches,
        "agreement": kappa,
    }
    rows = []
    for name, label, result, note in (
        ("blind", f"blind {blind['n']} (labelled before the run)", blind, "target 0.8"),
        ("original", "original 121 (annotator saw predictions)", original, "the detector was revised on these errors"),
    ):
        for metric, n in (("precision", result["predicted"]), ("recall", result["true_solutions"])):
            rows.append(
                row(
                    f"Twitter care conversations, {label}",
                    f"solution_offered {metric} per ticket",
                    result[metric],
                    ci=result[f"{metric}_ci95"],
                    n=n,
                    baselines={
                        _CITED: BEFORE[f"{name} {metric}"],
                        **({_BLIND_CITED: BLIND_FIRST_RUN[f"blind {metric}"]} if name == "blind" else {}),
                    },
                    note=note if metric == "precision" else "",
                )
            )
    rows.append(
        row(
            "Twitter care conversations, 60 of the 121 re-labelled blind",
            "label agreement (Cohen's kappa)",
            kappa["kappa"],
            n=kappa["n"],
        )
    )
    return rows, detail


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None

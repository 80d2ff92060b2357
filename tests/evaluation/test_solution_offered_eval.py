"""The hand labels of "solution offered" and the reading of the Twitter care conversations."""

from __future__ import annotations

import json

import pandas as pd

from analyser.evaluation.conversations import LABELS, twitter_threads


def test_labels_are_ids_and_verdicts_only():
    labels = pd.read_csv(LABELS, dtype={"session_id": str})
    assert list(labels.columns) == ["session_id", "solution_offered", "drawn"]
    assert labels["session_id"].is_unique and set(labels["solution_offered"]) == {0, 1}
    assert (labels["drawn"] == "random-100").sum() == 100 and len(labels) >= 100


def test_threads_keep_customer_and_agent_turns_in_order(tmp_path):
    folder = tmp_path / "replies-twitter-care-ibm"
    folder.mkdir()
    conversation = {
        "dialogHeader": {"sessionID": "S1", "company": "Brand"},
        "dialogContent": [
            {"client": "c", "datetime": "2020-04-01T10:00:00Z", "message": "@Brand it broke again", "tweet_ID": "1"},
            {"agent": "a", "datetime": "2020-04-01T10:05:00Z", "message": "@c Which model?", "tweet_ID": "2"},
        ],
        "agentURL": {"url_utterance": "@c Restart it: https://example.com/help", "tweet_ID": "3"},
    }
    (folder / "dev.json").write_text(json.dumps([conversation]), encoding="utf-8")
    threads = twitter_threads(tmp_path)
    assert threads["author_role"].tolist() == ["customer", "agent", "agent"]
    assert threads["body"].iloc[-1].startswith("@c Restart") and threads["agent_id"].iloc[1] == "Brand"
    assert twitter_threads(tmp_path / "absent") is None

"""The hand labels of "solution offered" and the reading of the Twitter care conversations."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analyser.evaluation.conversations import BLIND, LABELS, RELABEL, agreement, cohen_kappa, scores, twitter_threads


def test_labels_are_ids_and_verdicts_only():
    labels = pd.read_csv(LABELS, dtype={"session_id": str})
    assert list(labels.columns) == ["session_id", "solution_offered", "drawn"]
    assert labels["session_id"].is_unique and set(labels["solution_offered"]) == {0, 1}
    assert (labels["drawn"] == "random-100").sum() == 100 and len(labels) >= 100


def test_the_blind_set_is_fresh_and_the_relabelled_ones_come_from_the_original():
    original = set(pd.read_csv(LABELS, dtype={"session_id": str})["session_id"])
    blind = pd.read_csv(BLIND, dtype={"session_id": str})
    again = pd.read_csv(RELABEL, dtype={"session_id": str})
    assert list(blind.columns) == ["session_id", "solution_offered", "kind", "batch"]  # ids and verdicts, no text
    assert list(again.columns) == ["session_id", "solution_offered", "kind"]
    assert set(blind["batch"]) == {1, 2} and (blind["batch"] == 1).sum() == 130
    for labels in (blind, again):
        assert labels["session_id"].is_unique and set(labels["solution_offered"]) == {0, 1}
        solution_kinds = {"fix", "workaround", "answer"}
        assert (labels["kind"].isin(solution_kinds) == labels["solution_offered"].astype(bool)).all()
    assert len(blind) == 525 - len(original) and not set(blind["session_id"]) & original  # every other conversation
    assert set(again["session_id"]) <= original


def test_cohen_kappa_by_hand():
    assert cohen_kappa([1, 0, 1, 0], [1, 0, 1, 0]) == 1.0
    # 3 of 4 agree; chance agreement 0.5 (each labeller says 1 half the time): (0.75 - 0.5) / 0.5
    assert cohen_kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    assert cohen_kappa([], []) is None
    assert 0 < agreement()["kappa"] <= 1 and agreement()["n"] == len(pd.read_csv(RELABEL))


def test_precision_and_recall_of_a_labelled_frame():
    frame = pd.DataFrame(
        {
            "session_id": ["a", "b", "c", "d", "e"],
            "predicted": [True, True, False, False, False],
            "truth": [True, False, True, True, False],
        }
    )
    out = scores(frame)
    assert out["precision"] == 0.5 and out["recall"] == pytest.approx(1 / 3)
    assert out["false_positives"] == ["b"] and out["false_negatives"] == ["c", "d"]
    assert scores(frame.assign(predicted=False))["precision"] is None


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

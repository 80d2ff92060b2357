"""The evaluation machinery without the shared data: statistics, table rendering, skipping absent sets."""

from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner

from analyser.evaluation.common import bootstrap_ci, pairwise_order_accuracy
from analyser.evaluation.runner import render, run_all


def test_pairwise_order_accuracy():
    frame = pd.DataFrame(
        {"article": ["a", "a", "a", "b", "b", "b"], "rank": [0, 1, 2, 0, 1, 2], "grade": [1, 2, 3, 3, 2, 1]}
    )
    assert pairwise_order_accuracy(frame, "article", "rank", "grade", True) == 0.5
    assert pairwise_order_accuracy(frame[frame.article == "a"], "article", "rank", "grade", True) == 1.0


def test_bootstrap_ci_brackets_the_mean():
    low, high = bootstrap_ci([1, 0, 1, 1, 0, 1, 1, 1])
    assert low <= 0.75 <= high and 0 <= low < high <= 1


def test_absent_sets_are_skipped(tmp_path):
    result = run_all(tmp_path, only=["politeness", "empathy", "readability"])
    assert result["rows"] == []
    assert len(result["skipped"]) == 4


def test_cli_writes_json_and_prints_table(tmp_path):
    from analyser.evaluation.cli import evaluate

    out = tmp_path / "eval.json"
    result = CliRunner().invoke(evaluate, ["--data", str(tmp_path), "-o", str(out), "--only", "sentiment"])
    assert result.exit_code == 0, result.output
    table = json.loads(out.read_text())
    assert {r["dataset"] for r in table["rows"]} == {
        "sentiment cases, English (hand-written)",
        "sentiment cases, Dutch (hand-written)",
    }
    assert "sign agreement" in result.output


def test_markdown_render():
    rows = [{"dataset": "d", "metric": "m", "ours": 0.5, "ci95": [0.4, 0.6], "n": 10, "baselines": {"b": 0.4}}]
    text = render(rows, markdown=True)
    assert "| d | m | 0.500 | 0.400-0.600 | 10 | b 0.400 |" in text


def test_uss_turns_pair_each_system_turn_with_the_next_users_rating(tmp_path) -> None:
    from analyser.evaluation.datasets import uss_files, uss_turns

    folder = tmp_path / "satisfaction-uss-test"
    folder.mkdir()
    (folder / "SGD.txt").write_text(
        "USER\tI need a table for two.\tinform\t3,3,3\n"
        "SYSTEM\tWhich day would you like?\trequest\t\n"
        "USER\tI said Friday already.\tinform\t2,2,3\n"
        "SYSTEM\tBooked for Friday, your reference is AB12.\tbook\t\n"
        "USER\tThanks!\tthank\t4,4,4\n"
        "USER\tOVERALL\t\t3,3,3\n\n"
        "USER\tHi.\t\t3\nSYSTEM\tHello, how can I help?\t\t\nUSER\tOVERALL\t\t3\n",
        encoding="utf-8",
    )
    assert uss_files(tmp_path) == [folder / "SGD.txt"]
    turns = uss_turns(folder / "SGD.txt")
    assert list(turns["dissatisfied"]) == [1, 0]  # mean 2.33 < 3; mean 4; the last dialogue has no rated reply
    assert list(turns["dialogue"]) == [0, 0]


def test_dutch_empathy_set_is_shipped_and_labelled() -> None:
    from analyser.evaluation.empathy import MECHANISMS, dutch_set

    frame = dutch_set()
    assert len(frame) >= 60 and frame["id"].is_unique
    for mechanism in MECHANISMS:
        assert set(frame[mechanism]) <= {0, 1, 2} and frame[mechanism].gt(0).sum() >= 15


def test_epitome_split_is_by_seeker_post_and_stable() -> None:
    from analyser.evaluation.empathy import half_of

    assert {half_of("abc"), half_of("abd"), half_of("xyz1")} <= {"tune", "report"}
    assert half_of("8iz0as") == half_of("8iz0as")

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

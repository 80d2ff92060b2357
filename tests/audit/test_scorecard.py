"""The team's own scorecard: how a reply is scored, and configuration errors that name the valid choices."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from click.testing import CliRunner

from analyser.audit.scorecard import DEFAULT_WEIGHTS, scorecard_from_table
from analyser.errors import ConfigError
from analyser.nlp.components.scoring import DIMENSIONS

WHERE = "[tool.ticket-analyser.scorecard]"
FULL = {**DIMENSIONS, "score_correctness": 10.0}  # every dimension at its full points


def card(table):
    return scorecard_from_table(table, where=WHERE)


def test_an_empty_scorecard_is_the_rubric():
    scorecard = card({})
    assert dict(scorecard.weights) == DEFAULT_WEIGHTS
    reply = {**FULL, "score_empathy": 10.0, "score_correctness": 0.0}  # correctness weighs 0 by default
    score, failed = scorecard.score(reply)
    assert failed == "" and score == pytest.approx(90.0)  # the rubric: 100 - 10 points of empathy


def test_weights_categories_and_missing_values():
    scorecard = card(
        {
            "name": "QA",
            "weights": {"empathy": 1, "correctness": 1},
            "categories": {
                "next-step": {"feature": "has_next_step", "weight": 2},
                "plain": {"feature": "jargon_ratio", "zero": 8, "full": 0, "weight": 1},
                "spelling": {"rules": ["SP", "GR"], "penalty": 0.5, "weight": 1},
            },
        }
    )
    reply = {**FULL, "score_empathy": 10.0, "has_next_step": True, "jargon_ratio": 2.0}
    score, _ = scorecard.score(reply, Counter({"SP001": 1}))
    # empathy 0.5, correctness 1, next step 1 (x2), plain words 0.75, spelling 0.5 (one finding at half)
    assert score == pytest.approx(100 * (0.5 + 1 + 2 + 0.75 + 0.5) / 6)
    # correctness not measured (another language): left out of the mean, not counted as 0
    other = {**reply, "score_correctness": math.nan}
    score_other, _ = scorecard.score(other, Counter({"SP001": 1}))
    assert score_other == pytest.approx(100 * (0.5 + 2 + 0.75 + 0.5) / 5)


def test_auto_fail_by_rule_or_feature():
    scorecard = card({"auto-fail": {"rules": ["TN001"], "features": ["address_mixed"]}})
    assert scorecard.score(FULL, Counter({"TN001": 1})) == (0.0, "TN001")
    assert scorecard.score({**FULL, "address_mixed": True}) == (0.0, "address_mixed")
    assert scorecard.score({**FULL, "address_mixed": False})[0] == pytest.approx(100.0)


@pytest.mark.parametrize(
    ("table", "named", "listed"),
    [
        ({"categories": {"x": {"feature": "no_such_feature"}}}, "no_such_feature", "has_next_step"),
        ({"categories": {"x": {"rules": ["ZZ001"]}}}, "ZZ001", "TN001"),
        ({"auto-fail": {"rules": ["XX9"]}}, "XX9", "SP001"),
        ({"auto-fail": {"features": ["nope"]}}, "nope", "jargon_ratio"),
        ({"weights": {"kindness": 3}}, "kindness", "politeness"),
        ({"colour": "blue"}, "colour", "categories"),
        ({"categories": {"x": {"feature": "jargon_ratio"}}}, "jargon_ratio", "zero = ..., full = ..."),
        ({"categories": {"x": {"feature": "has_next_step", "rules": ["SP"]}}}, "either", "rules"),
        ({"weights": {"empathy": 0}}, "every weight is 0", "weight"),
    ],
)
def test_configuration_errors_are_one_line_and_list_the_valid_names(table, named, listed):
    with pytest.raises(ConfigError) as error:
        card(table)
    message = str(error.value)
    assert "\n" not in message and named in message and listed in message


def test_a_bad_scorecard_in_the_file_stops_the_audit_with_exit_2(tmp_path):
    from analyser.cli import main

    (tmp_path / "ticket-analyser.toml").write_text('[scorecard.categories.x]\nfeature = "kindness"\n')
    run = CliRunner().invoke(main, ["audit", str(tmp_path), "-o", str(tmp_path / "out")])
    assert run.exit_code == 2
    assert run.output.count("\n") == 1 and "unknown feature 'kindness'" in run.output
    assert "valid features:" in run.output and "Traceback" not in run.output


def test_the_readme_example_is_a_valid_scorecard(audit_settings):
    scorecard = audit_settings.scorecard
    assert scorecard.name == "Service Desk QA"
    assert {c.key for c in scorecard.categories} == {"spelling-and-grammar", "next-step", "plain-words"}
    assert scorecard.fail_rules == ("TN001",)

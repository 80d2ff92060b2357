"""The study with the conversation features per ticket: as measures, as controls, or off."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from analyser.io import Dataset, read_dataset
from analyser.study import StudyConfig, run_study
from analyser.study.prepare import STUDY_TICKET_FEATURES

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_tickets"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    data = read_dataset(SAMPLE)
    keep = set(data.tickets["ticket_id"].head(60))
    return Dataset(
        data.tickets[data.tickets["ticket_id"].isin(keep)].reset_index(drop=True),
        data.replies[data.replies["ticket_id"].isin(keep)].reset_index(drop=True),
        data.source,
    )


@pytest.fixture(scope="module")
def scored(sample):
    from analyser.scoring import score_replies

    return score_replies(sample.replies).features


def _study(sample, scored, use):
    config = StudyConfig(bootstrap_resamples=100, seed=3, ticket_features=use)
    return run_study(sample, config, scored_replies=scored)


def test_ticket_features_as_measures_are_correlated_and_reported(sample, scored):
    result = _study(sample, scored, "measures")
    measured = set(result.correlations["feature"])
    assert {"customer_sentiment_change", "solution_offered", "first_reply_hours"} <= measured
    notes = [item.message for item in result.limitations if item.part == "ticket features"]
    assert notes and "communication measures" in notes[0]
    row = result.tickets.set_index("ticket_id")["first_reply_hours"]
    assert row.notna().mean() > 0.9 and (row.dropna() >= 0).all()


def test_ticket_features_as_controls_enter_the_model_only(sample, scored):
    result = _study(sample, scored, "controls")
    assert not set(STUDY_TICKET_FEATURES) & set(result.correlations["feature"])
    notes = [item.message for item in result.limitations if item.part == "ticket features"]
    assert notes and "controls in the model" in notes[0]
    if result.model is not None:  # 60 tickets: the model may be skipped; the design matrix is then checked
        assert set(result.model.controls) & set(STUDY_TICKET_FEATURES)


def test_ticket_features_off(sample, scored):
    result = _study(sample, scored, "off")
    assert not set(STUDY_TICKET_FEATURES) & set(result.correlations["feature"])
    assert not [item for item in result.limitations if item.part == "ticket features"]


def test_design_matrix_takes_numeric_ticket_controls():
    import numpy as np
    import pandas as pd

    from analyser.study.stats import design_matrix

    rng = np.random.default_rng(1)
    tickets = pd.DataFrame(
        {
            "communication_score": rng.uniform(20, 90, 50),
            "it_failed": rng.integers(0, 2, 50).astype(bool),
            "first_reply_hours": np.r_[rng.uniform(0, 30, 49), np.nan],
        }
    )
    X, used, _ = design_matrix(tickets, controls=False, extra_controls=["first_reply_hours", "absent"])
    assert used == ["first_reply_hours"] and {"first_reply_hours", "first_reply_hours_missing"} <= set(X.columns)
    assert not X["first_reply_hours"].isna().any()
    assert dataclasses.is_dataclass(StudyConfig())

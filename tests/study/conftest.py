"""Fixtures of the study tests: simulated datasets (no NLP, no ../shared) and a fast configuration."""

from __future__ import annotations

import pytest

from analyser.study import StudyConfig
from analyser.study.simulate import PlantedEffects, simulate_dataset

STRONG = PlantedEffects(communication=0.6, it_failed=-1.2, interaction=0.4)


@pytest.fixture
def fast_config() -> StudyConfig:
    """Few bootstrap resamples: the tests check the plumbing and the numbers' consistency, not precision."""
    return StudyConfig(bootstrap_resamples=200, seed=7)


@pytest.fixture(scope="module")
def strong_dataset():
    return simulate_dataset(500, STRONG, scale="1-5", seed=11, agent_sd=0.2)


@pytest.fixture(scope="module")
def strong_result(strong_dataset):
    from analyser.study import run_study

    return run_study(strong_dataset, StudyConfig(bootstrap_resamples=200, seed=7))

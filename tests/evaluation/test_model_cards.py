"""Shipped models: JSON only, loadable without download, each with a card; and they reproduce the card's
metrics when the training data is present (skipped otherwise: a new clone has no ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyser.evaluation import datasets
from analyser.models_store import LinearModel, find_model

MODELS = Path(__file__).resolve().parents[2] / "models"
CARD_SECTIONS = ("Training data", "Licence", "Features", "Metrics", "Intended use", "Limits")


def shipped():
    return sorted(MODELS.glob("*.json"))


def test_models_are_json_with_a_card():
    assert shipped(), "models/ ships no model"
    assert not list(MODELS.glob("*.pkl")) and not list(MODELS.glob("*.pickle"))
    for path in shipped():
        model = LinearModel.from_json(path)
        assert model.coefficients
        card = path.with_suffix(".md").read_text(encoding="utf-8")
        for section in CARD_SECTIONS:
            assert section in card, f"{path.with_suffix('.md').name} lacks '{section}'"


def test_pipeline_loads_the_shipped_politeness_model():
    from analyser.nlp.pipeline import pipeline_metadata

    assert find_model("politeness.json") == MODELS / "politeness.json"
    assert pipeline_metadata()["politeness_model"] == json.loads((MODELS / "politeness.json").read_text())["name"]
    assert (
        pipeline_metadata()["readability_nl_model"] == json.loads((MODELS / "readability_nl.json").read_text())["name"]
    )


@pytest.mark.slow
def test_politeness_model_reproduces_its_card():
    data = datasets.default_data_dir()
    if datasets.politeness_wikipedia(data) is None:
        pytest.skip("Stanford Politeness Corpus not present under ../shared/data")
    from analyser.evaluation import politeness

    card = json.loads((MODELS / "politeness.json").read_text())
    tolerance = card["tolerance"]
    _, detail = politeness.evaluate(data, MODELS / "politeness.json")
    assert abs(detail["cv_accuracy"] - card["metrics"]["cv_accuracy"]) <= tolerance
    assert abs(detail["cv_auc"] - card["metrics"]["cv_auc"]) <= tolerance
    assert abs(detail["cv_calibration_error"] - card["metrics"]["cv_calibration_error"]) <= tolerance
    # the shipped coefficients, applied to the features, classify the training quartiles as the card says
    assert detail["shipped_in_sample_accuracy"] >= card["metrics"]["cv_accuracy"] - tolerance


def test_politeness_model_reads_only_features_the_component_computes():
    from analyser.evaluation.politeness import FEATURES, NOT_TRANSFERRING, SIGNS
    from analyser.nlp.components.tone import MODEL_FEATURES
    from analyser.nlp.pipeline import build_pipeline

    model = LinearModel.from_json(MODELS / "politeness.json")
    assert set(model.coefficients) == set(FEATURES) == set(MODEL_FEATURES) - set(NOT_TRANSFERRING)
    assert model.intercept == 0.0, "no strategy at all scores 0.5"
    for name, weight in model.coefficients.items():
        assert weight * SIGNS[name] >= 0, f"{name} has the opposite sign to the strategy's"
    for lang, text in (("en", "Thanks! Could you send the log?"), ("nl", "Bedankt! Kunt u het logbestand sturen?")):
        inputs = build_pipeline(lang)(text)._.ta_politeness_input
        assert set(inputs) == set(MODEL_FEATURES)
        assert inputs["gratitude"] == 1.0 and inputs["question"] == 1.0


@pytest.mark.slow
def test_dutch_readability_model_reproduces_its_card():
    data = datasets.default_data_dir()
    if datasets.amsterdam(data) is None:
        pytest.skip("Amsterdam complex/simple pairs not present under ../shared/data")
    from analyser.evaluation import readability

    card = json.loads((MODELS / "readability_nl.json").read_text())
    tolerance = card["tolerance"]
    _, detail = readability.evaluate_amsterdam(data)
    cv = detail["figures"]["readability_grade, CV"]
    assert abs(cv["all"] - card["metrics"]["cv_all"]) <= tolerance
    assert abs(cv["not_shorter"] - card["metrics"]["cv_not_shorter"]) <= tolerance
    # the shipped coefficients, applied by the pipeline, order the pairs at least as well as the CV says
    shipped = detail["figures"]["readability_grade"]
    assert shipped["all"] >= card["metrics"]["cv_all"] - tolerance


def test_dutch_readability_model_reads_only_signals_the_component_computes():
    from analyser.nlp.components.readability import DUTCH_SIGNALS

    model = LinearModel.from_json(MODELS / "readability_nl.json")
    assert set(model.coefficients) == set(DUTCH_SIGNALS)
    assert all(weight > 0 for weight in model.coefficients.values()), "every signal of difficulty adds to the grade"

"""Empathy: the three EPITOME mechanisms against the EPITOME Reddit annotations (Sharma et al. 2020).

Each mechanism is a binary task, level 0 against levels 1-2.  Our score is the product's phrase-list score
(hand-written lists, not trained on EPITOME: its licence is non-commercial, so it is evaluated on, never
trained on).  Accuracy predicts "present" when the score is above zero; AUC uses the graded score.  The
baselines: the majority class of this file, the question-mark count (a trivial signal that already reaches an
AUC near 0.92 for explorations), a bag-of-words logistic regression cross-validated on this file (evaluation
only, never shipped) and the published figures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analyser.evaluation import datasets
from analyser.evaluation.common import auc_ci, bootstrap_ci, docs, row

MECHANISMS = ("emotional_reaction", "interpretation", "exploration")
BOW_REPORTED = {"emotional_reaction": 0.777, "interpretation": 0.792, "exploration": 0.870}
BASE_RATE_REPORTED = {"emotional_reaction": 0.661, "interpretation": 0.527, "exploration": 0.844}
ROBERTA_REPORTED = {"emotional_reaction": 0.794, "interpretation": 0.840, "exploration": 0.926}


def scores(texts: list[str]) -> pd.DataFrame:
    """The empathy columns the product computes, one row per response."""
    return pd.DataFrame([dict(doc._.ta_empathy) for doc in docs(texts, "en")])


def bow_accuracy(texts: list[str], labels: np.ndarray, folds: int = 10) -> float:
    """10-fold cross-validated accuracy of a bag-of-words logistic regression (evaluation only)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(CountVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression(max_iter=2000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=13)
    return float(cross_val_score(model, pd.Series(texts), labels, cv=cv, scoring="accuracy").mean())


def evaluate(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    frame = datasets.epitome(data)
    if frame is None:
        return [], {}
    from sklearn.metrics import roc_auc_score

    texts = [str(t) for t in frame["text"]]
    ours = scores(texts)
    question_marks = np.array([t.count("?") for t in texts], dtype=float)
    rows, detail = [], {}
    for mechanism in MECHANISMS:
        labels = (frame[mechanism].to_numpy() > 0).astype(int)
        score = ours[f"empathy_{mechanism}"].fillna(0.0).to_numpy()
        correct = ((score > 0).astype(int) == labels).astype(float)
        base = max(labels.mean(), 1 - labels.mean())
        auc = float(roc_auc_score(labels, score))
        figures = {
            "accuracy": float(correct.mean()),
            "accuracy_ci95": bootstrap_ci(correct),
            "auc": auc,
            "auc_ci95": auc_ci(labels, score),
            "base_rate": float(base),
            "question_mark_auc": float(roc_auc_score(labels, question_marks)),
            "bow_accuracy": bow_accuracy(texts, labels),
        }
        detail[mechanism] = figures
        name = f"empathy-epitome-dev: {mechanism.replace('_', ' ')}"
        rows.append(
            row(
                name,
                "accuracy (level 0 vs 1-2)",
                figures["accuracy"],
                {
                    "majority class (this file)": figures["base_rate"],
                    "majority class (reported, full file)": BASE_RATE_REPORTED[mechanism],
                    "bag-of-words LR, 10-fold CV (this file)": figures["bow_accuracy"],
                    "bag-of-words LR (reported)": BOW_REPORTED[mechanism],
                    "RoBERTa (paper)": ROBERTA_REPORTED[mechanism],
                },
                ci=figures["accuracy_ci95"],
                n=len(labels),
                note="phrase lists, not trained on EPITOME",
            )
        )
        rows.append(
            row(
                name,
                "ROC AUC",
                auc,
                {"question-mark count": figures["question_mark_auc"]},
                ci=figures["auc_ci95"],
                n=len(labels),
            )
        )
    return rows, detail

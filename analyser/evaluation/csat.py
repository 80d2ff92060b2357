"""CSAT signal: do our reply features predict a dissatisfied next user turn better than the words do?

Data: the User Satisfaction Simulation corpus (Sun et al., SIGIR 2021), every part present under
``satisfaction-uss-*`` (the development data holds the MultiWOZ part; the SGD, ReDial and CCPE parts are run
the same way when present).  Each system turn followed by a rated user turn is one item; it is
*dissatisfied* when that user turn's mean rating is below 3 on the 1-5 scale.

Protocol: 5-fold cross-validation grouped by dialogue (no dialogue in two folds), the same folds for every
model.  *Ours*: a logistic regression on the product's numeric feature columns (every column of the feature
catalogue that varies; booleans as 0/1, missing as 0, standardised).  *Peers*: bag-of-words logistic
regressions on the same texts and folds, unigrams and uni+bigrams.  A second row drops the service family
(``analyser/nlp/components/service.py``) to show what it adds.  The figure is the ROC AUC of the pooled
out-of-fold probabilities, with a 95% bootstrap interval over turns.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analyser.evaluation import datasets
from analyser.evaluation.common import auc_ci, row

FOLDS = 5


def feature_matrix(texts: list[str], columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Our feature columns for ``texts`` (English), numeric, constant columns dropped."""
    from analyser.features import FEATURE_COLUMNS, extract_features

    frame = extract_features(texts, language="en")
    numeric = frame[list(columns or FEATURE_COLUMNS)].apply(pd.to_numeric, errors="coerce").astype(float)
    numeric = numeric.fillna(0.0)
    return numeric.loc[:, numeric.nunique() > 1]


def out_of_fold(model_factory, features, labels: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Out-of-fold probabilities over the grouped folds."""
    from sklearn.model_selection import GroupKFold

    probabilities = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(np.zeros(len(labels)), labels, groups):
        model = model_factory()
        model.fit(_take(features, train), labels[train])
        probabilities[test] = model.predict_proba(_take(features, test))[:, 1]
    return probabilities


def _take(features, index: np.ndarray):
    if isinstance(features, pd.DataFrame):
        return features.iloc[index].to_numpy()
    return features[index]


def _ours():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000))


def _bow(ngrams: tuple[int, int]):
    def factory():
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        return make_pipeline(CountVectorizer(ngram_range=ngrams, min_df=2), LogisticRegression(max_iter=3000))

    return factory


def evaluate_file(path: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    from sklearn.metrics import roc_auc_score

    from analyser.features import FAMILY_COLUMNS, FEATURE_COLUMNS

    turns = datasets.uss_turns(path)
    if turns.empty or turns["dissatisfied"].nunique() < 2:
        return [], {}
    texts = [str(t) for t in turns["text"]]
    labels = turns["dissatisfied"].to_numpy()
    groups = turns["dialogue"].to_numpy()
    features = feature_matrix(texts)
    without_service = features[[c for c in features.columns if c not in FAMILY_COLUMNS["service"]]]
    text_array = np.array(texts, dtype=object)
    predictions = {
        "ours": out_of_fold(_ours, features, labels, groups),
        "ours_without_service": out_of_fold(_ours, without_service, labels, groups),
        "bow_unigrams": out_of_fold(_bow((1, 1)), text_array, labels, groups),
        "bow_uni_bigrams": out_of_fold(_bow((1, 2)), text_array, labels, groups),
    }
    auc = {name: float(roc_auc_score(labels, p)) for name, p in predictions.items()}
    part = path.stem
    detail = {
        "file": path.name,
        "turns": len(turns),
        "dialogues": int(turns["dialogue"].nunique()),
        "dissatisfied_share": float(labels.mean()),
        "auc": auc,
        "feature_columns": list(features.columns),
        "service_columns_alone_auc": float(
            roc_auc_score(
                labels,
                out_of_fold(_ours, features[[c for c in FAMILY_COLUMNS["service"] if c in features]], labels, groups),
            )
        ),
        "catalogue_columns": len(FEATURE_COLUMNS),
    }
    peers = {
        "bag-of-words LR, unigrams (same folds)": auc["bow_unigrams"],
        "bag-of-words LR, uni+bigrams (same folds)": auc["bow_uni_bigrams"],
    }
    name = f"satisfaction-uss ({part}): dissatisfied next turn"
    rows = [
        row(
            name,
            "ROC AUC, LR on our feature columns, 5-fold CV by dialogue",
            auc["ours"],
            {**peers, "our columns without the service family": auc["ours_without_service"]},
            ci=auc_ci(labels, predictions["ours"]),
            n=len(turns),
            note=f"{int(labels.sum())} dissatisfied of {len(turns)} turns",
        ),
        row(
            name,
            "ROC AUC, LR on the service columns alone",
            detail["service_columns_alone_auc"],
            peers,
            n=len(turns),
        ),
    ]
    return rows, detail


def evaluate(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    """Every USS part present under ``data``."""
    rows: list[dict[str, object]] = []
    detail: dict[str, object] = {}
    for path in datasets.uss_files(data):
        found, extra = evaluate_file(path)
        rows.extend(found)
        if extra:
            detail[path.stem] = extra
    return rows, detail

"""Readability: English must order the OneStopEnglish levels; Dutch must find the simplified sentence easier.

OneStopEnglish: every article at three levels (elementary < intermediate < advanced); the figure is the share
of within-article pairs a measure orders correctly (three pairs per article).  Amsterdam: a municipal sentence
and its expert simplification; the figure is the share of pairs where the simple sentence scores easier, a tie
counting half (a measure that cannot tell them apart is at 0.5, not 0).  Length confounds both sets, so the
Dutch figure is also given on the pairs where the simple sentence has at least as many characters as the
original.

textstat is the baseline.  Its English syllable counter needs NLTK's cmudict, which textstat downloads on first
use; we call it only when ``nltk.data.find('corpora/cmudict')`` succeeds (after the documented one-time
``python -m nltk.downloader cmudict``), and otherwise report "baseline not computed".  Its Dutch path (pyphen)
needs no download.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analyser.evaluation import datasets
from analyser.evaluation.common import bootstrap_ci, docs, pairwise_order_accuracy, row

MEASURES = {  # column -> True when higher means harder
    "flesch_reading_ease": False,
    "readability_grade": True,
    "lix": True,
    "difficulty_index": True,
}
NOT_COMPUTED = "baseline not computed (NLTK cmudict absent; see docs/validation.md)"


def cmudict_available() -> bool:
    """Whether textstat's English syllable counter can run without a download."""
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except (LookupError, ImportError):
        return False
    return True


def measures(texts: list[str], lang: str) -> pd.DataFrame:
    return pd.DataFrame([dict(doc._.ta_readability) for doc in docs(texts, lang)])


def evaluate_onestop(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    frame = datasets.onestopenglish(data)
    if frame is None:
        return [], {}
    ours = measures(list(frame["text"]), "en")
    frame = pd.concat([frame.reset_index(drop=True), ours], axis=1)
    baselines: dict[str, float | str] = {
        "text length in words": pairwise_order_accuracy(frame, "article", "rank", "n_words", True)
    }
    if cmudict_available():
        import textstat

        textstat.set_lang("en")
        frame["ts_fre"] = [textstat.flesch_reading_ease(t) for t in frame["text"]]
        frame["ts_fk"] = [textstat.flesch_kincaid_grade(t) for t in frame["text"]]
        frame["ts_lix"] = [textstat.lix(t) for t in frame["text"]]
        baselines["textstat Flesch"] = pairwise_order_accuracy(frame, "article", "rank", "ts_fre", False)
        baselines["textstat Flesch-Kincaid"] = pairwise_order_accuracy(frame, "article", "rank", "ts_fk", True)
        baselines["textstat LIX"] = pairwise_order_accuracy(frame, "article", "rank", "ts_lix", True)
    else:
        baselines["textstat"] = NOT_COMPUTED
    baselines["textstat (reported range)"] = "0.975-0.986"
    detail = {c: pairwise_order_accuracy(frame, "article", "rank", c, h) for c, h in MEASURES.items()}
    n_pairs = 3 * frame["article"].nunique()
    rows = [
        row(
            "readability-onestopenglish-dev",
            f"pairwise order accuracy: {column}",
            value,
            baselines if column == "flesch_reading_ease" else {},
            n=n_pairs,
        )
        for column, value in detail.items()
    ]
    return rows, {**detail, "baselines": baselines, "n_pairs": n_pairs}


def _easier(complex_: np.ndarray, simple: np.ndarray, higher_is_harder: bool) -> np.ndarray:
    """1 where the simple sentence scores easier, 0.5 on a tie, 0 otherwise."""
    better = simple < complex_ if higher_is_harder else simple > complex_
    return better.astype(float) + 0.5 * (simple == complex_)


def evaluate_amsterdam(data: Path) -> tuple[list[dict[str, object]], dict[str, object]]:
    frame = datasets.amsterdam(data)
    if frame is None:
        return [], {}
    import textstat

    complex_ = measures(list(frame["complex"]), "nl")
    simple = measures(list(frame["simple"]), "nl")
    not_shorter = (frame["simple"].str.len() >= frame["complex"].str.len()).to_numpy()
    textstat.set_lang("nl")
    figures: dict[str, dict[str, object]] = {}

    def add(name: str, c: np.ndarray, s: np.ndarray, higher_is_harder: bool) -> None:
        easier = _easier(np.asarray(c, float), np.asarray(s, float), higher_is_harder)
        figures[name] = {
            "all": float(easier.mean()),
            "all_ci95": bootstrap_ci(easier),
            "not_shorter": float(easier[not_shorter].mean()),
            "not_shorter_ci95": bootstrap_ci(easier[not_shorter]),
        }

    for column, harder in MEASURES.items():
        add(column, complex_[column].to_numpy(), simple[column].to_numpy(), harder)
    add(
        "textstat Flesch (nl)",
        np.array([textstat.flesch_reading_ease(t) for t in frame["complex"]]),
        np.array([textstat.flesch_reading_ease(t) for t in frame["simple"]]),
        False,
    )
    add(
        "textstat LIX",
        np.array([textstat.lix(t) for t in frame["complex"]]),
        np.array([textstat.lix(t) for t in frame["simple"]]),
        True,
    )
    add("text length in words", complex_["n_words"].to_numpy(), simple["n_words"].to_numpy(), True)
    baseline_names = ("textstat Flesch (nl)", "textstat LIX", "text length in words")
    rows = []
    for subset, label, n in (
        ("all", "all pairs", len(frame)),
        ("not_shorter", "pairs where simple is not shorter", int(not_shorter.sum())),
    ):
        for column in MEASURES:
            rows.append(
                row(
                    "readability-nl-amsterdam-dev",
                    f"simple scored easier, {label}: {column}",
                    figures[column][subset],
                    {name: figures[name][subset] for name in baseline_names}
                    if column in ("flesch_reading_ease", "difficulty_index")
                    else {},
                    ci=figures[column][f"{subset}_ci95"],
                    n=n,
                    note="ties count half",
                )
            )
    return rows, {"figures": figures, "n_pairs": len(frame), "n_not_shorter": int(not_shorter.sum())}

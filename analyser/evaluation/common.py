"""Shared helpers: running the pipeline over a labelled set, and the statistics every evaluation reports."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import pandas as pd


def docs(texts: Iterable[str], lang: str, batch_size: int = 256):
    """Yield spaCy docs from the analyser's own pipeline for ``lang`` (the features the product computes)."""
    from analyser.features import sanitise
    from analyser.nlp.pipeline import build_pipeline

    nlp = build_pipeline(lang)
    yield from nlp.pipe((sanitise(t)[0] for t in texts), batch_size=batch_size)


def bootstrap_ci(
    values: Sequence[float] | np.ndarray,
    statistic: Callable[[np.ndarray], float] = np.mean,
    n_boot: int = 1000,
    seed: int = 0,
) -> tuple[float, float]:
    """A 95% percentile bootstrap interval of ``statistic`` over the items (e.g. per-item correctness)."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    stats = [statistic(data[rng.integers(0, data.size, data.size)]) for _ in range(n_boot)]
    low, high = np.percentile(stats, [2.5, 97.5])
    return float(low), float(high)


def auc_ci(y: np.ndarray, score: np.ndarray, n_boot: int = 500, seed: int = 0) -> tuple[float, float]:
    """A 95% bootstrap interval for ROC AUC (resampling items, skipping one-class resamples)."""
    from sklearn.metrics import roc_auc_score

    y, score = np.asarray(y), np.asarray(score, dtype=float)
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        index = rng.integers(0, y.size, y.size)
        if y[index].min() != y[index].max():
            stats.append(roc_auc_score(y[index], score[index]))
    low, high = np.percentile(stats, [2.5, 97.5])
    return float(low), float(high)


def row(
    dataset: str,
    metric: str,
    ours: float | None,
    baselines: dict[str, float | str | None] | None = None,
    *,
    ci: tuple[float, float] | None = None,
    n: int | None = None,
    note: str = "",
) -> dict[str, object]:
    """One line of the evaluation table."""
    return {
        "dataset": dataset,
        "metric": metric,
        "ours": None if ours is None else round(float(ours), 4),
        "ci95": None if ci is None else [round(ci[0], 4), round(ci[1], 4)],
        "n": n,
        "baselines": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in (baselines or {}).items()},
        "note": note,
    }


def pairwise_order_accuracy(frame: pd.DataFrame, group: str, rank: str, score: str, higher_is_harder: bool) -> float:
    """Share of within-group pairs of different rank that ``score`` orders as the ranks are ordered."""
    right = total = 0
    for _, items in frame.groupby(group):
        values = items[[rank, score]].to_numpy(dtype=float)
        for i in range(len(values)):
            for j in range(len(values)):
                if values[i, 0] < values[j, 0]:
                    total += 1
                    diff = values[j, 1] - values[i, 1]
                    right += (diff > 0) if higher_is_harder else (diff < 0)
    return right / total if total else float("nan")

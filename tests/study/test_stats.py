"""The study's statistics: the bootstrap interval of Spearman's rho at small and large sizes."""

from __future__ import annotations


def test_large_samples_take_the_percentile_interval_in_bounded_memory() -> None:
    """Above BCA_MAX_TICKETS the interval is the percentile one (BCa's jackknife is quadratic in tickets): 20,000
    tickets finish with a sensible interval around the true rho instead of exhausting memory."""
    import numpy as np

    from analyser.study.stats import BCA_MAX_TICKETS, bootstrap_ci, interval_method

    assert interval_method(BCA_MAX_TICKETS) == "BCa"
    assert interval_method(BCA_MAX_TICKETS + 1) == "percentile"
    rng = np.random.default_rng(3)
    x = rng.normal(size=20_000)
    y = x + rng.normal(size=20_000)  # Spearman's rho about 0.68
    low, high = bootstrap_ci(x, y, alpha=0.05, resamples=200, seed=1)
    assert 0.66 < low < high < 0.70


def test_small_samples_keep_bca() -> None:
    import numpy as np
    from scipy import stats as scipy_stats

    from analyser.study.stats import _spearman, bootstrap_ci

    rng = np.random.default_rng(5)
    x = rng.normal(size=300)
    y = x + 2 * rng.normal(size=300)
    expected = scipy_stats.bootstrap(
        (x, y), _spearman, paired=True, vectorized=True, n_resamples=500, method="BCa", rng=np.random.default_rng(9)
    ).confidence_interval
    assert bootstrap_ci(x, y, alpha=0.05, resamples=500, seed=9) == (expected.low, expected.high)

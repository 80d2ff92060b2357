"""The statistics of the study: correlations, the 2x2 table, the interaction model and the power statement.

Everything here takes the ticket-level table built by :mod:`analyser.study.prepare` and returns plain data
(DataFrames, dataclasses), so the report, the CLI, the notebook and the simulation tests all use the very
same numbers.  Formulas come from scipy and statsmodels; what is ours is only the choice of test and how the
result is phrased.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import TTestIndPower
from statsmodels.stats.proportion import proportion_confint

from analyser.study.config import MIN_TICKETS_CORRELATION

COMMUNICATION_UNIT = 10.0  # model coefficients are per 10 points of the 0-100 communication score
CONTROL_CATEGORICALS = ("priority", "category", "channel")
RARE_LEVEL = 5  # categorical levels with fewer tickets are pooled into "other"


# --------------------------------------------------------------------------------------------- correlations


def _spearman(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Spearman's rho as the Pearson correlation of ranks, vectorised over bootstrap resamples."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return stats.pearsonr(stats.rankdata(x, axis=axis), stats.rankdata(y, axis=axis), axis=axis).statistic


def effect_label(rho: float) -> str:
    """Cohen's (1988) conventional labels for a correlation's size: a reading aid, not a verdict."""
    if not np.isfinite(rho):
        return "n/a"
    size = abs(rho)
    if size < 0.1:
        return "negligible"
    if size < 0.3:
        return "small"
    if size < 0.5:
        return "medium"
    return "large"


def correlation_mde(n: int, alpha: float, power: float) -> float:
    """Smallest |rho| detectable with ``power`` at two-sided ``alpha`` (Fisher z approximation)."""
    if n <= 3:
        return float("nan")
    z = (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) / np.sqrt(n - 3)
    return float(np.tanh(z))


#: Up to this many tickets the interval is BCa; above it, the percentile interval.  BCa's acceleration comes
#: from a jackknife: n statistics over n - 1 tickets each, so its cost grows with the square of the tickets
#: (10,000 rated tickets took 7.4 GB and minutes per feature; 30,000 did not finish), while its correction to
#: the percentile interval shrinks as 1/sqrt(n) and is negligible at these sizes.
BCA_MAX_TICKETS = 5_000
#: Resamples evaluated per vectorised call: memory grows with batch x tickets, not resamples x tickets.
BOOTSTRAP_BATCH = 250


def interval_method(n_tickets: int) -> str:
    """``BCa`` or ``percentile``: the bootstrap interval used for ``n_tickets`` (see :data:`BCA_MAX_TICKETS`)."""
    return "BCa" if n_tickets <= BCA_MAX_TICKETS else "percentile"


def bootstrap_ci(x: np.ndarray, y: np.ndarray, *, alpha: float, resamples: int, seed: int) -> tuple[float, float]:
    """Bootstrap interval of Spearman's rho over tickets: BCa up to :data:`BCA_MAX_TICKETS` tickets, percentile
    above (:func:`interval_method`), and percentile when BCa is degenerate.

    A sparse feature (a count that is zero on most tickets) is constant in some resamples, where rho is
    undefined; the percentile interval is then taken over the resamples where it is defined.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = stats.bootstrap(
            (x, y),
            _spearman,
            paired=True,
            vectorized=True,
            n_resamples=resamples,
            batch=BOOTSTRAP_BATCH,
            confidence_level=1 - alpha,
            method=interval_method(len(x)),
            rng=np.random.default_rng(seed),
        )
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    if np.isfinite(low) and np.isfinite(high):
        return low, high
    distribution = np.asarray(result.bootstrap_distribution, dtype=float)
    distribution = distribution[np.isfinite(distribution)]
    if len(distribution) < 0.5 * resamples:
        return float("nan"), float("nan")
    low, high = np.percentile(distribution, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


def feature_correlations(
    tickets: pd.DataFrame,
    features: list[str],
    *,
    alpha: float = 0.05,
    seed: int = 42,
    resamples: int = 2000,
    power: float = 0.8,
    direction: dict[str, bool | None] | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """Spearman's rho of each feature with CSAT, its bootstrap CI, raw and Benjamini-Hochberg-adjusted p.

    Spearman because CSAT is ordinal and features are skewed; BH because twenty features tested at 5% would
    give one "finding" by chance.  Returns the table (one row per feature, strongest first) and the names of
    features left out with the reason (constant, too few values).
    """
    direction = direction or {}
    rows: list[dict[str, Any]] = []
    skipped: list[str] = []
    constant: list[str] = []
    sparse: list[str] = []
    y_all = tickets["csat"].to_numpy(dtype=float)
    for position, name in enumerate(features):
        x_all = pd.to_numeric(tickets[name], errors="coerce").to_numpy(dtype=float)
        keep = np.isfinite(x_all) & np.isfinite(y_all)
        x, y = x_all[keep], y_all[keep]
        if len(x) < MIN_TICKETS_CORRELATION:
            sparse.append(f"{name} ({len(x)})")
            continue
        if np.ptp(x) == 0:
            constant.append(f"{name} (= {x[0]:g})")
            continue
        rho, p = stats.spearmanr(x, y)
        low, high = bootstrap_ci(x, y, alpha=alpha, resamples=resamples, seed=seed + position)
        better = direction.get(name)
        rows.append(
            {
                "feature": name,
                "n": len(x),
                "rho": float(rho),
                "ci_low": low,
                "ci_high": high,
                "p": float(p),
                "effect_size": effect_label(float(rho)),
                "higher_is_better": better,
                "mde_rho": correlation_mde(len(x), alpha, power),
            }
        )
    if sparse:
        skipped.append(
            f"{len(sparse)} feature(s) with a value on fewer than {MIN_TICKETS_CORRELATION} tickets left out of the "
            f"correlations (tickets with a value in brackets): {', '.join(sparse)}"
        )
    if constant:
        skipped.append(
            f"{len(constant)} constant feature(s) left out of the correlations (no correlation can be computed "
            f"when every ticket has the same value; every other part still runs): {', '.join(constant)}"
        )
    table = pd.DataFrame(
        rows,
        columns=["feature", "n", "rho", "ci_low", "ci_high", "p", "effect_size", "higher_is_better", "mde_rho"],
    )
    if not table.empty:
        reject, adjusted, _, _ = multipletests(table["p"].to_numpy(), alpha=alpha, method="fdr_bh")
        table.insert(6, "p_bh", adjusted)
        table.insert(7, "significant", reject.astype(bool))
        table = table.sort_values("rho", key=np.abs, ascending=False, kind="stable").reset_index(drop=True)
    else:
        table.insert(6, "p_bh", pd.Series(dtype=float))
        table.insert(7, "significant", pd.Series(dtype=bool))
    return table, skipped


# ------------------------------------------------------------------------------------------------ 2x2 table


def communication_cut(values: pd.Series, cut: str | float) -> float:
    """The communication score at and above which a ticket counts as *good* communication."""
    if cut == "median":
        return float(values.median())
    if cut == "mean":
        return float(values.mean())
    return float(cut)


def _mean_ci(values: np.ndarray, alpha: float, binary: bool) -> tuple[float, float, float]:
    n = len(values)
    if n == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(values.mean())
    if binary:
        low, high = proportion_confint(int(values.sum()), n, alpha=alpha, method="wilson")
        return mean, float(low), float(high)
    if n < 2 or values.std(ddof=1) == 0:
        return mean, float("nan"), float("nan")
    low, high = stats.t.interval(1 - alpha, n - 1, loc=mean, scale=stats.sem(values))
    return mean, float(low), float(high)


def _difference(a: np.ndarray, b: np.ndarray, alpha: float, power: float) -> dict[str, float]:
    """Welch's difference in means a - b with CI and p, Cohen's d, and the smallest detectable d."""
    out = {
        "n_a": len(a),
        "n_b": len(b),
        "difference": float("nan"),
        "ci_low": float("nan"),
        "ci_high": float("nan"),
        "p": float("nan"),
        "cohens_d": float("nan"),
        "mde_d": float("nan"),
    }
    if len(a) < 2 or len(b) < 2:
        return out
    test = stats.ttest_ind(a, b, equal_var=False)
    interval = test.confidence_interval(1 - alpha)
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    out.update(
        difference=float(a.mean() - b.mean()),
        ci_low=float(interval.low),
        ci_high=float(interval.high),
        p=float(test.pvalue),
        cohens_d=float((a.mean() - b.mean()) / pooled) if pooled > 0 else float("nan"),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out["mde_d"] = float(
                TTestIndPower().solve_power(nobs1=len(a), ratio=len(b) / len(a), alpha=alpha, power=power)
            )
        except Exception:  # solver failure on tiny groups: no statement rather than a wrong one
            out["mde_d"] = float("nan")
    return out


@dataclass
class TwoByTwo:
    """Mean CSAT per IT outcome x communication cell, and the contrasts the verdicts read."""

    cut: float
    cut_rule: str
    cells: pd.DataFrame
    communication_within_it: pd.DataFrame  # good - poor, per IT outcome
    it_within_communication: pd.DataFrame  # failed - ok, per communication level
    good_mean_score: float
    poor_mean_score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "cut": self.cut,
            "cut_rule": self.cut_rule,
            "good_mean_communication": self.good_mean_score,
            "poor_mean_communication": self.poor_mean_score,
            "cells": self.cells.to_dict(orient="records"),
            "communication_within_it": self.communication_within_it.to_dict(orient="records"),
            "it_within_communication": self.it_within_communication.to_dict(orient="records"),
        }


def two_by_two(
    tickets: pd.DataFrame,
    *,
    communication: str = "communication_score",
    cut: str | float = "median",
    alpha: float = 0.05,
    power: float = 0.8,
    binary: bool = False,
) -> TwoByTwo:
    """The 2x2 table IT outcome (ok/failed) x communication (good/poor at ``cut``): n, mean CSAT and CI."""
    frame = tickets.dropna(subset=[communication, "it_failed", "csat"])
    score = frame[communication].astype(float)
    cut_value = communication_cut(score, cut)
    good = (score >= cut_value).to_numpy()
    failed = frame["it_failed"].astype(bool).to_numpy()
    csat = frame["csat"].to_numpy(dtype=float)
    cells = []
    for it_value, it_name in ((False, "ok"), (True, "failed")):
        for good_value, comm_name in ((True, "good"), (False, "poor")):
            values = csat[(failed == it_value) & (good == good_value)]
            mean, low, high = _mean_ci(values, alpha, binary)
            cells.append(
                {
                    "it_outcome": it_name,
                    "communication": comm_name,
                    "n": len(values),
                    "mean_csat": mean,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    within_it = []
    for it_value, it_name in ((False, "ok"), (True, "failed")):
        a = csat[(failed == it_value) & good]
        b = csat[(failed == it_value) & ~good]
        within_it.append({"it_outcome": it_name, "contrast": "good - poor", **_difference(a, b, alpha, power)})
    within_comm = []
    for good_value, comm_name in ((True, "good"), (False, "poor")):
        a = csat[failed & (good == good_value)]
        b = csat[~failed & (good == good_value)]
        within_comm.append({"communication": comm_name, "contrast": "failed - ok", **_difference(a, b, alpha, power)})
    return TwoByTwo(
        cut=cut_value,
        cut_rule=str(cut),
        cells=pd.DataFrame(cells),
        communication_within_it=pd.DataFrame(within_it),
        it_within_communication=pd.DataFrame(within_comm),
        good_mean_score=float(score[good].mean()) if good.any() else float("nan"),
        poor_mean_score=float(score[~good].mean()) if (~good).any() else float("nan"),
    )


# -------------------------------------------------------------------------------------------------- model


@dataclass
class Estimate:
    """A linear combination of model coefficients on the log-odds scale, with its interval and p-value."""

    name: str
    label: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    mde: float = float("nan")  # smallest |estimate| detectable with the configured power

    @property
    def odds_ratio(self) -> float:
        return float(np.exp(self.estimate))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.update(
            odds_ratio=self.odds_ratio,
            odds_ratio_ci_low=float(np.exp(self.ci_low)),
            odds_ratio_ci_high=float(np.exp(self.ci_high)),
        )
        return out


@dataclass
class ModelFit:
    """The fitted CSAT model: family, clustering, every coefficient, and the quantities the verdicts use."""

    family: str
    n: int
    n_clusters: int
    cov_type: str
    df: int | None
    terms: pd.DataFrame
    interaction: Estimate
    slope_ok: Estimate
    slope_failed: Estimate
    it_effect: Estimate
    communication_effect: Estimate | None = None
    size_difference: Estimate | None = None
    controls: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    converged: bool = True
    result: Any = None  # the statsmodels results object (not serialised)

    def to_dict(self) -> dict[str, Any]:
        return {
            "family": self.family,
            "n": self.n,
            "n_clusters": self.n_clusters,
            "cov_type": self.cov_type,
            "inference_df": self.df,
            "converged": self.converged,
            "communication_unit": f"{COMMUNICATION_UNIT:g} points of the 0-100 communication score",
            "controls": self.controls,
            "notes": self.notes,
            "terms": self.terms.to_dict(orient="records"),
            "interaction": self.interaction.to_dict(),
            "slope_it_ok": self.slope_ok.to_dict(),
            "slope_it_failed": self.slope_failed.to_dict(),
            "it_effect": self.it_effect.to_dict(),
            "communication_effect": self.communication_effect.to_dict() if self.communication_effect else None,
            "size_difference": self.size_difference.to_dict() if self.size_difference else None,
        }


def _lump(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip().str.lower().fillna("unknown").replace({"": "unknown"})
    counts = text.value_counts()
    rare = counts.index[counts < RARE_LEVEL]
    return text.where(~text.isin(rare), "other")


def design_matrix(
    tickets: pd.DataFrame,
    *,
    communication: str = "communication_score",
    controls: bool = True,
    extra_controls: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Regressors: centred communication per 10 points, IT failure, their product, and the controls.

    Communication is centred at its mean so that the IT-failure coefficient is the effect of failure for a
    ticket with average communication; the communication coefficient is its slope when IT is ok, and the
    product term is how much that slope changes when IT fails.  Controls: priority, category, channel
    (dummies against the most common level, rare levels pooled), log number of agent replies and log
    resolution hours (median-imputed, with a missing indicator).  Constant and collinear columns are dropped
    and named in the notes.
    """
    score = tickets[communication].astype(float)
    X = pd.DataFrame(index=tickets.index)
    X["communication"] = (score - score.mean()) / COMMUNICATION_UNIT
    X["it_failed"] = tickets["it_failed"].astype(float)
    X["communication:it_failed"] = X["communication"] * X["it_failed"]
    used: list[str] = []
    notes: list[str] = []
    numeric: list[tuple[str, str, Any]] = []  # (ticket column, regressor, transform or None)
    if controls:
        for name in CONTROL_CATEGORICALS:
            if name not in tickets.columns:
                continue
            levels = _lump(tickets[name])
            if levels.nunique() < 2:
                continue
            reference = levels.value_counts().index[0]
            dummies = pd.get_dummies(levels, prefix=name, prefix_sep="=", dtype=float)
            dummies = dummies.drop(columns=f"{name}={reference}")
            X = pd.concat([X, dummies], axis=1)
            used.append(name)
        numeric += [("n_replies", "log_n_replies", np.log1p), ("resolution_hours", "log_resolution_hours", np.log1p)]
    # Numeric ticket features of the conversation stage, as they are.
    numeric += [(name, name, None) for name in extra_controls]
    for name, column, transform in numeric:
        if name not in tickets.columns:
            continue
        values = pd.to_numeric(tickets[name], errors="coerce").astype(float)
        if values.notna().sum() < 2 or values.nunique() < 2:
            continue
        missing = values.isna()  # median-imputed, with an indicator of the imputed tickets
        filled = values.fillna(values.median())
        X[column] = transform(filled) if transform else filled
        if missing.any():
            X[f"{name}_missing"] = missing.astype(float)
        used.append(name)
    X = X.loc[:, X.std(ddof=0) > 0] if len(X) > 1 else X
    for required in ("communication", "it_failed", "communication:it_failed"):
        if required not in X.columns:
            raise ValueError(f"'{required}' does not vary in the data")
    kept: list[str] = []
    dropped: list[str] = []
    matrix = np.ones((len(X), 1))
    if np.linalg.matrix_rank(np.column_stack([matrix, X.to_numpy()])) == X.shape[1] + 1:
        return X, used, notes  # full rank: the usual case, one check instead of one per column
    for column in X.columns:  # greedy rank check: keep a column only if it adds information
        candidate = np.column_stack([matrix, X[column].to_numpy()])
        if np.linalg.matrix_rank(candidate) > matrix.shape[1]:
            matrix = candidate
            kept.append(column)
        else:
            dropped.append(column)
    if dropped:
        notes.append(f"dropped as collinear with other regressors: {', '.join(dropped)}")
    return X[kept], used, notes


def _wald(
    result: Any, weights: dict[str, float], alpha: float, df: int | None, power: float, name: str, label: str
) -> Estimate:
    """Estimate, SE, CI and p of a linear combination of coefficients (cluster-robust covariance)."""
    names = list(result.model.exog_names) if hasattr(result.model, "exog_names") else list(result.params.index)
    params = result.params
    index = list(params.index) if hasattr(params, "index") else names
    vector = np.zeros(len(index))
    for term, weight in weights.items():
        vector[index.index(term)] = weight
    test = result.t_test(vector)
    estimate = float(np.squeeze(test.effect))
    se = float(np.squeeze(test.sd))
    distribution = stats.t(df) if df else stats.norm
    quantile = distribution.ppf(1 - alpha / 2)
    p = float(2 * distribution.sf(abs(estimate / se))) if se > 0 else float("nan")
    mde = float((quantile + distribution.ppf(power)) * se)
    return Estimate(name, label, estimate, se, estimate - quantile * se, estimate + quantile * se, p, mde)


def fit_interaction_model(
    tickets: pd.DataFrame,
    scale: str,
    *,
    communication: str = "communication_score",
    alpha: float = 0.05,
    power: float = 0.8,
    controls: bool = True,
    cluster: bool = True,
    communication_contrast: float | None = None,
    extra_controls: Sequence[str] = (),
) -> ModelFit:
    """Fit CSAT on communication x IT outcome with controls, errors clustered by agent.

    Family by scale: proportional-odds ordinal logit (statsmodels ``OrderedModel``) for 1-5 and 1-10, because
    the distance between a 4 and a 5 is not known to equal that between a 1 and a 2; logistic regression for
    good/bad.  Agents are the grouping factor through cluster-robust (sandwich) errors with t(G-1)
    inference: a ticket from the same agent is not independent evidence.  With a single agent the errors
    fall back to heteroscedasticity-robust (HC1).  ``communication_contrast`` (in 10-point units, e.g. the
    good-poor gap of the 2x2 table) turns the slope into a comparable "poor to good" effect for part (c).

    Coefficients are on the log-odds scale (population-averaged): exp() gives odds ratios.
    """
    frame = tickets.dropna(subset=[communication, "it_failed", "csat"]).reset_index(drop=True)
    X, used, notes = design_matrix(frame, communication=communication, controls=controls, extra_controls=extra_controls)
    y = frame["csat"].to_numpy(dtype=float)
    groups = pd.factorize(frame["agent_id"].astype("string").fillna("unknown"))[0]
    n_clusters = len(np.unique(groups))
    if cluster and n_clusters >= 2:
        cov_type, cov_kwds, df = "cluster", {"groups": groups}, n_clusters - 1
    else:
        cov_type, cov_kwds, df = "HC1", {}, None
        notes.append("a single agent: errors are heteroscedasticity-robust, not clustered by agent")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scale == "good/bad":
            import statsmodels.api as sm

            exog = sm.add_constant(X, has_constant="add")
            model = sm.Logit(y, exog)
            result = model.fit(disp=False, maxiter=200, cov_type=cov_type, cov_kwds=cov_kwds or None)
            family = "logistic regression (good = 1)"
        else:
            from statsmodels.miscmodels.ordinal_model import OrderedModel

            levels = np.sort(np.unique(y))
            endog = pd.Series(pd.Categorical(y, categories=levels, ordered=True))
            model = OrderedModel(endog, X, distr="logit")
            result = model.fit(method="bfgs", disp=False, maxiter=2000, cov_type=cov_type, cov_kwds=cov_kwds or None)
            family = f"ordinal logit, proportional odds ({len(levels)} observed levels of {scale})"
    converged = bool(getattr(result, "mle_retvals", {}).get("converged", True))
    if not converged:
        notes.append("the optimiser did not report convergence: treat the model's numbers with care")
    quantile = (stats.t(df) if df else stats.norm).ppf(1 - alpha / 2)
    params = result.params
    bse = result.bse
    terms = pd.DataFrame(
        {
            "term": list(params.index),
            "estimate": params.to_numpy(dtype=float),
            "se": np.asarray(bse, dtype=float),
        }
    )
    terms["ci_low"] = terms["estimate"] - quantile * terms["se"]
    terms["ci_high"] = terms["estimate"] + quantile * terms["se"]
    distribution = stats.t(df) if df else stats.norm
    terms["p"] = 2 * distribution.sf(np.abs(terms["estimate"] / terms["se"]))
    terms["odds_ratio"] = np.exp(terms["estimate"])
    if scale != "good/bad":
        terms = terms[~terms["term"].str.contains("/", regex=False)].reset_index(drop=True)  # thresholds
    c, f, cf = "communication", "it_failed", "communication:it_failed"
    share_failed = float(X[f].mean())
    fit = ModelFit(
        family=family,
        n=len(frame),
        n_clusters=n_clusters,
        cov_type=cov_type,
        df=df,
        terms=terms,
        interaction=_wald(
            result, {cf: 1.0}, alpha, df, power, "interaction", "change in the communication slope when IT fails"
        ),
        slope_ok=_wald(
            result, {c: 1.0}, alpha, df, power, "slope_it_ok", "communication slope (per 10 points) when IT is ok"
        ),
        slope_failed=_wald(
            result,
            {c: 1.0, cf: 1.0},
            alpha,
            df,
            power,
            "slope_it_failed",
            "communication slope (per 10 points) when IT failed",
        ),
        it_effect=_wald(result, {f: 1.0}, alpha, df, power, "it_effect", "IT failure effect at average communication"),
        controls=used,
        notes=notes,
        converged=converged,
        result=result,
    )
    if communication_contrast is not None and np.isfinite(communication_contrast):
        gap = communication_contrast / COMMUNICATION_UNIT
        weights = {c: gap, cf: gap * share_failed}
        fit.communication_effect = _wald(
            result,
            weights,
            alpha,
            df,
            power,
            "communication_effect",
            "poor to good communication, averaged over IT outcomes",
        )
        sign_c = 1.0 if fit.communication_effect.estimate >= 0 else -1.0
        sign_f = 1.0 if fit.it_effect.estimate >= 0 else -1.0
        difference = {c: sign_c * gap, cf: sign_c * gap * share_failed, f: -sign_f}
        fit.size_difference = _wald(
            result,
            difference,
            alpha,
            df,
            power,
            "size_difference",
            "|communication effect| - |IT failure effect| (log-odds)",
        )
    return fit

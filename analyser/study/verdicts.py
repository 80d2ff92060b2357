"""Plain-language verdicts on the parts of Stelling 1, with the caveats that apply to them.

A verdict is *supported* when the interval of the relevant estimate lies entirely on the side the thesis
predicts (p < alpha), *contradicted* when it lies entirely on the other side, and *inconclusive* otherwise,
never "no effect": an inconclusive result says how large an effect the data could have detected, so a reader
can tell "there is nothing" from "this data could not tell".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from analyser.study.config import FEW_CLUSTERS, SMALL_CELL
from analyser.study.stats import Estimate, ModelFit, TwoByTwo

SUPPORTED, CONTRADICTED, INCONCLUSIVE, NOT_RUN = "supported", "contradicted", "inconclusive", "not run"


@dataclass
class Verdict:
    """One part of the thesis, what the data says about it, and on what evidence."""

    part: str
    claim: str
    status: str
    summary: str
    evidence: dict[str, Any] = field(default_factory=dict)
    caveats: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _status(estimate: float, low: float, high: float, *, expected_sign: int) -> str:
    if not (np.isfinite(low) and np.isfinite(high)):
        return INCONCLUSIVE
    if low > 0 or high < 0:
        return SUPPORTED if np.sign(estimate) == expected_sign else CONTRADICTED
    return INCONCLUSIVE


def _or_alpha(estimate: Estimate, alpha: float) -> str:
    level = f"{100 * (1 - alpha):g}%"
    return (
        f"odds ratio {estimate.odds_ratio:.2f} ({level} interval {np.exp(estimate.ci_low):.2f} to "
        f"{np.exp(estimate.ci_high):.2f}, p = {estimate.p:.3g})"
    )


def general_caveats(
    *, response_rate: float | None, extreme_share: float | None, n_clusters: int, small_cells: list[str], scale: str
) -> list[str]:
    """Caveats that apply to every verdict of an observational CSAT study."""
    caveats = [
        "Correlation is not causation: agents who write well may also fix better, and hard tickets draw both "
        "longer, more technical replies and lower scores; the controls remove only what was measured.",
    ]
    if response_rate is not None:
        caveats.append(
            f"CSAT non-response: {response_rate:.0%} of surveyed tickets were rated; customers who rate are not a "
            "random sample, so the effects hold for raters, not necessarily for everyone."
        )
    if extreme_share is not None and scale != "good/bad":
        caveats.append(
            f"CSAT is skewed to extremes: {extreme_share:.0%} of ratings are the lowest or highest score; the "
            "ordinal model respects that, but mean scores in the table compress differences near the top."
        )
    if n_clusters < FEW_CLUSTERS:
        caveats.append(
            f"Only {n_clusters} agents: agent-clustered errors are approximate with fewer than {FEW_CLUSTERS} "
            "clusters (t with agents - 1 degrees of freedom is used to be cautious)."
        )
    if small_cells:
        caveats.append(
            f"Small cells in the 2x2 table ({', '.join(small_cells)} with fewer than {SMALL_CELL} tickets): "
            "their means are imprecise."
        )
    return caveats


def verdicts(
    model: ModelFit | None, table: TwoByTwo | None, *, alpha: float, caveats: list[str], skipped_reason: str = ""
) -> list[Verdict]:
    """The three verdicts of Stelling 1: (a) compensation, (b) spoiling, (c) relative size."""
    level = f"alpha = {alpha:g}"
    parts = [
        ("compensation", "When IT fails, better communication goes with higher CSAT."),
        ("spoiling", "When IT succeeds, poor communication still goes with lower CSAT."),
        ("relative size", "The communication effect (poor to good) is larger than the IT-outcome effect."),
    ]
    if model is None:
        reason = skipped_reason or "the model could not be fitted"
        return [Verdict(part, claim, NOT_RUN, f"Not run: {reason}.", {}, caveats) for part, claim in parts]
    out: list[Verdict] = []

    slope = model.slope_failed
    status = _status(slope.estimate, slope.ci_low, slope.ci_high, expected_sign=1)
    cell = _cell_text(table, "failed")
    inter = model.interaction
    inter_text = (
        f" Communication matters {'more' if inter.estimate > 0 else 'less'} when IT fails than when it "
        f"succeeds (interaction {_or_alpha(inter, alpha)})"
        + ("." if inter.p < alpha else ", but that difference is not significant.")
    )
    out.append(
        Verdict(
            "compensation",
            parts[0][1],
            status,
            _phrase(status, "On tickets where IT failed, each 10 points of communication score", slope, alpha, level)
            + cell
            + inter_text,
            {"slope_it_failed": slope.to_dict(), "interaction": inter.to_dict()},
            caveats,
        )
    )

    slope = model.slope_ok
    status = _status(slope.estimate, slope.ci_low, slope.ci_high, expected_sign=1)
    out.append(
        Verdict(
            "spoiling",
            parts[1][1],
            status,
            _phrase(status, "On tickets where IT was ok, each 10 points of communication score", slope, alpha, level)
            + _cell_text(table, "ok"),
            {"slope_it_ok": slope.to_dict()},
            caveats,
        )
    )

    comm, it, diff = model.communication_effect, model.it_effect, model.size_difference
    if comm is None or diff is None:
        out.append(
            Verdict(
                "relative size",
                parts[2][1],
                NOT_RUN,
                "Not run: the communication cut leaves the good or the poor group empty, so there is no poor-to-good contrast.",
                {},
                caveats,
            )
        )
        return out
    status = _status(diff.estimate, diff.ci_low, diff.ci_high, expected_sign=1)
    if status == SUPPORTED:
        lead = "The communication effect is larger than the IT-outcome effect"
    elif status == CONTRADICTED:
        lead = "The IT-outcome effect is larger than the communication effect"
    else:
        lead = "The data cannot tell which is larger"
    summary = (
        f"{lead} at {level}: moving from poor to good communication ({table.poor_mean_score:.0f} to "
        f"{table.good_mean_score:.0f} points on average) has {_or_alpha(comm, alpha)}; IT failure has "
        f"{_or_alpha(it, alpha)}; difference of the two log-odds magnitudes {diff.estimate:+.2f} "
        f"({diff.ci_low:+.2f} to {diff.ci_high:+.2f})."
        if table is not None
        else lead
    )
    out.append(
        Verdict(
            "relative size",
            parts[2][1],
            status,
            summary,
            {"communication_effect": comm.to_dict(), "it_effect": it.to_dict(), "size_difference": diff.to_dict()},
            caveats,
        )
    )
    return out


def _phrase(status: str, subject: str, slope: Estimate, alpha: float, level: str) -> str:
    direction = "raises" if slope.estimate > 0 else "lowers"
    if status == INCONCLUSIVE:
        return (
            f"Inconclusive at {level}: {subject[0].lower() + subject[1:]} changes the odds of a higher CSAT by "
            f"{_or_alpha(slope, alpha)}; the interval includes no effect. This data could detect a slope of about "
            f"{slope.mde:.2f} log-odds (odds ratio {np.exp(slope.mde):.2f}) or larger with the configured power."
        )
    return (
        f"{status.capitalize()} at {level}: {subject[0].lower() + subject[1:]} {direction} the odds of a higher CSAT: "
        + _or_alpha(slope, alpha)
        + "."
    )


def _cell_text(table: TwoByTwo | None, it_outcome: str) -> str:
    if table is None:
        return ""
    cells = table.cells.set_index(["it_outcome", "communication"])
    try:
        good = cells.loc[(it_outcome, "good")]
        poor = cells.loc[(it_outcome, "poor")]
    except KeyError:
        return ""
    return (
        f" In the 2x2 table, mean CSAT is {good['mean_csat']:.2f} with good communication (n = {int(good['n'])}) "
        f"versus {poor['mean_csat']:.2f} with poor (n = {int(poor['n'])})."
    )

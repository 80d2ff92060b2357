"""The study on the bundled sample data, checked against the generator's planted answer.

    python evaluation/study_sample_truth.py [--data data/sample_tickets]

``data/sample_tickets/generate.py`` draws CSAT from an ordinal model with normal noise,
``latent = B_COMM*z - B_FAIL*F + B_INTER*z*F + N(0, 1)``, where ``z`` is the standardised quality of the
replies it composed (``ground_truth_tickets.csv``).  This script reports

* how well the extracted communication score tracks the generator's score (Spearman), and whether the IT
  outcome read from the canonical columns matches the planted one;
* the study's verdicts on the canonical files (what a user would see);
* the model refitted with the generator's own ``z`` (per 1 SD), next to the planted coefficients on the
  logistic scale (normal-noise coefficients times pi/sqrt(3) ~ 1.81, the ratio of the two noise SDs), so
  the estimation can be judged apart from the measurement.

Skips when the sample data or its ground truth is absent.
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

import pandas as pd
from scipy import stats

from analyser.study import StudyConfig, fit_interaction_model, run_study

ROOT = Path(__file__).resolve().parents[1]


def planted(generator: Path) -> dict[str, float]:
    """B_COMM, B_FAIL, B_INTER as written in the generator (read, not imported: it is a script)."""
    text = generator.read_text("utf-8")
    return {
        name: float(re.search(rf"^{name} = ([-0-9.]+)", text, re.M).group(1))
        for name in ("B_COMM", "B_FAIL", "B_INTER")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample_tickets")
    args = parser.parse_args()
    truth_path = args.data / "ground_truth_tickets.csv"
    if not (args.data / "tickets.csv").exists() or not truth_path.exists():
        print(f"skipped: no sample data with ground truth in {args.data}")
        return
    result = run_study(args.data, StudyConfig(bootstrap_resamples=1000))
    truth = pd.read_csv(truth_path)
    tickets = result.tickets.merge(
        truth[["ticket_id", "comm_score", "comm_quality_z", "it_failed"]].rename(columns={"it_failed": "true_failed"}),
        on="ticket_id",
    )
    rho = stats.spearmanr(tickets["communication_score"], tickets["comm_score"]).statistic
    agreement = (tickets["it_failed"].astype(int) == tickets["true_failed"]).mean()
    print(
        f"{len(tickets)} rated tickets; extracted vs planted communication: Spearman {rho:.3f}; "
        f"IT outcome agreement {agreement:.1%}"
    )
    for verdict in result.verdicts:
        print(f"  {verdict.part:<14} {verdict.status}")
    model = result.model
    if model is not None:
        for e in (model.slope_ok, model.slope_failed, model.interaction, model.it_effect):
            print(f"  study (per 10 points): {e.name:<16} {e.estimate:+.3f} [{e.ci_low:+.3f}, {e.ci_high:+.3f}]")
    generator = args.data / "generate.py"
    b = planted(generator if generator.exists() else ROOT / "data" / "sample_tickets" / "generate.py")
    scale = math.pi / math.sqrt(3)
    refit = fit_interaction_model(tickets.assign(communication_score=tickets["comm_quality_z"] * 10), result.data.scale)
    print("model on the generator's z (per SD) vs planted x pi/sqrt(3):")
    for estimate, true in (
        (refit.slope_ok, b["B_COMM"]),
        (refit.slope_failed, b["B_COMM"] + b["B_INTER"]),
        (refit.interaction, b["B_INTER"]),
        (refit.it_effect, -b["B_FAIL"]),
    ):
        covered = estimate.ci_low <= true * scale <= estimate.ci_high
        print(
            f"  {estimate.name:<16} {estimate.estimate:+.3f} [{estimate.ci_low:+.3f}, {estimate.ci_high:+.3f}]"
            f"  planted {true * scale:+.3f}  {'covered' if covered else 'NOT covered'}"
        )


if __name__ == "__main__":
    main()

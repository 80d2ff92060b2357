"""The Stelling 1 study: does communication quality move CSAT, and can it make up for IT failure?

Public API (the CLI ``ticket-analyser study`` is a thin layer over it)::

    from analyser.study import StudyConfig, run_study, write_study
    result = run_study("data/sample_tickets", StudyConfig(alpha=0.05, seed=42))
    print(result.summary_text())
    write_study(result, "study/")          # report.html, results.json, tickets.csv

Method: docs/study.md.  Proof that it works: :mod:`analyser.study.simulate` and tests/study/.
"""

from __future__ import annotations

from analyser.study.config import StudyConfig
from analyser.study.core import StudyResult, run_study, write_study
from analyser.study.simulate import PlantedEffects, simulate_dataset, simulate_tickets
from analyser.study.stats import feature_correlations, fit_interaction_model, two_by_two

__all__ = [
    "PlantedEffects",
    "StudyConfig",
    "StudyResult",
    "feature_correlations",
    "fit_interaction_model",
    "run_study",
    "simulate_dataset",
    "simulate_tickets",
    "two_by_two",
    "write_study",
]

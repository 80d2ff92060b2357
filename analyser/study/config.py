"""Settings of a study run, in one place so that results.json can record exactly what was done."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from analyser.errors import InputError

Aggregate = Literal["first", "mean", "worst"]
AGGREGATES: tuple[str, ...] = ("first", "mean", "worst")
NAMED_CUTS: tuple[str, ...] = ("median", "mean")

#: Below this many rated tickets no statistic is worth printing; the study stops with an InputError.
MIN_TICKETS_CORRELATION = 10
#: Below this many rated tickets the regression model (ten or more parameters) is not fitted.
MIN_TICKETS_MODEL = 40
#: A 2x2 cell with fewer tickets than this gets a "small cell" caveat.
SMALL_CELL = 20
#: Fewer agents than this makes cluster-robust errors optimistic; the verdicts say so.
FEW_CLUSTERS = 20
#: Stelling 2 places agents on two axes; with fewer agents a correlation across agents means nothing.
MIN_AGENTS_PROFILE = 5


@dataclass(frozen=True)
class StudyConfig:
    """How the study is run.  Every field ends up in ``results.json`` under ``reproducibility.configuration``.

    ``communication_cut`` splits tickets into good and poor communication for the 2x2 table: ``"median"``
    (default: two halves of equal size, whatever the score's calibration), ``"mean"``, or a number on the
    0-100 communication-score scale.  ``aggregate`` says which agent reply stands for the ticket: the first
    reply (what the customer saw first), the mean over all public agent replies (default), or the worst reply
    (the one with the lowest communication score: a single bad reply may be what the customer remembers).
    """

    alpha: float = 0.05
    seed: int = 42
    communication_cut: str | float = "median"
    aggregate: Aggregate = "mean"
    bootstrap_resamples: int = 2000
    power: float = 0.80
    scale: str | None = None
    communication_feature: str = "communication_score"
    technical_feature: str = "technical_score"
    controls: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 0.5:
            raise InputError(f"--alpha must be between 0 and 0.5, got {self.alpha}")
        if not 0 < self.power < 1:
            raise InputError(f"power must be between 0 and 1, got {self.power}")
        if self.aggregate not in AGGREGATES:
            raise InputError(f"--aggregate must be one of {', '.join(AGGREGATES)}, got '{self.aggregate}'")
        if self.bootstrap_resamples < 100:
            raise InputError(f"bootstrap resamples must be at least 100, got {self.bootstrap_resamples}")
        cut = self.communication_cut
        if isinstance(cut, str) and cut not in NAMED_CUTS:
            try:
                object.__setattr__(self, "communication_cut", float(cut))
            except ValueError:
                raise InputError(
                    f"--communication-cut must be 'median', 'mean' or a number from 0 to 100, got '{cut}'"
                ) from None
        if isinstance(self.communication_cut, float) and not 0 <= self.communication_cut <= 100:
            raise InputError(f"--communication-cut must be between 0 and 100, got {self.communication_cut}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

"""Constants of the study (thresholds below which a part does not run); its settings are
:class:`analyser.settings.StudySettings`, so that results.json records exactly what was done."""

from __future__ import annotations

from typing import Literal

from analyser.settings import StudySettings

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


#: The study's settings are the ``[tool.ticket-analyser.study]`` section of the one settings model.
StudyConfig = StudySettings

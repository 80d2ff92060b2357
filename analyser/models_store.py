"""Where trained models live and how they are loaded: JSON only, never pickle, never downloaded.

Models are looked up in ``$TICKET_ANALYSER_MODELS`` when set, then in the project's ``models/`` folder
(next to the package in a checkout or editable install), then in the package's own
``resources/common`` folder (the hand-set rule weights every install has).
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path


def model_dirs() -> list[Path]:
    dirs = []
    if os.environ.get("TICKET_ANALYSER_MODELS"):
        dirs.append(Path(os.environ["TICKET_ANALYSER_MODELS"]))
    dirs.append(Path(__file__).resolve().parents[1] / "models")
    dirs.append(Path(str(resources.files("analyser").joinpath("resources", "common"))))
    return dirs


def find_model(*names: str) -> Path | None:
    """The first of ``names`` found in the model folders, in order of preference."""
    for name in names:
        for directory in model_dirs():
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


@dataclass(frozen=True)
class LinearModel:
    """A logistic model over named features, stored as JSON (intercept, coefficients, optional scaling)."""

    name: str
    intercept: float
    coefficients: dict[str, float]
    cap: float | None = None
    means: dict[str, float] = field(default_factory=dict)
    scales: dict[str, float] = field(default_factory=dict)
    path: str = ""

    @classmethod
    def from_json(cls, path: str | os.PathLike[str]) -> LinearModel:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(
            name=data.get("name", Path(path).stem),
            intercept=float(data["intercept"]),
            coefficients={k: float(v) for k, v in data["coefficients"].items()},
            cap=data.get("cap"),
            means={k: float(v) for k, v in data.get("means", {}).items()},
            scales={k: float(v) for k, v in data.get("scales", {}).items()},
            path=str(path),
        )

    def decision(self, features: dict[str, float]) -> float:
        total = self.intercept
        for name, weight in self.coefficients.items():
            value = float(features.get(name, 0.0) or 0.0)
            if value != value:  # NaN
                value = self.means.get(name, 0.0)
            if self.cap is not None:
                value = min(value, self.cap)
            if name in self.scales:
                value = (value - self.means.get(name, 0.0)) / (self.scales[name] or 1.0)
            total += weight * value
        return total

    def probability(self, features: dict[str, float]) -> float:
        z = self.decision(features)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


@cache
def load_linear_model(*names: str) -> LinearModel:
    path = find_model(*names)
    if path is None:
        raise FileNotFoundError(f"none of {', '.join(names)} found in {', '.join(map(str, model_dirs()))}")
    return LinearModel.from_json(path)

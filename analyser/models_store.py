"""Where trained models live and how they are loaded: JSON only, never pickle, never downloaded.

The trained models are the project's ``models/`` folder, which the build ships inside the package as
``analyser.trained_models`` (read with :mod:`importlib.resources`, so a wheel installed anywhere has exactly the
models of the checkout).  ``$TICKET_ANALYSER_MODELS`` names a folder of models that takes precedence (a model
trained on your own data).  A model that is asked for and not found is an error that says where it looked:
never a silent fallback on other weights.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from analyser.errors import AnalyserError


class ModelError(AnalyserError):
    """A trained model that should be there is not (a broken install), or cannot be read."""


def model_dirs() -> list[Path]:
    """Where models are looked up, in order: ``$TICKET_ANALYSER_MODELS``, then the package's own models."""
    dirs = []
    if os.environ.get("TICKET_ANALYSER_MODELS"):
        dirs.append(Path(os.environ["TICKET_ANALYSER_MODELS"]))
    dirs.append(Path(str(resources.files("analyser.trained_models"))))
    return dirs


def find_model(name: str) -> Path | None:
    """The model file ``name`` in the first model folder that has it."""
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
def load_linear_model(name: str) -> LinearModel:
    """Load the JSON model ``name`` (e.g. ``politeness.json``); a missing or unreadable model is a ModelError."""
    path = find_model(name)
    if path is None:
        looked = ", ".join(map(str, model_dirs()))
        raise ModelError(
            f"model '{name}' not found (looked in {looked}); the installation is incomplete: reinstall "
            "ticket-analyser, or point TICKET_ANALYSER_MODELS at a folder that has it"
        )
    try:
        return LinearModel.from_json(path)
    except (OSError, ValueError, KeyError) as error:
        raise ModelError(f"{path}: not a valid model file ({error})") from None

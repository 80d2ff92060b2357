"""Speed work must not change features: every scored column equals the stored reference output.

The reference (``tests/data/feature_reference.parquet``) holds the sample tickets and ~3,000 generated
replies with every feature; counts, strings and flags must match exactly, other floats within 1e-9.  A
deliberate feature change regenerates it in the same commit: ``python scripts/feature_reference.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "feature_reference.py"


def _script():
    spec = importlib.util.spec_from_file_location("feature_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_feature_equals_the_reference() -> None:
    script = _script()
    reference = pd.read_parquet(script.REFERENCE)
    current = script.build(reference.loc[reference["set"] == "generated", "body"].tolist())
    problems = script.differences(reference, current)
    assert not problems, "features changed (regenerate with scripts/feature_reference.py if deliberate):\n" + "\n".join(
        problems
    )


def test_the_comparison_sees_a_change() -> None:
    script = _script()
    reference = pd.DataFrame({"set": ["x"] * 2, "key": ["a", "b"], "n_words": [3.0, 4.0], "sentiment": [0.5, 0.1]})
    changed = reference.assign(sentiment=[0.5, 0.1 + 1e-6])
    assert script.differences(reference, reference.copy()) == []
    assert any(p.startswith("sentiment") for p in script.differences(reference, changed))
    assert script.differences(reference, reference.assign(n_words=[3.0, 5.0]))[0].startswith("n_words")

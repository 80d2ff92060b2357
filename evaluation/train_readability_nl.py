"""Fit the shipped Dutch readability grade (models/readability_nl.json) on the Amsterdam complex/simple pairs.

    python evaluation/train_readability_nl.py --data ../shared/data

Writes the JSON model (intercept and named coefficients on the grade scale, and the leave-one-document-out
figures its card quotes); the card is models/readability_nl.md.  tests/evaluation/test_model_cards.py checks
that a rerun reproduces those figures when the data is present.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analyser.evaluation.datasets import default_data_dir
from analyser.evaluation.readability import train_dutch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "models" / "readability_nl.json"
    )
    args = parser.parse_args()
    model = train_dutch(args.data, args.out)
    print(f"written {args.out}: {model['metrics']}")


if __name__ == "__main__":
    main()

"""Train the shipped politeness model (models/politeness.json) on the Stanford Politeness Corpus.

    python evaluation/train_politeness.py --data ../shared/data

Writes the JSON model (intercept, named coefficients, the cross-validated metrics its card quotes); the card
is models/politeness.md.  The test tests/evaluation/test_model_cards.py checks that the shipped model
reproduces these metrics when the data is present.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analyser.evaluation.datasets import default_data_dir
from analyser.evaluation.politeness import train


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "models" / "politeness.json")
    args = parser.parse_args()
    model = train(args.data, args.out)
    print(f"written {args.out}: {model['metrics']}")


if __name__ == "__main__":
    main()

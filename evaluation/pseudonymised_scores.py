"""How much ``ingest --pseudonymise`` moves the scores and the study: plain and pseudonymised, side by side.

    python evaluation/pseudonymised_scores.py [--names sample|held-out|both] [--out /tmp/pseudonymised]

The bundled synthetic sample (all its tickets) gets personal data planted below every customer's first
message and the customer's name in ``requester_name`` (``tests/ingest/sample_exports.py:planted_sample``),
and is ingested twice, plain and with ``--pseudonymise --pseudonymise-agents`` under a fixed key.  Both are
scored the one way every command scores (:func:`analyser.scoring.score_replies`) and run through the study.
Printed: replies whose text changed, the largest change of communication_score and of each of its six
dimensions per reply, every other feature that moved (largest and mean change), the largest change of the
per-ticket communication score, whether the verdicts are the same, the name words that had no stand-in the
scorer scores exactly alike, and the time pseudonymisation took.

``--names held-out`` first renames every ticket's customer (in the greetings too) to names from
:data:`HELD_OUT`, names that were not looked at while the stand-in lists were made, so the figures are
not tuned to the sample's own names.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

import sample_exports  # noqa: E402

from analyser.ingest.pseudonymise import KEY_VARIABLE, pseudonymise_tables  # noqa: E402
from analyser.ingest.readers import read_export  # noqa: E402
from analyser.io import write_dataset  # noqa: E402
from analyser.nlp.components.scoring import DIMENSIONS  # noqa: E402
from analyser.scoring import score_replies  # noqa: E402

KEY = "evaluation-key-of-the-desk"
#: English and Dutch names of every shape (particles, hyphens, O'..., long, short, names that are words),
#: none of them in analyser/ingest/stand_ins.txt or in the sample.
HELD_OUT = [
    "Margaret Fletcher",
    "Harold Bradshaw",
    "Beatrice Whitmore",
    "Gwendolyn Pemberton",
    "Rupert Ashworth",
    "Siobhan O'Sullivan",
    "Imogen McAllister",
    "Reginald Higgins",
    "Gerrit de Vries",
    "Hendrika van Dijk",
    "Klaas Willemsen",
    "Aaltje Pauwels",
    "Jannie de Haan",
    "Truus van den Broek",
    "Wim Verbruggen",
    "Greet Goossens",
    "Anke van der Linden",
    "Marleen Schreurs",
    "Durk 't Hart",
    "Geertje Zwart",
    "Hennie Vrolijk",
    "Ria Wijnhoven",
    "Jean-Pierre Dubois",
    "Ana Sofía Hernández",
    "Bo Li",
    "Ngozi Eze",
    "Kwame Asamoah",
    "Winifred Blessing",
    "Destiny Goodwin",
    "Felix Sommer",
]


def ingest(folder: Path, out: Path, *, pseudonymise: bool) -> tuple[Path, float, object]:
    """The planted sample ingested (and pseudonymised) the way ``ingest`` does; the path, the seconds
    pseudonymisation took, and its Aliaser."""
    result = read_export([folder / "tickets.csv", folder / "replies.csv"])
    seconds, aliaser = 0.0, None
    if pseudonymise:
        started = time.perf_counter()
        tickets, replies, aliaser = pseudonymise_tables(
            result.dataset.tickets, result.dataset.replies, key=KEY, agents=True, customers=True
        )
        seconds = time.perf_counter() - started
        result.dataset.tickets, result.dataset.replies = tickets, replies
    out.mkdir(parents=True, exist_ok=True)
    path = out / "t.parquet"
    write_dataset(result.dataset, path)
    return path, seconds, aliaser


def compare(names: list[str] | None, out: Path) -> None:
    from analyser.study import StudyConfig, run_study

    folder = sample_exports.planted_sample(out / "planted", names)
    plain, _, _ = ingest(folder, out / "plain", pseudonymise=False)
    hidden, seconds, aliaser = ingest(folder, out / "pseudonymised", pseudonymise=True)
    a = score_replies(pd.read_parquet(out / "plain" / "t.replies.parquet")).features.set_index("reply_id")
    b = score_replies(pd.read_parquet(out / "pseudonymised" / "t.replies.parquet")).features.set_index("reply_id")
    b = b.loc[a.index]
    changed = int((a["body_clean"] != b["body_clean"]).sum())
    print(f"  replies scored: {len(a)}; text changed by pseudonymisation: {changed}")
    print(f"  pseudonymisation: {seconds:.1f} s; replaced: {dict(sorted(aliaser.counts.items()))}")
    print(f"  name words without an exactly alike stand-in: {dict(aliaser.stand_ins.inexact) or 'none'}")
    print("  largest change per reply:")
    for column in ("communication_score", *DIMENSIONS):
        delta = (a[column].astype(float) - b[column].astype(float)).abs()
        print(f"    {column:22s} {delta.max():.4f}  (replies changed: {int((delta > 1e-9).sum())})")
    numeric = [
        c
        for c in a.columns
        if c not in ("communication_score", *DIMENSIONS)
        and pd.api.types.is_numeric_dtype(a[c])
        and not pd.api.types.is_bool_dtype(a[c])
    ]
    moved = []
    for column in numeric:
        delta = (a[column].astype(float) - b[column].astype(float)).abs()
        if (delta > 1e-9).any():
            spread = a[column].astype(float).std()
            moved.append((column, delta.max(), delta.mean(), int((delta > 1e-9).sum()), spread))
    print("  other features that moved (largest, mean change, replies, sd of the feature):")
    for column, largest, mean, count, spread in sorted(moved, key=lambda m: -m[1] / (m[4] or 1)):
        print(f"    {column:22s} {largest:.4f}  {mean:.4f}  {count:4d}  sd {spread:.3f}")
    config = StudyConfig(bootstrap_resamples=200, seed=7)
    first, second = run_study(plain, config), run_study(hidden, config)
    same = [(v.part, v.status) for v in first.verdicts] == [(v.part, v.status) for v in second.verdicts]
    x = first.tickets.set_index("ticket_id")["communication_score"]
    y = second.tickets.set_index("ticket_id")["communication_score"]
    print(f"  study: verdicts the same: {same}; tickets: {len(x)}; per-ticket communication_score, largest change:")
    print(f"    {(x - y.loc[x.index]).abs().max():.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", choices=["sample", "held-out", "both"], default="both")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    os.environ.pop(KEY_VARIABLE, None)
    out = args.out or Path(tempfile.mkdtemp(prefix="pseudonymised-"))
    runs = {"sample": None, "held-out": HELD_OUT}
    for name, names in runs.items():
        if args.names in (name, "both"):
            print(f"{name} names:")
            compare(names, out / name)


if __name__ == "__main__":
    main()

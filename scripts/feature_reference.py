"""Regenerate the feature reference that ``tests/test_feature_reference.py`` compares against.

Speed work must not change a single feature; deliberate feature changes (a new phrase, a new rule) must.
The reference holds every scored column for

* ``sample``: the bundled sample tickets (``data/sample_tickets/replies.csv`` and ``messy_replies.csv``),
  scored the way every command scores them (:func:`analyser.scoring.score_replies`, ticket languages
  included);
* ``generated``: a few thousand replies recombined (seeded) from the sample agent replies' sentences, plus a
  handful of hand-written awkward cases (placeholders, links, lists, shouting, long punctuation runs), scored
  as a plain list of texts (``all_messages``, no tickets).

The texts are stored with their features, so the test does not depend on how they were made.

Run after a deliberate feature change (and commit the result with that change)::

    python scripts/feature_reference.py            # rewrites tests/data/feature_reference.parquet
    python scripts/feature_reference.py --check    # only compares, as the test does
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "feature_reference.parquet"
SAMPLE = ROOT / "data" / "sample_tickets"
GENERATED = 3000
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

#: Awkward cases the generated replies lack: each exercises a branch of the word list or a matcher.
AWKWARD = [
    "Hi {{customer_name}},\n\n1. Open https://example.com/reset\n2. Log in as jan@example.com\n3. Restart.\n\nKind regards,\n{{agent_name}}",
    "Thanks" + "!" * 300,
    "PLEASE READ THE MANUAL BEFORE YOU CALL US AGAIN!!! As I said before, this is not our fault.",
    "Beste {{naam}},\n\nKunt u je wachtwoord opnieuw instellen? Zie C:\\Users\\jan\\AppData en foutcode 0x80070005.\n\nMet vriendelijke groet,\nLisa",
    "No problem at all, don't hesitate to reach out. No worries! :) 😊",
    "Your MFA (multi-factor authentication) token expired; the VPN and the SSO portal use AADSTS50076.",
    "I'm so sorry to hear that. I understand how frustrating this must be. Could you tell me when it started?",
    "Wat vervelend dat u hier last van heeft. Als ik het goed begrijp werkt de printer niet meer sinds maandag?",
    "ok",
    "- restart the laptop\n- open Outlook\n- send us a screenshot\nThat should fix it, but it isn't great.",
    "....... ????? !!!!! ------- ...",
    "Dear Mr Smith, it was kind of helpful but the update is not good. We will not charge you.",
]


def _pools() -> dict[str, list[str]]:
    from analyser.language import detect_language

    replies = pd.read_csv(SAMPLE / "replies.csv", dtype=str)
    pools: dict[str, list[str]] = {"en": [], "nl": []}
    for body in replies.loc[replies["author_role"] == "agent", "body"].dropna():
        lang = detect_language(body)
        if lang in pools:
            pools[lang] += [s.strip() for s in _SENTENCE.split(body) if s.strip()]
    return pools


def generated_texts(n: int = GENERATED, seed: int = 13) -> list[str]:
    pools = _pools()
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        pool = pools["en"] if rng.random() < 0.5 else pools["nl"]
        separator = "\n\n" if rng.random() < 0.3 else " "
        texts.append(separator.join(rng.choice(pool) for _ in range(rng.randint(1, 8))))
    return texts + AWKWARD


def score_sample() -> pd.DataFrame:
    from analyser.scoring import score_replies

    frames = []
    for name in ("replies.csv", "messy_replies.csv"):
        rows = pd.read_csv(SAMPLE / name, dtype=str, keep_default_na=False, na_values=[""])
        scored = score_replies(rows).features
        scored.insert(0, "key", [f"{name}:{r}" for r in scored["reply_id"]])
        frames.append(scored)
    return pd.concat(frames, ignore_index=True)


def score_texts(texts: list[str]) -> pd.DataFrame:
    from analyser.scoring import score_replies

    frame = pd.DataFrame({"body": texts, "key": [f"generated:{i}" for i in range(len(texts))]})
    scored = score_replies(frame, all_messages=True, keep_columns=["key", "body"]).features
    return scored


def build(texts: list[str] | None = None) -> pd.DataFrame:
    sample = score_sample()
    sample.insert(0, "set", "sample")
    generated = score_texts(texts if texts is not None else generated_texts())
    generated.insert(0, "set", "generated")
    frame = pd.concat([sample, generated], ignore_index=True)
    keep = ["set", "key", "body", *[c for c in frame.columns if c not in ("set", "key", "body")]]
    return frame[[c for c in keep if c in frame.columns]]


def differences(reference: pd.DataFrame, current: pd.DataFrame, tolerance: float = 1e-9) -> list[str]:
    """Human-readable differences, column by column: exact for counts, strings and flags, ``tolerance`` for
    other floats (NaN equals NaN)."""
    problems = []
    if list(reference["key"]) != list(current["key"]):
        return [f"rows differ: {len(reference)} reference rows, {len(current)} now"]
    for column in reference.columns:
        if column in ("set", "key"):
            continue
        if column not in current.columns:
            problems.append(f"{column}: missing")
            continue
        ref, now = reference[column], current[column]
        if pd.api.types.is_float_dtype(ref):
            a, b = ref.to_numpy(dtype=float), pd.to_numeric(now, errors="coerce").to_numpy(dtype=float)
            integral = np.all(np.isnan(a) | (a == np.round(a)))
            close = (np.isnan(a) & np.isnan(b)) | (a == b if integral else np.abs(a - b) <= tolerance)
        else:
            a, b = ref.astype("string").fillna("<NA>"), now.astype("string").fillna("<NA>")
            close = (a == b).to_numpy()
        if not close.all():
            bad = np.flatnonzero(~close)
            examples = ", ".join(f"{reference['key'].iloc[i]}: {ref.iloc[i]!r} -> {now.iloc[i]!r}" for i in bad[:3])
            problems.append(f"{column}: {len(bad)} rows differ ({examples})")
    for column in current.columns:
        if column not in reference.columns:
            problems.append(f"{column}: new column (regenerate the reference if that is deliberate)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the stored reference, write nothing")
    args = parser.parse_args()
    if args.check:
        reference = pd.read_parquet(REFERENCE)
        current = build(reference.loc[reference["set"] == "generated", "body"].tolist())
        problems = differences(reference, current)
        print("\n".join(problems) or f"identical ({len(reference)} rows, {reference.shape[1]} columns)")
        return 1 if problems else 0
    frame = build()
    REFERENCE.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(REFERENCE, index=False, compression="zstd")
    print(f"wrote {REFERENCE.relative_to(ROOT)}: {len(frame)} rows, {frame.shape[1]} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())

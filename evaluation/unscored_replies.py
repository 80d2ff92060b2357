"""Count replies that have words but no communication score, on the sample data and real agent replies.

Every English or Dutch reply with words must get every score; a reply left without one (``und`` or NaN) is
what a team lead never sees in the audit.  This script scores, as ``extract`` does:

* the bundled sample tickets' public agent replies (with their tickets as context);
* the real agent replies in ../shared/data: Twitter customer care (IBM, dev split; each reply with its
  conversation as the ticket), MultiWOZ system turns (each dialogue as the ticket), ABCD agent turns;

and prints, per set, how many replies with words were scored, how many were ``und`` and how many have a NaN
communication score.  Absent sets are skipped.

Run: python evaluation/unscored_replies.py [--data ../shared/data] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import pandas as pd

_WORD = re.compile(r"[^\W\d_]{2,}")


def _sample() -> pd.DataFrame:
    from analyser.cli_common import sample_data

    return pd.read_csv(sample_data() / "replies.csv", dtype=str)


def _twitter(root: Path) -> pd.DataFrame:
    path = root / "replies-twitter-care-ibm" / "dev.json"
    if not path.exists():
        return pd.DataFrame()
    rows = []
    for number, conversation in enumerate(json.loads(path.read_text(encoding="utf-8"))):
        ticket = f"tw{number}"
        for turn in conversation["dialogContent"]:
            role = "agent" if "agent" in turn else "customer"
            rows.append({"ticket_id": ticket, "author_role": role, "body": turn["message"]})
        rows.append({"ticket_id": ticket, "author_role": "agent", "body": conversation["agentURL"]["url_utterance"]})
    return pd.DataFrame(rows)


def _multiwoz(root: Path) -> pd.DataFrame:
    path = root / "satisfaction-uss-multiwoz" / "MWOZ.txt"
    if not path.exists():
        return pd.DataFrame()
    rows, dialogue = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            dialogue += 1
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[1] == "OVERALL":
            continue
        role = "agent" if parts[0] == "SYSTEM" else "customer"
        rows.append({"ticket_id": f"mw{dialogue}", "author_role": role, "body": parts[1]})
    return pd.DataFrame(rows)


def _abcd(root: Path) -> pd.DataFrame:
    path = root / "chats-abcd-sample" / "abcd_sample.json"
    if not path.exists():
        return pd.DataFrame()
    rows = []
    for conversation in json.loads(path.read_text(encoding="utf-8")):
        for speaker, text in conversation.get("original", []):
            if speaker in ("agent", "customer"):
                rows.append({"ticket_id": f"abcd{conversation['convo_id']}", "author_role": speaker, "body": text})
    return pd.DataFrame(rows)


def count(frame: pd.DataFrame) -> dict[str, object]:
    """Score ``frame`` as every command does and count the agent replies with words left without a score."""
    from analyser.scoring import score_replies

    scored = score_replies(frame).features
    with_words = scored[scored["body_clean"].astype(str).map(lambda t: bool(_WORD.search(t)))]
    return {
        "agent_replies_scored": len(scored),
        "with_words": len(with_words),
        "und": int((with_words["language"] == "und").sum()),
        "no_communication_score": int(with_words["communication_score"].isna().sum()),
        "other_languages": with_words["other_language"].dropna().value_counts().to_dict(),
        "language_basis": with_words["language_basis"].value_counts().to_dict(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    sets = {
        "sample tickets (synthetic)": _sample(),
        "Twitter customer care (real)": _twitter(args.data),
        "MultiWOZ system turns": _multiwoz(args.data),
        "ABCD agent turns": _abcd(args.data),
    }
    results = {}
    for name, frame in sets.items():
        if frame.empty:
            print(f"{name}: absent, skipped")
            continue
        results[name] = count(frame)
        row = results[name]
        print(
            f"{name:<32} replies with words {row['with_words']:>6}  und {row['und']:>4}  "
            f"no score {row['no_communication_score']:>4}  other languages {row['other_languages']}  "
            f"decided by {row['language_basis']}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

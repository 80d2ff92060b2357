"""Measure per-reply language detection on labelled English and Dutch text (and other languages).

Uses what is present, skips what is absent:
* evaluation/data/short_replies.tsv: 135 short replies (under 8 words) written for this measurement, English
  and Dutch, terse and polite, ALL-CAPS and jargon, plus a few in other languages;
* ../shared/data/readability-nl-amsterdam-dev (Dutch sentences, complex and simple);
* ../shared/data/readability-onestopenglish-dev (English paragraphs);
* ../shared/data/replies-twitter-care-ibm (English customer-care tweets: short, noisy);
* hand-written short service-desk replies in English, Dutch, German and French.

Run: python evaluation/language_detection.py [--data ../shared/data] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import pandas as pd

from analyser.language import guess_language

HAND_WRITTEN = [
    ("Thanks!", "en"),
    ("Thank you, that worked.", "en"),
    ("Your laptop is ready.", "en"),
    ("Please restart.", "en"),
    ("Done, ticket closed.", "en"),
    ("Hi Tom, all sorted now.", "en"),
    ("Bedankt!", "nl"),
    ("Dank je, het werkt weer.", "nl"),
    ("Uw laptop staat klaar.", "nl"),
    ("Graag opnieuw opstarten.", "nl"),
    ("Opgelost, melding gesloten.", "nl"),
    ("Hoi Tom, alles werkt weer.", "nl"),
    ("Danke, es funktioniert wieder.", "und"),
    ("Ihr Laptop ist fertig.", "und"),
    ("Merci, ça marche.", "und"),
    ("Votre ordinateur est prêt.", "und"),
    ("Gracias, ya funciona.", "und"),
]


def _short_replies() -> list[tuple[str, str]]:
    path = Path(__file__).resolve().parent / "data" / "short_replies.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = [line.split("\t") for line in lines[1:]]
    return [(text, gold if gold in ("en", "nl") else "und") for text, gold in rows]


def _sentences_amsterdam(root: Path, limit: int) -> list[tuple[str, str]]:
    path = root / "readability-nl-amsterdam-dev" / "complex-simple-dev.csv"
    if not path.exists():
        return []
    frame = pd.read_csv(path)
    texts = [t for t in pd.concat([frame["Complex"], frame["Simple"]]).dropna().astype(str) if "xxx" not in t]
    random.Random(0).shuffle(texts)
    return [(t, "nl") for t in texts[:limit]]


def _paragraphs_onestop(root: Path, limit: int) -> list[tuple[str, str]]:
    folder = root / "readability-onestopenglish-dev"
    if not folder.exists():
        return []
    paragraphs = []
    for file in sorted(folder.glob("*-Txt/*.txt")):
        text = file.read_text(encoding="utf-8", errors="replace")
        paragraphs += [p.strip() for p in text.split("\n") if len(p.strip()) > 20]
    random.Random(0).shuffle(paragraphs)
    return [(p, "en") for p in paragraphs[:limit]]


def _tweets(root: Path, limit: int) -> list[tuple[str, str]]:
    path = root / "replies-twitter-care-ibm" / "dev.json"
    if not path.exists():
        return []
    texts: list[str] = []
    data = json.loads(path.read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("message", "url_utterance", "text") and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    random.Random(0).shuffle(texts)
    return [(t, "en") for t in texts[:limit]]


def evaluate(root: Path, limit: int = 1000) -> list[dict[str, object]]:
    sets = {
        "short replies, under 8 words (en/nl/other)": _short_replies(),
        "hand-written short replies (en/nl/other)": HAND_WRITTEN,
        "Amsterdam municipal sentences (nl)": _sentences_amsterdam(root, limit),
        "OneStopEnglish paragraphs (en)": _paragraphs_onestop(root, limit),
        "Twitter customer care (en, noisy)": _tweets(root, limit),
    }
    results = []
    for name, items in sets.items():
        if not items:
            results.append({"set": name, "n": 0, "accuracy": None, "note": "absent, skipped"})
            continue
        started = time.perf_counter()
        predicted = [guess_language(text).language or "unsure" for text, _ in items]
        seconds = time.perf_counter() - started
        correct = sum(p == gold for p, (_, gold) in zip(predicted, items, strict=True))
        wrong = (
            pd.Series([p for p, (_, gold) in zip(predicted, items, strict=True) if p != gold]).value_counts().to_dict()
        )
        supported = [(p, gold) for p, (_, gold) in zip(predicted, items, strict=True) if gold in ("en", "nl")]
        results.append(
            {
                "set": name,
                "n": len(items),
                "accuracy": round(correct / len(items), 4),
                "errors_as": wrong,
                "en_nl_as_und": sum(p == "und" for p, _ in supported),
                "unsure": predicted.count("unsure"),
                "texts_per_second": round(len(items) / seconds),
            }
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    results = evaluate(args.data)
    print("A reply alone; 'unsure' counts as wrong here (in use it takes its ticket's language, else the default).")
    for row in results:
        print(
            f"{row['set']:<45} n={row['n']:<5} accuracy={row['accuracy']}  en/nl as und={row.get('en_nl_as_und')}  "
            f"unsure={row.get('unsure')}  errors as {row.get('errors_as', '')}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

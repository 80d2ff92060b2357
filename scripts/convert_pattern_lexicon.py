"""Convert Pattern's public-domain Dutch adjective lexicon (PDDL) into the TSV the Dutch sentiment scorer reads.

Pattern tags each sense of a word; we average polarity over the senses of a form (weighted by confidence,
as Pattern itself does when it scores a word) and keep intensity for words that act as intensifiers.
Run: python scripts/convert_pattern_lexicon.py ../shared/data/sentiment-lexicons-pattern/nl-sentiment.xml
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "analyser" / "resources" / "nl" / "sentiment_lexicon.tsv"


def main(source: str) -> None:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for word in ET.parse(source).getroot().iter("word"):
        form = word.get("form", "").strip().lower()
        if not form or " " in form:
            continue
        confidence = float(word.get("confidence") or 1.0)
        entry = sums[form]
        entry[0] += confidence * float(word.get("polarity") or 0.0)
        entry[1] += confidence * float(word.get("intensity") or 1.0)
        entry[2] += confidence
    lines = [
        "# Dutch adjective polarity, from Pattern's nl-sentiment.xml (Tom De Smedt, Walter Daelemans; PDDL,",
        "# public domain). Polarity averaged over senses, weighted by confidence. Columns: word, polarity (-1..1),",
        "# intensity (multiplier when the word modifies another).",
    ]
    for form in sorted(sums):
        polarity, intensity, weight = sums[form]
        lines.append(f"{form}\t{polarity / weight:.3f}\t{intensity / weight:.2f}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(sums)} words to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])

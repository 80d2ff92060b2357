"""The Dutch plain-language list (difficult word -> simpler alternatives) behind rule JG004.

The list is the City of Amsterdam's Schrijfwijzer 'moeilijke woorden', as collected in clap-lab/makkie (MIT;
see ``analyser/resources/README.md``).  It is converted once into ``resources/nl/plain_words.tsv`` by
:func:`convert` (``python -m analyser.lint.plain_words SOURCE.txt``) and read as data at run time, so a desk
can add its own officialese the way Vale users extend a vocabulary.

The conversion drops entries that would flag ordinary text: words of fewer than four letters ("ad"),
entries that only make sense with a qualifier in brackets ("aanbieden (van afval)") and duplicates.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from analyser.nlp.resources import load_table

_TAG = re.compile(r"^\[(\w)\.?\]\s*")
_NUMBER = re.compile(r"^\d+\.?\s+")


def convert(source: str) -> list[tuple[str, str]]:
    """Parse the list's 'word / blank / [tag] 1. alt; 2. alt' layout into (word, 'alt; alt') rows."""
    lines = [line.strip() for line in source.splitlines()]
    rows: dict[str, str] = {}
    word: str | None = None
    for line in lines:
        if not line:
            continue
        if _TAG.match(line) and word is not None:
            alternatives = [_NUMBER.sub("", part.strip()).strip() for part in _TAG.sub("", line).split(";")]
            alternatives = [a for a in alternatives if a and a.lower() != word.lower()]
            keep = len(word.replace(" ", "")) >= 4 and "(" not in word and "..." not in word and alternatives
            if keep and word.lower() not in rows:
                rows[word.lower()] = "; ".join(alternatives)
            word = None
        else:
            word = line
    return sorted(rows.items())


@cache
def plain_words() -> dict[str, str]:
    """Difficult Dutch word or phrase (lower case) -> simpler alternatives, from ``nl/plain_words.tsv``,
    without the words whose everyday sense is plain (``nl/plain_words_everyday.txt``: "meenemen")."""
    everyday = {row[0].lower() for row in load_table("nl", "plain_words_everyday.txt") if row}
    return {row[0]: row[1] for row in load_table("nl", "plain_words.tsv") if len(row) >= 2 and row[0] not in everyday}


def main(argv: list[str] | None = None) -> None:  # pragma: no cover - one-off conversion
    argv = sys.argv[1:] if argv is None else argv
    source = Path(argv[0]).read_text(encoding="utf-8")
    target = Path(__file__).parents[1] / "resources" / "nl" / "plain_words.tsv"
    header = (
        "# Difficult Dutch word -> simpler alternatives. City of Amsterdam Schrijfwijzer 'moeilijke woorden',\n"
        "# via clap-lab/makkie (MIT, (c) 2023 clap-lab). Converted by analyser.lint.plain_words.\n"
    )
    target.write_text(header + "".join(f"{w}\t{a}\n" for w, a in convert(source)), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main()

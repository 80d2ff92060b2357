"""Syllable counting for English and Dutch without any download.

textstat's English path loads NLTK's cmudict and downloads it on first use, which an air-gapped service desk
cannot allow.  We count vowel phonemes in the CMU Pronouncing Dictionary, kept in the package as the table of
words whose count the vowel-group rules get wrong (``resources/en/syllables.tsv``, built from the ``cmudict``
package); every other word, and words it lacks (names, product names, typos), get the vowel-group rules.  Dutch has no pronouncing dictionary in the registries, and hyphenation dictionaries
(pyphen) undercount syllables near word edges ("ra-dio" has three), so Dutch uses vowel-group rules that
know Dutch digraphs (aa, ee, ie, oe, eu, ij, ui, ou, au ...) and the diaeresis (ë, ï) that splits them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_EN_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_NL_LETTERS = re.compile(r"[a-zäëïöüéèêáàóòúûíî]+")
# Longest first: a vowel run is consumed greedily by these units, each one syllable.
_NL_UNITS = (
    "aai",
    "ooi",
    "oei",
    "eeu",
    "ieu",
    "uwe",
    "aa",
    "ee",
    "oo",
    "uu",
    "ie",
    "oe",
    "eu",
    "ei",
    "ij",
    "ui",
    "ou",
    "au",
    "ay",
    "ey",
    "oy",
)
_NL_VOWELS = set("aeiouyäëïöüéèêáàóòúûíî")
_DIAERESIS = set("äëïöü")


@cache
def _cmu() -> dict[str, int]:
    """CMU dictionary counts for the words where they differ from :func:`_english_rules`.

    ``resources/en/syllables.tsv`` is built from the ``cmudict`` package by ``scripts/build_syllable_table.py``;
    a lookup there, else the rules, gives the full dictionary's counts, and it loads in milliseconds where
    parsing the dictionary took seconds (which every lint run paid)."""
    from importlib import resources

    text = resources.files("analyser").joinpath("resources", "en", "syllables.tsv").read_text(encoding="utf-8")
    counts: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            counts[word] = int(count)
    return counts


def _english_rules(word: str) -> int:
    word = word.lower()
    groups = len(_EN_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and groups > 1:
        groups -= 1
    return max(groups, 1)


def _dutch_rules(word: str) -> int:
    word = word.lower().replace("ij", "ĳ")
    count = 0
    index = 0
    while index < len(word):
        char = word[index]
        if char == "ĳ":
            count += 1
            index += 1
            continue
        if char not in _NL_VOWELS:
            index += 1
            continue
        run_end = index
        while run_end < len(word) and word[run_end] in _NL_VOWELS:
            run_end += 1
        run = word[index:run_end]
        position = 0
        while position < len(run):
            if position > 0 and run[position] in _DIAERESIS:
                count += 1
                position += 1
                continue
            for unit in _NL_UNITS:
                if run.startswith(unit, position):
                    position += len(unit)
                    break
            else:
                position += 1
            count += 1
        index = run_end
    return max(count, 1)


@lru_cache(maxsize=200_000)
def count_syllables(word: str, lang: str) -> int:
    """Syllables in one word (at least 1); ``lang`` is ``"en"`` or ``"nl"`` (others use English rules)."""
    lowered = word.lower().strip("'’")
    if not lowered:
        return 0
    if lang == "nl":
        return _dutch_rules(lowered)
    known = _cmu().get(lowered)
    return known if known is not None else _english_rules(lowered)

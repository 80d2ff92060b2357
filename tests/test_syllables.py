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

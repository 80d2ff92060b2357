"""Per-reply language detection, offline: English, Dutch, or ``und`` (undetermined).

We use py3langid (a maintained fork of langid.py; its model ships inside the package, so nothing is
downloaded) over its full set of languages, so that a German or French reply is recognised as *not*
English or Dutch instead of being forced into one of the two.  Short replies ("Thanks!", "Top!") are where
any character-n-gram model wavers; for those we fall back on counting English and Dutch function words,
which decide short service-desk texts well.  The accuracy on labelled English and Dutch text is measured by
``evaluation/language_detection.py`` and reported in the README.
"""

from __future__ import annotations

import re
from functools import cache

SUPPORTED = ("en", "nl")
UNDETERMINED = "und"
_MIN_PROBABILITY = 0.80
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}|https?://\S+|\S+@\S+")

# Frequent function words that are unambiguous between English and Dutch ("is", "in", "de" are not).
_FUNCTION_WORDS = {
    "en": frozenset(
        [
            "the",
            "and",
            "you",
            "your",
            "to",
            "for",
            "with",
            "this",
            "that",
            "have",
            "has",
            "will",
            "would",
            "could",
            "please",
            "thanks",
            "thank",
            "hi",
            "hello",
            "dear",
            "regards",
            "kind",
            "we",
            "our",
            "my",
            "it's",
            "i'm",
            "can't",
            "don't",
            "not",
            "be",
            "are",
            "was",
            "were",
            "on",
            "at",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "je",
            "jij",
            "u",
            "uw",
            "van",
            "voor",
            "met",
            "dit",
            "dat",
            "heeft",
            "hebben",
            "wordt",
            "worden",
            "zou",
            "kunt",
            "kun",
            "graag",
            "bedankt",
            "dank",
            "beste",
            "groet",
            "groeten",
            "vriendelijke",
            "niet",
            "geen",
            "ik",
            "wij",
            "we",
            "ons",
            "onze",
            "mijn",
            "op",
            "aan",
            "bij",
            "naar",
            "ook",
            "nog",
            "maar",
            "wel",
            "al",
            "er",
            "hoi",
            "hallo",
        ]
    ),
}


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _function_word_vote(words: list[str]) -> tuple[str, int]:
    counts = {lang: sum(word in vocabulary for word in words) for lang, vocabulary in _FUNCTION_WORDS.items()}
    ranked = sorted(counts, key=lambda lang: counts[lang], reverse=True)
    margin = counts[ranked[0]] - counts[ranked[1]]
    return ranked[0], margin


def detect_language(text: str) -> str:
    """Return ``"en"``, ``"nl"`` or ``"und"`` for one reply; never raises."""
    if not isinstance(text, str):
        return UNDETERMINED
    cleaned = _PLACEHOLDER.sub(" ", text)
    words = [word.lower() for word in _WORD.findall(cleaned)]
    if not words:
        return UNDETERMINED
    vote, margin = _function_word_vote(words)
    language, probability = _identifier().classify(cleaned[:5000])
    if language in SUPPORTED and probability >= _MIN_PROBABILITY:
        if len(words) < 8 and margin >= 1 and vote != language:
            return vote  # a very short text: function words are more reliable than n-grams
        return language
    if margin >= 2 or (len(words) < 8 and margin >= 1):
        return vote  # short or mixed text that langid puts elsewhere, but whose grammar words are en/nl
    if language in SUPPORTED and probability >= 0.3 and not (margin >= 1 and vote != language):
        return language
    return UNDETERMINED


def detect_languages(texts) -> list[str]:
    """Vectorised convenience over an iterable of texts."""
    return [detect_language(text) for text in texts]

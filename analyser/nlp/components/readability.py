"""Readability: Flesch Reading Ease (Flesch-Douma for Dutch), a grade level, LIX, and word-level signals.

Formulas (words exclude placeholders, URLs, e-mail addresses and numbers; syllables from
:mod:`analyser.nlp.syllables`, no download):

* English Flesch Reading Ease: 206.835 - 1.015 * words/sentence - 84.6 * syllables/word.
* Dutch Flesch-Douma (1960):   206.835 - 0.93  * words/sentence - 77.0 * syllables/word.
* Grade: Flesch-Kincaid 0.39 * words/sentence + 11.8 * syllables/word - 15.59; for Dutch the syllable rate is
  first scaled by 77/84.6, Douma's own correction for the longer Dutch word, so grades compare across languages.
* LIX (Björnsson): words/sentence + 100 * share of words longer than six letters; language-neutral.
* rare_word_share: share of words with a Zipf frequency below 3 (rarer than one in a million words) in
  wordfreq's bundled English or Dutch lists; a reader trips over rare words whatever their length.
* difficulty_index: a LiNT-style measure (after Pander Maat et al.'s LiNT for Dutch, which weighs word
  frequency most): 10 x mean frequency gap + 0.3 x words/sentence + 10 x (syllables/word - 1), where a
  word's frequency gap is max(0, 6 - Zipf).  Flesch-Douma misses the commonest plain-language edit ("ten
  tijde van" -> "tijdens", "quarantaine periode" -> "quarantaineperiode" is longer yet easier); frequency
  sees it.  The weights were set on a coarse grid (3 x 3 x 2) on half of the Amsterdam pairs, not fitted:
  see docs/validation.md.  Higher is harder; about 5 for plain text, 20+ for dense officialese.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, ensure_doc_extension, lang_of, words
from analyser.nlp.syllables import count_syllables

ensure_doc_extension("ta_readability")

RARE_ZIPF = 3.0
LONG_WORD_LETTERS = 7  # LIX: words of more than six letters
FREQUENT_ZIPF = 6.0  # words at least this frequent ("de", "en", "the", "you") add no difficulty
DIFFICULTY_WEIGHTS = (10.0, 0.3, 10.0)  # frequency gap, words/sentence, syllables/word above one

COLUMNS = (
    "n_words",
    "n_sentences",
    "words_per_sentence",
    "syllables_per_word",
    "flesch_reading_ease",
    "readability_grade",
    "lix",
    "long_word_share",
    "rare_word_share",
    "difficulty_index",
)


@lru_cache(maxsize=300_000)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def readability(doc: Doc) -> dict[str, float]:
    lang = lang_of(doc)
    tokens = words(doc)
    n_words = len(tokens)
    n_sentences = sum(1 for sentence in doc.sents if any(t.is_alpha for t in sentence)) if n_words else 0
    result: dict[str, float] = dict.fromkeys(COLUMNS, NAN)
    result["n_words"] = n_words
    result["n_sentences"] = n_sentences
    if not n_words:
        return result
    n_sentences = max(n_sentences, 1)
    wps = n_words / n_sentences
    result["words_per_sentence"] = wps
    result["long_word_share"] = sum(len(t.text) >= LONG_WORD_LETTERS for t in tokens) / n_words
    result["lix"] = wps + 100.0 * result["long_word_share"]
    if lang == "und":
        return result
    spw = sum(count_syllables(t.text, lang) for t in tokens) / n_words
    result["syllables_per_word"] = spw
    if lang == "nl":
        result["flesch_reading_ease"] = 206.835 - 0.93 * wps - 77.0 * spw
        result["readability_grade"] = 0.39 * wps + 11.8 * spw * (77.0 / 84.6) - 15.59
    else:
        result["flesch_reading_ease"] = 206.835 - 1.015 * wps - 84.6 * spw
        result["readability_grade"] = 0.39 * wps + 11.8 * spw - 15.59
    lowered = [t.lower_ for t in tokens if not t.is_upper or len(t.text) == 1]
    if lowered:
        frequencies = [zipf(w, lang) for w in lowered]
        result["rare_word_share"] = sum(z < RARE_ZIPF for z in frequencies) / len(lowered)
        gap = sum(max(0.0, FREQUENT_ZIPF - z) for z in frequencies) / len(lowered)
        w_gap, w_length, w_syllables = DIFFICULTY_WEIGHTS
        result["difficulty_index"] = w_gap * gap + w_length * wps + w_syllables * (spw - 1.0)
    return result


class Readability:
    def __call__(self, doc: Doc) -> Doc:
        doc._.ta_readability = readability(doc)
        return doc


@Language.factory("ticket_analyser_readability", assigns=["doc._.ta_readability"])
def make_readability(nlp: Language, name: str) -> Readability:
    """Sets ``doc._.ta_readability``: n_words, n_sentences, words_per_sentence, syllables_per_word,
    flesch_reading_ease, readability_grade, lix, long_word_share, rare_word_share, difficulty_index."""
    return Readability()

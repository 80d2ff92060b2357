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

Dutch grade.  For Dutch, ``readability_grade`` is a pairwise ranking model (``models/readability_nl.json``,
card ``models/readability_nl.md``) fitted on the development half of the City of Amsterdam complex/simple
sentence pairs: a weighted sum of the log of words per sentence, the mean word-frequency gap, the share of
uncommon words (Zipf below 4), words from the Amsterdam plain-language list, nominal style (-ing, -heid,
-atie), passives (worden/zijn + participle), long verb brackets ("heeft ... toegepast"), subordinate clauses,
and symbols and abbreviations a B1 text writes out (%, &, t/m, o.a.).  The sum is mapped linearly onto the
Flesch-Kincaid-Douma grade scale (same mean and spread on those sentences), so it still reads as a school
grade.  A missing model file is an error (:class:`analyser.models_store.ModelError`), as for politeness.  The
word lists are data:
``resources/nl/readability.txt``.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analyser.models_store import LinearModel, load_linear_model
from analyser.nlp.components._util import NAN, ensure_doc_extension, lang_of, words
from analyser.nlp.resources import load_phrases, load_table
from analyser.nlp.syllables import count_syllables

ensure_doc_extension("ta_readability")

RARE_ZIPF = 3.0
LONG_WORD_LETTERS = 7  # LIX: words of more than six letters
FREQUENT_ZIPF = 6.0  # words at least this frequent ("de", "en", "the", "you") add no difficulty
DIFFICULTY_WEIGHTS = (10.0, 0.3, 10.0)  # frequency gap, words/sentence, syllables/word above one
UNCOMMON_ZIPF = 4.0  # below one in ten thousand words: a word a low-literate reader may not know
# The Dutch grade model's inputs (see the module docstring and models/readability_nl.md).
DUTCH_SIGNALS = (
    "log_words_per_sentence",
    "frequency_gap",
    "uncommon_word_share",
    "plain_list_share",
    "nominal_share",
    "passives_per_sentence",
    "verb_bracket",
    "subordinators_per_sentence",
    "symbols_per_sentence",
)
_PARTICIPLE = re.compile(r"^(?:ge[a-zë]{2,}(?:[dt]|en)|(?:be|ver|ont|her|er)[a-zë]{2,}[dt])$")
_SYMBOLS = re.compile(r"[%&€§]|(?<=[a-zA-Z]{2})/(?=[a-zA-Z]{2})")

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


def readability(doc: Doc, dutch_model: LinearModel | None = None) -> dict[str, float]:
    """The readability columns; ``dutch_model`` (the fitted Dutch grade) replaces Flesch-Kincaid-Douma for Dutch
    (without it, as in the evaluation's peer column, the Dutch grade is Flesch-Kincaid-Douma)."""
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
        if dutch_model is not None:
            result["readability_grade"] = dutch_model.decision(dutch_signals(doc, tokens, n_sentences))
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


@cache
def _dutch_lists() -> dict[str, frozenset[str]]:
    lists = {name: frozenset(words) for name, words in load_phrases("nl", "readability").items()}
    plain = [row[0] for row in load_table("nl", "plain_words.tsv") if row]
    lists["plain_word"] = frozenset(p for p in plain if " " not in p)
    lists["plain_phrase"] = frozenset(p for p in plain if " " in p)
    return lists


@cache
def _abbreviations() -> re.Pattern[str]:
    items = sorted(_dutch_lists().get("abbreviation", ()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in items) + r")(?!\w)", re.IGNORECASE)


def _verb_bracket(sentence: list[str], finite: frozenset[str]) -> int:
    """Words between the first finite auxiliary and the last participle or infinitive after it (a te-infinitive,
    or the sentence's last word: "kunt u binnen zes weken bezwaar maken")."""
    start = next((i for i, w in enumerate(sentence) if w in finite), None)
    if start is None:
        return 0
    last = len(sentence) - 1
    ends = [
        i
        for i in range(start + 1, len(sentence))
        if _PARTICIPLE.match(sentence[i]) or (sentence[i].endswith("en") and (sentence[i - 1] == "te" or i == last))
    ]
    return ends[-1] - start - 1 if ends else 0


def _is_passive(sentence: list[str], lists: dict[str, frozenset[str]]) -> float:
    """1 for worden + participle, 0.5 for zijn + participle (often a perfect tense: "is gekomen")."""
    for i, word in enumerate(sentence):
        strength = 1.0 if word in lists["passive_auxiliary"] else 0.5 if word in lists["perfect_auxiliary"] else 0
        if strength and any(_PARTICIPLE.match(w) for w in sentence[i + 1 :]):
            return strength
    return 0.0


def dutch_signals(doc: Doc, tokens: list[Token], n_sentences: int) -> dict[str, float]:
    """The Dutch grade model's inputs: per word (shares) or per sentence, so long replies are not penalised."""
    lists = _dutch_lists()
    lowered = [t.lower_ for t in tokens]
    n_words = len(lowered)
    frequencies = [zipf(w, "nl") for w in lowered]
    sentences: list[Span] = [s for s in doc.sents if any(t.is_alpha for t in s)] or [doc[:]]
    per_sentence = [[t.lower_ for t in s if not t.is_punct and not t.is_space] for s in sentences]
    joined = " " + " ".join(lowered) + " "
    plain = sum(w in lists["plain_word"] for w in lowered) + sum(joined.count(f" {p} ") for p in lists["plain_phrase"])
    suffixes = tuple(lists.get("nominal_suffix", ()))
    symbols = len(_SYMBOLS.findall(doc.text)) + len(_abbreviations().findall(doc.text))
    return {
        "log_words_per_sentence": math.log(max(n_words / n_sentences, 1.0)),
        "frequency_gap": sum(max(0.0, FREQUENT_ZIPF - z) for z in frequencies) / n_words,
        "uncommon_word_share": sum(z < UNCOMMON_ZIPF for z in frequencies) / n_words,
        "plain_list_share": plain / n_words,
        "nominal_share": sum(len(w) > 5 and w.endswith(suffixes) for w in lowered) / n_words,
        "passives_per_sentence": sum(_is_passive(s, lists) for s in per_sentence) / n_sentences,
        "verb_bracket": sum(_verb_bracket(s, lists["finite_auxiliary"]) for s in per_sentence) / n_sentences,
        "subordinators_per_sentence": sum(w in lists["subordinator"] for w in lowered) / n_sentences,
        "symbols_per_sentence": symbols / n_sentences,
    }


class Readability:
    def __init__(self, dutch_model: LinearModel | None = None) -> None:
        self.dutch_model = dutch_model

    def __call__(self, doc: Doc) -> Doc:
        doc._.ta_readability = readability(doc, self.dutch_model)
        return doc


@Language.factory(
    "ticket_analyser_readability",
    assigns=["doc._.ta_readability"],
    default_config={"dutch_model": "readability_nl.json"},
)
def make_readability(nlp: Language, name: str, dutch_model: str) -> Readability:
    """Sets ``doc._.ta_readability``: n_words, n_sentences, words_per_sentence, syllables_per_word,
    flesch_reading_ease, readability_grade, lix, long_word_share, rare_word_share, difficulty_index.
    ``dutch_model`` names the fitted Dutch grade in models/; a missing file is an error, never a fallback."""
    return Readability(load_linear_model(dutch_model))

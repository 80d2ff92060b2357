"""Tone: sentiment, politeness markers and the politeness probability, impoliteness, shouting.

Sentiment (-1..1)
    English: VADER (lexicon bundled with ``vaderSentiment``), after rewriting the support-desk phrases it
    gets wrong ("no problem", "no worries", "don't hesitate" score negative in VADER; in a reply they are
    courtesy) listed in ``resources/en/sentiment_overrides.tsv``.  Dutch: Pattern's public-domain adjective
    lexicon plus service-desk words, with negation (niet, geen, nooit: flips and damps the next three words)
    and intensifiers (erg, heel, zeer), normalised as VADER does (x / sqrt(x^2 + 15)).

Politeness (0..1)
    Marker counts in the manner of Danescu-Niculescu-Mizil et al. (2013) — please, gratitude, apology,
    greeting, closing, hedges, indirect requests, deference — against blame, condescension, bare commands,
    shouting and exclamation runs, combined by a logistic model loaded from ``models/politeness.json``
    when it exists (trained and validated, see its model card), else from hand-set rule weights.

A sentence-initial imperative inside a numbered or bulleted step is an instruction, not a command, and is
not counted as impolite.
"""

from __future__ import annotations

import math
import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from analyser.models_store import LinearModel, load_linear_model
from analyser.nlp.components._util import (
    NAN,
    add_evidence,
    ensure_doc_extension,
    is_placeholder,
    is_word,
    lang_of,
    text_of,
    words,
)
from analyser.nlp.resources import PhraseSet, load_phrases, load_table

ensure_doc_extension("ta_tone")
ensure_doc_extension("ta_politeness_input")

MARKERS = (
    "please",
    "gratitude",
    "apology",
    "greeting",
    "closing",
    "hedge",
    "indirect_request",
    "deference",
    "positive_start",
)
IMPOLITE = ("blame", "condescension")
# Further strategies of Danescu-Niculescu-Mizil et al. (2013), inputs of the politeness model only.
STRATEGY_PHRASES = ("subjunctive", "indicative", "factuality", "by_the_way", "counterfactual")
START_WORDS = ("question_word", "direct_start", "deference_start", "why_start", "please_start")
# The inputs of the politeness model, each 0/1 (present or not) so that a long support reply and a
# one-line Wikipedia request are on the same scale: presence transfers across domains, counts do not.
MODEL_FEATURES = (
    *MARKERS,
    *STRATEGY_PHRASES,
    "please_start",
    "please_inside",
    "direct_question",
    "direct_start",
    "deference_start",
    "first_person_start",
    "second_person_start",
    "first_person",
    "first_person_plural",
    "second_person",
    "positive_words",
    "negative_words",
    "question",
    "questions",
    "why_start",
    "sentiment",
    "blame",
    "condescension",
    "command_without_please",
    "shouting",
    "exclamation_runs",
)
COLUMNS = (
    "sentiment",
    "politeness",
    "politeness_markers",
    *(f"{m}_count" for m in MARKERS),
    "impoliteness_markers",
    "blame_count",
    "condescension_count",
    "command_without_please_count",
    "shouting_words",
    "caps_word_share",
    "exclamation_runs",
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|[a-z][.)])\s+")
_EXCLAMATION_RUN = re.compile(r"!{2,}|[!?]{3,}")
_NON_WORD_TAIL = re.compile(r"[^\w]+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
#: Window for VADER: a "sentence" longer than this many words is scored in pieces (VADER looks back 3 words).
VADER_WINDOW = 60
#: Support-desk penalties on sentiment, in VADER's valence units (a strongly negative word is about -2.5):
#: blame and condescension pull a reply down as a harsh word does; shouting per ALL-CAPS word (at most four);
#: a bare command only a little, so that "Restart your laptop." alone stays neutral.  Dutch valences
#: (Pattern's lexicon, -1..1 per word) are on a smaller scale: DUTCH_PENALTY_SCALE converts.
PENALTIES = {"blame": -1.5, "condescension": -1.5, "command": -0.15, "shouting_word": -0.5}
SHOUTING_CAP = 4
DUTCH_PENALTY_SCALE = 0.4


@cache
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _english_overrides() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = load_table("en", "sentiment_overrides.tsv")
    ordered = sorted(rows, key=lambda row: -len(row[0]))
    return tuple(
        (re.compile(rf"(?<!\w){re.escape(row[0])}(?!\w)", re.IGNORECASE), row[1] if len(row) > 1 else "")
        for row in ordered
    )


@cache
def _dutch_lexicon() -> dict[str, float]:
    lexicon = {row[0]: float(row[1]) for row in load_table("nl", "sentiment_lexicon.tsv") if len(row) >= 2}
    lexicon.update({row[0]: float(row[1]) for row in load_table("nl", "sentiment_extra.tsv") if len(row) >= 2})
    return lexicon


@cache
def _polar_words(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """Clearly positive and clearly negative words: VADER's lexicon (English), the Dutch lexicon (Dutch)."""
    english = {word: value / 4.0 for word, value in _vader().lexicon.items()} if lang == "en" else None
    lexicon = english if english is not None else _dutch_lexicon()
    positive = frozenset(w for w, v in lexicon.items() if v >= 0.25 and " " not in w)
    negative = frozenset(w for w, v in lexicon.items() if v <= -0.25 and " " not in w)
    return positive, negative


@cache
def _dutch_modifiers() -> dict[str, tuple[str, ...]]:
    return load_phrases("nl", "sentiment_modifiers")


@cache
def _any_override() -> re.Pattern[str]:
    """One regex for all override phrases: most sentences have none, and one search tells."""
    phrases = sorted((row[0] for row in load_table("en", "sentiment_overrides.tsv")), key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, phrases))})(?!\w)", re.IGNORECASE)


def _rewrite(text: str) -> str:
    """The support-desk phrases VADER misreads ("no problem", "don't hesitate") rewritten as it should read them."""
    if not _any_override().search(text):
        return text  # none of the phrases occurs: every substitution below would leave the text as it is
    for pattern, replacement in _english_overrides():
        text = pattern.sub(replacement, text)
    return text


def english_valence(text: str) -> float:
    """VADER's summed word valence for one sentence (or a window of one), after the support-desk rewrites.

    The same rules as VADER's ``polarity_scores`` (lexicon, boosters, negation, ALL-CAPS, "kind of", "least",
    "but"), without its quadratic "but" step and without normalising, so that sentences can be added up:
    the cost of a reply is linear in its length.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    analyzer = _vader()
    text = _rewrite(text)
    if any(ch in analyzer.emojis for ch in text):
        text = " ".join(analyzer.emojis.get(ch, ch) for ch in text.split()) if " " in text else text
    sentitext = SentiText(text.strip())
    words = sentitext.words_and_emoticons
    sentiments: list[float] = []
    for i, item in enumerate(words):
        lowered = item.lower()
        if lowered in BOOSTER_DICT or (lowered == "kind" and i + 1 < len(words) and words[i + 1].lower() == "of"):
            sentiments.append(0.0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    lowered_words = [str(w).lower() for w in words]
    if "but" in lowered_words:  # VADER's contrast rule: what follows "but" counts more, what precedes less
        pivot = lowered_words.index("but")
        sentiments = [v * 0.5 if i < pivot else v * 1.5 if i > pivot else v for i, v in enumerate(sentiments)]
    return float(sum(sentiments))


def _normalise(total: float, alpha: float = 15.0) -> float:
    """VADER's squashing of a summed valence to -1..1 (x / sqrt(x^2 + alpha))."""
    return total / math.sqrt(total * total + alpha) if total else 0.0


def _punctuation_emphasis(text: str) -> float:
    """VADER's emphasis from "!" (up to four) and from two or more "?", added in the direction of the sum."""
    exclamations = min(text.count("!"), 4) * 0.292
    questions = text.count("?")
    return exclamations + (0.0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96)


def english_sentiment(text: str, penalty: float = 0.0) -> float:
    """Sentiment (-1..1) of an English text: VADER's valence summed over its sentences, the support-desk
    ``penalty`` (blame, shouting; a negative valence) added, punctuation emphasis, then VADER's normalisation."""
    total = sum(english_valence(sentence) for sentence in _SENTENCE_END.split(text) if sentence.strip()) + penalty
    emphasis = _punctuation_emphasis(text)
    total += emphasis if total > 0 else -emphasis if total < 0 else 0.0
    return round(_normalise(total), 4)


def _dutch_polarity(lexicon: dict[str, float], word: str, lemma: str) -> float | None:
    """A word's polarity, trying the inflected adjective's base form ("slechte" -> "slecht", "grote" -> "groot")."""
    for candidate in (word, lemma):
        if candidate in lexicon:
            return lexicon[candidate]
    if len(word) > 4 and word.endswith("e"):
        stem = word[:-1]
        if stem in lexicon:
            return lexicon[stem]
        # open syllable: "grote" -> "groot", "mooie" handled above
        if len(stem) > 2 and stem[-2] in "aeou" and stem[-3] not in "aeiou":
            doubled = stem[:-1] + stem[-2] + stem[-1]
            if doubled in lexicon:
                return lexicon[doubled]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in lexicon:  # "dikke" -> "dik"
            return lexicon[stem[:-1]]
    return None


def dutch_sentiment(doc: Doc | Span, penalty: float = 0.0) -> float:
    """Lexicon sum with Dutch negation before ("niet goed") and after the word ("het werkt niet"), and
    intensifiers / diminishers on the next polar word, plus the support-desk ``penalty``, squashed as VADER
    does.  One pass over the tokens, negation and intensifiers reset at each clause: linear in length."""
    lexicon = _dutch_lexicon()
    modifiers = _dutch_modifiers()
    negations = set(modifiers.get("negation", ()))
    intensifiers = set(modifiers.get("intensifier", ()))
    diminishers = set(modifiers.get("diminisher", ()))
    total = 0.0
    negate_for = 0
    boost = 1.0
    last_polar: tuple[int, float] | None = None  # (token index, value added) of the clause's last polar word
    tokens = list(doc)
    for index, token in enumerate(tokens):
        word = token.lower_
        if token.is_punct and token.text in ".!?;,":
            negate_for, boost, last_polar = 0, 1.0, None
            continue
        if word in negations:
            if last_polar is not None and index - last_polar[0] <= 2 and not _polar_ahead(tokens, index, lexicon):
                # post-verbal negation: "het werkt niet", "dat is niet" -> flip the word before
                total -= last_polar[1] * 1.74
                last_polar = None
                continue
            negate_for = 3
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        modifies = following is not None and not following.is_punct
        if word in intensifiers and modifies:
            boost = 1.5
            continue
        if word in diminishers and modifies:
            boost = 0.6
            continue
        polarity = _dutch_polarity(lexicon, word, token.lemma_.lower())
        if polarity:
            value = polarity * boost
            if negate_for:
                value *= -0.74  # VADER's damped negation
            total += value
            last_polar = (index, value)
            boost = 1.0
        if negate_for:
            negate_for -= 1
    return _normalise(total + penalty)


def _polar_ahead(tokens, index: int, lexicon: dict[str, float]) -> bool:
    """Whether a polar word follows the negation within three tokens (then the negation applies to it)."""
    for token in tokens[index + 1 : index + 4]:
        if token.is_punct:
            return False
        if _dutch_polarity(lexicon, token.lower_, token.lemma_.lower()):
            return True
    return False


@cache
def _acronyms() -> frozenset[str]:
    return frozenset(row[0] for row in load_table("common", "acronyms.tsv"))


def _first_word(sentence: Span):
    for token in sentence:
        if is_word(token):
            return token
    return None


def _in_list_item(doc: Doc, token) -> bool:
    text = text_of(doc)
    line_start = text.rfind("\n", 0, token.idx) + 1
    return bool(_LIST_ITEM.match(text[line_start : token.idx + len(token.text)]))


def _clause_starts(doc: Doc):
    """The first word of each sentence and of each line (a greeting line hides the first command)."""
    seen = set()
    for sentence in doc.sents:
        first = _first_word(sentence)
        if first is not None and first.i not in seen:
            seen.add(first.i)
            yield first, sentence
        for token in sentence:
            if token.i > sentence.start and ("\n" in doc[token.i - 1].whitespace_ or doc[token.i - 1].is_space):
                if is_word(token) and token.i not in seen:
                    seen.add(token.i)
                    yield token, sentence
            elif (
                token.i > sentence.start
                and doc[token.i - 1].text == ","
                and token.i - sentence.start <= 4
                and is_word(token)
                and token.i not in seen
            ):
                # "Hi Anna, restart your PC": the command follows the greeting's comma
                seen.add(token.i)
                yield token, sentence


class Tone:
    def __init__(self, nlp: Language, model: LinearModel) -> None:
        lang = nlp.lang if nlp.lang in ("en", "nl") else None
        self.lang = lang
        polite = load_phrases(lang, "politeness") if lang else {}
        self.politeness = PhraseSet(nlp.vocab, nlp.tokenizer, {k: v for k, v in polite.items() if k not in START_WORDS})
        self.start_words = {k: frozenset(polite.get(k, ())) for k in START_WORDS}
        address = load_phrases(lang, "address") if lang else {}
        self.pronouns = {
            k: frozenset(address.get(k, ())) for k in ("first_person_singular", "first_person_plural", "second_person")
        }
        impolite = load_phrases(lang, "impoliteness") if lang else {}
        self.command_verbs = frozenset(impolite.get("command_verb", ()))
        self.conditional_words = frozenset(impolite.get("conditional_then", ()))
        self.command_adverbs = frozenset(impolite.get("command_adverb", ()))
        self.please_words = frozenset(load_phrases(lang, "politeness").get("please", ())) if lang else frozenset()
        self.impolite = PhraseSet(nlp.vocab, nlp.tokenizer, {k: v for k, v in impolite.items() if k in IMPOLITE})
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        doc._.ta_tone = self.features(doc)
        return doc

    def features(self, doc: Doc) -> dict[str, float]:
        result: dict[str, float] = dict.fromkeys(COLUMNS, NAN)
        tokens = words(doc)
        n_words = len(tokens)
        acronyms = _acronyms()
        shouting = [t for t in tokens if t.is_upper and len(t.text) >= 4 and t.text not in acronyms]
        result["shouting_words"] = len(shouting)
        result["caps_word_share"] = len(shouting) / n_words if n_words else NAN
        result["exclamation_runs"] = len(_EXCLAMATION_RUN.findall(text_of(doc)))
        add_evidence(doc, "tone", "shouting", [doc[t.i : t.i + 1] for t in shouting])
        if self.lang is None or not n_words:
            return result
        lang = lang_of(doc)

        found = self.politeness.find(doc)
        counts = {marker: len(found.get(marker, [])) for marker in MARKERS}
        counts["greeting"] = int(any(span.start < 3 for span in found.get("greeting", [])))
        counts["closing"] = int(any(span.end >= len(doc) - 14 for span in found.get("closing", [])))
        counts["positive_start"] = int(any(span.start < 10 for span in found.get("positive_start", [])))
        for marker in MARKERS:
            kept = found.get(marker, [])
            if marker == "greeting":
                kept = [s for s in kept if s.start < 3]
            add_evidence(doc, "politeness", marker, kept)
            result[f"{marker}_count"] = counts[marker]
        result["politeness_markers"] = sum(counts.values())

        rude = self.impolite.find(doc)
        for category in IMPOLITE:
            result[f"{category}_count"] = len(rude.get(category, []))
            add_evidence(doc, "impoliteness", category, rude.get(category, []))
        commands, imperatives = [], []
        for first, sentence in _clause_starts(doc):
            verb = self._command_verb(doc, first)
            if verb is None or _in_list_item(doc, first):
                continue
            if sentence.text.rstrip().endswith("?"):
                continue
            imperatives.append(sentence)
            if any(t.lower_ in self.please_words for t in sentence):
                continue
            if self._conditional(doc, verb, sentence):
                continue
            commands.append(sentence)
        add_evidence(doc, "tone", "imperative", imperatives)
        result["command_without_please_count"] = len(commands)
        add_evidence(doc, "impoliteness", "command_without_please", commands)
        result["impoliteness_markers"] = result["blame_count"] + result["condescension_count"] + len(commands)
        penalty = (
            PENALTIES["blame"] * result["blame_count"]
            + PENALTIES["condescension"] * result["condescension_count"]
            + PENALTIES["command"] * len(commands)
            + PENALTIES["shouting_word"] * min(len(shouting), SHOUTING_CAP)
        )
        if lang == "en":
            result["sentiment"] = english_doc_sentiment(doc, penalty)
        else:
            result["sentiment"] = round(dutch_sentiment(doc, penalty * DUTCH_PENALTY_SCALE), 4)
        model_input = self._strategies(doc, tokens, found, counts)
        model_input.update(
            blame=min(result["blame_count"], 1),
            condescension=min(result["condescension_count"], 1),
            command_without_please=min(len(commands), 1),
            shouting=min(len(shouting), 1),
            exclamation_runs=min(result["exclamation_runs"], 1),
            sentiment=result["sentiment"],
        )
        doc._.ta_politeness_input = model_input
        result["politeness"] = self.model.probability(model_input)
        return result

    def _command_verb(self, doc: Doc, first):
        """The imperative verb a clause starts with, also after an adverb ("Simply restart", "Volg gewoon")."""
        if first.lower_ in self.command_verbs:
            return first
        if first.lower_ in self.command_adverbs:
            following = next((t for t in doc[first.i + 1 : first.i + 3] if is_word(t)), None)
            if following is not None and following.lower_ in self.command_verbs:
                return following
        return None

    def _conditional(self, doc: Doc, verb, sentence: Span) -> bool:
        """An imperative that answers a condition is an offer, not an order: "Lukt het niet? Reageer dan op
        deze mail", "Reageer dan ...", "Still failing? Reply to this email"."""
        after = [t.lower_ for t in doc[verb.i + 1 : verb.i + 4] if is_word(t)][:2]
        if any(word in self.conditional_words for word in after):
            return True
        index = sentence.start - 1
        while index >= 0 and doc[index].is_space:
            index -= 1
        if index < 0:
            return False
        previous = doc[index]
        between = doc.text[previous.idx : sentence.start_char]
        return previous.text == "?" and "\n\n" not in between

    def _strategies(self, doc: Doc, tokens, found, counts: dict[str, int]) -> dict[str, float]:
        """Presence (0/1) of each politeness strategy: the politeness model's inputs besides impoliteness."""
        present: dict[str, float] = {marker: float(counts[marker] > 0) for marker in MARKERS}
        for category in STRATEGY_PHRASES:
            present[category] = float(bool(found.get(category)))
        sentences = list(doc.sents)
        firsts = [(_first_word(sentence), sentence) for sentence in sentences]
        firsts = [(first.lower_, sentence) for first, sentence in firsts if first is not None]
        starts = self.start_words
        singular, plural, second = (
            self.pronouns[k] for k in ("first_person_singular", "first_person_plural", "second_person")
        )
        # "Please do X" opens with an imperative softener and reads as pushy; "could you please" does not.
        # Dutch "graag" opens a polite wish ("Graag ontvang ik ..."), so each language lists its own openers.
        please_openers = starts["please_start"] or self.please_words
        present["please_start"] = float(any(w in please_openers for w, _ in firsts))
        first_indices = {first.i for first in (_first_word(sentence) for sentence in sentences) if first is not None}
        present["please_inside"] = float(
            any(
                t.lower_ in self.please_words and not (t.i in first_indices and t.lower_ in please_openers)
                for t in tokens
            )
        )
        present["direct_question"] = float(
            any(w in starts["question_word"] and s.text.rstrip().endswith("?") for w, s in firsts)
        )
        present["direct_start"] = float(bool(firsts) and firsts[0][0] in starts["direct_start"])
        present["deference_start"] = float(bool(firsts) and firsts[0][0] in starts["deference_start"])
        present["first_person_start"] = float(any(w in singular for w, _ in firsts))
        present["second_person_start"] = float(any(w in second for w, _ in firsts))
        lowered = [t.lower_ for t in tokens]
        present["first_person"] = float(any(w in singular for w in lowered))
        present["first_person_plural"] = float(any(w in plural for w in lowered))
        present["second_person"] = float(any(w in second for w in lowered))
        positive, negative = _polar_words(self.lang or "en")
        present["positive_words"] = float(any(w in positive for w in lowered))
        present["negative_words"] = float(any(w in negative for w in lowered))
        n_questions = sum(s.text.rstrip().endswith("?") for s in sentences)
        present["question"] = float(n_questions > 0)
        present["questions"] = min(n_questions, 3) / 3.0  # one question is normal, three in a row interrogate
        present["why_start"] = float(any(w in starts["why_start"] and s.text.rstrip().endswith("?") for w, s in firsts))
        return present


def english_doc_sentiment(doc: Doc, penalty: float = 0.0) -> float:
    """English sentiment of a reply: VADER's valence per sentence (in windows of at most VADER_WINDOW words,
    placeholders left out) summed, the support-desk ``penalty`` added, VADER's punctuation emphasis and
    normalisation applied.  Linear in the reply's length; equal to VADER on a one-sentence reply."""
    total = penalty
    for sentence in doc.sents:
        tokens = [t for t in sentence if not is_placeholder(t)]
        for start in range(0, len(tokens), VADER_WINDOW):
            window = tokens[start : start + VADER_WINDOW]
            total += english_valence("".join(t.text_with_ws for t in window))
    emphasis = _punctuation_emphasis(text_of(doc))
    total += emphasis if total > 0 else -emphasis if total < 0 else 0.0
    return round(_normalise(total), 4)


@Language.factory(
    "ticket_analyser_tone",
    assigns=["doc._.ta_tone"],
    requires=["doc._.ta_readability"],
    default_config={"politeness_model": "politeness.json"},
)
def make_tone(nlp: Language, name: str, politeness_model: str) -> Tone:
    """Sets ``doc._.ta_tone``: sentiment, politeness, marker counts (<marker>_count), impoliteness_markers,
    blame_count, condescension_count, command_without_please_count, shouting_words, caps_word_share,
    exclamation_runs.  ``politeness_model`` names a JSON model in models/ (an error if it is missing)."""
    return Tone(nlp, load_linear_model(politeness_model))

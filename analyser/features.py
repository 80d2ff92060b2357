"""From reply texts to one row of features per reply: the library API behind ``ticket-analyser extract``.

    >>> import analyser
    >>> analyser.extract_features(["Thanks for your patience! I have reset your password."])  # doctest: +SKIP

Which text is scored and in which language is decided in :mod:`analyser.scoring`; this module turns texts
into features (grouped by language, batched through that language's pipeline with ``nlp.pipe``) and keeps the
feature catalogue.  Column names come from the components (each component
module's ``COLUMNS``), so the catalogue below and the output cannot drift apart: a test checks that every
output column has a catalogue entry.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from analyser.language import UNDETERMINED
from analyser.nlp.components import (
    address,
    correctness,
    empathy,
    frustration,
    jargon,
    readability,
    scoring,
    service,
    structure,
    tone,
)

FAMILY_COLUMNS: dict[str, tuple[str, ...]] = {
    "readability": readability.COLUMNS,
    "tone": tone.COLUMNS,
    "empathy": empathy.COLUMNS,
    "address": address.COLUMNS,
    "jargon": jargon.COLUMNS,
    "structure": structure.COLUMNS,
    "correctness": correctness.COLUMNS,
    "frustration": frustration.COLUMNS,
    "service": service.COLUMNS,
    "scoring": scoring.COLUMNS,
}
FEATURE_COLUMNS: tuple[str, ...] = tuple(c for columns in FAMILY_COLUMNS.values() for c in columns)
REQUIRED_COLUMNS = (
    "language",
    "politeness",
    "empathy",
    "empathy_emotional_reaction",
    "empathy_interpretation",
    "empathy_exploration",
    "sentiment",
    "flesch_reading_ease",
    "readability_grade",
    "jargon_ratio",
    "communication_score",
)
MAX_CHARS = 100_000  # longer bodies are cut here (and flagged `truncated`): no reply needs more to be judged
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Feature:
    """One entry of the feature catalogue."""

    name: str
    family: str
    range: str
    meaning: str
    languages: str = "en, nl"
    higher_is_better: bool | None = None


def _f(name: str, family: str, range_: str, meaning: str, languages: str = "en, nl", better=None) -> Feature:
    return Feature(name, family, range_, meaning, languages, better)


_CATALOGUE_ENTRIES = [
    _f("n_words", "readability", "0..", "Words (placeholders, URLs, e-mail addresses and numbers excluded).", "all"),
    _f("n_sentences", "readability", "0..", "Sentences (sentencizer, or the trained parser).", "all"),
    _f("words_per_sentence", "readability", "1..", "Mean sentence length in words.", "all", False),
    _f(
        "syllables_per_word",
        "readability",
        "1..",
        "Mean syllables per word (CMU dictionary / Dutch rules).",
        better=False,
    ),
    _f(
        "flesch_reading_ease",
        "readability",
        "-..121",
        "Flesch Reading Ease; Flesch-Douma for Dutch. Higher is easier.",
        better=True,
    ),
    _f(
        "readability_grade",
        "readability",
        "-..",
        "School-grade difficulty. English: Flesch-Kincaid. Dutch: a ranking model fitted on the Amsterdam "
        "complex/simple pairs (sentence length, word frequency, plain-language list, passives, verb brackets, "
        "symbols; models/readability_nl.md), put on the Flesch-Kincaid-Douma scale.",
        better=False,
    ),
    _f("lix", "readability", "0..", "LIX: words/sentence + % words over six letters. Language-neutral.", "all", False),
    _f("long_word_share", "readability", "0..1", "Share of words of seven or more letters.", "all", False),
    _f("rare_word_share", "readability", "0..1", "Share of words with Zipf frequency < 3 in wordfreq.", better=False),
    _f(
        "difficulty_index",
        "readability",
        "0..",
        "LiNT-style difficulty: word frequency gap, sentence length, syllables. Higher is harder.",
        better=False,
    ),
    _f(
        "sentiment",
        "tone",
        "-1..1",
        "VADER compound (English, support-desk fixes) / Pattern lexicon (Dutch).",
        better=True,
    ),
    _f(
        "politeness",
        "tone",
        "0..1",
        "Probability the reply reads as polite (logistic model over markers).",
        better=True,
    ),
    _f("politeness_markers", "tone", "0..", "Count of politeness markers of all kinds.", better=True),
    *[
        _f(
            f"{m}_count",
            "tone",
            "0..",
            f"Politeness marker '{m.replace('_', ' ')}' (greeting/closing/positive start: 0 or 1).",
            better=True,
        )
        for m in tone.MARKERS
    ],
    _f("impoliteness_markers", "tone", "0..", "Blame + condescension + commands without please.", better=False),
    _f("blame_count", "tone", "0..", "Blaming the customer: 'as I already said', 'u had moeten'.", better=False),
    _f("condescension_count", "tone", "0..", "Condescending phrasing: 'simply read the manual'.", better=False),
    _f(
        "command_without_please_count",
        "tone",
        "0..",
        "Sentence-initial imperatives with no courtesy (steps in a list excepted).",
        better=False,
    ),
    _f("shouting_words", "tone", "0..", "ALL-CAPS words of four or more letters that are not acronyms.", "all", False),
    _f("caps_word_share", "tone", "0..1", "Shouting words as a share of words.", "all", False),
    _f("exclamation_runs", "tone", "0..", "Runs like '!!' or '?!?'.", "all", False),
    _f("empathy", "empathy", "0..1", "Mean of the three EPITOME mechanisms.", better=True),
    _f(
        "empathy_emotional_reaction",
        "empathy",
        "0..1",
        "Expressed feeling for the customer ('sorry to hear', 'wat vervelend').",
        better=True,
    ),
    _f("empathy_interpretation", "empathy", "0..1", "Shown understanding of the customer's situation.", better=True),
    _f("empathy_exploration", "empathy", "0..1", "Questions inviting the customer to say more.", better=True),
    _f("reassurance_count", "empathy", "0..", "Reassurance ('rest assured', 'geen zorgen').", better=True),
    _f("ownership_count", "empathy", "0..", "Ownership ('I will', 'ik ga dit voor u uitzoeken').", better=True),
    _f("question_count", "empathy", "0..", "Sentences ending in a question mark.", "all"),
    _f("you_per_100_words", "address", "0..", "Second-person pronouns per 100 words."),
    _f("i_per_100_words", "address", "0..", "First-person singular pronouns per 100 words."),
    _f("we_per_100_words", "address", "0..", "First-person plural pronouns per 100 words."),
    _f("you_focus", "address", "0..1", "Second-person share of personal pronouns (customer focus)."),
    _f("formal_address_count", "address", "0..", "Dutch formal u/uw/uzelf.", "nl"),
    _f("informal_address_count", "address", "0..", "Dutch informal je/jij/jou/jouw.", "nl"),
    _f("formality", "address", "formal|informal|mixed|none", "Dutch form of address used in the reply.", "nl"),
    _f("address_mixed", "address", "bool", "A Dutch reply mixes u and je.", "nl", False),
    _f(
        "jargon_ratio",
        "jargon",
        "0..",
        "Jargon terms, unexplained acronyms, paths and error codes per 100 words.",
        better=False,
    ),
    _f("jargon_terms", "jargon", "0..", "IT terms from the jargon list.", better=False),
    _f("acronyms", "jargon", "0..", "Acronyms, explained or not.", "all"),
    _f("unexplained_acronyms", "jargon", "0..", "Acronyms not spelled out beside them.", "all", False),
    _f("file_paths", "jargon", "0..", "File paths (C:\\..., \\\\server\\share, /etc/...).", "all", False),
    _f("error_codes", "jargon", "0..", "Error codes (0x80070005, error 404, KB5005565).", "all", False),
    _f("jargon_words", "jargon", "text", "The jargon found, '; '-separated.", "all"),
    _f("n_chars", "structure", "0..", "Characters in the scored text.", "all"),
    _f("n_paragraphs", "structure", "0..", "Paragraphs (blank-line separated).", "all"),
    _f("n_list_items", "structure", "0..", "Bulleted or numbered list items.", "all"),
    _f("has_numbered_steps", "structure", "bool", "Two or more numbered steps.", "all", True),
    _f("n_links", "structure", "0..", "Links (URLs).", "all"),
    _f("has_next_step", "structure", "bool", "A stated next step or call to action.", better=True),
    _f("has_greeting", "structure", "bool", "Opens with a greeting.", better=True),
    _f("has_closing", "structure", "bool", "Ends with a closing.", better=True),
    _f("uses_customer_name", "structure", "bool", "Greets the customer by name (or name placeholder).", better=True),
    _f(
        "spelling_errors",
        "correctness",
        "0..",
        "Words not in the Hunspell dictionaries (en_US + en_GB / OpenTaal) nor accepted (names, brands, jargon, "
        "vocabulary). NaN for other languages: not checked.",
        better=False,
    ),
    _f(
        "grammar_errors",
        "correctness",
        "0..",
        "Grammar rule findings: Dutch d/t, u/uw, me/mijn, als/dan; English your/you're, their/there, its/it's, "
        "then/than, loose/lose, could of; doubled words. NaN for other languages.",
        better=False,
    ),
    _f(
        "spelling_error_rate",
        "correctness",
        "0..",
        "Spelling errors per 100 words. NaN for other languages.",
        better=False,
    ),
    _f(
        "score_correctness",
        "correctness",
        "0..10",
        "10 x (1 - (spelling + grammar errors per 100 words) / 4), floored at 0. Shown by the audit; not part of "
        "communication_score.",
        better=True,
    ),
    _f(
        "repeat_contact_markers",
        "frustration",
        "0..",
        "Says this is not the first time: 'again', 'still not', 'third time', 'nog steeds', 'alweer' (customer "
        "messages; 'thanks again', 'try again' excluded).",
    ),
    _f(
        "frustration_markers",
        "frustration",
        "0..",
        "Repeated-contact markers plus open exasperation: 'unacceptable', 'fed up', 'belachelijk', 'ik ben het zat'.",
    ),
    _f(
        "offers_solution",
        "service",
        "bool",
        "Gives a fix, an answer or a way round itself: 'you can now', 'I have reset', 'restart the app', 'wis de "
        "cache', 'is teruggestort', numbered steps. Not inside a referral: 'to resolve this, please create a "
        "ticket', 'Here's how: <link>', 'neem contact op' do not count.",
        better=True,
    ),
    _f("details_count", "service", "0..", "Concrete details: tokens with digits or currency signs.", "all"),
    _f(
        "next_step_with_time",
        "service",
        "bool",
        "Says what will happen and when, in one sentence: 'we will call you tomorrow'. Not another channel's "
        "hours: 'call us 8AM-5PM', 'email us and we will assist as soon as possible'.",
        better=True,
    ),
    _f(
        "asks_for_information",
        "service",
        "0..",
        "Sentences asking the customer for a detail ('could you send', 'which day?'); not 'anything else?'.",
    ),
    _f(
        "asks_to_repeat",
        "service",
        "bool",
        "Asks for something again ('once more', 'nogmaals') or what the customer meant ('did you mean').",
        better=False,
    ),
    _f("apologises", "service", "bool", "Apologises (the tone family's apology markers)."),
    _f(
        "declines",
        "service",
        "bool",
        "Says something cannot be done or is not available ('unfortunately', 'niet mogelijk').",
        better=False,
    ),
    _f("offers_alternative", "service", "bool", "Offers another way ('instead', 'als alternatief').", better=True),
    _f("repeats_itself", "service", "bool", "Says the same sentence twice (80% word overlap).", better=False),
    _f(
        "refers_elsewhere",
        "service",
        "bool",
        "Sends the customer to another channel, department, company or document (or a link).",
    ),
    _f(
        "only_refers_elsewhere",
        "service",
        "bool",
        "Refers elsewhere and does nothing itself: no solution, details, commitment or question.",
        better=False,
    ),
    _f(
        "communication_score",
        "scoring",
        "0..100",
        "The rubric total (see analyser/nlp/components/scoring.py).",
        better=True,
    ),
    _f("score_politeness", "scoring", "0..20", "Rubric: 20 x politeness.", better=True),
    _f("score_empathy", "scoring", "0..20", "Rubric: empathy mechanisms and ownership.", better=True),
    _f("score_readability", "scoring", "0..20", "Rubric: Flesch between 30 and 80 mapped to 0..20.", better=True),
    _f("score_jargon", "scoring", "0..15", "Rubric: 15 minus jargon density.", better=True),
    _f("score_structure", "scoring", "0..15", "Rubric: greeting, closing, next step, layout.", better=True),
    _f("score_respect", "scoring", "0..10", "Rubric: 10 minus impoliteness, shouting, u/je mixing.", better=True),
    _f("technical_score", "scoring", "0..100", "Technical-content density: the technicus axis of Stelling 2."),
]
FEATURE_CATALOGUE: dict[str, Feature] = {f.name: f for f in _CATALOGUE_ENTRIES}


def catalogue_frame() -> pd.DataFrame:
    """The feature catalogue as a table (what ``ticket-analyser features`` prints)."""
    return pd.DataFrame([f.__dict__ for f in FEATURE_CATALOGUE.values()])


def sanitise(text: object) -> tuple[str, bool]:
    """Text fit for the pipeline: control characters removed, Unicode normalised, runs of more than 32
    punctuation marks or symbols capped (spaCy's suffix rules are quadratic on them; no reader sees the
    difference), cut at MAX_CHARS."""
    from analyser.clean.runs import collapse_symbol_runs

    if text is None or (isinstance(text, float) and math.isnan(text)) or text is pd.NA:
        return "", False
    text = collapse_symbol_runs(unicodedata.normalize("NFC", _CONTROL.sub(" ", str(text))))
    if len(text) > MAX_CHARS:
        return text[:MAX_CHARS], True
    return text, False


def _row_from_doc(doc) -> dict[str, object]:
    row: dict[str, object] = {}
    for family in FAMILY_COLUMNS:
        values = getattr(doc._, f"ta_{family}") or {}
        row.update(values)
    return row


def features_for_texts(
    texts: list[str],
    languages: list[str],
    *,
    model: str | Iterable[str] | None = None,
    vocabulary=None,
    batch_size: int = 128,
    progress: Callable[[int], None] | None = None,
) -> tuple[pd.DataFrame, dict[str, object]]:
    """The features of ``texts``, each in its language (``en``, ``nl`` or ``und``), in input order, and the
    metadata of the pipelines that produced them.

    The texts are taken as they are: choosing and cleaning the text and deciding its language is
    :func:`analyser.scoring.score_replies`'s job.  Texts are grouped by language and run through that
    language's pipeline with ``nlp.pipe``.  ``vocabulary`` is the user's spelling vocabulary
    (:class:`analyser.nlp.spelling.Vocabulary`).  ``progress`` is called with the number of texts done after
    each batch.
    """
    from analyser.nlp.pipeline import build_pipeline, pipeline_metadata, refresh_if_grown, resolve_models

    models = resolve_models(model)
    pipelines = {}
    rows: list[dict[str, object] | None] = [None] * len(texts)
    done = 0
    for lang in ("en", "nl", UNDETERMINED):
        positions = [i for i, code in enumerate(languages) if code == lang]
        if not positions:
            continue
        nlp = build_pipeline(lang, models.get(lang), vocabulary)
        pipelines[lang] = nlp
        for position, doc in zip(
            positions, nlp.pipe((texts[i] for i in positions), batch_size=batch_size), strict=True
        ):
            rows[position] = _row_from_doc(doc)
            done += 1
            if progress is not None and done % batch_size == 0:
                progress(batch_size)
        refresh_if_grown(lang, models.get(lang), vocabulary)  # memory stays flat with unique tokens in every reply
    if progress is not None and done % batch_size:
        progress(done % batch_size)
    frame = pd.DataFrame([row or {} for row in rows], columns=list(FEATURE_COLUMNS))
    return frame, pipeline_metadata(pipelines)


def extract_features(
    data: pd.DataFrame | Iterable[str],
    text_column: str | None = None,
    language: str = "auto",
    *,
    model: str | Iterable[str] | None = None,
    default_language: str = "en",
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """One row of features per text, in input order: the convenience form of
    :func:`analyser.scoring.score_replies` for a list of replies without tickets.

    ``data`` is an iterable of strings, or a DataFrame (its ``text_column``, default ``body_clean`` or
    ``body``; every row is scored, whoever wrote it).  The text is cleaned and its language decided exactly
    as every command does; ``language`` is ``auto`` (detected per text, ``default_language`` when a text
    cannot tell), ``en`` or ``nl``.  The result's ``attrs["pipeline"]`` records the pipelines and versions
    that produced it.  An empty text gets NaN features (``score_replies`` would reject it).
    """
    from analyser.scoring import TEXT_COLUMN, score_replies, text_column_of
    from analyser.settings import Settings

    if language not in ("auto", "en", "nl"):
        raise ValueError("language must be 'auto', 'en' or 'nl'")
    if isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True)
        column = text_column_of(frame, text_column)
        if column not in frame.columns:
            raise KeyError(f"text column '{column}' not in the data (columns: {', '.join(map(str, frame.columns))})")
    else:
        frame = pd.DataFrame({"body": list(data)})
    frame = frame.assign(_position=range(len(frame)))
    settings = Settings(language=language, default_language=default_language, model=model)
    scored = score_replies(frame, settings, text_column=text_column, all_messages=True, keep_columns=["_position"])
    features = scored.features.set_index("_position").reindex(range(len(frame)))
    missing = [int(i) for i in scored.rejected["index"]]
    if missing:  # empty or binary: no language, only the language-independent counts (zero words)
        texts = [
            sanitise(v)[0] if isinstance(v, str) else "" for v in frame.loc[missing, text_column_of(frame, text_column)]
        ]
        empty, _ = features_for_texts(texts, [UNDETERMINED] * len(missing))
        for column in FEATURE_COLUMNS:
            features.loc[missing, column] = empty[column].to_numpy()
        features.loc[missing, "language"] = UNDETERMINED
        features.loc[missing, "language_basis"] = "no words"
    features = features.drop(columns=[TEXT_COLUMN], errors="ignore").reset_index(drop=True)
    features.attrs["pipeline"] = scored.pipeline
    return features

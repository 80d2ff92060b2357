"""Correctness: spelling errors (Hunspell, English and Dutch) and grammar errors (rule-based), per reply.

Columns: ``spelling_errors`` and ``grammar_errors`` (counts), ``spelling_error_rate`` (spelling errors per 100
words) and ``score_correctness`` (0..10: 10 x (1 - clip(errors per 100 words / 4)), so one error in a
100-word reply costs 2.5 points; shown by the audit beside the rubric, *not* part of ``communication_score``).
A reply in another language than English or Dutch is not checked against either dictionary: its columns are
NaN and its evidence says so (category ``not_checked``).

Evidence entries (family ``correctness``) carry ``code`` (the linter's ``SP001``/``SP002``/``GRxxx``),
``message`` and ``suggestion`` (the replacement text for the span; ``""`` when no quick suggestion exists).
Grammar findings win over spelling on the same word ("gecontroleert" is a d/t error, not a typo).
The dictionaries are loaded on the first reply that needs them, once per process
(:func:`analyser.nlp.spelling.load_dictionary`); building the pipeline only checks the files exist.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, ensure_doc_extension, lang_of, words
from analyser.nlp.grammar import GrammarChecker
from analyser.nlp.spelling import Speller, Vocabulary

ensure_doc_extension("ta_correctness")

COLUMNS = ("spelling_errors", "grammar_errors", "spelling_error_rate", "score_correctness")
CORRECTNESS_POINTS = 10.0
ERRORS_FOR_ZERO = 4.0  # errors per 100 words at which score_correctness reaches 0


def correctness_score(errors: int, n_words: int) -> float:
    if not n_words:
        return NAN
    rate = 100.0 * errors / n_words
    return CORRECTNESS_POINTS * (1.0 - min(rate / ERRORS_FOR_ZERO, 1.0))


class Correctness:
    def __init__(self, nlp: Language, vocabulary: Vocabulary) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        self.speller = Speller(self.lang, vocabulary) if self.lang else None
        self.grammar = GrammarChecker(nlp.vocab, self.lang) if self.lang else None

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, object] = dict.fromkeys(COLUMNS, NAN)
        if doc._.ta_evidence is None:
            doc._.ta_evidence = []
        if self.speller is None or self.grammar is None or lang_of(doc) == "und":
            if doc.text.strip():
                doc._.ta_evidence.append(
                    {
                        "family": "correctness",
                        "category": "not_checked",
                        "text": "",
                        "start_char": 0,
                        "end_char": 0,
                        "message": "not spell- or grammar-checked: the reply is neither English nor Dutch",
                    }
                )
            doc._.ta_correctness = result
            return doc
        grammar = self.grammar.check(doc)
        covered = [(g.start, g.end) for g in grammar]
        starts = [sentence.start_char for sentence in doc.sents]
        spelling = [
            m
            for m in self.speller.check_text(doc.text, starts)
            if not any(s < m.end and m.start < e for s, e in covered)
        ]
        n_words = len(words(doc))
        result["spelling_errors"] = len(spelling)
        result["grammar_errors"] = len(grammar)
        result["spelling_error_rate"] = 100.0 * len(spelling) / n_words if n_words else NAN
        result["score_correctness"] = correctness_score(len(spelling) + len(grammar), n_words)
        for m in spelling:
            code = "SP002" if m.rejected else "SP001"
            message = f'"{m.word}" is rejected by the vocabulary' if m.rejected else f'unknown word "{m.word}"'
            doc._.ta_evidence.append(
                {
                    "family": "correctness",
                    "category": "spelling",
                    "text": m.word,
                    "start_char": m.start,
                    "end_char": m.end,
                    "code": code,
                    "message": message,
                    "suggestion": m.suggestion,
                }
            )
        for g in grammar:
            doc._.ta_evidence.append(
                {
                    "family": "correctness",
                    "category": "grammar",
                    "text": g.text,
                    "start_char": g.start,
                    "end_char": g.end,
                    "code": g.code,
                    "rule": g.name,
                    "message": g.message,
                    "suggestion": g.suggestion,
                }
            )
        doc._.ta_correctness = result
        return doc


@Language.factory(
    "ticket_analyser_correctness",
    assigns=["doc._.ta_correctness"],
    default_config={"accept": [], "reject": [], "english": "both"},
)
def make_correctness(nlp: Language, name: str, accept: list[str], reject: list[str], english: str) -> Correctness:
    """Sets ``doc._.ta_correctness``: spelling_errors, grammar_errors, spelling_error_rate (per 100 words),
    score_correctness (0..10).  ``accept``/``reject``/``english`` are the user vocabulary
    (:class:`analyser.nlp.spelling.Vocabulary`)."""
    return Correctness(nlp, Vocabulary(tuple(accept), tuple(reject), english))  # type: ignore[arg-type]

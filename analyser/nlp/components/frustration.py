"""Frustration: the signs in a message that the customer has had enough.

Written for customer messages (the conversation stage, :mod:`analyser.conversations`, sums them over a
ticket's customer messages), computed for every scored message so one pipeline serves every role:

| column | type | counts |
|---|---|---|
| ``repeat_contact_markers`` | count | "this is not the first time": "again", "still not", "third time", "no answer", "nog steeds", "alweer", "voor de derde keer", "al twee keer gebeld" |
| ``frustration_markers`` | count | the above plus open exasperation: "unacceptable", "ridiculous", "fed up", "belachelijk", "ik ben het zat" |

Capitals ("NOT WORKING") and exclamation runs ("!!!") are the tone component's ``shouting_words`` and
``exclamation_runs``; the conversation stage adds them, so they are counted once, in one place.  Everyday
uses of the same words ("thanks again", "try again", "nogmaals bedankt", "werkt weer") are listed as
``not_frustration`` and a marker inside one of them is not counted.  Phrase lists are data:
``resources/<lang>/frustration.txt``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, words
from analyser.nlp.resources import PhraseSet, load_phrases

ensure_doc_extension("ta_frustration")

COLUMNS = ("repeat_contact_markers", "frustration_markers")
CATEGORIES = ("repeat_contact", "exasperation")


class Frustration:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        phrases = load_phrases(self.lang, "frustration") if self.lang else {}
        self.phrases = PhraseSet(nlp.vocab, nlp.tokenizer, phrases)

    def __call__(self, doc: Doc) -> Doc:
        if self.lang is None:  # the phrase lists are language-bound: unknown for other languages
            doc._.ta_frustration = dict.fromkeys(COLUMNS, NAN)
            return doc
        if not words(doc):
            doc._.ta_frustration = dict.fromkeys(COLUMNS, 0)
            return doc
        found = self.phrases.find(doc)
        harmless = found.get("not_frustration", [])
        kept = {
            category: [span for span in found.get(category, []) if not any(_within(span, h) for h in harmless)]
            for category in CATEGORIES
        }
        for category, spans in kept.items():
            add_evidence(doc, "frustration", category, spans)
        doc._.ta_frustration = {
            "repeat_contact_markers": len(kept["repeat_contact"]),
            "frustration_markers": len(kept["repeat_contact"]) + len(kept["exasperation"]),
        }
        return doc


def _within(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


@Language.factory("ticket_analyser_frustration", assigns=["doc._.ta_frustration"])
def make_frustration(nlp: Language, name: str) -> Frustration:
    """Sets ``doc._.ta_frustration``: repeat_contact_markers and frustration_markers (counts; NaN for
    languages other than English and Dutch)."""
    return Frustration(nlp)

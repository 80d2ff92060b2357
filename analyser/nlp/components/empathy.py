"""Empathy: the three mechanisms of EPITOME (Sharma et al. 2020), plus reassurance and ownership.

* emotional_reaction: the agent expresses feeling for the customer ("I'm sorry to hear", "wat vervelend");
* interpretation: the agent shows understanding of the customer's situation ("I understand that you
  couldn't work this morning", "als ik het goed begrijp");
* exploration: the agent invites the customer to say more — a question addressed to the customer
  ("Could you tell me which printer?", "Kunt u mij vertellen wanneer dit begon?");
* reassurance ("rest assured", "uw gegevens zijn veilig") and ownership ("I will", "ik ga dit voor u
  uitzoeken") are reported beside them for coaching.

Each mechanism's score is 1 - e^(-0.9 n) over its n matched phrases (0 none; 0.59 one; 0.83 two), so a
single clear expression counts most; ``empathy`` is the mean of the three mechanisms.  For exploration a
question counts only when it addresses the customer and asks for information (a matched exploration
phrase inside a question), so that a rhetorical "Have you tried turning it off?" counts less than an open
invitation; a bare question mark adds half a match.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, saturate, words
from analyser.nlp.resources import PhraseSet, load_phrases

ensure_doc_extension("ta_empathy")

MECHANISMS = ("emotional_reaction", "interpretation", "exploration")
COLUMNS = (
    "empathy",
    "empathy_emotional_reaction",
    "empathy_interpretation",
    "empathy_exploration",
    "reassurance_count",
    "ownership_count",
    "question_count",
)


class Empathy:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        self.phrases = PhraseSet(nlp.vocab, nlp.tokenizer, load_phrases(self.lang, "empathy") if self.lang else {})

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, float] = dict.fromkeys(COLUMNS, NAN)
        questions = [s for s in doc.sents if s.text.rstrip().endswith("?")]
        result["question_count"] = len(questions)
        if self.lang is None or not words(doc):
            doc._.ta_empathy = result
            return doc
        found = self.phrases.find(doc)
        emotional = found.get("emotional_reaction", [])
        interpretation = found.get("interpretation", [])
        question_spans = [(q.start, q.end) for q in questions]
        exploring = [
            span
            for span in found.get("exploration", [])
            if any(start <= span.start < end for start, end in question_spans)
        ]
        open_questions = len(
            {next(i for i, (s, e) in enumerate(question_spans) if s <= sp.start < e) for sp in exploring}
        )
        bare_questions = len(questions) - open_questions
        result["empathy_emotional_reaction"] = saturate(len(emotional))
        result["empathy_interpretation"] = saturate(len(interpretation))
        result["empathy_exploration"] = saturate(open_questions + 0.5 * bare_questions)
        result["empathy"] = sum(result[f"empathy_{m}"] for m in MECHANISMS) / 3.0
        result["reassurance_count"] = len(found.get("reassurance", []))
        result["ownership_count"] = len(found.get("ownership", []))
        for category, spans in (
            ("emotional_reaction", emotional),
            ("interpretation", interpretation),
            ("exploration", exploring),
            ("reassurance", found.get("reassurance", [])),
            ("ownership", found.get("ownership", [])),
        ):
            add_evidence(doc, "empathy", category, spans)
        doc._.ta_empathy = result
        return doc


@Language.factory("ticket_analyser_empathy", assigns=["doc._.ta_empathy"])
def make_empathy(nlp: Language, name: str) -> Empathy:
    """Sets ``doc._.ta_empathy``: empathy, empathy_emotional_reaction, empathy_interpretation,
    empathy_exploration (0..1), reassurance_count, ownership_count, question_count."""
    return Empathy(nlp)

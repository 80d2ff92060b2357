"""Personal address: you-focus versus I/we-focus; for Dutch, formal u/uw versus informal je/jij.

A reply that talks about the customer ("you can now log in") reads differently from one about the desk
("we have reset"); ``you_focus`` is the share of second-person pronouns among all personal pronouns.
Dutch service desks choose u or je as house style; mixing them in one reply ("Kunt u ... je wachtwoord")
reads careless, so ``address_mixed`` flags it.  "je" is also an impersonal pronoun in Dutch ("dan moet je
..."), which the lookup pipeline cannot tell apart; a trained pipeline does not help either, so the counts
are an upper bound for informal address.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, per_100, words
from analyser.nlp.resources import load_phrases

ensure_doc_extension("ta_address")

COLUMNS = (
    "you_per_100_words",
    "i_per_100_words",
    "we_per_100_words",
    "you_focus",
    "formal_address_count",
    "informal_address_count",
    "formality",
    "address_mixed",
)


class Address:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        phrases = load_phrases(self.lang, "address") if self.lang else {}
        self.sets = {name: frozenset(items) for name, items in phrases.items()}

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, object] = dict.fromkeys(COLUMNS, NAN)
        result["formality"] = None
        tokens = words(doc)
        if self.lang is None or not tokens:
            doc._.ta_address = result
            return doc
        n = len(tokens)

        def count(name: str) -> list:
            vocabulary = self.sets.get(name, frozenset())
            return [t for t in tokens if t.lower_ in vocabulary]

        you, me, we = count("second_person"), count("first_person_singular"), count("first_person_plural")
        result["you_per_100_words"] = per_100(len(you), n)
        result["i_per_100_words"] = per_100(len(me), n)
        result["we_per_100_words"] = per_100(len(we), n)
        pronouns = len(you) + len(me) + len(we)
        result["you_focus"] = len(you) / pronouns if pronouns else NAN
        if self.lang == "nl":
            formal, informal = count("formal"), count("informal")
            result["formal_address_count"] = len(formal)
            result["informal_address_count"] = len(informal)
            if formal and informal:
                result["formality"] = "mixed"
                add_evidence(doc, "address", "formal", [doc[t.i : t.i + 1] for t in formal])
                add_evidence(doc, "address", "informal", [doc[t.i : t.i + 1] for t in informal])
            else:
                result["formality"] = "formal" if formal else "informal" if informal else "none"
            result["address_mixed"] = bool(formal and informal)
        else:
            result["address_mixed"] = False
        doc._.ta_address = result
        return doc


@Language.factory("ticket_analyser_address", assigns=["doc._.ta_address"])
def make_address(nlp: Language, name: str) -> Address:
    """Sets ``doc._.ta_address``: you/i/we per 100 words, you_focus (0..1), formal_address_count,
    informal_address_count, formality (formal/informal/mixed/none, Dutch), address_mixed."""
    return Address(nlp)

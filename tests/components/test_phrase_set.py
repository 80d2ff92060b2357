"""PhraseSet: one matching pass per Doc for every set, each set seeing only its own categories."""

from __future__ import annotations

import spacy

from analyser.nlp.resources import PhraseSet


def _texts(found):
    return {category: [span.text for span in spans] for category, spans in found.items()}


def test_sets_share_one_pass_but_not_their_matches() -> None:
    nlp = spacy.blank("en")
    thanks = PhraseSet(nlp.vocab, nlp.tokenizer, {"gratitude": ("thank you", "thank you very much", "thanks")})
    sorry = PhraseSet(nlp.vocab, nlp.tokenizer, {"apology": ("sorry",), "gratitude": ("cheers",)})
    doc = nlp("Thank you very much! Sorry for the wait, and THANKS again. Cheers")
    assert _texts(thanks.find(doc)) == {"gratitude": ["Thank you very much", "THANKS"]}  # longest, case-blind
    assert _texts(sorry.find(doc)) == {"apology": ["Sorry"], "gratitude": ["Cheers"]}
    assert _texts(thanks.find(doc)) == {"gratitude": ["Thank you very much", "THANKS"]}  # cached pass, same answer


def test_wildcards_lemmas_and_spans() -> None:
    nlp = spacy.blank("en")
    phrases = PhraseSet(nlp.vocab, nlp.tokenizer, {"indirect": ("could you * check",), "empty": ()})
    doc = nlp("Hi. Could you please quickly check the printer? Could you check it?")
    assert _texts(phrases.find(doc)) == {"indirect": ["Could you please quickly check", "Could you check"], "empty": []}
    second = doc[10:]  # "Could you check it?"
    found = phrases.find(second)
    assert [(s.text, s.start) for s in found["indirect"]] == [("Could you check", 10)]


def test_a_retokenised_doc_is_matched_again() -> None:
    nlp = spacy.blank("en")
    phrases = PhraseSet(nlp.vocab, nlp.tokenizer, {"next_step": ("log in",)})
    doc = nlp("Please log in again")
    assert _texts(phrases.find(doc)) == {"next_step": ["log in"]}
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert _texts(phrases.find(doc)) == {"next_step": []}

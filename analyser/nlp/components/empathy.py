"""Empathy: the three mechanisms of EPITOME (Sharma et al. 2020), plus reassurance and ownership.

* emotional_reaction: the writer expresses feeling for the reader — sympathy ("I'm sorry to hear", "wat
  vervelend"), care and concern ("take care", "are you okay?"), an offer to be there ("feel free to message
  me"), hope and good wishes, validation ("you're not alone") and encouragement ("hang in there").  Beyond the
  phrase list, *warmth* counts a quarter: a sentence addressed to the reader that carries a clearly positive
  word of the sentiment lexicon ("you are so brave", "je doet het geweldig"), not a courtesy word ("thank
  you for your patience"), and no listed phrase.
* interpretation: the writer shows they understand the reader's situation, by restating or inferring it ("it
  sounds like", "that must be", "I understand that you couldn't work", "ik begrijp dat", "dat moet ...
  zijn") or by shared experience ("I've had the same", "ik heb dat zelf ook gehad").  Shared experience is
  mostly told in the first person, so each first-person pronoun is *self-disclosure* and counts 0.3 — unless
  it is the agent acting for the customer ("I have reset", "let me check", "ik heb uw melding doorgezet",
  "mijn collega") or part of an emotional-reaction phrase ("I'm sorry"), recognised from the
  ``service_action``, ``contact_verb`` and ``organisation_noun`` lists of the language's ``empathy.txt``.
* exploration: the writer invites the reader to say more.  A question counts 1 when it addresses the reader
  (a second-person word or a listed exploration phrase in it); 0.25 when it does not ask (a suggestion,
  "Maybe try a walk?"; a question the writer answers at once, "Why? Because ..."; a question about the
  writer); other questions 0.5 for the first and less for each further one (a run of rhetorical questions
  is one rhetorical turn).  An open invitation that is not a question ("tell me more", "vertel gerust")
  counts 1.
* reassurance ("rest assured", "uw gegevens zijn veilig") and ownership ("I will", "ik ga dit voor u
  uitzoeken") are reported beside them for coaching.

Each mechanism's score is 1 - e^(-0.9 w) over its evidence w (0 none; 0.59 one clear phrase; 0.83 two), so a
single clear expression counts most and further evidence adds less; ``empathy`` is the mean of the three.
A mechanism is *present* when its score is at least 0.5.  An emotional-reaction phrase inside a formula
apology ("sorry for the inconvenience", ``stock_apology``) is not evidence: that is politeness, and lint
rule EM001 asks for the acknowledgement it lacks.

The phrase lists and the weights were written from the mechanism definitions and checked on one half of the
EPITOME development set (split by seeker post); nothing is trained on EPITOME (its licence is
non-commercial).  ``docs/validation.md`` has the figures on the other half and on the Dutch test set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from analyser.nlp.components._util import (
    NAN,
    add_evidence,
    ensure_doc_extension,
    is_placeholder,
    is_word,
    saturate,
    words,
)
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
# Categories of empathy.txt matched as phrases; the other categories are word lists.
PHRASE_CATEGORIES = (
    "emotional_reaction",
    "interpretation",
    "exploration",
    "invitation",
    "suggestion",
    "reassurance",
    "ownership",
    "stock_apology",
)
WARMTH_WEIGHT = 0.25
SELF_DISCLOSURE_WEIGHT = 0.3
BARE_QUESTION_WEIGHT = 0.5
NOT_ASKING_WEIGHT = 0.25
# Words after a first-person pronoun (within its clause) in which a service verb makes it the agent acting:
# English puts the verb next to the subject ("I have reset"), Dutch often at the end ("ik heb uw melding
# doorgezet").
ACTION_WINDOW = {"en": 3, "nl": 8}
_CLAUSE_END = frozenset([",", ".", ";", ":", "!", "?", "(", ")", "-", "–", "and", "but", "en", "maar", "want", "dus"])


class Empathy:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        phrases = load_phrases(self.lang, "empathy") if self.lang else {}
        address = load_phrases(self.lang, "address") if self.lang else {}
        self.phrases = PhraseSet(nlp.vocab, nlp.tokenizer, {k: v for k, v in phrases.items() if k in PHRASE_CATEGORIES})
        # "i'm" and "i've" are split by the tokenizer: their first token is in the list on its own
        self.first_person = frozenset(w for w in address.get("first_person_singular", ()) if "'" not in w)
        self.second_person = frozenset(address.get("second_person", ()))
        self.service_actions = frozenset(phrases.get("service_action", ()))
        self.contact_verbs = frozenset(phrases.get("contact_verb", ()))
        self.organisation_nouns = frozenset(phrases.get("organisation_noun", ()))
        self.answer_words = frozenset(phrases.get("answer_word", ()))
        self.positive: frozenset[str] = frozenset()
        if self.lang:
            from analyser.nlp.components.tone import _polar_words

            self.positive = _polar_words(self.lang)[0] - frozenset(phrases.get("courtesy", ()))

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, float] = dict.fromkeys(COLUMNS, NAN)
        questions = [s for s in doc.sents if s.text.rstrip().endswith("?")]
        result["question_count"] = len(questions)
        if self.lang is None or not words(doc):
            doc._.ta_empathy = result
            return doc
        found = self.phrases.find(doc)
        formulas = found.get("stock_apology", [])
        emotional = [s for s in found.get("emotional_reaction", []) if not _overlaps_any(s, formulas)]
        interpretation = found.get("interpretation", [])
        warm = self._warm_sentences(doc, emotional)
        disclosure = self._self_disclosure(doc, emotional)
        exploring, exploration_weight = self._exploration(doc, questions, found)

        reaction_weight = len(emotional) + WARMTH_WEIGHT * len(warm)
        interpretation_weight = len(interpretation) + SELF_DISCLOSURE_WEIGHT * len(disclosure)
        result["empathy_emotional_reaction"] = saturate(reaction_weight)
        result["empathy_interpretation"] = saturate(interpretation_weight)
        result["empathy_exploration"] = saturate(exploration_weight)
        result["empathy"] = sum(result[f"empathy_{m}"] for m in MECHANISMS) / 3.0
        result["reassurance_count"] = len(found.get("reassurance", []))
        result["ownership_count"] = len(found.get("ownership", []))
        for category, spans in (
            ("emotional_reaction", emotional),
            ("warmth", warm),
            ("interpretation", interpretation),
            ("self_disclosure", [doc[t.i : t.i + 1] for t in disclosure]),
            ("exploration", exploring),
            ("reassurance", found.get("reassurance", [])),
            ("ownership", found.get("ownership", [])),
        ):
            add_evidence(doc, "empathy", category, spans)
        doc._.ta_empathy = result
        return doc

    def _warm_sentences(self, doc: Doc, emotional: list[Span]) -> list[Span]:
        """Sentences addressed to the reader with a clearly positive word and no listed phrase."""
        warm = []
        for sentence in doc.sents:
            lowered = [t.lower_ for t in sentence if is_word(t)]
            if not any(w in self.second_person for w in lowered):
                continue
            if not any(w in self.positive for w in lowered):
                continue
            if any(_overlaps(s, sentence) for s in emotional):
                continue
            warm.append(sentence)
        return warm

    def _self_disclosure(self, doc: Doc, emotional: list[Span]) -> list[Token]:
        """First-person pronouns that tell about the writer: not the agent acting for the customer, not the
        writer's feeling for the reader ("I'm sorry", "I hope": emotional reaction)."""
        reacting = {i for span in emotional for i in range(span.start, span.end)}
        disclosed = []
        for token in doc:
            if token.lower_ not in self.first_person or is_placeholder(token) or token.i in reacting:
                continue
            following = self._clause_after(doc, token)
            if any(t.lower_ in self.service_actions or _lemma(t) in self.service_actions for t in following):
                continue  # "I have reset", "ik heb uw melding doorgezet"
            if token.i > 0 and doc[token.i - 1].lower_ in self.contact_verbs:
                continue  # "let me know", "email me", "laat me weten"
            if following and following[0].lower_ in self.organisation_nouns:
                continue  # "my colleague", "mijn collega"
            disclosed.append(token)
        return disclosed

    def _clause_after(self, doc: Doc, token: Token) -> list[Token]:
        """The words after ``token`` up to the end of its clause, at most the language's action window."""
        window = ACTION_WINDOW.get(self.lang or "en", 3)
        following: list[Token] = []
        for candidate in doc[token.i + 1 :]:
            if candidate.lower_ in _CLAUSE_END or "\n" in candidate.text or len(following) >= window:
                break
            if is_word(candidate):
                following.append(candidate)
        return following

    def _exploration(self, doc: Doc, questions: list[Span], found: dict[str, list[Span]]) -> tuple[list[Span], float]:
        """Questions that ask the reader (1 each), questions that do not ask (0.25), other questions (0.5 for
        the first, less for each further one), open invitations (1)."""
        phrases = found.get("exploration", [])
        not_asking = found.get("suggestion", [])
        evidence: list[Span] = []
        weight = 0.0
        bare = 0
        for question in questions:
            inside = [s for s in phrases if question.start <= s.start < question.end]
            lowered = {t.lower_ for t in question}
            to_reader = bool(lowered & self.second_person)
            about_self = bool(lowered & self.first_person) and not to_reader
            suggests = any(question.start <= s.start < question.end for s in not_asking)
            if about_self or suggests or self._answered(doc, question):
                weight += NOT_ASKING_WEIGHT
            elif inside or to_reader:
                weight += 1.0
                evidence.extend(inside or [question])
            else:
                weight += BARE_QUESTION_WEIGHT / (1 + bare)
                bare += 1
        invitations = [s for s in found.get("invitation", []) if not any(_overlaps(s, q) for q in questions)]
        weight += len(invitations)
        evidence.extend(invitations)
        return evidence, weight

    def _answered(self, doc: Doc, question: Span) -> bool:
        """A question the writer answers at once ("Why? Because ..."): rhetorical."""
        following = [t for t in doc[question.end : question.end + 3] if is_word(t)]
        return bool(following) and following[0].lower_ in self.answer_words


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.lower_).lower()


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(_overlaps(span, other) for other in others)


@Language.factory("ticket_analyser_empathy", assigns=["doc._.ta_empathy"])
def make_empathy(nlp: Language, name: str) -> Empathy:
    """Sets ``doc._.ta_empathy``: empathy, empathy_emotional_reaction, empathy_interpretation,
    empathy_exploration (0..1), reassurance_count, ownership_count, question_count."""
    return Empathy(nlp)

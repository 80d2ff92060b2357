"""Service moves: what a reply *does* for the customer, the reply-level signals of satisfaction.

Satisfaction follows less from how a reply sounds than from what it does: whether it solves or answers,
says what happens next and when, or sends the customer away.  This component detects those moves in one
reply, as flat columns that the conversation-level analysis aggregates per ticket:

| column | type | true when the reply ... |
|---|---|---|
| ``offers_solution`` | bool | gives a fix, an answer or a way round itself: "you can now", "the address is", "I have reset", "has been refunded", "restart the app", "ik heb uw wachtwoord gereset", "wis de cache", numbered steps; not inside a referral (see below) |
| ``details_count`` | count | gives concrete details: numbers, times, prices, reference codes (tokens with digits, currency signs) |
| ``next_step_with_time`` | bool | says what will happen *and when*, in one sentence: "we will call you tomorrow", "u ontvangt binnen 2 werkdagen"; not a sentence that refers elsewhere ("call us between 8 and 5", "email us and we will assist as soon as possible"), nor a generic step beside a link ("follow the prompts here: <link> 4AM-8PM PT") |
| ``asks_for_information`` | count | asks the customer for a detail: sentences with a request ("could you send", "kunt u ... doorgeven") or a question word in a question ("which day?"); offers of more help ("anything else?") do not count |
| ``asks_to_repeat`` | bool | asks for something again ("could you send it again", "nogmaals") or asks what the customer meant ("did you mean", "bedoelt u") |
| ``apologises`` | bool | apologises (the tone component's apology markers: "sorry", "we apologise", "excuses") |
| ``declines`` | bool | says something cannot be done or is not available: "unfortunately", "there are no", "niet mogelijk" |
| ``offers_alternative`` | bool | offers another way: "instead", "would you like to try", "als alternatief" |
| ``repeats_itself`` | bool | says the same sentence twice (word overlap of 80% or more between two sentences of four words or more) |
| ``refers_elsewhere`` | bool | sends the customer to another channel, department, company or document: "contact your bank", "see our FAQ", "DM us", "neem contact op met", a link |
| ``only_refers_elsewhere`` | bool | refers elsewhere and does nothing itself: no solution, no details, no commitment by the agent, no question for the customer |

**A solution is what the reply gives itself, not a referral.**  Three kinds of solution phrase
(``resources/<lang>/service.txt``): *statements* (``[solution]``: "you can now", "there's no limit", "kan tot
vijf dagen duren") and *named fix steps* (``[fix_step]``: "restart", "clear your cache", "go to settings",
"log uit en weer in") count unless their sentence refers elsewhere ("you can now contact our billing team");
completed actions ("I have reset") likewise, and not after "to"/"te" ("working to have these removed" is an
intention).  *Pointers* (``[solution_pointer]``: "to resolve this", "here's how", "try the following", "om dit
op te lossen", "zo doet u dat") announce a solution given elsewhere; they count only when neither their
sentence nor the sentence before or after it refers elsewhere or holds a link: "We can help to resolve this.
Please create a ticket here: <link>" and "Here's how: <link>" are referrals.  Measured per ticket on real
Twitter care conversations by ``analyser/evaluation/conversations.py``.

Whether a repeated question asks for something the customer *already gave* needs the conversation; this
component marks the request (``asks_for_information``, ``asks_to_repeat``) and leaves the comparison with
earlier messages to the conversation level.  Phrase lists are data: ``resources/<lang>/service.txt``.
Validated against real satisfaction ratings in ``docs/validation.md`` (MultiWOZ part of the User
Satisfaction Simulation corpus).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, is_placeholder, is_word, words
from analyser.nlp.resources import PhraseSet, load_phrases

ensure_doc_extension("ta_service")

COLUMNS = (
    "offers_solution",
    "details_count",
    "next_step_with_time",
    "asks_for_information",
    "asks_to_repeat",
    "apologises",
    "declines",
    "offers_alternative",
    "repeats_itself",
    "refers_elsewhere",
    "only_refers_elsewhere",
)
PHRASE_CATEGORIES = (
    "solution",
    "solution_pointer",
    "fix_step",
    "decline",
    "alternative",
    "commitment",
    "time",
    "information_request",
    "information_question",
    "closing_offer",
    "repeat_marker",
    "clarification",
    "referral",
)
# Auxiliaries before (English) or around (Dutch) the participle of a completed action.
_AUXILIARIES = {
    "en": ("have", "has", "had", "'ve", "is", "are", "was", "were", "been", "now"),
    "nl": ("heb", "hebt", "heeft", "hebben", "had", "hadden", "is", "zijn", "ben", "werd", "werden"),
}
_GAP = {"en": "{0,2}", "nl": "{0,4}"}
_NEGATIONS = frozenset(["not", "n't", "never", "niet", "geen", "nooit"])
_INFINITIVE_MARKERS = frozenset(["to", "te"])
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s?(?:am|pm|a\.m\.|p\.m\.|uur)\b|\b\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)
_COUNTER = re.compile(r"([1-9])/([1-9])")
_CURRENCY = frozenset("£€$¥")
REPEAT_OVERLAP = 0.8
REPEAT_MIN_WORDS = 4


class Service:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        phrases = load_phrases(self.lang, "service") if self.lang else {}
        self.phrases = PhraseSet(nlp.vocab, nlp.tokenizer, {k: v for k, v in phrases.items() if k in PHRASE_CATEGORIES})
        self.completed = Matcher(nlp.vocab)
        participles = [p for p in phrases.get("completed_action", ()) if " " not in p]
        if self.lang and participles:
            auxiliaries = {"LOWER": {"IN": list(_AUXILIARIES[self.lang])}}
            gap = {"IS_ALPHA": True, "OP": _GAP[self.lang]}
            done = {"LOWER": {"IN": participles}}
            patterns = [[auxiliaries, gap, done]]
            if self.lang == "nl":
                patterns.append([done, auxiliaries])  # "... dat uw wachtwoord gereset is"
            self.completed.add("completed_action", patterns)

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, object] = dict.fromkeys(COLUMNS, NAN)
        result["details_count"] = _details(doc)
        if self.lang is None:
            doc._.ta_service = result  # the phrase lists are language-bound: unknown for other languages
            return doc
        if not words(doc):
            result.update({c: (0 if c == "asks_for_information" else False) for c in COLUMNS if c != "details_count"})
            doc._.ta_service = result
            return doc
        found = self.phrases.find(doc)
        sentences = list(doc.sents)
        referrals = found.get("referral", [])
        links = _links(doc)
        units = _split_after_links(sentences, links)
        solutions = self._solutions(doc, units, found)
        structure = doc._.ta_structure or {}
        result["offers_solution"] = bool(solutions) or bool(structure.get("has_numbered_steps"))

        timed = self._timed_steps(doc, units, found)
        result["next_step_with_time"] = bool(timed)

        requests = self._requests(sentences, found)
        result["asks_for_information"] = len(requests)
        repeats = [s for s in found.get("repeat_marker", []) if any(_inside(s, r) for r in requests)]
        clarifications = found.get("clarification", [])
        result["asks_to_repeat"] = bool(repeats or clarifications)

        tone = doc._.ta_tone or {}
        result["apologises"] = bool(tone.get("apology_count"))
        declines = [s for s in found.get("decline", []) if not _negated_decline(s)]
        result["declines"] = bool(declines)
        result["offers_alternative"] = bool(found.get("alternative"))

        repeated = _repeated_sentences(sentences)
        result["repeats_itself"] = bool(repeated)

        result["refers_elsewhere"] = bool(referrals or links)
        acts = solutions or timed or requests or found.get("commitment") or result["details_count"]
        result["only_refers_elsewhere"] = bool(result["refers_elsewhere"]) and not acts

        for category, spans in (
            ("solution", solutions),
            ("next_step_with_time", timed),
            ("information_request", requests),
            ("repeat_request", repeats + clarifications),
            ("decline", declines),
            ("alternative", found.get("alternative", [])),
            ("repetition", repeated),
            ("referral", referrals + [doc[t.i : t.i + 1] for t in links]),
        ):
            add_evidence(doc, "service", category, spans)
        doc._.ta_service = result
        return doc

    def _solutions(self, doc: Doc, sentences: list[Span], found: dict[str, list[Span]]) -> list[Span]:
        """The solution moves that count: a solution is something the reply itself gives, not a referral.

        * statements (``solution``: "you can now", "there's no limit"), completed actions ("I have reset") and
          named fix steps (``fix_step``: "restart the app", "clear your cache") count unless their sentence
          refers elsewhere (a ``referral`` phrase: "you can now contact our team", "we have sent you a DM");
        * pointers (``solution_pointer``: "to resolve this", "here's how", "try the following") announce a
          solution stated elsewhere; they count only when neither their sentence nor the sentence before or after
          it refers elsewhere or holds a link, so "We can help to resolve this. Please create a ticket here:
          <link>" and "Here's how: <link>" are referrals, not solutions.
        """
        referrals, links = found.get("referral", []), _links(doc)
        referring = {i for i, sentence in enumerate(sentences) if any(_inside(r, sentence) for r in referrals)}
        pointing = referring | {
            i for i, sentence in enumerate(sentences) if any(sentence.start <= t.i < sentence.end for t in links)
        }

        def index(span: Span) -> int:
            return next((i for i, sentence in enumerate(sentences) if _inside(span, sentence)), -1)

        statements = found.get("solution", []) + self._completed(doc) + found.get("fix_step", [])
        kept = [s for s in statements if index(s) not in referring]
        for pointer in found.get("solution_pointer", []):
            i = index(pointer)
            if not {i - 1, i, i + 1} & pointing:
                kept.append(pointer)
        return sorted(filter_spans(kept), key=lambda s: s.start)

    def _completed(self, doc: Doc) -> list[Span]:
        """ "I have reset", "has been refunded", "ik heb uw wachtwoord gereset" — not when negated."""
        spans = [doc[start:end] for _, start, end in self.completed(doc)]
        spans = [s for s in spans if not any(t.lower_ in _NEGATIONS for t in s)]
        # "to have these removed", "om ... te hebben": an infinitive (a purpose or an intention), not a done action
        spans = [s for s in spans if s.start == 0 or s.doc[s.start - 1].lower_ not in _INFINITIVE_MARKERS]
        return filter_spans(spans)

    def _timed_steps(self, doc: Doc, sentences: list[Span], found: dict[str, list[Span]]) -> list[Span]:
        """Sentences that say what will happen (a commitment or a next step) and when (a time or date).

        Not a sentence that refers elsewhere: a time there is the other channel's hours or a promise made on its
        behalf ("email us and we will assist as soon as possible").  A generic next step (the structure
        component's "follow the", "reach out") with a link in its sentence is a referral too ("follow the
        prompts here: <link> 4AM-8PM PT"); an agent's commitment beside a link still counts ("status at <link>
        I'll call you this afternoon": the sentencizer does not end a sentence at a link).
        """
        referrals, links = found.get("referral", []), _links(doc)
        commitments = found.get("commitment", [])
        generic = [
            doc.char_span(e["start_char"], e["end_char"], alignment_mode="expand")
            for e in (doc._.ta_evidence or [])
            if e["family"] == "structure" and e["category"] == "next_step"
        ]
        times = found.get("time", [])
        counter_places = _counter_places(doc)
        timed = []
        for sentence in sentences:
            if not (any(_inside(s, sentence) for s in times) or _has_clock(sentence, counter_places)):
                continue
            if any(_inside(r, sentence) for r in referrals):
                continue
            committed = any(_inside(s, sentence) for s in commitments)
            linked = any(sentence.start <= t.i < sentence.end for t in links)
            if committed or (not linked and any(s is not None and _inside(s, sentence) for s in generic)):
                timed.append(sentence)
        return timed

    def _requests(self, sentences: list[Span], found: dict[str, list[Span]]) -> list[Span]:
        """Sentences that ask the customer for a detail (not offers of more help)."""
        requests = []
        for sentence in sentences:
            if any(_inside(s, sentence) for s in found.get("closing_offer", [])):
                continue
            asked = any(_inside(s, sentence) for s in found.get("information_request", []))
            if sentence.text.rstrip().endswith("?"):
                asked = asked or any(_inside(s, sentence) for s in found.get("information_question", []))
            if asked:
                requests.append(sentence)
        return requests


def _inside(span: Span, sentence: Span) -> bool:
    return sentence.start <= span.start < sentence.end


def _links(doc: Doc) -> list[Token]:
    return [t for t in doc if t.like_url]


def _split_after_links(sentences: list[Span], links: list[Token]) -> list[Span]:
    """The sentences, each also ended after a link that a capitalised word follows: the sentencizer does not end
    a sentence at a link, and "Go to <link> I'll call you this afternoon" holds two ("Ga naar <link> Ik bel je
    vanmiddag").  The referral rules work on these units."""
    ends = set()
    for link in links:
        following = next((t for t in link.doc[link.i + 1 :] if not t.is_space), None)
        if following is not None and following.is_title:
            ends.add(link.i + 1)
    units = []
    for sentence in sentences:
        start = sentence.start
        for end in sorted(e for e in ends if sentence.start < e < sentence.end):
            units.append(sentence.doc[start:end])
            start = end
        units.append(sentence.doc[start : sentence.end])
    return units


def _counter_places(doc: Doc) -> set[int]:
    """Where a thread counter can stand: the first or last two tokens of the reply after any @handles."""
    body = [t.i for t in doc if not t.text.startswith("@")]
    return set(body[:2] + body[-2:])


def _has_clock(sentence: Span, ends: set[int]) -> bool:
    """A clock time or a date in the sentence; a thread counter ("1/2", "(3/3)" at one of the reply's
    ``ends``, see :func:`_counter_places`) is not a date."""
    if not _CLOCK.search(sentence.text):
        return False
    doc = sentence.doc
    for match in _CLOCK.finditer(sentence.text):
        span = doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(), "expand")
        counter = _COUNTER.fullmatch(match.group())
        if not (counter and int(counter[1]) <= int(counter[2]) and span is not None and span.start in ends):
            return True
    return False


def _negated_decline(span: Span) -> bool:
    """ "not unavailable" and the like are rare; "cannot" inside "if you cannot" is a condition, not a refusal."""
    before = span.doc[max(span.start - 2, 0) : span.start]
    return any(t.lower_ in ("if", "als", "mocht", "when", "wanneer") for t in before)


def _details(doc: Doc) -> int:
    """Tokens that carry a concrete detail: a digit or a currency sign (placeholders, links, e-mail excluded)."""
    count = 0
    for token in doc:
        text = token.text  # the cheap test first: most tokens have no digit and are no currency sign
        if not (text in _CURRENCY or any(ch.isdigit() for ch in text)):
            continue
        if not (is_placeholder(token) or token.like_url or token.like_email):
            count += 1
    return count


def _repeated_sentences(sentences: list[Span]) -> list[Span]:
    """Sentences whose words overlap an earlier sentence's by REPEAT_OVERLAP or more (Jaccard)."""
    seen: list[set[str]] = []
    repeated = []
    for sentence in sentences:
        bag = {t.lower_ for t in sentence if is_word(t)}
        if len(bag) >= REPEAT_MIN_WORDS:
            if any(len(bag & other) / len(bag | other) >= REPEAT_OVERLAP for other in seen):
                repeated.append(sentence)
            seen.append(bag)
    return repeated


@Language.factory(
    "ticket_analyser_service",
    assigns=["doc._.ta_service"],
    requires=["doc._.ta_tone", "doc._.ta_structure"],
)
def make_service(nlp: Language, name: str) -> Service:
    """Sets ``doc._.ta_service``: offers_solution, details_count, next_step_with_time, asks_for_information,
    asks_to_repeat, apologises, declines, offers_alternative, repeats_itself, refers_elsewhere,
    only_refers_elsewhere."""
    return Service(nlp)

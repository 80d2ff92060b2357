"""Structure: length, paragraphs, lists and numbered steps, links, a next step, greeting, closing, name.

A long reply is easier to act on when it is split into paragraphs or steps; a reply that ends with what
happens next (or what the customer should do) leaves the customer less in doubt.  A next step is a listed
phrase (``resources/<lang>/structure.txt``: "we will", "let us know", "laat het ons dan weten", conditional
offers such as "if it still fails, just reply"), numbered steps, or an imperative sentence (the tone
component's ``imperative`` evidence: "Restart the laptop", "Reageer dan op deze mail").  ``uses_customer_name`` is
true when the greeting is followed by a name or a name placeholder ("Hi Sarah", "Beste {{naam}}").
"""

from __future__ import annotations

import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, is_placeholder, text_of, words
from analyser.nlp.resources import PhraseSet, load_phrases

ensure_doc_extension("ta_structure")

COLUMNS = (
    "n_chars",
    "n_paragraphs",
    "n_list_items",
    "has_numbered_steps",
    "n_links",
    "has_next_step",
    "has_greeting",
    "has_closing",
    "uses_customer_name",
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)]|[a-z][.)])\s+\S", re.MULTILINE)
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+\S", re.MULTILINE)
_URL = re.compile(r"https?://\S+|www\.\S+\.\S+")
_TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "heer", "mevrouw", "mevr", "dhr", "mw"])


class Structure:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        phrases = load_phrases(self.lang, "structure") if self.lang else {}
        self.next_steps = PhraseSet(nlp.vocab, nlp.tokenizer, {"next_step": phrases.get("next_step", ())})
        closings = phrases.get("closing_line", ())
        self.closing_lines = frozenset(c for c in closings if not c.endswith("*"))
        self.closing_prefixes = tuple(c[:-1].strip() + " " for c in closings if c.endswith("*"))
        self.second_person = frozenset(
            (load_phrases(self.lang, "address") if self.lang else {}).get("second_person", ())
        )
        self.then_words = frozenset(phrases.get("then", ()))

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        result: dict[str, object] = dict.fromkeys(COLUMNS, NAN)
        result["n_chars"] = len(text)
        result["n_paragraphs"] = len([p for p in re.split(r"\n\s*\n", text) if p.strip()])
        result["n_list_items"] = len(_LIST_ITEM.findall(text))
        result["has_numbered_steps"] = len(_NUMBERED.findall(text)) >= 2
        result["n_links"] = len(_URL.findall(text))
        tone = doc._.ta_tone or {}
        result["has_greeting"] = bool(tone.get("greeting_count") == 1)
        result["has_closing"] = bool(tone.get("closing_count") == 1) or self._closing_line(text)
        if self.lang is None or not words(doc):
            result["has_next_step"] = False
            result["uses_customer_name"] = False
            doc._.ta_structure = result
            return doc
        steps = self.next_steps.find(doc).get("next_step", [])
        # an imperative ("Restart the laptop", "Reageer dan op deze mail") tells the customer what to do
        imperatives = [e for e in (doc._.ta_evidence or []) if e["family"] == "tone" and e["category"] == "imperative"]
        conditional = self._conditional_steps(doc)
        asked = [
            s for s in doc.sents if s.text.rstrip().endswith("?") and any(t.lower_ in self.second_person for t in s)
        ]  # a question to the customer: answering it is the next step
        result["has_next_step"] = bool(steps or imperatives or conditional or asked) or result["has_numbered_steps"]
        add_evidence(doc, "structure", "next_step", steps + conditional)
        result["uses_customer_name"] = self._greets_by_name(doc) if result["has_greeting"] else False
        doc._.ta_structure = result
        return doc

    def _conditional_steps(self, doc: Doc) -> list:
        """A sentence that answers a question with "then" ("Ziet u nog iets? Meld het dan via het portaal.",
        "Still stuck? Then give us a call."): a conditional next step, whatever its verb."""
        found = []
        sentences = list(doc.sents)
        for previous, sentence in itertools.pairwise(sentences):
            if not previous.text.rstrip().endswith("?") or "\n\n" in doc.text[previous.end_char : sentence.start_char]:
                continue
            first_words = [t.lower_ for t in sentence if t.is_alpha][:3]
            if any(w in self.then_words for w in first_words):
                found.append(sentence)
        return found

    def _closing_line(self, text: str) -> bool:
        """A sign-off as one of the last lines or sentences ("Thanks,", "Hoogachtend,", "Hope this helps!"),
        above a name or not; a ``closing_line`` entry ending in ``*`` matches as a prefix."""
        pieces = [p for p in re.split(r"\n+|(?<=[.!?])\s+|https?://\S+", text.strip()) if re.search(r"\w", p)]
        for piece in pieces[-3:]:
            plain = " ".join(re.sub(r"[^\w\s']", " ", piece).lower().split())
            if plain in self.closing_lines or any(plain.startswith(prefix) for prefix in self.closing_prefixes):
                return True
        return False

    @staticmethod
    def _greets_by_name(doc: Doc) -> bool:
        for token in doc[1:5]:
            if token.is_punct:
                return False
            if is_placeholder(token) or (token.is_title and token.lower_ not in _TITLES and token.is_alpha):
                return True
        return False


@Language.factory("ticket_analyser_structure", assigns=["doc._.ta_structure"], requires=["doc._.ta_tone"])
def make_structure(nlp: Language, name: str) -> Structure:
    """Sets ``doc._.ta_structure``: n_chars, n_paragraphs, n_list_items, has_numbered_steps, n_links,
    has_next_step, has_greeting, has_closing, uses_customer_name."""
    return Structure(nlp)

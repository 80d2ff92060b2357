"""Jargon: IT terms, unexplained acronyms, file paths and error codes, per 100 words.

An acronym counts as explained when the reply spells it out beside it, either way round: "multi-factor
authentication (MFA)" or "MFA (the sign-in check on your phone)".  Known IT acronyms come from
``resources/common/acronyms.tsv``, which also holds the plain alternative the audit and the linter suggest;
other all-capital tokens of two to five letters count as acronyms too, unless they are ordinary
abbreviations (OK, PS, FYI) or part of a shouted sentence (that is tone, not jargon).
``jargon_ratio`` = (jargon terms + unexplained acronyms + file paths + error codes) per 100 words.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from analyser.nlp.components._util import NAN, add_evidence, ensure_doc_extension, per_100, text_of, words
from analyser.nlp.components.readability import zipf
from analyser.nlp.resources import PhraseSet, load_phrases, load_table

ensure_doc_extension("ta_jargon")

COLUMNS = (
    "jargon_ratio",
    "jargon_terms",
    "acronyms",
    "unexplained_acronyms",
    "file_paths",
    "error_codes",
    "jargon_words",
)
_ACRONYM_SHAPE = re.compile(r"^[A-Z][A-Za-z0-9]{1,5}s?$")
_NOT_JARGON = frozenset(
    [
        "OK",
        "PS",
        "FYI",
        "ASAP",
        "NB",
        "PM",
        "AM",
        "CC",
        "BCC",
        "IT",
        "NL",
        "EN",
        "UK",
        "US",
        "EU",
        "TV",
        "PDF",
        "MB",
        "GB",
        "PC",
        "CEO",
        "HR",
        "ID",
        "FAQ",
        "NS",
        "OV",
        "BV",
        "NV",
        "CET",
        "CEST",
        "UTC",
        "TIP",
        "AUB",
        "ING",
        "ABN",
        "AMRO",
        "KPN",
        "VS",
        "EUR",
        "USD",
    ]
)
FILE_PATH = re.compile(
    r"(?<![\w/])(?:[A-Za-z]:\\[^\s,;]*|\\\\[\w.$-]+\\[^\s,;]*|~?/(?:[\w.-]+/)+[\w.-]*|%\w+%\\[^\s,;]*)"
)
ERROR_CODE = re.compile(
    r"\b0x[0-9A-Fa-f]{4,8}\b|\b(?:error|fout|foutcode|code|errorcode|status)\s*[:#]?\s*[A-Z]{0,4}-?\d{3,6}\b"
    r"|\bKB\d{6,7}\b|\bAADSTS\d{5,6}\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+|www\.\S+")


@cache
def acronym_table() -> dict[str, tuple[str, str]]:
    """acronym -> (plain English, plain Dutch)."""
    return {row[0]: (row[1], row[2] if len(row) > 2 else row[1]) for row in load_table("common", "acronyms.tsv")}


class Jargon:
    def __init__(self, nlp: Language) -> None:
        self.lang = nlp.lang if nlp.lang in ("en", "nl") else None
        self.terms = PhraseSet(nlp.vocab, nlp.tokenizer, load_phrases(self.lang, "jargon") if self.lang else {})

    def __call__(self, doc: Doc) -> Doc:
        result: dict[str, object] = dict.fromkeys(COLUMNS, NAN)
        tokens = words(doc)
        n = len(tokens)
        text_without_urls = _URL.sub(" ", text_of(doc))
        paths = list(FILE_PATH.finditer(text_without_urls))
        codes = list(ERROR_CODE.finditer(text_without_urls))
        result["file_paths"] = len(paths)
        result["error_codes"] = len(codes)
        terms = self.terms.find(doc).get("term", []) if self.lang else []
        acronyms, unexplained = [], []
        known = acronym_table()
        shouted_sentences = {
            s.start
            for s in doc.sents
            if sum(t.is_upper for t in s if t.is_alpha) >= 0.6 * max(1, sum(t.is_alpha for t in s)) and len(s) > 3
        }
        inside_terms = {i for span in terms for i in range(span.start, span.end)}
        for token in tokens:
            text = token.text
            if token.i in inside_terms:
                continue
            if text in _NOT_JARGON or not _ACRONYM_SHAPE.match(text):
                continue
            if text not in known and not (text.isupper() and 2 <= len(text.rstrip("s")) <= 5):
                continue
            if token.sent.start in shouted_sentences and text not in known:
                continue
            if text not in known and self.lang and zipf(text.lower(), self.lang) >= 3.5:
                continue  # an ordinary word in capitals ("FOUT", "UW"): shouting, not an acronym
            acronyms.append(token)
            if not self._explained(doc, token.i):
                unexplained.append(token)
        result["jargon_terms"] = len(terms)
        result["acronyms"] = len(acronyms)
        result["unexplained_acronyms"] = len(unexplained)
        found = [t.text for t in terms] + [t.text for t in unexplained]
        found += [m.group(0) for m in paths] + [m.group(0) for m in codes]
        result["jargon_words"] = "; ".join(dict.fromkeys(found))
        result["jargon_ratio"] = per_100(len(terms) + len(unexplained) + len(paths) + len(codes), n) if n else NAN
        add_evidence(doc, "jargon", "term", terms)
        add_evidence(doc, "jargon", "unexplained_acronym", [doc[t.i : t.i + 1] for t in unexplained])
        for kind, matches in (("file_path", paths), ("error_code", codes)):
            spans = [doc.char_span(*_locate(text_of(doc), m.group(0)), alignment_mode="expand") for m in matches]
            add_evidence(doc, "jargon", kind, [s for s in spans if s is not None])
        doc._.ta_jargon = result
        return doc

    @staticmethod
    def _explained(doc: Doc, i: int) -> bool:
        before = doc[i - 1].text if i > 0 else ""
        after = doc[i + 1].text if i + 1 < len(doc) else ""
        if before == "(" and after == ")":
            return True  # "multi-factor authentication (MFA)"
        return after in ("(", "—", "-", ":") and i + 2 < len(doc) and doc[i + 2].is_alpha  # "MFA (the ...)"


def _locate(text: str, needle: str) -> tuple[int, int]:
    start = max(text.find(needle), 0)
    return start, start + len(needle)


@Language.factory("ticket_analyser_jargon", assigns=["doc._.ta_jargon"])
def make_jargon(nlp: Language, name: str) -> Jargon:
    """Sets ``doc._.ta_jargon``: jargon_ratio (per 100 words), jargon_terms, acronyms, unexplained_acronyms,
    file_paths, error_codes, jargon_words (the matches, '; '-separated)."""
    return Jargon(nlp)

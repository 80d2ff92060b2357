"""Loading the per-language resource files (phrase lists, lexicons) and turning phrases into matchers.

Resources are data files under ``analyser/resources/<lang>/`` (see the README there), read once per
process with :mod:`importlib.resources` and cached.  Users extend them with extra files named in
configuration, as Vale users extend a vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

_SECTION = re.compile(r"^\[([a-z_]+)\]$")
_WILDCARD = {"OP": "{0,4}"}


def _resource_text(*parts: str) -> str | None:
    node = resources.files("analyser").joinpath("resources", *parts)
    return node.read_text(encoding="utf-8") if node.is_file() else None


@cache
def load_phrases(lang: str, family: str) -> dict[str, tuple[str, ...]]:
    """Read ``resources/<lang>/<family>.txt``: category -> phrases (lower-cased). Empty when absent."""
    text = _resource_text(lang, f"{family}.txt")
    return parse_phrases(text) if text else {}


def parse_phrases(text: str) -> dict[str, tuple[str, ...]]:
    """Parse the ``[category]`` / one-phrase-per-line format."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        match = _SECTION.match(line)
        if match:
            current = sections.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line.lower())
    return {name: tuple(dict.fromkeys(phrases)) for name, phrases in sections.items()}


@cache
def load_table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """Read a TSV resource (``#`` comments skipped): rows of fields."""
    text = _resource_text(lang, name)
    if not text:
        return ()
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(rows)


def read_extra_phrases(paths: Iterable[str | Path]) -> dict[str, tuple[str, ...]]:
    """Phrase files named in configuration, merged category by category."""
    merged: dict[str, list[str]] = {}
    for path in paths:
        for name, phrases in parse_phrases(Path(path).read_text(encoding="utf-8")).items():
            merged.setdefault(name, []).extend(phrases)
    return {name: tuple(phrases) for name, phrases in merged.items()}


class PhraseSet:
    """A spaCy :class:`Matcher` over the phrases of one family, one match label per category.

    Phrases are tokenised with the pipeline's own tokenizer so they split exactly as the text does;
    ``*`` becomes up to four arbitrary tokens; ``word~`` matches the lookup lemma.  Overlapping matches
    of one category are reduced to the longest, so "thank you very much" counts once, not three times.
    """

    def __init__(self, vocab: Vocab, tokenizer, phrases: dict[str, tuple[str, ...]]) -> None:
        self.matcher = Matcher(vocab)
        self.categories = tuple(phrases)
        for category, items in phrases.items():
            patterns = [self._pattern(tokenizer, phrase) for phrase in items]
            patterns = [p for p in patterns if p]
            if patterns:
                self.matcher.add(category, patterns)

    @staticmethod
    def _pattern(tokenizer, phrase: str) -> list[dict]:
        pattern: list[dict] = []
        for word in phrase.split():
            if word == "*":
                pattern.append(dict(_WILDCARD))
            elif word.endswith("~") and len(word) > 1:
                pattern.append({"LEMMA": {"IN": [word[:-1], word[:-1].capitalize()]}})
            else:
                pattern.extend({"LOWER": token.lower_} for token in tokenizer(word))
        return pattern

    def find(self, doc: Doc | Span) -> dict[str, list[Span]]:
        """Matches per category (every category present, possibly empty), overlaps reduced."""
        found: dict[str, list[Span]] = {category: [] for category in self.categories}
        if not len(self.matcher):
            return found
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            found[label].append(doc[start:end])
        return {label: filter_spans(spans) for label, spans in found.items()}

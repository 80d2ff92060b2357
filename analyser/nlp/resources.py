"""Loading the per-language resource files (phrase lists, lexicons) and turning phrases into matchers.

Resources are data files under ``analyser/resources/<lang>/`` (see the README there), read once per
process with :mod:`importlib.resources` and cached.  Users extend them with extra files named in
configuration, as Vale users extend a vocabulary.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
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


class _SharedMatcher:
    """The phrases of every :class:`PhraseSet` on one vocabulary, matched in one pass per Doc.

    Exact phrases go into one :class:`PhraseMatcher` on ``LOWER`` (a trie walk: cost grows with the
    text, hardly with the number of phrases); only patterns with a wildcard or a lemma go into a small
    :class:`Matcher`.  Each set's categories get labels of their own, so sets never see each other's
    matches.  The matches of the last Doc are kept, so the five phrase families of a reply cost one pass.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.patterns = Matcher(vocab)
        self.version = 0  # bumped when phrases are added: matches of a Doc seen before are stale
        self._last: tuple[object, int, int, dict[int, list[tuple[int, int]]]] | None = None

    def add(self, label: str, phrases: list[Doc], patterns: list[list[dict]]) -> None:
        if phrases:
            self.phrases.add(label, phrases)
        if patterns:
            self.patterns.add(label, patterns)
        self.version += 1
        self._last = None

    def matches(self, doc: Doc) -> dict[int, list[tuple[int, int]]]:
        """label -> [(start, end)] for ``doc``, computed once per Doc (and again if it was retokenised)."""
        last = self._last
        if last is not None and last[0] is doc and last[1] == len(doc) and last[2] == self.version:
            return last[3]
        found: dict[int, list[tuple[int, int]]] = {}
        for label, start, end in self.phrases(doc):
            found.setdefault(label, []).append((start, end))
        if len(self.patterns):
            for label, start, end in self.patterns(doc):
                found.setdefault(label, []).append((start, end))
        self._last = (doc, len(doc), self.version, found)
        return found


# One shared matcher per vocabulary, alive as long as a PhraseSet uses it (a pipeline rebuilt with a fresh
# vocabulary gets a fresh one; the old one goes with the old pipeline).
_SHARED: weakref.WeakValueDictionary[int, _SharedMatcher] = weakref.WeakValueDictionary()
_SET_NUMBERS = itertools.count()


def _shared(vocab: Vocab) -> _SharedMatcher:
    shared = _SHARED.get(id(vocab))
    if shared is None or shared.phrases.vocab is not vocab:
        shared = _SHARED[id(vocab)] = _SharedMatcher(vocab)
    return shared


class PhraseSet:
    """The phrases of one family, one match label per category.

    Phrases are tokenised with the pipeline's own tokenizer so they split exactly as the text does and are
    matched case-insensitively (``LOWER``); ``*`` becomes up to four arbitrary tokens; ``word~`` matches the
    lookup lemma.  All sets of a pipeline share one matching pass per Doc (:class:`_SharedMatcher`).
    Overlapping matches of one category are reduced to the longest, so "thank you very much" counts once,
    not three times.
    """

    def __init__(self, vocab: Vocab, tokenizer, phrases: dict[str, tuple[str, ...]]) -> None:
        self.categories = tuple(phrases)
        self._shared = _shared(vocab)
        number = next(_SET_NUMBERS)
        self._labels: dict[int, str] = {}
        lowered = self._lowered_tokens(tokenizer, phrases)
        for category, items in phrases.items():
            exact: list[Doc] = []
            patterns: list[list[dict]] = []
            for phrase in items:
                pattern = self._pattern(lowered, phrase)
                if not pattern:
                    continue
                if all(set(token) == {"LOWER"} for token in pattern):
                    exact.append(Doc(vocab, words=[token["LOWER"] for token in pattern]))
                else:
                    patterns.append(pattern)
            if exact or patterns:
                label = f"ta{number}:{category}"
                self._shared.add(label, exact, patterns)
                self._labels[vocab.strings[label]] = category

    @staticmethod
    def _lowered_tokens(tokenizer, phrases: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
        """Each distinct word of the phrases as the tokenizer splits it, lower-cased: one tokenizer call per
        word, not per occurrence (the sets repeat "you", "we", "your" hundreds of times; building a
        pipeline is what a pre-commit hook pays per commit)."""
        distinct = sorted({word for items in phrases.values() for phrase in items for word in phrase.split()})
        return {
            word: [token.lower_ for token in doc] for word, doc in zip(distinct, tokenizer.pipe(distinct), strict=True)
        }

    @staticmethod
    def _pattern(lowered: dict[str, list[str]], phrase: str) -> list[dict]:
        pattern: list[dict] = []
        for word in phrase.split():
            if word == "*":
                pattern.append(dict(_WILDCARD))
            elif word.endswith("~") and len(word) > 1:
                pattern.append({"LEMMA": {"IN": [word[:-1], word[:-1].capitalize()]}})
            else:
                pattern.extend({"LOWER": lower} for lower in lowered[word])
        return pattern

    def find(self, doc: Doc | Span) -> dict[str, list[Span]]:
        """Matches per category (every category present, possibly empty), overlaps reduced."""
        found: dict[str, list[Span]] = {category: [] for category in self.categories}
        if not self._labels:
            return found
        if isinstance(doc, Span):  # a part of a Doc: match it on its own, spans relative to it as before
            return self._find_in_span(doc, found)
        matches = self._shared.matches(doc)
        for label, category in self._labels.items():
            for start, end in matches.get(label, ()):
                found[category].append(doc[start:end])
        return {category: filter_spans(spans) if len(spans) > 1 else spans for category, spans in found.items()}

    def _find_in_span(self, span: Span, found: dict[str, list[Span]]) -> dict[str, list[Span]]:
        offset = span.start
        for label, start, end in self._shared.phrases(span):  # the PhraseMatcher answers in Doc positions
            if label in self._labels:
                found[self._labels[label]].append(span[start - offset : end - offset])
        if len(self._shared.patterns):
            for label, start, end in self._shared.patterns(span):  # the Matcher in Span positions
                if label in self._labels:
                    found[self._labels[label]].append(span[start:end])
        return {category: filter_spans(spans) for category, spans in found.items()}

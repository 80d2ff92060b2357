"""Rule-based grammar checks, precise rather than broad: each rule is data in ``resources/<lang>/grammar.yml``.

A rule has a code (the linter's ``GRxxx``), a message, one or more spaCy ``Matcher`` token patterns, the
token(s) of the match to replace (``target``) and how to rewrite them (``transform``: ``add_t``, ``drop_t``,
``d_to_t``, ``t_to_d``, ``eerd``, a literal ``replace``, or ``delete``).  Word lists shared by several rules are
named once under ``lists`` and referenced as ``$name`` inside a pattern.  What a token pattern cannot say is a
rule option checked here: ``before_not`` (the token before the match is not one of these words), ``after_not`` /
``after_in`` (the token after the match), ``after_punct_or_end``.  Doubled words ("the the") are found in code,
with the language's ``doubled_ok`` list ("that that", "die die").

The blank pipeline has no tagger, so rules name the words they need (subject pronouns, auxiliaries, the d/t
verb forms) rather than parts of speech: this keeps them precise on the lookup pipeline and identical on a
trained one.  Each rule's precision is measured by ``evaluation/spelling_grammar.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from analyser.errors import ConfigError
from analyser.yamlfile import safe_load


@dataclass(frozen=True)
class GrammarRule:
    code: str
    name: str
    message: str
    target: tuple[int, int]
    transform: str
    replace: str = ""
    before_not: frozenset[str] = frozenset()
    after_not: frozenset[str] = frozenset()
    after_in: frozenset[str] = frozenset()
    after_punct_or_end: bool = False
    sentence_not: frozenset[str] = frozenset()
    not_sentence_start: bool = False


@dataclass
class GrammarError:
    """One finding: the rule, the character span to replace and the replacement."""

    code: str
    name: str
    message: str
    start: int
    end: int
    text: str
    suggestion: str


@cache
def load_grammar(lang: str) -> dict[str, Any]:
    """``resources/<lang>/grammar.yml`` parsed (empty when the language has none)."""
    node = resources.files("analyser").joinpath("resources", lang, "grammar.yml")
    if not node.is_file():
        return {"lists": {}, "rules": [], "doubled_ok": []}
    data = safe_load(node.read_text(encoding="utf-8")) or {}
    data.setdefault("lists", {})
    data.setdefault("rules", [])
    data.setdefault("doubled_ok", [])
    return data


def _expand(value: Any, lists: dict[str, list[str]], where: str) -> Any:
    """Replace ``$name`` references (a whole value, or an item of a list) with the named word list."""
    if isinstance(value, str) and value.startswith("$"):
        if value[1:] not in lists:
            raise ConfigError(f"{where}: unknown word list {value}")
        return list(lists[value[1:]])
    if isinstance(value, list):
        out: list[Any] = []
        for item in value:
            expanded = _expand(item, lists, where)
            out.extend(expanded if isinstance(item, str) and item.startswith("$") else [expanded])
        return out
    if isinstance(value, dict):
        return {key: _expand(item, lists, where) for key, item in value.items()}
    return value


def _words(value: Any, lists: dict[str, list[str]], where: str) -> frozenset[str]:
    return frozenset(str(v).lower() for v in _expand(value or [], lists, where))


class GrammarChecker:
    """The grammar rules of one language, compiled into one :class:`Matcher` over the pipeline's vocab."""

    def __init__(self, vocab: Vocab, lang: str) -> None:
        data = load_grammar(lang)
        lists = {name: [str(w).lower() for w in words] for name, words in data["lists"].items()}
        self.lang = lang
        self.matcher = Matcher(vocab)
        self.rules: dict[str, GrammarRule] = {}
        self.doubled_ok = frozenset(str(w).lower() for w in data["doubled_ok"])
        self.doubled = next((r for r in data["rules"] if r.get("transform") == "delete"), None)
        for raw in data["rules"]:
            where = f"resources/{lang}/grammar.yml: {raw.get('code')}"
            if raw.get("transform") == "delete":
                continue
            target = raw.get("target", 0)
            span = (target, target + 1) if isinstance(target, int) else (int(target[0]), int(target[1]))
            rule = GrammarRule(
                code=raw["code"],
                name=raw["name"],
                message=raw["message"],
                target=span,
                transform=raw["transform"],
                replace=str(raw.get("replace", "")),
                before_not=_words(raw.get("before_not"), lists, where),
                after_not=_words(raw.get("after_not"), lists, where),
                after_in=_words(raw.get("after_in"), lists, where),
                after_punct_or_end=bool(raw.get("after_punct_or_end", False)),
                sentence_not=_words(raw.get("sentence_not"), lists, where),
                not_sentence_start=bool(raw.get("not_sentence_start", False)),
            )
            key = f"{rule.code}:{len(self.rules)}"
            self.rules[key] = rule
            self.matcher.add(key, _expand(raw["patterns"], lists, where))

    def check(self, doc: Doc) -> list[GrammarError]:
        found: list[GrammarError] = []
        taken: set[int] = set()
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            rule = self.rules[doc.vocab.strings[match_id]]
            if not self._context_ok(rule, doc, start, end):
                continue
            width = rule.target[1] - rule.target[0]
            first = (end if rule.target[0] < 0 else start) + rule.target[0]
            last = first + width
            if any(i in taken for i in range(first, last)):
                continue
            span = doc[first:last]
            suggestion = _rewrite(span.text, rule)
            if not suggestion or suggestion == span.text:
                continue
            taken.update(range(first, last))
            found.append(
                GrammarError(
                    rule.code,
                    rule.name,
                    rule.message.format(text=span.text, suggestion=suggestion),
                    span.start_char,
                    span.end_char,
                    span.text,
                    suggestion,
                )
            )
        found += self._doubled(doc, taken)
        return sorted(found, key=lambda g: g.start)

    @staticmethod
    def _context_ok(rule: GrammarRule, doc: Doc, start: int, end: int) -> bool:
        before = doc[start - 1].lower_ if start > 0 else ""
        after = doc[end] if end < len(doc) else None
        if before and before in rule.before_not:
            return False
        sentence = doc[start].sent
        if rule.not_sentence_start and (start == sentence.start or doc[start - 1].is_punct or "\n" in before):
            return False
        if rule.sentence_not and any(t.lower_ in rule.sentence_not for t in doc[sentence.start : start]):
            return False
        if after is not None and after.lower_ in rule.after_not:
            return False
        if rule.after_in and (after is None or after.lower_ not in rule.after_in):
            if not (rule.after_punct_or_end and (after is None or after.is_punct or after.is_space)):
                return False
        elif rule.after_punct_or_end and after is not None and not (after.is_punct or after.is_space):
            return False
        return True

    def _doubled(self, doc: Doc, taken: set[int]) -> list[GrammarError]:
        if self.doubled is None:
            return []
        out = []
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if (
                token.is_alpha
                and previous.is_alpha
                and token.lower_ == previous.lower_
                and previous.whitespace_ == " "
                and token.lower_ not in self.doubled_ok
                and not token._.ta_placeholder
                and token.i not in taken
                and not (token.i + 1 < len(doc) and not token.whitespace_ and doc[token.i + 1].is_alpha)
            ):
                end = token.idx + len(token.text)
                out.append(
                    GrammarError(
                        self.doubled["code"],
                        self.doubled["name"],
                        self.doubled["message"].format(text=f"{previous.text} {token.text}", suggestion=previous.text),
                        previous.idx,
                        end,
                        doc.text[previous.idx : end],
                        previous.text,
                    )
                )
                taken.add(token.i)
        return out


def _rewrite(text: str, rule: GrammarRule) -> str:
    """The replacement for the target text under the rule's transform, keeping an initial capital."""
    lower = text.lower()
    transform = rule.transform
    if transform == "add_t":
        new = lower + "t"
    elif transform == "drop_t":
        new = lower[:-1] if lower.endswith("t") else lower
    elif transform == "d_to_t":
        new = lower[:-1] + "t" if lower.endswith("d") else lower
    elif transform == "t_to_d":
        new = lower[:-1] + "d" if lower.endswith("t") else lower
    elif transform == "eerd":
        new = re.sub(r"eert$", "eerd", lower)
    elif transform == "replace":
        new = rule.replace
    else:
        raise ConfigError(f"grammar rule {rule.code}: unknown transform {transform!r}")
    if text[:1].isupper():
        new = new[:1].upper() + new[1:]
    return new

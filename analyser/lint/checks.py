"""The check kinds behind the rule files: each turns a rule and a template into raw findings.

A rule file names its ``kind``; :data:`CHECKS` maps the kind to a function here.  Positions come from the
spaCy components' evidence (``doc._.ta_evidence``, character offsets of every matched phrase) wherever a
component already finds the signal, so the linter and the feature extraction never disagree about what a
blaming phrase or an unexplained acronym is.  The linter adds only what is template-specific: malformed
placeholders, sentence positions, the Dutch plain-language list and the apology-without-acknowledgement
logic.

Every function yields :class:`Raw` findings in *source* offsets (see :class:`analyser.lint.sources.Template`).

A finding that can be fixed carries its fix as data, as ruff's do: a :class:`Fix` is one or more
:class:`Edit` (a source span and its replacement) plus whether it is *safe* (meaning and placeholders
kept; applied by ``--fix``) or *unsafe* (a likely rewrite a person should read; needs ``--unsafe-fixes``).
A check builds one with :meth:`Context.fix`, which takes offsets in the normalised text the check reads
and takes the safety from the rule file (``fixable: safe`` or ``fixable: unsafe``); nothing is written
here: :mod:`analyser.lint.fixes` applies the edits, and refuses any that would touch a placeholder or an
inline suppression.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc

from analyser.lint.rules import Rule
from analyser.lint.sources import Template
from analyser.nlp.components._util import is_placeholder

FIXABLE = ("safe", "unsafe")


@dataclass(frozen=True)
class Edit:
    """Replace ``source[start:end]`` of a template with ``content`` (offsets in :attr:`Template.source`).

    ``start == end`` inserts; an empty ``content`` deletes."""

    start: int
    end: int
    content: str


@dataclass(frozen=True)
class Fix:
    """A finding's fix as data: the edits, whether it is safe to apply unasked, and what it does."""

    edits: tuple[Edit, ...]
    safe: bool
    message: str

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"


@dataclass
class Raw:
    """A finding before suppression and formatting: source offsets, message, template-wide or not, fix."""

    start: int
    end: int
    message: str
    whole_template: bool = False
    fix: Fix | None = None


@dataclass
class Context:
    """What a check sees: the template, its language, the parsed text and the thresholds in force."""

    template: Template
    lang: str
    doc: Doc | None
    norm_text: str
    norm_to_text: list[int] | None
    thresholds: dict[str, Any]
    cache: dict[str, Any] = field(default_factory=dict)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of a [start, end) span of the normalised text."""
        if self.norm_to_text is not None:
            last = len(self.norm_to_text) - 1
            start_text = self.norm_to_text[min(start, last)] if last >= 0 else 0
            end_text = self.norm_to_text[min(max(end - 1, start), last)] + 1 if last >= 0 else 0
        else:
            start_text, end_text = start, end
        source_start = self.template.source_offset(start_text)
        source_end = self.template.source_offset(max(end_text - 1, start_text)) + 1
        return source_start, max(source_end, source_start + 1)

    def fix(self, rule: Rule, edits: list[tuple[int, int, str]], message: str) -> Fix | None:
        """A :class:`Fix` from ``(start, end, content)`` edits in *normalised-text* offsets, mapped to the source.

        Safe or unsafe as the rule file says (``fixable: safe | unsafe``); ``None`` when the rule declares no
        fix, so a check can always offer one and the rule file decides."""
        fixable = rule.options.get("fixable")
        if fixable not in FIXABLE:
            return None
        mapped = []
        for start, end, content in edits:
            if start == end:  # an insertion: before the character at ``start``, or after the last one
                if start < len(self.norm_text):
                    at = self.source_span(start, start + 1)[0]
                else:
                    at = self.source_span(len(self.norm_text) - 1, len(self.norm_text))[1] if self.norm_text else 0
                mapped.append(Edit(at, at, content))
            else:
                mapped.append(Edit(*self.source_span(start, end), content))
        return Fix(tuple(mapped), fixable == "safe", message)

    def source_fix(self, rule: Rule, edits: list[tuple[int, int, str]], message: str) -> Fix | None:
        """As :meth:`fix`, for edits already in source offsets (checks that read the source itself)."""
        fixable = rule.options.get("fixable")
        if fixable not in FIXABLE:
            return None
        return Fix(tuple(Edit(*edit) for edit in edits), fixable == "safe", message)

    def evidence(self, family: str, categories: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
        if self.doc is None:
            return []
        return [e for e in (self.doc._.ta_evidence or []) if e["family"] == family and e["category"] in categories]

    def start_of_text(self) -> tuple[int, int]:
        stripped = len(self.norm_text) - len(self.norm_text.lstrip())
        end = self.norm_text.find("\n", stripped)
        return self.source_span(stripped, end if end > stripped else len(self.norm_text))

    def end_of_text(self) -> tuple[int, int]:
        body = self.norm_text.rstrip()
        start = body.rfind("\n") + 1
        return self.source_span(start, max(len(body), start + 1))


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _format(rule: Rule, **values: Any) -> str:
    try:
        return rule.message.format(**values)
    except (KeyError, IndexError, ValueError):
        return rule.message


def _trimmed(entry: dict[str, Any], text: str) -> tuple[int, int]:
    start, end = entry["start_char"], entry["end_char"]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- evidence: a component's matched phrases -------------------------------------------------------


@cache
def _acronyms() -> dict[str, tuple[str, str]]:
    from analyser.nlp.components.jargon import acronym_table

    return acronym_table()


def _ordinary_word(word: str, lang: str) -> bool:
    """An all-caps token that is an everyday word in capitals ('FOUT', 'UW'): shouting, not an acronym."""
    if word in _acronyms() or lang not in ("en", "nl"):
        return False
    from analyser.nlp.components.readability import zipf

    return zipf(word.lower(), lang) >= 4.0


def check_evidence(rule: Rule, ctx: Context) -> Iterator[Raw]:
    categories = tuple(rule.options.get("categories", ()))
    entries = ctx.evidence(rule.options["family"], categories)
    shouted = [(e["start_char"], e["end_char"]) for e in ctx.evidence("tone", ("shouting",))]
    if categories == ("shouting",):
        entries = _runs(entries, ctx.norm_text)
    seen = set()
    for entry in entries:
        start, end = _trimmed(entry, ctx.norm_text)
        if entry["category"] == "command_without_please":
            start = _after_greeting_line(ctx, start, end)
        if start >= end or start in seen:
            continue
        text = ctx.norm_text[start:end]
        if _signature_initials(ctx.norm_text, start):
            continue  # "^AS", "*TB": an agent's initials, as social-media replies sign off
        if not _keep(rule, ctx, entry["category"], text, end):
            continue
        suggestion = ""
        if entry["category"] == "unexplained_acronym":
            if any(s <= start < e for s, e in shouted) or _ordinary_word(text, ctx.lang):
                continue
            plain = _acronyms().get(text.rstrip("s")) or _acronyms().get(text)
            if plain is None and rule.options.get("known_only"):
                continue
            if plain:
                alternative = plain[0] if ctx.lang == "en" else plain[1]
                suggestion = f'; say "{alternative}"' if ctx.lang == "en" else f'; zeg "{alternative}"'
        seen.add(start)
        category = entry["category"].replace("_", " ")
        message = _format(rule, text=_clip(text), suggestion=suggestion, category=category)
        fix = _evidence_fix(rule, ctx, entry["category"], start, end, plain if suggestion else None)
        yield Raw(*ctx.source_span(start, end), message, fix=fix)


def _evidence_fix(
    rule: Rule, ctx: Context, category: str, start: int, end: int, plain: tuple[str, str] | None
) -> Fix | None:
    """The rewrite a reviewer would start from, for the evidence categories that have an obvious one."""
    text = ctx.norm_text[start:end]
    if category == "unexplained_acronym" and plain:
        alternative = plain[0] if ctx.lang == "en" else plain[1]
        return ctx.fix(rule, [(end, end, f" ({alternative})")], f'explain "{text}": add "({alternative})"')
    if category == "shouting":
        lowered = text.lower()
        if _sentence_start(ctx.norm_text, start):
            lowered = lowered[:1].upper() + lowered[1:]
        return ctx.fix(rule, [(start, end, lowered)], f'write "{_clip(text)}" in lower case')
    if category == "command_without_please" and ctx.lang == "en" and text[:1].isupper() and not text[:2].isupper():
        return ctx.fix(rule, [(start, start + 1, "Please " + text[0].lower())], 'add "Please"')
    return None


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“(")
    return not before or before[-1] in ".!?:\n"


def _signature_initials(text: str, start: int) -> bool:
    return start > 0 and text[start - 1] in "^*~"


def _keep(rule: Rule, ctx: Context, category: str, text: str, end: int) -> bool:
    """Rule-file exceptions that the component cannot know: expectations, suggestions, names."""
    following = ctx.norm_text[end : end + 40].split()
    if category == "blame" and following and following[0].lower().strip(".,") in rule.options.get("not_before", ()):
        return False
    if category == "command_without_please":
        lowered = " ".join(text.lower().split())
        softeners = rule.options.get("softeners", {}).get(ctx.lang, ())
        if any(lowered.startswith(s + " ") or lowered.startswith(s + ":") or lowered == s for s in softeners):
            return False
    if category == "shouting":
        words = re.findall(r"\S+", text)
        if not all(w.strip(".,:;!?'\"()").isalpha() for w in words):
            return False  # COVID-19, 8AM-8PM, K-12: codes and times, not raised voice
        if len(words) == 1 and ctx.lang in ("en", "nl"):
            from analyser.nlp.components.readability import zipf

            if zipf(words[0].strip(".,:;!?'\"()").lower(), ctx.lang) < float(rule.options.get("min_zipf_single", 0)):
                return False  # a lone unknown capitalised word is a name (BHIM), not shouting
    return True


def _runs(entries: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Adjacent shouted words on one line ("DO NOT CALL US AGAIN") as one entry: one finding per shout."""
    merged: list[dict[str, Any]] = []
    for entry in sorted(entries, key=lambda e: e["start_char"]):
        if merged and re.fullmatch(
            r"[^\w\n]*(?:\b[A-Z]{1,3}\b[^\w\n]*)*", text[merged[-1]["end_char"] : entry["start_char"]]
        ):
            merged[-1] = {**merged[-1], "end_char": entry["end_char"]}
        else:
            merged.append(dict(entry))
    return merged


def _after_greeting_line(ctx: Context, start: int, end: int) -> int:
    """A sentence without a full stop after the greeting ("Hi Anna,\n\nRestart ...") starts at the command."""
    greetings = ctx.evidence("politeness", ("greeting",))
    newline = ctx.norm_text.find("\n", start, end)
    if newline < 0 or not any(start <= g["start_char"] < newline for g in greetings):
        return start
    rest = ctx.norm_text[newline:end]
    return newline + len(rest) - len(rest.lstrip())


# --- absence: a structure flag that is false ------------------------------------------------------


def check_absence(rule: Rule, ctx: Context) -> Iterator[Raw]:
    if ctx.doc is None:
        return
    structure = ctx.doc._.ta_structure or {}
    n_words = (ctx.doc._.ta_readability or {}).get("n_words", 0) or 0
    if n_words < int(rule.options.get("min_words", 1)):
        return
    if structure.get(rule.options["flag"]):
        return
    if rule.options.get("list_counts") and (structure.get("n_list_items") or 0) >= 2:
        return  # a bulleted list of steps tells the customer what to do
    start = rule.options.get("anchor") == "start"
    span = ctx.start_of_text() if start else ctx.end_of_text()
    fix = None
    insert = (rule.options.get("insert") or {}).get(ctx.lang)
    if insert and ctx.template.markup == "text":  # HTML would need markup, not lines: no fix there
        body = ctx.norm_text.rstrip()
        at = len(ctx.norm_text) - len(ctx.norm_text.lstrip()) if start else len(body)
        closings = ctx.evidence("politeness", ("closing",)) if rule.options.get("before_closing") else []
        if closings:  # a next step goes above "Kind regards,", as its own paragraph
            at = ctx.norm_text.rfind("\n", 0, closings[-1]["start_char"]) + 1
            insert = insert.strip("\n") + "\n\n"
        fix = ctx.fix(rule, [(at, at, insert)], f"insert {insert.strip()!r}")
    yield Raw(*span, _format(rule), whole_template=True, fix=fix)


# --- readability and sentence length --------------------------------------------------------------


def check_readability(rule: Rule, ctx: Context) -> Iterator[Raw]:
    if ctx.doc is None:
        return
    values = ctx.doc._.ta_readability or {}
    n_words = values.get("n_words", 0) or 0
    score = values.get("flesch_reading_ease", math.nan)
    threshold = float(ctx.thresholds["min-reading-ease"])
    if n_words < int(ctx.thresholds["min-words-for-readability"]) or score != score or score >= threshold:
        return
    formula = "Flesch Reading Ease" if ctx.lang == "en" else "Flesch-Douma"
    message = _format(rule, score=score, threshold=threshold, formula=formula)
    yield Raw(*ctx.start_of_text(), message, whole_template=True)


def check_sentence_length(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """Sentences split further at line breaks: in a template a line (a greeting, a list item) ends a thought."""
    if ctx.doc is None:
        return

    limit = int(ctx.thresholds["max-sentence-words"])
    for sentence in ctx.doc.sents:
        segment: list = []
        for token in sentence:
            if token.is_space and "\n" in token.text:
                yield from _long(rule, ctx, segment, limit)
                segment = []
                continue
            if segment and segment[-1].like_url and token.is_title:
                yield from _long(rule, ctx, segment, limit)  # "see: https://... Let us know": a new sentence
                segment = []
            segment.append(token)
            if "\n" in token.whitespace_:
                yield from _long(rule, ctx, segment, limit)
                segment = []
        yield from _long(rule, ctx, segment, limit)


def _long(rule: Rule, ctx: Context, segment: list, limit: int) -> Iterator[Raw]:
    from analyser.nlp.components._util import is_word

    words = [t for t in segment if is_word(t)]
    if len(words) > limit:
        start, end = words[0].idx, segment[-1].idx + len(segment[-1].text)
        yield Raw(*ctx.source_span(start, end), _format(rule, words=len(words), threshold=limit))


# --- pattern and substitution ---------------------------------------------------------------------


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def check_pattern(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """A regular expression over the normalised text; ``replace`` (a ``re`` template such as ``\\1``) is the fix."""
    replace = rule.options.get("replace")
    for match in _compiled(rule.options["pattern"]).finditer(ctx.norm_text):
        fix = None
        if isinstance(replace, str):
            content = match.expand(replace)
            fix = ctx.fix(
                rule, [(match.start(), match.end(), content)], f'replace "{_clip(match.group())}" with "{content}"'
            )
        yield Raw(*ctx.source_span(match.start(), match.end()), _format(rule, text=_clip(match.group())), fix=fix)


@cache
def _phrase_matcher(lang: str):
    from spacy.matcher import PhraseMatcher

    from analyser.lint.plain_words import plain_words
    from analyser.nlp.pipeline import build_pipeline

    nlp = build_pipeline(lang)
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases = [p for p in plain_words() if " " in p]
    matcher.add("plain", list(nlp.tokenizer.pipe(phrases)))
    singles = {p for p in plain_words() if " " not in p}
    return matcher, singles


def _alternatives(value: str) -> list[str]:
    """'dus; daarom' or 'use|utilise' -> ['dus', 'daarom']: a swap value may list several, first is best."""
    return [part.strip() for part in re.split(r"[;|]", value) if part.strip()]


def _same_case(replacement: str, original: str) -> str:
    """The replacement written as the original was: 'Derhalve' -> 'Daarom', 'UTILISE' -> 'USE'; an optional
    part in brackets is left out ('door(dat)' -> 'door')."""
    replacement = " ".join(re.sub(r"\([^()]*\)", "", replacement).split()) or replacement
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def check_substitution(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """A swap table: the bundled Dutch plain-language list (``table: plain_words``, matched on lemmas too) or
    a rule's own ``swap`` (phrase -> replacement, case-insensitive, whole words; a team rule's usual kind)."""
    if "table" not in rule.options:
        yield from _check_swap(rule, ctx)
        return
    if ctx.doc is None or ctx.lang != "nl":
        return
    from spacy.util import filter_spans

    from analyser.lint.plain_words import plain_words

    table = plain_words()
    matcher, singles = _phrase_matcher(ctx.lang)
    spans = [ctx.doc[s:e] for _, s, e in matcher(ctx.doc)]
    for token in ctx.doc:
        if not token.is_alpha or is_placeholder(token):
            continue
        if token.lower_ in singles or (token.lemma_.lower() in singles and token.lemma_.lower() != token.lower_):
            spans.append(ctx.doc[token.i : token.i + 1])
    for span in filter_spans(spans):
        key = span.text.lower() if span.text.lower() in table else span.lemma_.lower()
        alternatives = _alternatives(table.get(key) or table.get(span[0].lemma_.lower(), ""))
        suggestion = " of ".join(f'"{a}"' for a in alternatives[:3])
        fix = None
        if alternatives and span.text.lower() == key:  # the listed form itself; an inflected one needs a person
            replacement = _same_case(alternatives[0], span.text)
            fix = ctx.fix(
                rule, [(span.start_char, span.end_char, replacement)], f'replace "{span.text}" with "{replacement}"'
            )
        yield Raw(
            *ctx.source_span(span.start_char, span.end_char),
            _format(rule, text=span.text, suggestion=suggestion),
            fix=fix,
        )


@cache
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole-word, case-insensitive alternation of literal phrases (longest first; spaces match any space)."""
    parts = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(r"\s+".join(re.escape(word) for word in part.split()) for part in parts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _check_swap(rule: Rule, ctx: Context) -> Iterator[Raw]:
    from analyser.lint.rules import per_language

    swap = per_language(rule.options.get("swap"), dict).get(ctx.lang) or {}
    lowered = {" ".join(key.lower().split()): value for key, value in swap.items()}
    pattern = _phrase_regex(tuple(lowered))
    if pattern is None:
        return
    for match in pattern.finditer(ctx.norm_text):
        text = match.group()
        alternatives = _alternatives(lowered.get(" ".join(text.lower().split()), ""))
        suggestion = " or ".join(f'"{a}"' for a in alternatives[:3])
        fix = None
        if alternatives:
            replacement = _same_case(alternatives[0], text)
            fix = ctx.fix(rule, [(match.start(), match.end(), replacement)], f'replace "{text}" with "{replacement}"')
        yield Raw(
            *ctx.source_span(match.start(), match.end()),
            _format(rule, text=_clip(text), suggestion=suggestion),
            fix=fix,
        )


def check_phrases(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """A phrase list (Vale's ``existence``): each occurrence of a listed phrase, whole words, any case."""
    from analyser.lint.rules import per_language

    phrases = per_language(rule.options.get("phrases"), str).get(ctx.lang) or []
    pattern = _phrase_regex(tuple(phrases))
    if pattern is None:
        return
    for match in pattern.finditer(ctx.norm_text):
        yield Raw(*ctx.source_span(match.start(), match.end()), _format(rule, text=_clip(match.group())))


# --- apology without acknowledgement --------------------------------------------------------------


def check_apology(rule: Rule, ctx: Context) -> Iterator[Raw]:
    apologies = ctx.evidence("politeness", ("apology",))
    if not apologies:
        return
    if ctx.evidence("empathy", ("emotional_reaction", "interpretation")):
        return
    lowered = " ".join(ctx.norm_text.lower().replace("’", "'").split())
    if any(phrase in lowered for phrase in rule.options.get("acknowledgement", {}).get(ctx.lang, [])):
        return
    words = rule.options.get("disruption", {}).get(ctx.lang, [])
    if not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", lowered) for w in words):
        return
    first = apologies[0]
    start, end = _trimmed(first, ctx.norm_text)
    yield Raw(*ctx.source_span(start, end), _format(rule, text=_clip(ctx.norm_text[start:end])), whole_template=True)


# --- Dutch u/je mixing ----------------------------------------------------------------------------


def check_address(rule: Rule, ctx: Context) -> Iterator[Raw]:
    if ctx.doc is None or not (ctx.doc._.ta_address or {}).get("address_mixed"):
        return
    formal = ctx.evidence("address", ("formal",))
    informal = ctx.evidence("address", ("informal",))
    if not formal or not informal:
        return
    minority, majority = (informal, "u") if len(informal) <= len(formal) else (formal, "je")
    label = "je/jij" if minority is informal else "u/uw"
    entry = minority[0]
    yield Raw(
        *ctx.source_span(entry["start_char"], entry["end_char"]),
        _format(rule, text=entry["text"], minority=label, majority=majority),
        whole_template=False,
    )


# --- placeholders ---------------------------------------------------------------------------------

_DELIMITERS = re.compile(r"\{\{\{|\}\}\}|\{\{|\}\}|\{%|%\}")
_COMMENT = re.compile(r"<!--.*?-->|\{#.*?#\}", re.DOTALL)
_UNCLOSED_PERCENT = re.compile(r"(?<![\w%])%[A-Z][A-Z0-9_]{2,}\b(?![%\w])")
_BLOCKS = ("if", "unless", "for", "case", "capture", "block", "macro", "raw", "with", "filter")
_EXPRESSION_WORDS = frozenset(["or", "and", "not", "if", "else", "in", "is"])


def check_placeholder(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """Balance ``{{ }}`` and ``{% %}`` with a stack over the source (comments blanked), then block tags."""
    source = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), ctx.template.source)
    problems: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int]] = []
    blocks: list[tuple[str, int, int]] = []
    for match in _DELIMITERS.finditer(source):
        token, at = match.group(), match.start()
        if token in ("{{{", "}}}"):
            continue  # Handlebars/Mustache unescaped output: out of scope
        if token in ("{{", "{%"):
            if stack:
                kind, opened = stack.pop()
                problems.append((opened, at, f"{kind} is not closed"))
            stack.append((token, at))
            continue
        opener = "{{" if token == "}}" else "{%"
        if not stack or stack[-1][0] != opener:
            if token == "%}":
                continue  # a literal '%}' in text is harmless
            problems.append((at, at + 2, f"{token} has no opening {opener}"))
            if stack:
                stack.pop()
            continue
        _, opened = stack.pop()
        inner = source[opened + 2 : at].strip().strip("-").strip()
        if opener == "{{":
            problem = _placeholder_problem(inner)
            if problem:
                problems.append((opened, at + 2, problem))
        else:
            word = inner.split()[0] if inner.split() else ""
            if word in _BLOCKS:
                blocks.append((word, opened, at + 2))
            elif word.startswith("end") and word[3:] in _BLOCKS:
                if blocks and blocks[-1][0] == word[3:]:
                    blocks.pop()
                else:
                    problems.append((opened, at + 2, f"{{% {word} %}} has no opening {{% {word[3:]} %}}"))
    for kind, opened in stack:
        problems.append((opened, opened + 2, f"{kind} is not closed"))
    for word, opened, closed in blocks:
        problems.append((opened, closed, f"{{% {word} %}} has no {{% end{word} %}}"))
    for match in _UNCLOSED_PERCENT.finditer(source):
        problems.append((match.start(), match.end(), f"{match.group()} has no closing %"))
    for start, end, problem in sorted(problems):
        snippet = _clip(source[start : max(end, start + 24)].split("\n")[0], 40)
        fix = _placeholder_fix(rule, ctx, source, start, end, problem)
        yield Raw(start, max(end, start + 1), _format(rule, problem=f"{problem} ({snippet})"), fix=fix)


_HALF_CLOSED = re.compile(r"\{\{-?\s*[A-Za-z_][\w.]*\s*\}(?!\})")


def _placeholder_fix(rule: Rule, ctx: Context, source: str, start: int, end: int, problem: str) -> Fix | None:
    """``{{name }`` -> ``{{name }}``; ``{{first name}}`` -> ``{{first_name}}``: likely, so unsafe."""
    if problem == "{{ is not closed":
        match = _HALF_CLOSED.match(source, start)
        if match:
            return ctx.source_fix(rule, [(match.end() - 1, match.end(), "}}")], 'close the placeholder with "}}"')
    if problem.startswith("placeholder name contains a space"):
        inner = source[start + 2 : end - 2]
        name = inner.strip()
        fixed = inner.replace(name, "_".join(name.split()))
        return ctx.source_fix(rule, [(start + 2, end - 2, fixed)], f'write the name as "{"_".join(name.split())}"')
    return None


def _placeholder_problem(inner: str) -> str | None:
    if not inner:
        return "empty placeholder"
    if inner[0] in "#/^>!&" or inner == "else":
        return None  # Handlebars/Mustache: a block helper, a partial, a comment or unescaped output
    name = inner.split("|")[0].strip()
    if not name:
        return "placeholder has a filter but no name"
    if re.search(r"[\"'()\[\]+=<>!*/]", name):
        return None  # an expression, not a name
    words = name.split()
    if len(words) > 1 and not _EXPRESSION_WORDS.intersection(words):
        return f"placeholder name contains a space ('{name}')"
    return None


# --- the template itself --------------------------------------------------------------------------


def check_template(rule: Rule, ctx: Context) -> Iterator[Raw]:
    if rule.code == "TA001":
        if not ctx.template.text.strip():
            yield Raw(0, 1, _format(rule), whole_template=True)
    elif rule.code == "TA002" and ctx.template.text.strip() and ctx.lang == "und":
        yield Raw(*ctx.start_of_text(), _format(rule), whole_template=True)


# --- spelling and grammar --------------------------------------------------------------------------------


def check_correctness(rule: Rule, ctx: Context) -> Iterator[Raw]:
    """The correctness component's findings for this rule's code, each with the replacement as a fix.

    A misspelling without a quick suggestion (nothing one edit away) gets Hunspell's own, slower suggestion
    here: the linter reads a few templates, not a hundred thousand replies."""
    for entry in ctx.evidence("correctness", ("spelling", "grammar")):
        if entry.get("code") != rule.code:
            continue
        start, end = entry["start_char"], entry["end_char"]
        suggestion = entry.get("suggestion") or ""
        if not suggestion and entry["category"] == "spelling" and rule.code == "SP001":
            suggestion = _thorough_suggestion(entry["text"], ctx.lang)
        hint = f' -> "{suggestion}"' if suggestion else ""
        message = _format(rule, text=_clip(entry["text"]), suggestion=suggestion, hint=hint)
        fix = (
            ctx.fix(rule, [(start, end, suggestion)], f'replace "{entry["text"]}" with "{suggestion}"')
            if suggestion
            else None
        )
        yield Raw(*ctx.source_span(start, end), message, fix=fix)


def _thorough_suggestion(word: str, lang: str) -> str:
    from analyser.nlp.spelling import Speller

    return Speller(lang).suggest(word, thorough=True) if lang in ("en", "nl") else ""


CHECKS: dict[str, Callable[[Rule, Context], Iterator[Raw]]] = {
    "correctness": check_correctness,
    "evidence": check_evidence,
    "absence": check_absence,
    "readability": check_readability,
    "sentence_length": check_sentence_length,
    "pattern": check_pattern,
    "phrases": check_phrases,
    "substitution": check_substitution,
    "apology": check_apology,
    "address": check_address,
    "placeholder": check_placeholder,
    "template": check_template,
}

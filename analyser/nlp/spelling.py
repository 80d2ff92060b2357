"""Spelling against Hunspell dictionaries shipped in the package, with what a service reply may contain.

The dictionaries (``resources/en/hunspell/en_US``, ``en_GB``; ``resources/nl/hunspell/nl``, OpenTaal) are read
by the Hunspell C library through ``chunspell`` (a wheel that bundles libhunspell 1.7), once per process and
only when a word is first checked: building a pipeline only checks that the files are there, so a missing
dictionary is an error at start-up and never a silent zero.  ``spylls`` (Hunspell ported to pure Python, same
results on our texts, 10-15x slower to load) is the fallback where no ``chunspell`` wheel exists.  Why this
choice: README, "Spelling and grammar"; figures from ``evaluation/spelling_checkers.py``.

What is *not* a spelling error is decided here, in one place (:meth:`Speller.check_text`): placeholders, URLs,
e-mail addresses, @handles, file paths, error codes and anything with a digit; acronyms (all capitals) and
CamelCase product names; brand names (``resources/common/brands.txt``), jargon terms and acronyms from the
jargon lists; names (after a greeting, in the lines after a closing, capitalised words inside a sentence); and
in Dutch, compounds Hunspell's own compounding misses ("waterbodemonderzoek" = waterbodem + onderzoek),
hyphenated compounds whose parts are words ("MFA-app") and the English that IT Dutch uses ("gesynct").
A user vocabulary (:class:`Vocabulary`) accepts or rejects words on top, as Vale's vocabularies do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from analyser.errors import AnalyserError, ConfigError

ENGLISH_VARIANTS = {"both": ("en_US", "en_GB"), "us": ("en_US",), "gb": ("en_GB",)}
DICTIONARY_LANGUAGE = {"en_US": "en", "en_GB": "en", "nl": "nl"}


class MissingDictionaryError(AnalyserError):
    """A Hunspell dictionary or the checker is missing: the installation is broken, say how to repair it."""


# --- the user vocabulary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Words accepted or rejected on top of the dictionaries, as Vale's ``accept.txt`` / ``reject.txt``.

    Each entry is a regular expression matched against the whole word, case-sensitively unless it starts
    with ``(?i)`` (so ``Intune`` accepts "Intune" but not "intune"; a plain word is just a literal).
    ``english`` chooses the English dictionaries: both US and UK spellings (default), or one of them.
    Hashable, so a pipeline built with it can be cached per vocabulary.
    """

    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    english: Literal["both", "us", "gb"] = "both"

    def __post_init__(self) -> None:
        if self.english not in ENGLISH_VARIANTS:
            raise ConfigError(f"english must be one of both, us, gb; got {self.english!r}")
        for entry in (*self.accept, *self.reject):
            try:
                re.compile(entry)
            except re.error as error:
                raise ConfigError(f"vocabulary entry {entry!r} is not a valid pattern: {error}") from None

    @property
    def accepts(self) -> re.Pattern[str] | None:
        return _alternation(self.accept)

    @property
    def rejects(self) -> re.Pattern[str] | None:
        return _alternation(self.reject)


@cache
def _alternation_cached(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    if not entries:
        return None
    return re.compile("|".join(f"(?:{e})" if not e.startswith("(?i)") else f"(?i:{e[4:]})" for e in entries))


def _alternation(entries: tuple[str, ...]) -> re.Pattern[str] | None:
    return _alternation_cached(tuple(entries))


VOCABULARY_KEYS = ("accept", "reject", "accept-files", "reject-files", "english")


def read_word_file(path: Path) -> list[str]:
    """One word (or pattern) per line; blank lines and ``#`` comments skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the vocabulary file ({error.strerror or error})") from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def vocabulary_from_table(
    table: Mapping[str, Any], *, where: str = "[vocabulary]", root: Path | None = None
) -> Vocabulary:
    """A :class:`Vocabulary` from the ``[tool.ticket-analyser.vocabulary]`` table.

    Keys: ``accept`` / ``reject`` (lists of words or patterns), ``accept-files`` / ``reject-files`` (files of
    them, relative to the configuration file), ``english`` (``both``, ``us`` or ``gb``).  An unknown key or a
    wrong type is a :class:`ConfigError` naming ``where``.
    """
    unknown = sorted(set(table) - set(VOCABULARY_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; valid: {', '.join(VOCABULARY_KEYS)}")
    words: dict[str, list[str]] = {"accept": [], "reject": []}
    for kind in ("accept", "reject"):
        for key, is_file in ((kind, False), (f"{kind}-files", True)):
            value = table.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: '{key}' must be a list of strings, got {value!r}")
            if is_file:
                for name in value:
                    path = Path(name) if Path(name).is_absolute() or root is None else root / name
                    words[kind].extend(read_word_file(path))
            else:
                words[kind].extend(v.strip() for v in value if v.strip())
    english = table.get("english", "both")
    if english not in ENGLISH_VARIANTS:
        raise ConfigError(f"{where}: 'english' must be one of both, us, gb; got {english!r}")
    try:
        return Vocabulary(tuple(words["accept"]), tuple(words["reject"]), english)
    except ConfigError as error:
        raise ConfigError(f"{where}: {error}") from None


# --- the dictionaries --------------------------------------------------------------------------------------


def dictionary_folder(name: str) -> Path:
    return Path(str(resources.files("analyser").joinpath("resources", DICTIONARY_LANGUAGE[name], "hunspell")))


def require_dictionaries(names: Iterable[str]) -> None:
    """Fail at start-up, with a repair hint, when a dictionary file or the checker is missing (cheap: no load)."""
    for name in names:
        folder = dictionary_folder(name)
        for suffix in (".aff", ".dic"):
            path = folder / f"{name}{suffix}"
            if not path.is_file():
                raise MissingDictionaryError(
                    f"spelling dictionary {path} is missing: the installation is incomplete; reinstall "
                    "ticket-analyser (pip install --force-reinstall ticket-analyser)"
                )
    backend_name()


@cache
def backend_name() -> str:
    """``chunspell`` (the Hunspell C library) when installed, else ``spylls``; an error when neither is."""
    try:
        import hunspell  # noqa: F401  (chunspell installs the module "hunspell")

        return "chunspell"
    except ImportError:
        pass
    try:
        import spylls.hunspell  # noqa: F401

        return "spylls"
    except ImportError:
        raise MissingDictionaryError(
            "no spelling checker installed: pip install chunspell (or spylls where chunspell has no wheel)"
        ) from None


class _Dictionary:
    """One loaded Hunspell dictionary: ``known(word)`` and ``suggest(word)``, whichever backend."""

    def __init__(self, name: str) -> None:
        import sys

        require_dictionaries([name])
        folder = dictionary_folder(name)
        self.name = name
        self.backend = backend_name()
        if self.backend == "chunspell":
            from hunspell import Hunspell

            self._h = Hunspell(name, hunspell_data_dir=str(folder), system_encoding=sys.getfilesystemencoding())
            self._spell = self._h.spell
            self._suggest = self._h.suggest
        else:
            from spylls.hunspell import Dictionary

            self._h = Dictionary.from_files(str(folder / name))
            self._spell = self._h.lookup
            self._suggest = lambda word: tuple(self._h.suggest(word))

    def known(self, word: str) -> bool:
        try:
            return bool(self._spell(word))
        except (UnicodeError, ValueError):
            return False  # a character the dictionary's encoding cannot hold: not a word of this language

    def suggest(self, word: str) -> tuple[str, ...]:
        try:
            return tuple(self._suggest(word))
        except (UnicodeError, ValueError):
            return ()


@cache
def load_dictionary(name: str) -> _Dictionary:
    """The dictionary ``name`` (``en_US``, ``en_GB``, ``nl``), loaded on first use and kept for the process."""
    return _Dictionary(name)


# --- word lists -----------------------------------------------------------------------------------------------


def _resource_lines(*parts: str) -> list[str]:
    node = resources.files("analyser").joinpath("resources", *parts)
    if not node.is_file():
        return []
    return [
        line.split("#", 1)[0].strip()
        for line in node.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]


@cache
def accepted_words(lang: str) -> frozenset[str]:
    """Lower-cased words that are never spelling errors in ``lang``: brands, jargon, acronyms, the per-language
    accept list (``resources/<lang>/spelling_accept.txt``)."""
    from analyser.nlp.components.jargon import acronym_table
    from analyser.nlp.resources import load_phrases

    words = {w.lower() for w in _resource_lines("common", "brands.txt")}
    words |= {w.lower() for w in _resource_lines(lang, "spelling_accept.txt")}
    for phrase in load_phrases(lang, "jargon").get("term", ()):
        words.update(part for part in re.split(r"[\s/]+", phrase) if part and "*" not in part)
    words |= {a.lower() for a in acronym_table()}
    return frozenset(w.rstrip("~") for w in words)


@cache
def _greetings_and_closings(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from analyser.nlp.resources import load_phrases

    phrases = load_phrases(lang, "politeness")
    extra = _resource_lines(lang, "name_cues.txt")
    greetings = tuple(sorted({*phrases.get("greeting", ()), *extra}, key=len, reverse=True))
    return greetings, tuple(sorted(phrases.get("closing", ()), key=len, reverse=True))


# --- finding the words to check ---------------------------------------------------------------------------

_LETTERS = r"[^\W\d_]"
WORD = re.compile(rf"(?<![\w@#$%&/\\.+=-]){_LETTERS}+(?:['’\-]{_LETTERS}+)*(?![\w@/\\=+]|\.\w|['’\-]\w)")
_SKIP_SPANS = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}"  # placeholders
    r"|https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"  # URLs and e-mail addresses
    r"|(?<!\w)[@#]\w+"  # @handles and #hashtags
    r"|\b[\w-]+(?:\.[\w-]+)+\.(?:com|org|net|nl|be|eu|io|co|uk|de|gov|edu|app|info)\b"  # bare domains
    r"|(?<![\w/])(?:[A-Za-z]:\\|\\\\|~?/)[^\s,;]*"  # file paths
    r"|\b\w+\.(?:exe|msi|dll|pdf|docx?|xlsx?|pptx?|csv|txt|zip|png|jpe?g|log|ini|json|xml|ps1|bat|sh)\b",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"(?:^|(?<=\s))[\^*~]\s?[A-Z]{1,3}\b|(?<=\s)[-–]\s?[A-Z][a-z]+\s*$", re.MULTILINE)
_CAMEL = re.compile(r"^[a-z]+[A-Z]|^[A-Z][a-z]+[A-Z]|^[A-Z]{2,}[a-z]")
_SENTENCE_END = re.compile(r"[.!?:;\n\"“”()\[\]•*-]\s*$|^\s*$")
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_DUTCH_PARTICIPLE = re.compile(r"ge(\w{3,}?)(?:te|de|t|d)?e?")
_ENGLISH_PREFIX = re.compile(r"^(?:re|un|pre|non|multi|auto|self|anti|over|under|sub)(?=[a-z]{5})")
_LINE_LEAD = re.compile(r"[\s>*-]*(?:@\w+[\s,]+)*")


@dataclass
class Misspelling:
    """One unknown word: where it is, the word, and the likeliest correction (``""`` when none is quick)."""

    start: int
    end: int
    word: str
    suggestion: str = ""
    rejected: bool = False  # the user's vocabulary rejects it (always an error)


@dataclass
class Speller:
    """The spelling checker for one language and vocabulary.  Cheap to build; dictionaries load on first use."""

    lang: str
    vocabulary: Vocabulary = field(default_factory=Vocabulary)

    def __post_init__(self) -> None:
        if self.lang not in ("en", "nl"):
            raise ValueError(f"no dictionary for language {self.lang!r}")
        self.names = ENGLISH_VARIANTS[self.vocabulary.english] if self.lang == "en" else ("nl",)
        require_dictionaries(self.names)
        self._known = lru_cache(maxsize=200_000)(self._known_uncached)
        self._suggestions = lru_cache(maxsize=20_000)(self._suggest_uncached)

    # -- dictionary look-ups -------------------------------------------------------------------------------
    @property
    def dictionaries(self) -> list[_Dictionary]:
        return [load_dictionary(name) for name in self.names]

    def _in_dictionaries(self, word: str) -> bool:
        return any(d.known(word) for d in self.dictionaries)

    def _known_uncached(self, word: str) -> bool:
        word = unicodedata.normalize("NFKC", word).replace("’", "'")  # NFKC: the "ﬁ" ligature is "fi"
        if self._in_dictionaries(word) or word.lower() in accepted_words(self.lang):
            return True
        if self.lang == "nl":
            if any(load_dictionary(n).known(word) for n in ENGLISH_VARIANTS["both"]) and word.islower():
                return True  # English inside IT Dutch ("browser", "inbox"): common, not a misspelling
            if "-" in word:
                return all(self._part_known(part) for part in word.split("-") if part)
            return self._compound(word.lower(), 0) or self._dutch_participle_of_english(word)
        if "-" in word:
            return all(self._part_known(part) for part in word.split("-") if part)
        prefix = _ENGLISH_PREFIX.match(word.lower())
        return bool(prefix) and self._in_dictionaries(word[prefix.end() :])  # "redownload", "unmute"

    def _dutch_participle_of_english(self, word: str) -> bool:
        """IT Dutch conjugates English verbs: "gepatcht", "gepatchte servers", "geüpdatet", "gereboot"."""
        match = _DUTCH_PARTICIPLE.fullmatch(word.lower().replace("ü", "u"))
        if not match or not word.islower():
            return False
        stem = match.group(1)
        english = [load_dictionary(n) for n in ENGLISH_VARIANTS["both"]]
        return any(d.known(candidate) for d in english for candidate in (stem, stem + "e") if len(candidate) >= 3)

    def _part_known(self, part: str) -> bool:
        return part.isupper() or self._known(part) or part.lower() in accepted_words(self.lang)

    def _compound(self, word: str, depth: int) -> bool:
        """Dutch compounds Hunspell misses: two or three known parts, with a linking s or e(n) allowed."""
        if depth > 2 or len(word) < 7:
            return False
        nl = load_dictionary("nl")
        for cut in range(len(word) - 3, 3, -1):  # longest head first
            head, tail = word[:cut], word[cut:]
            if not nl.known(tail) and not (depth < 1 and self._compound(tail, depth + 1)):
                continue
            if len(head) >= 4 and nl.known(head):
                return True
            for link in ("s", "en", "e"):
                if head.endswith(link) and len(head) - len(link) >= 4 and nl.known(head[: -len(link)]):
                    return True
        return False

    def known(self, word: str) -> bool:
        """``word`` is in a dictionary or an accepted list (the vocabulary's accept patterns included)."""
        accepts = self.vocabulary.accepts
        if accepts is not None and accepts.fullmatch(word):
            return True
        return self._known(word)

    # -- suggestions ----------------------------------------------------------------------------------------
    def suggest(self, word: str, thorough: bool = False) -> str:
        """The likeliest correction: one edit away, most frequent first (fast); ``thorough`` falls back on
        Hunspell's own suggestions (0.2-2 s a word), which the linter and the audit can afford."""
        return self._suggestions(word, thorough)

    def _suggest_uncached(self, word: str, thorough: bool) -> str:
        from wordfreq import get_frequency_dict

        frequencies = get_frequency_dict(self.lang, "best")  # as zipf_frequency asks: one cached list, not two
        lower = word.lower()
        best, best_freq = "", 0.0
        for candidate in _edits1(lower):
            freq = frequencies.get(candidate, 0.0)
            if freq > best_freq and self._in_dictionaries(candidate):
                best, best_freq = candidate, freq
        if not best and thorough:
            for dictionary in self.dictionaries:
                found = [s for s in dictionary.suggest(word) if " " not in s]
                if found:
                    best = found[0]
                    break
        if best and word[:1].isupper() and not best[:1].isupper():
            best = best[:1].upper() + best[1:]
        return best

    # -- a whole text ---------------------------------------------------------------------------------------
    def check_text(self, text: str, sentence_starts: Iterable[int] = ()) -> list[Misspelling]:
        """The misspelt words of ``text``.  ``sentence_starts``: character offsets where sentences start
        (from the pipeline), to tell a capitalised first word from a name inside a sentence."""
        skip = _skip_ranges(text, self.lang)
        starts = set(sentence_starts)
        rejects = self.vocabulary.rejects
        found: list[Misspelling] = []
        candidates = list(_words(text, skip))
        capitalised_inside = {
            word for word, start, _ in candidates if word[:1].isupper() and not _starts_sentence(text, start, starts)
        }
        for word, start, end in candidates:
            if rejects is not None and rejects.fullmatch(word):
                found.append(Misspelling(start, end, word, rejected=True))
                continue
            if _exempt_shape(word):
                continue
            check = word.lower() if word.isupper() else word
            if self.known(check):
                continue
            if word[:1].isupper() and (not _starts_sentence(text, start, starts) or word in capitalised_inside):
                continue  # a name or a proper noun: "Anitta", "Gooiseweg"
            suggestion = self.suggest(word)
            if word[:1].isupper() and not word.isupper() and not suggestion:
                continue  # a capitalised first word with no word one edit away: a name ("Axani said ...")
            found.append(Misspelling(start, end, word, suggestion))
        return found


def _exempt_shape(word: str) -> bool:
    """Acronyms (all capitals up to six letters) and CamelCase product names are not checked."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    if letters.isupper() and len(letters) <= 6:
        return True
    return bool(_CAMEL.match(word)) and not word.isupper()


def _starts_sentence(text: str, start: int, starts: set[int]) -> bool:
    if start in starts:
        return True
    return bool(_SENTENCE_END.search(text[max(0, start - 3) : start])) or start == 0


def _edits1(word: str) -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyzéëèïöüá'-"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    seen: set[str] = set()
    for left, right in splits:
        candidates = []
        if right:
            candidates.append(left + right[1:])
            candidates += [left + c + right[1:] for c in letters if c != right[0]]
        if len(right) > 1:
            candidates.append(left + right[1] + right[0] + right[2:])
        candidates += [left + c + right for c in letters]
        for candidate in candidates:
            if candidate and candidate not in seen:
                seen.add(candidate)
                yield candidate


def _skip_ranges(text: str, lang: str) -> list[tuple[int, int]]:
    """Character ranges never spell-checked: placeholders, links, addresses, paths, codes, signatures, names."""
    from analyser.nlp.components.jargon import ERROR_CODE

    ranges = [m.span() for m in _SKIP_SPANS.finditer(text)]
    ranges += [m.span() for m in ERROR_CODE.finditer(text)]
    ranges += [m.span() for m in _SIGNATURE.finditer(text)]
    ranges += list(_name_ranges(text, lang))
    return sorted(ranges)


def _name_ranges(text: str, lang: str) -> Iterator[tuple[int, int]]:
    """Names after a greeting ("Hi Sarah-Jane,", "Beste mevrouw Verhoeven,") and in the lines after a closing."""
    greetings, closings = _greetings_and_closings(lang)
    lines = list(re.finditer(r"[^\n]+", text))
    for index, line in enumerate(lines):
        content = line.group()
        lead = _LINE_LEAD.match(content)
        lowered = content[lead.end() :].lower()
        offset = line.start() + lead.end()
        for greeting in greetings:
            if lowered.startswith(greeting) and (len(lowered) == len(greeting) or not lowered[len(greeting)].isalpha()):
                rest_start = offset + len(greeting)
                stop = re.search(r"[,!:.?\n]", text[rest_start : line.end()])
                rest_end = rest_start + stop.start() if stop else line.end()
                for match in _NAME_WORD.finditer(text, rest_start, rest_end):
                    yield match.span()
                break
        for closing in closings:
            if lowered.rstrip(" ,.!").endswith(closing) and len(lowered.rstrip(" ,.!")) <= len(closing) + 2:
                for follower in lines[index + 1 : index + 4]:
                    for match in _NAME_WORD.finditer(text, follower.start(), follower.end()):
                        yield match.span()
                break
            position = lowered.find(closing + ",")
            if position >= 0:  # "Kind regards, Anna" on one line
                after = offset + position + len(closing) + 1
                for match in _NAME_WORD.finditer(text, after, line.end()):
                    yield match.span()
                break


def _words(text: str, skip: list[tuple[int, int]]) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) for every word outside the skipped ranges; a word touching a digit is a code."""
    import bisect

    starts = [s for s, _ in skip]
    for match in WORD.finditer(text):
        start, end = match.span()
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and skip[i][1] > start:
            continue
        # a range starting before and ending after: look back a few ranges (they may overlap)
        if any(s <= start < e for s, e in skip[max(0, i - 3) : i + 1]):
            continue
        word = match.group().strip("'’-")
        if not word or (end < len(text) and text[end].isdigit()) or (start > 0 and text[start - 1].isdigit()):
            continue
        if word.lower() in ("n't", "nt"):
            continue
        yield word, start, start + len(word)

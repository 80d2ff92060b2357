"""Per-reply language, offline: English, Dutch, or ``und`` when a reply is confidently in another language.

Two signals, each good where the other is weak:

* py3langid (a maintained fork of langid.py; its model ships inside the package) over all its languages,
  on a bounded prefix of the text.  Reliable on a sentence or more; on "Fixed. Reboot." it guesses Swedish.
* word evidence from wordfreq's bundled English and Dutch frequency lists: for each word the difference of
  its Zipf frequency in English and in Dutch (clipped to ±3), summed.  "Melding gesloten." and "Resolved."
  are unmistakable this way, whatever their length.

A guess is *confident* English or Dutch when the word evidence is clear (short replies) or py3langid is
(long ones); *confidently other* only when py3langid puts the text in another language with high
probability, or when most of its words are neither common English nor common Dutch words and py3langid
leans to another language.  Everything else is *unsure*, and :func:`resolve_language` decides it: the
language of the reply's own ticket (its other messages, the customer's included), else the configured
default.  Never the language of neighbouring rows, so a reply's language does not depend on what else is in
the file, the chunk or the partition.

Accuracy is measured by ``evaluation/language_detection.py`` (README, "Language detection"), on a set of
short replies written for the purpose among others.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

SUPPORTED = ("en", "nl")
UNDETERMINED = "und"
#: py3langid sees at most this many characters of a reply: enough to decide, and linear in the reply's length.
PREFIX_CHARS = 1000
#: Word evidence looks at most at this many words.
PREFIX_WORDS = 300
#: Summed English-minus-Dutch Zipf evidence from which the words alone decide.
WORD_EVIDENCE = 0.75
#: py3langid probability from which another language is confident (three words or more).
OTHER_PROBABILITY = 0.8
#: A word counts as a common English or Dutch word from this Zipf frequency.
COMMON_ZIPF = 3.5
_LONG = 8  # words from which py3langid is trusted over the word evidence
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

#: How a reply's language was decided (the ``language_basis`` column).
BASES = ("given", "forced", "detected", "ticket", "default", "other", "no words")


@dataclass(frozen=True)
class LanguageGuess:
    """What one text says about its own language.

    ``language`` is ``en``/``nl`` when confident, ``und`` when confidently another language, ``None`` when
    unsure (too short, mixed, or no words).  ``code`` is py3langid's best language (``de`` for German),
    ``evidence`` the English-minus-Dutch word evidence (positive: English), ``words`` how many words it read.
    """

    language: str | None
    code: str = ""
    evidence: float = 0.0
    words: int = 0


@lru_cache(maxsize=200_000)
def _word_evidence(word: str) -> tuple[float, bool]:
    """(English-minus-Dutch Zipf difference clipped to ±3, whether it is a common English or Dutch word)."""
    from wordfreq import zipf_frequency

    english, dutch = zipf_frequency(word, "en"), zipf_frequency(word, "nl")
    return max(-3.0, min(3.0, english - dutch)), max(english, dutch) >= COMMON_ZIPF


_IDENTIFIER: list = []
_IDENTIFIER_LOCK = threading.Lock()


def _identifier():
    """py3langid's identifier, loaded once per process (by :func:`preload` in the background, or here)."""
    if not _IDENTIFIER:
        with _IDENTIFIER_LOCK:
            if not _IDENTIFIER:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _IDENTIFIER.append(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))
    return _IDENTIFIER[0]


def preload() -> None:
    """Start loading py3langid's model in a background thread.  Most of the load is LZMA decompression,
    which releases the GIL, so on a second core it overlaps the imports and the pipeline build that a
    command does meanwhile (a one-row ``extract`` starts faster).  A failure is left for :func:`_identifier`
    to raise where the model is used."""

    def load() -> None:
        with contextlib.suppress(Exception):  # raised again, with its traceback, where the model is used
            _identifier()

    threading.Thread(target=load, name="py3langid-preload", daemon=True).start()


def _readable(text: str) -> str:
    """The text without URLs, e-mail addresses and placeholders (token by token: linear in length)."""
    kept = []
    for token in text[: PREFIX_CHARS * 4].split():
        lowered = token.lower()
        if "@" in token or "{{" in token or "}}" in token or lowered.startswith(("http://", "https://", "www.")):
            continue
        kept.append(token)
    return " ".join(kept)


def guess_language(text: object) -> LanguageGuess:
    """What ``text`` alone says about its language; never raises."""
    if not isinstance(text, str):
        return LanguageGuess(None)
    readable = _readable(text)
    words = [word.lower() for word in _WORD.findall(readable[: PREFIX_CHARS * 2])][:PREFIX_WORDS]
    if not words:
        return LanguageGuess(None)
    signals = [_word_evidence(word) for word in words]
    evidence = sum(value for value, _ in signals)
    common = sum(known for _, known in signals) / len(words)
    code, probability = _identifier().classify(readable[:PREFIX_CHARS])
    if code not in SUPPORTED and (
        (probability >= OTHER_PROBABILITY and len(words) >= 3) or (common < 0.5 and probability >= 0.3)
    ):
        return LanguageGuess(UNDETERMINED, code, evidence, len(words))
    by_words = ("en" if evidence > 0 else "nl") if abs(evidence) >= WORD_EVIDENCE else None
    if len(words) >= _LONG and code in SUPPORTED and probability >= 0.3:
        return LanguageGuess(code, code, evidence, len(words))
    if by_words:
        return LanguageGuess(by_words, code, evidence, len(words))
    if code in SUPPORTED and probability >= 0.5:
        return LanguageGuess(code, code, evidence, len(words))
    return LanguageGuess(None, code, evidence, len(words))


def _no_ticket(ticket_id: object) -> bool:
    """None, NaN or pandas' NA: no ticket to learn a language from (NA is not even equal to itself, and
    ``bool(NA)`` raises, so it is tested by type)."""
    if ticket_id is None or type(ticket_id).__name__ == "NAType":
        return True
    return isinstance(ticket_id, float) and ticket_id != ticket_id


class TicketLanguages:
    """The language of each ticket, from the confident guesses of all its messages (customer's included).

    Feed it every message (:meth:`add`), then ask (:meth:`get`).  A ticket's language is the one most of its
    confidently English or Dutch messages are in; a tie goes to the summed word evidence.  It can be fed in
    chunks, so ``extract`` builds it in one pass over a file whatever its order.
    """

    def __init__(self) -> None:
        self._votes: dict[str, list[float]] = {}

    def add(self, ticket_id: object, guess: LanguageGuess) -> None:
        if _no_ticket(ticket_id) or guess.language not in SUPPORTED:
            return
        votes = self._votes.setdefault(str(ticket_id), [0.0, 0.0, 0.0])
        votes[0 if guess.language == "en" else 1] += 1
        votes[2] += guess.evidence

    def add_texts(self, ticket_ids: Iterable[object], texts: Iterable[object]) -> None:
        for ticket_id, text in zip(ticket_ids, texts, strict=True):
            if not _no_ticket(ticket_id):
                self.add(ticket_id, guess_language(text))

    def get(self, ticket_id: object) -> str | None:
        votes = None if _no_ticket(ticket_id) else self._votes.get(str(ticket_id))
        if not votes:
            return None
        english, dutch, evidence = votes
        if english != dutch:
            return "en" if english > dutch else "nl"
        if abs(evidence) >= WORD_EVIDENCE:
            return "en" if evidence > 0 else "nl"
        return None

    def restricted_to(self, ticket_ids: Iterable[object]) -> TicketLanguages:
        """The votes of ``ticket_ids`` only: what a worker scoring one chunk needs to be sent."""
        part = TicketLanguages()
        for ticket_id in ticket_ids:
            if not _no_ticket(ticket_id):
                votes = self._votes.get(str(ticket_id))
                if votes is not None:
                    part._votes[str(ticket_id)] = votes
        return part

    def __len__(self) -> int:
        return len(self._votes)


def resolve_language(
    guess: LanguageGuess,
    *,
    ticket_language: str | None = None,
    forced: str = "auto",
    default: str = "en",
) -> tuple[str, str]:
    """The language a reply is scored in, and how it was decided (one of :data:`BASES`).

    ``forced`` is the ``language`` setting (``en``/``nl`` skip detection); an unsure reply takes its
    ticket's language, else ``default``.
    """
    if forced in SUPPORTED:
        return forced, "forced"
    if not guess.words:
        return UNDETERMINED, "no words"  # nothing language-bound to score (a link, an emoji, a placeholder)
    if guess.language == UNDETERMINED:
        return UNDETERMINED, "other"
    if guess.language in SUPPORTED:
        return guess.language, "detected"
    if ticket_language in SUPPORTED:
        return ticket_language, "ticket"
    return default, "default"


def detect_language(text: object, default: str = UNDETERMINED) -> str:
    """``en``, ``nl``, or ``default`` when the text alone cannot tell (``und`` for other languages); never raises.

    For a single text without a ticket, e.g. a template in the linter.  Replies are resolved by
    :func:`analyser.scoring.score_replies` with their ticket as context.
    """
    guess = guess_language(text)
    return guess.language if guess.language is not None else default


def detect_languages(texts: Iterable[object], default: str = UNDETERMINED) -> list[str]:
    """:func:`detect_language` over an iterable of texts."""
    return [detect_language(text, default) for text in texts]


def other_language_codes(guesses: Iterable[LanguageGuess], languages: Iterable[str]) -> list[str | None]:
    """py3langid's code for replies resolved as ``und`` (so a summary can say which languages), else None."""
    return [g.code if lang == UNDETERMINED else None for g, lang in zip(guesses, languages, strict=True)]


__all__ = [
    "BASES",
    "SUPPORTED",
    "UNDETERMINED",
    "LanguageGuess",
    "TicketLanguages",
    "detect_language",
    "detect_languages",
    "guess_language",
    "other_language_codes",
    "resolve_language",
]

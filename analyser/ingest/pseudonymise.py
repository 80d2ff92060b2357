"""``ingest --pseudonymise``: tables a researcher can be handed, with the personal data replaced.

What is personal data is decided by the one detector of the project,
:class:`analyser.clean.personal_data.PersonalDataFinder` (e-mail addresses, phone numbers, IBANs, postcodes,
handles, customer ids, addresses ..., names by their cues, and the names it is given: requesters, message
authors, the people the agents' greetings address), which returns spans.  This module only decides what
replaces each span, under one key: the audit's
(``TICKET_ANALYSER_ALIAS_KEY``, else ``alias-key`` in ``[tool.ticket-analyser.audit]``), never written to an
output; without one a random key is used, so the aliases hold within that one output only (and it says so).

* identifier columns (``requester_id``, a customer's ``author_id``) get a **keyed alias**, an HMAC-SHA256 of
  the value under the key: ``[CUSTOMER-0B77E1]``; agents (``--pseudonymise-agents``) get exactly the alias
  the audit's ``--pseudonymise-agents`` gives them (:func:`analyser.audit.privacy.agent_aliases`);
* in the text, a name is replaced word by word by a **stand-in name** that the scorer scores exactly as it
  scores the original (:class:`StandIns`), an e-mail address by the stand-in's address at
  ``example.invalid``, and phone numbers, IBANs and postcodes by keyed digits and letters of the same shape
  (:func:`shaped`).  The same word gets the same stand-in in every file and run made with the same key.

Only the detected spans change: the rest of every message is left as it was, and the stand-ins are chosen
so that the features of the text do not move (a test runs the study on a pseudonymised sample and compares
every reply's scores).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from analyser.settings import Settings

KEY_VARIABLE = "TICKET_ANALYSER_ALIAS_KEY"
# Columns that hold no personal data by construction (ids of records, enumerations, times, counts).
_STRUCTURAL = {
    "ticket_id",
    "reply_id",
    "author_role",
    "channel",
    "public",
    "language",
    "created_at",
    "solved_at",
    "status",
    "priority",
    "category",
    "team",
    "resolved",
    "reopened",
    "sla_breached",
    "csat_score",
    "csat_scale",
    "removed_chars",
    "removed_kinds",
    "placeholders",
    "source_row",
    "source_item",
}
_CUSTOMER_IDS = ("requester_id",)
_AGENT_COLUMNS = ("agent_id",)


def alias_key(settings: Settings | None = None) -> tuple[str, bool]:
    """(key, whether the user gave it): ``TICKET_ANALYSER_ALIAS_KEY``, else ``alias-key`` of
    ``[tool.ticket-analyser.audit]`` (the precedence the audit's command line gives them), else a random key
    for this run."""
    key = os.environ.get(KEY_VARIABLE, "") or (settings.audit.alias_key if settings else "")
    return (key, True) if key else (secrets.token_hex(32), False)


def keyed_digest(kind: str, value: str, key: str) -> str:
    """The HMAC-SHA256 (hex) of the normalised value under ``key``: the scheme of the audit's agent aliases."""
    normal = " ".join(str(value).split()).lower()
    return hmac.new(key.encode("utf-8"), f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()


def keyed_alias(kind: str, value: str, key: str) -> str:
    """``[KIND-XXXXXX]``: an identifier column's alias (a customer id, ...)."""
    return f"[{kind}-{keyed_digest(kind, value, key)[:6].upper()}]"


_LETTERS = re.compile(r"[^\W\d_]+")
#: Letters a stand-in keeps in identifiers (phone numbers, IBANs, postcodes): vowels and the letters that
#: make Dutch vowel pairs ("ij"), so syllable counts stay put; other letters and the digits are replaced.
_KEPT_LETTERS = frozenset("aeiouyjAEIOUYJ")
_CONSONANTS = "bcdfghklmnpqrstvwxz"
#: Feature columns left out of "scored the same": they measure a word's letters and corpus frequency on a
#: continuous scale that no other name matches exactly; among equally scored stand-ins the nearest length
#: is taken, so n_chars moves by a letter at most.
SURFACE_COLUMNS = ("n_chars", "difficulty_index")
#: How much a difference in each cheap property (syllables en, nl; rare en, nl; long) puts a candidate back:
#: syllables move Flesch and so the communication score, rarity and length only other features.
_CHEAP_WEIGHTS = (3, 3, 1, 1, 1)
_SLOT_TEXT = "\ue000"  # where a name's word goes in its token (a private-use character, in no export)


def _digits(digest: str) -> Iterator[int]:
    for char in digest * 4:
        yield int(char, 16)


def shaped(kind: str, surface: str, digest: str) -> str:
    """An identifier's stand-in with the surface's shape: digits for digits, consonants for consonants in
    the same case, vowels and separators kept (an IBAN keeps its country code), so the text measures as
    before (word length, capitals, syllables) while the value is gone."""
    numbers = _digits(digest)
    out = []
    for position, char in enumerate(surface):
        if char.isdigit():
            out.append(str(next(numbers) % 10))
        elif char.isascii() and char.isalpha() and char not in _KEPT_LETTERS and not (kind == "IBAN" and position < 2):
            letter = _CONSONANTS[next(numbers) % len(_CONSONANTS)]
            out.append(letter.upper() if char.isupper() else letter)
        else:
            out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=1)
def _stand_in_data() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The name lists and the scoring contexts of ``stand_ins.txt``."""
    pools: dict[str, list[str]] = defaultdict(list)
    contexts: dict[str, str] = {}
    section = ""
    for line in Path(__file__).with_name("stand_ins.txt").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.rstrip().endswith("]"):
            section = line.strip()[1:-1]
        elif section.startswith("context "):
            contexts[section.split()[1]] = line.strip().replace("\\n", "\n")
        else:
            pools[section].extend(line.split())
    return {kind: tuple(dict.fromkeys(names)) for kind, names in pools.items()}, contexts


def _comparable(value: object) -> object:
    """A feature value as compared between an original and a stand-in: numbers rounded (the last digits of
    a float sum are noise), missing values one None."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (bool, str)):
        return value
    try:
        return round(float(value), 9)
    except (TypeError, ValueError):
        return str(value)


def _case_like(word: str, like: str) -> str:
    """``word`` written in the case of ``like``: UPPER, Capitalised or lower."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


class StandIns:
    """Stand-in names that the scorer scores exactly as it scores the originals.

    A name in a reply is a word the text measures read like any other: its syllables count in Flesch, its
    length in LIX, its frequency in the rare-word share, a name that is also a word moves the sentiment
    ("Grace", "de Groot"), a greeting with a name counts as using the customer's name.  So a stand-in is
    chosen by *scoring*: each original word and each candidate is put in the same short contexts (a
    greeting, a sentence start, mid-sentence, a sign-off; English and Dutch, ``stand_ins.txt``) and run
    through the pipeline the study runs (:func:`analyser.features.features_for_texts`, the configured
    ``model``); a candidate whose every feature (but :data:`SURFACE_COLUMNS`) is the same in both languages
    stands in.  Candidates are tried in a keyed order (syllables, rarity and length that match come first,
    the key decides among those), so the choice is stable for a key and cannot be recomputed without it.
    When no candidate in :attr:`tries` matches, the nearest one (smallest change of communication_score)
    is taken and counted in :attr:`inexact`.
    """

    tries = 36
    batch = 6

    def __init__(self, key: str, *, model: str | None = None) -> None:
        self.key = key
        self.model = model
        self.pools, self.contexts = _stand_in_data()
        self.inexact: Counter[str] = Counter()
        self._signatures: dict[str, tuple] = {}
        self._chosen: dict[tuple[str, str], str] = {}

    @staticmethod
    @functools.lru_cache(maxsize=100_000)
    def _cheap(word: str) -> tuple[int, int, bool, bool, bool]:
        """What the scorer is known to read from a word, without running it: syllables (en, nl), rarity
        (en, nl), whether it is a long word.  Only orders the candidates; the scoring decides."""
        from analyser.nlp.components.readability import LONG_WORD_LETTERS, RARE_ZIPF, zipf
        from analyser.nlp.syllables import count_syllables

        lower = word.lower()
        return (
            count_syllables(word, "en"),
            count_syllables(word, "nl"),
            zipf(lower, "en") < RARE_ZIPF,
            zipf(lower, "nl") < RARE_ZIPF,
            len(word) >= LONG_WORD_LETTERS,
        )

    @staticmethod
    @functools.lru_cache(maxsize=100_000)
    def _frequency(word: str) -> tuple[float, float]:
        """The word's Zipf frequency in English and Dutch, as the rare-word share and the difficulty index
        read it (only orders the candidates)."""
        from analyser.nlp.components.readability import zipf

        return zipf(word.lower(), "en"), zipf(word.lower(), "nl")

    def signatures(self, words: list[str]) -> dict[str, tuple]:
        """Each word's features in the contexts, per language (cached for the run)."""
        missing = [w for w in dict.fromkeys(words) if w not in self._signatures]
        if missing:
            from analyser.features import features_for_texts

            langs = sorted(self.contexts)
            texts = [self.contexts[lang].replace("{name}", word) for lang in langs for word in missing]
            frame, _ = features_for_texts(texts, [lang for lang in langs for _ in missing], model=self.model)
            columns = [c for c in frame.columns if c not in SURFACE_COLUMNS]
            rows = [tuple(_comparable(row[c]) for c in columns) for row in frame.to_dict("records")]
            for index, word in enumerate(missing):
                self._signatures[word] = tuple(
                    (lang, column, value)
                    for number, lang in enumerate(langs)
                    for column, value in zip(columns, rows[number * len(missing) + index], strict=True)
                )
        return {w: self._signatures[w] for w in words}

    @staticmethod
    def _distance(a: tuple, b: tuple) -> tuple[float, int]:
        """How far apart two signatures are, for when none is alike: the change of communication_score plus
        the changes of two of its inputs that the short contexts hold at a cap (Flesch above 80 scores full
        marks, politeness is near certain there): Flesch at the 0.4 points a point of it is worth below the
        cap, sentiment at the ~10 points a unit of it moves politeness at p=0.5 (its model weight, 1.78, x
        0.25 x 20); summed over the languages.  Then the number of features that differ."""
        weights = {"communication_score": 1.0, "flesch_reading_ease": 0.4, "sentiment": 10.0}
        score = sum(
            weights[column] * abs(float(x or 0.0) - float(y or 0.0))
            for (_, column, x), (_, _, y) in zip(a, b, strict=True)
            if column in weights
        )
        return score, sum(x != y for (_, _, x), (_, _, y) in zip(a, b, strict=True))

    def word(self, word: str, role: str = "first", frame: str = _SLOT_TEXT) -> str:
        """The stand-in for one word of a name: ``role`` is ``first`` (a first name), ``last`` (a surname,
        or any later word of a name) or ``letter`` (an initial); the case of ``word`` is kept.  ``frame``
        is the token the word is part of, with :data:`_SLOT_TEXT` where the word goes (``O'\ue000`` for
        the "Brien" of "O'Brien"): original and stand-in are scored inside it, as the tokenizer sees them."""
        role = "letter" if len(word) == 1 else role
        cached = self._chosen.get((frame, word, role))
        if cached is not None:
            return cached

        def token(name: str) -> str:
            return frame.replace(_SLOT_TEXT, name)

        wanted, frequency = self._cheap(token(word)), self._frequency(token(word))

        def rank(name: str) -> tuple[int, int, float]:
            cheap = self._cheap(token(name))
            mismatch = sum(w * (a != b) for w, a, b in zip(_CHEAP_WEIGHTS, cheap, wanted, strict=True))
            gap = sum(abs(a - b) for a, b in zip(self._frequency(token(name)), frequency, strict=True))
            return mismatch, abs(len(name) - len(word)), gap

        kinds = ("letter",) if role == "letter" else ("first", "last")
        ranks = {
            n: rank(n)
            for kind in kinds
            for n in (_case_like(n, word) for n in self.pools[kind] if n.lower() != word.lower())
        }

        def keyed(names: tuple[str, ...]) -> list[str]:
            """The names that measure most like ``word`` (same syllables and rarity, then about as long and
            as frequent), rotated by the keyed hash so the key decides among them."""
            pool = sorted((n for n in (_case_like(n, word) for n in names) if n in ranks), key=lambda n: (*ranks[n], n))
            fewest = ranks[pool[0]][0]
            near: list[str] = []
            for letters, gap in ((0, 0.5), (1, 0.5), (1, 1.0), (2, 1.0), (2, 2.0), (3, 9.0), (99, 99.0)):
                near = [n for n in pool if ranks[n][0] == fewest and ranks[n][1] <= letters and ranks[n][2] <= gap]
                if len(near) >= 3:  # a few to choose from, so the key decides
                    break
            start = int(keyed_digest("NAME", word, self.key)[:12], 16) % len(near)
            return near[start:] + near[:start]

        # The role's own names first, then the other kind of name, then every name from the nearest on.
        other = {"first": "last", "last": "first"}.get(role)
        order = list(dict.fromkeys([*keyed(self.pools[role]), *(keyed(self.pools[other]) if other else [])]))
        order += [n for n in sorted(ranks, key=lambda n: (*ranks[n], n)) if n not in set(order)]
        target = self.signatures([token(word)])[token(word)]
        tried: list[str] = []
        for offset in range(0, min(self.tries, len(order)), self.batch):
            batch = order[offset : offset + self.batch]
            found = self.signatures([token(n) for n in batch])
            exact = [n for n in batch if found[token(n)] == target]
            if exact:
                chosen = exact[0]
                break
            tried += batch
        else:
            # None of the likeliest is scored alike: score every name (once a run; in a word's own token,
            # only those tried) and take an exact one after all, or the nearest (counted as inexact).
            candidates = order if frame == _SLOT_TEXT else tried
            found = self.signatures([token(n) for n in candidates])
            exact = [n for n in candidates if found[token(n)] == target]
            position = {n: i for i, n in enumerate(candidates)}
            chosen = (
                exact or sorted(candidates, key=lambda n: (self._distance(found[token(n)], target), position[n]))
            )[0]
            if not exact:
                self.inexact[role] += 1
        self._chosen[(frame, word, role)] = chosen
        return chosen

    def name(self, surface: str, *, after_title: bool = False) -> str:
        """A name as written (``Chloe``, ``mevrouw Van den Berg`` -> its name part, ``O'Brien``): each word
        replaced by its stand-in, particles and titles (van, de, Mr, the O' of O'Brien) and separators kept, so the number
        of words and their shape stay as they were.  After a title the first word is a surname.  A word
        joined to others ("Anne-Marie", "O'Brien") is chosen inside its token, one part at a time."""
        from analyser.clean.personal_data import name_particles  # the detector's own

        particles = name_particles()

        first = not after_title
        chunks = re.split(r"(\s+)", surface)
        for number, chunk in enumerate(chunks):
            if not chunk or chunk.isspace():
                continue
            for index in range(len(_LETTERS.findall(chunk))):
                match = list(_LETTERS.finditer(chunk))[index]  # positions after the parts replaced so far
                word = match.group()
                prefix = len(word) == 1 and chunk[match.end() : match.end() + 1] in ("'", "’")  # O', D'
                if word.lower() not in particles and not prefix:
                    frame = chunk[: match.start()] + _SLOT_TEXT + chunk[match.end() :]
                    chunk = frame.replace(_SLOT_TEXT, self.word(word, "first" if first else "last", frame))
                first = False  # after a first word or a particle ("de Groot"), a surname
            chunks[number] = chunk
        return "".join(chunks)

    def email(self, surface: str) -> str:
        """An e-mail address: its local part's words replaced as a name is (so ``chloe.smith@`` becomes the
        stand-in of Chloe Smith), at ``example.invalid``; e-mail addresses are not words to the scorer."""
        local = surface.split("@", 1)[0]
        digits = _digits(keyed_digest("EMAIL", surface, self.key))
        local = re.sub(r"\d", lambda _: str(next(digits) % 10), self.name(local.title()).lower())
        return f"{local}@example.invalid"


def _after_title(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows a title ("Mr", "mevrouw", "de heer"): then its first word is a
    surname.  The titles are the detector's own (``analyser/resources/<lang>/personal_data.txt``)."""
    from analyser.clean.personal_data import titles

    words = re.findall(r"[^\W\d_]+\.?", text[max(0, start - 20) : start])
    return bool(words) and words[-1].lower().rstrip(".") in titles()


def detect_and_replace(text: str, finder: Any, replace: Any) -> str:
    """``text`` with every span the detector (a :class:`~analyser.clean.personal_data.PersonalDataFinder`)
    finds replaced by ``replace(kind, key, surface, after_title)``: ``key`` identifies the item however it
    was written (the person a name part belongs to), ``after_title`` says a name follows Mr, mevrouw ...;
    the text between the spans is left exactly as it was."""
    spans = finder.find(text) if isinstance(text, str) and text else []
    if not spans:
        return text
    out, last = [], 0
    for span in spans:
        out.append(text[last : span.start])
        after_title = span.kind == "NAME" and _after_title(text, span.start)
        out.append(replace(span.kind, span.key, text[span.start : span.end], after_title))
        last = span.end
    out.append(text[last:])
    return "".join(out)


class Aliaser:
    """The replacement side: one key, a detector per ticket that knows the names of that ticket's people
    (and the agents'), counts of what was replaced.

    Names are per ticket because a first name is also a word ("Ben je ..." in Dutch, "Mark the box"): a name
    known from one ticket must not be hunted for in every other ticket's text."""

    def __init__(
        self,
        key: str,
        *,
        agents: bool,
        names: dict[str, set[str]],
        agent_names: dict[str, str],
        customers: bool,
        model: str | None = None,
    ) -> None:
        from analyser.audit.privacy import agent_aliases

        self.key = key
        self.stand_ins = StandIns(key, model=model)
        self.agents = agents
        self.customers = customers
        self.counts: Counter[str] = Counter()
        self._agent_aliases = agent_aliases
        self._names = names
        self._detectors: dict[str, Any] = {}
        # An agent's name forms (``lisa.smith`` -> "Lisa Smith") map to the agent: replaced with
        # --pseudonymise-agents, and never taken for a customer's name otherwise.
        self.agent_forms = list(agent_names) if agents else []
        self.agent_people = {" ".join(f.replace(",", " ").split()).lower(): a for f, a in agent_names.items()}

    def _detector(self, ticket: object) -> Any:
        from analyser.clean.personal_data import PersonalDataFinder

        key = str(ticket)
        if key not in self._detectors:
            names = sorted(self._names.get(key, set())) if self.customers else []
            self._detectors[key] = PersonalDataFinder([*names, *self.agent_forms])
        return self._detectors[key]

    def agent(self, agent_id: object) -> object:
        if not self.agents or not isinstance(agent_id, str) or not agent_id:
            return agent_id
        self.counts["AGENT"] += 1
        return self._agent_aliases([agent_id], self.key)[agent_id]

    def value(self, kind: str, value: object) -> object:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value == "":
            return value
        self.counts[kind] += 1
        return keyed_alias(kind, str(value), self.key)

    def _replace(self, kind: str, value: str, surface: str, after_title: bool) -> str:
        agent = kind == "NAME" and value in self.agent_people
        if not (self.agents if agent else self.customers):
            return surface
        self.counts["AGENT" if agent else kind] += 1
        if kind == "NAME":
            return self.stand_ins.name(surface, after_title=after_title)
        if kind == "EMAIL":
            return self.stand_ins.email(surface)
        return shaped(kind, surface, keyed_digest(kind, value, self.key))

    def text(self, text: object, ticket: object = None) -> object:
        if not isinstance(text, str):
            return text
        return detect_and_replace(text, self._detector(ticket), self._replace)


def _names(tickets: pd.DataFrame, replies: pd.DataFrame) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Per ticket, the names of its people (requester, message authors, whom the agents' greetings address);
    and the agents' name forms -> agent id."""
    from analyser.audit.privacy import agent_name_forms, greeting_names

    people: dict[str, set[str]] = defaultdict(set)
    if "requester_name" in tickets.columns:
        for ticket, name in zip(tickets["ticket_id"], tickets["requester_name"], strict=True):
            if isinstance(name, str) and name.strip():
                people[str(ticket)].add(name)
    agent_names: dict[str, str] = {}
    agents = replies.get("agent_id", pd.Series([None] * len(replies), index=replies.index))
    if "author_name" in replies.columns:
        for ticket, name, role, agent in zip(
            replies["ticket_id"], replies["author_name"], replies["author_role"], agents, strict=True
        ):
            if not isinstance(name, str) or not name.strip():
                continue
            if role == "agent" and isinstance(agent, str) and agent:
                agent_names[name] = agent
            elif role == "customer":
                people[str(ticket)].add(name)
    agent_ids = set()
    for frame in (tickets, replies):
        if "agent_id" in frame.columns:
            agent_ids |= {a for a in frame["agent_id"].dropna().astype(str) if a}
    for agent in agent_ids:
        for form in agent_name_forms(agent):
            agent_names.setdefault(form, agent)
    agent_forms = {f.lower() for f in agent_names}
    text_column = "body_clean" if "body_clean" in replies.columns else "body"
    if text_column in replies.columns and "author_role" in replies.columns:
        agent_rows = replies[replies["author_role"] == "agent"]
        for ticket, text in zip(agent_rows["ticket_id"], agent_rows[text_column], strict=True):
            if isinstance(text, str):
                people[str(ticket)] |= {n for n in greeting_names([text]) if n.lower() not in agent_forms}
    return people, agent_names


def pseudonymise_tables(
    tickets: pd.DataFrame,
    replies: pd.DataFrame,
    *,
    key: str,
    agents: bool = False,
    customers: bool = True,
    model: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, Aliaser]:
    """Both tables with personal data replaced by keyed aliases (see the module docstring), and the
    :class:`Aliaser` that did it (its ``counts`` and ``stand_ins.inexact`` say what was replaced how).
    ``model`` is the spaCy pipeline setting the stand-in names are scored with (the study's)."""
    from analyser.audit.privacy import mask_user_paths

    names, agent_names = _names(tickets, replies)
    aliaser = Aliaser(key, agents=agents, names=names, agent_names=agent_names, customers=customers, model=model)
    tickets, replies = tickets.copy(), replies.copy()
    for frame in (tickets, replies):
        ticket_ids = frame["ticket_id"] if "ticket_id" in frame.columns else pd.Series([None] * len(frame))
        roles = frame["author_role"] if "author_role" in frame.columns else pd.Series([None] * len(frame))
        for column in frame.columns:
            if column in _STRUCTURAL or not (
                pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column])
            ):
                continue
            values = frame[column].astype(object).tolist()
            if column in _AGENT_COLUMNS:
                out = [aliaser.agent(v) for v in values]
            elif column == "source_file":
                out = [mask_user_paths(v) if isinstance(v, str) else v for v in values]
            elif column == "author_id":
                out = [
                    aliaser.agent(v)
                    if role == "agent"
                    else aliaser.value("CUSTOMER", v)
                    if role == "customer" and customers
                    else v
                    for v, role in zip(values, roles, strict=True)
                ]
            elif column in _CUSTOMER_IDS:
                out = [aliaser.value("CUSTOMER", v) for v in values] if customers else values
            elif column == "author_name":
                out = [
                    aliaser.text(v, t) if (agents if role == "agent" else customers) else v
                    for v, t, role in zip(values, ticket_ids, roles, strict=True)
                ]
            else:
                out = [
                    aliaser.text(v, t) if isinstance(v, str) and v else v
                    for v, t in zip(values, ticket_ids, strict=True)
                ]
            frame[column] = out
    return tickets, replies, aliaser


def pseudonymise_result(
    result: Any, settings: Settings | None = None, *, agents: bool = False, customers: bool = True
) -> str:
    """Pseudonymise an :class:`~analyser.ingest.readers.IngestResult` in place; returns the summary line.
    ``settings`` give the alias key (``alias-key`` of the audit table, unless the environment has one) and
    the pipeline the stand-in names are scored with."""
    settings = settings or Settings()
    key, given = alias_key(settings)
    dataset = result.dataset
    tickets, replies, aliaser = pseudonymise_tables(
        dataset.tickets, dataset.replies, key=key, agents=agents, customers=customers, model=settings.model
    )
    dataset.tickets, dataset.replies = tickets, replies
    counts = aliaser.counts
    what = ", ".join(f"{kind.lower()} {n}" for kind, n in sorted(counts.items())) or "nothing found"
    inexact = sum(aliaser.stand_ins.inexact.values())
    if inexact:
        what += (
            f" ({inexact} name word(s) without a stand-in the scorer scores exactly alike: the nearest was taken,"
            " see docs/ingest.md)"
        )
    source = (
        f"key from {KEY_VARIABLE} (never written)"
        if given
        else f"no {KEY_VARIABLE}: a random key, so the aliases hold within this output only"
    )
    scope = "customers and agents" if agents and customers else "agents" if agents else "customers"
    return f"pseudonymised ({scope}): {what} replaced; {source}"

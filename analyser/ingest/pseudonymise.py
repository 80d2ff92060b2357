"""``ingest --pseudonymise``: tables a researcher can be handed, with the personal data replaced by aliases.

What is personal data is decided by the detector of :mod:`analyser.clean.pseudonymise` (e-mail addresses,
phone numbers, IBANs, postcodes, and the names it is given: requesters, message authors, the people the
agents' greetings address).  This module only decides what replaces it: a **keyed alias**, an HMAC-SHA256
of the value under the key ``TICKET_ANALYSER_ALIAS_KEY`` (the audit's ``alias-key``), written as
``[NAME-3F9A2C]``, ``[EMAIL-81D0AA]``, ``[CUSTOMER-0B77E1]`` ...  The same value gets the same alias in every
file and every run made with the same key, and nobody without the key can recompute an alias from a list
of names.  Agents (``--pseudonymise-agents``) get exactly the alias the audit's ``--pseudonymise-agents``
gives them (:func:`analyser.audit.privacy.agent_aliases`): ``Agent 3F9A2C``.  The key is never written to
an output; without one a random key is used, so aliases hold within that one output only (and it says so).

Only the detected spans change: the rest of every message is left as it was, so the scores of the text
barely move (a test runs the study on a pseudonymised sample and compares).
"""

from __future__ import annotations

import difflib
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

KEY_VARIABLE = "TICKET_ANALYSER_ALIAS_KEY"
_MARKER = re.compile(r"\[(EMAIL|PHONE|IBAN|POSTCODE|NAME)-\d+\]")
_TITLE = re.compile(r"\b(?:mr|mrs|ms|miss|dr|mx|heer|mevrouw|meneer|dhr|mevr|mw|de heer)\.?\s+$", re.IGNORECASE)
_SLOT = 0xE000  # private-use characters stand for the markers while aligning (they occur in no export)
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


def alias_key() -> tuple[str, bool]:
    """(key, whether the user gave it): ``TICKET_ANALYSER_ALIAS_KEY``, else a random key for this run."""
    key = os.environ.get(KEY_VARIABLE, "")
    return (key, True) if key else (secrets.token_hex(32), False)


def keyed_digest(kind: str, value: str, key: str) -> str:
    """The HMAC-SHA256 (hex) of the normalised value under ``key``: the scheme of the audit's agent aliases."""
    normal = " ".join(str(value).split()).lower()
    return hmac.new(key.encode("utf-8"), f"{kind}:{normal}".encode(), hashlib.sha256).hexdigest()


def keyed_alias(kind: str, value: str, key: str) -> str:
    """``[KIND-XXXXXX]``: an identifier column's alias (a customer id, ...)."""
    return f"[{kind}-{keyed_digest(kind, value, key)[:6].upper()}]"


def find_spans(text: str, detector: Any) -> list[tuple[int, int, str, str]]:
    """The personal data the detector finds in ``text``: ``(start, end, kind, value)`` spans.

    The detector (:class:`analyser.clean.pseudonymise.Pseudonymiser`) marks each span it finds as
    ``[KIND-n]`` and remembers the value behind each marker; aligning the marked text with the original
    gives the spans back.  (A span-returning detection function can take this one's place.)
    """
    if not isinstance(text, str) or not text:
        return []
    marked = detector.pseudonymise(text)
    if marked == text:
        return []
    values = detector.mapping
    markers: list[tuple[str, str]] = []

    def slot(match: re.Match[str]) -> str:
        markers.append((match.group(1), values.get(match.group(), match.group())))
        return chr(_SLOT + len(markers) - 1)

    slotted = _MARKER.sub(slot, marked)
    if len(markers) > 6000 or len(text) > 200_000:  # beyond what an alignment should cost: no spans, no shapes
        return [(0, 0, kind, value) for kind, value in markers]
    spans = []
    matcher = difflib.SequenceMatcher(None, text, slotted, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        slots = [ord(c) - _SLOT for c in slotted[j1:j2] if _SLOT <= ord(c) < _SLOT + len(markers)]
        for position, number in enumerate(slots):
            kind, value = markers[number]
            spans.append((i1, i2, kind, value) if position == 0 else (i2, i2, kind, value))
    return spans


def _digits(digest: str) -> Iterator[int]:
    for char in digest * 4:
        yield int(char, 16)


@functools.lru_cache(maxsize=1)
def _surrogates() -> tuple[tuple[str, ...], tuple[str, ...]]:
    lists: dict[str, tuple[str, ...]] = {}
    for line in (Path(__file__).with_name("surrogate_names.txt")).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, *names = line.split()
            lists[kind] = tuple(names)
    return lists["first"], lists["last"]


_VOWEL_GROUPS = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)


def _pick(names: tuple[str, ...], like: str, number: int) -> str:
    """A name from ``names`` with the vowel groups (syllables, roughly) of ``like`` and close to its length,
    chosen by ``number``: the readability measures count syllables and long words, so they stay put."""
    from analyser.nlp.syllables import count_syllables

    def shape(word: str) -> tuple[int, int]:  # syllables as the readability measures count them, en and nl
        return count_syllables(word.lower(), "en"), count_syllables(word.lower(), "nl")

    wanted = shape(like)
    names = tuple(n for n in names if n.lower() != like.lower()) or names  # never the original itself
    same = [n for n in names if shape(n) == wanted]
    same = same or [n for n in names if len(_VOWEL_GROUPS.findall(n)) == len(_VOWEL_GROUPS.findall(like))]
    same = same or list(names)
    same.sort(key=lambda n: (abs(len(n) - len(like)), n))
    nearest = [n for n in same if abs(len(n) - len(like)) <= abs(len(same[0]) - len(like)) + 1]
    return nearest[number % len(nearest)]


def name_like(digest: str, words: int | str = 1) -> str:
    """A stand-in name picked by a keyed digest from common short names (``surrogate_names.txt``): as many
    words as the original (a first name, then surnames), each with the original word's syllables.  A name
    stays a name to the text measures: a greeting still greets someone by name, readability barely moves."""
    first, last = _surrogates()
    numbers = int(digest[:12], 16)
    shape = words.split() if isinstance(words, str) else ["Xxxx"] * max(1, words)
    parts = [_pick(first if i == 0 else last, word, numbers // (7**i)) for i, word in enumerate(shape)]
    return " ".join(parts)


def _name_for(surface: str, digest: str) -> str:
    """A stand-in with the surface's capitalised words; after a title ("Mr Lewis") a surname."""
    if surface.startswith("\x00"):
        words = [w for w in surface[1:].split() if w[:1].isupper()] or ["Xxxx"]
        _, last = _surrogates()
        return " ".join(_pick(last, w, int(digest[:12], 16) // (7 ** (i + 1))) for i, w in enumerate(words))
    words = [w for w in surface.split() if w[:1].isupper()]
    return name_like(digest, " ".join(words) if words else 1)


def shaped(kind: str, surface: str, digest: str) -> str:
    """A stand-in with the surface's shape, so the text reads (and measures) as before: digits for digits,
    capitals for capitals (an IBAN keeps its country code), a name for a name, an address for an address."""
    if kind == "NAME":
        return _name_for(surface, digest)
    if kind == "EMAIL":
        local = " ".join(w.capitalize() for w in re.split(r"[._-]+", surface.split("@")[0])[:2] if w)
        return f"{name_like(digest, local or 1).lower().replace(' ', '.')}@example.invalid"
    numbers = _digits(digest)
    out = []
    for position, char in enumerate(surface):
        if char.isdigit():
            out.append(str(next(numbers) % 10))
        elif char.isalpha() and not (kind == "IBAN" and position < 2):
            letter = chr(ord("A") + next(numbers) % 26)
            out.append(letter if char.isupper() else letter.lower())
        else:
            out.append(char)
    return "".join(out)


def detect_and_replace(text: str, detector: Any, replace: Any) -> str:
    """``text`` with every span the detector finds replaced by ``replace(kind, value, surface)``; the text
    between the spans is left exactly as it was."""
    spans = find_spans(text, detector) if isinstance(text, str) else []
    if not spans:
        return text
    if all(start == end == 0 for start, end, _, _ in spans):  # no alignment: replace in the marked text
        values = iter(spans)
        return _MARKER.sub(lambda m: replace(*next(values)[2:], m.group()), detector.pseudonymise(text))
    out, last = [], 0
    for start, end, kind, value in spans:
        out.append(text[last:start])
        surface = text[start:end]
        if kind == "NAME" and _TITLE.search(text[max(0, start - 12) : start]):
            surface = "\x00" + surface  # after a title ("Mr Lewis", "mevrouw Van Dijk"): a surname stands in
        out.append(replace(kind, value, surface))
        last = max(last, end)
    out.append(text[last:])
    return "".join(out)


class Aliaser:
    """The replacement side: one key, a detector per ticket that knows the names of that ticket's people
    (and the agents'), counts of what was replaced.

    Names are per ticket because a first name is also a word ("Ben je ..." in Dutch, "Mark the box"): a name
    known from one ticket must not be hunted for in every other ticket's text."""

    def __init__(
        self, key: str, *, agents: bool, names: dict[str, set[str]], agent_names: dict[str, str], customers: bool
    ) -> None:
        from analyser.audit.privacy import agent_aliases

        self.key = key
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
        from analyser.clean.pseudonymise import Pseudonymiser

        key = str(ticket)
        if key not in self._detectors:
            names = sorted(self._names.get(key, set())) if self.customers else []
            self._detectors[key] = Pseudonymiser([*names, *self.agent_forms])
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

    def _replace(self, kind: str, value: str, surface: str) -> str:
        if kind == "NAME" and value in self.agent_people and self.agents:
            self.counts["AGENT"] += 1
            agent = self.agent_people[value]
            digest = hmac.new(self.key.encode(), agent.encode(), hashlib.sha256).hexdigest()
            return _name_for(surface, digest)
        if not self.customers:
            return surface.lstrip("\x00")
        self.counts[kind] += 1
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
    tickets: pd.DataFrame, replies: pd.DataFrame, *, key: str, agents: bool = False, customers: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame, Counter[str]]:
    """Both tables with personal data replaced by keyed aliases (see the module docstring)."""
    from analyser.audit.privacy import mask_user_paths

    names, agent_names = _names(tickets, replies)
    aliaser = Aliaser(key, agents=agents, names=names, agent_names=agent_names, customers=customers)
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
                    aliaser.text(v, t) if (role == "agent") == agents or (role != "agent" and customers) else v
                    for v, t, role in zip(values, ticket_ids, roles, strict=True)
                ]
            else:
                out = [
                    aliaser.text(v, t) if isinstance(v, str) and v else v
                    for v, t in zip(values, ticket_ids, strict=True)
                ]
            frame[column] = out
    return tickets, replies, aliaser.counts


def pseudonymise_result(result: Any, *, agents: bool = False, customers: bool = True) -> str:
    """Pseudonymise an :class:`~analyser.ingest.readers.IngestResult` in place; returns the summary line."""
    key, given = alias_key()
    dataset = result.dataset
    tickets, replies, counts = pseudonymise_tables(
        dataset.tickets, dataset.replies, key=key, agents=agents, customers=customers
    )
    dataset.tickets, dataset.replies = tickets, replies
    what = ", ".join(f"{kind.lower()} {n}" for kind, n in sorted(counts.items())) or "nothing found"
    source = (
        f"key from {KEY_VARIABLE} (never written)"
        if given
        else f"no {KEY_VARIABLE}: a random key, so the aliases hold within this output only"
    )
    scope = "customers and agents" if agents and customers else "agents" if agents else "customers"
    return f"pseudonymised ({scope}): {what} replaced; {source}"

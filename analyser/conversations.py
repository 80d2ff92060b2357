"""Conversation-level quality: one row of features per ticket, from the whole thread in order.

A reply is read in its conversation: whether the customer's mood improved, whether anyone offered a
solution and when, whether the customer's question was answered, how long the customer waited.  None of
that is visible in one reply, so this stage takes every public message of a ticket, customer messages
included, puts them in order and measures the thread.

Which messages: public agent replies and customer messages (``author_role`` ``agent`` / ``customer``,
``public`` not false).  System messages (auto-acknowledgements) and internal notes are not part of what the
customer and the agent said to each other; they are counted as *skipped*.  Without an ``author_role``
column every message counts as an agent reply, as ``extract`` reads such a file.

How they are scored: every message goes through :func:`analyser.scoring.score_replies`, the one road from
text to scores (the same cleaning and language decision as ``extract``; ``all_messages`` so that customer
messages are scored too).  Agent replies already scored by the caller (the audit, the study) are reused by
``reply_id``, not scored twice.  Customer messages are scored for what this stage reads of them: sentiment,
questions, the frustration markers, capitals and exclamation runs.

Order: by ``created_at`` when every message of the ticket has one (ties keep the input order); otherwise
the input order, and ``order_basis`` says so.  Times are then not trusted and every time feature is empty.

What each column means is :data:`TICKET_FEATURES` (``docs/conversations.md`` is generated from it); a
value that cannot be computed (no customer message, no agent reply, no timestamps, the reply-level service
detectors missing) is empty (NaN / NA), never a guess, and never an error.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from analyser.features import Feature
from analyser.scoring import author_roles
from analyser.settings import Settings

#: Reply-level service moves (the ``service`` component) this stage aggregates per ticket.
SERVICE_COLUMNS = (
    "offers_solution",
    "details_count",
    "next_step_with_time",
    "asks_for_information",
    "asks_to_repeat",
    "declines",
    "offers_alternative",
    "repeats_itself",
    "refers_elsewhere",
    "only_refers_elsewhere",
)
#: The message columns :func:`thread_features` reads, besides the service columns.
_THREAD_COLUMNS = (
    "ticket_id",
    "role",
    "position",
    "language",
    "order_basis",
    "_when",
    "body_clean",
    "sentiment",
    "question_count",
    "frustration_markers",
    "repeat_contact_markers",
    "shouting_words",
    "exclamation_runs",
)
#: An agent reply doing any of these responds to the customer's question (see :func:`_answers`).
_ANSWERING = (
    "offers_solution",
    "next_step_with_time",
    "asks_for_information",
    "asks_to_repeat",
    "declines",
    "offers_alternative",
    "refers_elsewhere",
    "details_count",
)
ROLES = ("agent", "customer")
#: Two agent replies of one ticket with at least this word overlap (Dice, over word counts) are one template.
TEMPLATE_OVERLAP = 0.8
TEMPLATE_MIN_WORDS = 5
RESOLUTIONS = ("solution", "next step", "referral only", "declined", "none")
#: A later agent sentence with at least this word overlap (Jaccard, negations left out) with an earlier agent
#: sentence, and the negation flipped, contradicts it.
CONTRADICTION_OVERLAP = 0.7
CONTRADICTION_MIN_WORDS = 4


def _t(name: str, range_: str, meaning: str, better: bool | None = None) -> Feature:
    return Feature(name, "conversation", range_, meaning, "en, nl", better)


_ENTRIES = [
    _t("language", "en|nl|und", "The thread's language: the most common language of its scored messages."),
    _t(
        "order_basis",
        "time|input order",
        "How the messages were put in order: by created_at when every message has one, else as in the input "
        "(then every time feature is empty).",
    ),
    _t("messages", "0..", "Public agent replies and customer messages in the thread (system messages and notes not)."),
    _t("customer_messages", "0..", "Customer messages with text."),
    _t("agent_replies", "0..", "Public agent replies with text."),
    _t(
        "customer_sentiment_first",
        "-1..1",
        "Sentiment of the first customer message (English: VADER; Dutch: the Pattern lexicon). Empty without one.",
    ),
    _t("customer_sentiment_last", "-1..1", "Sentiment of the last customer message. Empty without one."),
    _t(
        "customer_sentiment_change",
        "-2..2",
        "Last minus first customer sentiment: above 0 the customer's mood improved over the thread. Empty with "
        "fewer than two customer messages with a sentiment.",
        True,
    ),
    _t(
        "customer_frustration_markers",
        "0..",
        "Frustration in the customer's messages: repeated-contact and exasperation phrases ('again', 'third time', "
        "'nog steeds', 'belachelijk'), ALL-CAPS words and exclamation runs ('!!!'). Empty without customer messages.",
        False,
    ),
    _t(
        "customer_repeat_contact",
        "0..",
        "How often the customer says or shows this is not the first time: repeated-contact phrases plus chasers "
        "(a customer message sent while an earlier one still waits for an agent reply).",
        False,
    ),
    _t("customer_frustrated", "bool", "Any frustration marker or chaser in the customer's messages.", False),
    _t(
        "solution_offered",
        "bool",
        "An agent reply offered a solution: a fix, an answer or a workaround given in the reply itself "
        "(offers_solution), or a next step the agent commits to with a time (next_step_with_time). A referral "
        "('create a ticket', 'DM us', 'Here's how: <link>', 'neem contact op') is not one. Empty without agent "
        "replies or without the service detectors.",
        True,
    ),
    _t(
        "solution_reply",
        "1..",
        "Which agent reply (1 = the first) first offered a solution or a timed next step. Empty when none did.",
    ),
    _t(
        "solution_hours",
        "0..",
        "Hours from the start of the ticket to the first reply that offered a solution (needs timestamps).",
        False,
    ),
    _t("next_step_offered", "bool", "An agent reply said what happens next and when (next_step_with_time).", True),
    _t(
        "referral_only",
        "bool",
        "The agent replies only sent the customer elsewhere ('see our FAQ', 'neem contact op met ...'): a referral, "
        "no solution and no next step.",
        False,
    ),
    _t(
        "resolution",
        "solution|next step|referral only|declined|none",
        "The best the agent replies did, in that order: a solution, a next step with a time, only a referral, a "
        "refusal, or none of these.",
    ),
    _t(
        "repeated_template_replies",
        "0..",
        f"Agent replies that repeat an earlier reply of the same ticket (word overlap of {TEMPLATE_OVERLAP:.0%} or "
        f"more, {TEMPLATE_MIN_WORDS} words or more): the same template sent again.",
        False,
    ),
    _t(
        "agent_repeats_itself",
        "bool",
        "An agent reply says the same sentence twice (reply-level repeats_itself).",
        False,
    ),
    _t(
        "agent_contradicts_itself",
        "bool",
        f"A later agent reply says the opposite of an earlier one: a sentence with the same words as an earlier "
        f"agent sentence (overlap {CONTRADICTION_OVERLAP:.0%} or more, {CONTRADICTION_MIN_WORDS} words or more, "
        "negations aside) but the negation flipped ('you can change the date online' then 'you cannot change the "
        "date online'; 'u krijgt het geld terug' then 'u krijgt het geld niet terug'). A simple heuristic: "
        "contradictions in other words are missed. Empty with fewer than two agent replies.",
        False,
    ),
    _t(
        "asked_to_repeat",
        "0..",
        "Agent replies that ask the customer for something again or what they meant (asks_to_repeat).",
        False,
    ),
    _t("customer_questions", "0..", "Customer messages with a question (a sentence ending in '?')."),
    _t(
        "unanswered_questions",
        "0..",
        "Customer questions whose next agent reply does not respond: no solution, next step, request for "
        "information, refusal, alternative, referral or concrete detail. Empty without the service detectors.",
        False,
    ),
    _t(
        "first_reply_hours",
        "0..",
        "Hours from the start of the ticket (its created_at, else its first message) to the first agent reply.",
        False,
    ),
    _t(
        "reply_wait_hours_mean",
        "0..",
        "Mean hours a customer waited for an agent reply, from the first unanswered customer message to the reply.",
        False,
    ),
    _t("reply_wait_hours_max", "0..", "The longest such wait, in hours.", False),
    _t(
        "back_and_forths",
        "0..",
        "Exchanges: agent replies that answer a waiting customer message (counted from the order, with or without "
        "timestamps).",
    ),
    _t(
        "customer_wrote_after_last_reply",
        "bool",
        "The customer wrote again after the agent's last reply: the thread was reopened, or the customer was left "
        "waiting. Empty without an agent reply or a customer message.",
        False,
    ),
]
#: The ticket-level catalogue: every column of the ``ticket_features`` table after ``ticket_id``.
TICKET_FEATURES: dict[str, Feature] = {f.name: f for f in _ENTRIES}
TICKET_COLUMNS: tuple[str, ...] = ("ticket_id", *TICKET_FEATURES)
_BOOLEAN = tuple(name for name, f in TICKET_FEATURES.items() if f.range == "bool")
_TEXT = ("language", "order_basis", "resolution")


@dataclass
class ConversationResult:
    """The ``ticket_features`` table, the threads it was computed from, and what was left out.

    ``tickets``: one row per ticket (:data:`TICKET_COLUMNS`).  ``messages``: the public agent replies and
    customer messages that were scored, one row each, in thread order (``ticket_id``, ``position``, ``role``,
    ``created_at``, ``agent_id``, ``reply_id``, ``body_clean``, ``language`` and the message's scores);
    the audit draws its conversation view from it.  ``rejected``: messages whose text could not be scored
    (``reply_id``, ``ticket_id``, ``reason``).  ``skipped``: system messages and internal notes.
    """

    tickets: pd.DataFrame
    messages: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["reply_id", "ticket_id", "reason"]))
    skipped: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    pipeline: dict[str, Any] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, Any]:
        return {
            "tickets": len(self.tickets),
            "messages_in_threads": len(self.messages),
            "rejected": len(self.rejected),
            "skipped": dict(self.skipped),
        }


# --- building the threads ---------------------------------------------------------------------------


def _public(frame: pd.DataFrame) -> pd.Series:
    if "public" not in frame.columns:
        return pd.Series(True, index=frame.index)
    from analyser.schema import to_boolean

    return to_boolean(frame["public"]).fillna(True).astype(bool)


def thread_rows(replies: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """The public agent replies and customer messages of ``replies`` with their role, and the counts of the
    messages left out (``system``, ``internal note``, ``other role``)."""
    frame = replies.reset_index(drop=True)
    role = author_roles(frame)
    public = _public(frame)
    keep = role.isin(ROLES).fillna(False).astype(bool) & public
    skipped: Counter[str] = Counter()
    skipped["internal note"] = int((role.isin(ROLES).fillna(False).astype(bool) & ~public).sum())
    skipped["system message"] = int((role == "system").fillna(False).sum())
    skipped["other role"] = int(len(frame) - keep.sum() - skipped["internal note"] - skipped["system message"])
    rows = frame.loc[keep.to_numpy()].copy()
    rows["role"] = role[keep.to_numpy()].astype(str).to_numpy()
    rows["_input"] = np.arange(len(rows))
    return rows, {k: v for k, v in skipped.items() if v}


def _order(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted into thread order per ticket, with ``position`` (1-based) and ``order_basis``."""
    if rows.empty:
        return rows.assign(position=pd.Series(dtype=int), order_basis=pd.Series(dtype="string"))
    when = (
        pd.to_datetime(rows["created_at"], errors="coerce", utc=True, format="mixed")
        if "created_at" in rows.columns
        else pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ns, UTC]")
    )
    rows = rows.assign(_when=when)
    timed = rows.groupby("ticket_id", sort=False)["_when"].transform(lambda s: bool(s.notna().all()))
    rows["order_basis"] = np.where(timed.astype(bool), "time", "input order")
    key = rows["_when"].where(timed.astype(bool))
    rows = rows.assign(_key=key).sort_values(["ticket_id", "_key", "_input"], na_position="last", kind="stable")
    rows["position"] = rows.groupby("ticket_id", sort=False).cumcount() + 1
    return rows.drop(columns=["_key"])


# --- scoring the messages ---------------------------------------------------------------------------


def _score(
    rows: pd.DataFrame,
    replies: pd.DataFrame,
    settings: Settings,
    scored: pd.DataFrame | None,
    progress: Callable[[int], None] | None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Scores for every thread row (joined on ``_input``), the rejected rows and the pipeline metadata.

    Agent replies found in ``scored`` (same ``ticket_id`` and ``reply_id``) keep those scores; every other
    row is scored by :func:`score_replies` with ``all_messages`` (the rows are already the thread's)."""
    from analyser.scoring import PASS_THROUGH, score_replies

    reuse = pd.DataFrame()
    todo = rows
    if scored is not None and len(scored) and {"ticket_id", "reply_id"} <= set(scored.columns) and "reply_id" in rows:
        known = scored.drop_duplicates(["ticket_id", "reply_id"])
        agent = rows[rows["role"] == "agent"][["_input", "ticket_id", "reply_id"]]
        agent = agent.astype({"ticket_id": "string", "reply_id": "string"})
        known = known.astype({"ticket_id": "string", "reply_id": "string"})
        drop = [c for c in PASS_THROUGH if c in known.columns and c not in ("ticket_id", "reply_id")]
        reuse = agent.merge(known.drop(columns=drop), on=["ticket_id", "reply_id"], how="inner")
        todo = rows[~rows["_input"].isin(reuse["_input"])]
    rejected = pd.DataFrame(columns=["reply_id", "ticket_id", "reason"])
    pipeline: dict[str, Any] = {}
    fresh = pd.DataFrame()
    if len(todo):
        outcome = score_replies(
            todo.drop(columns=["_when"], errors="ignore"),
            settings,
            all_messages=True,
            context=replies,
            keep_columns=["_input"],
            progress=progress,
        )
        fresh, pipeline = outcome.features, outcome.pipeline
        if len(outcome.rejected):
            lost = todo.loc[outcome.rejected["index"].to_numpy()]
            rejected = pd.DataFrame(
                {
                    "reply_id": lost["reply_id"].astype("string").to_numpy() if "reply_id" in lost else pd.NA,
                    "ticket_id": lost["ticket_id"].astype("string").to_numpy(),
                    "reason": outcome.rejected["reason"].to_numpy(),
                }
            )
    columns = [c for c in dict.fromkeys([*reuse.columns, *fresh.columns]) if c not in PASS_THROUGH]
    parts = [p[[c for c in columns if c in p.columns]] for p in (reuse, fresh) if len(p)]
    scores = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["_input"])
    return scores, rejected, pipeline


# --- the features of one thread ------------------------------------------------------------------------


def _hours(later: Any, earlier: Any) -> float:
    if pd.isna(later) or pd.isna(earlier):
        return np.nan
    hours = (later - earlier).total_seconds() / 3600.0
    return hours if hours >= 0 else np.nan


def _flag(value: Any) -> bool:
    """A reply-level flag or count as a truth value; an empty value is not a move."""
    if value is None or value is pd.NA:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return bool(value)


_WORD = re.compile(r"\w+", re.UNICODE)


def _same_template(a: str, b: str) -> bool:
    words_a, words_b = Counter(_WORD.findall(a.lower())), Counter(_WORD.findall(b.lower()))
    size_a, size_b = sum(words_a.values()), sum(words_b.values())
    if min(size_a, size_b) < TEMPLATE_MIN_WORDS:
        return False
    return 2 * sum((words_a & words_b).values()) / (size_a + size_b) >= TEMPLATE_OVERLAP


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_NOT = re.compile(r"\b(?:(ca|wo|sha)|(\w+))n['’]t\b", re.IGNORECASE)
_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}


@functools.cache
def _negations(lang: str) -> frozenset[str]:
    from analyser.nlp.resources import load_phrases

    return frozenset(load_phrases(lang, "service").get("negation", ())) if lang in ("en", "nl") else frozenset()


def _claims(text: str, lang: str) -> list[tuple[frozenset[str], bool]]:
    """Each sentence of ``text`` as its words without negations, and whether it was negated."""
    negations = _negations(lang)
    text = _NOT.sub(lambda m: f"{_STEMS[m[1].lower()] if m[1] else m[2]} not", text)  # "can't" -> "can not"
    claims = []
    for sentence in _SENTENCE_END.split(text):
        words = _WORD.findall(sentence.lower())
        negated = sum(w in negations for w in words) % 2 == 1  # "not ... not" cancels out
        content = frozenset(w for w in words if w not in negations and w != "wel")
        if len(content) >= CONTRADICTION_MIN_WORDS:
            claims.append((content, negated))
    return claims


def contradicts(earlier: Iterable[tuple[str, str]], later: str, lang: str) -> bool:
    """Whether a sentence of ``later`` says the opposite of a sentence of one of the ``earlier`` (text, language)
    replies: nearly the same words (:data:`CONTRADICTION_OVERLAP`) with the negation flipped."""
    before = [claim for text, language in earlier for claim in _claims(text, language)]
    for words, negated in _claims(later, lang):
        for other, other_negated in before:
            if negated != other_negated and len(words & other) / len(words | other) >= CONTRADICTION_OVERLAP:
                return True
    return False


def _contradiction(agents: pd.DataFrame) -> Any:
    if len(agents) < 2 or "body_clean" not in agents:
        return pd.NA
    texts = agents["body_clean"].fillna("").astype(str).tolist()
    langs = agents["language"].fillna("").astype(str).tolist() if "language" in agents else [""] * len(texts)
    pairs = list(zip(texts, langs, strict=True))
    return any(contradicts(pairs[:i], pairs[i][0], pairs[i][1]) for i in range(1, len(pairs)))


def _answers(reply: pd.Series) -> bool:
    return any(_flag(reply.get(column)) for column in _ANSWERING)


def _sum(values: Iterable[Any]) -> float:
    numbers = [float(v) for v in values if v is not None and v is not pd.NA and not pd.isna(v)]
    return float(sum(numbers)) if numbers else np.nan


def thread_features(thread: pd.DataFrame, start: Any = pd.NaT, *, has_service: bool = True) -> dict[str, Any]:
    """The features of one ticket's thread (rows in order, with ``role`` and scores): see :data:`TICKET_FEATURES`.

    ``start`` is the ticket's ``created_at`` when the tickets table has it.  ``has_service`` says whether the
    replies carry the service detectors' columns; without them the solution and answer features are empty.
    """
    out: dict[str, Any] = dict.fromkeys(TICKET_FEATURES, np.nan)
    customers = thread[thread["role"] == "customer"]
    agents = thread[thread["role"] == "agent"]
    languages = thread["language"].dropna().astype(str) if "language" in thread else pd.Series(dtype=str)
    out["language"] = languages.value_counts().index[0] if len(languages) else pd.NA
    basis = thread["order_basis"].iloc[0] if len(thread) and "order_basis" in thread else "input order"
    out["order_basis"] = basis
    out["messages"] = len(thread)
    out["customer_messages"] = len(customers)
    out["agent_replies"] = len(agents)

    # The customer's mood and frustration.
    if len(customers):
        sentiment = pd.to_numeric(customers.get("sentiment"), errors="coerce").dropna()
        if len(sentiment):
            out["customer_sentiment_first"] = float(sentiment.iloc[0])
            out["customer_sentiment_last"] = float(sentiment.iloc[-1])
        if len(sentiment) >= 2:
            out["customer_sentiment_change"] = float(sentiment.iloc[-1] - sentiment.iloc[0])
        markers = [
            _sum(customers.get(c, pd.Series(dtype=float)))
            for c in ("frustration_markers", "shouting_words", "exclamation_runs")
        ]
        known = [m for m in markers if m == m]
        out["customer_frustration_markers"] = float(sum(known)) if known else np.nan

    # Walk the thread: waits, exchanges, chasers, questions and whether the next reply responds.
    timed = basis == "time"
    waiting_since: Any = None
    waits: list[float] = []
    exchanges = chasers = questions = unanswered = 0
    open_question = False
    for _, message in thread.iterrows():
        when = message.get("_when", pd.NaT) if timed else pd.NaT
        if message["role"] == "customer":
            if waiting_since is not None:
                chasers += 1
            else:
                waiting_since = when
            if _flag(message.get("question_count")):
                questions += 1
                open_question = True
            continue
        if waiting_since is not None:
            exchanges += 1
            waits.append(_hours(when, waiting_since))
            waiting_since = None
        if open_question:
            unanswered += 0 if _answers(message) else 1
            open_question = False
    if len(customers):
        out["customer_repeat_contact"] = _sum(customers.get("repeat_contact_markers", pd.Series(dtype=float)))
        out["customer_repeat_contact"] = (
            0.0 if pd.isna(out["customer_repeat_contact"]) else out["customer_repeat_contact"]
        ) + chasers
        frustration = out["customer_frustration_markers"]
        out["customer_frustrated"] = bool((frustration == frustration and frustration > 0) or chasers > 0)
        out["customer_questions"] = questions
    out["back_and_forths"] = exchanges
    known_waits = [w for w in waits if w == w]
    if known_waits:
        out["reply_wait_hours_mean"] = float(np.mean(known_waits))
        out["reply_wait_hours_max"] = float(np.max(known_waits))
    if len(agents) and len(customers):
        out["customer_wrote_after_last_reply"] = bool(customers["position"].max() > agents["position"].max())

    # Responsiveness.
    if timed and len(agents):
        first_message = thread["_when"].iloc[0]
        begin = min(t for t in (start, first_message) if not pd.isna(t)) if not pd.isna(first_message) else start
        out["first_reply_hours"] = _hours(agents["_when"].iloc[0], begin)

    # What the agent replies did.
    if len(agents) and has_service:
        texts = agents["body_clean"].fillna("").astype(str).tolist() if "body_clean" in agents else []
        out["repeated_template_replies"] = sum(
            any(_same_template(texts[i], texts[j]) for j in range(i)) for i in range(len(texts))
        )
        solutions = [i for i, (_, r) in enumerate(agents.iterrows()) if _flag(r.get("offers_solution"))]
        next_step = any(_flag(v) for v in agents.get("next_step_with_time", []))
        # Solution offered: a fix, answer or workaround the reply gives itself, or a next step the agent commits
        # to with a time; a referral (DM us, create a ticket, see this article) is not one (the service component).
        offered = [
            i
            for i, (_, r) in enumerate(agents.iterrows())
            if _flag(r.get("offers_solution")) or _flag(r.get("next_step_with_time"))
        ]
        out["solution_offered"] = bool(offered)
        if offered:
            out["solution_reply"] = offered[0] + 1
            if timed:
                first_message = thread["_when"].iloc[0]
                begin = min(t for t in (start, first_message) if not pd.isna(t))
                out["solution_hours"] = _hours(agents["_when"].iloc[offered[0]], begin)
        referral = any(_flag(v) for v in agents.get("refers_elsewhere", []))
        declined = any(_flag(v) for v in agents.get("declines", []))
        out["next_step_offered"] = next_step
        out["referral_only"] = bool(referral and not solutions and not next_step)
        out["resolution"] = (
            "solution"
            if solutions
            else "next step"
            if next_step
            else "referral only"
            if referral
            else "declined"
            if declined
            else "none"
        )
        out["agent_repeats_itself"] = any(_flag(v) for v in agents.get("repeats_itself", []))
        out["asked_to_repeat"] = sum(_flag(v) for v in agents.get("asks_to_repeat", []))
        if len(customers):
            out["unanswered_questions"] = unanswered
    elif len(agents):
        texts = agents["body_clean"].fillna("").astype(str).tolist() if "body_clean" in agents else []
        out["repeated_template_replies"] = sum(
            any(_same_template(texts[i], texts[j]) for j in range(i)) for i in range(len(texts))
        )
    out["agent_contradicts_itself"] = _contradiction(agents)  # text only: with or without the service columns
    return out


def ticket_feature_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes for the ticket table: nullable booleans, strings, floats."""
    for name in frame.columns:
        if name == "ticket_id" or name in _TEXT:
            frame[name] = frame[name].astype("string")
        elif name in _BOOLEAN:
            frame[name] = (
                frame[name].map(lambda v: pd.NA if v is None or v is pd.NA or v != v else bool(v)).astype("boolean")
            )
        elif name in TICKET_FEATURES:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


# --- the whole table ------------------------------------------------------------------------------


def conversation_features(
    replies: pd.DataFrame,
    settings: Settings | None = None,
    *,
    tickets: pd.DataFrame | None = None,
    scored: pd.DataFrame | None = None,
    progress: Callable[[int], None] | None = None,
) -> ConversationResult:
    """The ``ticket_features`` table of ``replies`` (a canonical replies table: every message of every ticket).

    ``tickets`` (optional) gives each ticket's ``created_at`` (the start for first-reply time) and lists
    tickets without any message, which get a row with zero messages.  ``scored``: agent replies the caller
    already scored (``ticket_id``, ``reply_id`` and the features); they are not scored again.
    """
    settings = settings or Settings()
    if "ticket_id" not in replies.columns:
        from analyser.errors import InputError

        raise InputError("the replies have no ticket_id column: messages cannot be put into conversations")
    rows, skipped = thread_rows(replies)
    notes: list[str] = []
    no_ticket = rows["ticket_id"].isna()
    if no_ticket.any():
        skipped["no ticket id"] = int(no_ticket.sum())
        rows = rows[~no_ticket.to_numpy()]
    rows = rows.assign(ticket_id=rows["ticket_id"].astype("string"))
    if "reply_id" in rows.columns:
        rows["reply_id"] = rows["reply_id"].astype("string")
    scores, rejected, pipeline = _score(rows, replies, settings, scored, progress)
    rows = rows[~rows["_input"].isin(_rejected_inputs(rows, rejected))] if len(rejected) else rows
    overlap = [c for c in scores.columns if c in rows.columns and c != "_input"]
    messages = rows.drop(columns=overlap).merge(scores, on="_input", how="inner")
    messages = _order(messages)
    has_service = "offers_solution" in messages.columns
    if len(messages) and not has_service and (messages["role"] == "agent").any():
        notes.append(
            "the replies carry no service detectors (offers_solution, ...): solution, referral and answered-question "
            "features are empty"
        )
    starts = _ticket_starts(tickets)
    records = []
    # Only the columns a thread's features read (a scored message has a hundred): grouping and walking
    # narrow frames is what keeps this stage fast on many tickets.
    needed = [c for c in messages.columns if c in _THREAD_COLUMNS or c in SERVICE_COLUMNS]
    narrow = messages[needed].astype(object)  # plain objects: no Arrow round trip per small slice
    for ticket, thread in narrow.groupby("ticket_id", sort=False):
        records.append(
            {"ticket_id": ticket, **thread_features(thread, starts.get(str(ticket), pd.NaT), has_service=has_service)}
        )
    seen = {str(r["ticket_id"]) for r in records}
    others = list(dict.fromkeys(str(t) for t in replies["ticket_id"].dropna().astype(str)))
    if tickets is not None and "ticket_id" in tickets.columns:
        others += [str(t) for t in tickets["ticket_id"].dropna().astype(str)]
    for ticket in dict.fromkeys(others):
        if ticket not in seen:
            empty = dict.fromkeys(TICKET_FEATURES, np.nan)
            empty.update(messages=0, customer_messages=0, agent_replies=0, order_basis="input order")
            records.append({"ticket_id": ticket, **empty})
            seen.add(ticket)
    table = ticket_feature_dtypes(pd.DataFrame(records, columns=list(TICKET_COLUMNS)))
    keep = ["ticket_id", "position", "role", "created_at", "agent_id", "reply_id", "order_basis"]
    shown = [c for c in keep if c in messages.columns] + [
        c for c in messages.columns if c not in keep and not c.startswith("_") and c not in ("body", "author_role")
    ]
    return ConversationResult(
        tickets=table,
        messages=messages[shown].reset_index(drop=True),
        rejected=rejected.reset_index(drop=True),
        skipped=skipped,
        notes=notes,
        pipeline=pipeline,
    )


def _rejected_inputs(rows: pd.DataFrame, rejected: pd.DataFrame) -> list[int]:
    keys = set(zip(rejected["ticket_id"].astype(str), rejected["reply_id"].astype(str), strict=True))
    ids = rows["reply_id"].astype(str) if "reply_id" in rows.columns else pd.Series("", index=rows.index)
    mask = [(t, r) in keys for t, r in zip(rows["ticket_id"].astype(str), ids, strict=True)]
    return rows.loc[mask, "_input"].tolist()


def _ticket_starts(tickets: pd.DataFrame | None) -> dict[str, Any]:
    if tickets is None or "created_at" not in tickets.columns or "ticket_id" not in tickets.columns:
        return {}
    when = pd.to_datetime(tickets["created_at"], errors="coerce", utc=True, format="mixed")
    return {str(t): w for t, w in zip(tickets["ticket_id"].astype(str), when, strict=True) if not pd.isna(w)}


def catalogue_frame() -> pd.DataFrame:
    """The ticket-level catalogue as a table."""
    return pd.DataFrame([f.__dict__ for f in TICKET_FEATURES.values()])


def markdown() -> str:
    """``docs/conversations.md``'s column table, rendered from :data:`TICKET_FEATURES`."""
    lines = ["| column | range | meaning |", "|---|---|---|", "| `ticket_id` | text | The ticket. |"]
    lines += [f"| `{f.name}` | {f.range} | {f.meaning} |" for f in TICKET_FEATURES.values()]
    return "\n".join(lines)


__all__ = [
    "SERVICE_COLUMNS",
    "TICKET_COLUMNS",
    "TICKET_FEATURES",
    "ConversationResult",
    "conversation_features",
    "thread_features",
    "thread_rows",
]

"""The one road from replies to scores, which ``extract``, ``study``, ``audit`` and ``demo`` all take.

:func:`score_replies` alone decides

* **which rows** are scored: public agent replies (``author_role == "agent"`` and ``public`` not false) when
  the table says who wrote what; every row when it does not, or with ``all_messages``.  The others are
  *skipped* (counted, not rejected: a customer message is not bad input);
* **which text**: ``body_clean`` where ingest wrote it, else the body cleaned by :func:`analyser.clean.clean_reply`
  (HTML to text, quoted history, signature and disclaimer out, placeholders normalised) — the same cleaning
  for every command, so the same reply gets the same score everywhere;
* **which language**: a value already in the ``language`` column, else the reply's own detection when it is
  confident, else its ticket's language, else the configured default (:mod:`analyser.language`);
* **whether to score at all**: a table that already carries every feature column (an ``extract`` output) is
  used as it is, never scored twice.

Rows whose text cannot be scored (empty, only whitespace, binary) are *rejected* with a reason.  The result
keeps the columns later stages need (``ticket_id``, ``reply_id``, ``agent_id``, ``created_at``,
``author_role``, ``public``, ``channel``) beside the features, so an extract output is a valid replies table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analyser.features import FEATURE_CATALOGUE, features_for_texts, sanitise
from analyser.language import (
    SUPPORTED,
    UNDETERMINED,
    LanguageGuess,
    TicketLanguages,
    guess_language,
    resolve_language,
)
from analyser.settings import Settings

#: Reply columns carried from the input into the scored table (where the input has them).
PASS_THROUGH = ("ticket_id", "reply_id", "agent_id", "created_at", "author_role", "public", "channel")
#: The text that was scored, as a replies-table column (what the audit shows).
TEXT_COLUMN = "body_clean"
#: Columns a scored table adds before the features.
SCORED_COLUMNS = ("language", "language_basis", "other_language", "truncated")
_BINARY_SHARE = 0.3
_TRUE_TEXT = frozenset({"true", "1", "yes", "y", "ja", "j", "t", "waar"})
_FALSE_TEXT = frozenset({"false", "0", "no", "n", "nee", "f", "onwaar"})


@dataclass
class ScoredReplies:
    """The outcome of scoring one table of replies.

    ``features``: one row per scored reply, in input order, with the pass-through columns, ``language``,
    ``language_basis`` (how the language was decided), ``other_language`` (py3langid's code for replies in
    another language), ``truncated``, ``body_clean`` and every feature.  ``rejected``: the input's index
    label and the reason for each row that could not be scored.  ``skipped``: rows that are not public agent
    replies.  ``reused``: the input already had the features.
    """

    features: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"index": [], "reason": []}))
    skipped: int = 0
    reused: bool = False
    pipeline: dict[str, Any] = field(default_factory=dict)

    @property
    def languages(self) -> Counter:
        return Counter(self.features["language"].astype(str)) if len(self.features) else Counter()

    @property
    def other_languages(self) -> Counter:
        if not len(self.features) or "other_language" not in self.features:
            return Counter()
        return Counter(self.features["other_language"].dropna().astype(str))


def reject_reason(text: object) -> str | None:
    """Why a text cannot be scored, or None when it can."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return "empty body (no text)"
    if not isinstance(text, str):
        return f"body is not text (a {type(text).__name__})"
    if not text:
        return "empty body (no text)"
    if not text.strip():
        return "empty body (only whitespace)"
    sample = text[:10_000]
    printable = sum(ch.isprintable() or ch in "\n\r\t" for ch in sample)
    suspicious = sample.count("\ufffd") + (len(sample) - printable)
    if len(sample) >= 8 and suspicious / len(sample) > _BINARY_SHARE:
        return "body is not text (binary data or a wrong encoding)"
    return None


def _sources(frame: pd.DataFrame, column: str) -> list[object]:
    """What the text was made from: the body (for body_clean) or the column itself."""
    source = "body" if column == TEXT_COLUMN and "body" in frame.columns else column
    return frame[source].tolist()


def _reason(text: object, source: object) -> str | None:
    reason = reject_reason(text)
    if reason and reason.startswith("empty body") and isinstance(source, str) and source.strip():
        return "nothing left to score after cleaning (only quoted history, a signature or markup)"
    return reason


def _flag(value: object) -> bool | None:
    """A boolean cell as exported (True, "true", "ja", 1...), or None when empty or unknown."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _TRUE_TEXT else False if text in _FALSE_TEXT else None


def author_roles(frame: pd.DataFrame) -> pd.Series:
    """Each row's ``author_role``, stripped and lower-cased (blank: missing).  Rows that say nothing about who
    wrote them -- no such column, or a column without a single value (a conformed table whose source had
    none) -- are all ``agent``: a file of replies alone is a file of agent replies.  The one reading of the
    role, for the rows scored here, the rows the audit accounts for and the conversation threads."""
    role = (
        frame["author_role"].astype("string").str.strip().str.lower().replace("", pd.NA)
        if "author_role" in frame.columns
        else None
    )
    if role is None or not role.notna().any():
        return pd.Series("agent", index=frame.index, dtype="string")
    return role


def replies_to_score(frame: pd.DataFrame, all_messages: bool = False) -> pd.Series:
    """Boolean mask of the rows that are scored: public agent replies, or every row (see module docstring).

    A missing ``public`` value counts as public (most chat and e-mail exports have no internal notes).  An
    ``author_role`` column with no value at all says nothing about who wrote the rows, so it is treated as
    absent, as when the file has no such column: every row counts (the same rows in extract, audit and study).
    """
    if all_messages or frame.empty:
        return pd.Series(True, index=frame.index)
    keep = pd.Series(True, index=frame.index)
    keep &= (author_roles(frame) == "agent").fillna(False)
    if "public" in frame.columns:
        keep &= pd.Series([_flag(v) is not False for v in frame["public"]], index=frame.index)
    return keep


def text_column_of(frame: pd.DataFrame, text_column: str | None = None) -> str:
    """The column the text comes from: the one asked for, else ``body_clean`` (ingest), else ``body``."""
    if text_column:
        return text_column
    return TEXT_COLUMN if TEXT_COLUMN in frame.columns else "body"


def texts_of(frame: pd.DataFrame, text_column: str | None = None) -> list[object]:
    """The text of each row as a reader saw it: ``body_clean`` as ingest wrote it (falling back on the
    body, cleaned, where it is empty), any other column cleaned.  Values that are not text stay as they
    are so that :func:`reject_reason` can say why."""
    from analyser.clean import clean_reply

    column = text_column_of(frame, text_column)
    values = frame[column].tolist()
    if column == TEXT_COLUMN:
        bodies = frame["body"].tolist() if "body" in frame.columns else [None] * len(values)
        return [
            value
            if isinstance(value, str) and value.strip()
            else (clean_reply(body).text if isinstance(body, str) else value)
            for value, body in zip(values, bodies, strict=True)
        ]
    return [clean_reply(value).text if isinstance(value, str) else value for value in values]


def has_features(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` already carries scores (an extract output, or a researcher's own feature columns):
    a numeric ``communication_score`` column.  Such a table is used as it is, never scored twice."""
    return "communication_score" in frame.columns and pd.api.types.is_numeric_dtype(frame["communication_score"])


def ticket_languages_of(frame: pd.DataFrame, text_column: str | None = None) -> TicketLanguages:
    """Each ticket's language from all its messages in ``frame`` (customer messages included)."""
    languages = TicketLanguages()
    if "ticket_id" in frame.columns and len(frame):
        languages.add_texts(frame["ticket_id"].tolist(), texts_of(frame, text_column))
    return languages


def _given_languages(frame: pd.DataFrame) -> list[str | None]:
    if "language" not in frame.columns:
        return [None] * len(frame)
    return [
        str(v).strip().lower() if isinstance(v, str) and str(v).strip().lower() in (*SUPPORTED, UNDETERMINED) else None
        for v in frame["language"]
    ]


def _fill_reply_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """Replies without an id get ``<ticket_id>-<n>`` as the schema promises (n counts within the ticket)."""
    if "reply_id" not in frame.columns or "ticket_id" not in frame.columns or not frame["reply_id"].isna().any():
        return frame
    frame = frame.copy()
    missing = frame["reply_id"].isna()
    number = frame.groupby("ticket_id", dropna=False).cumcount().add(1).astype(str)
    frame.loc[missing, "reply_id"] = (frame["ticket_id"].astype(str) + "-" + number)[missing]
    return frame


def score_replies(
    replies: pd.DataFrame,
    settings: Settings | None = None,
    *,
    text_column: str | None = None,
    all_messages: bool | None = None,
    ticket_languages: TicketLanguages | None = None,
    context: pd.DataFrame | None = None,
    keep_columns: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> ScoredReplies:
    """Score the replies in ``replies`` the one way every command does (see the module docstring).

    ``settings`` gives the language (``language``, ``default-language``), the pipeline (``model``) and the
    extract options (``text-column``, ``all-messages``); the keyword arguments override them.
    ``ticket_languages`` is each ticket's language when the caller has seen more of the file than this
    frame (``extract`` reads in chunks); otherwise it is computed from ``context`` (all messages of the
    dataset, when ``replies`` is a filtered part of it, as in the audit) or from ``replies``.  ``keep_columns`` are
    further input columns to carry into the result (``extract`` keeps the id column and the row number).
    """
    settings = settings or Settings()
    context = replies if context is None else context
    text_column = text_column or settings.extract.text_column
    all_messages = settings.extract.all_messages if all_messages is None else all_messages
    replies = _fill_reply_ids(replies)
    mask = replies_to_score(replies, all_messages)
    selected = replies.loc[mask.to_numpy(dtype=bool)]
    skipped = int(len(replies) - len(selected))
    carried = [c for c in dict.fromkeys([*keep_columns, *PASS_THROUGH]) if c in selected.columns]

    if has_features(selected):
        return _reuse(selected, context, settings, text_column, skipped)

    column = text_column_of(selected, text_column)
    if column not in selected.columns:
        from analyser.errors import InputError

        available = ", ".join(str(c) for c in replies.columns if not str(c).startswith("_"))
        raise InputError(
            f"no such text column (the data has: {available or 'no columns'}); choose one with --text-column",
            column=column,
        )
    raw_texts = texts_of(selected, text_column)
    reasons = [_reason(text, source) for text, source in zip(raw_texts, _sources(selected, column), strict=True)]
    scorable = [i for i, reason in enumerate(reasons) if reason is None]
    rejected = pd.DataFrame(
        {
            "index": [selected.index[i] for i, reason in enumerate(reasons) if reason is not None],
            "reason": [reason for reason in reasons if reason is not None],
        }
    )
    kept = selected.iloc[scorable]
    prepared = [sanitise(raw_texts[i]) for i in scorable]
    texts = [text for text, _ in prepared]

    guesses = [guess_language(text) for text in texts]
    given = _given_languages(kept)
    ticket_ids = kept["ticket_id"].tolist() if "ticket_id" in kept.columns else [None] * len(kept)
    unsure = any(g.language is None and not fixed for g, fixed in zip(guesses, given, strict=True))
    if ticket_languages is None and unsure and settings.language == "auto" and "ticket_id" in context.columns:
        wanted = {t for t, g, fixed in zip(ticket_ids, guesses, given, strict=True) if g.language is None and not fixed}
        of_tickets = context[context["ticket_id"].isin(wanted)]
        ticket_languages = ticket_languages_of(of_tickets, text_column)
    languages, bases = _resolve(guesses, given, ticket_ids, ticket_languages, settings)

    frame, pipeline = features_for_texts(
        texts, languages, model=settings.model, vocabulary=settings.vocabulary, progress=progress
    )
    out = kept[carried].reset_index(drop=True)
    out["language"] = languages
    out["language_basis"] = bases
    out["other_language"] = [
        g.code if lang == UNDETERMINED and g.code else None for g, lang in zip(guesses, languages, strict=True)
    ]
    out["truncated"] = [cut for _, cut in prepared]
    out[TEXT_COLUMN] = texts
    out = pd.concat([out, frame.reset_index(drop=True)], axis=1)
    out = feature_dtypes(out)
    out.attrs["pipeline"] = pipeline
    return ScoredReplies(features=out, rejected=rejected, skipped=skipped, pipeline=pipeline)


def _reuse(
    selected: pd.DataFrame, replies: pd.DataFrame, settings: Settings, text_column: str | None, skipped: int
) -> ScoredReplies:
    """The input's own scores, with the text and (where it is missing) the language filled in the one way."""
    features = selected.copy()
    has_text = text_column_of(features, text_column) in features.columns
    texts = texts_of(features, text_column) if has_text else [None] * len(features)
    if TEXT_COLUMN not in features.columns or not has_text:
        features[TEXT_COLUMN] = texts
    given = _given_languages(features)
    if any(language is None for language in given):
        guesses = [guess_language(text) for text in texts]
        ticket_ids = features["ticket_id"].tolist() if "ticket_id" in features.columns else [None] * len(features)
        ticket_languages = ticket_languages_of(replies, text_column) if "ticket_id" in replies.columns else None
        languages, bases = _resolve(guesses, given, ticket_ids, ticket_languages, settings)
        features["language"] = languages
        if "language_basis" not in features.columns:
            features["language_basis"] = bases
    for column in SCORED_COLUMNS:
        if column not in features.columns:
            features[column] = pd.NA
    return ScoredReplies(
        features=feature_dtypes(features.reset_index(drop=True)),
        skipped=skipped,
        reused=True,
        pipeline={"source": "features supplied with the input (not scored again)"},
    )


def _resolve(
    guesses: Iterable[LanguageGuess],
    given: Iterable[str | None],
    ticket_ids: Iterable[object],
    ticket_languages: TicketLanguages | None,
    settings: Settings,
) -> tuple[list[str], list[str]]:
    languages, bases = [], []
    for guess, fixed, ticket in zip(guesses, given, ticket_ids, strict=True):
        if fixed and settings.language == "auto":
            languages.append(fixed)
            bases.append("given")
            continue
        language, basis = resolve_language(
            guess,
            ticket_language=ticket_languages.get(ticket) if ticket_languages is not None else None,
            forced=settings.language,
            default=settings.default_language,
        )
        languages.append(language)
        bases.append(basis)
    return languages, bases


def feature_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable dtypes for every chunk and every command, so appended chunks share one schema."""
    from analyser.schema import to_boolean

    for name in frame.columns:
        if name == "public":
            frame[name] = to_boolean(frame[name])
        elif name in PASS_THROUGH or name in (
            "language",
            "language_basis",
            "other_language",
            "formality",
            "jargon_words",
            TEXT_COLUMN,
        ):
            frame[name] = frame[name].astype("string")
        elif (name in FEATURE_CATALOGUE and FEATURE_CATALOGUE[name].range == "bool") or name == "truncated":
            frame[name] = frame[name].astype("boolean")
        elif name in FEATURE_CATALOGUE:
            frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


__all__ = [
    "PASS_THROUGH",
    "SCORED_COLUMNS",
    "TEXT_COLUMN",
    "ScoredReplies",
    "author_roles",
    "feature_dtypes",
    "has_features",
    "reject_reason",
    "replies_to_score",
    "score_replies",
    "texts_of",
    "ticket_languages_of",
]
